"""Data frames with the CSV columns: pandas and polars, each imported only when asked for."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pycpg.export._columns import typed_json
from pycpg.export._records import ItemLike
from pycpg.export._writers import records_with_layout

if TYPE_CHECKING:
    import pandas
    # polars is an optional extra, left out of the dev install (see docs/export.md): the
    # ignore is needed only where it is missing, hence "unused-ignore" too.
    import polars  # type: ignore[import-not-found, unused-ignore]

__all__ = ["to_pandas", "to_polars"]


def _require(module: str, extra: str, caller: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{caller}() needs {module}, which is not installed: pip install 'pycpg[{extra}]'",
                          name=module) from error


def _columns(
    items: Iterable[ItemLike], model: type[BaseModel] | None, columns: Sequence[str] | None, extra: bool | None
) -> dict[str, list[Any]]:
    """Column name -> values, as in CSV but typed: dates as aware UTC datetimes, None as None."""
    layout, records = records_with_layout(items, model, columns, extra, False)
    data: dict[str, list[Any]] = {name: [] for name in layout.header}
    lists = list(data.values())
    cells = lists[: len(layout.columns)]
    extra_values = lists[-1] if layout.extra_name is not None else None
    for index, record in records:
        try:
            values, rest = layout.spread(record)
            for column, value in zip(cells, values, strict=True):
                column.append(typed_json(value) if type(value) is list or type(value) is dict else value)
            if extra_values is not None:
                extra_values.append(typed_json(rest) if rest else None)
        except Exception as error:
            error.add_note(f"pycpg.export: while exporting the item at index {index} (counting from 0)")
            raise
    return data


def to_pandas(
    items: Iterable[ItemLike],
    *,
    model: type[BaseModel] | None = None,
    columns: Sequence[str] | None = None,
    extra: bool | None = None,
) -> pandas.DataFrame:
    """A pandas ``DataFrame`` with the columns and values :func:`pycpg.export.write_csv` writes.

    Same columns (names, order, the ``extra`` column, ``columns``/``extra``
    choices) and the same values, typed instead of text: timestamps are
    timezone-aware UTC (``datetime64[…, UTC]``), numbers, booleans and strings use
    pandas' nullable dtypes (``Int64``, ``Float64``, ``boolean``, ``string``;
    ``convert_dtypes()``) with ``<NA>`` for a missing value; lists, free-form
    objects and the extra column hold compact JSON text. The frame is built in
    memory. Needs the ``pandas`` extra (``pip install 'pycpg[pandas]'``), imported
    only when this is called.

    Raises:
        ImportError: pandas is not installed (the message names the extra).
        TypeError, ValueError, pydantic.ValidationError: as for ``write_csv``.
    """
    pd = _require("pandas", "pandas", "to_pandas")
    frame: pandas.DataFrame = pd.DataFrame(_columns(items, model, columns, extra))
    return frame.convert_dtypes()


def to_polars(
    items: Iterable[ItemLike],
    *,
    model: type[BaseModel] | None = None,
    columns: Sequence[str] | None = None,
    extra: bool | None = None,
) -> polars.DataFrame:
    """A polars ``DataFrame`` with the columns and values :func:`pycpg.export.write_csv` writes.

    Same columns and values as :func:`to_pandas`, in polars types: timestamps are
    ``Datetime(time_zone="UTC")``, missing values ``null``, a column whose values
    have different types (rare: plain mappings only) becomes text; lists, free-form
    objects and the extra column hold compact JSON text. Needs the ``polars``
    extra (``pip install 'pycpg[polars]'``), imported only when this is called.

    Raises:
        ImportError: polars is not installed (the message names the extra).
        TypeError, ValueError, pydantic.ValidationError: as for ``write_csv``.
    """
    pl = _require("polars", "polars", "to_polars")
    frame: polars.DataFrame = pl.DataFrame(_columns(items, model, columns, extra), strict=False,
                                           infer_schema_length=None)
    return frame
