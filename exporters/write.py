"""Format name → writer, and the one function that writes an output set."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from normalise.models import Issue

from .atomic import staged
from .sink import Context, Records, Sink, drive

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


def _sink_classes() -> dict[str, Callable[[Context], Sink]]:
    """Format name → its sink class, imported when a format is asked for (pyarrow,
    openpyxl and jinja2 load only for their formats)."""
    from .csv import CsvSink
    from .json import JsonSink
    from .jsonl import JsonlSink

    def lazy(module: str, name: str) -> Callable[[Context], Sink]:
        def make(ctx: Context) -> Sink:
            import importlib

            cls: Callable[[Context], Sink] = getattr(
                importlib.import_module(f"{__package__}.{module}"), name)
            return cls(ctx)

        return make

    return {"csv": CsvSink, "json": JsonSink, "jsonl": JsonlSink,
            "parquet": lazy("parquet", "ParquetSink"), "xlsx": lazy("xlsx", "XlsxSink"),
            "sqlite": lazy("sqlite", "SqliteSink"), "audit": lazy("report", "AuditSink"),
            "report": lazy("report", "ReportSink")}


#: Format name → sink class (see :func:`_sink_classes`); the order of FORMATS.
SINKS: dict[str, Callable[[Context], Sink]] = {}


def write_outputs(plans: Records, other_issues: Sequence[Issue], out_dir: Path,
                  formats: Sequence[str], *, bom: bool = True,
                  source_files: Sequence[str] = (),
                  run_info: dict[str, str] | None = None, excel_safe: bool = False,
                  extra_files: Mapping[str, bytes] | None = None) -> list[Path]:
    """Write every requested format into ``out_dir`` as one set: ``plans`` are whole
    plans or a run's :class:`~normalise.stored.PlanRecords`; every record is read
    once and handed to each format's sink (:func:`exporters.sink.drive`); all files are
    staged first and renamed into place together, so an interrupted run leaves the old
    set.

    ``other_issues`` are the issues attached to no plan; ``source_files`` are all the
    files of the run (the SQLite writer replaces their rows); ``run_info`` goes on the
    workbook's About sheet; ``excel_safe`` guards CSV cells that Excel would take for
    formulas; ``extra_files`` (name → bytes, e.g. ``run.json``) join the set. Returns the
    final paths.
    """
    if not SINKS:
        SINKS.update(_sink_classes())
    written: list[str] = []
    with staged(out_dir) as stage:
        if formats:
            ctx = Context(stage, out_dir, bom=bom, excel_safe=excel_safe, run_info=run_info,
                          source_files=source_files)
            sinks = [SINKS[name](ctx) for name in formats]
            written += [p.name for p in drive(sinks, plans, other_issues)]
        for name, data in (extra_files or {}).items():
            (stage / name).write_bytes(data)
            written.append(name)
    return [out_dir / n for n in written]
