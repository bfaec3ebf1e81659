"""Plans whose actions are kept compact: one JSON document per action, read back one at
a time. A long plan's records are then a few hundred bytes an action in memory rather
than several kilobytes of objects, so converting a 2,000-page PDF takes little more
memory than a 50-page one. The Python API hands out whole :class:`Plan` objects
(:func:`materialise`); the batch runner and the writers work on stored plans, reaching
actions only through :func:`actions_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pydantic import PrivateAttr, TypeAdapter

from .models import Action, Issue, Plan

_ACTION = TypeAdapter(Action)
_ISSUE = TypeAdapter(Issue)


class StoredPlan(Plan):
    """A :class:`Plan` whose ``actions`` list is empty: its actions are held as JSON and
    come one at a time from :meth:`iter_actions` (or :func:`actions_of`)."""

    _action_json: list[bytes] = PrivateAttr(default_factory=list)

    @classmethod
    def of(cls, plan: Plan, action_json: Sequence[bytes]) -> StoredPlan:
        """The plan's own fields from ``plan`` (its actions list is not read), and its
        actions as JSON documents, in order."""
        stored = cls.model_construct(**{**dict(plan), "actions": []})
        stored._action_json = list(action_json)
        return stored

    def iter_actions(self) -> Iterator[Action]:
        """The actions, each made from its JSON as it is reached."""
        for data in self._action_json:
            yield _ACTION.validate_json(data)

    def action_json(self) -> list[bytes]:
        """The actions as JSON documents (compact), in order."""
        return self._action_json


def actions_of(plan: Plan) -> Iterable[Action]:
    """A plan's actions, whether it holds them or stores them."""
    return plan.iter_actions() if isinstance(plan, StoredPlan) else plan.actions


def materialise(plan: Plan) -> Plan:
    """A plain :class:`Plan` holding its actions."""
    if not isinstance(plan, StoredPlan):
        return plan
    return Plan.model_construct(**{**dict(plan), "actions": list(plan.iter_actions())})


def load_action(data: bytes) -> Action:
    """One action from its JSON."""
    return _ACTION.validate_json(data)


def dump_action(action: Action) -> bytes:
    """One action as compact JSON."""
    return _ACTION.dump_json(action)


def encode_records(plans: Sequence[StoredPlan], issues: Sequence[Issue]) -> bytes:
    """One file's records as bytes that a worker hands back and the cache keeps: a line
    per record, tagged ``P`` (a plan's own fields), ``A`` (an action of the plan before it)
    or ``I`` (an issue attached to no plan). The actions' JSON is copied, not re-made."""
    lines = []
    for plan in plans:
        lines.append(b"P" + plan.model_dump_json(exclude={"actions"}).encode())
        lines.extend(b"A" + data for data in plan.action_json())
    lines.extend(b"I" + _ISSUE.dump_json(i) for i in issues)
    return b"\n".join(lines)


def decode_records(data: bytes) -> tuple[list[StoredPlan], list[Issue]]:
    """The plans (actions still as JSON) and issues of :func:`encode_records`."""
    plans: list[StoredPlan] = []
    issues: list[Issue] = []
    for line in data.split(b"\n") if data else []:
        tag, body = line[:1], line[1:]
        if tag == b"P":
            plans.append(StoredPlan.of(Plan.model_validate_json(body), []))
        elif tag == b"A":
            plans[-1].action_json().append(bytes(body))
        elif tag == b"I":
            issues.append(_ISSUE.validate_json(body))
        else:
            raise ValueError(f"not a planparse record line: {line[:20]!r}")
    return plans, issues


__all__ = ["StoredPlan", "actions_of", "decode_records", "dump_action", "encode_records",
           "load_action", "materialise"]
