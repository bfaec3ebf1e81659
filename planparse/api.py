"""The Python API: everything the command line does, callable from a notebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalise import Options, Plan, Rag

from .batch import RunResult, run

if TYPE_CHECKING:
    import pandas

PathLike = str | Path


def parse_colour_key(spec: str) -> dict[str, Rag]:
    """``"92D050=green,FFC000=amber"`` → ``{"92D050": Rag.green, …}``. Raises
    ``ValueError`` naming the bad part."""
    from normalise import Rag

    key: dict[str, Rag] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        colour, _, rag = part.partition("=")
        colour = colour.strip().lstrip("#").upper()
        if len(colour) != 6 or any(c not in "0123456789ABCDEF" for c in colour):
            raise ValueError(f"'{part}': the colour must be 6 hex digits, like 92D050")
        try:
            key[colour] = Rag(rag.strip().lower())
        except ValueError:
            raise ValueError(f"'{part}': the rating must be red, amber, green or blue") from None
    return key


def _options(date_order: str, aliases: Mapping[str, str] | str | Path | None,
             colour_key: Mapping[str, Rag] | str | None = None,
             as_of: date | str | None = None, stale_days: int = 180) -> Options:
    from normalise.leads import load_aliases

    if isinstance(aliases, str | Path):
        aliases = load_aliases(aliases)
    if isinstance(colour_key, str):
        colour_key = parse_colour_key(colour_key)
    if isinstance(as_of, str) and as_of != "today":
        as_of = date.fromisoformat(as_of)
    return Options(date_order=date_order.upper(), aliases=dict(aliases or {}),
                   colour_key=dict(colour_key or {}), as_of=as_of, stale_days=stale_days)


def run_info(options: Options, formats: Sequence[str]) -> dict[str, str]:
    """What produced an output set: tool and contract versions and the settings that
    change values. No timestamps, so the same inputs give the same files."""
    from normalise import CONTRACT_VERSION

    from . import __version__

    key = ",".join(f"{k}={v.value}" for k, v in sorted(options.colour_key.items()))
    as_of = str(options.as_of) if options.as_of else "each plan's latest dated update"
    return {"planparse version": __version__, "contract version": CONTRACT_VERSION,
            "date order": options.date_order, "aliases": str(len(options.aliases)),
            "colour key": key, "as of": as_of, "stale after days": str(options.stale_days),
            "formats": ",".join(formats)}


def write_run(result: RunResult, output_dir: PathLike, formats: Sequence[str], *,
              options: Options, settings: Mapping[str, Any], bom: bool = True,
              excel_safe: bool = False, resume: bool = False) -> bool:
    """Write a run's outputs and ``run.json`` into ``output_dir`` as one set. When the
    run resumes (``resume``) and its inputs, settings and output options are those of the
    set already there, only ``run.json`` is rewritten. Returns whether
    the data files were written."""
    import hashlib
    import json

    from exporters import write_outputs

    out = Path(output_dir)
    fingerprint = None
    if result.fingerprint is not None:
        fingerprint = hashlib.sha256(json.dumps(
            [result.fingerprint, list(formats), bom, excel_safe]).encode()).hexdigest()
        try:
            previous = json.loads((out / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        names = previous.get("outputs") or []
        if (resume and previous.get("outputs_fingerprint") == fingerprint and names
                and all((out / n).is_file() for n in names)):
            write_outputs([], [], out, [], extra_files={
                "run.json": result.run_json(settings, names, fingerprint)})
            return False
    planned = write_outputs(result.plans, result.issues, out, formats, bom=bom,
                            source_files=[f.source_file for f in result.files],
                            run_info=run_info(options, formats), excel_safe=excel_safe)
    names = [p.name for p in planned]
    write_outputs([], [], out, [], extra_files={
        "run.json": result.run_json(settings, names, fingerprint)})
    return True


def read(paths: PathLike | Sequence[PathLike], *, encoding: str | None = None,
         date_order: str = "DMY", aliases: Mapping[str, str] | str | Path | None = None,
         colour_key: Mapping[str, Rag] | str | None = None,
         as_of: date | str | None = None, stale_days: int = 180,
         password: str | None = None, max_pages: int | None = None,
         ocr: str = "auto") -> list[Plan]:
    """Read plans from files or folders.

    >>> plans = read("samples/")
    >>> plans[0].actions[2].leads
    ['YorSexual Health', 'YTHFT', 'Primary Care']

    Files that cannot be read are skipped here; use :func:`convert` (or :func:`run`) to
    see why.
    """
    from normalise import materialise

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    options = _options(date_order, aliases, colour_key, as_of, stale_days)
    return [materialise(p) for p in run(items, options, encoding=encoding, password=password,
                                        max_pages=max_pages, ocr=ocr).plans]


def convert(paths: Sequence[PathLike], output_dir: PathLike, *,
            formats: Sequence[str] = ("csv", "json"), encoding: str | None = None,
            date_order: str = "DMY", aliases: Mapping[str, str] | str | Path | None = None,
            colour_key: Mapping[str, Rag] | str | None = None,
            as_of: date | str | None = None, stale_days: int = 180,
            password: str | None = None, max_pages: int | None = None,
            bom: bool = True, ocr: str = "auto") -> RunResult:
    """Convert files and folders and write the outputs into ``output_dir``.
    Returns the :class:`~planparse.batch.RunResult`; its ``exit_code`` is the CLI's."""
    from exporters import write_outputs

    options = _options(date_order, aliases, colour_key, as_of, stale_days)
    result = run(list(paths), options, encoding=encoding, password=password,
                 max_pages=max_pages, ocr=ocr)
    write_outputs(result.plans, result.issues, Path(output_dir), formats, bom=bom,
                  source_files=[f.source_file for f in result.files],
                  run_info=run_info(options, formats))
    return result


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
                   debug_dir: PathLike | None = None
                   ) -> tuple[list[dict[str, Any]], list[str]]:
    """Every table of every file as the reader sees it (see
    :func:`normalise.inspect.describe_tables`), and one message per file that failed.
    ``pages`` limits PDFs to those pages; ``debug_dir`` gets a PNG per PDF page with the
    tables found drawn on it."""
    from ingest import IngestError, read_document
    from normalise.inspect import describe_tables

    from .batch import collect_inputs

    inputs, skipped = collect_inputs(paths)
    found: list[dict[str, Any]] = []
    failures = [f"{s.source_file}: {s.message}" for s in skipped]
    for item in inputs:
        try:
            doc = read_document(item.path, encoding=encoding, display_name=item.name,
                                password=password, pages=pages)
        except IngestError as exc:
            failures.append(str(exc))
            continue
        found.extend(describe_tables(doc))
        if debug_dir is not None and doc.source_format == "pdf":
            from ingest.pdf import debug_images

            debug_images(item.path, Path(debug_dir), password=password, pages=pages)
    return found, failures


def to_frames(plans: Sequence[Plan]) -> dict[str, pandas.DataFrame]:
    """The five tables as pandas DataFrames, columns in contract order.

    Built from the same Arrow tables as the Parquet files, with pandas' nullable dtypes
    (``Int64``, ``boolean``, ``string``) so a column's dtype never depends on whether it
    happens to hold a missing value; the same as
    ``pandas.read_parquet(path, dtype_backend="numpy_nullable")``. Dates are
    ``datetime.date`` objects. Needs pyarrow.

    >>> frames = to_frames(read("samples/"))
    >>> frames["actions"][["ref", "status", "target_date"]].head(2)
    """
    import pandas as pd
    import pyarrow as pa

    from exporters import all_issues
    from exporters.parquet import arrow_tables

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
               pa.string(): pd.StringDtype()}
    tables = arrow_tables(plans, all_issues(plans, []))
    return {name: table.to_pandas(types_mapper=mapping.get) for name, table in tables.items()}
