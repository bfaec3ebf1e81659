"""The resume cache: one entry per (file content, settings), written as each file ends.

An interrupted run of 2,000 files picks up where it stopped: ``--resume`` reuses every
entry whose file bytes and settings are unchanged. Entries live in the output folder
(``.planparse-cache/``), are written atomically, and hold the records, not the document.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from normalise import Issue, Plan

CACHE_DIR = ".planparse-cache"


def entry_key(digest: str, settings: str, name: str, salt: str) -> str:
    """The cache key of one file under one set of settings."""
    return hashlib.sha256(f"{digest}\0{settings}\0{name}\0{salt}".encode()).hexdigest()


class Cache:
    """Read and write cache entries under ``out_dir/.planparse-cache``."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir / CACHE_DIR

    def load(self, key: str) -> dict[str, Any] | None:
        """The cached outcome for ``key`` (records revalidated by the models), or None."""
        path = self.root / f"{key}.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            data["plans"] = [Plan.model_validate(p) for p in data["plans"]]
            data["issues"] = [Issue.model_validate(i) for i in data["issues"]]
        except (KeyError, ValueError):
            return None  # an entry from an older contract: convert the file again
        return data

    def store(self, key: str, outcome: dict[str, Any]) -> None:
        """Write an entry atomically (a crash leaves no half-written entry)."""
        self.root.mkdir(parents=True, exist_ok=True)
        doc = {**outcome, "plans": [p.model_dump(mode="json") for p in outcome["plans"]],
               "issues": [i.model_dump(mode="json") for i in outcome["issues"]]}
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
        Path(tmp).replace(self.root / f"{key}.json")
