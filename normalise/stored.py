"""One record stream: the worker's records as bytes, spooled by the parent, read back once.

A worker encodes each file's records (:func:`encode_records`): a line per record, tagged
``P`` (a plan's own fields), ``A`` (an action of the plan before it, as compact JSON, made
once as its row ended) or ``I`` (an issue attached to no plan). The parent appends those
bytes to one spool file (:class:`PlanRecords`; in the run's cache folder when it keeps
one) and holds only the plans' own fields. Reading the run yields each plan's header and
then its actions as :class:`Action` objects, each decoded once, with the audit fields
(as of the plan's ``as_of``) and ``action_key`` applied as they are yielded, so that a
plan's audit never needs its actions decoded and encoded again in the worker.
"""

from __future__ import annotations

import tempfile
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter

from .defaults import DEFAULT_STALE_DAYS
from .derived import audit_action
from .keys import make_action_key
from .models import Action, Issue, Plan

_ACTION = TypeAdapter(Action)
_ISSUE = TypeAdapter(Issue)


@dataclass(slots=True)
class PlanRecord:
    """A plan as the worker made it: its own fields (``actions`` empty) and its actions
    as compact JSON, not yet audited (see :func:`finish_action`)."""

    header: Plan
    actions: list[bytes] = field(default_factory=list)


def load_action(data: bytes) -> Action:
    """One action from its JSON, as stored (not audited)."""
    return _ACTION.validate_json(data)


def dump_action(action: Action) -> bytes:
    """One action as compact JSON."""
    return _ACTION.dump_json(action)


def finish_action(header: Plan, action: Action, stale_days: int,
                  truncated: frozenset[str | None] | set[str | None]) -> Action:
    """An action with the fields that depend on its whole plan: the audit fields as of
    the plan's ``as_of``, and ``action_key`` from the plan's ``plan_key``."""
    action = audit_action(action, header.as_of, stale_days, action.action_id in truncated)
    action.action_key = make_action_key(header.plan_key, action.ref, action.finding,
                                        action.action)
    return action


def _truncated(header: Plan) -> set[str | None]:
    return {i.action_id for i in header.issues if i.code == "truncated-cell"}


def whole(record: PlanRecord, stale_days: int = DEFAULT_STALE_DAYS) -> Plan:
    """A :class:`Plan` holding its actions, each decoded and audited."""
    truncated = _truncated(record.header)
    actions = [finish_action(record.header, load_action(a), stale_days, truncated)
               for a in record.actions]
    return Plan.model_construct(**{**dict(record.header), "actions": actions})


def encode_records(plans: Sequence[PlanRecord], issues: Sequence[Issue]) -> bytes:
    """One file's records as bytes that a worker hands back and the cache keeps: a line
    per record, tagged ``P``, ``A`` or ``I``. The actions' JSON is copied, not re-made."""
    lines = []
    for plan in plans:
        lines.append(b"P" + plan.header.model_dump_json(exclude={"actions"}).encode())
        lines.extend(b"A" + data for data in plan.actions)
    lines.extend(b"I" + _ISSUE.dump_json(i) for i in issues)
    return b"\n".join(lines)


def decode_records(data: bytes) -> tuple[list[PlanRecord], list[Issue]]:
    """The plans (actions still as JSON) and issues of :func:`encode_records`."""
    plans: list[PlanRecord] = []
    issues: list[Issue] = []
    for line in data.split(b"\n") if data else []:
        tag, body = line[:1], line[1:]
        if tag == b"P":
            plans.append(PlanRecord(Plan.model_validate_json(body)))
        elif tag == b"A":
            plans[-1].actions.append(bytes(body))
        elif tag == b"I":
            issues.append(_ISSUE.validate_json(body))
        else:
            raise ValueError(f"not a planparse record line: {line[:20]!r}")
    return plans, issues


@dataclass(slots=True)
class _Entry:
    header: Plan
    #: Where the plan's action lines sit in the spool (offset, length), or None when the
    #: plan is held whole (``held``).
    span: tuple[int, int] | None
    held: list[Action] | None = None
    #: Where the plan goes in output order (its file's input index; see :meth:`add`).
    place: int = 0


class PlanRecords:
    """A run's plans: their own fields in memory, their actions in one spool file.

    Iterating yields ``(plan, actions)`` pairs in output order, ``actions`` an iterator
    of :class:`Action` objects decoded from the spool as it goes (audited as they are
    yielded); :meth:`plans` makes whole plans. ``folder`` is where the spool goes (the
    run's cache folder); without one, a temporary file.
    """

    def __init__(self, stale_days: int = DEFAULT_STALE_DAYS, folder: Path | None = None
                 ) -> None:
        self.stale_days = stale_days
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        # Unlinked at once (it is ours alone) and gone when the run's result is.
        self._spool: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix="records-")  # noqa: SIM115
        # Closed when the records go (a run's result is often dropped, never closed).
        self._closer = weakref.finalize(self, self._spool.close)
        self._size = 0
        self._entries: list[_Entry] = []
        #: Progress entries seen by the last complete pass (for the summary).
        self.entry_count: int | None = None

    def add(self, data: bytes, place: int | None = None) -> tuple[list[Plan], list[Issue]]:
        """Append one file's records (bytes of :func:`encode_records`); return its plans'
        headers and its issues attached to no plan. Only the headers are decoded.

        ``place`` (the file's input index) lets files be added as they finish, in any
        order, so that no file's bytes wait in memory for the files before it: the plans
        are put in order of ``place`` (stably) by :meth:`in_order`."""
        if place is None:
            place = self._entries[-1].place if self._entries else 0
        headers: list[Plan] = []
        issues: list[Issue] = []
        pos = self._size
        self._spool.seek(self._size)
        self._spool.write(data + b"\n")
        self._size += len(data) + 1
        entry: _Entry | None = None
        for line in data.split(b"\n") if data else []:
            end = pos + len(line) + 1
            tag = line[:1]
            if tag == b"P":
                headers.append(Plan.model_validate_json(line[1:]))
                entry = _Entry(headers[-1], (end, 0), place=place)  # its actions follow
                self._entries.append(entry)
            elif tag == b"A" and entry is not None and entry.span is not None:
                entry.span = (entry.span[0], end - entry.span[0])
            elif tag == b"I":
                issues.append(_ISSUE.validate_json(line[1:]))
            else:
                raise ValueError(f"not a planparse record line: {line[:20]!r}")
            pos = end
        return headers, issues

    def in_order(self) -> None:
        """Put the plans in order of the ``place`` they were added with."""
        self._entries.sort(key=lambda e: e.place)

    @property
    def headers(self) -> list[Plan]:
        """Each plan's own fields (``actions`` empty), in output order."""
        return [e.header for e in self._entries]

    def _actions(self, entry: _Entry) -> Iterator[Action]:
        if entry.held is not None:
            yield from entry.held
            return
        assert entry.span is not None
        offset, length = entry.span
        if not length:
            return
        self._spool.seek(offset)
        block = self._spool.read(length)
        truncated = _truncated(entry.header)
        for line in block.split(b"\n"):
            if line[:1] == b"A":
                yield finish_action(entry.header, load_action(line[1:]), self.stale_days,
                                    truncated)

    def __iter__(self) -> Iterator[tuple[Plan, Iterator[Action]]]:
        entries = 0
        for entry in self._entries:
            actions = self._actions(entry)

            def counted(actions: Iterator[Action] = actions) -> Iterator[Action]:
                nonlocal entries
                for action in actions:
                    entries += len(action.entries)
                    yield action

            yield entry.header, counted()
        self.entry_count = entries

    def plans(self) -> list[Plan]:
        """Every plan whole, its actions decoded."""
        return [Plan.model_construct(**{**dict(h), "actions": list(a)}) for h, a in self]

    def replace_plans(self, plans: Iterable[Plan]) -> None:
        """Put ``plans`` in place of the run's: a plan that is one of the headers keeps
        its actions in the spool; any other (a plan merged from pages) is held whole."""
        by_id = {id(e.header): e for e in self._entries}
        self._entries = [by_id.get(id(p)) or _Entry(p, None, list(p.actions))
                         for p in plans]

    def hold(self, index: int) -> Plan:
        """The plan at ``index`` made whole and kept in memory from now on (a one-action
        page, which may be merged with its neighbours)."""
        entry = self._entries[index]
        actions = list(self._actions(entry))
        plan = Plan.model_construct(**{**dict(entry.header), "actions": actions})
        self._entries[index] = _Entry(plan, None, actions)
        return plan

    def close(self) -> None:
        """Let the spool go."""
        self._closer()


__all__ = ["PlanRecord", "PlanRecords", "decode_records", "dump_action", "encode_records",
           "finish_action", "load_action", "whole"]
