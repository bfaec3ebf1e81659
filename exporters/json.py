"""``plans.json``: the same data nested, plans → actions → progress entries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from normalise.models import CONTRACT_VERSION, Action, Issue, Plan

from .sink import Context, drive


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


class JsonSink:
    """``plans.json``, written a record at a time: a plan's own fields, its actions as
    they come, its issues once the next plan (or the end) comes."""

    def __init__(self, ctx: Context) -> None:
        self.path = ctx.stage / "plans.json"
        self.fh = self.path.open("w", encoding="utf-8", newline="\n")
        self.fh.write('{\n  "contract_version": ' + _dump(CONTRACT_VERSION) + ',\n  "plans": ')
        self.plans = 0
        self.count = 0  # actions of the open plan
        self.tail = ""  # the open plan's issues and closing brace
        self.other: list[Issue] = []

    def _end_plan(self) -> None:
        if self.plans:
            self.fh.write(("\n      ]" if self.count else "[]") + "," + self.tail)

    def plan(self, plan: Plan) -> None:
        """Close the plan before; open this one, up to its actions."""
        self._end_plan()
        head = _indent(plan.model_dump_json(indent=2, exclude={"actions"}), "    ")
        # A raw newline never occurs inside a JSON string, so this finds the plan's own key.
        cut = head.index('\n      "issues": ')
        self.fh.write(("[\n" if not self.plans else ",\n") + head[:cut] + '\n      "actions": ')
        self.plans, self.count, self.tail = self.plans + 1, 0, head[cut:]

    def action(self, action: Action) -> None:
        """One action, indented into place."""
        self.count += 1
        self.fh.write(("[\n" if self.count == 1 else ",\n")
                      + _indent(action.model_dump_json(indent=2), " " * 8))

    def issue(self, issue: Issue, attached: bool) -> None:
        """An issue attached to no plan goes in the document's own list."""
        if not attached:
            self.other.append(issue)

    def close(self) -> list[Path]:
        """The end of the plans, then the issues attached to no plan."""
        self._end_plan()
        self.fh.write("\n  ]" if self.plans else "[]")
        listed = _indent(_ISSUES.dump_json(self.other, indent=2).decode(), "  ")
        self.fh.write(',\n  "issues": ' + listed.lstrip() + "\n}\n")
        self.fh.close()
        return [self.path]


def write_json(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``plans.json`` into ``out_dir``; ``issues`` are those attached to no plan.

    Written an action at a time, so a plan of thousands of actions never becomes one
    string in memory; the bytes are those of ``plans_document(...).model_dump_json(
    indent=2)`` (a test holds the two equal)."""
    return drive([JsonSink(Context(out_dir, out_dir))], plans, issues)


_ISSUES = TypeAdapter(list[Issue])


def _dump(value: str) -> str:
    return TypeAdapter(str).dump_json(value).decode()


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
