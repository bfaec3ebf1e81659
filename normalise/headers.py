"""Header mapping: a publisher's column names → canonical fields.

Three passes, strictest first: an exact synonym (case, punctuation, line breaks and glued
words ignored), a fuzzy match against the synonyms (rapidfuzz, for typos and small
variations), then keywords inside longer headers ("Progress update Nov 21"). Each field is
taken once; a second column for the same field goes to ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

FIELDS = ("ref", "finding", "recommendation", "action", "progress", "lead", "target_date",
          "status", "evidence", "rag")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("No", "No.", "Number", "Ref", "Ref.", "Reference", "Ref No", "Item", "#", "Action No",
            "Rec No", "Recommendation No"),
    "finding": ("Learning Point", "Learning Points", "Finding", "Findings", "Issue",
                "Issues identified", "Key Learning", "Learning", "Area for improvement",
                "Lesson learned", "Theme"),
    "recommendation": ("Recommendation", "Recommendations"),
    "action": ("Action", "Actions", "Agency Actions", "Actions to be taken", "Action to take",
               "Actions required", "Action required", "Management Action Agreed",
               "Agreed action", "Proposed action", "What will be done", "Action planned"),
    "progress": ("Progress", "Progress against Actions", "Progress to date", "Update",
                 "Update on progress", "Actions taken", "Progress update", "Updates",
                 "Commentary", "Progress made", "Progress/Update"),
    "lead": ("Lead", "Lead Agency", "Lead Person", "Lead Person(s)", "Identified Lead",
             "Person responsible", "Responsible Officer", "Owner", "Lead Officer",
             "Responsibility", "Responsible", "Who", "Action Owner", "Lead agency/person"),
    "target_date": ("Completion Date", "Target Date", "Target completion date", "Timescale",
                    "Timescales", "Due date", "Deadline", "By when", "Date due",
                    "Target", "Date for completion", "Timeframe"),
    "status": ("Status", "RAG", "RAG Rating", "RAG status", "Progress indicator", "BRAG",
               "BRAG rating", "Current status", "RAG Rated", "Status (RAG)"),
    "evidence": ("Method of Audit", "Evidence", "Evidence to be provided", "Outcome measure",
                 "Assurance", "Evidence of impact", "Measure of success", "Success measure",
                 "Outcome", "Outcomes", "Evidence of completion", "How will we know",
                 "Impact", "Success criteria"),
}

# Keywords inside longer headers, in priority order: "Progress against Actions" must be
# progress, not action; "RAG" beats everything.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("status", r"\b(?:b?rag|status)\b"),
    ("progress", r"\b(?:progress|update[sd]?)\b"),
    ("lead", r"\b(?:lead|responsib\w*|owner|accountable)\b"),
    ("target_date", r"\b(?:date|timescales?|deadline|when|timeframe)\b"),
    ("evidence", r"\b(?:evidence|audit|assurance|measures?|outcomes?|impact)\b"),
    ("recommendation", r"\brecommendations?\b"),
    ("finding", r"\b(?:finding|learning|issues?|lessons?)\b"),
    ("action", r"\bactions?\b"),
    ("ref", r"^(?:no|ref|number|#)\b"),
)

_FUZZY_CUTOFF = 88.0
_MAX_HEADER_CHARS = 60
_MAX_HEADER_WORDS = 8


_NOT_KEY = re.compile(r"[^a-z0-9#]")


def squash(header: str) -> str:
    """Lower case, letters and digits only: "RAG\\nrating" and "RAGRating" both → "ragrating"."""
    return _NOT_KEY.sub("", header.lower())


def _spaced(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", header.lower()).split())


_EXACT: dict[str, str] = {squash(s): f for f, syns in SYNONYMS.items() for s in syns}


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """How one header was mapped: ``field`` is ``None`` for unmapped columns."""

    header: str
    field: str | None
    how: str  # "exact", "fuzzy", "keyword" or "none"
    score: float


def match_header(header: str, vocabulary: Vocabulary | None = None) -> HeaderMatch:
    """Map one header to a canonical field, saying how. ``vocabulary`` adds a user's
    synonyms (:mod:`normalise.vocabulary`) to the built-in ones, for the exact and fuzzy
    passes alike."""
    exact: Mapping[str, str] = vocabulary.exact if vocabulary is not None else _EXACT
    key = squash(header)
    if not key:
        return HeaderMatch(header, None, "none", 0.0)
    if key in exact:
        return HeaderMatch(header, exact[key], "exact", 100.0)
    if len(header) > _MAX_HEADER_CHARS or len(header.split()) > _MAX_HEADER_WORDS:
        # Headers are short; a long cell that happens to contain "action" is data.
        return HeaderMatch(header, None, "none", 0.0)
    from rapidfuzz import fuzz, process  # lazy: keeps start-up fast

    # Parenthetical notes ("Lead (agency)") and trailing dates rarely change the meaning.
    core = squash(re.sub(r"\(.*?\)", "", header)) or key
    if core in exact:
        return HeaderMatch(header, exact[core], "exact", 100.0)
    best = process.extractOne(core, list(exact), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if best is not None and len(core) >= 4:
        return HeaderMatch(header, exact[best[0]], "fuzzy", float(best[1]))
    spaced = _spaced(header)
    for name, pattern in _KEYWORDS:
        if re.search(pattern, spaced):
            return HeaderMatch(header, name, "keyword", 70.0)
    return HeaderMatch(header, None, "none", 0.0)


def map_headers(headers: Sequence[str], vocabulary: Vocabulary | None = None
                ) -> list[HeaderMatch]:
    """Map a header row (with a user's ``vocabulary`` beside the built-in synonyms).
    Each field goes to the best-scoring column (the leftmost on a tie); the other
    columns that wanted it become unmapped."""
    matches = [match_header(h, vocabulary) for h in headers]
    # A table with both a status column and a RAG column: the RAG one becomes `rag`.
    status_cols = [i for i, m in enumerate(matches) if m.field == "status"]
    rag_named = [i for i in status_cols if "rag" in squash(matches[i].header)]
    if len(status_cols) > 1 and 0 < len(rag_named) < len(status_cols):
        m = matches[rag_named[0]]
        matches[rag_named[0]] = HeaderMatch(m.header, "rag", m.how, m.score)
    owner: dict[str, int] = {}
    for i, m in enumerate(matches):
        if m.field is None:
            continue
        j = owner.get(m.field)
        if j is None or m.score > matches[j].score:
            owner[m.field] = i
    return [m if m.field is None or owner[m.field] == i
            else HeaderMatch(m.header, None, "duplicate", m.score)
            for i, m in enumerate(matches)]


def plan_score(matches: Sequence[HeaderMatch]) -> tuple[bool, str]:
    """Is this header an action plan's? It needs an action-like column (action or
    recommendation) and at least two other mapped fields. Returns (verdict, reason)."""
    fields = {m.field for m in matches if m.field}
    action_like = fields & {"action", "recommendation"}
    if not action_like:
        return False, "no action or recommendation column"
    others = fields - action_like
    if len(others) < 2:
        return False, f"only {len(fields)} recognised column(s): {', '.join(sorted(fields))}"
    return True, f"{len(fields)} recognised columns"
