"""The five tables as pandas DataFrames with the types a notebook expects: real
datetimes, ordered categoricals for status and RAG, nullable integers, booleans and
strings (ids among them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from normalise import Plan
from normalise.models import Rag, Status

if TYPE_CHECKING:
    import pandas

#: The unit of the date columns. Not nanoseconds: a datetime64[ns] column ends in 2262,
#: and a typed-in target year such as 3022 must come through rather than fail or vanish.
#: Microseconds are pandas' own unit for datetimes (``pd.Timestamp(...).unit``).
DATE_DTYPE = "datetime64[us]"

#: Enums whose order means something: compared with ``<``, sorted, ``.max()``.
#: Status in the order documented on :class:`normalise.models.Status`; RAG red < amber <
#: green < blue (blue being "complete" in BRAG schemes).
ORDERED = {"status": tuple(m.value for m in Status), "rag": tuple(m.value for m in Rag)}


class MissingExtra(ImportError):
    """An optional library is missing; the message names the extra that installs it."""


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise MissingExtra("to_frames needs pyarrow, which is not installed: "
                           "pip install 'planparse[parquet]'") from exc
    return pyarrow


def to_frames(plans: Sequence[Plan]) -> dict[str, pandas.DataFrame]:
    """Table name → DataFrame, columns in contract order (see :func:`planparse.to_frames`)."""
    pa = _pyarrow()
    import pandas as pd

    from exporters import TABLES, all_issues
    from exporters.parquet import arrow_tables
    from exporters.schema import columns_of

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
               pa.string(): pd.StringDtype()}
    out = {}
    for name, table in arrow_tables(plans, all_issues(plans, [])).items():
        frame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
        for col in columns_of(TABLES[name]):
            if col.kind == "date":
                frame[col.name] = frame[col.name].astype(DATE_DTYPE)
            elif col.kind == "enum":
                # Every value of the enum as a category, not only those present, so that
                # frames of two runs concatenate and compare.
                order = ORDERED.get(col.name)
                dtype = pd.CategoricalDtype(list(order or col.enum), ordered=order is not None)
                frame[col.name] = frame[col.name].astype(object).astype(dtype)
        out[name] = frame
    return out
