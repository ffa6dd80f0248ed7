"""Reading an action's rows from CSV or JSON Lines into validated :class:`InputRow` objects.

CSV files are read as UTF-8, with or without a byte-order mark. Blank lines (and
rows whose cells are all empty) are skipped and not numbered; a first line that
starts with ``#`` is skipped (CrashPlan's CLI reads commented headers that way).
The header row is matched to the action's columns through their accepted names
(:func:`~pycpg.bulk.actions.normalize_header`: case, ``_``, ``-`` and spaces do not
matter); other columns are kept and echoed into the results. A header that lacks a
required column raises :class:`HeaderError` before any row is read. As in CrashPlan's
CLI, a file without a header row is accepted when no cell of its first row is a
known column name, it has exactly the action's template columns (e.g.
``matter_id,username``), in that order, and that first row is a valid row.

JSON Lines files hold one object per line; keys are matched like CSV headers, per row.

A row that does not validate is still yielded, with ``row`` ``None`` and the reason in
``error``: it becomes an ``invalid`` result and never stops a run.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TextIO

from pydantic import ValidationError

from pycpg.bulk.actions import Action, R, RowModel, columns_of, normalize_header
from pycpg.exceptions import PycpgError

__all__ = ["HeaderError", "InputRow", "read_rows", "rows_from_mappings", "Format"]

Format = Literal["csv", "jsonl"]

#: File suffixes read (and written) as JSON Lines; anything else is CSV.
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})


class HeaderError(PycpgError, ValueError):
    """The input cannot be read for this action: a required column is missing, or a column is doubled."""


@dataclass(frozen=True)
class InputRow(Generic[R]):
    """One input row.

    Attributes:
        number: The row's 1-based position among the data rows (blank rows and the
            header are not counted).
        cells: The row's columns as read (header -> value), unknown columns included.
        row: The validated row, or ``None`` when it did not validate.
        error: Why the row did not validate (``None`` when it did).
    """

    number: int
    cells: dict[str, object] = field(default_factory=dict)
    row: R | None = None
    error: str | None = None


def format_of(path: str | os.PathLike[str]) -> Format:
    """``"jsonl"`` for ``.jsonl``/``.ndjson``/``.json`` files, else ``"csv"``."""
    return "jsonl" if Path(path).suffix.lower() in JSONL_SUFFIXES else "csv"


def read_rows(
    source: str | os.PathLike[str] | TextIO, action: Action[R], *, format: Format | None = None
) -> Iterator[InputRow[R]]:
    """The rows of a CSV or JSON Lines file (a path or an open text file), validated for ``action``.

    Args:
        source: A path, or an open text file (read whole, from its current position).
        action: The action whose row model and columns the rows are read for.
        format: ``"csv"`` or ``"jsonl"``; by default from the path's suffix, or for an
            open file from its first character (``{``: JSON Lines).

    Raises:
        HeaderError: (at once, not when iterating) a CSV header lacks a required column
            or names a column twice.
        OSError: the file cannot be read.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        chosen = format or format_of(source)
    else:
        text = source.read()
        chosen = format or ("jsonl" if text.lstrip("\ufeff \t\r\n").startswith("{") else "csv")
    text = text.removeprefix("\ufeff")
    if chosen == "jsonl":
        return _jsonl_rows(text, action)
    return _csv_rows(text, action)


def rows_from_mappings(mappings: Iterable[Mapping[str, object]], action: Action[R]) -> Iterator[InputRow[R]]:
    """Rows from dicts (keys matched like CSV headers, per row), numbered from 1."""
    for number, mapping in enumerate(mappings, start=1):
        cells = dict(mapping)
        yield validate(number, cells, _fields_of(list(cells), action), action)


# -- CSV ------------------------------------------------------------------------------------


def _blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _csv_rows(text: str, action: Action[R]) -> Iterator[InputRow[R]]:
    records: Iterator[list[str]] = (
        record for record in csv.reader(io.StringIO(text, newline="")) if not _blank(record))
    first = next(records, None)
    if first is not None and first[0].lstrip().startswith("#"):
        first = next(records, None)
    if first is None:
        return iter(())
    headers, data = _header(first, action)
    fields = _fields_of(headers, action)
    _check_header(headers, fields, action)
    if data is not None:
        records = _chain(data, records)
    return _csv_data(records, headers, fields, action)


def _chain(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


def _csv_data(
    records: Iterator[list[str]], headers: list[str], fields: dict[str, str], action: Action[R]
) -> Iterator[InputRow[R]]:
    for number, record in enumerate(records, start=1):
        cells: dict[str, object] = {header: (record[i] if i < len(record) else "") for i, header in enumerate(headers)}
        if len(record) > len(headers):
            extra = len(record) - len(headers)
            yield InputRow(number, cells, None, f"the row has {extra} more cell(s) than the header has columns")
            continue
        yield validate(number, cells, fields, action)


def _header(first: list[str], action: Action[R]) -> tuple[list[str], list[str] | None]:
    """The column names, and the first record when it is data (a file without a header row)."""
    known = action.header_index()
    template = action.row_model.bulk_template
    if not any(normalize_header(cell) in known for cell in first) and template and len(first) == len(template):
        cells: dict[str, object] = dict(zip(template, first, strict=True))
        if validate(0, cells, {name: name for name in template}, action).row is not None:
            return list(template), first  # the first row is data, in CrashPlan CLI's column order
    headers = []
    for position, cell in enumerate(first, start=1):
        name = cell.replace("\ufeff", "").strip() or f"column_{position}"
        if name in headers:
            raise HeaderError(f"the header names column {name!r} twice")
        headers.append(name)
    return headers, None


def _fields_of(headers: list[str], action: Action[R]) -> dict[str, str]:
    """Header -> field name, for the headers that are one of the action's columns."""
    known = action.header_index()
    return {header: known[normalize_header(header)] for header in headers if normalize_header(header) in known}


def _accepted(action: Action[R], field_name: str) -> str:
    column = next(column for column in columns_of(action.row_model) if column.field == field_name)
    return f"{column.name!r} (accepted: {', '.join(column.names)})"


def _check_header(headers: list[str], fields: dict[str, str], action: Action[R]) -> None:
    by_field: dict[str, list[str]] = {}
    for header, field_name in fields.items():
        by_field.setdefault(field_name, []).append(header)
    doubled = [names for names in by_field.values() if len(names) > 1]
    if doubled:
        raise HeaderError(f"columns {', '.join(map(repr, doubled[0]))} all mean the same thing; keep one")
    rule = "; header names ignore case, '_', '-' and spaces"
    missing = [column for column in columns_of(action.row_model) if column.required and column.field not in by_field]
    if missing:
        raise HeaderError(
            f"the header of this {action.name} file ({', '.join(headers)}) lacks "
            + " and ".join(f"column {_accepted(action, column.field)}" for column in missing) + rule
        )
    for group in action.one_of:
        if not any(name in by_field for name in group):
            raise HeaderError(
                f"the header of this {action.name} file ({', '.join(headers)}) needs one of the columns "
                + " or ".join(_accepted(action, name) for name in group) + rule
            )


# -- JSON Lines -----------------------------------------------------------------------------


def _jsonl_rows(text: str, action: Action[R]) -> Iterator[InputRow[R]]:
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except ValueError as error:
            yield InputRow(number, {}, None, f"not JSON: {error}")
            continue
        if not isinstance(value, dict):
            yield InputRow(number, {}, None, f"not a JSON object: {line.strip()[:80]}")
            continue
        cells: dict[str, object] = {str(key): item for key, item in value.items()}
        fields = _fields_of(list(cells), action)
        yield validate(number, cells, fields, action)


# -- validation -----------------------------------------------------------------------------


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def validate(number: int, cells: dict[str, object], fields: Mapping[str, str], action: Action[R]) -> InputRow[R]:
    """Validate one row's cells (``fields``: header -> field name); empty cells count as missing."""
    by_field: dict[str, object] = {}
    header_of: dict[str, str] = {}
    for header, field_name in fields.items():
        if field_name in by_field:
            return InputRow(number, cells, None, f"columns {header_of[field_name]!r} and {header!r} mean the same")
        header_of[field_name] = header
        value = cells.get(header)
        if _present(value):
            by_field[field_name] = value
    try:
        row = action.row_model.model_validate(by_field)
    except ValidationError as error:
        return InputRow(number, cells, None, _message(error, header_of))
    return InputRow(number, cells, row, None)


def _message(error: ValidationError, header_of: Mapping[str, str]) -> str:
    parts = []
    for detail in error.errors(include_url=False):
        message = detail["msg"].removeprefix("Value error, ")
        location = [str(part) for part in detail["loc"]]
        if location:
            name = header_of.get(location[0], location[0])
            message = f"{name}: " + ("missing value" if detail["type"] == "missing" else message)
        parts.append(message)
    return "; ".join(parts)


def describe_columns(model: type[RowModel]) -> str:
    """``guid (device_guid, computer_guid)``-style text of a model's columns, for messages and listings."""
    return ", ".join(
        f"{column.name}{'' if column.required else '?'}" + (f" ({', '.join(column.names[1:])})" if column.names[1:]
                                                             else "")
        for column in columns_of(model)
    )
