"""Plans kept compact: the batch runner's records, one JSON document per action."""

from __future__ import annotations

from pathlib import Path

from normalise import (
    Issue,
    Plan,
    Severity,
    StoredPlan,
    actions_of,
    decode_records,
    document_to_records,
    encode_records,
    materialise,
)
from planparse import read
from planparse.batch import run

from .conftest import FIXTURES, SEED


def test_records_cross_from_worker_to_parent_unchanged() -> None:
    from ingest import stream_document

    plans, issues = document_to_records(stream_document(FIXTURES / "pdf" / "ruled.pdf"))
    loose = [Issue(source_file="x.pdf", code="not-an-action-plan", severity=Severity.info,
                   message="table 3 was not taken as an action plan")]
    back, back_issues = decode_records(encode_records(plans, issues + loose))
    assert back_issues == issues + loose
    assert [materialise(p) for p in back] == [materialise(p) for p in plans]
    assert decode_records(encode_records([], [])) == ([], [])


def test_the_batch_holds_actions_as_json_and_the_api_hands_out_whole_plans() -> None:
    (stored,) = run([SEED]).plans
    assert isinstance(stored, StoredPlan) and stored.actions == []
    actions = list(actions_of(stored))
    assert len(actions) == stored.action_count == 8
    assert len(stored.action_json()[0]) < 4000  # compact JSON, a few hundred bytes a line
    (plan,) = read(SEED)
    assert type(plan) is Plan and plan.actions == actions
    assert materialise(stored) == plan


def test_a_stored_plan_needs_its_actions_through_actions_of(tmp_path: Path) -> None:
    (stored,) = run([SEED]).plans
    # Every writer reaches actions through actions_of: the outputs of a stored plan and
    # of the same plan held whole are the same bytes.
    from exporters import FORMATS, write_outputs

    for name, plans in (("stored", [stored]), ("whole", [materialise(stored)])):
        write_outputs(plans, [], tmp_path / name, list(FORMATS))
    for path in sorted((tmp_path / "whole").iterdir()):
        assert (tmp_path / "stored" / path.name).read_bytes() == path.read_bytes(), path.name
