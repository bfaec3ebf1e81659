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


def run_info(options: Options, formats: Sequence[str]) -> dict[str, str]:
    """What produced an output set: tool and contract versions and the settings that
    change values. No timestamps, so the same inputs give the same files."""
    from normalise import CONTRACT_VERSION

    from . import __version__

    return {"planparse version": __version__, "contract version": CONTRACT_VERSION,
            "date order": options.date_order, "aliases": str(len(options.aliases)),
            "formats": ",".join(formats)}


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

    options = _options(date_order, aliases)
    result = run(list(paths), options, encoding=encoding)
    write_outputs(result.plans, result.issues, Path(output_dir), formats, bom=bom,
                  source_files=[f.source_file for f in result.files],
                  run_info=run_info(options, formats))
    return result


def to_frames(plans: Sequence[Plan]) -> dict[str, pandas.DataFrame]:
    """The five tables as pandas DataFrames: the same columns, order and dtypes as the
    Parquet files (they are built from the same Arrow tables; needs pyarrow).

    >>> frames = to_frames(read("samples/"))
    >>> frames["actions"][["ref", "status", "target_date"]].head(2)
    """
    from exporters import all_issues
    from exporters.parquet import arrow_tables

    tables = arrow_tables(plans, all_issues(plans, []))
    return {name: table.to_pandas() for name, table in tables.items()}
