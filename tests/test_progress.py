"""The progress splitter: every form in the seed, real-world forms, and a property test
that splitting never loses or invents text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalise.models import Precision
from normalise.progress import looks_truncated, split_progress

D, M = Precision.day, Precision.month


def dates(paragraphs: list[str], order: str = "DMY") -> list[tuple[date | None, str]]:
    return [(e.date, e.raw) for e in split_progress(paragraphs, order)]


def test_one_entry_per_paragraph_newest_first() -> None:
    cell = ["26/11/21 - Poppy action plan added to the CYSCP website.",
            "12/11/21 - This has been added to the CYSCP website."]
    entries = split_progress(cell)
    assert [(e.date, e.precision, e.raw, e.text) for e in entries] == [
        (date(2021, 11, 26), D, "26/11/21", "Poppy action plan added to the CYSCP website."),
        (date(2021, 11, 12), D, "12/11/21", "This has been added to the CYSCP website."),
    ]


def test_two_entries_inside_one_paragraph_and_mentions_stay_inside() -> None:
    cell = ["29/10/21 - A couple of amendments are required by comms and then this can be "
            "added to the CYSCP website. 05/10/21 - The 7 point briefing for Child Poppy is "
            "with partners for comments and feedback. The deadline is 08/10/21."]
    entries = split_progress(cell)
    assert [e.date for e in entries] == [date(2021, 10, 29), date(2021, 10, 5)]
    assert entries[1].text.endswith("The deadline is 08/10/21.")


def test_mention_held_on_stays_in_its_entry() -> None:
    cell = ["22/07/2021 - CYSCP Masterclass of learning from case was presented at the CYSCP "
            "Learning Masterclass held on 17/06/21. The Poppy action plan is to be added"]
    entries = split_progress(cell)
    assert len(entries) == 1
    assert "held on 17/06/21." in entries[0].text


def test_seed_action_6_forms() -> None:
    cell = ["01/03/2022 – HP/SS/NH meeting on 02/03/22 to discuss feasibility. Regarding "
            "this. 24/2/22 meeting arranged with SS to progress sending of lists subject to "
            "MACE 19/01/22 - At the Case Review sub-group it was agreed. 19/01/22 - This "
            "remains outstanding and in progress."]
    entries = split_progress(cell)
    assert [(e.date, e.raw) for e in entries] == [
        (date(2022, 3, 1), "01/03/2022"), (date(2022, 2, 24), "24/2/22"),
        (date(2022, 1, 19), "19/01/22"), (date(2022, 1, 19), "19/01/22")]
    assert entries[0].text.startswith("HP/SS/NH meeting on 02/03/22")
    assert entries[1].text == ("meeting arranged with SS to progress sending of lists "
                               "subject to MACE")
    assert entries[2].text == "At the Case Review sub-group it was agreed."


def test_month_year_entry_has_month_precision() -> None:
    entries = split_progress(["June 21 - An improved process is being developed"])
    assert (entries[0].date, entries[0].precision, entries[0].raw) == (
        date(2021, 6, 1), M, "June 21")


def test_date_without_separator_at_paragraph_start() -> None:
    entries = split_progress(["22/07/2021 Training undertaken with ED"])
    assert (entries[0].date, entries[0].text) == (date(2021, 7, 22), "Training undertaken with ED")


@pytest.mark.parametrize(("cell", "expected"), [
    (["14th November 2019 - Policy agreed."], [(date(2019, 11, 14), "14th November 2019")]),
    (["October 2019: Audit done.", "Jul-21 - Re-audit"],
     [(date(2019, 10, 1), "October 2019"), (date(2021, 7, 1), "Jul-21")]),
    (["Complete 04/03/2020 all staff trained"], [(date(2020, 3, 4), "04/03/2020")]),
    (["Work began in the spring.", "12/03/21 - Launched."],
     [(None, ""), (date(2021, 3, 12), "12/03/21")]),
    (["Update: 2021-05-01 - Policy live"], [(date(2021, 5, 1), "2021-05-01")]),
    (["01/02/22 - Done. Review due on 01/06/22 - Next steps agreed."],
     [(date(2022, 2, 1), "01/02/22")]),
])
def test_real_world_forms(cell: list[str], expected: list[tuple[date | None, str]]) -> None:
    assert dates(cell) == expected


def test_status_prefix_stays_in_the_text() -> None:
    entry = split_progress(["Complete 04/03/2020 all staff trained"])[0]
    assert entry.text == "Complete all staff trained"
    colon = split_progress(["Complete: 04/03/2020 - all staff trained"])[0]
    assert (colon.date, colon.text) == (date(2020, 3, 4), "Complete all staff trained")


def test_paragraph_without_a_date_continues_the_entry() -> None:
    entries = split_progress(["12/11/21 - Briefing written.", "Shared with all partners."])
    assert len(entries) == 1
    assert entries[0].text == "Briefing written.\nShared with all partners."


def test_invalid_date_at_paragraph_start_keeps_raw_and_reports() -> None:
    entry = split_progress(["31/09/21 - Something happened"])[0]
    assert (entry.date, entry.raw, entry.problem) == (None, "31/09/21", "invalid-date")


def test_month_first_order() -> None:
    assert dates(["11/26/21 - Added.", "11/12/21 - Also."], "MDY") == [
        (date(2021, 11, 26), "11/26/21"), (date(2021, 11, 12), "11/12/21")]


def test_truncation() -> None:
    assert looks_truncated("admin would manage flags as they do not receive a")
    assert looks_truncated("The team will review the cases and,")
    assert not looks_truncated("The Poppy action plan is to be added to the CYSCP website")
    assert not looks_truncated("Supervision processes robust and in place/ Embedded")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


_PIECES = st.sampled_from([
    "Training", "delivered", "the", "deadline", "is", "held", "on", "meeting", "At", "This",
    "remains", "outstanding", ".", ",", "-", "–", ":", "26/11/21", "22/07/2021", "June 21",
    "Jul-21", "14th November 2019", "31/09/21", "12/25/2021", "Complete", "2021-05-01",
    "Q3", "2021/22", "(", ")", "10%", "24/2/22", "October 2019",
])
_PARAGRAPH = st.lists(_PIECES, min_size=0, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=0, max_size=5))
def test_splitting_never_loses_or_invents_text(cell: list[str]) -> None:
    entries = split_progress(cell)
    assert words(" ".join(e.source for e in entries)) == words(" ".join(cell))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=4))
def test_splitting_arbitrary_text_never_crashes_or_drops_words(cell: list[str]) -> None:
    entries = split_progress(cell)
    assert words(" ".join(e.source for e in entries)) == words(" ".join(cell))
