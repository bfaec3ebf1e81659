"""The parts of a Word package around its body: where the body is, its styles, its theme
colours and its title, read straight from the zip with lxml.

python-docx's ``Document()`` parsed ``document.xml`` (the largest part by far) into its own
element classes only for these three small parts, and the reader then parsed the body a
second time: twice the time and twice the memory of one parse (issue 17). Here each part
is found through the package's relationships, as Office does, and parsed on its own.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .errors import CorruptFileError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_TYPES = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


@dataclass
class WordParts:
    """What the reader needs from the package besides the body."""

    document: str  # the zip member holding the main document part
    styles: dict[str, str] = field(default_factory=dict)  # style id → style name
    theme: dict[str, str] = field(default_factory=dict)  # scheme slot → RRGGBB
    title: str | None = None


def parser() -> Any:
    """An lxml parser that never resolves entities nor fetches anything (hostile XML
    stays inert; an entity bomb fails to parse instead of expanding)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_parts(zf: zipfile.ZipFile, name: str) -> WordParts:
    """Find the main document part and read styles, theme and title from ``zf``."""
    package = _relationships(zf, "_rels/.rels", "", name)
    document = _target(package, "officeDocument") or "word/document.xml"
    if document not in zf.NameToInfo:
        raise CorruptFileError(name, f"not a readable Word document (there is no part "
                               f"named '{document}')")
    base = posixpath.dirname(document)
    rels = _relationships(zf, posixpath.join(base, "_rels", posixpath.basename(document)
                                             + ".rels"), base, name)
    parts = WordParts(document=document)
    styles = _target(rels, "styles")
    if styles and styles in zf.NameToInfo:
        parts.styles = _styles(_parse(zf, styles, "styles", name))
    theme = _target(rels, "theme")
    if theme and theme in zf.NameToInfo:
        parts.theme = _theme(_parse(zf, theme, "theme", name))
    core = package.get(_CORE)
    if core and core in zf.NameToInfo:
        found = _parse(zf, core, "core properties", name).find(f"{_DC}title")
        parts.title = ((found.text if found is not None else "") or "").strip() or None
    return parts


def _parse(zf: zipfile.ZipFile, member: str, what: str, name: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(zf.read(member), parser())
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(name, f"the {what} part is damaged ({exc})") from None


def _relationships(zf: zipfile.ZipFile, member: str, base: str, name: str) -> dict[str, str]:
    """Relationship type → the zip member it points at (internal targets only)."""
    if member not in zf.NameToInfo:
        return {}
    out: dict[str, str] = {}
    for rel in _parse(zf, member, "relationships", name).iter(f"{_RELS}Relationship"):
        target = rel.get("Target", "")
        if not target or rel.get("TargetMode") == "External":
            continue
        # Targets are relative to the part's folder, or absolute from the package root.
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(base, target))
        out.setdefault(rel.get("Type", ""), path)
    return out


def _target(rels: dict[str, str], kind: str) -> str | None:
    return rels.get(_REL_TYPES + kind) or rels.get(_STRICT_TYPES + kind)


def _styles(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        found = style.find(f"{W}name")
        out[style.get(f"{W}styleId", "")] = (found.get(f"{W}val", "")
                                             if found is not None else "")
    return out


def _theme(root: Any) -> dict[str, str]:
    """The theme's colour scheme (accent1 → RRGGBB, …), for themed cell fills."""
    scheme = root.find(f".//{_A}clrScheme")
    out: dict[str, str] = {}
    if scheme is None:
        return out
    for slot in scheme:
        if not isinstance(slot.tag, str):
            continue
        key = slot.tag.split("}")[1]
        srgb = slot.find(f"{_A}srgbClr")
        sys = slot.find(f"{_A}sysClr")
        if srgb is not None:
            out[key] = srgb.get("val", "").upper()
        elif sys is not None:
            out[key] = sys.get("lastClr", "").upper()
    return out
