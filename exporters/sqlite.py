"""SQLite: one database with the tables, keys, foreign keys and join indexes.

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
from .sink import Context, TypedSink, drive

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


#: Rows inserted per ``executemany``: the parent holds one batch, not the table.
BATCH = 10_000


class SqliteSink(TypedSink):
    """``planparse.sqlite``: a new database holding the rows of the previous one (in the
    output folder) for files not in this run, then this run's rows, inserted a batch at
    a time from the spooled rows in table order. Built afresh each time, so the same
    inputs give the same bytes."""

    def write_tables(self) -> list[Path]:
        """Write the database."""
        import itertools

        path = self.ctx.stage / FILENAME
        existing = self.ctx.out_dir / FILENAME
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            with con:
                for stmt in ddl():
                    con.execute(stmt)
                if existing.exists():
                    _carry_over(con, existing, sorted(self.source_files))
                for name, cols, rows in self.tables():
                    names = ", ".join(f'"{c.name}"' for c in cols)
                    sql = (f"INSERT OR REPLACE INTO {name} ({names}) VALUES "
                           f"({', '.join('?' * len(cols))})")
                    while batch := list(itertools.islice(rows, BATCH)):
                        con.executemany(sql, [tuple(v.isoformat() if hasattr(v, "isoformat")
                                                    else v for v in r) for r in batch])
        finally:
            con.close()
        return [path]


def write_sqlite(plans: Sequence[Plan], issues: Sequence[Issue], stage: Path,
                 out_dir: Path, source_files: Sequence[str]) -> list[Path]:
    """Write ``planparse.sqlite`` into ``stage`` (see :class:`SqliteSink`)."""
    sink = SqliteSink(Context(stage, out_dir, source_files=source_files))
    return drive([sink], plans, (), every_issue=issues)


def _carry_over(con: sqlite3.Connection, old: Path, files: Sequence[str]) -> None:
    """Copy the rows of files not converted in this run from the previous database."""
    marks = ",".join("?" * len(files))
    con.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        have = {r[0] for r in con.execute("SELECT name FROM old.sqlite_master "
                                          "WHERE type = 'table'")}
        if not set(TABLES) - {"findings"} <= have:
            return  # not a planparse database (or an older one): start afresh
        cols = {name: ", ".join(f'"{c.name}"' for c in columns_of(model))
                for name, model in TABLES.items()}
        con.execute(f"INSERT INTO plans ({cols['plans']}) SELECT {cols['plans']} FROM "
                    f"old.plans WHERE source_file NOT IN ({marks}) ORDER BY rowid", files)
        con.execute(f"INSERT INTO actions ({cols['actions']}) SELECT {cols['actions']} FROM "
                    "old.actions WHERE plan_id IN (SELECT plan_id FROM main.plans) "
                    "ORDER BY rowid")
        # A database from before contract 1.3 has no findings to carry.
        for child in ("progress_entries", "leads", "findings")[:3 if "findings" in have else 2]:
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
