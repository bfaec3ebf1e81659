"""planparse: action-plan tables out of documents, into clean, typed data.

>>> import planparse
>>> plans = planparse.read("samples/")
>>> frames = planparse.to_frames(plans)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import convert, read, to_frames
    from .diff import changes_frame, diff, diff_series
    from .reading import Plans, ReadError
    from .settings import Settings

try:
    __version__ = version("planparse")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = ["Plans", "ReadError", "Settings", "__version__", "changes_frame", "convert", "diff",
           "diff_series", "read", "to_frames"]


def __dir__() -> list[str]:
    """The module's names with the lazy ones (``read``, ``convert``, ``to_frames``, ...)
    that :func:`__getattr__` hands out, so ``dir(planparse)`` and tab completion list
    them before their first use."""
    return sorted(set(globals()) | set(__all__))


def __getattr__(name: str) -> Any:
    # Lazy: `planparse --help` must not pay for pydantic, pandas or dateparser.
    if name in ("convert", "read", "to_frames"):
        from . import api

        return getattr(api, name)
    if name in ("Plans", "ReadError"):
        from . import reading

        return getattr(reading, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name in ("diff", "diff_series", "changes_frame"):
        # The module planparse.diff is itself callable (see planparse/diff.py); hand out
        # the function so that both spellings behave the same.
        import importlib

        module = importlib.import_module(f"{__name__}.diff")
        return getattr(module, name)
    raise AttributeError(name)
