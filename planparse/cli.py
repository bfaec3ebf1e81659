"""The command line: a thin skin over :mod:`planparse.api`. Heavy imports stay inside
the commands so that ``planparse --help`` answers at once."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__
from .settings import SettingError, setting_option

# One option vocabulary, shared by every subcommand (csvkit's lesson).
_output_dir = click.option(
    "-o", "--output-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the output files (created if missing); '-' for JSON Lines of "
         "actions on standard output (convert), no folder.")
_encoding = setting_option("encoding")
_date_order = setting_option("date_order")
_aliases = setting_option("aliases")
_colour_key = setting_option("colour_key")
_quiet = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="planparse")
def cli() -> None:
    """Pull action-plan tables out of documents into clean, typed data.

    \b
    Example:
        planparse convert samples/ -o out/

    Run `planparse COMMAND --help` for each command's options.
    """


_password = setting_option("password")
_max_pages = setting_option("max_pages")
_no_bom = setting_option("bom")
#: The settings of a converting command, in the order --help shows them.
_CONVERSION = ("encoding", "input_format", "date_order", "aliases", "colour_key",
               "vocabulary", "as_of", "stale_days", "password", "max_pages", "ocr", "include",
               "exclude", "workers",
               "timeout", "resume", "fail_fast", "max_memory", "executor", "scheduler",
               "excel_safe", "bom")


def _conversion_options(fn: Any) -> Any:
    """The options every converting command shares, in one place."""
    for option in reversed((_output_dir, *map(setting_option, _CONVERSION), _quiet)):
        fn = option(fn)
    return fn


def _config() -> Any:
    """The working folder's config file (:mod:`planparse.config`); a bad one is one
    line and exit code 2, as a bad flag is."""
    from .config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


def _settings(kw: dict[str, Any], formats: str | None = None) -> Any:
    """The settings of a command: the config file's over the defaults, then the flags
    given on the command line over those (a flag left at its default does not undo the
    file). ``formats`` is the command's own spelling of the output formats, if any."""
    from click.core import ParameterSource

    from .settings import from_cli

    ctx = click.get_current_context()
    config = _config()
    given = {k: v for k, v in kw.items()
             if ctx.get_parameter_source(k) not in (ParameterSource.DEFAULT,
                                                   ParameterSource.DEFAULT_MAP, None)}
    if formats is not None:
        given["formats"] = formats
    try:
        return from_cli(given, config.settings)
    except SettingError as exc:
        raise _bad(exc) from None


def _chosen_formats(formats: str, extra: tuple[str, ...] = ()) -> str:
    """The output formats: the flag's when given, else the config file's, else the
    command's default; with the command's own ``extra`` formats (audit's report)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    if ctx.get_parameter_source("formats") is ParameterSource.DEFAULT:
        config = _config()
        if "formats" in config.given:
            formats = ",".join(config.settings.formats)
    return _formats(formats, extra)


def _convert(paths: tuple[Path, ...], output_dir: Path, chosen: str, kw: dict[str, Any]
             ) -> None:
    """Convert, report each failed or skipped file in one line, write the outputs as one
    set, print the summary and exit with the run's code."""
    from click.core import ParameterSource

    from .api import check_settings, stdin_as_file

    settings = _settings(kw, chosen)
    if str(output_dir) == "-":
        ctx = click.get_current_context()
        if ctx.command.name != "convert":
            raise click.BadParameter(f"{ctx.command.name} writes files: give a folder",
                                     param_hint="'-o'")
        if (ctx.get_parameter_source("formats") is not ParameterSource.DEFAULT
                and chosen != "jsonl"):
            raise click.BadParameter("-o - writes JSON Lines of actions to standard "
                                     "output; --format goes with an output folder",
                                     param_hint="'--format'")
        if settings.resume:
            raise click.BadParameter("--resume keeps its cache in an output folder; "
                                     "-o - has none", param_hint="'--resume'")
    try:
        check_settings(settings)
        with stdin_as_file(paths, settings.input_format) as (files, names):
            _convert_files(tuple(Path(f) for f in files), output_dir, settings, kw["quiet"],
                           names)
    except SettingError as exc:
        raise _bad(exc) from None


def _bad(exc: SettingError) -> click.BadParameter:
    """A setting's error as click's usage error, naming the option as written."""
    from dataclasses import fields

    from .settings import Settings

    spec = next(f for f in fields(Settings) if f.name == exc.option)
    return click.BadParameter(str(exc), param_hint=f"'{spec.metadata['cli']['flags'][-1]}'")


def _convert_files(paths: tuple[Path, ...], output_dir: Path, settings: Any, quiet: bool,
                   names: dict[str, str]) -> None:
    from .api import convert
    from .batch import FileResult, run
    from .inputs import ListFileError
    from .interrupts import exit_on_interrupt

    stream = str(output_dir) == "-"
    with _progress_bar(quiet) as bar:
        task = bar.add_task("converting", total=None)

        def on_file(fr: FileResult) -> None:
            if fr.status != "skipped":
                bar.update(task, advance=1, description=fr.source_file[-60:])

        try:
            with exit_on_interrupt(output_dir, lambda line: click.echo(line, err=True)):
                if stream:  # no folder: no cache, no run.json; the actions go to stdout
                    result = run(paths, settings, on_file=on_file, names=names,
                                 on_total=lambda n: bar.update(task, total=n))
                else:
                    result = convert(paths, output_dir, settings, on_file=on_file,
                                     names=names, on_total=lambda n: bar.update(task, total=n))
        except ListFileError as exc:
            raise click.BadParameter(str(exc), param_hint="'PATHS'") from None
        except OSError as exc:
            click.echo(f"error: cannot write to {output_dir}: {exc.strerror or exc}; "
                       "choose another --output-dir", err=True)
            sys.exit(1)
    lines = [(fr.source_file, "error", fr.message) for fr in result.files
             if fr.status == "failed"]
    lines += [(i.source_file, "error", i.message) for i in result.issues
              if i.code == "no-action-plan"]
    if not quiet:
        lines += [(fr.source_file, "skipped", fr.message) for fr in result.files
                  if fr.status == "skipped"]
    for source, kind, message in sorted(lines):
        click.echo(f"{kind}: {source}: {message}", err=True)
    if result.stopped_early:
        click.echo("stopped at the first failed file (--fail-fast); no outputs written; "
                   "run again with --resume to reuse what was converted", err=True)
        sys.exit(1)
    if stream:
        _stream_actions(result)
    if not quiet:
        where = "standard output (JSON Lines of actions)" if stream else output_dir
        click.echo(f"{result.summary()}\n→ {where}", err=True)
    sys.exit(result.exit_code)


class _NoBar:
    """What ``-q`` shows: nothing. Stands in for rich's progress bar, so a quiet run never
    imports rich (about 50 ms of a small file's start-up, issue 17)."""

    def add_task(self, description: str, total: int | None = None) -> int:
        """A task id, as rich's ``Progress.add_task`` returns."""
        return 0

    def update(self, task: int, **kw: Any) -> None:
        """Ignore progress."""


@contextlib.contextmanager
def _progress_bar(quiet: bool) -> Iterator[Any]:
    """rich's transient progress bar on standard error, or :class:`_NoBar` with ``-q``."""
    if quiet:
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}", style="dim"), BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        yield bar


def _stream_actions(result: Any) -> None:
    """``-o -``: the lines of actions.jsonl on standard output, in UTF-8 whatever the
    locale (JSON Lines is UTF-8), each plan's actions read back from the spool in turn."""
    import io

    from exporters.jsonl import stream_jsonl

    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n",
                           write_through=True)
    try:
        stream_jsonl(result.records, out)
    finally:
        out.detach()  # standard output stays open for click


def _formats(spec: str, extra: tuple[str, ...] = ()) -> str:
    from exporters import UnknownFormatError, parse_formats

    try:
        return ",".join(dict.fromkeys([*parse_formats(spec), *extra]))
    except UnknownFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None


def _existing(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
              ) -> tuple[Path, ...]:
    """Every PATH must exist; ``@list.txt`` names a file of paths (checked when read) and
    ``-`` is standard input."""
    for value in values:
        target = value[1:] if value.startswith("@") and len(value) > 1 else value
        if value != "-" and not Path(target).exists():
            raise click.BadParameter(f"Path '{target}' does not exist.", ctx, param)
    return tuple(Path(v) for v in values)


_PATHS = click.argument("paths", nargs=-1, required=True, callback=_existing)


@cli.command()
@_PATHS
@setting_option("formats")
@_conversion_options
def convert(paths: tuple[Path, ...], output_dir: Path, formats: str, **kw: Any) -> None:
    """Convert documents (files or folders) into plans, actions, progress entries,
    leads and issues.

    \b
    Example:
        planparse convert samples/ -o out/ --format csv,json

    Exit code: 0 when all went well, 1 when a file failed or an error-level issue was
    recorded (see issues.csv), 2 for a usage error.
    """
    _convert(paths, output_dir, _chosen_formats(formats), kw)


@cli.command()
@_PATHS
@setting_option("formats", default="csv",
                help="Data formats written beside the audit (as for convert).")
@_conversion_options
def audit(paths: tuple[Path, ...], output_dir: Path, formats: str, **kw: Any) -> None:
    """Audit published plans: overdue, stale and unevidenced actions, as audit.csv and
    a self-contained report.html, each finding pointing back to its source.

    \b
    Example:
        planparse audit samples/ -o audit/ --as-of 2022-03-31

    Converts as convert does (actions.csv carries is_overdue, days_overdue,
    days_since_last_update and flags), then writes audit.csv (one row per finding) and
    report.html (open it in any browser; it prints to PDF as it looks), and prints the
    findings by code and the ten most overdue actions (not with --quiet).
    """
    audit_csv = output_dir / "audit.csv"
    before = _identity(audit_csv)
    try:
        _convert(paths, output_dir, _chosen_formats(formats, ("audit", "report")), kw)
    except SystemExit as done:
        # Only a set this run wrote (renamed into place: a new file) is summarised; a run
        # that wrote nothing leaves the old audit.csv, which is not this run's.
        if not kw["quiet"] and done.code in (0, 1) and _identity(audit_csv) != before:
            _print_findings(audit_csv)
        raise


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Which file ``path`` is now (inode, size, mtime), or None when there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


#: How many of the most overdue actions the audit prints.
MOST_OVERDUE = 10


def _print_findings(audit_csv: Path) -> None:
    """Print the findings by code (severity, code, findings) and the most overdue actions
    (days, file, message) to standard output, from the audit.csv just written."""
    import csv
    from collections import Counter

    with audit_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_code = Counter((r["severity"], r["code"]) for r in rows)
    click.echo(f"findings by code ({len(rows)} in all):")
    for (severity, code), n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0][1])):
        click.echo(f"  {severity:<8} {code:<28} {n:>6}")
    overdue = sorted((r for r in rows if r["code"] == "overdue" and r["days"]),
                     key=lambda r: (-int(r["days"]), r["source_file"], r["action_id"]))
    if not overdue:
        click.echo("no overdue actions")
        return
    shown = overdue[:MOST_OVERDUE]
    click.echo(f"most overdue ({len(shown)} of {len(overdue)}):")
    for r in shown:
        click.echo(f"  {int(r['days']):>5} days  {r['source_file']}  {r['message']}")


@cli.command()
@_PATHS
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True, help="JSON (a list of tables) or CSV (one row per cell).")
@setting_option("input_format")
@_encoding
@_password
@setting_option("vocabulary")
@click.option("--pages", default=None, metavar="LIST",
              help="PDF pages to read, 1-based: e.g. 1,3-5.")
@click.option("--debug-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write a PNG per PDF page with the tables found drawn on it.")
def tables(paths: tuple[Path, ...], fmt: str, input_format: str | None, encoding: str | None,
           password: str | None, vocabulary: Path | None, pages: str | None,
           debug_dir: Path | None) -> None:
    """Show every table found in documents as the reader sees it, and whether it was
    taken as an action plan and why.

    \b
    Example:
        planparse tables samples/child-poppy-action-plan.txt --format json

    \b
    From standard input (its format given):
        curl -s https://example.org/plan.html | planparse tables - --input-format html

    JSON: a list of objects with source_file, table_index, page, bbox (PDF), is_plan,
    reason, header_map and rows (cell texts; null where a merged cell covers the position).
    PDF tables are shown per page as found, before they are stitched into plans.
    CSV: source_file, table_index, page, is_plan, row, col, text, fill, merged.
    A file that cannot be read gets one line on stderr and exit code 1.
    """
    from .api import inspect_tables, parse_pages, stdin_as_file

    try:
        page_set = parse_pages(pages) if pages else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--pages'") from None
    settings = _settings({"encoding": encoding, "password": password,
                          "vocabulary": vocabulary, "input_format": input_format})
    try:
        with stdin_as_file(paths, settings.input_format) as (files, names):
            found, failures = inspect_tables(
                files, encoding=settings.encoding, password=settings.password,
                pages=page_set, debug_dir=debug_dir, vocabulary=settings.vocabulary,
                names=names)
    except SettingError as exc:
        raise _bad(exc) from None
    for line in failures:
        click.echo(f"error: {line}", err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["source_file", "table_index", "page", "is_plan", "row", "col", "text",
                         "fill", "merged"])
        for t in found:
            fills = t.get("fills")
            for r, row in enumerate(t["rows"]):
                for c, text in enumerate(row):
                    fill = fills[r][c] if fills else None
                    writer.writerow([t["source_file"], t["table_index"], t["page"] or "",
                                     str(t["is_plan"]).lower(), r, c, text or "", fill or "",
                                     "true" if text is None else "false"])
    sys.exit(1 if failures else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json-schema", "table-schema",
                                                    "datapackage"]),
              default="json-schema", show_default=True,
              help="JSON Schema of plans.json, the Table Schemas of the CSV files, or the "
                   "whole datapackage.json.")
@click.option("--table", type=click.Choice(["plans", "actions", "progress_entries", "leads",
                                            "issues"]),
              default=None, help="With --format table-schema: only this table's schema.")
def schema(fmt: str, table: str | None) -> None:
    """Print the output contract, generated from the models (never written by hand).

    \b
    Example:
        planparse schema --format table-schema --table actions

    The JSON Schema describes plans.json; the Table Schemas describe the CSV files
    (types, enums for status and rag, primary and foreign keys).
    """
    import json

    from exporters.schema import data_package, json_schema, table_schema

    if table and fmt != "table-schema":
        raise click.BadParameter("--table goes with --format table-schema",
                                 param_hint="'--table'")
    if fmt == "json-schema":
        doc: Any = json_schema()
    elif fmt == "datapackage":
        doc = data_package()
    elif table:
        doc = table_schema(table)
    else:
        doc = {r["name"]: r["schema"] for r in data_package()["resources"]}
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


@cli.command("leads")
@click.option("--suggest-aliases", "suggest", required=True, metavar="OUTPUT_DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Read OUTPUT_DIR/leads.csv and print alias pairs (variant,canonical).")
def leads_command(suggest: Path) -> None:
    """Propose lead aliases from a run's leads.csv: spellings of one lead that differ by
    a letter, a split word or case, each with the most frequent spelling as canonical.

    \b
    Example:
        planparse leads --suggest-aliases out/ > aliases.csv
        planparse convert plans/ -o out/ --aliases aliases.csv

    Read the pairs before using them: two bodies with near names are proposed too.
    """
    from .aliases import LeadsFileError, aliases_csv, read_lead_counts, suggest_aliases

    try:
        counts = read_lead_counts(suggest)
    except LeadsFileError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(aliases_csv(suggest_aliases(counts)), nl=False)


# --- planparse diff (issue 14): one self-contained block --------------------------------
@cli.command("diff")
@click.argument("publications", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@_output_dir
@click.option("--format", "formats", default="csv,json", show_default=True, metavar="LIST",
              help="Comma-separated: csv (changes.csv), json (changes.json), jsonl, parquet, "
                   "xlsx, report (report.html of the newest publication with a 'Since the "
                   "last publication' section).")
@_encoding
@_date_order
@_aliases
@_colour_key
@setting_option("vocabulary")
@_password
@_max_pages
@_no_bom
@_quiet
def diff_command(publications: tuple[Path, ...], output_dir: Path, formats: str,
                 **kw: Any) -> None:
    """Compare publications of a plan, oldest first: what changed from each to the next.

    \b
    Example:
        planparse diff plan-2021.docx plan-2022.pdf -o changes/

    \b
    A series, each consecutive pair compared, oldest first:
        planparse diff q1.pdf q2.pdf q3.pdf -o changes/ --format csv,report

    Any formats may be compared. Writes changes.csv (one row per change: action-added,
    action-removed, action-renumbered, status-changed, rag-changed, target-date-changed,
    leads-changed, text-changed, entry-added, entry-removed, entry-edited) and
    changes.json. Exit code as Unix diff: 0 when the publications hold the same plan
    content, 1 when there are changes, 2 for trouble (a file failed, no plan found).
    """
    from exporters.changes import CHANGE_FORMATS, write_changes

    from .diff import DiffError, compare

    if len(publications) < 2:
        raise click.UsageError("give at least two publications, the older first")
    chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in CHANGE_FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; choose "
                                 f"from {', '.join(CHANGE_FORMATS)}", param_hint="'--format'")
    settings = _settings(kw)
    try:
        result = compare(list(publications), settings)
    except DiffError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        write_changes(result.changes, output_dir, chosen, plans=result.publications[-1],
                      names=result.names, since=result.steps[-1], bom=settings.bom)
    except OSError as exc:
        click.echo(f"error: cannot write to {output_dir}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    if not kw["quiet"]:
        click.echo(f"{result.summary()}\n→ {output_dir}", err=True)
    sys.exit(result.exit_code)


def main(argv: list[str] | None = None) -> Any:
    """Console entry point."""
    return cli.main(args=argv, prog_name="planparse")
