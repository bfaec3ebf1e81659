"""The one exception tree for whole-file failures.

Problems inside the data are never raised: they travel as records. A reader raises one of
these only when the file as a whole cannot be read; the batch runner catches
:class:`IngestError` and reports ``str(error)`` as one line.
"""

from __future__ import annotations


class IngestError(Exception):
    """A whole file could not be read. ``code`` is stable and kebab-case."""

    code = "unreadable-file"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UnsupportedFormatError(IngestError):
    """The file is of a type planparse does not read."""

    code = "unsupported-format"


class EmptyFileError(IngestError):
    """The file has no content at all."""

    code = "empty-file"


class DecodeError(IngestError):
    """The bytes are not text in any encoding we can recognise."""

    code = "undecodable-text"


class NoTableError(IngestError):
    """The document holds no table."""

    code = "no-table"


class FileTooLargeError(IngestError):
    """The file is larger than the configured limit."""

    code = "file-too-large"


class CorruptFileError(IngestError):
    """The file is damaged or truncated, or is not what its extension says."""

    code = "corrupt-file"


class EncryptedFileError(IngestError):
    """The file is password-protected."""

    code = "encrypted-file"


class MissingToolError(IngestError):
    """Reading this file needs a program that is not installed (LibreOffice)."""

    code = "missing-tool"


class PageRangeError(IngestError):
    """Every page asked for (``--pages``) is past the document's last page."""

    code = "page-out-of-range"


class NeedsOcrError(IngestError):
    """The PDF has no text layer: a scan that needs OCR first."""

    code = "needs-ocr"


class TooComplexError(IngestError):
    """The file is small but would take too much to read: merged cells spanning millions
    of grid positions, nesting too deep, more memory than the worker may use."""

    code = "too-complex"
