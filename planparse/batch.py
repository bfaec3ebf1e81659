"""Files → plans → outputs. The only place that catches whole-file failures."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest import IngestError, UnsupportedFormatError, is_supported, read_document
from normalise import Issue, Options, Plan, Severity, document_to_plans


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to convert: where it is and the name recorded as ``source_file``."""

    path: Path
    name: str


@dataclass(slots=True)
class FileResult:
    """What happened to one file."""

    source_file: str
    status: str  # "converted", "failed" or "skipped"
    code: str = ""
    message: str = ""
    plans: int = 0
    actions: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class RunResult:
    """Everything a run produced: plans, issues attached to no plan, per-file results."""

    plans: list[Plan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)

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
        return 1 if bad else 0

    def summary(self) -> str:
        """One line a person reads at the end of a run."""
        counts = Counter(f.status for f in self.files)
        actions = sum(p.action_count for p in self.plans)
        entries = sum(len(a.entries) for p in self.plans for a in p.actions)
        by_sev = Counter(i.severity.value for i in self.all_issues)
        sev = ", ".join(f"{n} {s}" for s, n in sorted(by_sev.items()))
        return (f"{counts['converted']} converted, {counts['failed']} failed, "
                f"{counts['skipped']} skipped: {len(self.plans)} plan(s), {actions} actions, "
                f"{entries} progress entries, {len(self.all_issues)} issue(s)"
                + (f" ({sev})" if sev else ""))


def collect_inputs(paths: Iterable[str | Path], names: Mapping[str, str] | None = None
                   ) -> tuple[list[InputFile], list[FileResult]]:
    """Expand files and folders (recursively) into supported input files, sorted so runs
    are reproducible; unsupported files come back as skipped results. ``names`` gives the
    recorded name of a path that should not be recorded as given (standard input)."""
    files: list[InputFile] = []
    skipped: list[FileResult] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
            candidates = [InputFile(q, (p / q.relative_to(p)).as_posix()) for q in found]
        else:
            candidates = [InputFile(p, (names or {}).get(str(given), str(given)))]
        for c in candidates:
            if is_supported(c.path):
                files.append(c)
            else:
                skipped.append(FileResult(c.name, "skipped", UnsupportedFormatError.code,
                                          f"'{c.path.suffix or c.path.name}' files are not "
                                          "supported"))
    unique = {f.name: f for f in files}
    return sorted(unique.values(), key=lambda f: f.name), skipped


def convert_file(item: InputFile, options: Options, *, encoding: str | None = None,
                 id_salt: str = "") -> tuple[list[Plan], list[Issue]]:
    """Read and normalise one file. Raises :class:`~ingest.IngestError` on failure."""
    doc = read_document(item.path, encoding=encoding, display_name=item.name)
    if id_salt:
        # A second copy of the same file in one run: ids must stay unique in the run.
        from dataclasses import replace

        doc = replace(doc, sha256=hashlib.sha256(f"{doc.sha256}:{id_salt}".encode())
                      .hexdigest())
    return document_to_plans(doc, options)


def run(paths: Sequence[str | Path], options: Options | None = None, *,
        encoding: str | None = None,
        on_file: Callable[[FileResult], None] | None = None,
        names: Mapping[str, str] | None = None) -> RunResult:
    """Convert every input; a failing file becomes a result and an issue, never an
    exception. ``on_file`` is called after each file (for progress display)."""
    options = options or Options()
    inputs, skipped = collect_inputs(paths, names)
    result = RunResult(files=list(skipped))
    seen: set[tuple[str, str]] = set()
    for item in inputs:
        start = time.perf_counter()
        digest = hashlib.sha256(item.path.read_bytes()).hexdigest() if item.path.exists() else ""
        # Ids hash content and base name; the same both in two folders needs a salt.
        key = (digest, item.path.name)
        salt = item.name if key in seen else ""
        seen.add(key)
        try:
            plans, issues = convert_file(item, options, encoding=encoding, id_salt=salt)
        except (IngestError, OSError) as exc:
            code = exc.code if isinstance(exc, IngestError) else "unreadable-file"
            message = exc.problem if isinstance(exc, IngestError) else (exc.strerror or str(exc))
            fr = FileResult(item.name, "failed", code, message,
                            seconds=time.perf_counter() - start)
            result.issues.append(Issue(source_file=item.name, code=code,
                                       severity=Severity.error, message=message))
        else:
            result.plans.extend(plans)
            result.issues.extend(issues)
            fr = FileResult(item.name, "converted", plans=len(plans),
                            actions=sum(p.action_count for p in plans),
                            seconds=time.perf_counter() - start)
        result.files.append(fr)
        if on_file:
            on_file(fr)
    result.files.sort(key=lambda f: f.source_file)
    from normalise.records import merge_record_pages

    result.plans = merge_record_pages(result.plans, options.as_of, options.stale_days)
    return result
