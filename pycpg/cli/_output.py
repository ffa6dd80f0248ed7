"""What list commands print: a table on a terminal, CSV / JSON Lines / JSON elsewhere; progress on stderr."""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

from pydantic import BaseModel

from pycpg.export import columns_of, json_record, write_csv, write_json, write_jsonl

__all__ = ["FORMATS", "ProgressBar", "check_columns", "choose_format", "progress", "write_items"]

T = TypeVar("T")
FORMATS = ("table", "csv", "jsonl", "json")


def choose_format(requested: str | None, out: TextIO) -> str:
    """``requested``, else a table for a terminal and JSON Lines for a pipe or file."""
    if requested is not None:
        return requested
    return "table" if _is_terminal(out) else "jsonl"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def check_columns(model: type[BaseModel], columns: Sequence[str]) -> list[str]:
    """``columns`` if each is a column of ``model`` (dotted for nested fields).

    Raises:
        ValueError: an unknown column, with the valid ones.
    """
    valid = columns_of(model)
    unknown = [column for column in columns if column not in valid]
    if unknown:
        raise ValueError(f"Unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(valid)}")
    return list(columns)


def _pluck(record: dict[str, Any], column: str) -> Any:
    value: Any = record
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def write_items(items: Iterable[BaseModel], model: type[BaseModel], fmt: str, columns: Sequence[str] | None,
                table_columns: Sequence[str], out: TextIO) -> int:
    """Write ``items`` to ``out`` in ``fmt``; ``columns`` (dotted) narrows every format. Returns the count."""
    if fmt == "csv":
        return write_csv(items, out, model=model, columns=columns or None)
    if fmt in ("jsonl", "json"):
        writer = write_jsonl if fmt == "jsonl" else write_json
        if not columns:
            return writer(items, out, model=model)
        chosen = list(columns)
        return writer(({column: _pluck(json_record(item), column) for column in chosen} for item in items), out)
    return _table(items, model, list(columns or table_columns), out)


def _table(items: Iterable[BaseModel], model: type[BaseModel], columns: list[str], out: TextIO) -> int:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    count = write_csv(items, buffer, model=model, columns=columns, extra=False)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    table = Table(*rows[0], show_lines=False, header_style="bold")
    for row in rows[1:]:
        table.add_row(*row)
    # On a terminal the table fits its width; elsewhere (a file, a pipe) no cell is cut or wrapped.
    Console(file=out, width=None if _is_terminal(out) else 100_000).print(table)
    return count


class ProgressBar:
    """Items done, rate and (when the total is known) a bar and ETA on ``stream`` (stderr).

    Silent when ``stream`` is not a terminal (cron, pipes, files). Use as a context
    manager and call :meth:`advance` with the running count.
    """

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self._bar: Any = None
        self._task: Any = None
        self._started = time.monotonic()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, done: int, total: int | None = None) -> None:
        """Show ``done`` items (of ``total``)."""
        if not _is_terminal(self.stream):
            return
        if self._bar is None:
            self._start(total)
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._bar.update(self._task, completed=done, total=total, rate=f"{done / elapsed:.0f}")

    def _start(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        known = [BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}/s"), TimeRemainingColumn()]
        unknown = [TextColumn("{task.completed}"), TextColumn("{task.fields[rate]}/s")]
        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), *(known if total else unknown),
                             console=Console(file=self.stream), transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=total, rate="0")


def progress(items: Iterable[T], label: str, total: int | None = None, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items``, showing a :class:`ProgressBar` meanwhile (silent off a terminal)."""
    with ProgressBar(label, stream) as bar:
        for done, item in enumerate(items, 1):
            yield item
            bar.advance(done, total)
