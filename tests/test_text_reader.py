"""The text reader: tables in free text, HTML fragments in cells, encodings, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import (
    DecodeError,
    EmptyFileError,
    NoTableError,
    UnsupportedFormatError,
    read_document,
    read_text_bytes,
)
from ingest.fragments import fragment_paragraphs

from .conftest import SEED

TSV = "My Plan\nSome words before.\n\nNo\tAction\tLead\n1\tDo it\tPolice\n\n2\tAgain\tHealth\n"


def grid(data: bytes | str, **kw: str) -> list[list[str]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    doc = read_text_bytes(raw, "x.txt", **kw)
    return [[c.text for c in row] for row in doc.tables[0].rows]


def test_tab_table_with_title_preamble_and_blank_line_between_rows() -> None:
    doc = read_text_bytes(TSV.encode(), "plan.txt")
    assert (doc.title, doc.preamble, doc.encoding) == ("My Plan", "Some words before.", "utf-8")
    assert grid(TSV) == [["No", "Action", "Lead"], ["1", "Do it", "Police"],
                         ["2", "Again", "Health"]]


def test_comma_table_with_quoted_commas_and_line_breaks() -> None:
    text = ('Intro, with a comma.\n\nNo,Action,Lead\n1,"Do it, then more",Police\n'
            '2,"Line one\nLine two",Health\n')
    assert grid(text) == [["No", "Action", "Lead"], ["1", "Do it, then more", "Police"],
                          ["2", "Line one\nLine two", "Health"]]


def test_markdown_pipe_table_drops_the_rule_row() -> None:
    text = "# Plan\n\n| No | Action | Lead |\n|---|:---|---:|\n| 1 | A \\| B | Police |\n"
    assert grid(text) == [["No", "Action", "Lead"], ["1", "A | B", "Police"]]


def test_tab_wins_over_commas_in_prose() -> None:
    text = "Title, with, commas, here\nNo\tAction, with comma\tLead\n1\tx, y\tz\n"
    assert grid(text) == [["No", "Action, with comma", "Lead"], ["1", "x, y", "z"]]


@pytest.mark.parametrize(("raw", "paragraphs"), [
    ("<p>One.</p> <p>Two.</p>", ["One.", "Two."]),
    ("First<br>Second<br/>Third", ["First", "Second", "Third"]),
    ("<ul><li>a</li><li>b</li></ul>", ["a", "b"]),
    ("Fish &amp; chips &lt;3", ["Fish & chips <3"]),
    ("<p>Tom &amp; Jerry</p><p><b>bold</b> text</p>", ["Tom & Jerry", "bold text"]),
    ("plain  text\u00a0here", ["plain text here"]),
    ("a < b and c > d", ["a < b and c > d"]),
])
def test_html_fragments_become_paragraphs(raw: str, paragraphs: list[str]) -> None:
    assert fragment_paragraphs(raw) == paragraphs


def test_stray_glyph_removed_with_a_note() -> None:
    doc = read_text_bytes("No\tAction\tLead\n1\tCheck \u2610\tPolice\n".encode(), "x.txt")
    assert doc.tables[0].rows[1][1].text == "Check"
    (note,) = doc.notes
    assert (note.code, note.row_index, note.col_index) == ("stray-glyph-removed", 1, 1)
    assert "BALLOT BOX" in note.message


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("cp1252", "cp1252")])
def test_encodings(encoding: str, expected: str) -> None:
    text = ("Plan for Zoë and the café’s staff\nNo\tAction\tLead\n"
            "1\tRéview café – policy for Zoë’s school\tSocial Care\n")
    doc = read_text_bytes(text.encode(encoding), "x.txt")
    assert doc.tables[0].rows[1][1].text == "Réview café – policy for Zoë’s school"
    assert doc.encoding == expected
    assert doc.tables[0].rows[0][0].text == "No"  # no BOM leaks into the first header


def test_latin1_accents_survive() -> None:
    text = "Plan\nNo\tAction\tLead\n1\tRéview of café staff training\tSocial Care\n"
    doc = read_text_bytes(text.encode("latin-1"), "x.txt")
    assert doc.tables[0].rows[1][1].text == "Réview of café staff training"


def test_encoding_override() -> None:
    data = "No\tAction\tLead\n1\tcafé\tx\n".encode("latin-1")
    assert grid(data, encoding="latin-1")[1][1] == "café"
    with pytest.raises(DecodeError, match="--encoding"):
        read_text_bytes("No\tAction\n1\tcafé\n".encode("utf-16"), "x.txt", encoding="ascii")


def test_seed_reads_as_one_table_of_nine_rows() -> None:
    doc = read_document(SEED)
    assert (doc.title, len(doc.tables), len(doc.tables[0].rows)) == (
        "Child Poppy Action Plan", 1, 9)
    assert doc.preamble.startswith("On the 2nd July 2020, Poppy had contacted")
    progress = doc.tables[0].rows[1][3].paragraphs
    assert len(progress) == 4 and progress[0].startswith("26/11/21 - Poppy action plan")


@pytest.mark.parametrize(("content", "error", "words"), [
    (b"", EmptyFileError, "empty"),
    (b"   \n\n", EmptyFileError, "empty"),
    (b"Just a paragraph of prose.\nAnd another one.\n", NoTableError, "no table"),
    (bytes(range(256)) * 20, DecodeError, "binary"),
])
def test_bad_input_raises_one_clear_error(content: bytes, error: type[Exception],
                                          words: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_document(path)
    assert str(info.value).startswith(str(path)) and words in str(info.value)


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError):
        read_document(path)
