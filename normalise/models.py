"""The output contract: pydantic models for plans, actions, progress entries, leads, issues.

These models are the one source of truth for every export. The order of fields here is the
column order of the CSV files; fields named in ``NESTED`` hold child records and are left
out of flat tables. Columns are only ever appended: ``tests/test_contract.py`` pins them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

CONTRACT_VERSION = "1.3"


class Precision(StrEnum):
    """How much of a date the source gave."""

    day = "day"
    month = "month"
    quarter = "quarter"
    year = "year"


class Status(StrEnum):
    """Canonical action status. A bare colour never implies one."""

    completed = "completed"
    in_progress = "in_progress"
    not_started = "not_started"
    ongoing = "ongoing"
    overdue = "overdue"
    on_hold = "on_hold"
    superseded = "superseded"


class Rag(StrEnum):
    """Red/amber/green (and blue, for 'complete' in BRAG schemes) rating."""

    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"


class RagSource(StrEnum):
    """Where a RAG rating was read from."""

    text = "text"
    colour = "colour"


class Severity(StrEnum):
    """error: a typed value could not be read; warning: text looks damaged or incomplete;
    info: something the tool did that a user may want to check."""

    error = "error"
    warning = "warning"
    info = "info"


@cache
def _columns(cls: type[Record]) -> tuple[str, ...]:
    # Asked for once per record when writing; the answer never changes for a class.
    return tuple(name for name in cls.model_fields if name not in cls.NESTED)


class Record(BaseModel):
    """Base of every contract record: flat columns, keys, and nested children."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)
    #: Fields holding child records, left out of flat tables.
    NESTED: ClassVar[frozenset[str]] = frozenset()
    #: Columns that identify a row of this table.
    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ()
    #: (columns, other table, its columns) for each reference to another table.
    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = ()

    @classmethod
    def columns(cls) -> list[str]:
        """Flat-table column names, in contract order."""
        return list(_columns(cls))


class ProgressEntry(Record):
    """One dated update inside a progress cell."""

    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ("action_id", "entry_seq")
    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = (
        (("action_id",), "actions", ("action_id",)),)

    plan_id: str
    action_id: str
    entry_seq: int = Field(description="1 = first entry in the cell (the newest, usually)")
    entry_date: date | None = Field(None, description="First day of the period given")
    entry_date_precision: Precision | None = None
    entry_date_raw: str = Field("", description="The date as written")
    text: str = Field("", description="The entry without its date token and separator")


class Lead(Record):
    """One agency or person named in an action's lead cell."""

    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ("action_id", "lead_seq")
    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = (
        (("action_id",), "actions", ("action_id",)),)

    plan_id: str
    action_id: str
    lead_seq: int
    lead: str


class Flag(Record):
    """One audit finding about an action: a row of the ``findings`` table (and of
    ``audit.csv``, which holds the same rows). ``code`` is one of
    ``normalise.derived.FLAG_CODES``; each code occurs at most once per action."""

    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ("action_id", "code")
    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = (
        (("plan_id",), "plans", ("plan_id",)), (("action_id",), "actions", ("action_id",)))

    plan_id: str
    action_id: str
    ref: str
    code: str
    message: str
    source_file: str
    page: int | None = None
    # Contract 1.3: the finding as data.
    severity: Severity = Field(
        Severity.info, description="warning: the action needs attention (overdue, stale, "
                                   "status unknown past its target); info: a gap in the record")
    days: int | None = Field(
        None, description="overdue and rag-without-status: days past the target date; "
                          "stale: days since the last dated update")


class Issue(Record):
    """A record-level problem, with where it was found."""

    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = (
        (("plan_id",), "plans", ("plan_id",)), (("action_id",), "actions", ("action_id",)))

    source_file: str
    plan_id: str | None = None
    action_id: str | None = None
    page: int | None = None
    table_index: int | None = None
    row_index: int | None = Field(None, description="1-based row in the source table")
    field: str | None = None
    code: str
    severity: Severity
    message: str


class Action(Record):
    """One row of an action plan, normalised, with the raw cells beside the typed values."""

    NESTED: ClassVar[frozenset[str]] = frozenset({"entries", "findings"})
    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ("action_id",)
    FOREIGN_KEYS: ClassVar[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]] = (
        (("plan_id",), "plans", ("plan_id",)),)

    plan_id: str
    action_id: str
    seq: int = Field(description="1-based position of the action in its plan")
    ref: str = Field("", description="The number as written, without a trailing dot")
    finding: str = ""
    recommendation: str = ""
    action: str = ""
    lead: str = Field("", description="The lead cell as written")
    leads: list[str] = Field(default_factory=list, description="Split, de-duplicated leads")
    target_date: date | None = Field(None, description="The deadline: last day of the period")
    target_date_precision: Precision | None = None
    target_date_raw: str = ""
    status: Status | None = None
    status_raw: str = ""
    rag: Rag | None = None
    rag_source: RagSource | None = None
    evidence: str = ""
    progress: str = Field("", description="The progress cell as written")
    update_count: int = 0
    first_update_date: date | None = None
    last_update_date: date | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="Unmapped columns, under their original header")
    source_file: str = ""
    page_first: int | None = None
    page_last: int | None = None
    table_index: int | None = None
    row_index: int | None = Field(None, description="1-based row in the source table")
    section: str = Field("", description="The section heading row above this action, if any")
    # Contract 1.1: derived audit fields, as of the plan's as_of date.
    is_overdue: bool | None = Field(
        None, description="Target date passed as of as_of and not completed or superseded; "
                          "empty when unknown (no as_of or target, or a RAG rating with no "
                          "status past its target: finding rag-without-status)")
    days_overdue: int | None = Field(None, description="Days past the target date, if overdue")
    days_since_last_update: int | None = Field(
        None, description="Days from the latest dated progress entry to as_of")
    flags: list[str] = Field(default_factory=list,
                             description="Audit findings (stable codes), joined with '; '")
    # Contract 1.2: a key that survives republication (action_id follows the content).
    action_key: str = Field(
        "", description="plan_key/ref (or plan_key/t-digest of the text when there is no "
                        "ref): the same action in every publication of the plan")
    entries: list[ProgressEntry] = Field(default_factory=list)
    # Contract 1.3: the flags with their messages, severities and days (set by the audit).
    findings: list[Flag] = Field(default_factory=list)


class Plan(Record):
    """One action plan: a table (or tables stitched together) from one document."""

    NESTED: ClassVar[frozenset[str]] = frozenset({"actions", "issues"})
    PRIMARY_KEY: ClassVar[tuple[str, ...]] = ("plan_id",)

    plan_id: str
    title: str = ""
    source_file: str
    source_format: str
    source_sha256: str
    table_index: int
    page_first: int | None = None
    page_last: int | None = None
    action_count: int = 0
    header_map: dict[str, str] = Field(
        default_factory=dict, description="Original header → canonical field (or 'extra')")
    preamble: str = Field("", description="Text before the table")
    encoding: str | None = Field(None, description="Text encoding used to read the file")
    guidance: dict[str, str] = Field(
        default_factory=dict, description="Guidance rows under the header, by column")
    # Contract 1.1
    as_of: date | None = Field(
        None, description="The date audit fields are computed as of (--as-of; default: the "
                          "plan's latest dated progress entry)")
    # Contract 1.2
    plan_key: str = Field(
        "", description="The title without dates and edition words: the same plan in every "
                        "publication (plan_id follows the content)")
    # Contract 1.3
    ocr_pages: list[int] = Field(
        default_factory=list, description="The plan's pages that were read by OCR (a scan); "
                                          "empty when every page had a text layer")
    actions: list[Action] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)


class Change(Record):
    """One difference between two publications of a plan (a row of ``changes.csv``).

    ``change`` is a stable kebab-case code (``normalise.diff.CHANGE_CODES``); values are
    the normalised ones (status codes, ISO dates, leads joined with "; ", text with its
    layout taken out). ``ref`` is the new publication's number (the old one for a removed
    action)."""

    old_plan_id: str | None = None
    new_plan_id: str | None = None
    plan_key: str = ""
    old_action_id: str | None = None
    new_action_id: str | None = None
    action_key: str = ""
    ref: str = ""
    change: str
    field: str = Field("", description="The field that changed (for text-changed and "
                                       "entry-edited: which text)")
    old_value: str = ""
    new_value: str = ""
    entry_date: date | None = Field(None, description="The progress entry's date, for "
                                                      "entry-added, -removed and -edited")
    days: int | None = Field(None, description="How far a target date moved; positive "
                                               "means it slipped")
