"""Check that the golden files differ from an earlier revision only by the ``p`` before
each id (normalise/ids.py): take the prefix off every ``p`` + 12-hex id in the current
files and compare them byte for byte with the revision's.

Run from the repository root: ``python -m tests.golden_prefix_check [REV]`` (default
``main``). Exit code 0 when every changed golden file is the same but for the prefix.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_PREFIXED = re.compile(r"(?<![0-9a-z])p([0-9a-f]{12})(?![0-9a-f])")


def main(rev: str = "main") -> int:
    """Print, per changed golden file, how many ids were prefixed and whether that is all."""
    names = subprocess.run(["git", "diff", "--name-only", rev, "--", "tests/golden"],
                           capture_output=True, text=True, check=True).stdout.split()
    ok = True
    for name in names:
        old = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True,
                             text=True, check=True).stdout
        undone, n = _PREFIXED.subn(r"\1", Path(name).read_text(encoding="utf-8"))
        same = undone == old
        ok = ok and same
        print(f"{name}: {n} ids prefixed; identical without the prefix: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
