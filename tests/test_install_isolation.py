"""PyPI has unrelated distributions with top-level `normalise` and `exporters` packages.
If one of them shadows ours, everything breaks in confusing ways: fail loudly instead."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPO


def test_our_packages_resolve_to_this_project(tmp_path: object) -> None:
    # Run outside pytest's sys.path manipulation, from a neutral folder, so that what is
    # imported is what an installed `planparse` would import.
    code = (
        "import importlib, json\n"
        "out = {}\n"
        "for name in ('ingest', 'normalise', 'exporters', 'planparse'):\n"
        "    mod = importlib.import_module(name)\n"
        "    out[name] = mod.__file__\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                          cwd=str(tmp_path), check=False)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    for name, path in found.items():
        assert path is not None, f"{name} imported as a namespace package, not ours"
        assert str(REPO / name) in path, (
            f"`import {name}` resolved to {path}, not to this project ({REPO / name}): "
            "an unrelated distribution is shadowing it; uninstall it")
