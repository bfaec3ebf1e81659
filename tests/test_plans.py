"""Table structure → plans: title rows, guidance and section rows, extra columns, tables
that are not plans. Built from text so each case reads as the publisher wrote it."""

from __future__ import annotations

from datetime import date

from ingest import read_text_bytes
from normalise import Options, Plan, Rag, Status, document_to_plans
from normalise.models import Issue


def convert(text: str, **kw: str) -> tuple[list[Plan], list[Issue]]:
    doc = read_text_bytes(text.encode(), "plan.txt")
    return document_to_plans(doc, Options(**kw))  # type: ignore[arg-type]


TABLE = "\n".join([
    "Safeguarding Partnership",
    "Intro paragraph.",
    "",
    "Action Plan for Child Q\t\t\t\t\t",
    "Ref.\tRecommendation\tActions to be taken\tPerson responsible\tTarget date\tRAG\tComments",
    "\t(what the review found)\t(what will be done)\t(who)\t(by when)\t(RAG)\t",
    "Theme 1: Information sharing\t\t\t\t\t\t",
    "1.\tShare records\tWrite protocol\tPolice & Health\tQ3 2021/22\tAmber - in progress\t"
    "See minutes",
    "2.\tTrain staff\tDeliver training\tSchools\tTBC\tG\t",
    "Theme 2: Supervision\t\t\t\t\t\t",
    "3.\tSupervise\tAudit supervision\tCSC\t31 September 2020\tWaiting on IT\t",
])


def test_title_guidance_sections_and_extra() -> None:
    (plan,), doc_issues = convert(TABLE)
    assert doc_issues == []
    assert plan.title == "Action Plan for Child Q"
    assert plan.guidance == {"Recommendation": "(what the review found)",
                             "Actions to be taken": "(what will be done)",
                             "Person responsible": "(who)", "Target date": "(by when)",
                             "RAG": "(RAG)"}
    assert plan.header_map["Comments"] == "extra"
    assert [a.ref for a in plan.actions] == ["1", "2", "3"]
    assert [a.section for a in plan.actions] == ["Theme 1: Information sharing",
                                                 "Theme 1: Information sharing",
                                                 "Theme 2: Supervision"]
    a1, a2, a3 = plan.actions
    assert a1.extra == {"Comments": "See minutes"}
    assert (a1.status, a1.rag, a1.rag_source and a1.rag_source.value) == (
        Status.in_progress, Rag.amber, "text")
    assert a1.target_date == date(2021, 12, 31) and a1.leads == ["Police", "Health"]
    assert (a2.status, a2.rag, a2.target_date, a2.target_date_raw) == (
        None, Rag.green, None, "TBC")
    assert (a3.status, a3.status_raw, a3.target_date) == (None, "Waiting on IT", None)
    # 1-based within the table: title 1, header 2, guidance 3, section 4, action 5
    assert a1.row_index == 5
    codes = sorted((i.code, i.severity.value, i.action_id == a3.action_id) for i in plan.issues)
    assert codes == [("invalid-date", "error", True), ("unknown-status", "warning", True),
                     ("unmapped-column", "info", False)]


def test_table_that_is_not_a_plan_is_reported_not_exported() -> None:
    text = ("Glossary\nTerm\tMeaning\nCSE\tChild sexual exploitation\n\n"
            "Plan\nNo\tAction\tLead\tStatus\n1\tDo it\tPolice\tComplete\n")
    plans, doc_issues = convert(text)
    assert len(plans) == 1 and plans[0].table_index == 1
    assert [(i.code, i.table_index) for i in doc_issues] == [("not-an-action-plan", 0)]
    assert "no action or recommendation column" in doc_issues[0].message


def test_no_plan_at_all_is_an_error() -> None:
    plans, doc_issues = convert("Term\tMeaning\nCSE\tChild sexual exploitation\n")
    assert plans == []
    assert [(i.code, i.severity.value) for i in doc_issues] == [
        ("not-an-action-plan", "info"), ("no-action-plan", "error")]


def test_short_rows_are_padded_and_long_rows_keep_their_cells() -> None:
    text = "No\tAction\tLead\tStatus\n1\tDo it\n2\tAgain\tHealth\tDone\tstray note\n"
    (plan,), _ = convert(text)
    assert [a.action for a in plan.actions] == ["Do it", "Again"]
    assert plan.actions[1].extra == {"column 5": "stray note"}


def test_ids_are_stable_for_the_same_content() -> None:
    first = convert(TABLE)[0][0]
    again = convert(TABLE)[0][0]
    assert first.plan_id == again.plan_id and len(first.plan_id) == 13
    assert first.plan_id[0] == "p" and not first.plan_id[1:].strip("0123456789abcdef")
    assert first.actions[2].action_id == f"{first.plan_id}-003"
    other = convert(TABLE + "\n")[0][0]
    assert other.plan_id != first.plan_id
    doc = read_text_bytes(TABLE.encode(), "folder/copy-of-plan.txt")
    assert document_to_plans(doc)[0][0].plan_id != first.plan_id
    same_name = read_text_bytes(TABLE.encode(), "elsewhere/plan.txt")
    assert document_to_plans(same_name)[0][0].plan_id == first.plan_id


def test_a_number_wrapped_in_a_narrow_pdf_column_is_rejoined() -> None:
    from ingest import Cell, SourceDocument, SourceTable

    def row(*cells: tuple[str, ...]) -> tuple[Cell, ...]:
        return tuple(Cell(c) for c in cells)

    table = SourceTable(table_index=0, wrapped_lines=True, rows=(
        row(("No",), ("Action",), ("Lead",), ("Status",)),
        row(("100", "0"), ("Brief", "partners"), ("Police",), ("Complete",)),
    ))
    doc = SourceDocument(source_file="x.pdf", source_format="pdf", sha256="0" * 64,
                         tables=(table,))
    (plan,), _ = document_to_plans(doc)
    assert (plan.actions[0].ref, plan.actions[0].action) == ("1000", "Brief partners")
