"""plan_id and action_id: never read as numbers by the tools analysts load them with.

A bare 12-hex digest is all digits, or digits around one ``e``, about 0.7% of the time;
pandas, DuckDB and polars then type the value (or the whole column) as a number. The
ids carry a letter prefix (normalise/ids.py); these tests generate 100,000 of them.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest
from pandas.api.types import is_string_dtype

from normalise.ids import make_action_id, make_merged_plan_id, make_plan_id

N = 100_000


def _plan_ids() -> list[str]:
    return [make_plan_id(hashlib.sha256(str(i).encode()).hexdigest(), f"plan-{i}.pdf", i % 3)
            for i in range(N)]


def _csv(ids: list[str]) -> str:
    actions = [make_action_id(p, i % 40 + 1) for i, p in enumerate(ids)]
    return "plan_id,action_id\n" + "".join(f"{p},{a}\n" for p, a in zip(ids, actions,
                                                                          strict=True))


def _numeric_by_pandas(values: pd.Series) -> int:
    """How many values pandas would take for a number, each on its own."""
    return int(pd.to_numeric(values, errors="coerce").notna().sum())


def test_id_form() -> None:
    pid = make_plan_id("d32f19e9", "samples/x.txt", 0)
    assert len(pid) == 13 and pid[0] == "p" and int(pid[1:], 16) >= 0
    assert pid == make_plan_id("d32f19e9", "./other/x.txt", 0)  # base name only
    assert make_action_id(pid, 7) == f"{pid}-007"
    merged = make_merged_plan_id("abc", "pages/")
    assert merged[0] == "p" and len(merged) == 13


def test_unprefixed_digests_do_read_as_numbers() -> None:
    # Control: the bare digests (the ids before the prefix) are what broke the joins, so
    # the checks below can fail.
    bare = pd.Series([p[1:] for p in _plan_ids()])
    assert _numeric_by_pandas(bare) > 300  # ~0.7% of 100,000
    frame = pd.read_csv(io.StringIO("plan_id\n" + "\n".join(bare[:2000]) + "\n"),
                        dtype=None)
    assert _numeric_by_pandas(frame["plan_id"].astype(str)) > 0


def test_pandas_reads_every_id_as_text(tmp_path: Path) -> None:
    ids = _plan_ids()
    path = tmp_path / "ids.csv"
    path.write_text(_csv(ids), encoding="utf-8")
    frame = pd.read_csv(path)
    assert is_string_dtype(frame["plan_id"]) and is_string_dtype(frame["action_id"])
    assert frame["plan_id"].tolist() == ids  # nothing lost, no leading zero dropped
    assert _numeric_by_pandas(frame["plan_id"]) == 0
    assert _numeric_by_pandas(frame["action_id"]) == 0
    # Also one id per file, as a column of one: nothing to out-vote a number.
    for pid in ids[:: N // 200]:
        one = pd.read_csv(io.StringIO(f"plan_id\n{pid}\n"))
        assert is_string_dtype(one["plan_id"]) and one["plan_id"][0] == pid


def test_duckdb_reads_every_id_as_text(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    ids = _plan_ids()
    path = tmp_path / "ids.csv"
    path.write_text(_csv(ids), encoding="utf-8")
    con = duckdb.connect()
    try:
        for sample in ("", ", sample_size = -1"):  # the default sniff and every row
            rel = con.sql(f"SELECT * FROM read_csv_auto('{path}'{sample})")
            assert [str(t) for t in rel.types] == ["VARCHAR", "VARCHAR"]
        numeric = con.execute(
            f"SELECT count(*) FROM read_csv_auto('{path}', sample_size = -1) "
            "WHERE TRY_CAST(plan_id AS DOUBLE) IS NOT NULL "
            "OR TRY_CAST(action_id AS DOUBLE) IS NOT NULL").fetchone()
        assert numeric == (0,)
        got = [r[0] for r in
               con.execute(f"SELECT plan_id FROM read_csv_auto('{path}')").fetchall()]
        assert got == ids
    finally:
        con.close()


def test_polars_reads_every_id_as_text(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    ids = _plan_ids()
    path = tmp_path / "ids.csv"
    path.write_text(_csv(ids), encoding="utf-8")
    for length in (100, None):  # polars' default schema sniff and every row
        frame = pl.read_csv(path, infer_schema_length=length)
        assert frame.schema["plan_id"] == pl.String and frame.schema["action_id"] == pl.String
    numeric = frame.select(pl.col("plan_id").cast(pl.Float64, strict=False).is_not_null().sum())
    assert numeric.item() == 0
    assert frame["plan_id"].to_list() == ids
