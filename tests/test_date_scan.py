"""The date-token scan: gated by a lookahead (every form opens with a digit or a month's
first letter) for speed, it must find exactly the tokens, spans and kinds the forms
alone find, on real plans and on strings built to probe the gate's edges."""

from __future__ import annotations

import random
import re
from pathlib import Path

from normalise.dates import DATE_TOKEN, TOKEN_FORMS

ROOT = Path(__file__).parent.parent
UNGATED = re.compile(TOKEN_FORMS, re.IGNORECASE | re.VERBOSE)


def _found(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text)]


def test_gated_scan_finds_what_the_forms_find_in_real_plans() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))]
    assert texts
    total = 0
    for text in texts:
        found = _found(DATE_TOKEN, text)
        assert found == _found(UNGATED, text)
        total += len(found)
    assert total > 20  # the plans do hold dates: the comparison saw some


def test_gated_scan_on_the_gate_edges() -> None:
    # Unicode digits (\d), the long s that folds to "s" (ſep), capitals, tokens glued to
    # letters and digits, and the separators of every form.
    edge = ["٣/٤/٢٠٢١", "ſep 2021", "SEPT 2021", "x12/03/21", "a14th November 2019",
            "Nov 3, 2020", "2021-03-04", "June '21", "March-22", "1st of May 2020",
            "03.04.21", "12/03/2021/4", "Dec 5th, 2019"]
    for text in edge:
        assert _found(DATE_TOKEN, text) == _found(UNGATED, text), text
    assert _found(DATE_TOKEN, "ſep 2021") == [(0, 8, "month_year")]
    assert _found(DATE_TOKEN, "٣/٤/٢٠٢١") == [(0, 8, "numeric")]
    rng = random.Random(17)
    alphabet = "0123456789/-.,' JjFfMmAaSsOoNnDdtheyurcbpvlgiſ٣\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        assert _found(DATE_TOKEN, text) == _found(UNGATED, text), repr(text)
