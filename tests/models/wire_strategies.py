"""Hypothesis strategies for wire round trips: payloads of any public model, dates in
every textual form, and a strict comparison of JSON values.

* :func:`model_payloads` derives a payload strategy from a model's own field
  declarations, so it covers every model (and every field added later): each
  optional field absent, ``null`` or set, each required field set, nested
  models, lists and free-form JSON, numbers sent for string fields, and a few
  unknown keys with arbitrary JSON values.
* :func:`wire_timestamps` yields dates as a server may write them: ``Z``,
  ``z``, ``+00:00``, ``-00:00``, ``±HH:MM``, ``±HHMM`` or no offset; no fraction
  or 1 to 9 fraction digits; ``T`` or a space; a bare date; POSIX seconds or
  milliseconds as numbers or digit strings.
* :func:`with_wire_timestamps` takes a realistic payload strategy (from
  :mod:`tests.models.strategies`) and redraws its dates with
  :func:`wire_timestamps`.
* :func:`assert_same_json` compares two JSON values exactly: a string is not a
  number, an int is not a float, a bool is not an int.
"""

from __future__ import annotations

import types
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from pycpg.models import PycpgModel

from .strategies import json_values, unknown_fields

__all__ = [
    "as_declared_floats",
    "assert_same_json",
    "minimal_payload",
    "model_payloads",
    "wire_timestamps",
    "with_wire_timestamps",
]

Wire = dict[str, Any]

#: Offsets as servers write them, UTC in its four spellings and none at all (naive).
WIRE_OFFSETS = ("Z", "z", "+00:00", "-00:00", "-06:00", "+05:30", "-03:30", "+10:00", "+0530", "-0600", "")


def _text_timestamp(moment: datetime, digits: int, separator: str, offset: str) -> str:
    fraction = "" if digits == 0 else "." + f"{moment.microsecond:06d}{moment.microsecond % 997:03d}"[:digits]
    return f"{moment:%Y-%m-%d}{separator}{moment:%H:%M:%S}{fraction}{offset}"


def wire_timestamps() -> st.SearchStrategy[str | int | float]:
    """Dates in every form pydantic accepts and a server may send (see the module docstring)."""
    moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31))
    texts = st.builds(
        _text_timestamp,
        moments,
        st.sampled_from((3, 3, 3, 6, 0, 1, 2, 4, 5, 7, 9)),
        st.sampled_from(("T", "T", "T", " ")),
        st.sampled_from(WIRE_OFFSETS),
    )
    seconds = st.integers(min_value=631152000, max_value=2208988800)  # 1990 .. 2040
    return st.one_of(
        texts,
        moments.map(lambda moment: f"{moment:%Y-%m-%d}"),
        seconds.map(lambda s: s * 1000 + s % 1000),  # milliseconds
        seconds,
        st.builds(lambda s, f: s + f, seconds, st.sampled_from((0.5, 0.25, 0.125))),
        seconds.map(lambda s: str(s * 1000)),
        st.just(0),
    )


def _is_text(annotation: Any) -> bool:
    """Whether values of ``annotation`` are strings (``str``, a ``StrEnum``, or ``Annotated`` of one)."""
    if get_origin(annotation) is Annotated:
        return _is_text(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return all(_is_text(arg) for arg in get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, str)


def _values(annotation: Any, numbers_for_text: bool = True) -> st.SearchStrategy[Any]:
    """JSON values that validate as ``annotation`` and that the model gives back unchanged.

    A number is drawn for a string only where the declared type is made only of
    strings (``str``, ``Enum | str``): in a smart union such as ``str | int`` the
    number would be taken by the other member or become a plain string.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        return _values(get_args(annotation)[0], numbers_for_text)
    if origin in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        only_text = all(_is_text(arg) for arg in members)
        choices = [_values(arg, numbers_for_text and only_text) for arg in members]
        if len(members) < len(get_args(annotation)):
            choices.insert(0, st.none())
        return st.one_of(choices)
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return st.lists(_values(item), max_size=3)
    if origin is dict:
        _, value = get_args(annotation) or (str, Any)
        return st.dictionaries(st.text(max_size=6), _values(value), max_size=3)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is Any:
        return json_values()
    if annotation is type(None):
        return st.none()
    if not isinstance(annotation, type):
        raise TypeError(f"no payload strategy for {annotation!r}")
    if issubclass(annotation, BaseModel):
        assert issubclass(annotation, PycpgModel), annotation
        return model_payloads(annotation)
    if issubclass(annotation, datetime):
        return wire_timestamps()
    if issubclass(annotation, Enum):
        return st.sampled_from([member.value for member in annotation])
    if annotation is SecretStr:
        return st.text(max_size=12)
    if annotation is str:
        text = st.text(max_size=12)
        if not numbers_for_text:
            return text
        numbers = st.integers(min_value=-(2**63), max_value=2**63) | st.floats(allow_nan=False, allow_infinity=False)
        return text | numbers
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=-(2**63), max_value=2**63)
    if annotation is float:
        # Not ints: an int sent for a float field comes back as a float (documented).
        return st.floats(allow_nan=False, allow_infinity=False)
    raise TypeError(f"no payload strategy for {annotation!r}")


def _declared(field: FieldInfo) -> Any:
    # pydantic moves the metadata of a top-level Annotated into FieldInfo.metadata.
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)]
    return field.annotation


def _wire_key(name: str, field: FieldInfo) -> str:
    return field.alias or name


@cache
def model_payloads(model: type[PycpgModel]) -> st.SearchStrategy[Wire]:
    """Payloads of ``model`` built from its field declarations (see the module docstring)."""
    return st.deferred(lambda: _model_payloads(model))


def _model_payloads(model: type[PycpgModel]) -> st.SearchStrategy[Wire]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, field in model.model_fields.items():
        values = _values(_declared(field))
        (required if field.is_required() else optional)[_wire_key(name, field)] = values
    return st.builds(
        lambda known, extra: {**known, **extra},
        st.fixed_dictionaries(required, optional=optional),
        unknown_fields(model),
    )


def _models_in(annotation: Any) -> list[type[PycpgModel]]:
    """The models a value of ``annotation`` may be (through optional, lists and unions)."""
    origin = get_origin(annotation)
    if origin is Annotated or origin in (Union, types.UnionType, list):
        return [m for arg in get_args(annotation) for m in _models_in(arg)]
    if isinstance(annotation, type) and issubclass(annotation, PycpgModel):
        return [annotation]
    return []


def _holds_dates(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated or origin in (Union, types.UnionType):
        return any(_holds_dates(arg) for arg in get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, datetime)


def _redraw_dates(model: type[PycpgModel], payload: Any) -> st.SearchStrategy[Any]:
    if not isinstance(payload, dict):
        return st.just(payload)
    fields = {_wire_key(name, field): _declared(field) for name, field in model.model_fields.items()}
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for key, value in payload.items():
        annotation = fields.get(key)
        models = _models_in(annotation) if annotation is not None else []
        if value is None or annotation is None:
            parts[key] = st.just(value)
        elif _holds_dates(annotation) and not isinstance(value, list):
            parts[key] = st.just(value) | wire_timestamps()
        elif len(models) == 1 and isinstance(value, list):
            parts[key] = st.tuples(*(_redraw_dates(models[0], item) for item in value)).map(list)
        elif len(models) == 1:
            parts[key] = _redraw_dates(models[0], value)
        else:
            parts[key] = st.just(value)
    return st.fixed_dictionaries(parts)


def with_wire_timestamps(model: type[PycpgModel], payloads: st.SearchStrategy[Wire]) -> st.SearchStrategy[Wire]:
    """``payloads`` with each date of ``model`` (and of its nested models) kept or redrawn
    from :func:`wire_timestamps`."""
    return payloads.flatmap(lambda payload: _redraw_dates(model, payload))


def _as_declared_floats(annotation: Any, value: Any) -> Any:
    origin = get_origin(annotation)
    if value is None or annotation is None:
        return value
    if origin is Annotated:
        return _as_declared_floats(get_args(annotation)[0], value)
    if origin in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _as_declared_floats(members[0], value)
        models = _models_in(annotation)
        return as_declared_floats(models[0], value) if len(models) == 1 else value
    if origin is list and isinstance(value, list):
        (item,) = get_args(annotation) or (Any,)
        return [_as_declared_floats(item, v) for v in value]
    if annotation is float and type(value) is int:
        return float(value)
    if isinstance(annotation, type) and issubclass(annotation, PycpgModel):
        return as_declared_floats(annotation, value)
    return value


def as_declared_floats(model: type[PycpgModel], payload: Any) -> Any:
    """``payload`` with each integer sent for a ``float`` field of ``model`` (or of a
    nested model) made a float: what :meth:`~pycpg.models.PycpgModel.to_wire` gives back
    (the same JSON number, in the attribute's type)."""
    if not isinstance(payload, dict):
        return payload
    fields = {_wire_key(name, field): _declared(field) for name, field in model.model_fields.items()}
    return {key: _as_declared_floats(fields.get(key), value) for key, value in payload.items()}


def _simple_value(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _simple_value(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        members = get_args(annotation)
        return None if type(None) in members else _simple_value(members[0])
    if origin is list:
        return []
    if origin is dict:
        return {}
    if origin is Literal:
        return get_args(annotation)[0]
    if isinstance(annotation, type):
        if issubclass(annotation, PycpgModel):
            return minimal_payload(annotation)
        if issubclass(annotation, datetime):
            return "2024-01-02T03:04:05.678Z"
        if issubclass(annotation, Enum):
            return next(iter(annotation)).value
        simple: dict[type, Any] = {bool: True, int: 1, float: 1.5, str: "x", SecretStr: "s"}
        if annotation in simple:
            return simple[annotation]
    raise TypeError(f"no simple value for {annotation!r}")


def minimal_payload(model: type[PycpgModel]) -> Wire:
    """The smallest valid payload of ``model``: its required keys with simple values
    (``null`` where allowed), so that examples stay valid as fields become required."""
    return {
        _wire_key(name, field): _simple_value(_declared(field))
        for name, field in model.model_fields.items()
        if field.is_required()
    }


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    for kind, name in ((float, "float"), (str, "str"), (list, "list"), (dict, "dict")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def assert_same_json(actual: Any, expected: Any, path: str = "$") -> None:
    """Assert that two JSON values are the same: same kinds (``1`` is not ``1.0``,
    ``"1"`` is not ``1``, ``true`` is not ``1``), same keys, same items, same numbers
    (floats compared by ``repr``, so ``-0.0`` is not ``0.0``)."""
    kind = _json_kind(expected)
    assert _json_kind(actual) == kind, f"{path}: {actual!r} is not the {kind} {expected!r}"
    if kind == "dict":
        assert sorted(actual) == sorted(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            assert_same_json(actual[key], expected[key], f"{path}.{key}")
    elif kind == "list":
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, expected {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_same_json(got, want, f"{path}[{index}]")
    elif kind == "float":
        assert repr(actual) == repr(expected), f"{path}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
