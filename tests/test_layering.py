"""The layering rule, checked in a fresh interpreter: the writers load no reader and no
plan builder, and the models load nothing of ours (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _loaded(code: str) -> set[str]:
    script = (f"import sys\n{code}\n"
              "print('\\n'.join(m for m in sys.modules if m.split('.')[0] in "
              "('ingest', 'normalise', 'exporters', 'planparse')))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return set(proc.stdout.split())


#: Every module of the package, found rather than listed (a list missed ``sink`` and
#: ``report_stream``), and the package itself ("" : ``import exporters``).
EXPORTERS = ["", *sorted(p.stem for p in (Path(__file__).parent.parent / "exporters")
                         .glob("*.py") if p.stem != "__init__")]


def test_every_writer_module_is_checked() -> None:
    assert {"", "sink", "report_stream", "write", "xlsx"} <= set(EXPORTERS)


@pytest.mark.parametrize("module", EXPORTERS)
def test_a_writer_loads_no_reader_and_no_plan_builder(module: str) -> None:
    name = f"exporters.{module}" if module else "exporters"
    loaded = _loaded(f"import {name}")
    assert name in loaded  # the check sees what it loads
    assert not {m for m in loaded if m.split(".")[0] in ("ingest", "planparse")}
    assert not loaded & {"normalise.plans", "normalise.actions", "normalise.options",
                         "normalise.diff", "normalise.dates"}


def test_the_models_and_their_derivations_load_nothing_else_of_ours() -> None:
    loaded = _loaded("import normalise.models, normalise.derived")
    assert loaded == {"normalise", "normalise.models", "normalise.derived",
                      "normalise.defaults"}


def test_the_check_sees_a_module_that_loads_the_readers() -> None:
    assert "ingest" in _loaded("import normalise.plans")
