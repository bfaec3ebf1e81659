"""The Python API: everything the command line does, callable from a notebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from normalise import Options, Plan

from .batch import RunResult, run

if TYPE_CHECKING:
    import pandas

PathLike = str | Path


def _options(date_order: str, aliases: Mapping[str, str] | str | Path | None) -> Options:
    from normalise.leads import load_aliases

    if isinstance(aliases, str | Path):
        aliases = load_aliases(aliases)
    return Options(date_order=date_order.upper(), aliases=dict(aliases or {}))


def read(paths: PathLike | Sequence[PathLike], *, encoding: str | None = None,
         date_order: str = "DMY",
         aliases: Mapping[str, str] | str | Path | None = None) -> list[Plan]:
    """Read plans from files or folders.

    >>> plans = read("samples/")
    >>> plans[0].actions[2].leads
    ['YorSexual Health', 'YTHFT', 'Primary Care']

    Files that cannot be read are skipped here; use :func:`convert` (or :func:`run`) to
    see why.
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    return run(items, _options(date_order, aliases), encoding=encoding).plans


def convert(paths: Sequence[PathLike], output_dir: PathLike, *,
            formats: Sequence[str] = ("csv", "json"), encoding: str | None = None,
            date_order: str = "DMY", aliases: Mapping[str, str] | str | Path | None = None,
            bom: bool = True) -> RunResult:
    """Convert files and folders and write the outputs into ``output_dir``.
    Returns the :class:`~planparse.batch.RunResult`; its ``exit_code`` is the CLI's."""
    from exporters import write_outputs

    result = run(list(paths), _options(date_order, aliases), encoding=encoding)
    write_outputs(result.plans, result.issues, Path(output_dir), formats, bom=bom)
    return result


def to_frames(plans: Sequence[Plan]) -> dict[str, pandas.DataFrame]:
    """The five tables as pandas DataFrames, columns in contract order.

    Dates are ``datetime64`` columns, leads are joined with "; " as in the CSV, and
    ``extra`` / ``header_map`` stay dictionaries.
    """
    import pandas as pd

    from exporters import TABLES, all_issues, table_rows

    rows = table_rows(plans, all_issues(plans, []))
    frames = {}
    for name, model in TABLES.items():
        frame = pd.DataFrame(rows[name], columns=model.columns())
        for col in frame.columns:
            if col.endswith("_date") or col in ("entry_date", "target_date"):
                frame[col] = pd.to_datetime(frame[col])
            elif col == "leads":
                frame[col] = frame[col].map("; ".join)
        frames[name] = frame
    return frames
