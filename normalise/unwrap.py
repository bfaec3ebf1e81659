"""Visual lines → paragraphs, for formats that lose paragraph structure (PDF).

A PDF cell arrives as the lines the layout wrapped it into. A new paragraph starts after a
blank line (paragraph spacing, where the reader could see it), at a bullet, or at a line
that opens with a date right after a line that ended a sentence (a new progress entry);
every other wrap is a space. A line ending in a hyphen is joined to the next without a
space, the hyphen kept: Word does not hyphenate by default, so a hyphen at the end of a
line is almost always a real one ("multi-" + "agency").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dates import DATE_TOKEN

_SENTENCE_END = re.compile(r"[.!?;:]['\"’”)\]]*$")
_BULLET = re.compile(r"^(?:[•·▪◦●*]|-\s|\d+[.)]\s|[a-z][.)]\s)")
_STATUS_LEAD = re.compile(r"^(?:updated?|complete[d]?|progress(?:\s+update)?)\s*[:\-–—]?\s*",
                          re.I)


def _opens_with_date(line: str) -> bool:
    rest = _STATUS_LEAD.sub("", line, count=1)
    m = DATE_TOKEN.match(rest)
    return m is not None


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
        if not current:
            current = line
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
