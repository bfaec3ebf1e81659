"""Splitting lead cells and mapping aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalise.leads import load_aliases, split_leads

CASES = [
    ("YorSexual Health/YTHFT/Primary Care", ["YorSexual Health", "YTHFT", "Primary Care"]),
    ("YSTHFT / CSC/ CYSCP", ["YSTHFT", "CSC", "CYSCP"]),
    ("Police, Health; Education", ["Police", "Health", "Education"]),
    ("Police & Health and Education", ["Police", "Health", "Education"]),
    ("• Police\n• Health\n• Police", ["Police", "Health"]),
    ("Sandwell Children's Trust", ["Sandwell Children's Trust"]),
    ("", []),
]


@pytest.mark.parametrize(("raw", "leads"), CASES)
def test_split_leads(raw: str, leads: list[str]) -> None:
    assert split_leads(raw) == leads


def test_aliases_merge_spellings(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("variant,canonical\nYTHFT,York Teaching Hospital\n"
                    "YSTHFT,York Teaching Hospital\n", encoding="utf-8-sig")
    aliases = load_aliases(path)
    assert split_leads("YTHFT / ysthft / CSC", aliases) == ["York Teaching Hospital", "CSC"]
