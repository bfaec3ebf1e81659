"""plan_key and action_key: the same plan and action in every publication."""

from __future__ import annotations

import pytest

from normalise.keys import make_action_key, make_plan_key, normal_text, text_signature


@pytest.mark.parametrize("title", [
    "Child Poppy Action Plan",
    "Child Poppy Action Plan – updated March 2022",
    "Child Poppy Action Plan (v3)",
    "Child Poppy Action Plan 2021/22 refreshed",
    "CHILD POPPY ACTION PLAN - Draft 01/10/2021",
    "child-poppy-action-plan-March2022",
    "Child Poppy Action Plan, version 2, as at 1st November 2021",
])
def test_plan_key_drops_dates_and_edition_words(title: str) -> None:
    assert make_plan_key(title) == "child-poppy-action-plan"


def test_plan_key_keeps_what_tells_plans_apart() -> None:
    # Control: different plans keep different keys; numbers that are not dates stay.
    assert make_plan_key("Child Poppy Action Plan") != make_plan_key("Child Lily Action Plan")
    assert make_plan_key("Learning Review 7 action plan") == "learning-review-7-action-plan"
    assert make_plan_key("Marketing plan") == "marketing-plan"  # "mar" inside a word
    assert make_plan_key("2021") == "2021"  # nothing but a date: kept, not emptied
    assert make_plan_key("") == "untitled"


def test_action_key_by_ref_or_text() -> None:
    assert make_action_key("p", "1a.") == make_action_key("p", "1 A") == "p/1a"
    by_text = make_action_key("p", "", "A finding", "An action")
    assert by_text.startswith("p/t-")
    assert by_text == make_action_key("p", "", "A  finding\n", "An\naction")
    assert by_text != make_action_key("p", "", "A finding", "Another action")


def test_text_without_its_layout() -> None:
    assert normal_text("one\n two\t three ,  four") == "one two three, four"
    assert normal_text("“quoted” – dash") == '"quoted" - dash'
    assert text_signature("develop-\nment of the ‘plan’") == text_signature("development of "
                                                                           "the 'plan'")
    assert text_signature("one thing") != text_signature("another thing")
