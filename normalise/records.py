"""Plans published one action per page: a folder of pages from one publication becomes
one plan.

Pages are merged when they sit in the same folder, carry the same title, hold one action
each, and their action numbers run consecutively. Each action keeps its own source file;
the merged plan's ``source_file`` is the folder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from itertools import groupby

from .audit import audit_plan
from .defaults import DEFAULT_STALE_DAYS
from .ids import make_action_id, make_merged_plan_id
from .models import Plan

_NUMBER = re.compile(r"^\s*(\d+)")


def _folder(path: str) -> str:
    path = path.replace("\\", "/")
    return path.rsplit("/", 1)[0] + "/" if "/" in path else "./"


def _number(plan: Plan) -> int | None:
    first = plan.actions[0] if plan.action_count == 1 and plan.actions else None
    m = _NUMBER.match(first.ref) if first else None
    return int(m.group(1)) if m else None


def merge_record_pages(plans: Sequence[Plan], as_of: date | str | None = None,
                       stale_days: int = DEFAULT_STALE_DAYS) -> list[Plan]:
    """Merge one-action plans from the same folder and publication with consecutive
    numbers (audit fields recomputed for the whole plan, as of ``as_of``); every other
    plan is returned as it was (the same object), in its place. A one-action plan must
    hold its action to be merged."""
    out: list[Plan] = []
    key = lambda p: (_folder(p.source_file), p.title)  # noqa: E731 - used twice below
    singles = [p for p in plans if p.action_count == 1 and _number(p) is not None]
    groups = {k: sorted(g, key=lambda p: _number(p) or 0)
              for k, g in groupby(sorted(singles, key=key), key=key)}
    merged_into: dict[str, Plan] = {}
    for members in groups.values():
        numbers = [_number(p) for p in members]
        if len(members) < 2 or numbers != list(range(numbers[0] or 0, (numbers[0] or 0)
                                                     + len(members))):
            continue
        merged = audit_plan(_merge(members), as_of, stale_days)
        for p in members:
            merged_into[p.plan_id] = merged
    emitted: set[str] = set()
    for p in plans:
        target = merged_into.get(p.plan_id)
        if target is None:
            out.append(p)
        elif target.plan_id not in emitted:
            emitted.add(target.plan_id)
            out.append(target)
    return out


def _merge(members: list[Plan]) -> Plan:
    first = members[0]
    digest = hashlib.sha256("".join(p.source_sha256 for p in members).encode()).hexdigest()
    plan_id = make_merged_plan_id(digest, _folder(first.source_file))
    actions, issues = [], []
    for seq, plan in enumerate(members, start=1):
        action = plan.actions[0]
        action_id = make_action_id(plan_id, seq)
        entries = [e.model_copy(update={"plan_id": plan_id, "action_id": action_id})
                   for e in action.entries]
        actions.append(action.model_copy(update={"plan_id": plan_id, "action_id": action_id,
                                                 "seq": seq, "entries": entries}))
        for issue in plan.issues:
            issues.append(issue.model_copy(update={
                "plan_id": plan_id,
                "action_id": action_id if issue.action_id else None}))
    return first.model_copy(update={
        "plan_id": plan_id, "source_file": _folder(first.source_file),
        "source_sha256": digest, "action_count": len(actions), "actions": actions,
        "issues": issues})
