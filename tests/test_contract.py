"""The output contract: column lists pinned so that a change can only append."""

from __future__ import annotations

from exporters import TABLES

# Never reorder or remove; new columns go at the end of a list (and bump the minor version).
PINNED = {
    "plans": ["plan_id", "title", "source_file", "source_format", "source_sha256",
              "table_index", "page_first", "page_last", "action_count", "header_map",
              "preamble", "encoding", "guidance",
              # 1.1
              "as_of",
              # 1.2
              "plan_key",
              # 1.3
              "ocr_pages"],
    "actions": ["plan_id", "action_id", "seq", "ref", "finding", "recommendation", "action",
                "lead", "leads", "target_date", "target_date_precision", "target_date_raw",
                "status", "status_raw", "rag", "rag_source", "evidence", "progress",
                "update_count", "first_update_date", "last_update_date", "extra",
                "source_file", "page_first", "page_last", "table_index", "row_index",
                "section",
                # 1.1: derived audit fields
                "is_overdue", "days_overdue", "days_since_last_update", "flags",
                # 1.2: a key that survives republication
                "action_key"],
    "progress_entries": ["plan_id", "action_id", "entry_seq", "entry_date",
                         "entry_date_precision", "entry_date_raw", "text"],
    "leads": ["plan_id", "action_id", "lead_seq", "lead"],
    "issues": ["source_file", "plan_id", "action_id", "page", "table_index", "row_index",
               "field", "code", "severity", "message"],
    # 1.3: the audit findings (audit.csv's columns, severity and days appended)
    "findings": ["plan_id", "action_id", "ref", "code", "message", "source_file", "page",
                 "severity", "days"],
}


def test_columns_only_ever_append() -> None:
    for name, model in TABLES.items():
        columns = model.columns()
        pinned = PINNED[name]
        assert columns[: len(pinned)] == pinned, f"{name}: columns reordered or removed"


def test_tables_are_the_six_of_the_contract() -> None:
    assert list(TABLES) == list(PINNED)


def test_contract_version() -> None:
    from normalise import CONTRACT_VERSION

    assert CONTRACT_VERSION == "1.3"
