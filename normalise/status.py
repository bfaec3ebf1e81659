"""Status and RAG: two separate fields read from words, letters and colour words.

"Amber - in progress" gives both; "Completed." gives a status; "(GREEN)" or "G" gives only a
RAG rating, because publishers disagree on what green means, so a bare colour never implies
a status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .models import Rag, Status

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

# Phrases, longest first within each status so "not started" never reads as "started".
_STATUS_PHRASES: tuple[tuple[Status, str], ...] = (
    (Status.not_started, r"not\s+(?:yet\s+)?(?:started|commenced|begun)|yet\s+to\s+start"),
    (Status.on_hold, r"on\s+hold|paused|deferred|suspended"),
    (Status.superseded, r"superseded|no\s+longer\s+(?:required|needed|applicable)|withdrawn"
                        r"|replaced|closed\s+-?\s*superseded"),
    (Status.in_progress, r"in\s*-?\s*progress|progressing|under\s*way|partially\s+"
                         r"(?:complete[d]?|met|achieved)|part(?:ly)?\s+complete[d]?|started"
                         r"|on\s+track|work\s+in\s+progress|wip"),
    (Status.ongoing, r"on\s*-?\s*going|continuous|continuing|business\s+as\s+usual|bau"
                     r"|embedded"),
    (Status.overdue, r"overdue|delayed|behind(?:\s+schedule)?|late"),
    (Status.completed, r"complete[d]?|completion|done|achieved|delivered|closed|finished"
                       r"|implemented|met|fully\s+met"),
)
_STATUS_RES = tuple((s, re.compile(rf"\b(?:{p})\b", re.I)) for s, p in _STATUS_PHRASES)

_RAG_WORDS = {"red": Rag.red, "amber": Rag.amber, "yellow": Rag.amber, "orange": Rag.amber,
              "green": Rag.green, "blue": Rag.blue}
_RAG_RE = re.compile(r"\b(red|amber|yellow|orange|green|blue)\b", re.I)
_RAG_LETTER = re.compile(r"^\(?\s*([RAGB])\s*\)?\.?$", re.I)
# What may remain once status and RAG words are removed: separators and filler.
# (Once one regular expression, ^[\s\-–—:;,./()&+]*(?:and|but|rag|status|rating|-)*
# [\s\-–—:;,./()&+]*$: "-" on both sides of the words made it backtrack exponentially, 34 s
# for 1,500 dashes and a digit. The separators are stripped from both ends first, which
# accepts exactly the same strings, and the words are matched in what is left.)
_FILLER_SEPARATORS = frozenset("-–—:;,./()&+")
_FILLER_WORDS = re.compile(r"(?:and|but|rag|status|rating|-)*", re.I)


def _is_filler(rest: str) -> bool:
    """True when ``rest`` is separators and filler words only."""
    start, end = 0, len(rest)
    while start < end and (rest[start].isspace() or rest[start] in _FILLER_SEPARATORS):
        start += 1
    while end > start and (rest[end - 1].isspace() or rest[end - 1] in _FILLER_SEPARATORS):
        end -= 1
    return _FILLER_WORDS.fullmatch(rest, start, end) is not None


@dataclass(frozen=True, slots=True)
class StatusReading:
    """``status`` and ``rag`` read from a cell; ``understood`` is false when words remain
    that are neither, so the raw value needs a look."""

    status: Status | None
    rag: Rag | None
    understood: bool


def read_status(raw: str, vocabulary: Vocabulary | None = None) -> StatusReading:
    """Read a status cell: "Completed" → completed; "Amber - in progress" → in_progress +
    amber; "G" → green only; "" → nothing; "Waiting on IT" → nothing, not understood.
    A user's ``vocabulary`` (:mod:`normalise.vocabulary`) has its status and RAG words
    tried before the built-in ones."""
    text = " ".join(raw.split())
    if not text:
        return StatusReading(None, None, True)
    if m := _RAG_LETTER.match(text):
        return StatusReading(None, _RAG_WORDS[_letter_word(m.group(1))], True)
    rag: Rag | None = None
    rest = text
    user_rag = vocabulary.rag_pattern if vocabulary is not None else None
    if user_rag is not None and vocabulary is not None and (m := user_rag.search(text)):
        rag = vocabulary.rag_of(m.group(1))
        rest = user_rag.sub(" ", rest)
    elif m := _RAG_RE.search(text):
        rag = _RAG_WORDS[m.group(1).lower()]
        rest = _RAG_RE.sub(" ", rest)
    status: Status | None = None
    patterns = _STATUS_RES if vocabulary is None else (*vocabulary.status_patterns,
                                                       *_STATUS_RES)
    for candidate, pattern in patterns:
        if pattern.search(rest):
            status = candidate
            rest = pattern.sub(" ", rest)
            break
    understood = (status is not None or rag is not None) and _is_filler(rest)
    if not understood and (status is not None or rag is not None):
        # Words beyond the status ("Complete - see minutes") are commentary, not noise:
        # keep the reading, the raw text stays beside it.
        understood = len(rest.split()) <= 8
    return StatusReading(status, rag, understood)


def _letter_word(letter: str) -> str:
    return {"r": "red", "a": "amber", "g": "green", "b": "blue"}[letter.lower()]
