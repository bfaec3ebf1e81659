"""What to convert: files, folders (recursive), ``@list.txt`` files of paths, filtered by
``--include`` / ``--exclude`` globs; sorted, so every run sees the same order.

The globs have gitignore's meaning (:mod:`pathspec`), against each file's path inside the
folder given, as a ``.gitignore`` at the folder's top would (a file given by itself: its
name): ``*.pdf`` at any depth, ``drafts/`` or
``drafts/**`` everything under the folder's own ``drafts``, ``**/drafts/`` a ``drafts``
anywhere, ``/x.docx`` only at the top, ``!keep.pdf`` takes a file back; the last pattern
that matches decides.

Only regular files (and the folders holding them) are inputs. A named pipe or a device
would hang or fill memory when read, so it is skipped with one line, as is anything the
walk cannot or will not enter (an unreadable folder, a symlink loop, a link to a folder, a
planparse output folder). File names need not be UTF-8: the path is kept as the file
system gave it, and the recorded name escapes the bytes that are not (``\\xe9``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from ingest import UnsupportedFormatError, is_supported

#: The code of an entry that is not a regular file or folder, or cannot be looked at.
NOT_A_FILE = "not-a-file"


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


def shown(path: str | os.PathLike[str]) -> str:
    """A path as printable, writable text: bytes of the name that are not UTF-8 (which
    :func:`os.fsdecode` keeps as lone surrogates, and which no encoder will write) become
    ``\\xNN`` escapes."""
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system produced: escape it as is
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _expand_lists(paths: Iterable[str | Path]) -> list[str]:
    out: list[str] = []
    for given in paths:
        text = os.fspath(given)
        if text.startswith("@") and len(text) > 1:
            try:
                # Read as the file system reads names: bytes that are not UTF-8 stay
                # (as surrogates) so that the path still opens.
                lines = Path(text[1:]).read_bytes().decode(
                    "utf-8-sig", "surrogateescape").splitlines()
            except OSError as exc:
                raise ListFileError(f"cannot read the list {shown(text[1:])}: {exc.strerror}"
                                    ) from None
            # Paths in a list are taken as written (relative to the current folder), one a
            # line; blank lines and lines starting with # are skipped.
            out.extend(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))
        else:
            out.append(text)
    return out


class PatternError(ValueError):
    """An ``--include`` / ``--exclude`` glob that gitignore's rules cannot read."""


def compile_globs(patterns: Sequence[str]) -> pathspec.GitIgnoreSpec | None:
    """The patterns as one gitignore-style spec (``None`` for none). Raises
    :class:`PatternError` naming the pattern that cannot be read."""
    if not patterns:
        return None
    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError:  # pathspec's GitIgnorePatternError is one
            raise PatternError(f"'{pattern}' is not a pattern gitignore can read") from None
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _matches(relative: str, spec: pathspec.GitIgnoreSpec | None) -> bool:
    """A spec matches the path inside the folder given. Only that path: matched against
    the path as recorded too, a ``!pattern`` could not take a file back."""
    return spec is not None and spec.match_file(relative)


def _kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, for the skip line."""
    for test, what in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def _unreachable(exc: OSError) -> str:
    """Why an entry could not be looked at, for the skip line."""
    if exc.errno == errno.ELOOP:
        return "a symlink loop; not followed"
    if exc.errno == errno.ENOENT:
        return "a broken symlink (its target does not exist)"
    return f"cannot be read ({exc.strerror or exc})"


#: What a planparse output folder holds, and the words that say it is ours.
_OUTPUT_MARKS = (("run.json", b'"planparse_version"'), ("datapackage.json", b'"planparse-output"'))


def _wrote_by_planparse(path: str) -> bool:
    """A folder a planparse run wrote (it holds its resume cache, or a run.json or
    datapackage.json of ours): its CSV and JSON files are outputs, never inputs."""
    if (Path(path) / ".planparse-cache").is_dir():
        return True
    for name, mark in _OUTPUT_MARKS:
        try:
            with (Path(path) / name).open("rb") as fh:
                if mark in fh.read(300):
                    return True
        except OSError:
            continue
    return False


class _Walk:
    """The regular files under the folders given, and a skip line for what is not one."""

    def __init__(self, outputs: Sequence[str | Path]) -> None:
        self.skipped: list[FileResult] = []
        self.outputs: set[tuple[int, int]] = set()
        for out in outputs:
            try:
                st = Path(out).stat()
            except OSError:  # not made yet: nothing of it can be among the inputs
                continue
            self.outputs.add((st.st_dev, st.st_ino))

    def is_output(self, path: str, st: os.stat_result) -> bool:
        """Whether a folder holds outputs, not inputs: the run's own output folder is
        passed over without a word (every run would say it), another run's with a line."""
        if (st.st_dev, st.st_ino) in self.outputs:
            return True
        if _wrote_by_planparse(path):
            self.skip(path, "a planparse output folder; its files are not inputs")
            return True
        return False

    def skip(self, path: str, message: str, code: str = NOT_A_FILE) -> None:
        self.skipped.append(FileResult(shown(Path(path).as_posix()), "skipped", code, message))

    def given(self, path: str) -> Iterator[str]:
        """A path as given: a regular file, or the files of a folder."""
        try:
            st = Path(path).stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT and not Path(path).is_symlink():
                self.skipped.append(FileResult(shown(path), "failed", "not-found",
                                               "no such file"))
            else:
                self.skip(path, _unreachable(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            if self.is_output(path, st):
                return
            yield from self.folder(path)
        elif stat.S_ISREG(st.st_mode):
            yield path
        else:
            self.skip(path, f"{_kind(st.st_mode)}, not a file; only files and folders "
                      "are read")

    def folder(self, root: str) -> Iterator[str]:
        """Every regular file under ``root`` (hidden files and folders left out, links to
        folders not followed), with one skip line per entry that is passed over."""
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.skip(folder, f"folder {_unreachable(exc)}")
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue  # hidden, by convention not part of the archive
                try:
                    if entry.is_symlink() and entry.is_dir():
                        self.skip(entry.path, "a link to a folder; not followed (give the "
                                  "folder itself to read it)")
                        continue
                    st = Path(entry.path).stat()
                except OSError as exc:
                    self.skip(entry.path, _unreachable(exc))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if not self.is_output(entry.path, st):
                        stack.append(entry.path)
                elif stat.S_ISREG(st.st_mode):
                    yield entry.path
                else:
                    self.skip(entry.path, f"{_kind(st.st_mode)}, not a file")


def collect_inputs(paths: Iterable[str | Path], names: Mapping[str, str] | None = None, *,
                   include: Sequence[str] = (), exclude: Sequence[str] = (),
                   outputs: Sequence[str | Path] = ()
                   ) -> tuple[list[InputFile], list[FileResult]]:
    """Expand paths into supported input files, sorted so runs are reproducible.

    Folders are walked recursively (hidden files and folders skipped). ``include`` keeps
    only files that its globs match; ``exclude`` drops those its globs match (gitignore
    rules, see the module's docstring; :class:`PatternError` for one it cannot read).
    Unsupported files, and entries that are not regular files, come back as skipped
    results; so do the ``outputs`` folders (the run's output folder) and any folder a
    planparse run wrote. ``names`` gives the recorded name of a path that should not be
    recorded as given (standard input).
    """
    files: list[InputFile] = []
    included, excluded = compile_globs(include), compile_globs(exclude)
    walk = _Walk(outputs)
    unsupported: list[FileResult] = []
    for given in _expand_lists(paths):
        root = Path(given)
        for found in walk.given(given):
            if found == given:
                c, relative = InputFile(root, (names or {}).get(given) or shown(given)), \
                    shown(root.name)
            else:
                q = Path(found)
                c = InputFile(q, shown(q.as_posix()))
                relative = shown(q.relative_to(root).as_posix())
            if (included is not None and not _matches(relative, included)) or \
                    _matches(relative, excluded):
                continue
            if is_supported(c.path):
                files.append(c)
            else:
                unsupported.append(FileResult(c.name, "skipped", UnsupportedFormatError.code,
                                              f"'{shown(c.path.suffix or c.path.name)}' files "
                                              "are not supported"))
    unique = {f.name: f for f in files}
    return sorted(unique.values(), key=lambda f: f.name), walk.skipped + unsupported
