"""The record stream: the worker's records as bytes, spooled by the parent and read back
once, one JSON document per action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest import TableStream
from normalise import (
    Issue,
    Plan,
    Severity,
    audit_plan,
    decode_records,
    document_to_plans,
    document_to_records,
    encode_records,
)
from normalise.stored import PlanRecords, whole
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
    assert [whole(p) for p in back] == [whole(p) for p in plans]
    assert decode_records(encode_records([], [])) == ([], [])
    # The spool reads the same bytes back as the same plans.
    spool = PlanRecords()
    headers, spooled_issues = spool.add(encode_records(plans, issues + loose))
    assert spooled_issues == issues + loose and [h.plan_id for h in headers] == [
        p.header.plan_id for p in plans]
    assert spool.plans() == [whole(p) for p in plans]


def test_the_batch_holds_actions_in_the_spool_and_the_api_hands_out_whole_plans() -> None:
    result = run([SEED])
    (header,) = result.headers
    assert header.actions == [] and header.action_count == 8
    ((_, stream),) = list(result.records)
    actions = list(stream)
    assert len(actions) == 8
    (record,), _ = document_to_records(_stream(SEED))
    assert len(record.actions[0]) < 4000  # compact JSON, a few hundred bytes a line
    (plan,) = read(SEED)
    assert type(plan) is Plan and plan.actions == actions
    assert result.plans == [plan] and document_to_plans(_stream(SEED))[0] == [plan]


def test_a_plan_a_user_sees_has_its_actions_so_audit_plan_recomputes_them() -> None:
    # A stored plan with no actions once kept days_overdue of its old as_of.
    (plan,) = run([SEED]).plans
    later = audit_plan(plan, date(2030, 1, 1))
    assert later.as_of == date(2030, 1, 1)
    overdue = [a for a in later.actions if a.is_overdue]
    assert overdue and all(a.days_overdue == (date(2030, 1, 1) - a.target_date).days
                           for a in overdue if a.target_date)


def test_the_records_and_the_whole_plans_write_the_same_bytes(tmp_path: Path) -> None:
    from exporters import FORMATS, write_outputs

    result = run([SEED])
    write_outputs(result.records, [], tmp_path / "stored", list(FORMATS))
    write_outputs(result.plans, [], tmp_path / "whole", list(FORMATS))
    for path in sorted((tmp_path / "whole").iterdir()):
        assert (tmp_path / "stored" / path.name).read_bytes() == path.read_bytes(), path.name


def _stream(path: Path) -> TableStream:
    from ingest import stream_document

    return stream_document(path)


def test_files_spooled_as_they_finish_come_back_in_input_order(tmp_path: Path) -> None:
    from ingest import stream_document

    def records(path: Path, name: str) -> bytes:
        plans, issues = document_to_records(stream_document(path, display_name=name))
        return encode_records(plans, issues)

    first = records(SEED, "first.txt")
    second = records(FIXTURES / "pdf" / "ruled.pdf", "second.pdf")
    spool = PlanRecords()
    # The second file finishes first: its bytes go to the spool at once, not held back.
    spool.add(second, 1)
    spool.add(first, 0)
    spool.in_order()
    got = [(h.source_file, [a.action_id for a in acts]) for h, acts in spool]
    # Control: added in input order, the same plans with the same actions.
    ordered = PlanRecords()
    ordered.add(first)
    ordered.add(second)
    assert got == [(h.source_file, [a.action_id for a in acts]) for h, acts in ordered]
    assert got[0][0] == "first.txt" and got[-1][0] == "second.pdf"
    assert all(ids for _, ids in got)
