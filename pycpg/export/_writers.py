"""The file writers: JSON Lines, JSON and CSV, one item at a time."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from pydantic import BaseModel

from pycpg.export._columns import Layout, csv_cell, extra_cell, layout_for
from pycpg.export._files import Destination, opened
from pycpg.export._records import ItemLike, compact_json, jsonl_line, normalized_record

__all__ = ["records_with_layout", "write_csv", "write_json", "write_jsonl"]

_NOTHING: Final = object()


def _note(error: BaseException, index: int) -> None:
    error.add_note(f"pycpg.export: while exporting the item at index {index} (counting from 0)")


def _check_model(model: object) -> None:
    if model is not None and not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"model must be a pydantic model class, not {model!r}")


def write_jsonl(items: Iterable[ItemLike], dest: Destination, *, model: type[BaseModel] | None = None) -> int:
    """Write one JSON object per line (JSON Lines); returns the number of items written.

    Each line is :func:`pycpg.export.jsonl_line` of the item: wire (camelCase)
    names in the model's order, nesting kept, extra keys included, timestamps as
    ``2026-01-01T00:00:00.000000Z``, secrets as ``"***"``, UTF-8. ``items`` is any
    iterable of models or mappings (read once, one at a time); with ``model``,
    mappings are validated into it first. ``dest`` is a path, written atomically
    (nothing is left behind and an existing file is kept when anything fails), or
    an open text stream such as ``sys.stdout`` (flushed, not closed).

    Raises:
        TypeError, ValueError, pydantic.ValidationError: an item cannot be exported
            (see :func:`pycpg.export.json_record`); a note names its index.
        OSError: the file cannot be written.
    """
    _check_model(model)
    count = 0
    with opened(dest) as out:
        for index, item in enumerate(items):
            try:
                out.write(jsonl_line(item, model=model))
            except Exception as error:
                _note(error, index)
                raise
            count += 1
    return count


def write_json(items: Iterable[ItemLike], dest: Destination, *, model: type[BaseModel] | None = None) -> int:
    """Write one JSON array of the items' objects; returns the number of items written.

    The objects are those of :func:`write_jsonl` (:func:`pycpg.export.json_record`),
    one per line between ``[`` and ``]``, so that the file is a single valid JSON
    document (``[]`` for no items). It is streamed: the array is never built in
    memory. ``items``, ``model`` and ``dest`` are as for :func:`write_jsonl`.
    """
    _check_model(model)
    count = 0
    with opened(dest) as out:
        separator = "[\n"
        for index, item in enumerate(items):
            try:
                text = compact_json(normalized_record(item, model, True))
                out.write(separator + text)
            except Exception as error:
                _note(error, index)
                raise
            separator = ",\n"
            count += 1
        out.write("[]\n" if count == 0 else "\n]\n")
    return count


def records_with_layout(
    items: Iterable[ItemLike],
    model: type[BaseModel] | None,
    columns: Sequence[str] | None,
    extra: bool | None,
    text_times: bool,
) -> tuple[Layout, Iterator[tuple[int, dict[str, Any]]]]:
    """The layout of a flat export and its records (numbered), read one at a time.

    Without ``model`` or ``columns``, the first item decides the columns: a model's
    class, or a mapping's own (flattened) keys. Raises as :func:`layout_for` does,
    and as :func:`pycpg.export.json_record` does for the first item.
    """
    _check_model(model)
    iterator = iter(items)
    first: Any = _NOTHING
    first_record: Mapping[str, Any] | None = None
    layout_model = model
    if model is None and columns is None:
        first = next(iterator, _NOTHING)
        if isinstance(first, BaseModel):
            layout_model = type(first)
        elif first is not _NOTHING:
            try:
                first_record = normalized_record(first, None, text_times)
            except Exception as error:
                _note(error, 0)
                raise
    layout = layout_for(layout_model, columns, extra, first_record, first)

    def numbered() -> Iterator[tuple[int, dict[str, Any]]]:
        rest = iterator if first is _NOTHING else itertools.chain([first], iterator)
        for index, item in enumerate(rest):
            if index == 0 and first_record is not None:
                yield 0, dict(first_record)
                continue
            try:
                record = normalized_record(item, model, text_times)
            except Exception as error:
                _note(error, index)
                raise
            yield index, record

    return layout, numbered()


def write_csv(
    items: Iterable[ItemLike],
    dest: Destination,
    *,
    model: type[BaseModel] | None = None,
    columns: Sequence[str] | None = None,
    extra: bool | None = None,
    header: bool = True,
    escape_formulas: bool = False,
) -> int:
    """Write the items as CSV rows, nested fields flattened; returns the number of rows written.

    Columns: with ``model``, those of :func:`pycpg.export.columns_of` (declared
    fields in order, wire names, nested models as ``parent.child``); without it, the
    class of the first item when that is a model, else the first mapping's keys
    (nested objects as ``parent.child``). ``columns`` chooses and orders columns by
    their dotted names instead (a name the model does not have is a ``ValueError``
    listing the valid ones). A final ``extra`` column holds, as compact JSON, every
    value no other column holds (keys the model does not declare, such as an audit
    event's own keys, and keys later mappings add), empty when there are none; it is
    there by default without ``columns`` and left out with them (``extra=True`` /
    ``False`` decides). It is named ``_extra`` if a data column is called ``extra``.

    Cells: None is empty, booleans are ``true``/``false``, numbers as Python writes
    them, timestamps as ``2026-01-01T00:00:00.000000Z``, lists and free-form
    objects as compact JSON, secrets as ``***``. Quoting is the ``csv`` module's
    (minimal, ``"`` doubled), rows end with ``"\\r\\n"`` (RFC 4180), UTF-8 without BOM.
    ``escape_formulas=True`` puts a ``'`` before strings starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return, so that a spreadsheet does not run
    them as formulas (it changes the data, so it is off by default). ``header=False``
    leaves out the header row. Without any columns (no model, no ``columns`` and
    no items) nothing is written. ``items``, ``model`` and ``dest`` otherwise as
    for :func:`write_jsonl`.
    """
    layout, records = records_with_layout(items, model, columns, extra, True)
    count = 0
    with opened(dest) as out:
        writer = csv.writer(out, lineterminator="\r\n")
        names = [csv_cell(name, escape_formulas) for name in layout.header]
        pending = header and bool(names)  # no columns and no rows: an empty file
        if pending and layout.columns:
            writer.writerow(names)
            pending = False
        with_extra = layout.extra_name is not None
        for index, record in records:
            if pending:
                writer.writerow(names)
                pending = False
            try:
                values, rest = layout.spread(record)
                cells = [csv_cell(value, escape_formulas) for value in values]
                if with_extra:
                    cells.append(extra_cell(rest))
                writer.writerow(cells)
            except Exception as error:
                _note(error, index)
                raise
            count += 1
    return count
