"""Property: for random edits of the seed plan (entries added and dropped, statuses changed,
deadlines moved, actions dropped, the plan renumbered), diff reports exactly those edits."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalise import Plan, ProgressEntry, Status, diff_plans
from normalise.keys import make_action_key, normal_text

Row = tuple[str, str, str, str, str, date | None, int | None]

# Text for added updates: words no seed update uses, so an added update can only be new.
_WORDS = ["quarterly", "board", "assurance", "sampled", "returns", "escalated", "workshop",
          "governance", "dashboard", "reviewed", "minutes", "cohort", "baseline", "refresh"]


@st.composite
def edits(draw: st.DrawFn, n_actions: int) -> dict[str, Any]:
    idx = st.integers(0, n_actions - 1)
    return {
        "statuses": draw(st.dictionaries(idx, st.sampled_from(list(Status)), max_size=4)),
        "moves": draw(st.dictionaries(idx, st.integers(-400, 400).filter(bool), max_size=4)),
        "drop_entries": draw(st.lists(st.tuples(idx, st.integers(0, 4)), max_size=5)),
        "add_entries": draw(st.lists(st.tuples(
            idx, st.integers(0, 700), st.lists(st.sampled_from(_WORDS), min_size=4,
                                               max_size=9)), max_size=4)),
        "drop_actions": draw(st.sets(idx, max_size=2)),
        "renumber": draw(st.sampled_from([0, 0, 1, 10])),
    }


def apply(plan: Plan, e: dict[str, Any]) -> tuple[Plan, list[Row]]:
    """The edited plan, and the rows a diff must give for it (without ids)."""
    new = plan.model_copy(deep=True)
    expected: list[Row] = []
    kept = []
    for k, a in enumerate(new.actions):
        old_ref = a.ref
        if k in e["drop_actions"]:
            expected.append((old_ref, "action-removed", "action", normal_text(a.action), "",
                             None, None))
            continue
        if e["renumber"]:
            a.ref = str(int(a.ref) + e["renumber"])
            a.action_key = make_action_key(new.plan_key, a.ref)
            expected.append((a.ref, "action-renumbered", "ref", old_ref, a.ref, None, None))
        if k in e["statuses"] and e["statuses"][k] != a.status:
            expected.append((a.ref, "status-changed", "status", a.status.value if a.status
                             else "", e["statuses"][k].value, None, None))
            a.status = e["statuses"][k]
        if k in e["moves"] and a.target_date is not None:
            moved = a.target_date + timedelta(days=e["moves"][k])
            expected.append((a.ref, "target-date-changed", "target_date",
                             a.target_date.isoformat(), moved.isoformat(), None,
                             e["moves"][k]))
            a.target_date = moved
        drops = sorted({i for kk, i in e["drop_entries"] if kk == k and i < len(a.entries)},
                       reverse=True)
        for i in drops:
            gone = a.entries.pop(i)
            expected.append((a.ref, "entry-removed", "progress", normal_text(gone.text), "",
                             gone.entry_date, None))
        for kk, day, words in e["add_entries"]:
            if kk != k:
                continue
            # Dated after every seed update, so it cannot be taken for a reworded one.
            when = date(2023, 1, 1) + timedelta(days=day)
            text = f"Update {len(a.entries) + 1}: " + " ".join(words) + "."
            a.entries.insert(0, ProgressEntry(plan_id=a.plan_id, action_id=a.action_id,
                                              entry_seq=0, entry_date=when, text=text))
            expected.append((a.ref, "entry-added", "progress", "", normal_text(text), when,
                             None))
        if drops or any(kk == k for kk, _, _ in e["add_entries"]):
            # The progress cell as a publisher would write it with these entries.
            a.progress = "\n".join(f"{x.entry_date or ''} - {x.text}" for x in a.entries)
        kept.append(a)
    new.actions = kept
    return new, expected


def _row(c: Any) -> Row:
    return (c.ref, c.change, c.field, c.old_value, c.new_value, c.entry_date, c.days)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_diff_reports_exactly_the_edits(text_plan: Plan, data: st.DataObject) -> None:
    e = data.draw(edits(len(text_plan.actions)))
    new, expected = apply(text_plan, e)
    got = [_row(c) for c in diff_plans([text_plan], [new])]
    assert Counter(got) == Counter(expected)


def test_a_plan_against_itself_has_no_changes(text_plan: Plan) -> None:
    assert diff_plans([text_plan], [text_plan.model_copy(deep=True)]) == []


def test_a_reused_ref_is_not_the_same_action(text_plan: Plan) -> None:
    # Control for the ref rule: action 4 dropped and an unrelated action given its number
    # is one removed and one added, not a reworded action 4.
    new = text_plan.model_copy(deep=True)
    other = new.actions[3].model_copy(update={
        "finding": "Escalation routes between agencies were unclear to front-line staff",
        "action": "Publish an escalation policy and brief every partner agency", "entries": []})
    new.actions[3] = other
    codes = [(c.ref, c.change) for c in diff_plans([text_plan], [new])]
    assert ("4", "action-removed") in codes and ("4", "action-added") in codes


def test_actions_without_refs_pair_by_text(text_plan: Plan) -> None:
    old = text_plan.model_copy(deep=True)
    for a in old.actions:
        a.ref = ""
    new = old.model_copy(deep=True)
    new.actions.reverse()  # another order, no numbers to go by
    new.actions[0].status = Status.on_hold
    got = [(c.change, c.old_value, c.new_value) for c in diff_plans([old], [new])]
    assert got == [("status-changed", "completed", "on_hold")]


def test_a_redated_entry_is_edited(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    entry = new.actions[2].entries[0]
    new.actions[2].entries[0] = entry.model_copy(update={"entry_date": date(2021, 6, 3)})
    new.actions[2].progress = new.actions[2].progress.replace("June 21", "03/06/21")
    got = [_row(c) for c in diff_plans([text_plan], [new])]
    assert got == [("3", "entry-edited", "entry_date", "2021-06-01", "2021-06-03",
                    date(2021, 6, 3), None)]


def test_diff_benchmark_runs_on_a_tiny_plan(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.diff import main

    main(["16"])
    out = capsys.readouterr().out
    assert "16 actions: unchanged" in out and "all renumbered" in out
