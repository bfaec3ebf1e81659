"""Files → plans: the batch runner, and the only place that catches whole-file failures.

The work on one file is a pure function of (file bytes, settings), :func:`convert_one`, so
it runs the same in this process, in a local process pool (pebble: a file that hangs past
``timeout`` is ended and recorded) or on a dask cluster. Results are put back in input
order whatever order they finish in, so outputs are identical for any number of workers.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest import IngestError, OcrSettings, stream_document
from normalise import (
    CONTRACT_VERSION,
    Issue,
    Options,
    Plan,
    Severity,
    actions_of,
    decode_records,
    document_to_records,
    encode_records,
)

from .cache import Cache, entry_key
from .inputs import FileResult, InputFile, collect_inputs
from .limits import DEFAULT_MAX_MEMORY, limit_memory, memory_message

__all__ = ["FileResult", "InputFile", "RunResult", "collect_inputs", "convert_one", "run"]

#: A file still being converted after this many seconds is ended (local pool only).
DEFAULT_TIMEOUT = 600.0


@dataclass(slots=True)
class RunResult:
    """Everything a run produced: plans, issues attached to no plan, per-file results.

    The plans are :class:`~normalise.StoredPlan` objects, their actions kept as compact
    JSON so that a long document costs little memory: reach the actions with
    :func:`normalise.actions_of`, or make a whole plan with :func:`normalise.materialise`
    (what :func:`planparse.read` returns).
    """

    plans: list[Plan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    stopped_early: bool = False
    #: Identifies the inputs and settings of the run (None when no cache was kept).
    fingerprint: str | None = None

    @property
    def all_issues(self) -> list[Issue]:
        """Plan issues and file issues together, in output order."""
        return [i for p in self.plans for i in p.issues] + self.issues

    @property
    def failed(self) -> list[FileResult]:
        """Files that could not be read."""
        return [f for f in self.files if f.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when all went well; 1 when a file failed or an error-level issue was found."""
        bad = self.failed or any(i.severity is Severity.error for i in self.all_issues)
        return 1 if bad or self.stopped_early else 0

    def summary(self) -> str:
        """What a person reads at the end of a run: counts, then issues by code."""
        counts = Counter(f.status for f in self.files)
        cached = sum(1 for f in self.files if f.cached)
        actions = sum(p.action_count for p in self.plans)
        entries = sum(len(a.entries) for p in self.plans for a in actions_of(p))
        codes = Counter(i.code for i in self.all_issues)
        line = (f"{counts['converted']} converted"
                + (f" ({cached} from the resume cache)" if cached else "")
                + f", {counts['failed']} failed, {counts['skipped']} skipped: "
                f"{len(self.plans)} plan(s), {actions} actions, {entries} progress entries, "
                f"{len(self.all_issues)} issue(s)")
        if codes:
            line += "\nissues by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
        return line

    def run_json(self, settings: Mapping[str, Any], outputs: Sequence[str] = (),
                 outputs_fingerprint: str | None = None) -> bytes:
        """``run.json``: tool version, settings, per file its status, error, counts and
        seconds, and the output files with the fingerprint of what made them."""
        from . import __version__

        doc = {"planparse_version": __version__, "contract_version": CONTRACT_VERSION,
               "settings": dict(settings), "exit_code": self.exit_code,
               "stopped_early": self.stopped_early, "outputs": list(outputs),
               "outputs_fingerprint": outputs_fingerprint,
               "files": [asdict(f) for f in self.files]}
        return json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n"


#: What a file that gave nothing hands back (see :func:`normalise.encode_records`).
_EMPTY = encode_records([], [])


@dataclass(frozen=True, slots=True)
class Job:
    """One file to convert, with everything the worker needs."""

    item: InputFile
    options: Options
    encoding: str | None
    salt: str
    password: str | None = None
    max_pages: int | None = None
    ocr: OcrSettings | None = None


def convert_one(job: Job) -> dict[str, Any]:
    """Read and normalise one file; never raises. Returns a plain dict (cheap to pickle
    for any executor): status, code, message, seconds, and ``records``, the file's
    records as bytes (:func:`normalise.encode_records`)."""
    start = time.perf_counter()
    try:
        # A stream: a long PDF goes through a page at a time, never whole in memory.
        doc = stream_document(job.item.path, encoding=job.encoding,
                              display_name=job.item.name, password=job.password,
                              max_pages=job.max_pages, ocr=job.ocr)
        digest = doc.document.sha256
        if job.salt:
            # A second copy of the same file (content and base name) in one run: ids must
            # stay unique within the run.
            doc.document = replace(doc.document, sha256=hashlib.sha256(
                f"{digest}:{job.salt}".encode()).hexdigest())
        plans, issues = document_to_records(doc, job.options)
    except IngestError as exc:
        return _failed(exc.code, exc.problem, start)
    except OSError as exc:
        return _failed("unreadable-file", exc.strerror or str(exc), start)
    except RecursionError:
        return _failed("too-complex", "the document is nested too deeply to read", start)
    except MemoryError:  # past the worker's cap (planparse.limits): this file only
        return _failed("too-complex", memory_message(), start)
    except Exception as exc:  # a bug of ours must cost one file, not the batch
        return _failed("internal-error", f"planparse could not read this file "
                       f"({type(exc).__name__}: {exc}); please report it", start)
    # The actions are JSON already; the bytes are little more than a copy of them.
    records = encode_records(plans, issues)
    del plans, issues
    return {"status": "converted", "code": "", "message": "", "records": records,
            "seconds": time.perf_counter() - start, "digest": digest}


def _failed(code: str, message: str, start: float) -> dict[str, Any]:
    return {"status": "failed", "code": code, "message": message, "records": _EMPTY,
            "seconds": time.perf_counter() - start}


def settings_key(options: Options, encoding: str | None, password: str | None = None,
                 max_pages: int | None = None, ocr: str = "auto") -> str:
    """Everything besides the file's bytes that changes its records."""
    from . import __version__

    as_of = options.as_of if isinstance(options.as_of, str) else (
        options.as_of.isoformat() if options.as_of else None)
    return json.dumps({"v": __version__, "contract": CONTRACT_VERSION,
                       "date_order": options.date_order, "aliases": sorted(
                           options.aliases.items()), "colour_key": sorted(
                           (k, v.value) for k, v in options.colour_key.items()),
                       "as_of": as_of, "stale_days": options.stale_days,
                       "encoding": encoding, "password": bool(password),
                       "max_pages": max_pages, "ocr": ocr,
                       # The form of the records a cache entry holds.
                       "records": "tagged-lines"}, sort_keys=True)


def run(paths: Sequence[str | Path], options: Options | None = None, *,
        encoding: str | None = None,
        on_file: Callable[[FileResult], None] | None = None,
        names: Mapping[str, str] | None = None,
        include: Sequence[str] = (), exclude: Sequence[str] = (),
        workers: int = 1, timeout: float | None = None, executor: str = "local",
        scheduler: str | None = None, cache_dir: Path | None = None, resume: bool = False,
        fail_fast: bool = False, password: str | None = None,
        max_pages: int | None = None, ocr: str = "auto",
        on_total: Callable[[int], None] | None = None,
        max_memory: int | None = DEFAULT_MAX_MEMORY) -> RunResult:
    """Convert every input; a failing file becomes a result and an issue, never an
    exception.

    ``password`` and ``max_pages`` apply to PDFs. ``workers`` > 1 or a ``timeout`` uses a
    process pool; ``executor="dask"`` a dask
    cluster (``scheduler`` to join one). ``cache_dir`` stores each file's records as it
    ends; with ``resume`` unchanged files are taken from there. ``on_file`` is called
    after each file and ``on_total`` once with the number of files (for progress display).
    ``fail_fast`` stops at the first failure. ``max_memory`` caps each worker process
    of the local pool (:mod:`planparse.limits`; None: no cap).
    """
    options = options or Options()
    inputs, skipped = collect_inputs(paths, names, include=include, exclude=exclude,
                                     outputs=[cache_dir] if cache_dir is not None else [])
    if on_total:
        on_total(len(inputs))  # for a progress bar: the inputs are walked only here
    result = RunResult(files=list(skipped))
    settings = settings_key(options, encoding, password, max_pages, ocr)
    cache = Cache(cache_dir) if cache_dir is not None else None
    salts = _salts(inputs)
    scans = OcrSettings(ocr, cache.root / "ocr" if cache else None)  # OCR'd pages by hash
    jobs = [Job(item, options, encoding, salt, password, max_pages, scans)
            for item, salt in zip(inputs, salts, strict=True)]
    outcomes: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    keys: dict[int, str] = {}
    for i, job in enumerate(jobs):
        hit = None
        if cache and resume:
            # Resuming needs every file's digest up front, to look the file up.
            keys[i] = entry_key(_digest(job.item.path), settings, job.item.name, job.salt)
            hit = cache.load(keys[i])
        if hit is not None:
            outcomes[i] = {**hit, "cached": True}
            _report(result, job, outcomes[i], on_file)
        else:
            todo.append(i)
    for i, outcome in _execute([jobs[i] for i in todo], todo, workers, timeout, executor,
                               scheduler, max_memory):
        outcomes[i] = outcome
        if cache and outcome["code"] not in ("timeout", "worker-crashed"):
            job = jobs[i]
            digest = outcome.get("digest") or _digest(job.item.path)
            keys[i] = entry_key(digest, settings, job.item.name, job.salt)
            cache.store(keys[i], outcome)
        _report(result, jobs[i], outcome, on_file)
        if fail_fast and outcome["status"] == "failed":
            result.stopped_early = True
            break
    if cache is not None and len(keys) == len(jobs) and not result.stopped_early:
        result.fingerprint = hashlib.sha256("\n".join(
            [keys[i] for i in range(len(jobs))] + [f.source_file for f in skipped])
            .encode()).hexdigest()
    result.files = list(skipped)
    for i in sorted(outcomes):
        # Popped: each file's bytes go once its records are read back.
        _collect(result, jobs[i], outcomes.pop(i))
    result.files.sort(key=lambda f: f.source_file)
    from normalise.records import merge_record_pages

    result.plans = merge_record_pages(result.plans, options.as_of, options.stale_days)
    return result


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _salts(inputs: Sequence[InputFile]) -> list[str]:
    """A salt for each second copy of a file (same bytes and base name) in the run, so
    that ids stay unique. Only files of equal size and name can be copies, so only those
    are hashed here; the workers hash the rest as they read them."""
    by_size = Counter((_size(f.path), f.path.name) for f in inputs)
    seen: set[tuple[str, str]] = set()
    salts = []
    for f in inputs:
        salt = ""
        if by_size[(_size(f.path), f.path.name)] > 1:
            same = (_digest(f.path), f.path.name)
            salt = f.name if same in seen else ""
            seen.add(same)
        salts.append(salt)
    return salts


def _report(result: RunResult, job: Job, outcome: dict[str, Any],
            on_file: Callable[[FileResult], None] | None) -> None:
    if on_file:
        on_file(_file_result(job, outcome))


def _file_result(job: Job, outcome: dict[str, Any], plans: Sequence[Plan] = ()
                 ) -> FileResult:
    return FileResult(job.item.name, outcome["status"], outcome["code"], outcome["message"],
                      plans=len(plans), actions=sum(p.action_count for p in plans),
                      seconds=round(outcome["seconds"], 3), cached=outcome.get("cached", False))


def _collect(result: RunResult, job: Job, outcome: dict[str, Any]) -> None:
    plans, issues = decode_records(outcome["records"])
    result.files.append(_file_result(job, outcome, plans))
    result.plans.extend(plans)
    result.issues.extend(issues)
    if outcome["status"] == "failed":
        result.issues.append(Issue(source_file=job.item.name, code=outcome["code"],
                                   severity=Severity.error, message=outcome["message"]))


def _execute(jobs: list[Job], index: list[int], workers: int, timeout: float | None,
             executor: str, scheduler: str | None, max_memory: int | None = None
             ) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (input index, outcome) as files finish."""
    if not jobs:
        return
    # Largest files first, so one big file does not run alone at the end while the other
    # workers idle (results are put back in input order afterwards).
    order = sorted(range(len(jobs)), key=lambda k: -_size(jobs[k].item.path))
    jobs, index = [jobs[k] for k in order], [index[k] for k in order]
    if executor == "dask":
        yield from _dask(jobs, index, workers, scheduler)
    elif workers <= 1 and timeout is None:
        for i, job in zip(index, jobs, strict=True):
            yield i, convert_one(job)
    else:
        yield from _pool(jobs, index, workers, timeout, max_memory)


def warm_up() -> None:
    """Import the readers and load dateparser's English data once, before worker processes
    are forked, so that each worker inherits them instead of paying for them again."""
    import docx  # noqa: F401
    import lxml.html  # noqa: F401
    import openpyxl  # noqa: F401

    import ingest.docx
    import ingest.html
    import ingest.sheets  # noqa: F401
    from normalise.dates import parse_token

    parse_token("14th November 2019", "dmy_text")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _pool(jobs: list[Job], index: list[int], workers: int, timeout: float | None,
          max_memory: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures import as_completed

    from pebble import ProcessExpired, ProcessPool

    warm_up()
    with ProcessPool(max_workers=max(1, workers), initializer=limit_memory,
                     initargs=(max_memory,)) as pool:
        futures = {pool.schedule(convert_one, args=(job,), timeout=timeout): i
                   for i, job in zip(index, jobs, strict=True)}
        try:
            for future in as_completed(futures):
                i = futures[future]
                try:
                    yield i, future.result()
                except FutureTimeout:
                    yield i, _failed("timeout", f"still converting after {timeout:g} s; "
                                     "ended (raise --timeout for very large files)", 0.0)
                except ProcessExpired as exc:
                    yield i, _failed("worker-crashed", f"the worker converting this file died "
                                     f"(exit code {exc.exitcode}); the file may be too large "
                                     "for memory", 0.0)
        finally:
            pool.stop()
            pool.join()


def _dask(jobs: list[Job], index: list[int], workers: int, scheduler: str | None
          ) -> Iterator[tuple[int, dict[str, Any]]]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(convert_one, job, pure=False): i
                   for i, job in zip(index, jobs, strict=True)}
        for future in as_completed(list(futures)):
            yield futures[future], future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

