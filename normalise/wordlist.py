"""How common an English word is, for telling a word a layout broke from two words.

The scores are wordfreq's (Zipf scale: 3 is a word met once per million words, 6 once per
thousand), from its small English list: about 29,000 words, loaded on first use only
(0.1 s, 3 MB), so a document with no candidate break never pays for it. Without wordfreq
every word scores 0 and only the document's own words count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

_LETTERS = re.compile(r"[A-Za-z]+")


@cache
def _frequencies() -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade gracefully
        return {}
    return dict(get_frequency_dict("en", wordlist="small"))


def zipf(word: str) -> float:
    """The word's Zipf frequency in English (lower-case it first), 0 when unknown."""
    freq = _frequencies().get(word)
    return round(math.log10(freq) + 9, 2) if freq else 0.0


class Vocabulary:
    """The words a document uses, counted as they stand whole in its cells (by runs of
    letters, case ignored)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, texts: Iterable[str]) -> None:
        """Count the words of some cell texts."""
        for text in texts:
            self.counts.update(w.lower() for w in _LETTERS.findall(text))

    def seen(self, word: str) -> int:
        """How often ``word`` stands whole in what was added."""
        return self.counts[word.lower()]
