"""Format name → writer, and the one function that writes an output set."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from normalise.models import Issue, Plan

from .atomic import staged
from .contract import all_issues
from .csv import write_csv
from .json import write_json
from .schema import data_package

FORMATS = ("csv", "json", "jsonl", "parquet", "xlsx", "sqlite", "audit", "report")
#: The optional extra that brings each format's library, for the error message.
_NEEDS = {"parquet": ("pyarrow", "parquet")}


class UnknownFormatError(ValueError):
    """A format name that no writer handles, or whose library is not installed."""


def parse_formats(spec: str) -> list[str]:
    """``"csv,json"`` → ``["csv", "json"]``; raises :class:`UnknownFormatError` for an
    unknown name or a format whose optional library is missing."""
    import importlib.util

    names = [f.strip().lower() for f in spec.split(",") if f.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UnknownFormatError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    for n in names:
        if n in _NEEDS and importlib.util.find_spec(_NEEDS[n][0]) is None:
            module, extra = _NEEDS[n]
            raise UnknownFormatError(f"{n} needs {module}: pip install 'planparse[{extra}]'")
    return list(dict.fromkeys(names))


def write_outputs(plans: Sequence[Plan], other_issues: Sequence[Issue], out_dir: Path,
                  formats: Sequence[str], *, bom: bool = True,
                  source_files: Sequence[str] = (),
                  run_info: dict[str, str] | None = None, excel_safe: bool = False,
                  extra_files: Mapping[str, bytes] | None = None) -> list[Path]:
    """Write every requested format into ``out_dir`` as one set: all files are staged
    first and renamed into place together, so an interrupted run leaves the old set.

    ``other_issues`` are the issues attached to no plan; ``source_files`` are all the
    files of the run (the SQLite writer replaces their rows); ``run_info`` goes on the
    workbook's About sheet; ``excel_safe`` guards CSV cells that Excel would take for
    formulas; ``extra_files`` (name → bytes, e.g. ``run.json``) join the set. Returns the
    final paths.
    """
    issues = all_issues(plans, other_issues)
    written: list[str] = []
    with staged(out_dir) as stage:
        for name in formats:
            paths: list[Path] = []
            if name == "csv":
                paths = write_csv(plans, issues, stage, bom=bom, excel_safe=excel_safe)
                dp = stage / "datapackage.json"
                dp.write_text(json.dumps(data_package(), indent=2) + "\n", encoding="utf-8")
                paths.append(dp)
            elif name == "json":
                paths = write_json(plans, other_issues, stage)
            elif name == "jsonl":
                from .jsonl import write_jsonl

                paths = write_jsonl(plans, stage)
            elif name == "parquet":
                from .parquet import write_parquet

                paths = write_parquet(plans, issues, stage)
            elif name == "xlsx":
                from .xlsx import write_xlsx

                paths = write_xlsx(plans, issues, stage, run_info=run_info)
            elif name == "sqlite":
                from .sqlite import write_sqlite

                paths = write_sqlite(plans, issues, stage, out_dir, source_files)
            elif name == "audit":
                from .report import write_audit_csv

                paths = write_audit_csv(plans, stage, bom=bom)
            elif name == "report":
                from .report import write_report

                paths = write_report(plans, stage, run_info)
            written += [p.name for p in paths]
        for name, data in (extra_files or {}).items():
            (stage / name).write_bytes(data)
            written.append(name)
    return [out_dir / n for n in written]
