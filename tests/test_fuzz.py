"""Fuzzing the readers and the splitter: arbitrary input may be refused, but only with the
project's own clear errors, never a crash. Bounded in examples and time."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import IngestError, read_text_bytes
from ingest.html import read_html
from normalise import document_to_plans
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
