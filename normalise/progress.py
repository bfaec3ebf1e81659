"""The progress splitter: one progress cell → dated entries, in cell order.

A date token starts a new entry when
  * it opens a paragraph (optionally after a status word: "Complete 04/03/2020"),
  * it opens a sentence and is followed by a separator, or keeps newest-first order, or
  * it sits mid-sentence, is followed by a separator and a capitalised word, and keeps
    newest-first order with the entry before it.
Every other date is a mention ("held on 17/06/21", "the deadline is 08/10/21") and stays
inside its entry. Text is never dropped: the entries' prefixes, date tokens and texts,
joined, give back every word of the cell.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .dates import DateOrder, ParsedDate, iter_tokens
from .models import Precision

_SEPARATOR = re.compile(r"\s*(?:[-–—:]+|\.\s*-)\s*")
_STATUS_PREFIX = re.compile(
    r"^\s*(?:updated?|complete[d]?|progress(?:\s+update)?|on-?going|in\s+progress|closed|"
    r"note|reviewed?|action)\s*[:\-–—]?\s*$", re.I)
_MENTION_WORDS = frozenset({
    "on", "by", "from", "until", "till", "since", "of", "at", "before", "after", "dated",
    "held", "the", "to", "between", "and", "is", "was", "during", "in", "for",
    "due", "deadline", "w/c", "commencing", "than", "around", "approx", "circa",
})
_SENTENCE_END = re.compile(r"[.!?;]['\"’”)\]]*\s*$")


@dataclass(slots=True)
class Entry:
    """One progress entry: ``prefix`` (a status word before the date, "Complete"), ``raw``
    (the date as written) and ``body`` (the words after the date and its separator) are,
    in that order, exactly the cell's text. ``text`` is the entry without its date."""

    date: date | None
    precision: Precision | None
    raw: str
    body: str
    prefix: str = ""
    problem: str | None = None
    message: str = ""

    @property
    def text(self) -> str:
        """The entry's words without its date token and separator; a status prefix
        ("Complete 04/03/2020 - …") stays, as it says something."""
        prefix = self.prefix.rstrip(":-–— ")
        return f"{prefix} {self.body}".strip() if prefix else self.body

    @property
    def source(self) -> str:
        """Prefix, date and body: what the cell said, for this entry."""
        return " ".join(p for p in (self.prefix, self.raw, self.body) if p)


@dataclass(slots=True)
class _Start:
    para: int
    seg_start: int  # where this entry's own text begins (prefix or token)
    token_start: int
    body_start: int  # after the token and its separator
    parsed: ParsedDate
    parts: list[str] = field(default_factory=list)


def _is_start(text: str, m: re.Match[str], parsed: ParsedDate,
              prev: date | None) -> tuple[bool, int]:
    """Decide whether the token ``m`` starts an entry; return (starts, segment start)."""
    before = text[: m.start()]
    after = text[m.end():]
    sep = _SEPARATOR.match(after)
    has_sep = bool(sep and sep.group(0).strip())
    # Text since the last sentence end: empty or a status word means the date leads.
    sentence_start = 0
    for k in range(len(before) - 1, -1, -1):
        if before[k] in ".!?;" and (k + 1 == len(before) or before[k + 1].isspace()):
            sentence_start = k + 1
            break
    lead = before[sentence_start:]
    leads_sentence = not lead.strip() or bool(_STATUS_PREFIX.match(lead))
    seg_start = sentence_start + (len(lead) - len(lead.lstrip()))
    if leads_sentence and sentence_start == 0:
        return True, seg_start  # opens the paragraph
    in_order = prev is None or (parsed.value is not None and parsed.value <= prev)
    if leads_sentence:
        return (has_sep or (parsed.value is not None and in_order)), seg_start
    if parsed.value is None or prev is None or not in_order or not has_sep:
        return False, 0
    assert sep is not None
    rest = after[sep.end():]
    if _last_word(before).lower() in _MENTION_WORDS:
        return False, 0
    return bool(rest[:1].isupper() or rest[:1].isdigit()), m.start()


def split_progress(paragraphs: Sequence[str], order: DateOrder = "DMY") -> list[Entry]:
    """Split a progress cell (its paragraphs) into entries in cell order.

    Text before the first dated entry becomes an undated entry. A paragraph with no
    entry start continues the entry before it, after a line break.
    """
    entries: list[Entry] = []
    prev: date | None = None
    for para_index, text in enumerate(paragraphs):
        starts: list[_Start] = []
        for m, parsed in iter_tokens(text, order):
            if starts and m.start() < starts[-1].body_start:
                continue
            ok, seg_start = _is_start(text, m, parsed, prev)
            if not ok:
                continue
            sep = _SEPARATOR.match(text, m.end())
            starts.append(_Start(para_index, seg_start, m.start(),
                                 sep.end() if sep else m.end(), parsed))
            if parsed.value is not None:
                prev = parsed.value
        head_end = starts[0].seg_start if starts else len(text)
        head = text[:head_end].strip()
        if head:
            if entries:
                entries[-1].body = f"{entries[-1].body}\n{head}" if entries[-1].body else head
            else:
                entries.append(Entry(None, None, "", head))
        for k, s in enumerate(starts):
            stop = starts[k + 1].seg_start if k + 1 < len(starts) else len(text)
            p = s.parsed
            entries.append(Entry(p.value, p.precision, p.raw, text[s.body_start:stop].strip(),
                                 text[s.seg_start:s.token_start].strip(), p.problem,
                                 p.message))
    return entries


_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "for", "with", "in", "on", "at", "by",
    "from", "as", "that", "which", "who", "whose", "is", "are", "was", "were", "be", "been",
    "their", "its", "our", "your", "his", "her", "this", "these", "those", "if", "than",
    "into", "onto", "would", "will", "can", "could", "should", "shall", "may", "must",
    "has", "have", "had", "not", "also", "about", "within", "via", "per", "such", "each",
})

_ASCII_LETTERS = frozenset(string.ascii_letters)
_WORD_CHARS = _ASCII_LETTERS | {"/"}


def _last_word(text: str) -> str:
    r"""The run of letters (and slashes) that ends ``text`` but for spaces, commas and
    opening brackets; "" when none does. (Read back from the end: the regular expression
    ``([A-Za-z/]+)[\s,(]*$`` tried every start in a run of letters, quadratic in its
    length.)"""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ",("):
        end -= 1
    start = end
    while start and text[start - 1] in _WORD_CHARS:
        start -= 1
    return text[start:end]


def looks_truncated(text: str) -> bool:
    """True when a cell seems cut off mid-sentence: it ends on a function word ("…do not
    receive a") or on a dangling comma, hyphen or opening bracket, with no end mark."""
    t = text.rstrip()
    if len(t) < 20:
        return False
    if t[-1] in ",(-–—/&:" and not t.endswith("--"):
        return True
    # The last word, read back from the end: re.search(r"([A-Za-z]+)$") tries every start
    # in a run of letters and is quadratic in its length (140 s for 50,000 letters and a
    # digit).
    start = len(t)
    while start and t[start - 1] in _ASCII_LETTERS:
        start -= 1
    return t[start:].lower() in _FUNCTION_WORDS
