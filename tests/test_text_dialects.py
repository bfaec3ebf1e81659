"""Choosing the delimiter of a text table when cells hold other delimiters, and CSV fields
longer than the csv module's default limit."""

from __future__ import annotations

import csv

from ingest import read_text_bytes

CSV_ROWS = [["No", "Action", "Lead", "Status"],
            ["1", "Share the briefing", "Police | Health | Schools", "Complete"],
            ["2", "Audit the files", "Health | Education | CYSCP", "Open"],
            ["3", "Train the staff", "CYSCP", "Open"],
            ["4", "Report to the board", "Police", "Complete"]]


def _csv(rows: list[list[str]]) -> str:
    return "".join(",".join(f'"{c}"' if ("," in c or "\t" in c) else c for c in r) + "\n"
                   for r in rows)


def grid(text: str) -> list[list[str]]:
    doc = read_text_bytes(text.encode("utf-8"), "x.csv")
    assert len(doc.tables) == 1
    return [[c.text for c in row] for row in doc.tables[0].rows]


def test_pipes_inside_two_adjacent_csv_cells_do_not_make_a_pipe_table() -> None:
    assert grid("Our plan\n\n" + _csv(CSV_ROWS)) == CSV_ROWS


def test_tabs_inside_two_adjacent_csv_cells_do_not_make_a_tab_table() -> None:
    rows = [r[:] for r in CSV_ROWS]
    rows[1][1], rows[2][1] = "Share\tthe briefing", "Audit\tthe files"
    # A tab inside a cell is white space there, as any run of spaces is.
    assert grid(_csv(rows)) == [[c.replace("\t", " ") for c in r] for r in rows]


def test_a_tab_table_with_commas_in_its_cells_stays_a_tab_table() -> None:
    rows = [["No", "Action", "Lead"], ["1", "Police, Health, and Education", "A, B, C"],
            ["2", "One, two, three", "D"], ["3", "Plain", "E, F, G"]]
    assert grid("\n".join("\t".join(r) for r in rows) + "\n") == rows


def test_a_pipe_table_with_commas_in_its_cells_stays_a_pipe_table() -> None:
    text = ("| No | Action | Lead |\n|---|---|---|\n| 1 | Police, Health, Education | A |\n"
            "| 2 | One, two, three | B, C, D |\n")
    assert grid(text) == [["No", "Action", "Lead"], ["1", "Police, Health, Education", "A"],
                          ["2", "One, two, three", "B, C, D"]]


def test_a_csv_field_of_200000_characters_keeps_its_row_whole() -> None:
    long = "word, " * 33_334  # 200,004 characters, a comma every six
    rows = [["No", "Action", "Progress", "Lead"], ["1", "Write", long.strip(), "Police"],
            ["2", "Read", "done", "Health"]]
    limit = csv.field_size_limit()
    got = grid(_csv(rows))
    assert csv.field_size_limit() == limit  # the process-wide limit is put back
    assert [len(r) for r in got] == [4, 4, 4]
    assert got[1][2] == long.strip() and got[1][3] == "Police"
    assert got[2] == ["2", "Read", "done", "Health"]
