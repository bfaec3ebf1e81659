"""``planparse leads --suggest-aliases`` (issue 16): alias pairs proposed from an output
folder's leads.csv, in the CSV that ``--aliases`` reads, the most frequent spelling as
canonical. The leads.csv is generated here: the pairs the issue names, plus controls."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from normalise.leads import load_aliases, split_leads
from planparse.aliases import suggest_aliases
from planparse.cli import cli

#: lead → how many actions name it.
LEADS = {"YTHFT": 5, "YSTHFT": 2,                  # a letter more: the abbreviation
         "Primary Care": 4, "Pri mary Care": 1,    # a word split by the PDF's layout
         "Police": 3, "Health": 3,                 # control: two bodies
         "Team 1": 2, "Team 2": 2,                 # control: near names, other numbers
         "Public Health": 1}                       # control: a body that holds another's name


def _leads_csv(folder: Path) -> None:
    folder.mkdir()
    with (folder / "leads.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["plan_id", "action_id", "lead_seq", "lead"])
        n = 0
        for lead, count in LEADS.items():
            for _ in range(count):
                n += 1
                writer.writerow(["p0000000000a", f"p0000000000a-{n:03}", 1, lead])


def test_the_pairs_are_proposed_with_the_frequent_spelling_canonical(tmp_path: Path) -> None:
    _leads_csv(tmp_path / "out")
    result = CliRunner().invoke(cli, ["leads", "--suggest-aliases", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("variant,canonical\n"
                             "Pri mary Care,Primary Care\n"
                             "YSTHFT,YTHFT\n")
    # What it prints is what --aliases reads, and the split leads then come out canonical.
    (tmp_path / "aliases.csv").write_text(result.stdout, encoding="utf-8")
    aliases = load_aliases(tmp_path / "aliases.csv")
    assert aliases == {"pri mary care": "Primary Care", "ysthft": "YTHFT"}
    assert split_leads("YSTHFT / Pri mary Care / Police", aliases) == [
        "YTHFT", "Primary Care", "Police"]


def test_the_rarer_spelling_is_never_canonical(tmp_path: Path) -> None:
    # The same pair the other way round in frequency: the canonical follows the counts.
    assert suggest_aliases(Counter({"YSTHFT": 4, "YTHFT": 1})) == [("YTHFT", "YSTHFT")]


def test_a_folder_without_leads_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["leads", "--suggest-aliases", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: {tmp_path / 'leads.csv'}: cannot read it")
    assert result.stdout == ""
