"""Write an output set so that an interrupted run never leaves a half-written or mixed set.

Every file is written into a hidden staging folder inside the output folder; only when
all of them are complete are they renamed into place (renames within one file system are
atomic). On any error, Ctrl-C included, the staging folder is removed and the previous
outputs stay as they were.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".planparse-staging-", dir=out_dir))
    try:
        yield stage
        for f in sorted(stage.iterdir()):
            f.replace(out_dir / f.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
