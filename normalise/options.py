"""The settings that change how values are read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .dates import DateOrder
from .defaults import DEFAULT_DATE_ORDER, DEFAULT_STALE_DAYS
from .models import Rag
from .vocabulary import Vocabulary


@dataclass(frozen=True, slots=True)
class Options:
    """Settings that change how values are read (and so the cache key of a file)."""

    date_order: DateOrder = DEFAULT_DATE_ORDER
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: A publisher's own colour key: fill ``RRGGBB`` → rag, tried before hue matching.
    colour_key: Mapping[str, Rag] = field(default_factory=dict)
    #: The date audit fields are computed as of: a date, "today", or None for each
    #: plan's latest dated progress entry.
    as_of: date | str | None = None
    stale_days: int = DEFAULT_STALE_DAYS
    #: A user's header synonyms, status and RAG words (``--vocabulary FILE``), beside the
    #: built-in ones; ``None`` for the built-in alone. Its
    #: :meth:`~normalise.vocabulary.Vocabulary.fingerprint` belongs in the cache key.
    vocabulary: Vocabulary | None = None
