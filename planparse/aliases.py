"""Suggest lead aliases from an output folder's ``leads.csv`` (``planparse leads
--suggest-aliases``): spellings of one lead that differ by a letter, by a split word or by
case ("YSTHFT"/"YTHFT", "Pri mary Care"/"Primary Care"), each paired with the most
frequent spelling, as the ``variant,canonical`` CSV that ``--aliases`` reads.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

__all__ = ["LeadsFileError", "aliases_csv", "read_lead_counts", "suggest_aliases"]

#: Similarity (rapidfuzz, 0-100) at or above which two spellings are called one lead.
#: "YSTHFT"/"YTHFT" score 90.9 (one letter in six); "Police"/"Health" 33.
THRESHOLD = 90.0

_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


class LeadsFileError(ValueError):
    """The folder has no readable ``leads.csv``."""


def read_lead_counts(output_dir: str | Path) -> Counter[str]:
    """How often each lead spelling occurs in ``output_dir/leads.csv``."""
    path = Path(output_dir) / "leads.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or "lead" not in reader.fieldnames:
                raise LeadsFileError(f"{path}: no 'lead' column")
            return Counter(name for row in reader if (name := (row["lead"] or "").strip()))
    except OSError as exc:
        raise LeadsFileError(f"{path}: cannot read it ({exc.strerror or exc}); give the "
                             "output folder of a convert run with csv among its formats"
                             ) from None


def _squashed(name: str) -> str:
    """The spelling without case, spaces or punctuation: a split word joins again."""
    return _NOT_WORD.sub("", name.casefold())


def _sorted_words(name: str) -> str:
    return " ".join(sorted(_NOT_WORD.sub(" ", name.casefold()).split()))


def suggest_aliases(counts: Counter[str], threshold: float = THRESHOLD
                    ) -> list[tuple[str, str]]:
    """``(variant, canonical)`` pairs: each spelling taken in order of frequency (then
    alphabetically) either starts a group, as its canonical, or joins the first, most
    frequent canonical it matches, so groups never chain through middling spellings.

    Two spellings match when their squashed forms (:func:`_squashed`) or their sorted
    words score at least ``threshold`` (rapidfuzz ``ratio`` / ``token_sort_ratio``) and
    they hold the same numbers ("Team 1" and "Team 2" are two teams)."""
    from rapidfuzz import fuzz  # lazy: keeps start-up fast

    canonicals: list[tuple[str, str, str, list[str]]] = []
    pairs: list[tuple[str, str]] = []
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        squashed, words, digits = _squashed(name), _sorted_words(name), _DIGITS.findall(name)
        for canonical, c_squashed, c_words, c_digits in canonicals:
            if digits != c_digits:
                continue
            if (squashed == c_squashed
                    or fuzz.ratio(squashed, c_squashed, score_cutoff=threshold)
                    or fuzz.ratio(words, c_words, score_cutoff=threshold)):
                pairs.append((name, canonical))
                break
        else:
            canonicals.append((name, squashed, words, digits))
    return sorted(pairs, key=lambda p: (p[1].casefold(), p[0]))


def aliases_csv(pairs: Iterable[tuple[str, str]]) -> str:
    """The pairs as the CSV ``--aliases`` reads (a ``variant,canonical`` header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["variant", "canonical"])
    writer.writerows(pairs)
    return buffer.getvalue()
