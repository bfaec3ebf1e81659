"""What one worker process may use: a cap on its memory, set when the worker starts.

A few kilobytes of hostile input can ask a reader for gigabytes. The readers refuse the
shapes they know of (spans and grids past a limit, zip bombs); this cap is the backstop for
the ones nobody has thought of: past it an allocation fails with :class:`MemoryError`, which
the batch records as that file's ``too-complex`` failure, and the other files go on.

The cap is on the address space (``RLIMIT_AS``) a worker may add to what it holds when it
starts (the imports it shares with the parent), so a cap smaller than the interpreter itself
cannot break every worker. It is set in worker processes for their lifetime; when a file
is converted in the process that called :func:`planparse.batch.run` (one file, or one
worker) it is set around that file only (:func:`capped`) and put back after.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

#: The default cap: far above what a real plan needs (a 200-page PDF takes a few hundred
#: MB), far below what the machine has with a worker per core.
DEFAULT_MAX_MEMORY = 4 * 1024**3

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)
_UNITS = {"": 1024**2, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int | None:
    """``"4G"``, ``"512M"``, ``"1.5GiB"`` → bytes; a bare number is MiB; ``"0"``,
    ``"none"`` or ``"off"`` → ``None`` (no cap). Raises ``ValueError`` naming the text."""
    if text.strip().lower() in ("0", "none", "off", "unlimited"):
        return None
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a size; use e.g. 4G or 512M")
    size = int(float(m.group(1)) * _UNITS[m.group(2).upper()])
    if size < 64 * 1024**2:
        raise ValueError(f"'{text}' is too little for a worker; give at least 64M")
    return size


#: The cap this worker was given (for the message of a file that reached it).
_cap: int | None = None


def _address_space() -> int:
    """This process's current virtual size in bytes (0 where /proc is not there)."""
    import os
    from pathlib import Path

    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space at its current size plus ``max_bytes`` (None: no
    cap). Meant as a worker's initializer. Where the platform has no ``resource`` module
    (Windows) nothing is capped."""
    global _cap
    if max_bytes is None:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + max_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    _cap = max_bytes


def memory_message() -> str:
    """The one line for a file that ran out of the worker's memory."""
    cap = f"the {_cap / 1024**3:.3g} GiB a worker may use" if _cap else "the memory there is"
    return (f"reading it needs more than {cap}; it may be built to exhaust memory "
            "(raise --max-memory for a genuine document this large)")


@contextlib.contextmanager
def capped(max_bytes: int | None) -> Iterator[None]:
    """The cap of :func:`limit_memory` for the duration of the block only, in this
    process: for a file converted in the caller's own process (one file, or ``-j 1``),
    where there is no worker to cap. The soft limit is lowered and then put back as it
    was (an unprivileged process may raise its soft limit up to the hard one)."""
    global _cap
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        resource = None  # type: ignore[assignment]
    if max_bytes is None or resource is None:
        yield
        return
    before = resource.getrlimit(resource.RLIMIT_AS)
    kept = _cap
    limit_memory(max_bytes)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)
        _cap = kept
