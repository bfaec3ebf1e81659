"""The resume cache: one entry per (file content, settings), written as each file ends.

An interrupted run of 2,000 files picks up where it stopped: ``--resume`` reuses every
entry whose file bytes and settings are unchanged. Entries live in the output folder
(``.planparse-cache/``), are written atomically, and hold the records, not the document:
a line of JSON about the outcome, then the records as the worker serialised them (so the
parent never re-encodes them).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = ".planparse-cache"
#: The entry's own check of its records (sha256), and what its first line must hold.
_CHECK = "records_sha256"
_REQUIRED = {"status", "code", "message", "seconds", _CHECK}


def entry_key(digest: str, settings: str, name: str, salt: str) -> str:
    """The cache key of one file under one set of settings."""
    return hashlib.sha256(f"{digest}\0{settings}\0{name}\0{salt}".encode()).hexdigest()


class Cache:
    """Read and write cache entries under ``out_dir/.planparse-cache``."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / CACHE_DIR

    def load(self, key: str) -> dict[str, Any] | None:
        """The cached outcome for ``key`` (``records`` still as JSON bytes), or None when
        there is none or it is damaged (cut short, edited, another version's): the file is
        then converted again, as if never cached."""
        try:
            meta, _, records = (self.root / f"{key}.entry").read_bytes().partition(b"\n")
            outcome = json.loads(meta)
        except (OSError, ValueError):
            return None
        if not isinstance(outcome, dict) or not outcome.keys() >= _REQUIRED:
            return None
        # The records are decoded only when the outputs are written: checked here, so that
        # a damaged entry costs a conversion, not the run.
        if outcome.pop(_CHECK) != hashlib.sha256(records).hexdigest():
            return None
        outcome["records"] = records
        return outcome

    def store(self, key: str, outcome: dict[str, Any]) -> None:
        """Write an entry atomically (a crash leaves no half-written entry)."""
        self.root.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in outcome.items() if k not in ("records", "cached", "digest")}
        meta[_CHECK] = hashlib.sha256(outcome["records"]).hexdigest()
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(meta).encode() + b"\n" + outcome["records"])
            Path(tmp).replace(self.root / f"{key}.entry")
        except BaseException:
            # A full disk (or Ctrl-C) part-way: no half entry is left behind.
            Path(tmp).unlink(missing_ok=True)
            raise
