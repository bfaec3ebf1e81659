"""The Python API: everything the command line does, callable from a notebook."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from normalise import Plan

from .batch import FileResult, RunResult, run
from .reading import Errors, Plans
from .settings import Settings, parse_colour_key

__all__ = ["Settings", "check_settings", "convert", "inspect_tables",
           "parse_colour_key", "parse_pages", "read", "run_info", "stdin_as_file", "to_frames",
           "write_run"]

if TYPE_CHECKING:
    import pandas

    from normalise.vocabulary import Vocabulary

PathLike = str | Path


def run_info(settings: Settings) -> dict[str, str]:
    """What produced an output set (see :meth:`Settings.info`)."""
    return settings.info()


def write_run(result: RunResult, output_dir: PathLike, settings: Settings, *,
              run_settings: Mapping[str, Any]) -> bool:
    """Write a run's outputs and ``run.json`` into ``output_dir`` as one set. When the
    run resumes (``settings.resume``) and its inputs, settings and output options are
    those of the set already there, only ``run.json`` is rewritten. ``run_settings`` is
    what ``run.json`` records of the settings. Returns whether the data files were
    written."""
    import hashlib
    import json

    from exporters import write_outputs

    from .outputs import remove_earlier_outputs

    out = Path(output_dir)
    formats, bom, excel_safe = list(settings.formats), settings.bom, settings.excel_safe
    fingerprint = None
    try:
        previous = json.loads((out / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if not isinstance(previous, dict):
        previous = {}
    if result.fingerprint is not None:
        fingerprint = hashlib.sha256(json.dumps(
            [result.fingerprint, formats, bom, excel_safe]).encode()).hexdigest()
        names = previous.get("outputs") or []
        if (settings.resume and previous.get("outputs_fingerprint") == fingerprint and names
                and all((out / n).is_file() for n in names)):
            write_outputs([], [], out, [], extra_files={
                "run.json": result.run_json(run_settings, names, fingerprint)})
            return False
    planned = write_outputs(result.records, result.issues, out, formats, bom=bom,
                            source_files=[f.source_file for f in result.files],
                            run_info=settings.info(), excel_safe=excel_safe)
    names = [p.name for p in planned]
    remove_earlier_outputs(out, previous.get("outputs"), names)
    write_outputs([], [], out, [], extra_files={
        "run.json": result.run_json(run_settings, names, fingerprint)})
    return True


@overload
def read(paths: PathLike | Sequence[PathLike], settings: Settings | None = None, *,
         errors: Literal["collect"], **kw: Any) -> Plans: ...


@overload
def read(paths: PathLike | Sequence[PathLike], settings: Settings | None = None, *,
         errors: Literal["ignore", "raise"] = "ignore", **kw: Any) -> list[Plan]: ...


def read(paths: PathLike | Sequence[PathLike], settings: Settings | None = None, *,
         errors: Errors = "ignore", **kw: Any) -> list[Plan]:
    """Read plans from files or folders, in this process (keyword options as for
    :meth:`Settings.make`, e.g. ``date_order="MDY"``).

    >>> plans = read("samples/")
    >>> plans[0].actions[2].leads
    ['YorSexual Health', 'YTHFT', 'Primary Care']

    ``errors`` says what happens to a file that cannot be read (corrupt, missing, no
    table in it): ``"ignore"`` (the default) leaves it out of the list; ``"raise"``
    stops at the first such file and raises :class:`~planparse.reading.ReadError`
    naming it and the problem; ``"collect"`` returns a
    :class:`~planparse.reading.Plans`, a list of the plans read with ``.failures`` (one
    per file that failed: ``source_file``, ``code``, ``message``) and ``.issues``.
    """
    from .reading import ERRORS, Plans, ReadError

    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(ERRORS)}, not {errors!r}")
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    # One file at a time here, no pool and so no timeout: a notebook's own process.
    chosen = replace(Settings.make(settings, **kw), workers=1, timeout=None,
                     fail_fast=errors == "raise")
    result = run(items, chosen)
    if errors == "raise" and result.failed:
        raise ReadError(result.failed, result.plans)
    if errors == "collect":
        return Plans(result.plans, result.failed, result.issues)
    return result.plans


def check_settings(settings: Settings) -> None:
    """Settings that cannot go together, or need what is not installed: raises
    :class:`~planparse.settings.SettingError` naming the option."""
    import importlib.util

    from .settings import SettingError

    if settings.executor == "local" and settings.scheduler:
        raise SettingError("scheduler", "--scheduler goes with --executor dask")
    if settings.executor == "dask" and importlib.util.find_spec("distributed") is None:
        raise SettingError("executor", "dask is not installed: pip install 'planparse[dask]'")


def convert(paths: PathLike | Sequence[PathLike], output_dir: PathLike,
            settings: Settings | None = None, *,
            on_file: Callable[[FileResult], None] | None = None,
            on_total: Callable[[int], None] | None = None,
            names: Mapping[str, str] | None = None, **kw: Any) -> RunResult:
    """Convert files and folders and write the outputs into ``output_dir``: everything
    ``planparse convert`` does (a process pool with a timeout per file, the resume cache
    in ``output_dir/.planparse-cache``, ``run.json``, all files staged and renamed into
    place together). Keyword options as for :meth:`Settings.make`, e.g.
    ``formats=["csv", "parquet"]``. ``on_file`` and ``on_total`` report progress.

    Returns the :class:`~planparse.batch.RunResult`; its ``exit_code`` is the CLI's.
    With ``fail_fast`` and a failed file nothing is written and the result has
    ``stopped_early``. Raises :class:`~planparse.outputs.OutputError` (an ``OSError``)
    when the outputs cannot be written or another run is writing into ``output_dir``
    (see :mod:`planparse.outputs`).
    """
    import os

    settings = Settings.make(settings, **kw)
    check_settings(settings)
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    from .outputs import writing_to

    out = Path(output_dir)
    # The folder's lock held throughout; a failure to write is one OutputError.
    with writing_to(out):
        result = run(items, settings, on_file=on_file, on_total=on_total, names=names,
                     cache_dir=out)
        if result.stopped_early:
            return result
        workers = settings.workers or os.cpu_count() or 1
        run_settings = {**settings.info(), "workers": str(workers),
                        "executor": settings.executor, "include": list(settings.include),
                        "exclude": list(settings.exclude), "encoding": settings.encoding}
        write_run(result, out, settings, run_settings=run_settings)
    return result


@contextlib.contextmanager
def stdin_as_file(paths: Sequence[PathLike], input_format: str | None
                  ) -> Iterator[tuple[list[PathLike], dict[str, str]]]:
    """The paths with a ``-`` among them replaced by a temporary file holding standard
    input (read once), and the name it is recorded under ('stdin'), for :func:`convert`'s
    ``names``. Raises :class:`~planparse.settings.SettingError` when ``input_format`` is
    missing (the file's content decides how it is read, but its suffix must be known)."""
    import sys
    import tempfile

    if not any(str(p) == "-" for p in paths):
        yield list(paths), {}
        return
    from .settings import SettingError

    if input_format is None:
        raise SettingError("input_format", "reading standard input ('-') needs "
                           "--input-format, e.g. --input-format html")
    from ingest import INPUT_FORMATS

    with tempfile.TemporaryDirectory(prefix="planparse-stdin-") as tmp:
        path = Path(tmp) / f"stdin{INPUT_FORMATS[input_format]}"
        path.write_bytes(sys.stdin.buffer.read())
        yield [path if str(p) == "-" else p for p in paths], {str(path): "stdin"}


def parse_pages(spec: str) -> set[int]:
    """``"1,3-5"`` → ``{1, 3, 4, 5}`` (1-based pages); raises ``ValueError``."""
    pages: set[int] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        first, _, last = part.partition("-")
        try:
            a, b = int(first), int(last or first)
        except ValueError:
            raise ValueError(f"'{part}' is not a page or a range like 3-5") from None
        if a < 1 or b < a:
            raise ValueError(f"'{part}' is not a page range (pages count from 1)")
        pages.update(range(a, b + 1))
    return pages


def inspect_tables(paths: Sequence[PathLike], *, encoding: str | None = None,
                   password: str | None = None, pages: set[int] | None = None,
                   debug_dir: PathLike | None = None, vocabulary: Vocabulary | None = None,
                   names: Mapping[str, str] | None = None
                   ) -> tuple[list[dict[str, Any]], list[str]]:
    """Every table of every file as the reader sees it (see
    :func:`normalise.inspect.describe_tables`), and one message per file that failed.
    ``pages`` limits PDFs to those pages; ``debug_dir`` gets a PNG per PDF page with the
    tables found drawn on it; ``vocabulary`` maps headers as a conversion with it would;
    ``names`` as for :func:`convert` (standard input's 'stdin')."""
    from .batch import collect_inputs, guarded

    inputs, skipped = collect_inputs(paths, names)
    found: list[dict[str, Any]] = []
    failures = [f"{s.source_file}: {s.message}" for s in skipped]
    for item in inputs:
        # Reading and describing both inside the guard: whatever one file does costs that
        # file alone, never the tables of the others (issue 18 #9).
        tables, _, message = guarded(lambda item=item: _file_tables(  # type: ignore[misc]
            item.path, item.name, encoding, password, pages, debug_dir, vocabulary))
        if tables is None:
            failures.append(f"{item.name}: {message}")
            continue
        found.extend(tables)
    return found, failures


def _file_tables(path: Path, name: str, encoding: str | None, password: str | None,
                 pages: set[int] | None, debug_dir: PathLike | None,
                 vocabulary: Any = None) -> list[dict[str, Any]]:
    """One file's tables as :func:`inspect_tables` shows them (and its debug images)."""
    from ingest import read_document
    from normalise.inspect import describe_tables

    doc = read_document(path, encoding=encoding, display_name=name, password=password,
                        pages=pages)
    tables = describe_tables(doc, vocabulary)
    if debug_dir is not None and doc.source_format == "pdf":
        from ingest.pdf import debug_images

        debug_images(path, Path(debug_dir), password=password, pages=pages)
    return tables


def to_frames(plans: Sequence[Plan]) -> dict[str, pandas.DataFrame]:
    """The six tables (findings the last) as pandas DataFrames, columns in contract order.

    Built from the same Arrow tables as the Parquet files. Dates are ``datetime64[us]``
    (``.dt``, comparison with a ``Timestamp`` and ``resample`` work; microseconds rather
    than nanoseconds so that any year up to 9999 fits); ``status`` and ``rag`` are ordered
    categoricals (status in the order of :class:`normalise.models.Status`, red < amber <
    green < blue); the other enums are unordered categoricals; ids and text are
    ``string``; counts ``Int64``; flags ``boolean`` (pandas' nullable dtypes, so that a
    column's dtype never depends on whether it holds a missing value). Needs pyarrow:
    without it raises :class:`~planparse.frames.MissingExtra` (an ``ImportError``) naming
    the extra to install.

    >>> frames = to_frames(read("samples/"))
    >>> frames["actions"][["ref", "status", "target_date"]].head(2)
    """
    from .frames import to_frames as build

    return build(plans)
