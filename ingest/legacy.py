"""Legacy and other word-processor formats (.doc, .odt, .rtf) through LibreOffice."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import CorruptFileError, MissingToolError
from .source import SourceDocument

LEGACY_SUFFIXES = frozenset({".doc", ".odt", ".rtf", ".xls", ".ods"})
_TARGET = {".xls": "xlsx", ".ods": "xlsx"}
_TIMEOUT = 120


@dataclass(frozen=True)
class Component:
    """The part of LibreOffice that opens a kind of file, and its Debian package."""

    name: str          # "Calc"
    registry: str      # the .xcd file its package installs in share/registry/
    package: str       # "libreoffice-calc-nogui"


WRITER = Component("Writer", "writer.xcd", "libreoffice-writer-nogui")
CALC = Component("Calc", "calc.xcd", "libreoffice-calc-nogui")


def component_for(suffix: str) -> Component:
    """The LibreOffice component that converts files ending in ``suffix``."""
    return CALC if _TARGET.get(suffix.lower()) == "xlsx" else WRITER


def installed_components(program: str | None = None) -> frozenset[str] | None:
    """Names of the LibreOffice components installed beside ``program`` (default: the
    one on PATH), read from the registry files each component's package adds
    (``share/registry/calc.xcd``); ``None`` where no registry folder is found (an
    unfamiliar layout), so nothing is claimed about it. Debian splits LibreOffice into
    packages: Writer alone cannot open a spreadsheet."""
    program = program or soffice()
    if program is None:
        return None
    root = Path(program).resolve().parent.parent
    for registry in (root / "share" / "registry", root / "Resources" / "registry"):
        if registry.is_dir():
            return frozenset(c.name for c in (WRITER, CALC)
                             if (registry / c.registry).is_file())
    return None


def soffice() -> str | None:
    """Path of LibreOffice's command-line program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(pgid, signal.SIGKILL)


def _run_in_own_group(cmd: list[str], name: str) -> None:
    """Run LibreOffice in a process group of its own, and end the whole group when it is
    done, when it overruns, or when this worker is ended (a file past ``--timeout``):
    ``soffice`` starts ``soffice.bin``, which outlived the worker when only the first
    process was killed."""
    import multiprocessing.util

    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    # multiprocessing runs its finalizers when a worker is told to stop (pebble's SIGTERM
    # handler does): the group goes with the worker.
    guard = multiprocessing.util.Finalize(None, _kill_group, args=(proc.pid,),
                                          exitpriority=100)
    try:
        proc.wait(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise CorruptFileError(name, f"LibreOffice did not convert the file within "
                               f"{_TIMEOUT} s") from None
    finally:
        _kill_group(proc.pid)  # whatever it left running
        guard.cancel()
        proc.wait()


def read_via_libreoffice(path: Path, name: str,
                         reader: Callable[[Path, str], SourceDocument]) -> SourceDocument:
    """Convert ``path`` to .docx (.xlsx for spreadsheets) in a temporary folder with
    LibreOffice, then read that with ``reader``. The document keeps its own name and hash;
    only the tables come from the conversion."""
    program = soffice()
    target = _TARGET.get(path.suffix.lower(), "docx")
    needed = component_for(path.suffix)
    if program is None:
        raise MissingToolError(name, f"reading {path.suffix} files needs LibreOffice "
                               f"{needed.name}: install it (apt-get install "
                               f"{needed.package}) or save the file as .{target}")
    installed = installed_components(program)
    if installed is not None and needed.name not in installed:
        # LibreOffice without the component exits quietly with no output, which would
        # otherwise read as a damaged file.
        raise MissingToolError(name, f"reading {path.suffix} files needs LibreOffice "
                               f"{needed.name}, which is not installed (LibreOffice has "
                               f"{', '.join(sorted(installed)) or 'no component'}): "
                               f"install it (apt-get install {needed.package}) or save the "
                               f"file as .{target}")
    with tempfile.TemporaryDirectory(prefix="planparse-lo-") as tmp:
        profile = Path(tmp) / "profile"
        cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", target, "--outdir", tmp, str(path)]
        _run_in_own_group(cmd, name)
        out = Path(tmp) / f"{path.stem}.{target}"
        if not out.exists():
            unsure = "" if installed is not None else (
                f", or LibreOffice {needed.name} ({needed.package}) is not installed")
            raise CorruptFileError(name, "LibreOffice could not convert the file (corrupt or "
                                   f"password-protected?{unsure})")
        doc = reader(out, name)
    import hashlib
    from dataclasses import replace

    return replace(doc, source_format=path.suffix.lstrip(".").lower(),
                   sha256=hashlib.sha256(path.read_bytes()).hexdigest())
