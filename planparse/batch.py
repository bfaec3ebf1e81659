"""Files → plans: the batch runner, and the only place that catches whole-file failures.

The work on one file is a pure function of (file bytes, settings), :func:`convert_one`, so
it runs the same in this process, in a local process pool (pebble: a file that hangs past
``timeout`` is ended and recorded) or on a dask cluster. Results are put back in input
order whatever order they finish in, so outputs are identical for any number of workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ingest import IngestError, OcrSettings, stream_document
from ingest.detect import TEXT_SUFFIXES
from ingest.ocr import page_threads
from ingest.read import HTML_SUFFIXES, PDF_SUFFIXES, SHEET_SUFFIXES, WORD_SUFFIXES
from normalise import (
    CONTRACT_VERSION,
    Issue,
    Options,
    Plan,
    Severity,
    document_to_records,
    encode_records,
)
from normalise.stored import PlanRecords

from .cache import Cache, entry_key
from .inputs import FileResult, InputFile, collect_inputs
from .limits import capped, limit_memory, memory_message
from .local import Overran, can_time_out, deadline
from .settings import Settings
from .workers import run_collected

__all__ = ["FileResult", "InputFile", "RunResult", "collect_inputs", "convert_one", "guarded",
           "run"]


@dataclass(slots=True)
class RunResult:
    """Everything a run produced: plans, issues attached to no plan, per-file results.

    The records are :class:`~normalise.stored.PlanRecords`: the plans' own fields in
    memory, their actions in one spool file, read back once when the outputs are
    written. :attr:`plans` makes the plans whole (what :func:`planparse.read` returns).
    """

    records: PlanRecords = field(default_factory=PlanRecords)
    issues: list[Issue] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    stopped_early: bool = False
    #: Identifies the inputs and settings of the run (None when no cache was kept).
    fingerprint: str | None = None

    @property
    def plans(self) -> list[Plan]:
        """Every plan whole, its actions decoded from the spool (each call reads it
        again: to write outputs, pass :attr:`records`)."""
        return self.records.plans()

    @property
    def headers(self) -> list[Plan]:
        """Each plan's own fields, without its actions (nothing decoded)."""
        return self.records.headers

    @property
    def all_issues(self) -> list[Issue]:
        """Plan issues and file issues together, in output order."""
        return [i for p in self.headers for i in p.issues] + self.issues

    @property
    def failed(self) -> list[FileResult]:
        """Files that could not be read."""
        return [f for f in self.files if f.status == "failed"]

    @property
    def partial_plans(self) -> list[str]:
        """The ids of the plans that are partial: a table after the plan, in the same file,
        was dropped (``plan-part-dropped``) or looks like a part of it (a warning-level
        ``not-an-action-plan``; see :func:`normalise.plans._rejected`). Each such table is
        laid to the plan of its file that starts before it, the nearest."""
        by_file: dict[str, list[Plan]] = {}
        for plan in self.headers:
            by_file.setdefault(plan.source_file, []).append(plan)
        partial: dict[str, None] = {}  # a dict keeps the plans in output order
        for issue in self.all_issues:
            if not _partial_sign(issue):
                continue
            before = [p for p in by_file.get(issue.source_file, [])
                      if issue.table_index is not None and p.table_index < issue.table_index]
            if before:
                partial[max(before, key=lambda p: p.table_index).plan_id] = None
        return list(partial)

    @property
    def exit_code(self) -> int:
        """0 when all went well; 1 when a file failed or an error-level issue was found."""
        bad = self.failed or any(i.severity is Severity.error for i in self.all_issues)
        return 1 if bad or self.stopped_early else 0

    def summary(self) -> str:
        """What a person reads at the end of a run: counts, then issues by code."""
        counts = Counter(f.status for f in self.files)
        cached = sum(1 for f in self.files if f.cached)
        actions = sum(p.action_count for p in self.headers)
        entries = self.records.entry_count
        if entries is None:  # the records have not been read through yet
            entries = sum(len(a.entries) for _, acts in self.records for a in acts)
        codes = Counter(i.code for i in self.all_issues)
        line = (f"{counts['converted']} converted"
                + (f" ({cached} from the resume cache)" if cached else "")
                + f", {counts['failed']} failed, {counts['skipped']} skipped: "
                f"{len(self.headers)} plan(s), {actions} actions, {entries} progress entries, "
                f"{len(self.all_issues)} issue(s)")
        if codes:
            line += "\nissues by code: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
        partial = len(self.partial_plans)
        if partial:
            line += (f"\n{partial} partial plan{'' if partial == 1 else 's'} "
                     "(tables dropped: see issues.csv)")
        return line

    def run_json(self, settings: Mapping[str, Any], outputs: Sequence[str] = (),
                 outputs_fingerprint: str | None = None) -> bytes:
        """``run.json``: tool version, settings, per file its status, error, counts and
        seconds, and the output files with the fingerprint of what made them."""
        from . import __version__

        counts = Counter(f.status for f in self.files)
        summary = {"converted": counts["converted"], "failed": counts["failed"],
                   "skipped": counts["skipped"], "plans": len(self.headers),
                   "actions": sum(p.action_count for p in self.headers),
                   "partial_plans": len(self.partial_plans)}
        doc = {"planparse_version": __version__, "contract_version": CONTRACT_VERSION,
               "settings": dict(settings), "exit_code": self.exit_code, "summary": summary,
               "stopped_early": self.stopped_early, "outputs": list(outputs),
               "outputs_fingerprint": outputs_fingerprint,
               "files": [asdict(f) for f in self.files]}
        return json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n"


def _partial_sign(issue: Issue) -> bool:
    """Whether a file-level issue says the plan before its table is partial (the warning
    level of ``not-an-action-plan`` is only given to a table after a plan)."""
    return issue.code == "plan-part-dropped" or (
        issue.code == "not-an-action-plan" and issue.severity is Severity.warning)


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


T = TypeVar("T")


def guarded(work: Callable[[], T]) -> tuple[T | None, str, str]:
    """``(work(), "", "")``, or ``(None, code, message)`` when reading the file failed:
    the one place a whole file's failure is turned into a result (the batch's workers and
    ``planparse tables`` both come here)."""
    try:
        return work(), "", ""
    except IngestError as exc:
        return None, exc.code, exc.problem
    except OSError as exc:
        return None, "unreadable-file", exc.strerror or str(exc)
    except RecursionError:
        return None, "too-complex", "the document is nested too deeply to read"
    except MemoryError:  # past the worker's cap (planparse.limits): this file only
        return None, "too-complex", memory_message()
    except Exception as exc:  # a bug of ours must cost one file, not the batch
        return None, "internal-error", (f"planparse could not read this file "
                                        f"({type(exc).__name__}: {exc}); please report it")


def convert_one(job: Job) -> dict[str, Any]:
    """Read and normalise one file; never raises. Returns a plain dict (cheap to pickle
    for any executor): status, code, message, seconds, and ``records``, the file's
    records as bytes (:func:`normalise.encode_records`)."""
    start = time.perf_counter()

    def work() -> tuple[bytes, str]:
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
        # The actions are JSON already; the bytes are little more than a copy of them.
        return encode_records(plans, issues), digest

    done, code, message = guarded(work)
    if done is None:
        return _failed(code, message, start)
    records, digest = done
    return {"status": "converted", "code": "", "message": "", "records": records,
            "seconds": time.perf_counter() - start, "digest": digest}


def _failed(code: str, message: str, start: float) -> dict[str, Any]:
    return {"status": "failed", "code": code, "message": message, "records": _EMPTY,
            "seconds": time.perf_counter() - start}


def run(paths: Sequence[str | Path], settings: Settings | None = None, *,
        on_file: Callable[[FileResult], None] | None = None,
        names: Mapping[str, str] | None = None, cache_dir: Path | None = None,
        on_total: Callable[[int], None] | None = None, **kw: Any) -> RunResult:
    """Convert every input; a failing file becomes a result and an issue, never an
    exception.

    ``settings`` (:class:`~planparse.settings.Settings`; keyword options such as
    ``workers=2`` are turned into one) say how: ``workers`` > 1 and more than one file
    use a process pool of ``min(workers, files)`` (one file, or one worker, is converted in
    this process, its ``timeout`` kept by :mod:`planparse.local`), ``executor="dask"`` a
    dask cluster (``scheduler`` to join one); ``fail_fast`` stops at the first failure;
    ``max_memory`` caps each worker process of the local pool, or each file converted in
    this process (:mod:`planparse.limits`). ``cache_dir`` stores each file's records
    as it ends; with ``resume`` unchanged files are taken from there. ``on_file`` is
    called after each file and ``on_total`` once with the number of files (for progress
    display).
    """
    settings = Settings.make(settings, **kw)
    options = settings.options()
    workers = settings.workers or os.cpu_count() or 1
    inputs, skipped = collect_inputs(paths, names, include=settings.include,
                                     exclude=settings.exclude,
                                     outputs=[cache_dir] if cache_dir is not None else [])
    if on_total:
        on_total(len(inputs))  # for a progress bar: the inputs are walked only here
    result = RunResult(records=PlanRecords(options.stale_days, None if cache_dir is None
                                           else Cache(cache_dir).root),
                       files=list(skipped))
    key = settings.key()
    cache = Cache(cache_dir) if cache_dir is not None else None
    salts = _salts(inputs)
    scans = OcrSettings(settings.ocr, cache.root / "ocr" if cache else None)  # pages by hash
    jobs = [Job(item, options, settings.encoding, salt, settings.password,
                settings.max_pages, scans)
            for item, salt in zip(inputs, salts, strict=True)]
    outcomes: dict[int, dict[str, Any]] = {}
    todo: list[int] = []
    keys: dict[int, str] = {}
    for i, job in enumerate(jobs):
        hit = None
        if cache and settings.resume:
            # Resuming needs every file's digest up front, to look the file up.
            keys[i] = entry_key(_digest(job.item.path), key, job.item.name, job.salt)
            hit = cache.load(keys[i])
        if hit is not None:
            outcomes[i] = _spooled(result, i, {**hit, "cached": True})
            _report(result, job, outcomes[i], on_file)
        else:
            todo.append(i)
    # Workers the files to do leave idle OCR a file's pages in parallel (threads).
    threads = page_threads(workers, len(todo), settings.executor)
    if threads > 1:
        for i in todo:
            jobs[i] = replace(jobs[i], ocr=replace(scans, threads=threads))
    for i, outcome in _execute([jobs[i] for i in todo], todo, workers, settings.timeout,
                               settings.executor, settings.scheduler, settings.max_memory):
        if cache and outcome["code"] not in ("timeout", "worker-crashed"):
            job = jobs[i]
            digest = outcome.get("digest") or _digest(job.item.path)
            keys[i] = entry_key(digest, key, job.item.name, job.salt)
            cache.store(keys[i], outcome)
        outcomes[i] = _spooled(result, i, outcome)
        _report(result, jobs[i], outcome, on_file)
        if settings.fail_fast and outcome["status"] == "failed":
            result.stopped_early = True
            break
    if cache is not None and len(keys) == len(jobs) and not result.stopped_early:
        result.fingerprint = hashlib.sha256("\n".join(
            [keys[i] for i in range(len(jobs))] + [f.source_file for f in skipped])
            .encode()).hexdigest()
    result.files = list(skipped)
    result.records.in_order()
    for i in sorted(outcomes):
        _collect(result, jobs[i], outcomes.pop(i))
    result.files.sort(key=lambda f: f.source_file)
    _merge_pages(result.records, options)
    return result


def _merge_pages(records: PlanRecords, options: Options) -> None:
    """Plans published one action per page, merged (:mod:`normalise.records`): the
    one-action plans are made whole first; every other plan stays in the spool."""
    from normalise.records import merge_record_pages

    plans = [records.hold(k) if h.action_count == 1 else h
             for k, h in enumerate(records.headers)]
    records.replace_plans(merge_record_pages(plans, options.as_of, options.stale_days))


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


def _spooled(result: RunResult, index: int, outcome: dict[str, Any]) -> dict[str, Any]:
    """The outcome with its records' bytes gone to the spool as the file ends (put in
    input order later, :meth:`PlanRecords.in_order`): a run holds no file's bytes while
    it waits for the files before it. Only the plans' own fields are decoded; they stay
    on the outcome (``plans``, ``issues``) for :func:`_collect`."""
    plans, issues = result.records.add(outcome["records"], index)
    return {**{k: v for k, v in outcome.items() if k != "records"},
            "plans": plans, "issues": issues}


def _collect(result: RunResult, job: Job, outcome: dict[str, Any]) -> None:
    plans, issues = outcome["plans"], outcome["issues"]
    result.files.append(_file_result(job, outcome, plans))
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
        yield from _dask(jobs, index, workers, scheduler, timeout, max_memory)
    elif (workers <= 1 or len(jobs) == 1) and (timeout is None or can_time_out()):
        # One file, or one worker: a pool would only add its start-up (issue 17).
        yield from _in_process(jobs, index, timeout, max_memory)
    else:
        yield from _pool(jobs, index, min(workers, len(jobs)), timeout, max_memory)


def _in_process(jobs: list[Job], index: list[int], timeout: float | None,
                max_memory: int | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Convert in this process, each file under the timeout and the memory cap a worker
    would have had (:mod:`planparse.local`, :func:`planparse.limits.capped`); both are
    lifted between files, while the caller handles each result."""
    for i, job in zip(index, jobs, strict=True):
        start = time.perf_counter()
        try:
            with capped(max_memory), deadline(timeout):
                outcome = run_collected(convert_one, job)
        except Overran:
            outcome = _timed_out(timeout, start)
        yield i, outcome


def _timed_out(timeout: float | None, start: float) -> dict[str, Any]:
    return _failed("timeout", f"still converting after {timeout:g} s; ended (raise "
                   "--timeout for very large files)", start)


#: Suffix → the modules its reader imports, at once or on first use, for :func:`warm_up`.
_READERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(WORD_SUFFIXES | {".doc", ".odt", ".rtf"}, ("docx", "ingest.docx")),
    **dict.fromkeys(HTML_SUFFIXES, ("lxml.html", "ingest.html", "tinycss2", "webcolors")),
    **dict.fromkeys(SHEET_SUFFIXES | {".xls", ".ods"}, ("openpyxl", "ingest.sheets")),
    **dict.fromkeys(PDF_SUFFIXES, ("ingest.pdf", "pdfplumber")),
    **dict.fromkeys(TEXT_SUFFIXES, ("charset_normalizer",)),
}
#: What every file's normalising imports on first use.
_NORMALISING = ("normalise.plans", "normalise.records", "normalise.colours", "rapidfuzz.fuzz",
                "rapidfuzz.process")


def warm_up(suffixes: Iterable[str] = ()) -> None:
    """Import the readers for the given file suffixes and what normalising loads on first
    use (dateparser's English data, the word list), once, before worker processes are
    forked, so that each worker inherits them instead of paying for them again in every
    run (a worker forked from a warm process starts warm; issue 17). Only the readers the
    inputs need: openpyxl alone took 184 ms of every run. A file whose content is not what
    its suffix says still imports its reader, in the worker."""
    import importlib

    for name in sorted({m for s in suffixes for m in _READERS.get(s.lower(), ())}
                       | set(_NORMALISING)):
        importlib.import_module(name)
    from normalise.dates import parse_token
    from normalise.wordlist import zipf

    parse_token("14th November 2019", "dmy_text")
    zipf("plan")


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

    warm_up({job.item.path.suffix for job in jobs})
    # Not ``with``: its exit would join the pool in this thread (see the ``finally``).
    pool = ProcessPool(max_workers=max(1, workers), initializer=_worker_start,
                       initargs=(max_memory,))
    pool_start = time.perf_counter()
    try:
        futures = {pool.schedule(run_collected, args=(convert_one, job), timeout=timeout): i
                   for i, job in zip(index, jobs, strict=True)}
        for future in as_completed(futures):
            # Popped, not looked up: a finished future holds its file's records, and the
            # dict would keep every one of them until the last file ended (the parent's
            # memory grew with the archive: 81 MB peak for 2,000 documents, 25 for 200).
            i = futures.pop(future)
            try:
                yield i, future.result()
            except FutureTimeout:
                # It ran for the whole timeout (pebble counts from when it started).
                yield i, _timed_out(timeout, time.perf_counter() - (timeout or 0.0))
            except ProcessExpired as exc:
                yield i, _failed("worker-crashed", f"the worker converting this file died "
                                 f"(exit code {exc.exitcode}); the file may be too large "
                                 "for memory", pool_start)  # its start: at most the pool's
    finally:
        pool.stop()
        # Joining waits for pebble's manager thread to wake (it polls every 0.1 s), then
        # for each worker to exit: done beside the caller, which writes the outputs
        # meanwhile, instead of before it. Not a daemon: the interpreter waits for it at
        # exit, so no worker outlives the run.
        threading.Thread(target=pool.join, name="planparse-pool-join").start()


def _worker_start(max_memory: int | None) -> None:
    """A pool worker's start: let go of the parent's output lock (see
    :func:`planparse.outputs.release_inherited_locks`), then cap its memory."""
    from .outputs import release_inherited_locks

    release_inherited_locks()
    limit_memory(max_memory)


def _dask(jobs: list[Job], index: list[int], workers: int, scheduler: str | None,
          timeout: float | None, max_memory: int | None = None
          ) -> Iterator[tuple[int, dict[str, Any]]]:
    # A worker that dies costs its file; a file past its timeout is ended (see there).
    from .dask_run import run_on_dask

    yield from run_on_dask(jobs, index, workers, scheduler, timeout, max_memory)
