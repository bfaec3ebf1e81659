"""Cell text that made a regular expression backtrack: each rewritten check answers as the
expression did on every short string of its alphabet, and long runs no longer stall."""

from __future__ import annotations

import itertools
import re
import time

import pytest

from ingest import read_text_bytes
from normalise import Status, document_to_plans
from normalise.leads import _SPLIT, split_leads
from normalise.progress import _last_word, looks_truncated, split_progress
from normalise.status import _is_filler, read_status
from normalise.unwrap import join_broken_words, tail_letters

_OLD_FILLER = re.compile(
    r"^[\s\-–—:;,./()&+]*(?:and|but|rag|status|rating|-)*[\s\-–—:;,./()&+]*$", re.I)
_OLD_LAST_WORD = re.compile(r"([A-Za-z/]+)[\s,(]*$")


def _strings(alphabet: list[str], longest: int) -> list[str]:
    return ["".join(p) for n in range(longest + 1)
            for p in itertools.product(alphabet, repeat=n)]


def test_the_filler_check_accepts_what_the_expression_accepted() -> None:
    pieces = ["-", " ", "and", "rag", "x", "(", "–", "Status", "ra", "\u2003"]
    for s in _strings(pieces, 4):
        assert _is_filler(s) == bool(_OLD_FILLER.match(s)), repr(s)


def test_the_last_word_is_the_one_the_expression_found() -> None:
    for s in _strings(["a", "B", "/", " ", ",", "(", "1", "\n"], 5):
        old = _OLD_LAST_WORD.search(s)
        assert _last_word(s) == (old.group(1) if old else ""), repr(s)


def test_splitting_leads_is_unchanged_by_collapsing_space_runs() -> None:
    def old(raw: str) -> list[str]:
        parts = (" ".join(p.split()).strip(" .") for p in _SPLIT.split(raw))
        return list(dict.fromkeys(re.sub(r"^[•·▪◦●\-*]\s*", "", p).strip(" .")
                                  for p in parts if p))

    for s in _strings(["A", " ", "/", "\n", "and", "•", "  "], 4):
        assert split_leads(s) == [p for p in old(s) if p], repr(s)


@pytest.mark.parametrize("text", ["-" * 50_000 + "1", " " * 50_000 + "x",
                                  "Amber " + "-" * 50_000 + " x"])
def test_a_long_status_cell_reads_at_once(text: str) -> None:
    # Before: 34 s for 1,500 dashes and a digit, doubling the dashes multiplying it by 10.
    assert read_status(text).status is None


def test_long_runs_of_letters_read_at_once() -> None:
    letters = "a" * 50_000
    # Before: 140 s in looks_truncated for 50,000 letters and a digit.
    assert looks_truncated(letters + "1") is False
    assert looks_truncated("We will share it with the") is True  # the control
    entries = split_progress([f"{letters} 12/11/21 - Done. 13/11/21 - {letters}b"])
    # As for 30 letters: the first date follows words, so it opens no entry; the second
    # follows a sentence end and does.
    assert [(e.raw, e.body[:3], e.body[-6:]) for e in entries] == [
        ("", "aaa", " Done."), ("13/11/21", "aaa", "aaaaab")]
    assert split_leads(" " * 50_000 + "Police /" + " " * 50_000 + "Health") == [
        "Police", "Health"]


def test_the_letters_ending_a_line_are_the_ones_the_expression_found() -> None:
    old = re.compile(r"([A-Za-z]+)$")
    for s in _strings(["a", "Z", "é", " ", "1", "\n", "-"], 5):
        found = old.search(s)
        assert tail_letters(s) == (found.group(1) if found else ""), repr(s)


def test_a_line_of_200000_letters_at_a_cells_edge_joins_at_once() -> None:
    # Before: re.search(r"([A-Za-z]+)$") took 6.4 s for 20,000 letters and a digit,
    # four times as long for each doubling (some 640 s for 200,000).
    letters = "a" * 200_000
    start = time.perf_counter()
    joined = join_broken_words([letters + "1", "tion"], [True], lambda w: 0.0, lambda w: 0)
    assert joined == (letters + "1", "tion")  # ends in a digit: no broken word
    joined = join_broken_words(["presenta", "tion"], [True],
                               lambda w: 4.0 if w == "presentation" else 0.0, lambda w: 0)
    assert joined == ("presentation",)  # the control: a broken word still joins
    assert time.perf_counter() - start < 10  # generous: the expression took minutes


def test_a_csv_row_of_200000_letter_cells_converts_at_once() -> None:
    # Every field of a row holds 200,000 letters ending in a digit (the shape that made
    # the progress and status checks backtrack); the plan keeps every one of them.
    cells = ["a" * 200_000 + "1"] * 6
    text = "No,Action,Lead,Target date,Status,Progress\n1," + ",".join(cells[1:]) + \
        "\n2,Train staff,HR,Jul-21,Complete,Done\n"
    start = time.perf_counter()
    (plan,), _ = document_to_plans(read_text_bytes(text.encode(), "long.csv"))
    assert time.perf_counter() - start < 30  # generous; minutes before the rewrites
    first, second = plan.actions
    assert (first.action, first.lead, first.progress) == (cells[1], cells[2], cells[5])
    assert first.target_date_raw == cells[3] and first.status_raw == cells[4]
    assert (second.action, second.status) == ("Train staff", Status.completed)
