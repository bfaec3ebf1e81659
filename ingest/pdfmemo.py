"""Facts about one PDF page worked out once and shared by every reader step.

pdfplumber parses a page's objects once and caches them, but what planparse derives from
them was derived again by each step that needed it: the page's words (``extract_words``
over every character) by the ruled and unruled finders and again by the carried-table
finder, the page's filled boxes once per table on the page, the body type size once per
table (issue 17). :func:`page_memo` keeps each on the page, so it goes when the page goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_SLOT = "_planparse_memo"


def page_memo(page: Any, key: str, make: Callable[[Any], T]) -> T:
    """``make(page)``, worked out on the first call for this page and key only."""
    memo: dict[str, Any] | None = getattr(page, _SLOT, None)
    if memo is None:
        memo = {}
        setattr(page, _SLOT, memo)
    if key not in memo:
        memo[key] = make(page)
    found: T = memo[key]
    return found
