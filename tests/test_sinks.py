"""Writers as sinks (issue 15): every format is handed each record once, from one loop."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import exporters.write
from exporters.sink import Context, Sink
from exporters.write import FORMATS, write_outputs
from planparse import read

SAMPLES = Path(__file__).parent.parent / "samples"


class Counting:
    """A sink around a real one, counting the records it is handed."""

    def __init__(self, inner: Sink, seen: Counter[tuple[str, str, str]], name: str) -> None:
        self.inner, self.seen, self.name = inner, seen, name

    def plan(self, plan: Any) -> None:
        self.seen[(self.name, "plan", plan.plan_id)] += 1
        self.inner.plan(plan)

    def action(self, action: Any) -> None:
        self.seen[(self.name, "action", action.action_id)] += 1
        self.inner.action(action)

    def issue(self, issue: Any, attached: bool) -> None:
        self.seen[(self.name, "issue", f"{issue.code}:{issue.row_index}:{issue.message}")] += 1
        self.inner.issue(issue, attached)

    def close(self) -> list[Path]:
        return self.inner.close()


def test_each_sink_sees_each_action_exactly_once(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    plans = read(SAMPLES)
    seen: Counter[tuple[str, str, str]] = Counter()
    real = exporters.write._sink_classes()

    def wrap(name: str) -> Any:
        return lambda ctx: Counting(real[name](ctx), seen, name)

    monkeypatch.setattr(exporters.write, "SINKS", {n: wrap(n) for n in FORMATS})
    write_outputs(plans, [], tmp_path, list(FORMATS))
    ids = [a.action_id for p in plans for a in p.actions]
    assert len(ids) == len(set(ids)) == 8
    for name in FORMATS:
        got = {k[2]: n for k, n in seen.items() if k[:2] == (name, "action")}
        assert got == dict.fromkeys(ids, 1), name
        assert sum(n for k, n in seen.items() if k[:2] == (name, "plan")) == len(plans)
    with (tmp_path / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [r["action_id"] for r in csv.DictReader(fh)] == ids


def test_the_registry_has_a_sink_for_every_format() -> None:
    classes = exporters.write._sink_classes()
    assert list(classes) == list(FORMATS)
    ctx_names = set(Context.__dataclass_fields__)
    assert {"stage", "out_dir", "bom"} <= ctx_names


def test_a_run_writing_every_format_decodes_each_action_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import normalise.stored
    from planparse import convert
    from planparse.settings import Settings

    decoded: Counter[str] = Counter()
    load = normalise.stored.load_action

    def counted(data: bytes) -> Any:
        action = load(data)
        decoded[action.action_id] += 1
        return action

    monkeypatch.setattr(normalise.stored, "load_action", counted)
    settings = replace(Settings.make(formats=list(FORMATS), workers=1), timeout=None)
    result = convert([SAMPLES], tmp_path, settings)
    assert sum(p.action_count for p in result.headers) == len(decoded) == 8
    assert set(decoded.values()) == {1}
