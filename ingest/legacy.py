"""Legacy and other word-processor formats (.doc, .odt, .rtf) through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import CorruptFileError, MissingToolError
from .source import SourceDocument

LEGACY_SUFFIXES = frozenset({".doc", ".odt", ".rtf", ".xls", ".ods"})
_TARGET = {".xls": "xlsx", ".ods": "xlsx"}
_TIMEOUT = 120


def soffice() -> str | None:
    """Path of LibreOffice's command-line program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_via_libreoffice(path: Path, name: str,
                         reader: Callable[[Path, str], SourceDocument]) -> SourceDocument:
    """Convert ``path`` to .docx (.xlsx for spreadsheets) in a temporary folder with
    LibreOffice, then read that with ``reader``. The document keeps its own name and hash;
    only the tables come from the conversion."""
    program = soffice()
    if program is None:
        target = _TARGET.get(path.suffix.lower(), "docx")
        raise MissingToolError(name, f"reading {path.suffix} files needs LibreOffice: install "
                               "it (apt-get install libreoffice-writer-nogui) or save the file "
                               f"as .{target}")
    with tempfile.TemporaryDirectory(prefix="planparse-lo-") as tmp:
        profile = Path(tmp) / "profile"
        target = _TARGET.get(path.suffix.lower(), "docx")
        cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", target, "--outdir", tmp, str(path)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise CorruptFileError(name, f"LibreOffice did not convert the file within "
                                   f"{_TIMEOUT} s") from None
        out = Path(tmp) / f"{path.stem}.{target}"
        if not out.exists():
            raise CorruptFileError(name, "LibreOffice could not convert the file (corrupt or "
                                   "password-protected?)")
        doc = reader(out, name)
    import hashlib
    from dataclasses import replace

    return replace(doc, source_format=path.suffix.lstrip(".").lower(),
                   sha256=hashlib.sha256(path.read_bytes()).hexdigest())
