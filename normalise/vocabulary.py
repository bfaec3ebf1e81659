"""A user's vocabulary: header synonyms, status words and RAG words beyond the built-in.

A publisher the built-in synonyms (:data:`normalise.headers.SYNONYMS`) have never seen
heads its columns "Intervention", "Champion", "Deliver by": no table looks like an action
plan, and nothing in the code should have to change for it. A vocabulary file says what
those words mean, as TOML::

    [headers]                       # canonical field = [the publisher's headers]
    action = ["Intervention"]
    lead = ["Champion", "Owner(s)"]
    [status]                        # status = [words or phrases]
    completed = ["signed off"]
    [rag]                           # rating = [words]
    green = ["emerald"]

or as CSV with the columns ``kind,name,word`` (``header,action,Intervention``;
``status,completed,signed off``; ``rag,green,emerald``).

The file's words are added to the built-in ones; where a header is in both, the user's
field wins (it is the user's publisher). Status and RAG words are tried before the
built-in phrases. Loading checks every name against the contract (the fields of
:data:`~normalise.headers.FIELDS`, :class:`~normalise.models.Status`,
:class:`~normalise.models.Rag`) and says which line is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TypeVar

from .headers import FIELDS, SYNONYMS, squash
from .models import Rag, Status

_KINDS = ("header", "status", "rag")
E = TypeVar("E", bound=Enum)
_TOML_TABLES = {"headers": "header", "status": "status", "rag": "rag"}


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used: its message names the file and the entry."""


@dataclass(frozen=True)
class Vocabulary:
    """Header synonyms per field, status words and RAG words added to the built-in ones.

    ``Vocabulary()`` is the built-in vocabulary alone: every reader given it behaves as
    when given none.
    """

    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    status_words: Mapping[str, Status] = field(default_factory=dict)
    rag_words: Mapping[str, Rag] = field(default_factory=dict)
    source: str | None = None
    #: squashed header → field: the built-in synonyms with the user's laid over them.
    exact: Mapping[str, str] = field(init=False, repr=False, compare=False)
    #: The user's status phrases, longest first, each with its status.
    status_patterns: tuple[tuple[Status, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False)
    #: The user's RAG words as one pattern (``None`` without any).
    rag_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in self.headers:
            if name not in FIELDS:
                raise VocabularyError(f"{self.source or 'vocabulary'}: unknown field "
                                      f"'{name}' (fields: {', '.join(FIELDS)})")
        exact = {squash(s): f for f, syns in SYNONYMS.items() for s in syns}
        exact.update({squash(s): f for f, syns in self.headers.items() for s in syns
                      if squash(s)})
        phrases = sorted(self.status_words.items(), key=lambda kv: -len(kv[0]))
        patterns = tuple((status, _phrase(words)) for words, status in phrases)
        rag = (re.compile(r"\b(" + "|".join(_words(w) for w in sorted(
            self.rag_words, key=len, reverse=True)) + r")\b", re.I)
               if self.rag_words else None)
        object.__setattr__(self, "exact", exact)
        object.__setattr__(self, "status_patterns", patterns)
        object.__setattr__(self, "rag_pattern", rag)

    def rag_of(self, word: str) -> Rag | None:
        """The rating of a RAG word of this vocabulary (case and spacing ignored)."""
        key = " ".join(word.lower().split())
        return next((r for w, r in self.rag_words.items()
                     if " ".join(w.lower().split()) == key), None)

    def fingerprint(self) -> str:
        """A digest of the words (not of where they came from): part of a file's cache
        key, so a changed vocabulary reads the files again."""
        data = {"headers": {f: sorted(s) for f, s in sorted(self.headers.items())},
                "status": sorted((w, s.value) for w, s in self.status_words.items()),
                "rag": sorted((w, r.value) for w, r in self.rag_words.items())}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


BUILTIN = Vocabulary()


def _words(text: str) -> str:
    """A phrase as a pattern: its words in order, any run of spaces between them."""
    return r"\s+".join(re.escape(w) for w in text.split())


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_words(text)}(?!\w)", re.I)


def from_entries(entries: Iterable[tuple[str, str, str]], source: str | None = None
                 ) -> Vocabulary:
    """A vocabulary from ``(kind, name, word)`` triples: ``("header", "action",
    "Intervention")``, ``("status", "completed", "signed off")``, ``("rag", "green",
    "emerald")``. Raises :class:`VocabularyError` naming the first bad entry."""
    where = source or "vocabulary"
    headers: dict[str, list[str]] = {}
    status: dict[str, Status] = {}
    rag: dict[str, Rag] = {}
    for n, (kind, name, word) in enumerate(entries, start=1):
        kind, name, word = kind.strip().lower(), name.strip().lower(), " ".join(word.split())
        at = f"{where}: entry {n} ({kind} {name!r} {word!r})"
        if not word:
            raise VocabularyError(f"{at}: the word is empty")
        if kind == "header":
            if name not in FIELDS:
                raise VocabularyError(f"{at}: unknown field (fields: {', '.join(FIELDS)})")
            headers.setdefault(name, []).append(word)
        elif kind == "status":
            status[word] = _member(Status, name, f"{at}: unknown status (statuses")
        elif kind == "rag":
            rag[word] = _member(Rag, name, f"{at}: unknown RAG rating (ratings")
        else:
            raise VocabularyError(f"{at}: unknown kind (kinds: {', '.join(_KINDS)})")
    return Vocabulary({f: tuple(w) for f, w in headers.items()}, status, rag, source)


def _member(enum: type[E], name: str, error: str) -> E:
    """``enum(name)``, or a :class:`VocabularyError` ending with the values it takes."""
    try:
        return enum(name)
    except ValueError:
        raise VocabularyError(f"{error}: {', '.join(m.value for m in enum)})") from None


def _toml_entries(data: Mapping[str, object], where: str) -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for table, value in data.items():
        kind = _TOML_TABLES.get(table)
        if kind is None or not isinstance(value, dict):
            raise VocabularyError(f"{where}: unknown table [{table}] (tables: "
                                  f"{', '.join(f'[{t}]' for t in _TOML_TABLES)})")
        for name, words in value.items():
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise VocabularyError(f"{where}: [{table}] {name} must be a list of words")
            entries.extend((kind, name, w) for w in words)
    return entries


def _csv_entries(text: str, where: str) -> list[tuple[str, str, str]]:
    rows = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    if rows and [c.strip().lower() for c in rows[0]] == ["kind", "name", "word"]:
        rows = rows[1:]
    entries = []
    for n, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise VocabularyError(f"{where}: row {n} has {len(row)} columns; a vocabulary "
                                  "CSV has three: kind,name,word")
        entries.append((row[0], row[1], row[2]))
    return entries


def from_tables(data: Mapping[str, object], source: str | None = None) -> Vocabulary:
    """A vocabulary from the tables of a TOML file already read (``{"headers": {"lead":
    ["Champion"]}, "status": {...}, "rag": {...}}``), as a config file holds it inline.
    Raises :class:`VocabularyError` naming ``source`` and the bad entry."""
    return from_entries(_toml_entries(data, source or "vocabulary"), source)


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read a vocabulary file (``.toml``, or ``.csv`` with ``kind,name,word``). Raises
    :class:`VocabularyError` with one line naming the file and the problem."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{where}: cannot read the vocabulary file ({exc})") from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            entries = _toml_entries(tomllib.loads(text), where)
        except tomllib.TOMLDecodeError as exc:
            raise VocabularyError(f"{where}: not valid TOML ({exc})") from None
    elif suffix == ".csv":
        entries = _csv_entries(text, where)
    else:
        raise VocabularyError(f"{where}: a vocabulary file is .toml or .csv")
    return from_entries(entries, where)


__all__ = ["BUILTIN", "Vocabulary", "VocabularyError", "from_entries", "from_tables",
           "load_vocabulary"]
