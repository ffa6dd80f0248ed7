"""Flat columns for CSV and data frames: dotted names from a model's fields, and the ``extra`` cell.

A *column tree* maps each wire name to ``None`` (a leaf: one column) or to the tree of
a nested model (its fields become ``parent.child`` columns). Lists, free-form ``dict``
fields and anything else are leaves; their cell holds compact JSON text.
"""

from __future__ import annotations

import json
import types
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Final, Union, get_args, get_origin

from pydantic import BaseModel

from pycpg.export._records import compact_json, format_timestamp

__all__ = ["EXTRA_COLUMN", "Layout", "Tree", "columns_of", "layout_for"]

#: The name of the last column of a CSV file or data frame, which holds what no other column holds.
EXTRA_COLUMN: Final = "extra"

Tree = Mapping[str, "Tree | None"]

#: Strings a spreadsheet would read as a formula (or as a cell break) when they start a cell.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class a field holds (``Model`` or ``Model | None``), or None for anything else."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _nested_model(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        choices = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _nested_model(choices[0]) if len(choices) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _build_tree(model: type[BaseModel], outer: tuple[type[BaseModel], ...]) -> dict[str, Tree | None]:
    tree: dict[str, Tree | None] = {}
    for name, field in model.model_fields.items():
        key = field.serialization_alias or field.alias or name
        nested = _nested_model(field.annotation)
        inside = (*outer, model)
        # A model that holds itself (directly or deeper) stops there: one JSON cell.
        tree[key] = _build_tree(nested, inside) if nested is not None and nested not in inside else None
    return tree


@cache
def model_tree(model: type[BaseModel]) -> Tree:
    """The column tree of ``model`` (read-only; built once per class)."""
    return types.MappingProxyType(_build_tree(model, ()))


def _leaves(tree: Tree, prefix: str = "") -> list[str]:
    names: list[str] = []
    for key, sub in tree.items():
        name = prefix + key
        if sub is None:
            names.append(name)
        else:
            names.extend(_leaves(sub, name + "."))
    return names


def columns_of(model: type[BaseModel]) -> list[str]:
    """The CSV columns of ``model``, in the order the writers use.

    Every declared field in declaration order under its wire (alias) name; a field
    holding a nested model (``Model`` or ``Model | None``) is replaced by that
    model's columns, named ``parent.child`` (recursively). Lists, ``dict`` fields
    and other values are one column each (a list of models included: one cell of
    compact JSON). The writers add a final ``extra`` column after these.
    """
    return _leaves(model_tree(model))


def _record_tree(record: Mapping[str, Any], item: Any) -> dict[str, Tree | None]:
    """The column tree of a plain record: non-empty nested objects become ``parent.child`` columns.

    ``item`` is what the record was made from: where it holds a model, the model's
    columns are used (so a nested model absent from the first row still gets its columns).
    """
    tree: dict[str, Tree | None] = {}
    for key, value in record.items():
        source = item.get(key) if isinstance(item, Mapping) else None
        if isinstance(source, BaseModel):
            tree[key] = model_tree(type(source))
        elif type(value) is dict and value:
            tree[key] = _record_tree(value, source)
        else:
            tree[key] = None
    return tree


def _names_tree(columns: Sequence[str]) -> dict[str, Tree | None]:
    """The column tree of explicit dotted names (no model to check them against)."""
    tree: dict[str, Any] = {}
    for name in columns:
        node = tree
        parts = name.split(".")
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if part in node and (last or node[part] is None):
                raise ValueError(f"columns {name!r} and {'.'.join(parts[: depth + 1])!r} overlap: one is inside "
                                 "the other; choose one")
            if last:
                node[part] = None
            else:
                node = node.setdefault(part, {})
    return tree


def _duplicates(names: Iterable[str]) -> list[str]:
    return sorted(name for name, count in Counter(names).items() if count > 1)


#: A column tree compiled for one layout: a leaf is its column's position, or None when
#: the column was not chosen; a nested model is the compiled tree of its fields.
Slots = Mapping[str, "int | Slots | None"]


def _compile(tree: Tree, positions: Mapping[str, int], prefix: str = "") -> dict[str, int | Slots | None]:
    return {key: positions.get(prefix + key) if sub is None else _compile(sub, positions, prefix + key + ".")
            for key, sub in tree.items()}


@dataclass(frozen=True)
class Layout:
    """Which columns a file or frame has, and how a record's values are spread over them."""

    tree: Tree
    columns: tuple[str, ...]
    #: The header of the extra column, or None when there is none.
    extra_name: str | None
    slots: Slots

    @property
    def header(self) -> list[str]:
        """Every column name, the extra column last."""
        return [*self.columns, self.extra_name] if self.extra_name is not None else list(self.columns)

    def spread(self, record: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """The record's value of each column (None when it has none), and what no column holds.

        The second part maps dotted names to values: keys the columns do not name, values
        whose shape differs from the columns' (a scalar where a nested object was
        expected), and, when columns were chosen, the values of the columns left out.
        """
        values: list[Any] = [None] * len(self.columns)
        extra: dict[str, Any] = {}
        _fill(record, self.slots, "", values, extra)
        return values, extra


_ABSENT: Final = object()


def _fill(record: Mapping[str, Any], slots: Slots, prefix: str, values: list[Any], extra: dict[str, Any]) -> None:
    for key, value in record.items():
        slot = slots.get(key, _ABSENT)
        if type(slot) is int:
            values[slot] = value
            continue
        if isinstance(slot, Mapping):
            if type(value) is dict:
                _fill(value, slot, prefix + key + ".", values, extra)
                continue
            if value is None:  # a missing nested object: its columns stay empty
                continue
        extra[prefix + key] = value  # unknown key, column not chosen, or another shape


def layout_for(
    model: type[BaseModel] | None,
    columns: Sequence[str] | None,
    extra: bool | None,
    first: Mapping[str, Any] | None,
    first_item: Any = None,
) -> Layout:
    """The layout of an export: from ``model``, else from ``columns``, else from the first record
    (``first``, made from ``first_item``).

    Raises:
        ValueError: a chosen column is not a column of ``model`` (the message lists
            the valid ones), a column is named twice, or two columns overlap.
        TypeError: ``columns`` is a string (a sequence of names is expected).
    """
    if isinstance(columns, str):
        raise TypeError("columns must be a sequence of column names, not one string")
    tree: Tree
    if model is not None:
        tree = model_tree(model)
        valid = _leaves(tree)
        if columns is None:
            chosen = valid
        else:
            chosen = list(columns)
            known = set(valid)
            unknown = [name for name in chosen if name not in known]
            if unknown:
                raise ValueError(f"unknown column(s) {', '.join(map(repr, unknown))} for {model.__name__}; "
                                 f"the columns are: {', '.join(valid)}")
    elif columns is not None:
        chosen = list(columns)
        tree = _names_tree(chosen) if not _duplicates(chosen) else {}
    elif first is not None:
        tree = _record_tree(first, first_item)
        chosen = _leaves(tree)
        clashes = _duplicates(chosen)
        if clashes:
            raise ValueError(f"the first row's keys give the column name(s) {', '.join(map(repr, clashes))} twice "
                             "(a key with a dot in it and a nested object); pass columns= or model=")
    else:
        tree, chosen = {}, []
    repeated = _duplicates(chosen)
    if repeated:
        raise ValueError(f"column(s) {', '.join(map(repr, repeated))} chosen more than once")
    with_extra = columns is None if extra is None else extra
    extra_name: str | None = None
    if with_extra:
        extra_name = EXTRA_COLUMN
        while extra_name in chosen:  # a data column already has that name
            extra_name = "_" + extra_name
    positions = {name: position for position, name in enumerate(chosen)}
    return Layout(tree, tuple(chosen), extra_name, _compile(tree, positions))


def _typed_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_timestamp(value)
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


#: Compact JSON of a value whose dates are still ``datetime`` objects (data frames).
typed_json: Final[Callable[[Any], str]] = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_typed_default
).encode


def csv_cell(value: Any, escape_formulas: bool) -> str:
    """The text of a CSV cell: ``""`` for None, ``true``/``false``, numbers as Python
    writes them, JSON text for lists and objects, strings as they are (with a leading
    ``'`` when ``escape_formulas`` and the string starts like a formula)."""
    kind = type(value)
    if kind is str:
        text: str = value
        return "'" + text if escape_formulas and text.startswith(_FORMULA_STARTS) else text
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    return compact_json(value)


def extra_cell(extra: Mapping[str, Any]) -> str:
    """The text of the extra column: compact JSON of the values no column holds, ``""`` when none."""
    return compact_json(extra) if extra else ""
