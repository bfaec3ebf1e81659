"""Defaults of the settings that change values, here so that the command line can show
them without importing the models (``planparse --help`` stays fast)."""

#: An open action with no update for longer than this many days is flagged stale.
DEFAULT_STALE_DAYS = 180

#: How numeric dates are written unless told otherwise: UK day-first.
DEFAULT_DATE_ORDER = "DMY"
