"""Walking the inputs of a run: names that are not UTF-8, named pipes and devices, links,
unreadable folders and output folders inside the input folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli
from planparse.inputs import collect_inputs, shown

SEED = Path(__file__).parents[1] / "samples" / "child-poppy-action-plan.txt"
LATIN1 = os.fsdecode(b"caf\xe9")  # a folder name written by a Latin-1 system


def _convert(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["convert", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stderr


def test_shown_escapes_bytes_that_are_not_utf8() -> None:
    assert shown(f"in/{LATIN1}/plan.txt") == "in/caf\\xe9/plan.txt"
    assert shown("in/plän – révisé.txt") == "in/plän – révisé.txt"  # real UTF-8 stays


def test_a_non_utf8_folder_name_costs_no_file_and_resume_reads_it(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    (inp / LATIN1).mkdir(parents=True)
    shutil.copy(SEED, inp / "good.txt")
    shutil.copy(SEED, inp / LATIN1 / os.fsdecode(b"pl\xe4n.txt"))
    out = tmp_path / "out"
    for extra in ((), ("--resume",)):
        code, err = _convert(str(inp), "-o", str(out), *extra)
        assert code == 0, err
        assert "2 converted" in err
        doc = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert sorted(f["source_file"].rsplit("/", 2)[-2:][0] for f in doc["files"]) == [
            "caf\\xe9", "in"]
        plans = json.loads((out / "plans.json").read_text(encoding="utf-8"))["plans"]
        assert sorted(p["source_file"].rsplit("/", 1)[-1] for p in plans) == [
            "good.txt", "pl\\xe4n.txt"]
    assert "from the resume cache" in err


def test_a_named_pipe_is_skipped_in_one_line_not_read(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEED, inp / "good.txt")
    os.mkfifo(inp / "pipe.txt")  # reading it would wait for a writer for ever
    code, err = _convert(str(inp), str(inp / "pipe.txt"), "-o", str(tmp_path / "out"))
    assert code == 0
    lines = [ln for ln in err.splitlines() if "pipe.txt" in ln]
    assert lines == [f"skipped: {inp.as_posix()}/pipe.txt: a named pipe, not a file",
                     f"skipped: {inp.as_posix()}/pipe.txt: a named pipe, not a file; only "
                     "files and folders are read"]
    assert "1 converted" in err


def test_a_device_given_as_a_path_is_skipped(tmp_path: Path) -> None:
    files, skipped = collect_inputs(["/dev/zero", str(SEED)])
    assert [f.path for f in files] == [SEED]
    assert [(s.source_file, s.status, s.code) for s in skipped] == [
        ("/dev/zero", "skipped", "not-a-file")]
    assert "a character device" in skipped[0].message


def test_links_are_reported_not_looped(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    shutil.copy(SEED, inp / "sub" / "plan.txt")
    (inp / "sub" / "up").symlink_to("..")  # a loop, were links to folders followed
    (inp / "self.txt").symlink_to("self.txt")
    (inp / "gone.txt").symlink_to("nowhere.txt")
    (inp / "linked.txt").symlink_to(inp / "sub" / "plan.txt")  # a link to a file is read
    files, skipped = collect_inputs([inp])
    assert [f.name for f in files] == [f"{inp.as_posix()}/linked.txt",
                                      f"{inp.as_posix()}/sub/plan.txt"]
    assert sorted((s.source_file.rsplit("/", 1)[-1], s.message) for s in skipped) == [
        ("gone.txt", "a broken symlink (its target does not exist)"),
        ("self.txt", "a symlink loop; not followed"),
        ("up", "a link to a folder; not followed (give the folder itself to read it)")]


def test_an_unreadable_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    inp = tmp_path / "in"
    (inp / "locked").mkdir(parents=True)
    shutil.copy(SEED, inp / "plan.txt")
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    # As root a folder without permissions is still readable, so the refusal is simulated.
    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = collect_inputs([inp])
    assert [f.path.name for f in files] == ["plan.txt"]
    assert [(s.source_file, s.message) for s in skipped] == [
        (f"{inp.as_posix()}/locked", "folder cannot be read (Permission denied)")]


def test_an_output_folder_inside_the_input_folder_is_never_read_back(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEED, inp / "plan.txt")
    out = inp / "out"
    for _ in range(2):
        code, err = _convert(str(inp), "-o", str(out))
        assert code == 0, err
        plans = json.loads((out / "plans.json").read_text(encoding="utf-8"))["plans"]
        assert [(p["source_file"].rsplit("/", 1)[-1], p["action_count"]) for p in plans] == [
            ("plan.txt", 8)]
        assert "0 skipped" in err  # the run's own output folder is no news
    # Another run's output folder is passed over with a line.
    code, err = _convert(str(inp), "-o", str(tmp_path / "elsewhere"))
    assert f"skipped: {out.as_posix()}: a planparse output folder; its files are not " \
           "inputs" in err
    assert "1 converted" in err


def test_the_reader_refuses_a_pipe_it_is_handed_directly(tmp_path: Path) -> None:
    from ingest import IngestError, read_document

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(IngestError, match="not a regular file") as caught:
        read_document(tmp_path / "pipe.txt")
    assert caught.value.code == "unreadable-file"


def test_the_python_api_does_not_read_its_own_output_back(tmp_path: Path) -> None:
    from planparse.api import convert

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEED, inp / "plan.txt")
    for _ in range(2):  # convert() keeps no cache: its datapackage.json marks the folder
        result = convert([inp], inp / "out")
        assert [(Path(p.source_file).name, p.action_count) for p in result.plans] == [
            ("plan.txt", 8)]


def test_a_list_file_may_name_paths_that_are_not_utf8(tmp_path: Path) -> None:
    (tmp_path / LATIN1).mkdir()
    shutil.copy(SEED, tmp_path / LATIN1 / "plan.txt")
    listing = tmp_path / "list.txt"
    listing.write_bytes(os.fsencode(tmp_path / LATIN1 / "plan.txt") + b"\n# a comment\n")
    files, skipped = collect_inputs([f"@{listing}"])
    assert [f.path for f in files] == [tmp_path / LATIN1 / "plan.txt"]
    assert files[0].name.endswith("/caf\\xe9/plan.txt") and not skipped
