"""The bulk engine: run an action over rows, a bounded number at a time, one result per row.

:func:`run` takes the rows (a CSV or JSON Lines path, :class:`InputRow` objects or
plain dicts), carries each out with a thread pool (at most ``concurrency`` rows in
flight) and produces one :class:`BulkResult` per input row, in input order. See
docs/bulk.md for the whole contract; in short:

* statuses: ``ok`` (done, or nothing needed doing), ``failed``, ``invalid`` (the row
  did not validate), ``skipped`` (already ``ok`` in the results being resumed),
  ``dry-run`` (``dry_run=True``: the action's plan, no write sent);
* a failed write is never sent again by the engine; the client's own retry policy
  already re-sent what it safely could. The one exception is HTTP 429, which means
  the server did not act: the engine halves its concurrency (down to 1), waits, and
  sends the row again (up to ``max_requeues`` times) when the action allows it;
* the results file is written row by row, flushed each time, so a killed run leaves
  a file that ``resume=True`` can pick up.
"""

from __future__ import annotations

import contextvars
import csv
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic

from pycpg.bulk.actions import Action, BulkRowError, R
from pycpg.bulk.reading import InputRow, _fields_of, format_of, read_rows, rows_from_mappings
from pycpg.exceptions import PycpgTooManyRequestsError
from pycpg.sdk import SDKClient

__all__ = ["BulkResult", "BulkSummary", "Progress", "STATUSES", "run"]

#: Every status a result can have.
STATUSES = ("ok", "failed", "invalid", "skipped", "dry-run")
#: Statuses of a previous run that ``resume=True`` does not run again.
DONE = frozenset({"ok", "skipped"})
#: What a masked secret cell reads in the results.
MASK = "***"
_ERROR_CHARS = 500


@dataclass(frozen=True)
class BulkResult:
    """The result of one input row.

    Attributes:
        number: The input row's number (see :attr:`InputRow.number`).
        cells: The input row's columns (secret ones masked).
        status: One of :data:`STATUSES`.
        outcome: What was done (or, in a dry run, what would be done).
        error: Why the row failed or is invalid; empty otherwise.
        attempts: How often the row was sent (more than 1 only after HTTP 429).
    """

    number: int
    cells: dict[str, object]
    status: str
    outcome: str = ""
    error: str = ""
    attempts: int = 0

    def record(self) -> dict[str, object]:
        """The result row: the input columns, then ``row``, ``status``, ``outcome``, ``error``.

        An engine column whose name is already an input column's is prefixed with
        ``bulk_`` (as often as needed).
        """
        names = result_names(self.cells)
        return {**self.cells, names["row"]: self.number, names["status"]: self.status,
                names["outcome"]: self.outcome, names["error"]: self.error}


#: ``progress(done, total, result)``; ``total`` is None when the input's length is unknown.
Progress = Callable[[int, "int | None", BulkResult], None]


@dataclass
class BulkSummary:
    """What a run did.

    Attributes:
        action: The action's name.
        dry_run: Whether this was a dry run.
        counts: Results per status (every status present, 0 when none).
        results: Every result in input order, when no results file was given.
        results_path: The results file, when one was given.
        requeued: How often a row was sent again after HTTP 429.
        lowest_concurrency: The lowest concurrency the run dropped to (after 429s).
        max_in_flight: The most rows that were in flight at once.
    """

    action: str
    dry_run: bool
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    results: list[BulkResult] | None = None
    results_path: Path | None = None
    requeued: int = 0
    lowest_concurrency: int = 0
    max_in_flight: int = 0

    @property
    def total(self) -> int:
        """Rows processed."""
        return sum(self.counts.values())

    @property
    def succeeded(self) -> bool:
        """Whether no row failed or was invalid."""
        return self.counts["failed"] == 0 and self.counts["invalid"] == 0

    def __str__(self) -> str:
        counts = ", ".join(f"{status} {count}" for status, count in self.counts.items() if count)
        return f"{self.action}{' (dry run)' if self.dry_run else ''}: {counts or 'no rows'}"


def result_names(cells: Mapping[str, object]) -> dict[str, str]:
    """The engine's column names for a row with these input columns (``status`` -> ``bulk_status`` on a clash)."""
    names = {}
    for base in ("row", "status", "outcome", "error"):
        name = base
        while name in cells:
            name = "bulk_" + name
        names[base] = name
    return names


def _engine_key(record: Mapping[str, object], base: str) -> str | None:
    """The engine's column for ``base`` in a written result: the most ``bulk_``-prefixed one present."""
    pattern = re.compile(rf"(bulk_)*{base}")
    found = [key for key in record if pattern.fullmatch(key)]
    return max(found, key=len) if found else None


def _text(value: object) -> str:
    """A cell as text, the same for a CSV and a JSON result file."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def error_text(error: BaseException) -> str:
    """A one-line, bounded description of ``error`` for the ``error`` column."""
    text = str(error) if isinstance(error, BulkRowError) else f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1] + "\u2026"


# -- result files -------------------------------------------------------------------------------


class _Writer:
    """Writes result records one by one, flushing each (CSV: columns fixed by the first record)."""

    def __init__(self, path: Path) -> None:
        self._jsonl = format_of(path) == "jsonl"
        self._handle: IO[str] = open(path, "w", encoding="utf-8", newline="")
        self._csv: csv.DictWriter[str] | None = None

    def write(self, record: Mapping[str, object]) -> None:
        if self._jsonl:
            self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            if self._csv is None:
                self._csv = csv.DictWriter(self._handle, fieldnames=list(record), extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow(record)
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _read_results(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        if format_of(path) == "jsonl":
            records = []
            for line in handle:
                try:
                    value = json.loads(line)
                except ValueError:  # a line cut short by a killed run
                    continue
                if isinstance(value, dict):
                    records.append({str(key): item for key, item in value.items()})
            return records
        return [dict(record) for record in csv.DictReader(handle)]


def _partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _previous(path: Path) -> dict[int, dict[str, object]]:
    """The results of earlier runs by row number; a killed resumed run's partial file wins.

    The merged state is written back to ``path`` at once (atomically) and the partial
    file removed, so that at every moment ``path`` plus the new partial file hold all
    that is known.
    """
    partial = _partial_path(path)
    by_number: dict[int, dict[str, object]] = {}
    merged: list[dict[str, object]] = []
    for source in (path, partial):
        for record in _read_results(source):
            key = _engine_key(record, "row")
            number = _text(record.get(key)) if key else ""
            if number.isdigit():
                by_number[int(number)] = record
    if partial.exists():
        merged = [by_number[number] for number in sorted(by_number)]
        temporary = path.with_name(path.name + ".merging")
        writer = _Writer(temporary)
        try:
            for record in merged:
                writer.write(record)
        finally:
            writer.close()
        os.replace(temporary, path)
        partial.unlink()
    return by_number


def _already_done(item: InputRow[Any], previous: Mapping[int, Mapping[str, object]], secret: set[str]) -> bool:
    """Whether the results being resumed hold this row, with the same content, as done."""
    record = previous.get(item.number)
    if record is None:
        return False
    status_key = _engine_key(record, "status")
    if status_key is None or _text(record.get(status_key)) not in DONE:
        return False
    return all(header in secret or _text(record.get(header)) == _text(value) for header, value in item.cells.items())


# -- the run ------------------------------------------------------------------------------------


@dataclass
class _Pending(Generic[R]):
    position: int
    item: InputRow[R]
    attempt: int
    ready_at: float = 0.0


def _secret_headers(item: InputRow[Any], action: Action[Any]) -> set[str]:
    secret = action.row_model.bulk_secret
    return {header for header, name in _fields_of(list(item.cells), action).items() if name in secret}


def _masked(item: InputRow[Any], secret: set[str]) -> dict[str, object]:
    return {header: (MASK if header in secret and _text(value) else value) for header, value in item.cells.items()}


def _attempt(sdk: SDKClient, action: Action[R], row: R, dry_run: bool) -> tuple[str, str, str, float | None]:
    """(status, outcome, error, retry-after if the row ended in HTTP 429, else None) of one try."""
    try:
        if dry_run:
            return "dry-run", action.plan(sdk, row), "", None
        return "ok", action.apply(sdk, row), "", None
    except PycpgTooManyRequestsError as error:
        return "failed", "", error_text(error), error.retry_after or 0.0
    except Exception as error:  # one row's failure is that row's result; the run goes on
        return "failed", "", error_text(error), None


def _source(
    rows: str | os.PathLike[str] | Iterable[InputRow[R]] | Iterable[Mapping[str, object]], action: Action[R]
) -> tuple[Iterator[InputRow[R]], int | None]:
    if isinstance(rows, (str, os.PathLike)):
        read = list(read_rows(rows, action))
        return iter(read), len(read)
    total = len(rows) if isinstance(rows, Sequence) else None
    return _as_rows(iter(rows), action), total


def _as_rows(items: Iterator[InputRow[R] | Mapping[str, object]], action: Action[R]) -> Iterator[InputRow[R]]:
    number = 0
    for item in items:
        number += 1
        if isinstance(item, InputRow):
            yield item
        else:
            yield _renumber(next(rows_from_mappings([item], action)), number)


def _renumber(item: InputRow[R], number: int) -> InputRow[R]:
    return InputRow(number, item.cells, item.row, item.error)


def run(
    sdk: SDKClient,
    action: Action[R],
    rows: str | os.PathLike[str] | Iterable[InputRow[R]] | Iterable[Mapping[str, object]],
    *,
    dry_run: bool = False,
    concurrency: int = 4,
    results: str | os.PathLike[str] | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    max_requeues: int = 5,
    requeue_delay: float = 1.0,
    max_requeue_wait: float = 60.0,
) -> BulkSummary:
    """Run ``action`` over ``rows``; one result per row, in input order.

    Args:
        sdk: The signed-in client every row uses (its retry policy and 429 gate apply).
        action: The action (an entry of :data:`pycpg.bulk.ACTIONS`).
        rows: A CSV or JSON Lines path (read, and its header checked, before anything
            is sent), :class:`InputRow` objects from :func:`read_rows`, or dicts.
        dry_run: Only describe each row's change (the action's ``plan``: reads, no write).
        concurrency: Rows in flight at most (1 runs them one after another).
        results: A CSV (or ``.jsonl``) file to write the results to, row by row;
            without it the results are returned in :attr:`BulkSummary.results`.
        resume: Read ``results`` first and skip the rows it holds as done (``ok`` or
            ``skipped``) with the same row number and the same content; the others run
            again. The new results go to ``<results>.partial`` and replace ``results``
            at the end.
        progress: Called as ``progress(done, total, result)`` after each result is
            written, in input order, in the calling thread.
        max_requeues: How often one row may be sent again after HTTP 429.
        requeue_delay: Wait before the first re-send after a 429, doubled each time
            (at least the server's ``Retry-After``, at most ``max_requeue_wait``).
        max_requeue_wait: The longest wait before a re-send.

    Raises:
        HeaderError: the input file lacks a required column (nothing was sent).
        ValueError: ``concurrency`` < 1, or ``resume`` without ``results``.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if resume and results is None:
        raise ValueError("resume=True needs the results file to resume from")
    source, total = _source(rows, action)
    path = Path(results) if results is not None else None
    previous = _previous(path) if resume and path is not None else {}
    summary = BulkSummary(action.name, dry_run, results_path=path, lowest_concurrency=concurrency)
    kept: list[BulkResult] | None = [] if path is None else None
    writer = _Writer(_partial_path(path) if resume else path) if path is not None else None
    try:
        _Run(sdk, action, source, total, dry_run, concurrency, previous, summary, kept, writer, progress,
             max_requeues, requeue_delay, max_requeue_wait).go()
    finally:
        if writer is not None:
            writer.close()
    if resume and path is not None:
        os.replace(_partial_path(path), path)
    summary.results = kept
    return summary


class _Run(Generic[R]):
    """One run's state; :meth:`go` is the scheduling loop (in the calling thread)."""

    def __init__(
        self, sdk: SDKClient, action: Action[R], source: Iterator[InputRow[R]], total: int | None, dry_run: bool,
        concurrency: int, previous: Mapping[int, Mapping[str, object]], summary: BulkSummary,
        kept: list[BulkResult] | None, writer: _Writer | None, progress: Progress | None,
        max_requeues: int, requeue_delay: float, max_requeue_wait: float,
    ) -> None:
        self.sdk, self.action, self.source, self.total, self.dry_run = sdk, action, source, total, dry_run
        self.concurrency, self.previous, self.summary, self.kept = concurrency, previous, summary, kept
        self.writer, self.progress = writer, progress
        self.max_requeues, self.requeue_delay, self.max_requeue_wait = max_requeues, requeue_delay, max_requeue_wait
        self.limit = concurrency
        self.streak = 0
        self.window = max(64, 16 * concurrency)
        self.position = 0
        self.emitted = 0
        self.exhausted = False
        self.buffer: dict[int, BulkResult] = {}
        self.in_flight: dict[Future[tuple[str, str, str, float | None]], _Pending[R]] = {}
        self.waiting: list[_Pending[R]] = []

    def go(self) -> None:
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix=f"bulk-{self.action.name}")
        try:
            while True:
                # Finished rows are written (and reported) before more are sent, so an
                # interrupted run has as few rows in flight, unrecorded, as possible.
                self._emit()
                self._fill(pool)
                self._emit()
                if not self.in_flight:
                    if not self.waiting:
                        if self.exhausted and not self.buffer:
                            return
                        continue
                    time.sleep(max(0.0, min(p.ready_at for p in self.waiting) - time.monotonic()))
                    continue
                timeout = None
                if self.waiting:
                    timeout = max(0.0, min(p.ready_at for p in self.waiting) - time.monotonic())
                done, _ = wait(self.in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in done:
                    self._finish(future)
        finally:
            for future in self.in_flight:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)

    def _fill(self, pool: ThreadPoolExecutor) -> None:
        while len(self.in_flight) < self.limit:
            now = time.monotonic()
            ready = [pending for pending in self.waiting if pending.ready_at <= now]
            if ready:
                first = min(ready, key=lambda pending: pending.position)
                self.waiting.remove(first)
                self._submit(pool, first)
                continue
            if self.exhausted or self.position - self.emitted >= self.window:
                return
            item = next(self.source, None)
            if item is None:
                self.exhausted = True
                return
            position, self.position = self.position, self.position + 1
            secret = _secret_headers(item, self.action)
            cells = _masked(item, secret)
            if item.row is None:
                self.buffer[position] = BulkResult(item.number, cells, "invalid", "", item.error or "invalid row")
            elif _already_done(item, self.previous, secret):
                record = self.previous[item.number]
                earlier = _text(record.get(_engine_key(record, "outcome") or "outcome"))
                self.buffer[position] = BulkResult(item.number, cells, "skipped", earlier or "done in an earlier run")
            else:
                self._submit(pool, _Pending(position, item, 1))

    def _submit(self, pool: ThreadPoolExecutor, pending: _Pending[R]) -> None:
        row = pending.item.row
        if row is None:  # never: invalid rows are not submitted
            return
        context = contextvars.copy_context()  # e.g. ``with sdk.timeout(...)`` around run()
        future = pool.submit(context.run, _attempt, self.sdk, self.action, row, self.dry_run)
        self.in_flight[future] = pending
        self.summary.max_in_flight = max(self.summary.max_in_flight, len(self.in_flight))

    def _finish(self, future: Future[tuple[str, str, str, float | None]]) -> None:
        pending = self.in_flight.pop(future)
        status, outcome, error, retry_after = future.result()
        may_requeue = self.dry_run or self.action.requeue_on_429  # a plan only reads
        if retry_after is not None and may_requeue and pending.attempt <= self.max_requeues:
            # HTTP 429: the server did not act on the row; slow down and send it again.
            self.limit = max(1, self.limit // 2)
            self.summary.lowest_concurrency = min(self.summary.lowest_concurrency, self.limit)
            self.streak = 0
            self.summary.requeued += 1
            wait_for = min(max(retry_after, self.requeue_delay * 2 ** (pending.attempt - 1)), self.max_requeue_wait)
            self.waiting.append(_Pending(pending.position, pending.item, pending.attempt + 1,
                                         time.monotonic() + wait_for))
            return
        self.streak += 1
        if self.limit < self.concurrency and self.streak >= self.limit:
            self.limit += 1  # recover one slot per ``limit`` rows done without a 429
            self.streak = 0
        item = pending.item
        cells = _masked(item, _secret_headers(item, self.action))
        self.buffer[pending.position] = BulkResult(item.number, cells, status, outcome, error, pending.attempt)

    def _emit(self) -> None:
        while self.emitted in self.buffer:
            result = self.buffer.pop(self.emitted)
            self.emitted += 1
            self.summary.counts[result.status] += 1
            if self.writer is not None:
                self.writer.write(result.record())
            if self.kept is not None:
                self.kept.append(result)
            if self.progress is not None:
                self.progress(self.emitted, self.total, result)


def actions_table(actions: Mapping[str, Action[Any]]) -> str:
    """A plain-text listing of ``actions``: name, columns (``?``: optional) and summary."""
    from pycpg.bulk.reading import describe_columns

    lines = []
    for name, action in actions.items():
        lines.append(f"{name}\n    columns: {describe_columns(action.row_model)}\n    {action.summary}")
    return "\n".join(lines)

