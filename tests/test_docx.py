"""Word documents: the seed in every publisher layout gives the same plan as the text
sample; the shared corpus gives its maintainers' expected grids; bad files fail cleanly."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ingest import (
    CorruptFileError,
    EncryptedFileError,
    FileTooLargeError,
    MissingToolError,
    read_document,
)
from ingest.legacy import component_for, installed_components
from normalise import Plan, Rag, RagSource
from normalise.colours import rag_from_fill
from normalise.inspect import describe_tables
from planparse import read

from .conftest import FIXTURES, signature

DOCX = FIXTURES / "docx"
LAYOUTS = ["plain", "cover_title_glossary", "merged_cells", "colour_rag", "split_table",
           "split_no_header"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_text_samples_plan(layout: str, text_plan: Plan) -> None:
    (plan,) = read(DOCX / f"{layout}.docx")
    assert plan.title == "Child Poppy Action Plan"
    assert plan.action_count == 8
    assert sum(len(a.entries) for a in plan.actions) == 19
    assert signature(plan) == signature(text_plan)
    assert [i.code for i in plan.issues] == ["truncated-cell"]


def test_merged_cells_apply_to_every_row_they_cover() -> None:
    doc = read_document(DOCX / "merged_cells.docx")
    (table,) = describe_tables(doc)
    lead = table["rows"][0].index("Lead")
    assert [row[lead] for row in table["rows"][5:9]] == [
        "YSTHFT / CSC/ CYSCP", None, "YorSexual Health/YTHFT", None]
    (plan,) = read(DOCX / "merged_cells.docx")
    assert plan.actions[7].target_date_raw == "Aug-21"
    assert plan.actions[7].status_raw == "Completed"


def test_colour_only_rag_column() -> None:
    (plan,) = read(DOCX / "colour_rag.docx")
    assert [(a.rag, a.rag_source) for a in plan.actions] == (
        [(Rag.green, RagSource.colour)] * 5 + [(Rag.amber, RagSource.colour)]
        + [(Rag.green, RagSource.colour)] * 2)
    assert plan.header_map["RAG"] == "rag" and plan.header_map["Status"] == "status"
    (colour_keyed,) = read(DOCX / "colour_rag.docx", colour_key="00B050=blue")
    assert colour_keyed.actions[0].rag is Rag.blue


def test_cover_and_glossary_tables_are_reported_not_exported() -> None:
    doc = read_document(DOCX / "cover_title_glossary.docx")
    assert [t["is_plan"] for t in describe_tables(doc)] == [False, True, False]
    from normalise import document_to_plans

    plans, issues = document_to_plans(doc)
    assert [p.table_index for p in plans] == [1]
    assert [(i.code, i.table_index) for i in issues] == [("not-an-action-plan", 0),
                                                         ("not-an-action-plan", 2)]


@pytest.mark.parametrize("layout", ["split_table", "split_no_header"])
def test_split_table_is_one_plan_with_each_rows_own_table(layout: str) -> None:
    (plan,) = read(DOCX / f"{layout}.docx")
    assert [a.table_index for a in plan.actions] == [0] * 4 + [1] * 4
    assert [a.seq for a in plan.actions] == list(range(1, 9))


@pytest.mark.parametrize(("fill", "rag"), [
    ("00B050", Rag.green), ("92D050", Rag.green), ("FFC000", Rag.amber),
    ("FFFF00", Rag.amber), ("FF0000", Rag.red), ("C00000", Rag.red), ("0070C0", Rag.blue),
    ("00B0F0", Rag.blue), ("F4B084", Rag.amber), ("DEEAF6", None), ("E2EFDA", None),
    ("FFFFFF", None), ("D9D9D9", None), ("000000", None), ("C6EFCE", Rag.green),
    ("FFEB9C", Rag.amber), ("FFC7CE", Rag.red)])
def test_fill_hues(fill: str, rag: Rag | None) -> None:
    assert rag_from_fill(fill) == rag


def test_theme_fill_with_tint_is_resolved() -> None:
    from lxml import etree

    from ingest.themes import resolve_fill

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    shd = etree.fromstring(f'<w:shd xmlns:w="{w}" w:val="clear" w:fill="auto" '
                           'w:themeFill="accent6" w:themeFillTint="99"/>')
    assert resolve_fill(shd, {"accent6": "70AD47"}) == "A9CE91"
    solid = etree.fromstring(f'<w:shd xmlns:w="{w}" w:val="solid" w:color="FF0000" '
                             'w:fill="FFFFFF"/>')
    assert resolve_fill(solid, {}) == "FF0000"


def _rewrite(src: Path, dst: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, data)


def test_tracked_changes_insertions_read_deletions_not(tmp_path: Path) -> None:
    dst = tmp_path / "tracked.docx"
    _rewrite(DOCX / "plain.docx", dst, "<w:t>CYSCP</w:t></w:r>",
             '<w:t>CYSCP</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText> and Police'
             '</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t> and Health'
             "</w:t></w:r></w:ins>")
    (plan,) = read(dst)
    assert plan.actions[0].lead == "CYSCP and Health"


def test_table_inside_a_content_control_is_found(tmp_path: Path) -> None:
    dst = tmp_path / "sdt.docx"
    src_xml = zipfile.ZipFile(DOCX / "plain.docx").read("word/document.xml").decode()
    start = src_xml.index("<w:tbl>")
    end = src_xml.index("</w:tbl>") + len("</w:tbl>")
    wrapped = f"<w:sdt><w:sdtPr/><w:sdtContent>{src_xml[start:end]}</w:sdtContent></w:sdt>"
    _rewrite(DOCX / "plain.docx", dst, src_xml[start:end], wrapped)
    (plan,) = read(dst)
    assert plan.action_count == 8


def test_password_protected_word_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(EncryptedFileError, match="password-protected"):
        read_document(path)


def test_truncated_word_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes((DOCX / "plain.docx").read_bytes()[:3000])
    with pytest.raises(CorruptFileError, match="not a valid Word file"):
        read_document(path)


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.docx

    monkeypatch.setattr(ingest.docx, "MAX_UNCOMPRESSED", 10_000)
    with pytest.raises(FileTooLargeError, match="zip bomb"):
        read_document(DOCX / "plain.docx")


def test_legacy_word_without_libreoffice_says_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil as shutil_module

    monkeypatch.setattr(shutil_module, "which", lambda *_a, **_k: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(MissingToolError, match=r"LibreOffice.*save the file as \.docx"):
        read_document(path)


def test_word_file_with_a_lying_extension_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    shutil.copy(DOCX / "plain.docx", path)
    assert read_document(path).source_format == "docx"


# --- the shared corpus: other projects' Word files with their maintainers' grids ---------

def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


# OMML equations: docling renders LaTeX; planparse keeps the equation's own text.
EQUATIONS = {"$A= \\pi r^{2}$": "A=πr2",
             "$x=\\frac{-b \\pm \\sqrt{b^{2}-4ac}}{2a}$": "x=-b±b2-4ac2a"}


def _docling_grid(t: dict[str, Any]) -> list[list[str | None]]:
    grid: list[list[str | None]] = [[""] * t["n_cols"] for _ in range(t["n_rows"])]
    for c in t["cells"]:
        for r in range(c["row"], c["row"] + c["row_span"]):
            for k in range(c["col"], c["col"] + c["col_span"]):
                grid[r][k] = None
        grid[c["row"]][c["col"]] = EQUATIONS.get(c["text"], c["text"])
    return grid


def corpus_cases(root: Path) -> list[tuple[Path, list[list[list[str | None]]], str]]:
    cases = []
    for f in sorted((root / "expected").glob("*.tables.json")):
        exp = json.loads(f.read_text(encoding="utf-8"))
        source = root / exp["source"]
        if f.name.startswith("docling__"):
            cases.append((source, [_docling_grid(t) for t in exp["tables"]], "null"))
        else:
            cases.append((source, [t["grid_dup"] for t in exp["tables"]], "dup"))
            if "grid_once" in exp["tables"][0]:
                cases.append((source, [[[c or None for c in row] for row in t["grid_once"]]
                                       for t in exp["tables"]], "null"))
    return cases


def test_shared_corpus_tables_match_expected_grids(shared: Path) -> None:
    root = shared / "corpora" / "docx-tables"
    cases = corpus_cases(root)
    assert len(cases) == 8
    for source, grids, convention in cases:
        doc = read_document(source)
        if convention == "dup":
            got = [[[c.text for c in row] for row in t.rows] for t in doc.tables]
        else:
            got = [t["rows"] for t in describe_tables(doc)]
        assert len(got) == len(grids), source.name
        for i, (g, e) in enumerate(zip(got, grids, strict=True)):
            normalised = [[_norm(c) if c is not None or convention == "null" else "" for c in row]
                          for row in g]
            expected = [[_norm(c) for c in row] for row in e]
            assert normalised == expected, f"{source.name} table {i}"


def test_tables_inside_content_controls_in_the_corpus(shared: Path) -> None:
    doc = read_document(shared / "corpora/docx-tables/docling/docx_rich_tables_01.docx")
    assert [(len(t.rows), t.width) for t in doc.tables] == [(24, 3), (24, 3)]


LEGACY = FIXTURES / "legacy"


@pytest.mark.parametrize("name", ["plain.doc", "plain.odt", "plain.rtf", "tracker.xls"])
def test_legacy_formats_through_libreoffice(name: str, text_plan: Plan) -> None:
    # soffice on PATH says nothing of which components are installed: Debian's Writer
    # package alone cannot open a spreadsheet (test_legacy_components.py covers that).
    needed = component_for("." + name.rsplit(".", 1)[1])
    installed = installed_components()
    if shutil.which("soffice") is None or (installed is not None
                                           and needed.name not in installed):
        pytest.skip(f"LibreOffice {needed.name} is not installed")
    (plan,) = read(LEGACY / name)
    assert plan.source_format == name.rsplit(".", 1)[1]
    assert signature(plan) == signature(text_plan)
