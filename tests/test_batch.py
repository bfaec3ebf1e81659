"""Batch conversion of a whole archive: every good file converted, every bad one listed
with its reason, identical outputs whatever the workers or executor, resume, limits."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.batch import run
from planparse.cli import cli

from .fixtures.make_archive import BROKEN, build

COPIES = 2


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    build(root, copies=COPIES)
    return root


def convert(archive: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["convert", str(archive), "-o", str(out), "--format",
                                      "csv,json,jsonl,parquet,xlsx,sqlite", "-q", *args])
    return result.exit_code, result.stderr


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file but run.json (it records timings) and the resume cache."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and p.name != "run.json"}


@pytest.fixture(scope="module")
def first_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out-j2")
    code, err = convert(archive, out, "-j", "2")
    assert code == 1
    return out, err


def test_every_good_file_converts_and_every_bad_one_is_listed(first_run: tuple[Path, str]
                                                              ) -> None:
    out, err = first_run
    assert "Traceback" not in err
    errors = sorted(ln.split(": ", 2)[1].rsplit("/", 1)[-1] for ln in err.splitlines()
                    if ln.startswith("error: "))
    assert errors == sorted(BROKEN)
    with (out / "issues.csv").open(encoding="utf-8-sig", newline="") as fh:
        failures = {r["source_file"].rsplit("/", 1)[-1]: r["code"] for r in csv.DictReader(fh)
                    if r["severity"] == "error"}
    assert failures == BROKEN
    doc = json.loads((out / "run.json").read_text())
    statuses = {f["source_file"].rsplit("/", 1)[-1]: f["status"] for f in doc["files"]}
    assert statuses["notes.pptx"] == "skipped"
    good = [name for name, status in statuses.items() if status == "converted"]
    assert len(good) == COPIES * 10 + 3  # copies of 10 documents, Latin-1, UTF-16, Word as .txt
    plans = json.loads((out / "plans.json").read_text())["plans"]
    assert all(p["action_count"] == 8 for p in plans) and len(plans) == len(good)
    assert len({p["plan_id"] for p in plans}) == len(plans)  # copies stay distinct
    assert not [p for p in out.rglob("*") if p.name.endswith(".part") or "staging" in p.name]


def test_no_secret_from_an_external_entity_reaches_the_output(first_run: tuple[Path, str]
                                                              ) -> None:
    out, _ = first_run
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() \
        else "no-such-host-name"
    for f in out.iterdir():
        if f.is_file() and f.suffix in (".csv", ".json", ".jsonl"):
            assert hostname not in f.read_text(encoding="utf-8-sig")


def test_outputs_identical_with_one_or_two_workers_and_across_runs(
        archive: Path, first_run: tuple[Path, str], tmp_path: Path) -> None:
    reference = outputs(first_run[0])
    for n, args in enumerate([("-j", "1"), ("-j", "2")]):
        out = tmp_path / f"run{n}"
        assert convert(archive, out, *args)[0] == 1
        assert outputs(out) == reference, args


def test_outputs_identical_with_dask(archive: Path, first_run: tuple[Path, str],
                                     tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    code, err = convert(archive, tmp_path, "--executor", "dask", "-j", "2")
    assert code == 1, err
    assert outputs(tmp_path) == outputs(first_run[0])


def test_resume_reuses_unchanged_files(archive: Path, tmp_path: Path) -> None:
    assert convert(archive, tmp_path, "-j", "2")[0] == 1
    first = outputs(tmp_path)
    code, _ = convert(archive, tmp_path, "-j", "2", "--resume")
    assert code == 1 and outputs(tmp_path) == first
    files = json.loads((tmp_path / "run.json").read_text())["files"]
    done = [f for f in files if f["status"] != "skipped"]
    assert all(f["cached"] for f in done)
    # A changed file is converted again; the others still come from the cache.
    changed = sorted((archive / "good").glob("*child-poppy-action-plan.txt"))[0]
    original = changed.read_bytes()
    try:
        changed.write_bytes(original.replace(b"Child Poppy Action Plan", b"Child P Plan", 1))
        convert(archive, tmp_path, "-j", "2", "--resume")
        files = json.loads((tmp_path / "run.json").read_text())["files"]
        fresh = [f["source_file"] for f in files if f["status"] != "skipped" and not f["cached"]]
        assert [f.rsplit("/", 1)[-1] for f in fresh] == [changed.name]
    finally:
        changed.write_bytes(original)


def test_fail_fast_stops_and_writes_nothing(archive: Path, tmp_path: Path) -> None:
    code, err = convert(archive / "broken", tmp_path, "-j", "1", "--fail-fast")
    assert code == 1 and "--fail-fast" in err
    assert not any(p.suffix == ".csv" for p in tmp_path.iterdir())


def test_include_exclude_and_list_files(archive: Path, tmp_path: Path) -> None:
    result = run([archive], include=["*.docx"], exclude=["broken/*"])
    names = [f.source_file.rsplit("/", 1)[-1] for f in result.files]
    assert names and all(n.endswith(".docx") for n in names)
    assert not any("broken" in f.source_file for f in result.files)
    listing = tmp_path / "list.txt"
    listing.write_text(f"# two files\n{archive / 'broken' / 'empty.txt'}\n\n"
                       f"{archive / 'good' / 'latin-1 plan.txt'}\n", encoding="utf-8")
    result = run([f"@{listing}"])
    assert [(f.source_file.rsplit("/", 1)[-1], f.status) for f in result.files] == [
        ("empty.txt", "failed"), ("latin-1 plan.txt", "converted")]
    # The same from the command line, where "@" names the list, not a file to check for.
    cli_run = CliRunner().invoke(cli, ["convert", f"@{listing}", "-o", str(tmp_path / "o"),
                                       "-q", "-j", "1"])
    assert cli_run.exit_code == 1, cli_run.output
    assert cli_run.stderr.startswith("error: ") and "empty.txt: the file is empty" in cli_run.stderr
    missing = CliRunner().invoke(cli, ["convert", f"@{tmp_path / 'none.txt'}", "-o",
                                       str(tmp_path / "o")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def _slow_for_hang(doc: object, options: object = None) -> object:
    from normalise import document_to_records

    info = getattr(doc, "document", doc)  # the batch passes a TableStream
    if getattr(info, "source_file", "").endswith("hang.txt"):
        time.sleep(60)
    return document_to_records(doc, options)  # type: ignore[arg-type]


def test_a_file_that_hangs_is_ended_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import SEED

    (tmp_path / "hang.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "fine.txt").write_bytes(SEED.read_bytes())
    # Workers are forked from this process, so they see the patched function.
    monkeypatch.setattr("planparse.batch.document_to_records", _slow_for_hang)
    start = time.perf_counter()
    result = run([tmp_path], workers=2, timeout=3)
    assert time.perf_counter() - start < 30
    status = {f.source_file.rsplit("/", 1)[-1]: (f.status, f.code) for f in result.files}
    assert status == {"fine.txt": ("converted", ""), "hang.txt": ("failed", "timeout")}


def test_excel_safe_csv_guards_formula_text(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("No\tAction\tLead\tStatus\n1\t=HYPERLINK(\"http://x\")\t@Police\tDone\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["convert", str(plan), "-o", str(out), "-q", "--excel-safe"])
    with (out / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["action"], row["lead"], row["seq"]) == ("'=HYPERLINK(\"http://x\")",
                                                        "'@Police", "1")
    doc = json.loads((out / "plans.json").read_text())
    assert doc["plans"][0]["actions"][0]["action"] == '=HYPERLINK("http://x")'
