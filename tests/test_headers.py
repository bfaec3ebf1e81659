"""Header mapping over headers seen in real plans."""

from __future__ import annotations

import pytest

from normalise.headers import map_headers, match_header, plan_score

CASES = [
    ("No", "ref"), ("No.", "ref"), ("Ref", "ref"), ("Reference", "ref"),
    ("Learning Point", "finding"), ("Finding", "finding"), ("Issue", "finding"),
    ("Issues identified", "finding"), ("Recommendation", "recommendation"),
    ("Action", "action"), ("Actions", "action"), ("Agency Actions", "action"),
    ("Actions to be taken", "action"), ("Action to take", "action"),
    ("Actions required", "action"), ("Management Action Agreed", "action"),
    ("Progress", "progress"), ("Progress against Actions", "progress"),
    ("Progress to date", "progress"), ("Update", "progress"),
    ("Update on progress", "progress"), ("Actions taken", "progress"),
    ("Lead", "lead"), ("Lead Agency", "lead"), ("Lead Person(s)", "lead"),
    ("Identified Lead", "lead"), ("Person responsible", "lead"),
    ("Responsible Officer", "lead"), ("Owner", "lead"),
    ("Completion Date", "target_date"), ("Target Date", "target_date"),
    ("Target completion date", "target_date"), ("Timescale", "target_date"),
    ("Due date", "target_date"), ("Deadline", "target_date"),
    ("Status", "status"), ("RAG", "status"), ("RAG Rating", "status"),
    ("RAG status", "status"), ("Progress indicator", "status"),
    ("Method of Audit", "evidence"), ("Evidence", "evidence"),
    ("Evidence to be provided", "evidence"), ("Outcome measure", "evidence"),
    ("Assurance", "evidence"),
    # Case, punctuation, line breaks inside a header, glued words, typos.
    ("RAG\nrating", "status"), ("RAGRating", "status"), ("rag rating:", "status"),
    ("PROGRESS AGAINST ACTIONS", "progress"), ("ProgressAgainstActions", "progress"),
    ("Target\ncompletion\ndate", "target_date"), ("Lead (agency)", "lead"),
    ("Recomendation", "recommendation"), ("Progress update (Nov 21)", "progress"),
    ("Date of completion", "target_date"), ("Evidence of impact / outcome", "evidence"),
]


@pytest.mark.parametrize(("header", "field"), CASES)
def test_real_world_headers_map(header: str, field: str) -> None:
    assert match_header(header).field == field


@pytest.mark.parametrize("header", ["Comments", "Page", "Notes for panel", ""])
def test_unrelated_headers_stay_unmapped(header: str) -> None:
    assert match_header(header).field is None


def test_each_field_is_taken_once_and_the_exact_match_wins() -> None:
    matches = map_headers(["Action", "Actions", "Lead", "Status"])
    assert [m.field for m in matches] == ["action", None, "lead", "status"]
    assert matches[1].how == "duplicate"


def test_plan_needs_an_action_column_and_two_others() -> None:
    assert plan_score(map_headers(["Action", "Lead", "Target date"]))[0] is True
    assert plan_score(map_headers(["Action", "Lead"]))[0] is False
    ok, reason = plan_score(map_headers(["Term", "Definition", "Lead"]))
    assert ok is False and "no action" in reason
