"""What :func:`planparse.read` returns and raises when files cannot be read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from normalise import Issue, Plan

from .inputs import FileResult

#: How :func:`planparse.read` treats a file it cannot read.
Errors = Literal["ignore", "raise", "collect"]
ERRORS: tuple[str, ...] = ("ignore", "raise", "collect")


class ReadError(ValueError):
    """A file could not be read (``read(..., errors="raise")``). The message names the
    file and the problem, as ``planparse convert`` prints it; :attr:`failures` holds the
    failed files and :attr:`plans` what was read before the run stopped."""

    def __init__(self, failures: Sequence[FileResult], plans: Sequence[Plan] = ()) -> None:
        self.failures = list(failures)
        self.plans = list(plans)
        first = self.failures[0]
        more = len(self.failures) - 1
        super().__init__(f"{first.source_file}: {first.message} ({first.code})"
                         + (f"; and {more} more file(s)" if more else ""))


class Plans(list[Plan]):
    """The plans read (``read(..., errors="collect")``): a list like any other, with
    :attr:`failures`, one :class:`~planparse.inputs.FileResult` (``source_file``,
    ``code``, ``message``) per file that could not be read, and :attr:`issues`, the
    issues attached to no plan (an unreadable file's among them)."""

    failures: list[FileResult]
    issues: list[Issue]

    def __init__(self, plans: Iterable[Plan] = (), failures: Iterable[FileResult] = (),
                 issues: Iterable[Issue] = ()) -> None:
        super().__init__(plans)
        self.failures = list(failures)
        self.issues = list(issues)
