"""Keys that survive republication, and text compared without its layout.

``plan_id``/``action_id`` follow the file's content, so they change with every edit. A
partnership republishing its plan each quarter keeps the *title* (give or take a date or a
"refreshed"/"v3") and the actions' numbers; ``plan_key`` and ``action_key`` are made from
those, so the same plan and the same action carry the same key in every publication.

:func:`normal_text` and :func:`text_signature` are what the comparison of two
publications uses to tell a reworded cell from one merely wrapped differently, printed to
PDF or typed with other quotes and dashes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# Dates in a title say *when* it was published, not *which* plan it is.
_DATE_IN_TITLE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"                      # 01/03/2022, 1.3.22
    r"|\b\d{4}-\d{2}-\d{2}\b"                                   # 2022-03-01
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + _MONTHS + r")\.?(?:\s*,?\s*(?:19|20)\d{2})?\b"
    r"|\b(?:19|20)\d{2}\s*[/-]\s*(?:19|20)?\d{2}\b"             # 2021/22, 2021-2022
    r"|\b(?:19|20)\d{2}\b"                                      # 2022
    r"|\bq[1-4]\b|\b(?:first|second|third|fourth)\s+quarter\b", re.I)
# Words that mark a republication rather than a different plan: "Updated", "refreshed",
# "v3", "version 2", "draft", "final", "as at".
_EDITION_WORDS = re.compile(
    r"\b(?:v|ver|version|rev|revision|issue|edition)\s*\.?\s*\d+(?:\.\d+)*\b"
    r"|\b(?:updated?|updates|refresh(?:ed)?|revised|amended|latest|current|draft|final"
    r"|version|edition|copy|as\s+(?:at|of))\b", re.I)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)", re.I)
_MAX_KEY = 80

# Typographic variants that differ between a Word file, its PDF print and a text export.
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2022": " ", "\u25aa": " ", "\u25cf": " ", "\u25e6": " ", "\u2610": " ",
    "\u2611": " ", "\u2612": " ", "\uf0b7": " ", "\u00ad": "",
})
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:!?)\]])")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return _NON_WORD.sub("-", _ascii(text).lower()).strip("-")


def make_plan_key(title: str) -> str:
    """A plan's key: its title in lower-case words joined by hyphens, without the dates
    and edition words that change between publications ("Child Poppy Action Plan –
    updated March 2022 (v3)" → ``child-poppy-action-plan``). A title that is nothing but
    such words keeps them, rather than becoming empty."""
    spaced = _LETTER_DIGIT.sub(" ", _ascii(title))  # "March2022", "v3" written together
    stripped = _EDITION_WORDS.sub(" ", _DATE_IN_TITLE.sub(" ", spaced))
    key = _slug(stripped) or _slug(title) or "untitled"
    return key[:_MAX_KEY].rstrip("-")


# A word written before the number in some publications only ("Rec 3", "Action 3.").
_REF_WORD = re.compile(r"^(?:recommendations?|rec|actions?|no|number|item|point|ref)\.?"
                       r"(?=\d)")


def normal_ref(ref: str) -> str:
    """An action number compared across publications: case, spaces, a trailing dot and a
    word before the number left out ("1 a.", "1a" and "Rec 1a" agree)."""
    return _REF_WORD.sub("", _SPACE.sub("", ref).rstrip(".").lower())


def make_action_key(plan_key: str, ref: str, finding: str = "", action: str = "") -> str:
    """``plan_key/ref``; an action with no number is known by its text instead
    (``plan_key/t-`` and a digest of its finding and action, layout left out)."""
    number = normal_ref(ref)
    if number:
        return f"{plan_key}/{number}"
    digest = hashlib.sha256(text_signature(f"{finding} {action}").encode()).hexdigest()
    return f"{plan_key}/t-{digest[:10]}"


def normal_text(text: str) -> str:
    """Text with its layout taken out: one space wherever the source had any run of
    spaces, tabs or line breaks, curly quotes and dashes straightened, bullets and
    check-box glyphs dropped, no space before punctuation. What a change report shows."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACE_BEFORE_PUNCT.sub("", _SPACE.sub(" ", text)).strip()


def text_signature(text: str) -> str:
    """The letters and digits of a text, case-folded: two cells with the same signature
    say the same thing, however they were wrapped, hyphenated at a line end or
    punctuated by another writer (Word's smart quotes, a PDF's split words)."""
    return _NON_WORD.sub("", _ascii(normal_text(text)).casefold())


def comparable(text: str) -> str:
    """Lower-case words separated by single spaces: the input to similarity scores."""
    return _NON_WORD.sub(" ", _ascii(normal_text(text)).lower()).strip()


__all__ = ["comparable", "make_action_key", "make_plan_key", "normal_ref", "normal_text",
           "text_signature"]
