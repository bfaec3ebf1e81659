"""Grey shades as RAG (normalise/shades.py): read only on a copy with no colour, only when
the plan's shades follow the order the standard RAG colours print in grey, and always
reported. The page model alone: no Tesseract needed."""

from __future__ import annotations

from ingest import Cell, SourceDocument, SourceTable
from normalise import Rag, RagSource, document_to_plans
from normalise.options import Options
from normalise.shades import BANDS, luma, read_shades

HEADER = ("No", "Action", "Lead", "Target date", "Status", "RAG")


def _plan(rag_fills: list[str | None], *, colourless: bool = True,
          header_fill: str | None = None, banded: str | None = None,
          colour_key: dict[str, Rag] | None = None
          ) -> tuple[list[tuple[Rag | None, RagSource | None]], list[str]]:
    rows = [tuple(Cell((h,), header_fill) for h in HEADER)]
    for n, fill in enumerate(rag_fills, 1):
        band = banded if n % 2 == 0 else None
        rows.append((Cell((str(n),), band), Cell((f"Do thing {n}",), band),
                     Cell(("Ann Lee",), band), Cell(("March 2021",), band),
                     Cell(("In progress",), band), Cell((), fill or band)))
    table = SourceTable(0, tuple(rows), page=1, ocr=True, colourless=colourless)
    doc = SourceDocument("plan.pdf", "pdf", "0" * 64, (table,))
    (plan,), _ = document_to_plans(doc, Options(colour_key=colour_key or {}))
    return ([(a.rag, a.rag_source) for a in plan.actions],
            [i.code for i in plan.issues if i.code.startswith("rag-")])


def test_the_standard_colours_keep_their_order_in_grey() -> None:
    assert round(luma("00B050") or 0) == 112 and round(luma("FFC000") or 0) == 189
    assert BANDS[Rag.red][1] < BANDS[Rag.green][0] and BANDS[Rag.green][1] < BANDS[Rag.amber][0]
    assert read_shades([64, 112, 176]) == {64: Rag.red, 112: Rag.green, 176: Rag.amber}
    assert read_shades([112, 114, 176]) == {112: Rag.green, 114: Rag.green, 176: Rag.amber}
    assert read_shades([64, 112]) == {64: Rag.red, 112: Rag.green}
    assert read_shades([64, 176]) is None  # light green or amber: either, so neither
    assert read_shades([112]) is None and read_shades([170, 185]) is None


def test_a_colourless_copys_shades_give_the_rag_and_say_so() -> None:
    got, issues = _plan(["707070", "B0B0B0", "707070", None])
    green, amber = (Rag.green, RagSource.colour), (Rag.amber, RagSource.colour)
    assert got == [green, amber, green, (None, None)]
    assert issues == ["rag-from-shade"] * 3


def test_grey_is_grey_in_a_files_own_colours() -> None:
    """Control: the same grey fills in a text layer (or Word, a sheet) are not a RAG."""
    got, issues = _plan(["707070", "B0B0B0", "707070"], colourless=False)
    assert got == [(None, None)] * 3 and issues == []


def test_header_shading_and_banded_rows_invent_no_rag() -> None:
    got, issues = _plan([None, None, None, None], header_fill="D9D9D9", banded="BFBFBF")
    assert got == [(None, None)] * 4 and issues == []


def test_one_shade_is_reported_not_read_and_the_key_reads_it() -> None:
    got, issues = _plan(["707070", "707070"])
    assert got == [(None, None)] * 2 and issues == ["rag-shade-unread"] * 2
    # A scan repeats a shade only roughly: the key's grey reads the cells near it.
    got, issues = _plan(["707070", "747474"], colour_key={"727272": Rag.green})
    assert got == [(Rag.green, RagSource.colour)] * 2 and issues == []
