"""Two publications of a plan → the changes between them, as :class:`Change` records.

Pure record logic over whole plans. Plans pair by ``plan_key`` (or, when each side holds
one plan, with each other); actions pair by ref when their texts agree and by text
similarity when they were renumbered or have no refs; progress entries pair by date and
text similarity, so an update reworded between publications is ``entry-edited`` rather
than one removed and one added. Text is compared with its layout taken out
(:func:`~normalise.keys.text_signature`): a cell wrapped differently, printed to PDF or
typed with other quotes gives no row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .keys import comparable, make_plan_key, normal_ref, normal_text, text_signature
from .models import Action, Change, Plan, ProgressEntry, RagSource

CHANGE_CODES = {
    "action-added": "an action not in the old publication",
    "action-removed": "an action of the old publication that is gone (dropped or merged)",
    "action-renumbered": "the same action under a new ref",
    "status-changed": "the status moved",
    "rag-changed": "the RAG rating moved",
    "target-date-changed": "the deadline moved (days: how far; positive means it slipped)",
    "leads-changed": "other lead agencies",
    "text-changed": "the finding, recommendation, action or evidence was reworded",
    "entry-removed": "a progress entry of the old publication is gone: history rewritten",
    "entry-edited": "a progress entry of the same date (or the same text) was reworded "
                    "(or re-dated)",
    "entry-added": "a new progress entry",
}

# Similarity scores are rapidfuzz's token_sort_ratio (0-100) over lower-case words. On the
# seed plan, two *different* actions score at most 60 and two different updates at most 56;
# an action reworded in place, or an update with a few words changed, scores 80 and more.
#: Same ref: the texts "agree" (same action) from here. Above the 60 that two different
#: actions of one plan reach, so a ref reused for another action does not pair them.
REF_AGREE = 65
#: Different or missing refs: pair only when most of the words are the same (a renumbered
#: action keeps its text), well clear of different actions' 60.
TEXT_MATCH = 80
#: Same action, same date: an update is the same one reworded from here; below it, it is
#: another update (different updates of the seed score up to 56, so half the words is
#: not enough on its own; the shared date and action carry the rest).
ENTRY_EDIT = 50
#: Same action, another date: only an update with (nearly) the same words was re-dated.
ENTRY_REDATED = 90
_TEXT_FIELDS = ("finding", "recommendation", "action", "evidence")
#: Formats that cannot carry a cell's shading: a RAG read from a colour on the other side
#: is not contradicted by their having none.
_NO_SHADING = frozenset({"text"})


def _score(a: str, b: str) -> float:
    from rapidfuzz import fuzz  # lazy: keeps start-up fast

    return float(fuzz.token_sort_ratio(a, b))


def _entry_score(a: str, b: str, same_date: bool) -> float:
    """An update of the same date that was added to (or cut) keeps all its words in the
    longer text: token_set_ratio counts that as the same update, however much was added."""
    from rapidfuzz import fuzz

    return max(_score(a, b), float(fuzz.token_set_ratio(a, b)) if same_date else 0.0)


def _action_text(a: Action) -> str:
    return comparable(f"{a.finding} {a.recommendation} {a.action}")


def _greedy(pairs: list[tuple[float, int, int]], accept: Callable[[float, int, int], bool]
            ) -> dict[int, int]:
    """Best pairs first, each side used once: old index → new index."""
    taken_old: dict[int, int] = {}
    taken_new: set[int] = set()
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i not in taken_old and j not in taken_new and accept(score, i, j):
            taken_old[i] = j
            taken_new.add(j)
    return taken_old


#: A single field counts on its own only with this many words on both sides: short texts
#: ("Poppy briefing") are shared by different actions.
_FIELD_WORDS = 4


def _action_scores(old: Sequence[Action], new: Sequence[Action], old_text: list[str],
                   new_text: list[str]) -> Any:
    """Similarity of each old action to each new one: their finding + recommendation +
    action together, or any one of those fields alone when both have it (a publication
    without the Learning Point column still has the same actions), whichever is higher."""
    import numpy as np
    from rapidfuzz import fuzz, process

    scores = np.asarray(process.cdist(old_text, new_text, scorer=fuzz.token_sort_ratio))
    for name in ("finding", "recommendation", "action"):
        a = [comparable(getattr(x, name)) for x in old]
        b = [comparable(getattr(x, name)) for x in new]
        if not any(len(t.split()) >= _FIELD_WORDS for t in a) or \
                not any(len(t.split()) >= _FIELD_WORDS for t in b):
            continue
        field = np.asarray(process.cdist(a, b, scorer=fuzz.token_sort_ratio))
        ok_a = np.array([len(t.split()) >= _FIELD_WORDS for t in a])[:, None]
        ok_b = np.array([len(t.split()) >= _FIELD_WORDS for t in b])[None, :]
        scores = np.maximum(scores, np.where(ok_a & ok_b, field, 0.0))
    return scores


def match_actions(old: Sequence[Action], new: Sequence[Action]) -> dict[int, int]:
    """Which old action (by index) is which new one. Identical texts under the same ref
    pair first; then the best-scoring pairs, a same-ref pair from :data:`REF_AGREE`, any
    other from :data:`TEXT_MATCH`."""
    old_text = [_action_text(a) for a in old]
    new_text = [_action_text(a) for a in new]
    old_ref = [normal_ref(a.ref) for a in old]
    new_ref = [normal_ref(a.ref) for a in new]
    # Most actions of a republished plan are unchanged: pair those without scoring.
    exact: dict[tuple[str, str], list[int]] = {}
    for j in range(len(new)):
        exact.setdefault((new_ref[j], new_text[j]), []).append(j)
    matched: dict[int, int] = {}
    for i in range(len(old)):
        candidates = exact.get((old_ref[i], old_text[i]))
        if candidates:
            matched[i] = candidates.pop(0)
    rest_old = [i for i in range(len(old)) if i not in matched]
    taken = set(matched.values())
    rest_new = [j for j in range(len(new)) if j not in taken]
    if not rest_old or not rest_new:
        return matched
    scores = _action_scores([old[i] for i in rest_old], [new[j] for j in rest_new],
                            [old_text[i] for i in rest_old], [new_text[j] for j in rest_new])
    pairs = []
    for x, i in enumerate(rest_old):
        for y, j in enumerate(rest_new):
            same_ref = bool(old_ref[i]) and old_ref[i] == new_ref[j]
            # A same-ref pair wins a tie with a renumbered one of equal text.
            pairs.append((float(scores[x][y]) + (0.5 if same_ref else 0.0), i, j))

    def accept(score: float, i: int, j: int) -> bool:
        same_ref = bool(old_ref[i]) and old_ref[i] == new_ref[j]
        return score >= (REF_AGREE if same_ref else TEXT_MATCH)

    matched.update(_greedy(pairs, accept))
    return matched


def match_entries(old: Sequence[ProgressEntry], new: Sequence[ProgressEntry]
                  ) -> tuple[dict[int, int], set[int], set[int]]:
    """Which old entry is which new one: same date and same words first, then entries
    only split otherwise (:func:`_resplit`), then same date and :data:`ENTRY_EDIT`, then
    another date and :data:`ENTRY_REDATED`. Returns the pairs (old index → new index) and
    the old and new indices that are the same words split otherwise."""
    old_sig = [text_signature(e.text) for e in old]
    new_sig = [text_signature(e.text) for e in new]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for i, e in enumerate(old):  # exact: same date, same signature
        for j, f in enumerate(new):
            if j not in used and e.entry_date == f.entry_date and old_sig[i] == new_sig[j]:
                matched[i] = j
                used.add(j)
                break
    resplit_old, resplit_new = _resplit(old, new, matched, used)
    rest_old = [i for i in range(len(old)) if i not in matched and i not in resplit_old]
    rest_new = [j for j in range(len(new)) if j not in used and j not in resplit_new]
    pairs = [(_entry_score(comparable(old[i].text), comparable(new[j].text),
                           old[i].entry_date == new[j].entry_date), i, j)
             for i in rest_old for j in rest_new]

    def accept(score: float, i: int, j: int) -> bool:
        same_date = old[i].entry_date == new[j].entry_date
        return score >= (ENTRY_EDIT if same_date else ENTRY_REDATED)

    # Same-date pairs are taken before re-dated ones of any score.
    same = [p for p in pairs if old[p[1]].entry_date == new[p[2]].entry_date]
    matched.update(_greedy(same, accept))
    other = [p for p in pairs if p[1] not in matched and p[2] not in set(matched.values())]
    matched.update(_greedy(other, accept))
    return matched, resplit_old, resplit_new


def _resplit(old: Sequence[ProgressEntry], new: Sequence[ProgressEntry],
             matched: dict[int, int], used: set[int]) -> tuple[set[int], set[int]]:
    """Entries that one publication reads as one and the other as several in a row (a
    PDF's reflowed lines end an entry elsewhere): one entry whose date and words are those
    of a run of unpaired entries on the other side, dates included. Neither side gives a
    row. Returns the old and new indices so explained."""
    def sig(e: ProgressEntry) -> str:
        return text_signature(f"{e.entry_date_raw} {e.text}")

    free_old = [i not in matched for i in range(len(old))]
    free_new = [j not in used for j in range(len(new))]
    got_old: set[int] = set()
    got_new: set[int] = set()
    for one, many, free_one, free_many, got_one, got_many in (
            (old, new, free_old, free_new, got_old, got_new),
            (new, old, free_new, free_old, got_new, got_old)):
        many_sig = [sig(e) for e in many]
        for i, e in enumerate(one):
            if not free_one[i] or i in got_one:
                continue
            target = sig(e)
            for start in range(len(many)):
                joined, end = "", start
                while end < len(many) and free_many[end] and end not in got_many \
                        and len(joined) < len(target):
                    joined += many_sig[end]
                    end += 1
                if end - start >= 2 and joined == target:
                    got_one.add(i)
                    got_many.update(range(start, end))
                    break
    return got_old, got_new


@dataclass(frozen=True, slots=True)
class _Pair:
    old_plan: Plan | None
    new_plan: Plan | None
    old: Action | None
    new: Action | None

    def change(self, code: str, field: str = "", old_value: str = "", new_value: str = "",
               entry_date: date | None = None, days: int | None = None) -> Change:
        a = self.new or self.old
        assert a is not None
        plan = self.new_plan or self.old_plan
        return Change(
            old_plan_id=self.old_plan.plan_id if self.old_plan else None,
            new_plan_id=self.new_plan.plan_id if self.new_plan else None,
            plan_key=(plan.plan_key or make_plan_key(plan.title)) if plan else "",
            old_action_id=self.old.action_id if self.old else None,
            new_action_id=self.new.action_id if self.new else None,
            action_key=a.action_key, ref=a.ref, change=code, field=field,
            old_value=old_value, new_value=new_value, entry_date=entry_date, days=days)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _value(v: object) -> str:
    return "" if v is None else str(getattr(v, "value", v))


def action_changes(pair: _Pair) -> Iterator[Change]:
    """The rows for one pair of actions (either side may be missing)."""
    old, new = pair.old, pair.new
    if old is None and new is not None:
        yield pair.change("action-added", "action", new_value=normal_text(new.action
                                                                         or new.finding))
        return
    if new is None and old is not None:
        yield pair.change("action-removed", "action", old_value=normal_text(old.action
                                                                           or old.finding))
        return
    assert old is not None and new is not None
    if normal_ref(old.ref) != normal_ref(new.ref):
        yield pair.change("action-renumbered", "ref", old.ref, new.ref)
    if old.status != new.status:
        yield pair.change("status-changed", "status", _value(old.status), _value(new.status))
    if old.rag != new.rag and not _shading_lost(pair):
        yield pair.change("rag-changed", "rag", _value(old.rag), _value(new.rag))
    if old.target_date != new.target_date:
        days = ((new.target_date - old.target_date).days
                if old.target_date and new.target_date else None)
        yield pair.change("target-date-changed", "target_date", _iso(old.target_date),
                          _iso(new.target_date), days=days)
    if {text_signature(x) for x in old.leads} != {text_signature(x) for x in new.leads}:
        yield pair.change("leads-changed", "leads", "; ".join(old.leads), "; ".join(new.leads))
    # The same words in the same order across the text fields: a header mapped to another
    # field in one publication, not a change.
    if _all_text(old) != _all_text(new):
        for name in _TEXT_FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if text_signature(before) != text_signature(after):
                yield pair.change("text-changed", name, normal_text(before),
                                  normal_text(after))
    # The same progress cell, however it was wrapped, says the same: entries split from it
    # otherwise (a PDF's reflowed lines) are no change.
    if text_signature(old.progress) != text_signature(new.progress):
        yield from _entry_changes(pair, old.entries, new.entries)


def _shading_lost(pair: _Pair) -> bool:
    """One side has no RAG because its format cannot show the other's shaded cell."""
    for mine, plan, other in ((pair.old, pair.old_plan, pair.new),
                              (pair.new, pair.new_plan, pair.old)):
        if (mine is not None and other is not None and plan is not None and mine.rag is None
                and other.rag_source is RagSource.colour
                and plan.source_format in _NO_SHADING):
            return True
    return False


def _all_text(a: Action) -> str:
    return text_signature(" ".join(getattr(a, name) for name in _TEXT_FIELDS))


def _entry_changes(pair: _Pair, old: Sequence[ProgressEntry], new: Sequence[ProgressEntry]
                   ) -> Iterator[Change]:
    matched, quiet_old, quiet_new = match_entries(old, new)
    paired_new = set(matched.values()) | quiet_new
    for i, e in enumerate(old):
        if i not in matched and i not in quiet_old:
            yield pair.change("entry-removed", "progress", old_value=normal_text(e.text),
                              entry_date=e.entry_date)
    for i, j in sorted(matched.items(), key=lambda kv: kv[1]):
        e, f = old[i], new[j]
        if e.entry_date != f.entry_date:
            yield pair.change("entry-edited", "entry_date", _iso(e.entry_date),
                              _iso(f.entry_date), entry_date=f.entry_date)
        if text_signature(e.text) != text_signature(f.text):
            yield pair.change("entry-edited", "text", normal_text(e.text), normal_text(f.text),
                              entry_date=f.entry_date)
    for j, f in enumerate(new):
        if j not in paired_new:
            yield pair.change("entry-added", "progress", new_value=normal_text(f.text),
                              entry_date=f.entry_date)


def diff_plan(old: Plan, new: Plan) -> list[Change]:
    """The changes from one publication of a plan to the next: the new plan's actions in
    order, each removed action after the one it followed."""
    matched = match_actions(old.actions, new.actions)
    by_new = {j: i for i, j in matched.items()}
    order: list[tuple[float, _Pair]] = []
    for j, a in enumerate(new.actions):
        i = by_new.get(j)
        order.append((j, _Pair(old, new, old.actions[i] if i is not None else None, a)))
    position = -1.0
    for i, a in enumerate(old.actions):
        if i in matched:
            position = matched[i]
        else:  # after the new counterpart of the old action before it
            order.append((position + 0.5 + i / (10 * (len(old.actions) + 1)),
                          _Pair(old, new, a, None)))
    return [c for _, pair in sorted(order, key=lambda t: t[0]) for c in action_changes(pair)]


def _whole(plan: Plan, side: str) -> list[Change]:
    pairs = (_Pair(plan, None, a, None) if side == "old" else _Pair(None, plan, None, a)
             for a in plan.actions)
    return [c for p in pairs for c in action_changes(p)]


def diff_plans(old: Sequence[Plan], new: Sequence[Plan]) -> list[Change]:
    """The changes between two publications, each holding one plan or several. Plans pair
    by ``plan_key``; when one plan is left on each side they pair with each other (a plan
    retitled). A plan left over has every action added (or removed)."""
    def key(p: Plan) -> str:
        return p.plan_key or make_plan_key(p.title)

    old, new = list(old), list(new)
    rest_new = list(new)
    pairs: list[tuple[Plan | None, Plan | None]] = []
    unmatched_old: list[Plan] = []
    for p in old:
        q = next((q for q in rest_new if key(q) == key(p)), None)
        if q is None:
            unmatched_old.append(p)
        else:
            rest_new.remove(q)
            pairs.append((p, q))
    if len(unmatched_old) == 1 and len(rest_new) == 1:
        pairs.append((unmatched_old.pop(), rest_new.pop()))
    pairs += [(a, None) for a in unmatched_old] + [(None, b) for b in rest_new]
    out: list[Change] = []
    for a, b in pairs:
        if a is not None and b is not None:
            out += diff_plan(a, b)
        elif a is not None:
            out += _whole(a, "old")
        elif b is not None:
            out += _whole(b, "new")
    return out


__all__ = ["CHANGE_CODES", "ENTRY_EDIT", "ENTRY_REDATED", "REF_AGREE", "TEXT_MATCH",
           "action_changes", "diff_plan", "diff_plans", "match_actions", "match_entries"]
