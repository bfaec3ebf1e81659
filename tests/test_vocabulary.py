"""A user's vocabulary (normalise/vocabulary.py) makes an unseen publisher's plan map.

tests/fixtures/vocabulary/unseen-publisher.txt is headed "Ser.", "Concern raised",
"Intervention", "Champion", "Deliver by", "Position": none is a built-in synonym or
keyword, and its statuses ("Signed off (emerald)", "Parked (crimson)") are no built-in
words either. vocabulary.toml and vocabulary.csv say the same thing in the two formats.
"""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from ingest import read_document
from normalise import Options, Plan, Rag, RagSource, Status, document_to_plans
from normalise.headers import map_headers, match_header
from normalise.status import read_status
from normalise.vocabulary import (
    BUILTIN,
    Vocabulary,
    VocabularyError,
    from_entries,
    load_vocabulary,
)

from .conftest import FIXTURES, REPO

HERE = FIXTURES / "vocabulary"
DOC = HERE / "unseen-publisher.txt"
HEADERS = ["Ser.", "Concern raised", "Intervention", "Champion", "Deliver by", "Position"]


def _plans(vocabulary: Vocabulary | None) -> tuple[list[Plan], list[str]]:
    plans, issues = document_to_plans(read_document(DOC), Options(vocabulary=vocabulary))
    return plans, [i.code for i in issues]


def test_without_a_vocabulary_the_publisher_is_not_understood() -> None:
    assert [match_header(h).field for h in HEADERS] == [None] * 6
    assert read_status("Signed off (emerald)").understood is False
    plans, codes = _plans(None)
    assert plans == [] and codes == ["not-an-action-plan", "no-action-plan"]


@pytest.mark.parametrize("name", ["vocabulary.toml", "vocabulary.csv"])
def test_a_vocabulary_file_maps_the_unseen_headers(name: str) -> None:
    vocabulary = load_vocabulary(HERE / name)
    assert [m.field for m in map_headers(HEADERS, vocabulary)] == [
        "ref", "finding", "action", "lead", "target_date", "status"]
    (plan,), codes = _plans(vocabulary)
    assert codes == [] and plan.issues == []
    assert [(a.ref, a.action, a.lead, a.target_date, a.status, a.rag, a.rag_source)
            for a in plan.actions] == [
        ("1", "Agree a joint referral route", "Health and Police", date(2022, 3, 31),
         Status.completed, Rag.green, RagSource.text),
        ("2", "Audit supervision monthly", "Children's Services", date(2022, 6, 30),
         Status.in_progress, Rag.amber, RagSource.text),
        ("3", "Train staff in direct work", "Schools", date(2022, 9, 30),
         Status.on_hold, Rag.red, RagSource.text)]
    # Raw text stays beside what was read.
    assert [a.status_raw for a in plan.actions] == [
        "Signed off (emerald)", "Moving forward - amber", "Parked (crimson)"]


def test_toml_and_csv_say_the_same() -> None:
    toml, csv = load_vocabulary(HERE / "vocabulary.toml"), load_vocabulary(HERE / "vocabulary.csv")
    assert toml == Vocabulary(toml.headers, toml.status_words, toml.rag_words, toml.source)
    assert toml.fingerprint() == csv.fingerprint()
    other = from_entries([("rag", "green", "jade")])
    assert other.fingerprint() != toml.fingerprint() != BUILTIN.fingerprint()


def test_the_built_in_vocabulary_reads_as_no_vocabulary() -> None:
    # Control: the seed plan is read the same with Vocabulary() as with none.
    doc = read_document(REPO / "samples" / "child-poppy-action-plan.txt")
    plain, _ = document_to_plans(doc)
    builtin, _ = document_to_plans(doc, Options(vocabulary=BUILTIN))
    assert [p.model_dump() for p in builtin] == [p.model_dump() for p in plain]
    assert len(plain[0].actions) == 8


def test_user_words_come_before_the_built_in_and_keep_them() -> None:
    vocabulary = from_entries([("header", "evidence", "Update"), ("status", "ongoing", "done"),
                               ("rag", "amber", "ochre")])
    assert match_header("Update").field == "progress"
    assert match_header("Update", vocabulary).field == "evidence"  # the user's field wins
    assert match_header("Lead", vocabulary).field == "lead"  # built-in still there
    assert read_status("Done").status is Status.completed
    assert read_status("Done", vocabulary).status is Status.ongoing
    assert read_status("Completed", vocabulary).status is Status.completed
    reading = read_status("In progress (OCHRE)", vocabulary)
    assert (reading.status, reading.rag, reading.understood) == (Status.in_progress,
                                                                  Rag.amber, True)
    assert read_status("Red", vocabulary).rag is Rag.red


def test_a_vocabulary_survives_the_trip_to_a_worker() -> None:
    options = Options(vocabulary=load_vocabulary(HERE / "vocabulary.toml"))
    again = pickle.loads(pickle.dumps(options))
    assert again.vocabulary is not None
    assert read_status("Parked", again.vocabulary).status is Status.on_hold


@pytest.mark.parametrize(("text", "suffix", "message"), [
    ("[headers]\nactoin = ['Intervention']\n", ".toml",
     r"header 'actoin' 'Intervention'\): unknown field"),
    ("[status]\nfinished = ['signed off']\n", ".toml", r"unknown status \(statuses: "),
    ("[colours]\nred = ['crimson']\n", ".toml", r"unknown table \[colours\]"),
    ("[headers]\naction = 3\n", ".toml", r"\[headers\] action must be a list of words"),
    ("[headers\n", ".toml", r"not valid TOML"),
    ("kind,name,word\nrag,purple,violet\n", ".csv", r"entry 1 .*unknown RAG rating"),
    ("kind,name,word\nheader,action\n", ".csv", r"row 1 has 2 columns"),
    ("kind,name,word\ncolour,red,crimson\n", ".csv", r"unknown kind"),
    ("action: Intervention\n", ".yaml", r"is \.toml or \.csv"),
])
def test_a_bad_vocabulary_file_is_one_clear_line(tmp_path: Path, text: str, suffix: str,
                                                 message: str) -> None:
    path = tmp_path / f"words{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message) as err:
        load_vocabulary(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


def test_tables_view_maps_with_the_vocabulary() -> None:
    from normalise.inspect import describe_tables

    doc = read_document(DOC)
    assert [t["is_plan"] for t in describe_tables(doc)] == [False]
    (table,) = describe_tables(doc, load_vocabulary(HERE / "vocabulary.toml"))
    assert table["is_plan"] is True and table["header_map"]["Intervention"] == "action"
