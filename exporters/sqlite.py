"""SQLite: one database with the five tables, keys, foreign keys and join indexes.

Re-running into the same file replaces the rows of the source files converted in this run
and keeps the rest, so a database can be built up over several runs. The database is
copied into the staging folder and changed there, so an interrupted run leaves the old one.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from normalise import Issue, Plan

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
    """Write ``planparse.sqlite`` into ``stage``, starting from the one in ``out_dir``."""
    path = stage / FILENAME
    existing = out_dir / FILENAME
    if existing.exists():
        shutil.copyfile(existing, path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            for stmt in ddl():
                con.execute(stmt)
            files = sorted(set(source_files) | {p.source_file for p in plans}
                           | {i.source_file for i in issues})
            marks = ",".join("?" * len(files))
            # Cascades remove the actions, entries, leads and issues of replaced plans.
            con.execute(f"DELETE FROM issues WHERE source_file IN ({marks})", files)
            con.execute(f"DELETE FROM plans WHERE source_file IN ({marks})", files)
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
