"""``planparse diff`` on a long plan: the seed's actions repeated to N, compared with itself
unchanged, with one action in ten edited, and with every action renumbered. Times are
printed as ratios to the unchanged comparison, run in the same process.

    python -m benchmarks.diff [N]      # default 400 actions
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "samples" / "child-poppy-action-plan.txt"


def long_plan(n: int) -> object:
    """The seed's actions repeated to ``n``, each with its own ref and a distinct action."""
    from planparse import read

    (seed,) = read(SEED)
    actions = [a.model_copy(update={
        "ref": f"{k // len(seed.actions) + 1}.{a.ref}",
        "action": f"{a.action} (strand {k // len(seed.actions) + 1})"})
        for k in range(n) for a in [seed.actions[k % len(seed.actions)]]]
    return seed.model_copy(update={"actions": actions, "action_count": n})


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Print the three comparisons' times and their ratios to the unchanged one."""
    from normalise import Plan, diff_plans

    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 400
    plan = long_plan(n)
    assert isinstance(plan, Plan)
    edited = plan.model_copy(deep=True)
    for a in edited.actions[::10]:
        if a.target_date:
            a.target_date += timedelta(days=30)
    renumbered = plan.model_copy(update={"actions": [
        a.model_copy(update={"ref": f"R{a.ref}"}) for a in plan.actions]})
    base = _time(lambda: diff_plans([plan], [plan.model_copy(deep=True)]))
    print(f"{n} actions: unchanged {base:.2f} s (baseline)")
    for name, other in (("one in ten edited", edited), ("all renumbered", renumbered)):
        seconds = _time(lambda other=other: diff_plans([plan], [other]))  # type: ignore[misc]
        print(f"  {name}: {seconds:.2f} s, {seconds / max(base, 1e-9):.1f}x")


if __name__ == "__main__":
    main()
