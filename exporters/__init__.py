"""Records → files. Knows nothing of parsing: it reads only normalise's models."""

from .contract import TABLES, all_issues, table_rows, to_text
from .write import FORMATS, UnknownFormatError, parse_formats, write_outputs

__all__ = ["FORMATS", "TABLES", "UnknownFormatError", "all_issues", "parse_formats",
           "table_rows", "to_text", "write_outputs"]
