"""Fuzzing the readers and the splitter: arbitrary input may be refused, but only with the
project's own clear errors, never a crash. Bounded in examples and time."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import IngestError, read_text_bytes
from ingest.html import read_html
from normalise import Options, document_to_plans
from normalise.progress import split_progress

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks a little like a plan: delimiters, tags, dates and status words.
_TOKENS = st.sampled_from(["\t", "|", ",", "\n", "\r\n", '"', "<p>", "</p>", "<br>", "&amp;",
                           "&#x2610;", "No", "Action", "Lead", "Status", "Target date",
                           "Progress", "26/11/21 -", "Jul-21", "31 September 2020",
                           "Complete", "Amber - in progress", "☐", "\ufeff", "\x00", "—"])
_PLANISH = st.lists(st.one_of(_TOKENS, st.text(max_size=8)), max_size=60).map("".join)


def _convert(doc_bytes: bytes, reader: str) -> None:
    try:
        doc = (read_html(doc_bytes, "fuzz.html") if reader == "html"
               else read_text_bytes(doc_bytes, "fuzz.txt"))
    except IngestError:
        return
    document_to_plans(doc)


@FUZZ
@given(st.binary(max_size=400))
def test_text_reader_on_random_bytes(data: bytes) -> None:
    _convert(data, "text")


@FUZZ
@given(_PLANISH, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_text_reader_on_plan_like_text(text: str, encoding: str) -> None:
    _convert(text.encode(encoding, errors="ignore"), "text")


_HTML = st.lists(st.one_of(
    st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>",
                     '<td rowspan="3">', '<td colspan="0">', '<td rowspan="99999">',
                     '<td style="background-color: rgb(1,2">', '<td bgcolor="notacolour">',
                     "<thead>", "<p>", "<b>Recommendation:</b>", "<dl><dt>Lead</dt><dd>",
                     "<script>x</script>", "<nav>", "<!--", "-->", "<?xml version='1.0'?>",
                     '<meta charset="bogus">']),
    _TOKENS, st.text(max_size=6)), max_size=60).map("".join)


@FUZZ
@given(_HTML)
def test_html_reader_on_tag_soup(page: str) -> None:
    _convert(page.encode("utf-8"), "html")


@FUZZ
@given(st.lists(_PLANISH, max_size=5))
def test_splitter_on_plan_like_text(cell: list[str]) -> None:
    entries = split_progress(cell)
    assert all(e.raw or e.body or e.prefix for e in entries)


# Word and Excel packages, damaged: bytes of the zip flipped or cut, or the main XML part
# cut, spliced or sprinkled with bytes inside a zip that is itself sound. Whatever the
# readers make of them, a merely corrupt file is the user's problem, said in one line,
# never an internal error of ours.
_FIXTURES = Path(__file__).parent / "fixtures"
_PACKAGES = {"docx": (_FIXTURES / "docx" / "merged_cells.docx", "word/document.xml"),
             "xlsx": (_FIXTURES / "sheets" / "child-poppy-tracker.xlsx",
                      "xl/worksheets/sheet1.xml")}
_OFFICE_FUZZ = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow])


def _outcome(data: bytes, suffix: str) -> dict[str, Any]:
    from planparse.batch import Job, convert_one
    from planparse.inputs import InputFile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mutant.{suffix}"
        path.write_bytes(data)
        return convert_one(Job(InputFile(path, path.name), Options(), None, ""))


def _mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for at, junk in cuts:
        at %= max(1, len(out))
        out[at:at + len(junk)] = junk
    return bytes(out)


_CUTS = st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)),
                 min_size=1, max_size=6)
_XML_JUNK = st.sampled_from([b"<", b">", b"&", b"\x00", b"\xff\xfe", b"</w:tc>", b"<w:tr>",
                             b"<w:gridSpan w:val=\"99999\"/>", b"</row>", b"<c r=\"ZZZ9\">",
                             b"<v>1e999</v>", b"<!ENTITY", b"]]>", b"\"", b"t=\"s\""])


@_OFFICE_FUZZ
@given(st.sampled_from(sorted(_PACKAGES)), _CUTS, st.integers(min_value=0))
def test_office_packages_with_flipped_or_cut_bytes(kind: str, cuts: list[tuple[int, bytes]],
                                                   keep: int) -> None:
    raw = _PACKAGES[kind][0].read_bytes()
    mutant = _mutate(raw, cuts)[: max(1, keep % (len(raw) + 1))]
    assert _outcome(mutant, kind)["code"] != "internal-error"


@_OFFICE_FUZZ
@given(st.sampled_from(sorted(_PACKAGES)),
       st.lists(st.tuples(st.integers(min_value=0), _XML_JUNK), min_size=1, max_size=5),
       st.booleans())
def test_office_packages_whose_xml_is_damaged(kind: str, cuts: list[tuple[int, bytes]],
                                              truncate: bool) -> None:
    src, member = _PACKAGES[kind]
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == member:
                body = _mutate(body, cuts)
                if truncate:
                    body = body[: len(body) * 2 // 3]
            zout.writestr(info, body)
    outcome = _outcome(buf.getvalue(), kind)
    assert outcome["code"] != "internal-error", outcome["message"]


# PDFs, damaged: bytes of the file flipped or cut, or PDF syntax (dictionary brackets,
# references, names a page tree holds, numbers past any offset) dropped into its objects.
# Two small PDFs whose objects are uncompressed, so the damage lands in the structure
# pdfminer parses: an unruled table and a ruled one turned on its side. Seeded (the same
# mutants every run) and small counts: each conversion takes some 10 ms.
_PDFS = {"unruled": _FIXTURES / "pdf_unruled" / "plan_wrapped_cells.pdf",
         "ruled-turned": _FIXTURES / "pdf" / "ruled" / "turned_clockwise.pdf"}
_PDF_FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow])
_PDF_JUNK = st.sampled_from([b"<<", b">>", b"obj", b"endobj", b"stream", b"endstream",
                             b" 0 R", b"[", b"]", b"(", b")", b"/Count 0", b"/Count 9999",
                             b"/Kids", b"/Page", b"/Parent", b"null", b"-1", b"99999999",
                             b"/Length 0", b"xref", b"trailer", b"\x00", b"\xff"])
#: What a damaged PDF may be: read, or refused as the file's own problem.
_FILE_CODES = {"", "corrupt-file", "empty-file", "no-table", "needs-ocr", "encrypted-file",
               "too-complex", "file-too-large"}


@_PDF_FUZZ
@given(st.sampled_from(sorted(_PDFS)), _CUTS, st.integers(min_value=0))
def test_pdfs_with_flipped_or_cut_bytes(kind: str, cuts: list[tuple[int, bytes]],
                                        keep: int) -> None:
    raw = _PDFS[kind].read_bytes()
    mutant = _mutate(raw, cuts)[: max(1, keep % (len(raw) + 1))]
    outcome = _outcome(mutant, "pdf")
    assert outcome["code"] in _FILE_CODES, outcome["message"]


@_PDF_FUZZ
@given(st.sampled_from(sorted(_PDFS)),
       st.lists(st.tuples(st.integers(min_value=0), _PDF_JUNK), min_size=1, max_size=6))
def test_pdfs_whose_objects_are_damaged(kind: str, cuts: list[tuple[int, bytes]]) -> None:
    raw = _PDFS[kind].read_bytes()
    # Only within the objects (before the cross-reference table), so that the table
    # still points at them and pdfminer parses what the edits made.
    body = raw.rindex(b"xref")
    mutant = _mutate(raw[:body], cuts)[:body] + raw[body:]
    outcome = _outcome(mutant, "pdf")
    assert outcome["code"] in _FILE_CODES, outcome["message"]
