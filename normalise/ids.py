"""Record ids: ``plan_id`` and ``action_id``, the keys that join the output tables.

An id is a digest of the file's content, so a bare hex digest is now and then all digits
("527485113001") or digits with one ``e`` ("9010710e4574"); pandas, DuckDB, polars and
Excel then read it as a number (or ``inf``), it loses its leading zeros and the joins
break. Every id therefore starts with a letter that no number reader takes: ``p`` and 12
hex digits for a plan, the plan's id and a 3-digit sequence for its actions
(``p1a2b3c4d5e6f-003``), so an action id still names its plan.
"""

from __future__ import annotations

import hashlib

PLAN_PREFIX = "p"
_DIGITS = 12


def _plan_id(text: str) -> str:
    return PLAN_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:_DIGITS]


def make_plan_id(sha256: str, source_file: str, table_index: int) -> str:
    """``p`` and 12 hex digits, stable for the same file (content and name) and table.
    The name is the base name, so "samples/x.txt" and "./samples/x.txt" agree, while two
    copies of a document under different names stay two plans, in one run or in a
    database built up over several."""
    name = source_file.replace("\\", "/").rsplit("/", 1)[-1]
    return _plan_id(f"{sha256}:{name}:{table_index}")


def make_merged_plan_id(digest: str, folder: str) -> str:
    """The id of a plan merged from one-action pages (:mod:`normalise.records`): made
    from the pages' joint digest and their folder, in the same form as any plan's."""
    return _plan_id(f"{digest}:{folder}")


def make_action_id(plan_id: str, seq: int) -> str:
    """The ``seq``-th action of a plan: ``<plan_id>-003``."""
    return f"{plan_id}-{seq:03d}"


__all__ = ["PLAN_PREFIX", "make_action_id", "make_merged_plan_id", "make_plan_id"]
