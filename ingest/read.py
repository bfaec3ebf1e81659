"""Path → :class:`SourceDocument`: pick the reader for the file's real type.

The extension says what the user expects; the first bytes say what the file is. A file
whose content contradicts its extension is read by its content when we can (a .txt that is
really a Word file) and refused with a clear message when we cannot.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable
from pathlib import Path

from .detect import TEXT_SUFFIXES, decode_text, sniff
from .errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    IngestError,
    NoTableError,
    UnsupportedFormatError,
)
from .legacy import LEGACY_SUFFIXES
from .ocr import OcrSettings
from .source import MAX_TABLE_ROWS, SourceDocument, TableStream
from .text import read_text_tables

WORD_SUFFIXES = frozenset({".docx", ".docm"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm"})
PDF_SUFFIXES = frozenset({".pdf"})
#: Scans, read by OCR (:mod:`.image`); the same set as ``image.IMAGE_SUFFIXES``.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | WORD_SUFFIXES | LEGACY_SUFFIXES | HTML_SUFFIXES
                      | SHEET_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES)
#: ``--input-format`` names (for standard input) → the suffix that selects the reader.
INPUT_FORMATS = {"txt": ".txt", "csv": ".csv", "md": ".md", "html": ".html", "docx": ".docx",
                 "xlsx": ".xlsx", "pdf": ".pdf", "doc": ".doc", "odt": ".odt", "rtf": ".rtf",
                 "xls": ".xls", "png": ".png", "jpeg": ".jpg", "tiff": ".tif"}

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
    password: str | None = None,
    max_pages: int | None = None,
    pages: Iterable[int] | None = None,
    ocr: OcrSettings | None = None,
) -> SourceDocument:
    """Read one file into a :class:`SourceDocument`.

    ``display_name`` is the name recorded as ``source_file`` (default: the path as given).
    ``password``, ``max_pages`` and ``pages`` (1-based) apply to PDFs.
    Raises an :class:`~ingest.errors.IngestError` subclass when the file as a whole cannot
    be read: unsupported type, empty, corrupt, encrypted, too large, or holding no table.
    """
    doc = _read(Path(path), display_name or str(path), encoding, max_bytes, password,
                max_pages, pages, stream=False, ocr=ocr)
    return doc.collect() if isinstance(doc, TableStream) else doc


def stream_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    display_name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    password: str | None = None,
    max_pages: int | None = None,
    pages: Iterable[int] | None = None,
    ocr: OcrSettings | None = None,
) -> TableStream:
    """Like :func:`read_document`, but the tables come one at a time: a PDF is read a
    page at a time as the stream is consumed, so a long one never sits in memory whole.
    Its whole-file errors may then be raised while the stream is iterated."""
    doc = _read(Path(path), display_name or str(path), encoding, max_bytes, password,
                max_pages, pages, stream=True, ocr=ocr)
    return doc if isinstance(doc, TableStream) else TableStream.of(doc)


def _read(p: Path, name: str, encoding: str | None, max_bytes: int, password: str | None,
          max_pages: int | None, pages: Iterable[int] | None, *, stream: bool,
          ocr: OcrSettings | None = None) -> SourceDocument | TableStream:
    suffix = p.suffix.lower()
    if not is_supported(p):
        raise UnsupportedFormatError(name, f"'{p.suffix or p.name}' files are not supported")
    st = p.stat()
    if not stat.S_ISREG(st.st_mode):
        # A pipe or a device would block for ever or never end: only files are read.
        raise IngestError(name, "not a regular file (a pipe or a device?); only files are read")
    size = st.st_size
    if size == 0:
        raise EmptyFileError(name, "the file is empty")
    if size > max_bytes:
        raise FileTooLargeError(name, f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    with p.open("rb") as fh:
        kind = sniff(fh.read(2048))
    if kind == "zip":
        package = _zip_kind(p)
        if suffix in (".odt", ".ods") and package == "other":
            return _legacy(p, name)
        if package == "xlsx":
            from .sheets import read_xlsx

            return read_xlsx(p, name)
        from .docx import read_docx  # a .docx, or a Word file whose extension lies

        return _require_tables(read_docx(p, name))
    if kind == "ole":
        if suffix in (".doc", ".xls"):
            return _legacy(p, name)
        raise EncryptedFileError(name, "this is a password-protected Office file (or a "
                                 "legacy .doc or .xls renamed); remove the password or save it "
                                 "as .docx or .xlsx")
    if kind == "rtf" or suffix in LEGACY_SUFFIXES:
        return _legacy(p, name)
    if kind == "pdf":
        from .pdf import DEFAULT_MAX_PAGES, stream_pdf

        tables = stream_pdf(p, name, password=password, pages=pages,
                            max_pages=max_pages or DEFAULT_MAX_PAGES, ocr=ocr)
        return tables if stream else tables.collect()
    if suffix in IMAGE_SUFFIXES:
        from .image import stream_image

        tables = stream_image(p, name, pages=pages, max_pages=max_pages or 2000, ocr=ocr)
        return tables if stream else tables.collect()
    if suffix in PDF_SUFFIXES:
        raise CorruptFileError(name, "not a valid PDF (it does not start with %PDF)")
    if suffix in SHEET_SUFFIXES:
        raise CorruptFileError(name, "not a valid workbook (it is not a zip package)")
    if suffix in HTML_SUFFIXES or kind == "html":
        from .html import read_html

        return read_html(p.read_bytes(), name, encoding=encoding)
    if suffix in WORD_SUFFIXES:
        raise CorruptFileError(name, "not a valid Word file (it is not a zip package)")
    return read_text_bytes(p.read_bytes(), name, encoding=encoding)


def _zip_kind(p: Path) -> str:
    """``docx``, ``xlsx`` or ``other``: what an Office Open XML package holds."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):
        # A damaged package: the extension decides which reader says so.
        return "xlsx" if p.suffix.lower() in SHEET_SUFFIXES else "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names or "[Content_Types].xml" in names:
        return "docx"
    return "other"


def _legacy(p: Path, name: str) -> SourceDocument:
    from .legacy import read_via_libreoffice

    if p.suffix.lower() in (".xls", ".ods"):
        from .sheets import read_xlsx

        return read_via_libreoffice(p, name, read_xlsx)
    from .docx import read_docx

    return _require_tables(read_via_libreoffice(p, name, read_docx))


def _require_tables(doc: SourceDocument) -> SourceDocument:
    if not doc.tables:
        raise NoTableError(doc.source_file, "no table found in the document")
    return doc


def read_text_bytes(data: bytes, name: str, *, encoding: str | None = None) -> SourceDocument:
    """Read a text document from bytes (the path-free core of :func:`read_document`)."""
    text, used = decode_text(data, name, encoding)
    title, preamble, tables, notes = read_text_tables(text)
    longest = max((len(t.rows) for t in tables), default=0)
    if longest > MAX_TABLE_ROWS:
        raise FileTooLargeError(name, f"a table has {longest:,} rows (limit {MAX_TABLE_ROWS:,})")
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
