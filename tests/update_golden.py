"""Regenerate tests/golden/seed/ from samples/, and tests/golden/diff/ from the earlier
publication of the seed (tests/fixtures/diff/earlier.txt) against the seed.

Run from the repository root: ``python -m tests.update_golden``. Then read `git diff
tests/golden` line by line before committing: golden files are checked by a person, not
by this script.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from planparse.cli import cli

from .conftest import GOLDEN, REPO

DIFF_OLD = Path("tests/fixtures/diff/earlier.txt")
DIFF_RENUMBERED = Path("tests/fixtures/diff/renumbered.docx")
DIFF_NEW = Path("samples/child-poppy-action-plan.txt")


def main() -> None:
    """Convert samples/ and copy the outputs over the golden files."""
    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        result = CliRunner().invoke(cli, ["convert", "samples/", "-o", tmp, "--quiet"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        target = GOLDEN / "seed"
        target.mkdir(parents=True, exist_ok=True)
        for f in sorted(Path(tmp).iterdir()):
            # The resume cache and run.json (with its timings) are not golden outputs.
            if f.is_dir() or f.name == "run.json":
                continue
            shutil.copy(f, target / f.name)
            print(f"updated {target / f.name}")
    update_diff()


def update_diff() -> None:
    """``planparse diff`` of the earlier publications against the seed."""
    target = GOLDEN / "diff"
    target.mkdir(parents=True, exist_ok=True)
    for old, names in ((DIFF_OLD, {"changes.csv": "changes.csv", "changes.json": "changes.json"}),
                       (DIFF_RENUMBERED, {"changes.csv": "renumbered.csv"})):
        with tempfile.TemporaryDirectory() as tmp:
            result = CliRunner().invoke(cli, ["diff", str(old), str(DIFF_NEW), "-o", tmp,
                                              "--quiet"])
            if result.exit_code != 1:  # 1: there are changes
                raise SystemExit(result.output)
            for name, golden in names.items():
                shutil.copy(Path(tmp) / name, target / golden)
                print(f"updated {target / golden}")


if __name__ == "__main__":
    main()
