"""The pure derivations of the contract: audit fields and flags (overdue, stale,
unevidenced and incomplete actions) and the lead rows. Imports nothing of ours but the
models, so that the writers (``exporters``) can use it without loading the readers.

Everything is computed as of one date per plan: ``--as-of`` when given (``today`` for the
real date), otherwise the plan's latest dated progress entry, so that a historic plan is
judged as of when it was last updated and results never depend on the day of the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .defaults import DEFAULT_STALE_DAYS
from .models import Action, Flag, Lead, Plan, Severity, Status

_CLOSED = frozenset({Status.completed, Status.superseded})
# Words in an update that say the work is not done (for completed-before-update).
_OUTSTANDING = re.compile(
    r"\b(?:remains?\s+outstanding|outstanding|in\s+progress|not\s+yet|yet\s+to|still\s+to"
    r"|on-?going|under\s*way|awaiting|pending|(?:currently\s+)?being\s+\w+ed"
    r"|to\s+be\s+(?:completed|agreed|developed|finalised|confirmed)|delayed|unclear)\b", re.I)

FLAG_CODES = {
    "overdue": "target date passed and not completed or superseded",
    "rag-without-status": "target date passed; a RAG rating but no status, so whether the "
                          "action is done is unknown",
    "evidence-missing": "no evidence or audit method recorded",
    "completed-without-evidence": "completed, but neither evidence nor a dated update",
    "completed-before-update": "completed, yet the latest update says work is outstanding",
    "no-dated-update": "no dated progress entry",
    "target-missing": "no readable target date",
    "stale": "no update for longer than the stale limit",
    "lead-missing": "no lead named",
    "truncated-text": "a cell of this action ends mid-sentence",
}


#: The findings that call for attention; every other code is a gap in the record (info).
WARNING_CODES = frozenset({"overdue", "rag-without-status", "stale", "completed-before-update",
                           "completed-without-evidence", "truncated-text"})


def resolve_as_of(plan: Plan, as_of: date | str | None) -> date | None:
    """The date a plan is judged as of: an explicit date, ``"today"``, or the plan's
    latest dated progress entry (``None`` when it has none)."""
    dated = [e.entry_date for a in plan.actions for e in a.entries if e.entry_date]
    return as_of_date(as_of, max(dated, default=None))


def as_of_date(as_of: date | str | None, latest: date | None) -> date | None:
    """An explicit date, ``"today"``, or else ``latest``: the plan's latest dated entry."""
    if isinstance(as_of, date):
        return as_of
    if as_of == "today":
        return date.today()
    return latest


def audit_plan(plan: Plan, as_of: date | str | None = None,
               stale_days: int = DEFAULT_STALE_DAYS) -> Plan:
    """Return the plan with ``as_of`` set and each action's derived fields and flags."""
    when = resolve_as_of(plan, as_of)
    truncated = {i.action_id for i in plan.issues if i.code == "truncated-cell"}
    actions = [audit_action(a, when, stale_days, a.action_id in truncated)
               for a in plan.actions]
    return plan.model_copy(update={"as_of": when, "actions": actions})


def audit_action(action: Action, as_of: date | None, stale_days: int,
                 truncated: bool = False) -> Action:
    """Derived fields, flags and findings of one action.

    An action whose target has passed is overdue unless completed or superseded, with one
    exception: a RAG rating (a cell colour, or RAG words) and no status. A colour says how
    the work was rated, not whether it is done ("a bare colour never implies a status"),
    so such an action gets ``is_overdue`` empty (unknown), no ``days_overdue``, and the
    finding ``rag-without-status`` (its days past the target) instead of ``overdue``. An
    action with neither status nor RAG past its target stays overdue: nothing says it
    was done."""
    closed = action.status in _CLOSED
    is_overdue = days_overdue = days_since = days_past = None
    if as_of is not None:
        if action.target_date is not None:
            past = action.target_date < as_of and not closed
            if past and action.status is None and action.rag is not None:
                days_past = (as_of - action.target_date).days
            else:
                is_overdue = past
                days_overdue = (as_of - action.target_date).days if is_overdue else None
        if action.last_update_date is not None:
            days_since = (as_of - action.last_update_date).days
    dated = [e for e in action.entries if e.entry_date is not None]
    flags: list[str] = ["overdue"] if is_overdue else []
    if days_past is not None:
        flags.append("rag-without-status")
    if not action.evidence.strip():
        flags.append("evidence-missing")
    if action.status is Status.completed:
        if not action.evidence.strip() and not dated:
            flags.append("completed-without-evidence")
        if _outstanding_words(action):
            flags.append("completed-before-update")
    if not dated:
        flags.append("no-dated-update")
    if action.target_date is None:
        flags.append("target-missing")
    if days_since is not None and days_since > stale_days and not closed:
        flags.append("stale")
    if not action.leads:
        flags.append("lead-missing")
    if truncated:
        flags.append("truncated-text")
    audited = action.model_copy(update={
        "is_overdue": is_overdue, "days_overdue": days_overdue,
        "days_since_last_update": days_since, "flags": flags})
    audited.findings = [_finding(audited, code, as_of) for code in flags]
    return audited


def _finding(a: Action, code: str, as_of: date | None) -> Flag:
    """One finding with its readable message, severity and days (``as_of`` is the
    plan's, for the overdue message)."""
    label = f"action {a.ref}" if a.ref else f"action #{a.seq}"
    message = f"{label}: {FLAG_CODES[code]}"
    days = None
    status = a.status.value if a.status else "not given"
    if code == "overdue":
        days = a.days_overdue
        message = (f"{label}: target {a.target_date} passed {days} days before {as_of}; "
                   f"status {status}")
    elif code == "rag-without-status" and a.target_date is not None and as_of is not None:
        days = (as_of - a.target_date).days
        rag = a.rag.value if a.rag else ""
        source = f" (from the cell {a.rag_source.value})" if a.rag_source else ""
        message = (f"{label}: target {a.target_date} passed {days} days before {as_of}; "
                   f"status not given, RAG {rag}{source}: status unknown")
    elif code == "completed-before-update":
        when, words = _outstanding_words(a) or ("", "")
        message += f" (update {when}: '{words}')"
    elif code == "stale":
        days = a.days_since_last_update
        message += f" ({days} days since {a.last_update_date})"
    elif code == "target-missing" and a.target_date_raw.strip():
        message += f" ('{a.target_date_raw.strip()}')"
    # Trusted values built here: construct without validation (once per finding written).
    return Flag.model_construct(
        plan_id=a.plan_id, action_id=a.action_id, ref=a.ref, code=code, message=message,
        source_file=a.source_file, page=a.page_first,
        severity=Severity.warning if code in WARNING_CODES else Severity.info, days=days)


def _outstanding_words(action: Action) -> tuple[str, str] | None:
    """(the latest update's date, the words in it that say work is outstanding)."""
    dated = [e for e in action.entries if e.entry_date is not None]
    latest = max(dated, key=lambda e: e.entry_date or date.min, default=None)
    latest = latest or (action.entries[0] if action.entries else None)
    if latest is None:
        return None
    m = _OUTSTANDING.search(latest.text)
    return (latest.entry_date_raw or "undated", m.group(0)) if m else None


def leads_of(action: Action) -> list[Lead]:
    """The rows of ``leads.csv`` for one action."""
    return [Lead(plan_id=action.plan_id, action_id=action.action_id, lead_seq=i, lead=name)
            for i, name in enumerate(action.leads, 1)]


def flags_of(plan: Plan, actions: Iterable[Action] | None = None) -> list[Flag]:
    """The findings of one plan (its ``actions``, or the plan's own): one per flag, with a
    readable message, severity and days; the rows of ``findings.csv`` and ``audit.csv``."""
    out: list[Flag] = []
    for a in plan.actions if actions is None else actions:
        if [f.code for f in a.findings] == a.flags:
            out.extend(a.findings)
        else:  # flags set by hand, or an action from before contract 1.3
            out.extend(_finding(a, code, plan.as_of) for code in a.flags)
    return out


__all__ = ["DEFAULT_STALE_DAYS", "FLAG_CODES", "WARNING_CODES", "as_of_date", "audit_action",
           "audit_plan", "flags_of", "leads_of", "resolve_as_of"]
