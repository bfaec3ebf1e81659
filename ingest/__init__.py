"""File → source tables. Knows nothing of action plans and imports nothing of ours."""

from .errors import (
    CorruptFileError,
    DecodeError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    IngestError,
    MissingToolError,
    NeedsOcrError,
    NoTableError,
    PageRangeError,
    TooComplexError,
    UnsupportedFormatError,
)
from .ocr import OcrSettings
from .read import (
    INPUT_FORMATS,
    SUPPORTED_SUFFIXES,
    is_supported,
    read_document,
    read_text_bytes,
    stream_document,
)
from .source import Cell, ReaderNote, SourceDocument, SourceTable, TableStream

__all__ = [
    "INPUT_FORMATS",
    "SUPPORTED_SUFFIXES",
    "Cell",
    "CorruptFileError",
    "DecodeError",
    "EmptyFileError",
    "EncryptedFileError",
    "FileTooLargeError",
    "IngestError",
    "MissingToolError",
    "NeedsOcrError",
    "NoTableError",
    "OcrSettings",
    "PageRangeError",
    "ReaderNote",
    "SourceDocument",
    "SourceTable",
    "TableStream",
    "TooComplexError",
    "UnsupportedFormatError",
    "is_supported",
    "read_document",
    "read_text_bytes",
    "stream_document",
]
