"""Every output format carries the same typed contract (issue: outputs BI tools load)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from exporters import TABLES
from exporters.schema import arrow_schema, columns_of, data_package, json_schema
from planparse import read, to_frames
from planparse.cli import cli

from .conftest import SEED

ALL = "csv,json,jsonl,parquet,xlsx,sqlite"
FORMULA_PLAN = ("No\tAction\tLead\tTarget date\tStatus\n"
                "1\t=SUM(A1:A9) is how the team counts\t+Police\t01/02/2022\tComplete\n"
                "2\t@mention and -dash text\tHealth\tMar-22\tOngoing\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copy(SEED, src / "seed.txt")
    (src / "formula.txt").write_text(FORMULA_PLAN, encoding="utf-8")
    target = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(target), "--format", ALL,
                                      "-q"])
    assert result.exit_code == 0, result.output
    return target


def test_all_files_written(out: Path) -> None:
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == sorted(["run.json", *(f"{t}.csv" for t in TABLES),
                            *(f"{t}.parquet" for t in TABLES), "datapackage.json",
                            "plans.json", "actions.jsonl",
                            "planparse.xlsx", "planparse.sqlite"])


def test_frictionless_validates_the_data_package(out: Path) -> None:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_foreign_key(out: Path, tmp_path: Path) -> None:
    from frictionless import Package, system

    for f in out.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(out / "datapackage.json", tmp_path / "datapackage.json")
    path = tmp_path / "progress_entries.csv"
    text = path.read_text(encoding="utf-8-sig").replace("-001,1,", "-999,1,", 1)
    path.write_text(text, encoding="utf-8-sig")
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_written_data_package_is_the_generated_one(out: Path) -> None:
    assert json.loads((out / "datapackage.json").read_text()) == data_package()
    result = CliRunner().invoke(cli, ["schema", "--format", "datapackage"])
    assert json.loads(result.output) == data_package()


def test_plans_json_matches_its_json_schema(out: Path) -> None:
    import jsonschema

    doc = json.loads((out / "plans.json").read_text())
    jsonschema.validate(doc, json_schema())
    from normalise import CONTRACT_VERSION

    assert doc["contract_version"] == CONTRACT_VERSION


def test_parquet_reads_back_with_declared_types(out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.remove_metadata() == arrow_schema(name), name
    actions = pq.read_table(out / "actions.parquet").to_pylist()
    seed6 = next(a for a in actions if a["source_file"].endswith("seed.txt") and a["ref"] == "6")
    assert seed6["target_date"] == date(2021, 12, 31)
    assert seed6["update_count"] == 4 and seed6["page_first"] is None
    assert pq.read_table(out / "actions.parquet").schema.field("update_count").type == pa.int64()


def test_sqlite_answers_a_join_query(out: Path) -> None:
    con = sqlite3.connect(out / "planparse.sqlite")
    rows = con.execute("""
        SELECT a.ref, a.status, e.entry_date, e.text,
               (SELECT GROUP_CONCAT(lead, '; ') FROM
                  (SELECT lead FROM leads WHERE action_id = a.action_id ORDER BY lead_seq))
        FROM actions a
        JOIN plans p ON p.plan_id = a.plan_id
        LEFT JOIN progress_entries e ON e.action_id = a.action_id AND e.entry_seq =
             (SELECT entry_seq FROM progress_entries WHERE action_id = a.action_id
              ORDER BY entry_date DESC, entry_seq LIMIT 1)
        WHERE p.source_file LIKE '%seed.txt'
        ORDER BY a.seq
    """).fetchall()
    assert len(rows) == 8
    assert rows[2][:3] == ("3", "completed", "2021-06-01")
    assert rows[2][4] == "YorSexual Health; YTHFT; Primary Care"
    assert rows[5][:3] == ("6", "in_progress", "2022-03-01")
    fks = con.execute("PRAGMA foreign_key_list(progress_entries)").fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("actions", "action_id", "action_id")]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_rerun_replaces_the_same_files_and_keeps_others(out: Path,
                                                               tmp_path: Path) -> None:
    db = tmp_path / "planparse.sqlite"
    shutil.copy(out / "planparse.sqlite", db)
    for _ in range(2):
        CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(tmp_path), "--format",
                                 "sqlite", "-q"])
    con = sqlite3.connect(db)
    per_file = dict(con.execute("SELECT source_file, COUNT(*) FROM actions GROUP BY 1"))
    assert sorted(per_file.values()) == [2, 8, 8]  # formula.txt, seed.txt, and SEED once
    assert sum(1 for f in per_file if f == str(SEED)) == 1


def test_workbook_keeps_formula_text_as_text_and_dates_as_dates(out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(out / "planparse.xlsx")
    assert wb.sheetnames == ["About", *TABLES]
    ws = wb["actions"]
    # Filter buttons come with the sheet's Table (a sheet filter on the same range as a
    # Table is a file Excel repairs), over every row.
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref is None
    assert ws.tables["actions"].ref == ws.dimensions
    assert ws.tables["actions"].autoFilter.ref == ws.dimensions
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    formula = next(r for r in ws.iter_rows(min_row=2) if str(r[col["action"]].value)
                   .startswith("="))
    assert formula[col["action"]].value == "=SUM(A1:A9) is how the team counts"
    assert formula[col["action"]].data_type == "s"
    assert formula[col["lead"]].value == "+Police"
    assert formula[col["target_date"]].is_date
    about = [r[1].value for r in wb["About"].iter_rows() if r[0].value is None]
    assert "target_date" in about


def _canon(value: Any, kind: str) -> str:
    """One text form for a value read back from any store."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value in (True, 1) else "false"
    if hasattr(value, "date") and callable(value.date):
        value = value.date()  # openpyxl reads dates back as datetimes
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_all(out: Path, name: str) -> dict[str, list[list[str]]]:
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    cols = columns_of(TABLES[name])
    with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        from_csv = list(csv.reader(fh))[1:]
    from_parquet = [[_canon(r[c.name], c.kind) for c in cols]
                    for r in pq.read_table(out / f"{name}.parquet").to_pylist()]
    con = sqlite3.connect(out / "planparse.sqlite")
    order = ", ".join(f'"{c.name}"' for c in cols)
    from_sqlite = [[_canon(v, c.kind) for v, c in zip(r, cols, strict=True)]
                   for r in con.execute(f"SELECT {order} FROM {name} ORDER BY rowid")]
    ws = load_workbook(out / "planparse.xlsx")[name]
    from_xlsx = [[_canon(v, c.kind) for v, c in zip(r, cols, strict=True)]
                 for r in ws.iter_rows(min_row=2, values_only=True)]
    return {"csv": from_csv, "parquet": from_parquet, "sqlite": from_sqlite,
            "xlsx": from_xlsx}


@pytest.mark.parametrize("name", list(TABLES))
def test_same_rows_in_every_format(out: Path, name: str) -> None:
    stores = _read_all(out, name)
    assert stores["csv"], name
    for store, rows in stores.items():
        assert rows == stores["csv"], f"{name}: {store} differs from csv"


def test_jsonl_nests_entries_and_leads(out: Path) -> None:
    lines = (out / "actions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 10
    seed = next(json.loads(x) for x in lines if '"ref": "3"' in x and "seed.txt" in x)
    assert seed["leads"] == ["YorSexual Health", "YTHFT", "Primary Care"]
    assert [e["entry_date"] for e in seed["entries"]] == ["2021-06-01"]


def test_to_frames_has_the_parquet_columns_and_dtypes(out: Path) -> None:
    import pandas as pd

    frames = to_frames(read(SEED))
    for name in TABLES:
        from_file = pd.read_parquet(out / f"{name}.parquet", dtype_backend="numpy_nullable")
        assert list(frames[name].columns) == list(from_file.columns), name
        # Dates and enums are typed further in the frames (see tests/test_frames.py);
        # every other column has the dtype pandas reads from the file.
        kinds = {c.name: c.kind for c in columns_of(TABLES[name])}
        plain = [c for c, k in kinds.items() if k not in ("date", "enum")]
        assert (frames[name][plain].dtypes.to_dict()
                == from_file[plain].dtypes.to_dict()), name
        for col in (c for c, k in kinds.items() if k == "enum"):
            assert isinstance(from_file[col].dtype, pd.CategoricalDtype), (name, col)
    assert len(frames["progress_entries"]) == 19
    # Nullable dtypes: the same whether or not a column happens to hold a missing value.
    actions = frames["actions"]
    assert (str(actions["is_overdue"].dtype), str(actions["days_overdue"].dtype)) == (
        "boolean", "Int64")


def test_missing_optional_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda n, *a: None if n == "pyarrow" else real(n, *a))
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", "x", "--format", "parquet"])
    assert result.exit_code == 2 and "planparse[parquet]" in result.output


def test_plans_json_written_in_pieces_is_the_whole_document_dump(tmp_path: Path) -> None:
    from exporters.json import plans_document, write_json
    from normalise import Issue, Plan, Severity

    (plan,) = read(SEED)
    empty = Plan(plan_id="p0", title="No rows", source_file="x.txt", source_format="text",
                 source_sha256="0" * 64, table_index=1,
                 issues=[Issue(source_file="x.txt", plan_id="p0", code="c",
                               severity=Severity.info, message="a \"quoted\"\nline")])
    loose = [Issue(source_file="y.txt", code="no-action-plan", severity=Severity.error,
                   message="none")]
    for plans, issues in [([plan, empty], loose), ([], []), ([empty], [])]:
        write_json(plans, issues, tmp_path)
        whole = plans_document(plans, issues).model_dump_json(indent=2) + "\n"
        assert (tmp_path / "plans.json").read_text(encoding="utf-8") == whole
