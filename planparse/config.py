"""A config file of settings: ``planparse.toml``, or ``[tool.planparse]`` in a
``pyproject.toml``, in the working folder.

Every :class:`~planparse.settings.Settings` option can be written there once instead of
on every command (aliases, colour key, date order, stale days, vocabulary, formats, …);
a flag given on the command line wins over the file. Keys are the long option names
without their dashes (``stale-days``, ``date-order``, ``format``; underscores work too),
and values are TOML's own (numbers, lists, dates)::

    # planparse.toml
    format = ["csv", "xlsx"]
    date-order = "DMY"
    stale-days = 90
    aliases = "aliases.csv"          # relative to the config file's folder
    vocabulary = "words.toml"        # or a table: [vocabulary.headers] lead = ["Champion"]
    colour-key = { "92D050" = "green", "FFC000" = "amber" }
    exclude = ["drafts/**"]

``planparse.toml`` is used when both files are there. The command line reads the file;
the Python API does not unless asked (:func:`load_config`), so that a notebook's results
never depend on which folder it was started in.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .settings import SettingError, Settings, option_spec

__all__ = ["CONFIG_FILE", "Config", "ConfigError", "find_config", "load_config"]

CONFIG_FILE = "planparse.toml"


class ConfigError(ValueError):
    """A config file that cannot be used: one line naming the file and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    """The settings a config file gives, and what it gave them from."""

    path: Path | None
    #: The fields the file sets (as :meth:`Settings.make` keyword names).
    given: frozenset[str]
    settings: Settings


def _keys() -> dict[str, tuple[str, bool]]:
    """Each key a config file may hold → (the field, whether its value is inverted): the
    field's name and its long flag, with dashes or underscores (``no-bom`` inverts
    ``bom``)."""
    keys: dict[str, tuple[str, bool]] = {}
    for f in fields(Settings):
        meta = f.metadata["cli"]
        long_flag = next(x for x in reversed(meta["flags"]) if x.startswith("--"))[2:]
        for key, inverted in ((f.name, False), (long_flag, bool(meta.get("invert")))):
            keys[key.replace("_", "-")] = (f.name, inverted)
    return keys


def find_config(folder: str | Path | None = None) -> tuple[Path, Mapping[str, Any]] | None:
    """The config file in ``folder`` (default: the working folder) and its settings
    table, or ``None`` when there is none (a ``pyproject.toml`` without
    ``[tool.planparse]`` is none). Raises :class:`ConfigError` for a file that is not
    valid TOML."""
    root = Path(folder) if folder is not None else Path.cwd()
    for name in (CONFIG_FILE, "pyproject.toml"):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        if name == CONFIG_FILE:
            return path, data
        table = data.get("tool", {}).get("planparse")
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [tool.planparse] must be a table")
            return path, table
    return None


def load_config(folder: str | Path | None = None) -> Config:
    """The settings of the config file in ``folder`` (default: the working folder) over
    the defaults; with no file, the defaults. Use them as the base of a run, e.g.
    ``planparse.convert(paths, out, load_config().settings, stale_days=30)`` (keyword
    options win). Raises :class:`ConfigError` with one line naming the file and key."""
    found = find_config(folder)
    if found is None:
        return Config(None, frozenset(), Settings())
    path, table = found
    keys = _keys()
    values: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in table.items():
        spelled = key.replace("_", "-")
        if spelled not in keys:
            close = difflib.get_close_matches(spelled, list(keys), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else \
                f"; known keys: {', '.join(sorted(keys))}"
            raise ConfigError(f"{path}: unknown key '{key}'{hint}")
        name, inverted = keys[spelled]
        if name in values:
            raise ConfigError(f"{path}: '{key}' sets {name} again (as '{written[name]}')")
        written[name] = key
        value = _value(path, key, name, value)
        values[name] = (not value) if inverted else value
    try:
        settings = Settings.make(**values)
    except SettingError as exc:
        raise ConfigError(f"{path}: {written[exc.option]}: {exc}") from None
    return Config(path, frozenset(values), settings)


def _value(path: Path, key: str, name: str, value: Any) -> Any:
    """A TOML value as :meth:`Settings.make` takes it, checked as the command line checks
    the flag's text (click's own types), paths taken from the config file's folder."""
    import click

    where = f"{path}: {key}"
    if name == "vocabulary" and isinstance(value, dict):
        from normalise.vocabulary import VocabularyError, from_tables

        try:
            return from_tables(value, f"{path} [vocabulary]")
        except VocabularyError as exc:
            raise ConfigError(str(exc)) from None
    if name == "aliases" and isinstance(value, dict):
        if not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{where}: each alias is a name, e.g. \"YTHFT\" = \"YSTHFT\"")
        # Folded as load_aliases folds a CSV's variants, which is how leads look them up.
        return {k.strip().casefold(): v.strip() for k, v in value.items()}
    if name == "colour_key" and isinstance(value, dict):
        value = ",".join(f"{k}={v}" for k, v in value.items())
    if name == "formats" and isinstance(value, list):
        value = ",".join(map(str, value))
    if name == "as_of" and isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value
    decls, kw = option_spec(name)
    if kw.get("multiple") and isinstance(value, str):
        value = [value]
    if kw.get("multiple") and not (isinstance(value, list)
                                   and all(isinstance(v, str) for v in value)):
        raise ConfigError(f"{where}: expected a list of patterns, e.g. [\"drafts/**\"]")
    elif not kw.get("multiple") and isinstance(value, list | dict):
        raise ConfigError(f"{where}: expected one value, not a {type(value).__name__}")
    if isinstance(kw.get("type"), click.Path):
        value = str(path.parent / value) if isinstance(value, str) else value
    option = click.Option(list(decls), **kw)
    if option.is_flag and not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, not {value!r}")
    if isinstance(value, bool) and not option.is_flag:
        raise ConfigError(f"{where}: expected a value, not {str(value).lower()}")
    try:
        return option.type_cast_value(click.Context(click.Command("planparse")), value)
    except click.BadParameter as exc:
        raise ConfigError(f"{where}: {exc.message}") from None
