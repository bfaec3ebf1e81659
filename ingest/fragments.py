"""Cell text clean-up shared by readers: HTML fragments to paragraphs, stray glyphs out."""

from __future__ import annotations

import html
import re
import unicodedata

# Tags that carry paragraph structure inside exported cells. Anything else is inline.
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "br", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
     "blockquote", "dd", "dt", "table", "section", "article", "td", "th", "hr", "pre"}
)
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|br|li|ul|ol|div|span|b|i|u|em|strong|font|a)\b[^>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)

# Glyphs that exporters leave behind: checkboxes, Wingdings in the private use area,
# replacement characters and zero-width marks. They carry no words.
_STRAY = re.compile(
    "[\u2610\u2611\u2612\u25a1\u25a0\ufffd\ue000-\uf8ff\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def fragment_paragraphs(text: str) -> list[str]:
    """Split a cell's raw text into paragraphs.

    HTML fragments (``<p>``, ``<br>``, list items) become paragraph breaks and entities are
    unescaped; plain text is split on line breaks. Empty paragraphs are dropped and runs of
    spaces collapsed, so the result is exactly the visible words, in order.
    """
    if _LOOKS_LIKE_HTML.search(text):
        raw = _html_to_lines(text)
    elif _ENTITY.search(text):
        raw = html.unescape(text).split("\n")
    else:
        raw = text.split("\n")
    out = []
    for line in raw:
        cleaned = _SPACES.sub(" ", line.replace("\r", "")).strip()
        if cleaned:
            out.append(cleaned)
    return out


def _html_to_lines(fragment: str) -> list[str]:
    import lxml.html  # lazy: plain-text cells never need it

    try:
        roots = lxml.html.fragments_fromstring(fragment)
    except Exception:  # lxml raises several types on malformed fragments; fall back to text
        return html.unescape(re.sub(r"<[^>]+>", "\n", fragment)).split("\n")
    parts: list[str] = []
    for root in roots:
        if isinstance(root, str):
            parts.append(root)
            continue
        _walk(root, parts)
    return "".join(parts).split("\n")


def element_paragraphs(el: object, *, skip_tables: bool = True) -> list[str]:
    """Paragraphs of an HTML element (a table cell, a definition): block elements and
    ``<br>`` break lines; nested tables are left out (they are tables of their own)."""
    parts: list[str] = []
    if getattr(el, "text", None):
        parts.append(el.text)  # type: ignore[attr-defined]
    for child in el:  # type: ignore[attr-defined]
        _walk(child, parts, skip_tables=skip_tables)
    out = []
    for line in "".join(parts).split("\n"):
        cleaned = _SPACES.sub(" ", line.replace("\r", "")).strip()
        if cleaned:
            out.append(cleaned)
    return out


def _walk(el: object, parts: list[str], *, skip_tables: bool = False) -> None:
    import lxml.html

    if not isinstance(el, lxml.html.HtmlElement):  # comments, processing instructions
        tail = getattr(el, "tail", None)
        if tail:
            parts.append(tail)
        return
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in ("script", "style", "template", "noscript") or (skip_tables and tag == "table"):
        parts.append("\n")
        if el.tail:
            parts.append(el.tail)
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, skip_tables=skip_tables)
    if block:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def has_stray_glyphs(text: str) -> bool:
    """Whether ``text`` holds a glyph :func:`remove_stray_glyphs` would remove (one scan,
    for the common case of a cell with none)."""
    return _STRAY.search(text) is not None


def remove_stray_glyphs(text: str) -> tuple[str, list[str]]:
    """Remove glyphs that carry no words; return the text and the glyphs removed (named)."""
    found = _STRAY.findall(text)
    if not found:
        return text, []
    names = [f"U+{ord(g):04X} {unicodedata.name(g, 'private use glyph')}" for g in found]
    return _SPACES.sub(" ", _STRAY.sub("", text)), names
