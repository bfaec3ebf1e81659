"""The audit derivations, under their earlier name: see :mod:`normalise.derived`."""

from .derived import (
    DEFAULT_STALE_DAYS,
    FLAG_CODES,
    as_of_date,
    audit_action,
    audit_plan,
    flags_of,
    resolve_as_of,
)

__all__ = ["DEFAULT_STALE_DAYS", "FLAG_CODES", "as_of_date", "audit_action", "audit_plan",
           "flags_of", "resolve_as_of"]
