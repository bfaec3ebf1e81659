"""Path → :class:`SourceDocument`: pick the reader for the file's real type."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .detect import TEXT_SUFFIXES, decode_text
from .errors import FileTooLargeError, NoTableError, UnsupportedFormatError
from .source import SourceDocument
from .text import read_text_tables

SUPPORTED_SUFFIXES = TEXT_SUFFIXES

#: Files larger than this are refused before they are read (override with ``max_bytes``).
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def is_supported(path: Path) -> bool:
    """True when planparse has a reader for this file's extension."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    display_name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceDocument:
    """Read one file into a :class:`SourceDocument`.

    ``display_name`` is the name recorded as ``source_file`` (default: the path as given).
    Raises an :class:`~ingest.errors.IngestError` subclass when the file as a whole cannot
    be read: unsupported type, empty, undecodable, too large, or holding no table.
    """
    p = Path(path)
    name = display_name or str(path)
    if not is_supported(p):
        raise UnsupportedFormatError(name, f"'{p.suffix or p.name}' files are not supported")
    size = p.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(name, f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    data = p.read_bytes()
    return read_text_bytes(data, name, encoding=encoding)


def read_text_bytes(data: bytes, name: str, *, encoding: str | None = None) -> SourceDocument:
    """Read a text document from bytes (the path-free core of :func:`read_document`)."""
    text, used = decode_text(data, name, encoding)
    title, preamble, tables, notes = read_text_tables(text)
    if not tables:
        raise NoTableError(
            name, "no table found (expected tab-, comma- or pipe-separated rows)")
    return SourceDocument(
        source_file=name,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        tables=tuple(tables),
        title=title,
        preamble=preamble,
        encoding=used,
        notes=tuple(notes),
    )
