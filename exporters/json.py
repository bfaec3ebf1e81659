"""``plans.json``: the same data nested, plans → actions → progress entries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from normalise.models import CONTRACT_VERSION, Issue, Plan
from normalise.stored import actions_of


class PlansDocument(BaseModel):
    """The whole of ``plans.json``: its JSON Schema is this model's."""

    contract_version: str
    plans: list[Plan]
    issues: list[Issue]


def plans_document(plans: Sequence[Plan], issues: Sequence[Issue]) -> PlansDocument:
    """The JSON document: contract version, plans (each with its actions and its own
    issues) and the issues attached to no plan (files that failed, tables skipped)."""
    return PlansDocument(contract_version=CONTRACT_VERSION, plans=list(plans),
                         issues=list(issues))


def write_json(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``plans.json`` into ``out_dir``; ``issues`` are those attached to no plan.

    Written an action at a time, so a plan of thousands of actions never becomes one
    string in memory; the bytes are those of ``plans_document(...).model_dump_json(
    indent=2)`` (a test holds the two equal)."""
    path = out_dir / "plans.json"
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for piece in json_pieces(plans, issues):
            fh.write(piece)
    return [path]


def json_pieces(plans: Sequence[Plan], issues: Sequence[Issue]) -> Iterator[str]:
    """``plans.json`` in pieces, in order. pydantic serialises each record (in Rust,
    several times faster than ``json.dump``); the pieces are indented into place."""
    yield '{\n  "contract_version": ' + _dump(CONTRACT_VERSION) + ',\n  "plans": '
    if not plans:
        yield "[]"
    for k, plan in enumerate(plans):
        yield "[\n" if k == 0 else ",\n"
        yield from _plan_pieces(plan)
    if plans:
        yield "\n  ]"
    listed = _indent(_ISSUES.dump_json(list(issues), indent=2).decode(), "  ")
    yield ',\n  "issues": ' + listed.lstrip() + "\n}\n"


def _plan_pieces(plan: Plan) -> Iterator[str]:
    """One plan at list depth two: its own fields, then its actions one by one spliced in
    before its issues (the model's last two fields)."""
    head = _indent(plan.model_dump_json(indent=2, exclude={"actions"}), "    ")
    # A raw newline never occurs inside a JSON string, so this finds the plan's own key.
    cut = head.index('\n      "issues": ')
    yield head[:cut] + '\n      "actions": '
    count = 0
    for count, action in enumerate(actions_of(plan), start=1):
        yield ("[\n" if count == 1 else ",\n") + _indent(action.model_dump_json(indent=2),
                                                         " " * 8)
    yield "\n      ]" if count else "[]"
    yield "," + head[cut:]


_ISSUES = TypeAdapter(list[Issue])


def _dump(value: str) -> str:
    return TypeAdapter(str).dump_json(value).decode()


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
