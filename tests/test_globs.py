"""``--include`` / ``--exclude`` with gitignore's rules (issue 16, :mod:`pathspec`).

Before, the globs were :func:`fnmatch.fnmatch` against the path, its part inside the
folder and the name: ``!final.pdf`` matched nothing (``!`` was a literal), ``drafts/``
matched nothing (no file path ends in ``/``), ``/plan.txt`` nothing. The controls
(``*.docx``, ``broken/*``: tests/test_batch.py) mean the same under both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli
from planparse.inputs import collect_inputs
from planparse.settings import SettingError, Settings

from .conftest import SEED

TREE = ["plan.txt", "final.pdf", "report.pdf", "drafts/d.txt", "drafts/deep/e.txt",
        "sub/drafts/f.txt", "sub/plan.txt", "old/g.txt"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for name in TREE:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    return root


def _kept(root: Path, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
          ) -> list[str]:
    files, _ = collect_inputs([root], include=include, exclude=exclude)
    return [f.path.relative_to(root).as_posix() for f in files]


def test_without_globs_every_file_is_kept(tree: Path) -> None:
    assert _kept(tree) == sorted(TREE)


@pytest.mark.parametrize(("exclude", "dropped"), [
    # Anchored at the folder given: its own drafts/, not sub/drafts/.
    (("drafts/**",), {"drafts/d.txt", "drafts/deep/e.txt"}),
    (("/drafts/",), {"drafts/d.txt", "drafts/deep/e.txt"}),
    # A folder pattern with no other slash: a drafts/ at any depth.
    (("drafts/",), {"drafts/d.txt", "drafts/deep/e.txt", "sub/drafts/f.txt"}),
    (("**/drafts/**",), {"drafts/d.txt", "drafts/deep/e.txt", "sub/drafts/f.txt"}),
    # The last match decides: every PDF but the final one.
    (("*.pdf", "!final.pdf"), {"report.pdf"}),
    (("/plan.txt",), {"plan.txt"}),
    (("plan.txt",), {"plan.txt", "sub/plan.txt"}),
    (("old",), {"old/g.txt"}),
])
def test_exclude_has_gitignore_meaning(tree: Path, exclude: tuple[str, ...],
                                       dropped: set[str]) -> None:
    assert _kept(tree, exclude=exclude) == sorted(set(TREE) - dropped)


def test_include_has_gitignore_meaning(tree: Path) -> None:
    assert _kept(tree, include=("*.pdf",)) == ["final.pdf", "report.pdf"]
    # As in git: "!drafts/" would take back the folder, not the files "*.txt" matched.
    assert _kept(tree, include=("*.txt", "!drafts/**")) == [
        "old/g.txt", "plan.txt", "sub/drafts/f.txt", "sub/plan.txt"]
    assert _kept(tree, include=("sub/",), exclude=("drafts/",)) == ["sub/plan.txt"]


def test_a_file_given_by_name_is_matched_by_its_name(tmp_path: Path) -> None:
    files, _ = collect_inputs([SEED], exclude=("*.txt",))
    assert files == []
    files, _ = collect_inputs([SEED], include=("child-*",))
    assert [f.path for f in files] == [SEED]


def test_the_command_line_uses_the_same_rules(tree: Path, tmp_path: Path) -> None:
    for name in TREE:
        if name.endswith(".txt"):
            (tree / name).write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(cli, ["convert", str(tree), "-o", str(tmp_path / "out"),
                                      "-q", "-j", "1", "--include", "*.txt",
                                      "--exclude", "drafts/", "--exclude", "/plan.txt"])
    assert result.exit_code == 0, result.stderr
    plans = (tmp_path / "out" / "plans.csv").read_text(encoding="utf-8-sig").splitlines()
    sources = sorted(line.split(",")[2].rsplit("archive/", 1)[-1] for line in plans[1:])
    assert sources == ["old/g.txt", "sub/plan.txt"]


def test_a_pattern_gitignore_cannot_read_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SettingError) as caught:
        Settings.make(exclude=["drafts/**", "!"])
    assert caught.value.option == "exclude" and "'!'" in str(caught.value)
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(tmp_path),
                                      "--exclude", "a\\"])
    assert result.exit_code == 2 and "'--exclude'" in result.stderr
    assert "is not a pattern gitignore can read" in result.stderr
