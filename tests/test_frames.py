"""to_frames and Parquet give a notebook real types: datetimes, ordered categoricals,
string ids (issue 16); the package lists its lazy names; pyarrow missing names the extra."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import planparse
from planparse import read, to_frames

from .conftest import SEED

# A plan whose target dates a datetime64[ns] column could not hold (3022 > 2262), beside
# ordinary ones, and every RAG word once.
FAR_FUTURE = ("No\tAction\tLead\tTarget date\tRAG\n"
              "1\tBuild the archive\tIT\t01/01/3022\tGreen\n"
              "2\tAudit the files\tAudit\t31/03/2022\tRed\n"
              "3\tTrain staff\tHR\t30/06/2021\tAmber\n")


@pytest.fixture(scope="module")
def actions() -> pd.DataFrame:
    return to_frames(read(SEED, as_of="2022-03-31"))["actions"]


def test_dates_are_datetimes_that_dt_compare_and_resample_work_on(actions: pd.DataFrame
                                                                   ) -> None:
    target = actions["target_date"]
    assert pd.api.types.is_datetime64_dtype(target.dtype)
    by_ref = dict(zip(actions["ref"], target, strict=True))
    assert by_ref["6"] == pd.Timestamp("2021-12-31")
    assert sorted(set(target.dt.year.dropna().astype(int))) == [2021]
    assert int((target < pd.Timestamp("2021-07-01")).sum()) == int(
        (target.dt.month <= 6).sum())
    quarterly = actions.set_index("target_date").resample("QE").size()
    assert quarterly.sum() == target.notna().sum() == 8
    assert quarterly.index.min() == pd.Timestamp("2021-06-30")
    entries = to_frames(read(SEED))["progress_entries"]
    assert pd.api.types.is_datetime64_dtype(entries["entry_date"].dtype)
    assert entries["entry_date"].min() == pd.Timestamp(
        min(e for e in entries["entry_date"].dropna()))


def test_status_and_rag_are_ordered_categoricals(actions: pd.DataFrame) -> None:
    status = actions["status"].dtype
    assert isinstance(status, pd.CategoricalDtype) and status.ordered
    assert list(status.categories) == ["completed", "in_progress", "not_started", "ongoing",
                                       "overdue", "on_hold", "superseded"]
    rag = actions["rag"].dtype
    assert isinstance(rag, pd.CategoricalDtype) and rag.ordered
    assert list(rag.categories) == ["red", "amber", "green", "blue"]
    severity = to_frames(read(SEED))["issues"]["severity"].dtype
    assert isinstance(severity, pd.CategoricalDtype) and not severity.ordered
    for col in ("plan_id", "action_id", "ref", "action_key"):
        assert isinstance(actions[col].dtype, pd.StringDtype), col
    assert actions["plan_id"].str.startswith("p").all()


def test_rag_compares_in_order_and_far_dates_survive(tmp_path: Path) -> None:
    path = tmp_path / "far.txt"
    path.write_text(FAR_FUTURE, encoding="utf-8")
    frame = to_frames(read(path))["actions"].set_index("ref")
    assert frame.loc["1", "target_date"] == pd.Timestamp("3022-01-01")
    assert list(frame["rag"]) == ["green", "red", "amber"]
    assert list(frame.index[frame["rag"] < "green"]) == ["2", "3"]
    assert frame["rag"].max() == "green"
    assert list(frame.sort_values("rag").index) == ["2", "3", "1"]


def test_parquet_types_ids_string_dates_date32_enums_dictionary(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    planparse.convert([SEED], tmp_path, formats=["parquet"], workers=1)
    schema = pq.read_schema(tmp_path / "actions.parquet")
    for col in ("plan_id", "action_id", "ref", "target_date_raw"):
        assert schema.field(col).type == pa.string(), col
    assert schema.field("target_date").type == pa.date32()
    for col in ("status", "rag", "rag_source", "target_date_precision"):
        assert pa.types.is_dictionary(schema.field(col).type), col
    back = pd.read_parquet(tmp_path / "actions.parquet")
    assert isinstance(back["status"].dtype, pd.CategoricalDtype)
    assert set(back["status"].dropna()) <= set(back["status"].cat.categories)
    assert pq.read_table(tmp_path / "actions.parquet").column("status").to_pylist() == [
        a.status.value if a.status else None for a in read(SEED)[0].actions]
    # The other readers an analyst uses see text ids, dates and the status words.
    import duckdb
    import polars as pl

    path = (tmp_path / "actions.parquet").as_posix()
    types = duckdb.sql(f"SELECT DISTINCT typeof(plan_id), typeof(target_date), "
                       f"typeof(status) FROM '{path}'")
    assert types is not None and types.fetchall() == [("VARCHAR", "DATE", "VARCHAR")]
    schema = pl.read_parquet(path).schema
    assert [str(schema[c]) for c in ("plan_id", "target_date", "status")] == [
        "String", "Date", "Categorical"]


def test_dir_lists_the_lazy_names() -> None:
    names = dir(planparse)
    for name in ("read", "convert", "to_frames", "Settings", "diff", "__version__"):
        assert name in names, name


def test_to_frames_without_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    plans = read(SEED)
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real_import(name, *args, **kwargs)

    for mod in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ImportError, match=r"pip install 'planparse\[parquet\]'"):
        to_frames(plans)


def test_no_plans_gives_empty_frames_of_the_same_dtypes(actions: pd.DataFrame) -> None:
    empty = to_frames([])["actions"]
    assert len(empty) == 0
    assert empty.dtypes.to_dict() == actions.dtypes.to_dict()
