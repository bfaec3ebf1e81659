"""What to convert: files, folders (recursive), ``@list.txt`` files of paths, filtered by
``--include`` / ``--exclude`` globs; sorted, so every run sees the same order."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest import UnsupportedFormatError, is_supported


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to convert: where it is and the name recorded as ``source_file``."""

    path: Path
    name: str


@dataclass(slots=True)
class FileResult:
    """What happened to one file."""

    source_file: str
    status: str  # "converted", "failed" or "skipped"
    code: str = ""
    message: str = ""
    plans: int = 0
    actions: int = 0
    seconds: float = 0.0
    cached: bool = False


class ListFileError(ValueError):
    """An ``@list.txt`` that cannot be read."""


def _expand_lists(paths: Iterable[str | Path]) -> list[str]:
    out: list[str] = []
    for given in paths:
        text = str(given)
        if text.startswith("@") and len(text) > 1:
            try:
                lines = Path(text[1:]).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise ListFileError(f"cannot read the list {text[1:]}: {exc}") from None
            # Paths in a list are taken as written (relative to the current folder), one a
            # line; blank lines and lines starting with # are skipped.
            out.extend(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))
        else:
            out.append(text)
    return out


def _matches(name: str, relative: str, patterns: Sequence[str]) -> bool:
    """A glob matches the path as recorded, the path inside the folder given, or the
    file's name."""
    base = name.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(candidate, p) for p in patterns
               for candidate in (name, relative, base))


def collect_inputs(paths: Iterable[str | Path], names: Mapping[str, str] | None = None, *,
                   include: Sequence[str] = (), exclude: Sequence[str] = ()
                   ) -> tuple[list[InputFile], list[FileResult]]:
    """Expand paths into supported input files, sorted so runs are reproducible.

    Folders are walked recursively (hidden files and folders skipped). ``include`` keeps
    only files whose path or name matches one of its globs; ``exclude`` drops matches.
    Unsupported files come back as skipped results. ``names`` gives the recorded name of a
    path that should not be recorded as given (standard input).
    """
    files: list[InputFile] = []
    skipped: list[FileResult] = []
    for given in _expand_lists(paths):
        p = Path(given)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and not any(
                part.startswith(".") for part in q.relative_to(p).parts))
            candidates = [(InputFile(q, (p / q.relative_to(p)).as_posix()),
                           q.relative_to(p).as_posix()) for q in found]
        elif not p.exists():
            skipped.append(FileResult(given, "failed", "not-found", "no such file"))
            continue
        else:
            candidates = [(InputFile(p, (names or {}).get(given, given)), p.name)]
        for c, relative in candidates:
            if (include and not _matches(c.name, relative, include)) or _matches(
                    c.name, relative, exclude):
                continue
            if is_supported(c.path):
                files.append(c)
            else:
                skipped.append(FileResult(c.name, "skipped", UnsupportedFormatError.code,
                                          f"'{c.path.suffix or c.path.name}' files are not "
                                          "supported"))
    unique = {f.name: f for f in files}
    return sorted(unique.values(), key=lambda f: f.name), skipped
