"""Visual lines → paragraphs, for formats that lose paragraph structure (PDF).

A PDF cell arrives as the lines the layout wrapped it into. A new paragraph starts after a
blank line (paragraph spacing, where the reader could see it), at a bullet, or at a line
that opens with a date right after a line that ended a sentence (a new progress entry); a
date that ends a line after a sentence, with its separator or a capitalised word opening
the next line, opens a paragraph just the same (the layout wrapped after the date, not
before it). Every other wrap is a space. A line ending in a hyphen is joined to the next
without a space, the hyphen kept: Word does not hyphenate by default, so a hyphen at the
end of a line is almost always a real one ("multi-" + "agency"). A word the layout broke
with no hyphen at the cell's edge is joined back by :func:`join_broken_words`, before this.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence

from .dates import DATE_TOKEN

_SENTENCE_END = re.compile(r"[.!?;:]['\"’”)\]]*$")
_BULLET = re.compile(r"^(?:[•·▪◦●*]|-\s|\d+[.)]\s|[a-z][.)]\s)")
_STATUS_LEAD = re.compile(r"^(?:updated?|complete[d]?|progress(?:\s+update)?)\s*[:\-–—]?\s*",
                          re.I)
#: What opens the line after an entry's date: its separator, or the entry's first word.
_ENTRY_OPENING = re.compile(r"^(?:[-–—:]|[A-Z])")
_HEAD_LETTERS = re.compile(r"^([a-z]+)")
_ASCII_LETTERS = frozenset(string.ascii_letters)


def _opens_with_date(line: str) -> bool:
    rest = _STATUS_LEAD.sub("", line, count=1)
    m = DATE_TOKEN.match(rest)
    return m is not None


def _date_at_end(text: str) -> int | None:
    """Where a date that ends ``text`` after a sentence end begins, or None."""
    end = None
    for m in DATE_TOKEN.finditer(text):
        end = m
    if end is None or end.end() != len(text) or end.start() == 0:
        return None
    return end.start() if _SENTENCE_END.search(text[: end.start()].rstrip()) else None


def unwrap(lines: Sequence[str]) -> tuple[str, ...]:
    """Join wrapped lines into paragraphs; every character of every line is kept."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        at = _date_at_end(current) if current and _ENTRY_OPENING.match(line) else None
        if not current:
            current = line
        elif at is not None:
            # "…added to the website. 05/10/21" / "- The 7 point briefing…": the entry
            # starts at the date, as it would had the layout wrapped before it.
            paragraphs.append(current[:at].rstrip())
            current = f"{current[at:]} {line}"
        elif _BULLET.match(line) or (_SENTENCE_END.search(current) and _opens_with_date(line)):
            paragraphs.append(current)
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha():
            current += line
        else:
            current = f"{current} {line}"
    if current:
        paragraphs.append(current)
    return tuple(paragraphs)


def join_broken_words(lines: Sequence[str], at_edge: Sequence[bool],
                      score: Callable[[str], float], seen: Callable[[str], int]
                      ) -> tuple[str, ...]:
    """Rejoin words the layout broke with no hyphen where a line reached the cell's edge.

    A line whose ``at_edge`` flag is set (its last word reaches the cell's right edge), that
    holds that one word only (a layout breaks a word only when it is wider than the line)
    and that ends in letters is joined to the next line without a space when that
    line opens with a lower-case letter, the two pieces together make a word and the
    pieces apart do not: ``score(w)`` is how common a word is (Zipf scale, 0 for unknown)
    and ``seen(w)`` how often it stands whole in the document. The joined word must be
    common (3 or more) or seen; a piece counts as a word when it is seen, or when it is
    within one Zipf point of the joined word (or of 3, for a word only the document has):
    "some" + "times", "to" + "day" keep their space, while "Pri" + "mary", "presenta" +
    "tion" join. Otherwise the space stays. No
    character is added or dropped: only a line break becomes nothing instead of a space.
    """
    out: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if out and i - 1 < len(at_edge) and at_edge[i - 1] and _broken(out[-1], line, score,
                                                                           seen):
            out[-1] += line
        else:
            out.append(line)
    return tuple(out)


def tail_letters(text: str) -> str:
    """The ASCII letters that end ``text`` (before one final newline), read back from
    the end: ``re.search(r"([A-Za-z]+)$")`` tries every start in a run of letters and
    scans it to the end, quadratic in a long run that does not end the text."""
    body = text[:-1] if text.endswith("\n") else text
    start = len(body)
    while start and body[start - 1] in _ASCII_LETTERS:
        start -= 1
    return body[start:]


def _broken(before: str, after: str, score: Callable[[str], float],
            seen: Callable[[str], int]) -> bool:
    left, head = tail_letters(before), _HEAD_LETTERS.match(after)
    # A layout breaks a word only when it is wider than the whole line: the broken line
    # holds that one word and nothing else.
    if not left or head is None or len(before.split()) != 1:
        return False
    right = head.group(1)
    whole = left + right
    joined = score(whole.lower())
    if joined < 3 and not seen(whole):
        return False
    common = max(joined, 3.0)  # a word of the document alone is taken as common

    def is_word(piece: str) -> bool:
        # Seen whole elsewhere: its other uses count, not this broken one.
        return seen(piece) > 1 or score(piece.lower()) >= common - 1

    return not (is_word(left) and is_word(right))
