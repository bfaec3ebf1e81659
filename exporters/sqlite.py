"""SQLite: one database with the five tables, keys, foreign keys and join indexes.

Re-running into the same folder replaces the rows of the source files converted in this run
and keeps the rest, so a database can be built up over several runs. The database is built
anew in the staging folder each time (the old one's other rows carried over), so an
interrupted run leaves the old one, and the same inputs give the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from normalise.models import Issue, Plan

from .contract import TABLES
from .schema import columns_of
from .typed import typed_tables

FILENAME = "planparse.sqlite"
_SQL_TYPE = {"string": "TEXT", "integer": "INTEGER", "boolean": "BOOLEAN", "date": "DATE",
             "enum": "TEXT", "object": "TEXT", "list": "TEXT"}


def ddl() -> list[str]:
    """CREATE statements for the tables and their indexes, from the models."""
    out = []
    for name, model in TABLES.items():
        parts = [f'"{c.name}" {_SQL_TYPE[c.kind]}'
                 + (" NOT NULL" if c.name in model.PRIMARY_KEY else "")
                 for c in columns_of(model)]
        if model.PRIMARY_KEY:
            parts.append(f"PRIMARY KEY ({', '.join(model.PRIMARY_KEY)})")
        for cols, table, ref in model.FOREIGN_KEYS:
            parts.append(f"FOREIGN KEY ({', '.join(cols)}) REFERENCES {table} "
                         f"({', '.join(ref)}) ON DELETE CASCADE")
        out.append(f"CREATE TABLE IF NOT EXISTS {name} (\n  " + ",\n  ".join(parts) + "\n)")
        for cols, _table, _ref in model.FOREIGN_KEYS:
            out.append(f"CREATE INDEX IF NOT EXISTS ix_{name}_{'_'.join(cols)} "
                       f"ON {name} ({', '.join(cols)})")
    out.append("CREATE INDEX IF NOT EXISTS ix_issues_source_file ON issues (source_file)")
    out.append("CREATE INDEX IF NOT EXISTS ix_plans_source_file ON plans (source_file)")
    return out


def write_sqlite(plans: Sequence[Plan], issues: Sequence[Issue], stage: Path,
                 out_dir: Path, source_files: Sequence[str]) -> list[Path]:
    """Write ``planparse.sqlite`` into ``stage``: a new database holding the rows of the
    previous one (in ``out_dir``) for files not in this run, then this run's rows. Built
    afresh each time, so the same inputs give the same bytes."""
    path = stage / FILENAME
    existing = out_dir / FILENAME
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            for stmt in ddl():
                con.execute(stmt)
            files = sorted(set(source_files) | {p.source_file for p in plans}
                           | {i.source_file for i in issues})
            if existing.exists():
                _carry_over(con, existing, files)
            for name, (cols, rows) in typed_tables(plans, issues).items():
                names = ", ".join(f'"{c.name}"' for c in cols)
                con.executemany(
                    f"INSERT OR REPLACE INTO {name} ({names}) VALUES "
                    f"({', '.join('?' * len(cols))})",
                    [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in r)
                     for r in rows])
    finally:
        con.close()
    return [path]


def _carry_over(con: sqlite3.Connection, old: Path, files: Sequence[str]) -> None:
    """Copy the rows of files not converted in this run from the previous database."""
    marks = ",".join("?" * len(files))
    con.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        have = {r[0] for r in con.execute("SELECT name FROM old.sqlite_master "
                                          "WHERE type = 'table'")}
        if not set(TABLES) <= have:
            return  # not a planparse database (or an older one): start afresh
        cols = {name: ", ".join(f'"{c.name}"' for c in columns_of(model))
                for name, model in TABLES.items()}
        con.execute(f"INSERT INTO plans ({cols['plans']}) SELECT {cols['plans']} FROM "
                    f"old.plans WHERE source_file NOT IN ({marks}) ORDER BY rowid", files)
        con.execute(f"INSERT INTO actions ({cols['actions']}) SELECT {cols['actions']} FROM "
                    "old.actions WHERE plan_id IN (SELECT plan_id FROM main.plans) "
                    "ORDER BY rowid")
        for child in ("progress_entries", "leads"):
            con.execute(f"INSERT INTO {child} ({cols[child]}) SELECT {cols[child]} FROM "
                        f"old.{child} WHERE action_id IN (SELECT action_id FROM main.actions)"
                        " ORDER BY rowid")
        con.execute(f"INSERT INTO issues ({cols['issues']}) SELECT {cols['issues']} FROM "
                    f"old.issues WHERE source_file NOT IN ({marks}) ORDER BY rowid", files)
    except sqlite3.Error:
        pass  # an older contract's columns: the old rows cannot be carried; start afresh
    finally:
        con.commit()
        con.execute("DETACH DATABASE old")
