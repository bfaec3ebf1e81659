"""Every option of a run, once, with its default: :class:`Settings`.

The command line's options are made from these fields (:func:`setting_option`), the API
takes a :class:`Settings` (or keyword options turned into one by :meth:`Settings.make`), and
the resume cache key is :meth:`Settings.key`. A default lives here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalise.defaults import DEFAULT_DATE_ORDER, DEFAULT_STALE_DAYS

from .limits import DEFAULT_MAX_MEMORY

if TYPE_CHECKING:
    from normalise.models import Rag
    from normalise.vocabulary import Vocabulary

__all__ = ["SettingError", "Settings", "option_spec", "setting_option"]

_INPUT_FORMATS = ("csv", "doc", "docx", "html", "jpeg", "md", "odt", "pdf", "png", "rtf", "tiff",
                  "txt", "xls", "xlsx")


class SettingError(ValueError):
    """A setting that cannot be used; ``option`` is the field it belongs to."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def _cli(flags: Sequence[str], help: str, **click_kw: Any) -> dict[str, Any]:
    return {"cli": {"flags": tuple(flags), "help": help, **click_kw}}


@dataclass(frozen=True, slots=True)
class Settings:
    """The options of a run. Values are the parsed ones (dates, bytes, mappings); turn
    the text a person writes into them with :meth:`make`."""

    formats: tuple[str, ...] = field(default=("csv", "json"), metadata=_cli(
        ["--format"], "Comma-separated output formats: csv, json, jsonl, parquet, xlsx, "
        "sqlite, audit (audit.csv), report (report.html).", metavar="LIST"))
    encoding: str | None = field(default=None, metadata=_cli(
        ["--encoding"], "Text encoding of text inputs (default: utf-8-sig, then detection).",
        metavar="NAME"))
    input_format: str | None = field(default=None, metadata=_cli(
        ["--input-format"], "The format of standard input, when a PATH is '-'.",
        choices=_INPUT_FORMATS))
    date_order: str = field(default=DEFAULT_DATE_ORDER, metadata=_cli(
        ["--date-order"], "How numeric dates are written: UK day-first or US month-first.",
        choices=("DMY", "MDY"), case_sensitive=False))
    aliases: Mapping[str, str] = field(default_factory=dict, metadata=_cli(
        ["--aliases"], "CSV of variant,canonical lead names to merge spellings of the same "
        "agency.", path=True))
    colour_key: Mapping[str, Rag] = field(default_factory=dict, metadata=_cli(
        ["--colour-key"], "A publisher's own colour key for shaded RAG cells, e.g. "
        "'92D050=green,FFC000=amber,7030A0=blue' (tried before matching by hue).",
        metavar="SPEC"))
    vocabulary: Vocabulary | None = field(default=None, metadata=_cli(
        ["--vocabulary"], "A TOML or CSV file of extra header synonyms per field, status "
        "words and RAG words, added to the built-in ones (see the README).", path=True))
    as_of: date | str | None = field(default=None, metadata=_cli(
        ["--as-of"], "Judge overdue and stale actions as of this date (YYYY-MM-DD, or "
        "'today'); default: each plan's latest dated progress entry.", metavar="DATE"))
    stale_days: int = field(default=DEFAULT_STALE_DAYS, metadata=_cli(
        ["--stale-days"], "An open action with no update for longer than this is flagged "
        "stale.", min=1))
    password: str | None = field(default=None, metadata=_cli(
        ["--password"], "Password to open encrypted PDFs.", metavar="TEXT"))
    max_pages: int | None = field(default=2000, metadata=_cli(
        ["--max-pages"], "Refuse PDFs with more pages than this.", min=1))
    ocr: str = field(default="auto", metadata=_cli(
        ["--ocr"], "OCR scanned pages: auto (pages with no text layer), always (re-read a "
        "bad text layer too), never.", choices=("auto", "always", "never")))
    include: tuple[str, ...] = field(default=(), metadata=_cli(
        ["--include"], "Only files these globs match, with gitignore's rules, against the "
        "path inside the folder given (repeatable), e.g. '*.docx'.", multiple=True,
        metavar="GLOB"))
    exclude: tuple[str, ...] = field(default=(), metadata=_cli(
        ["--exclude"], "Skip files these globs match, with gitignore's rules (repeatable), "
        "e.g. 'drafts/**', '*.pdf' then '!final.pdf'.", multiple=True, metavar="GLOB"))
    #: None: one per core.
    workers: int | None = field(default=None, metadata=_cli(
        ["-j", "--workers"], "Files converted at once, each in its own process (default: "
        "the number of cores).", min=1))
    timeout: float | None = field(default=600, metadata=_cli(
        ["--timeout"], "Seconds one file may take before it is ended and recorded as "
        "failed.", min=1))
    resume: bool = field(default=False, metadata=_cli(
        ["--resume"], "Reuse the results of files whose content and settings are unchanged "
        "since an earlier (perhaps interrupted) run into the same --output-dir."))
    fail_fast: bool = field(default=False, metadata=_cli(
        ["--fail-fast"], "Stop at the first file that fails."))
    max_memory: int | None = field(default=DEFAULT_MAX_MEMORY, metadata=_cli(
        ["--max-memory"], "Memory one worker may take for a file (e.g. 2G, 512M; 'none' for "
        "no cap); a file that needs more fails as too-complex.", metavar="SIZE", size=True))
    executor: str = field(default="local", metadata=_cli(
        ["--executor"], "Run files on this machine's processes, or on a dask cluster (pip "
        "install 'planparse[dask]').", choices=("local", "dask")))
    scheduler: str | None = field(default=None, metadata=_cli(
        ["--scheduler"], "With --executor dask: the scheduler to join (default: a local "
        "cluster).", metavar="ADDRESS"))
    excel_safe: bool = field(default=False, metadata=_cli(
        ["--excel-safe"], "In CSV, put a ' before text that Excel would run as a formula "
        "(=, +, -, @); JSON and other formats keep the text."))
    bom: bool = field(default=True, metadata=_cli(
        ["--no-bom"], "Write CSV without the UTF-8 byte-order mark (Excel needs it to read "
        "accents right).", invert=True))

    @classmethod
    def make(cls, settings: Settings | None = None, **kw: Any) -> Settings:
        """``settings`` (or the defaults) with the keyword options given, each parsed from
        what a person writes: ``formats="csv,json"`` or a list, ``aliases`` a mapping or a
        CSV path, ``colour_key`` a mapping or ``"92D050=green"``, ``as_of`` a date,
        ``"YYYY-MM-DD"`` or ``"today"``, ``max_memory`` bytes or ``"4G"``/``"none"``.
        ``None`` keeps the default. Raises :class:`SettingError` naming the option."""
        base = settings or cls()
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(kw) - names)
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(unknown)}")
        values = {k: _PARSE.get(k, _same)(k, v) for k, v in kw.items() if v is not None}
        return replace(base, **values)

    def options(self) -> Any:
        """The :class:`normalise.Options` of these settings (what changes values)."""
        from normalise.options import Options

        return Options(date_order=self.date_order, aliases=dict(self.aliases),
                       colour_key=dict(self.colour_key), as_of=self.as_of,
                       stale_days=self.stale_days, vocabulary=self.vocabulary)

    def key(self) -> str:
        """Everything besides a file's bytes that changes its records: the resume cache
        key. Settings that change only how a run goes (workers, formats) are not in it."""
        from normalise.models import CONTRACT_VERSION

        from . import __version__

        as_of = self.as_of if isinstance(self.as_of, str) else (
            self.as_of.isoformat() if self.as_of else None)
        # The vocabulary's words, not its file name: a file edited in place reads the
        # files again. Left out without one, so the key of a plain run stays as it was.
        extra = ({"vocabulary": self.vocabulary.fingerprint()}
                 if self.vocabulary is not None else {})
        return json.dumps({**extra,"v": __version__, "contract": CONTRACT_VERSION,
                           "date_order": self.date_order,
                           "aliases": sorted(self.aliases.items()),
                           "colour_key": sorted((k, v.value)
                                                for k, v in self.colour_key.items()),
                           "as_of": as_of, "stale_days": self.stale_days,
                           "encoding": self.encoding, "password": bool(self.password),
                           "max_pages": self.max_pages, "ocr": self.ocr,
                           # The form of the records a cache entry holds.
                           "records": "tagged-lines"}, sort_keys=True)

    def info(self) -> dict[str, str]:
        """What produced an output set, for the workbook's About sheet, the report and
        ``run.json``: versions and the settings that change values. No timestamps."""
        from normalise.models import CONTRACT_VERSION

        from . import __version__

        key = ",".join(f"{k}={v.value}" for k, v in sorted(self.colour_key.items()))
        as_of = str(self.as_of) if self.as_of else "each plan's latest dated update"
        info = {"planparse version": __version__, "contract version": CONTRACT_VERSION,
                "date order": self.date_order, "aliases": str(len(self.aliases)),
                "colour key": key, "as of": as_of, "stale after days": str(self.stale_days),
                "formats": ",".join(self.formats)}
        if self.vocabulary is not None:  # only when given: plain runs' outputs unchanged
            v = self.vocabulary
            info["vocabulary"] = f"{v.source or 'given'} ({v.fingerprint()})"
        return info


def _same(name: str, value: Any) -> Any:
    return value


def _globs(name: str, value: str | Sequence[str]) -> tuple[str, ...]:
    from .inputs import PatternError, compile_globs

    patterns = (value,) if isinstance(value, str) else tuple(value)
    try:
        compile_globs(patterns)
    except PatternError as exc:
        raise SettingError(name, str(exc)) from None
    return patterns


def _formats(name: str, value: str | Sequence[str]) -> tuple[str, ...]:
    from exporters.write import UnknownFormatError, parse_formats

    spec = value if isinstance(value, str) else ",".join(value)
    try:
        return tuple(parse_formats(spec))
    except UnknownFormatError as exc:
        raise SettingError(name, str(exc)) from None


def _aliases(name: str, value: Mapping[str, str] | str | Path) -> Mapping[str, str]:
    from normalise.leads import load_aliases

    if not isinstance(value, str | Path):
        return dict(value)
    try:
        return load_aliases(value)
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingError(name, f"cannot read {value}: {exc}") from None


def parse_colour_key(spec: str) -> dict[str, Rag]:
    """``"92D050=green,FFC000=amber"`` → ``{"92D050": Rag.green, …}``. Raises
    ``ValueError`` naming the bad part."""
    from normalise.models import Rag

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


def _colour_key(name: str, value: Mapping[str, Rag] | str) -> Mapping[str, Rag]:
    if not isinstance(value, str):
        return dict(value)
    try:
        return parse_colour_key(value)
    except ValueError as exc:
        raise SettingError(name, str(exc)) from None


def _vocabulary(name: str, value: Vocabulary | str | Path) -> Vocabulary:
    from normalise.vocabulary import VocabularyError, load_vocabulary

    if not isinstance(value, str | Path):
        return value
    try:
        return load_vocabulary(value)
    except VocabularyError as exc:
        raise SettingError(name, str(exc)) from None


def _as_of(name: str, value: date | str) -> date | str:
    if isinstance(value, date) or value == "today":
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SettingError(name, f"'{value}' is not a date; use YYYY-MM-DD or "
                           "'today'") from None


def _size(name: str, value: int | str) -> int | None:
    from .limits import parse_size

    if isinstance(value, int):
        return value
    try:
        return parse_size(value)
    except ValueError as exc:
        raise SettingError(name, str(exc)) from None


_PARSE: dict[str, Callable[[str, Any], Any]] = {
    "formats": _formats, "aliases": _aliases, "colour_key": _colour_key, "as_of": _as_of,
    "vocabulary": _vocabulary, "include": _globs, "exclude": _globs,
    "max_memory": _size, "date_order": lambda _, v: str(v).upper()}


def _shown(name: str, default: Any) -> Any:
    """A default as the help shows it (and as :meth:`Settings.make` reads it back)."""
    if name == "formats":
        return ",".join(default)
    if name == "max_memory":
        return "none" if default is None else f"{default // 1024**3}G" \
            if default % 1024**3 == 0 else f"{default // 1024**2}M"
    if name in ("aliases", "colour_key", "vocabulary"):
        return None
    return default


def option_spec(name: str, **override: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The parameter declarations and keyword arguments of the click option of one
    :class:`Settings` field (see :func:`setting_option`)."""
    import click

    spec = next(f for f in fields(Settings) if f.name == name)
    meta = dict(spec.metadata["cli"])
    flags, help_ = meta.pop("flags"), meta.pop("help")
    default = spec.default if spec.default_factory is MISSING else spec.default_factory()
    kw: dict[str, Any] = {"help": help_, "default": _shown(name, default)}
    if "metavar" in meta:
        kw["metavar"] = meta["metavar"]
    dest = name
    if isinstance(default, bool):
        kw = {"help": help_, "is_flag": True}
        dest = flags[-1].lstrip("-").replace("-", "_") if meta.get("invert") else name
    elif "choices" in meta:
        kw["type"] = click.Choice(list(meta["choices"]),
                                  case_sensitive=meta.get("case_sensitive", True))
    elif meta.get("path"):
        kw["type"] = click.Path(exists=True, dir_okay=False, path_type=Path)
    elif "min" in meta:
        kw["type"] = (click.FloatRange(min=meta["min"]) if "float" in str(spec.type)
                      else click.IntRange(min=meta["min"]))
    if meta.get("multiple"):
        kw["multiple"], kw["default"] = True, None
    if kw.get("default") is not None and not isinstance(default, bool):
        kw["show_default"] = True
    kw.update(override)
    return (*flags, dest), kw


def setting_option(name: str, **override: Any) -> Callable[[Any], Any]:
    """The click option of one :class:`Settings` field, with its flags, help and default
    from the field (``override`` changes one, e.g. another command's default formats).
    The value click hands over is the text a person wrote; :meth:`Settings.make` parses
    it."""
    import click

    decls, kw = option_spec(name, **override)
    return click.option(*decls, **kw)


def from_cli(values: Mapping[str, Any], settings: Settings | None = None) -> Settings:
    """Settings from a command's parsed options (those that are :class:`Settings`
    fields; an inverted flag such as ``no_bom`` sets its field to the opposite)."""
    kw: dict[str, Any] = {}
    for f in fields(Settings):
        meta = f.metadata["cli"]
        if meta.get("invert"):
            dest = meta["flags"][-1].lstrip("-").replace("-", "_")
            if dest in values:
                kw[f.name] = not values[dest]
        elif f.name in values:
            kw[f.name] = values[f.name]
    return Settings.make(settings, **kw)
