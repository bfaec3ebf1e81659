"""Differences of layout and reading that are not changes of the plan: each case failed
once (gave rows), each with a control that must still give its row."""

from __future__ import annotations

from datetime import date

from normalise import Plan, diff_plans
from normalise.keys import normal_ref


def _codes(old: Plan, new: Plan) -> list[tuple[str, str, str]]:
    return [(c.ref, c.change, c.field) for c in diff_plans([old], [new])]


def test_ref_written_with_a_word_is_the_same_ref(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    for a in new.actions:
        a.ref = f"Rec {a.ref}"
    assert _codes(text_plan, new) == []
    assert normal_ref("Recommendation 3.") == normal_ref("3") == "3"
    assert normal_ref("Action 2a") == "2a" and normal_ref("R1") == "r1"  # not a word: kept


def test_renumbering_control(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    new.actions[0].ref = "Rec 11"
    assert _codes(text_plan, new) == [("Rec 11", "action-renumbered", "ref")]


def test_progress_split_otherwise_is_no_change(text_plan: Plan) -> None:
    # The same progress cell (wrapped differently) split into entries differently, as a
    # PDF's reflowed lines can be: action 1's 29/10/21 and 05/10/21 updates read as one.
    new = text_plan.model_copy(deep=True)
    a = new.actions[0]
    first, second = a.entries[2], a.entries[3]
    a.entries[2] = first.model_copy(update={
        "text": f"{first.text} {second.entry_date_raw} - {second.text}"})
    del a.entries[3]
    a.progress = a.progress.replace("\n", "\n  ").replace(". ", ".\n")
    assert _codes(text_plan, new) == []


def test_progress_control(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    a = new.actions[0]
    del a.entries[3]
    a.progress = a.progress.replace("05/10/21 - The 7 point briefing for Child Poppy is with "
                                    "partners for comments and feedback. The deadline is "
                                    "08/10/21.", "")
    assert _codes(text_plan, new) == [("1", "entry-removed", "progress")]


def test_text_read_into_another_field_is_no_change(text_plan: Plan) -> None:
    # A header mapped to recommendation in one publication and finding in the other.
    new = text_plan.model_copy(deep=True)
    for a in new.actions:
        a.recommendation, a.finding = a.finding, ""
    assert _codes(text_plan, new) == []


def test_text_control(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    new.actions[1].finding = new.actions[1].finding.replace("questionable", "not justified")
    assert _codes(text_plan, new) == [("2", "text-changed", "finding")]


def test_update_added_to_on_the_same_date_is_edited(text_plan: Plan) -> None:
    new = text_plan.model_copy(deep=True)
    e = new.actions[4].entries[0]
    new.actions[4].entries[0] = e.model_copy(update={"text": e.text + (
        ". A further session was held with the nursing staff of the Emergency Department and "
        "the hospital's safeguarding leads, and a refresher is planned for the spring, with "
        "an audit of twenty cases to follow. Attendance will be reported to the Case Review "
        "sub-group each quarter until the audit is complete.")})
    new.actions[4].progress += " more"
    changes = diff_plans([text_plan], [new])
    assert [(c.change, c.field, c.entry_date) for c in changes] == [
        ("entry-edited", "text", date(2021, 7, 22))]


def test_shading_a_text_file_cannot_show_is_no_change() -> None:
    # The seed printed with its Rag Rating cells shaded, against the text that has no
    # colours: 8 rag-changed rows once.
    from planparse import diff

    from .conftest import FIXTURES, SEED

    assert diff(SEED, FIXTURES / "pdf" / "ruled.pdf") == []
    assert diff(FIXTURES / "pdf" / "ruled.pdf", SEED) == []


def test_shading_control(text_plan: Plan) -> None:
    # Both sides can carry the rating: a rating that appears or moves is a change.
    from normalise import Rag, RagSource

    old = text_plan.model_copy(deep=True, update={"source_format": "docx"})
    new = old.model_copy(deep=True)
    new.actions[0].rag, new.actions[0].rag_source = Rag.green, RagSource.colour
    assert _codes(old, new) == [("1", "rag-changed", "rag")]
    text_new = text_plan.model_copy(deep=True)
    text_new.actions[0].rag, text_new.actions[0].rag_source = Rag.amber, RagSource.text
    assert _codes(text_plan, text_new) == [("1", "rag-changed", "rag")]


def test_entries_split_otherwise_beside_a_new_one(text_plan: Plan) -> None:
    # Action 1's 29/10/21 and 05/10/21 updates read as one (a reflowed PDF), and a new
    # update on top: only the new one is a change (the merged pair gave entry-edited and
    # entry-removed rows before).
    from normalise import ProgressEntry

    new = text_plan.model_copy(deep=True)
    a = new.actions[0]
    first, second = a.entries[2], a.entries[3]
    a.entries[2] = first.model_copy(update={
        "text": f"{first.text} {second.entry_date_raw} - {second.text}"})
    del a.entries[3]
    a.entries.insert(0, ProgressEntry(plan_id=a.plan_id, action_id=a.action_id, entry_seq=0,
                                      entry_date=date(2022, 1, 5), entry_date_raw="05/01/22",
                                      text="Briefing re-issued to new starters."))
    a.progress = "05/01/22 - Briefing re-issued to new starters.\n" + a.progress
    assert _codes(text_plan, new) == [("1", "entry-added", "progress")]
    assert _codes(new, text_plan) == [("1", "entry-removed", "progress")]


def test_resplit_control(text_plan: Plan) -> None:
    # Two updates merged *and* reworded are not a re-split: the rows stay.
    new = text_plan.model_copy(deep=True)
    a = new.actions[0]
    first, second = a.entries[2], a.entries[3]
    a.entries[2] = first.model_copy(update={
        "text": f"{first.text} {second.entry_date_raw} - The briefing is with partners."})
    del a.entries[3]
    a.progress += " reworded"
    assert _codes(text_plan, new) == [("1", "entry-removed", "progress"),
                                      ("1", "entry-edited", "text")]


def test_a_publication_without_a_column_keeps_its_actions(text_plan: Plan) -> None:
    # The earlier publication had no Learning Point column: its actions are the same ones,
    # each with a finding added (all 8 were removed and added again once).
    old = text_plan.model_copy(deep=True)
    for a in old.actions:
        a.finding = ""
    codes = _codes(old, text_plan)
    assert codes == [(a.ref, "text-changed", "finding") for a in text_plan.actions]


def test_without_a_column_control(text_plan: Plan) -> None:
    # Short action texts alone do not pair different actions: a new action whose action
    # cell is another's two words stays added.
    new = text_plan.model_copy(deep=True)
    extra = new.actions[0].model_copy(update={
        "ref": "9", "finding": "Staff turnover left the briefing unread in two agencies",
        "action": "Poppy briefing", "entries": [], "progress": ""})
    new.actions.append(extra)
    assert _codes(text_plan, new) == [("9", "action-added", "action")]
