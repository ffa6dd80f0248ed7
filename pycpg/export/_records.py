"""One item as plain JSON data: the serialization every writer of :mod:`pycpg.export` shares.

An item (a pydantic model, or a ``Mapping`` such as an item of a pycpg 1.0 page) becomes
a ``dict`` of JSON values: wire (alias) names, the model's field order then its extra
keys, every declared field present (``None`` when absent), timestamps in the one format
of :func:`format_timestamp`, secrets masked as ``"***"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timezone
from enum import Enum
from functools import lru_cache
from typing import Any, Final

from pydantic import BaseModel, SecretBytes, SecretStr
from pydantic_core import to_json as _to_json

from pycpg._redact import MASK, MAX_JSON_DEPTH, is_sensitive_key

__all__ = [
    "ItemLike",
    "compact_json",
    "format_timestamp",
    "json_record",
    "jsonl_line",
    "normalized_record",
]

#: What the writers accept as one item: a model, or a mapping with wire (camelCase) keys.
ItemLike = BaseModel | Mapping[str, Any]

_UTC: Final = timezone.utc


def format_timestamp(moment: datetime) -> str:
    """The one timestamp format of every export: UTC, RFC 3339, microseconds, ``Z``.

    ``2026-01-01T09:30:00.000000Z``: the instant moved to UTC, always six fraction
    digits, always the ``Z`` suffix, so that the text sorts as the instants do. A
    naive ``datetime`` is taken as UTC (the API always sends an offset; CrashPlan's
    convention for dates without one is UTC).
    """
    if moment.utcoffset() is not None:
        moment = moment.astimezone(_UTC)
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _as_utc(moment: datetime) -> datetime:
    """The same instant as a plain, aware UTC ``datetime`` (naive is taken as UTC)."""
    if type(moment) is not datetime:  # a subclass, such as a model's date that keeps its wire text
        moment = datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                          moment.microsecond, moment.tzinfo, fold=moment.fold)
    if moment.utcoffset() is None:
        return moment.replace(tzinfo=_UTC)
    return moment.astimezone(_UTC)


@lru_cache(maxsize=4096)
def _sensitive(key: str) -> bool:
    return is_sensitive_key(key)


def _plain(value: Any, text_times: bool, depth: int = 0) -> Any:
    """``value`` as plain JSON data (see the module docstring).

    With ``text_times`` dates become :func:`format_timestamp` text, otherwise aware
    UTC ``datetime`` objects (for data frames).
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise ValueError(f"cannot export the float {value!r}: JSON has no NaN or infinity")
        return value
    if depth >= MAX_JSON_DEPTH:
        raise ValueError(f"cannot export a value nested more than {MAX_JSON_DEPTH} levels deep")
    if kind is dict or isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                if not isinstance(key, str):
                    raise TypeError(f"cannot export a mapping key of type {type(key).__name__} ({key!r}): "
                                    "keys must be strings")
                key = str.__str__(key)
            if item is None:
                out[key] = None
            elif _sensitive(key):
                out[key] = MASK
            else:
                kind = type(item)
                # Plain scalars inline: most values are, and a call per value is most of the cost.
                out[key] = item if kind is str or kind is int or kind is bool else _plain(item, text_times, depth + 1)
        return out
    if kind is list or kind is tuple:
        return [_plain(item, text_times, depth + 1) for item in value]
    if isinstance(value, datetime):
        return format_timestamp(value) if text_times else _as_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, SecretStr | SecretBytes):
        return MASK
    if isinstance(value, str):  # StrEnum members, strings that remember a number
        return str.__str__(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):  # IntEnum members and other int subclasses
        return int(value)
    if isinstance(value, float):
        return _plain(float(value), text_times, depth)
    if isinstance(value, Enum):
        return _plain(value.value, text_times, depth + 1)
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(by_alias=True), text_times, depth + 1)
    if isinstance(value, list | tuple):
        return [_plain(item, text_times, depth + 1) for item in value]
    raise TypeError(f"cannot export a value of type {kind.__module__}.{kind.__qualname__}: "
                    "only JSON data, dates, enums, secrets and pydantic models are supported")


def _dumped(item: Any, model: type[BaseModel] | None) -> Mapping[str, Any]:
    """The item as a mapping with wire keys: a model's Python-mode dump, or the mapping."""
    if model is None and type(item) is dict:
        return item
    if model is not None:
        if isinstance(item, model):
            return item.model_dump(by_alias=True)
        if isinstance(item, BaseModel):
            raise TypeError(f"got a {type(item).__name__} model where {model.__name__} was expected")
        if isinstance(item, Mapping):
            return model.model_validate(item).model_dump(by_alias=True)
    elif isinstance(item, BaseModel):
        return item.model_dump(by_alias=True)
    elif isinstance(item, Mapping):
        return item
    raise TypeError(_not_an_item(item))


def _not_an_item(item: Any) -> str:
    name = type(item).__name__
    hint = ""
    if name.startswith("Pycpg") and name.endswith("Response"):
        hint = (" (a whole response or page: pass its items instead, e.g. page['computers'] of "
                "sdk.devices.get_all(), or the models of sdk.devices.iter_all())")
    elif isinstance(item, str | bytes):
        hint = " (strings are not items: pass dicts or models)"
    return f"cannot export an item of type {name}: expected a pydantic model or a mapping{hint}"


def normalized_record(item: Any, model: type[BaseModel] | None, text_times: bool) -> dict[str, Any]:
    """:func:`json_record`, with dates as UTC ``datetime`` objects when ``text_times`` is false."""
    record = _plain(_dumped(item, model), text_times)
    if not isinstance(record, dict):  # a Mapping always gives a dict; kept for the type checker
        raise TypeError(_not_an_item(item))
    return record


def json_record(item: ItemLike, *, model: type[BaseModel] | None = None) -> dict[str, Any]:
    """One item as the JSON object the JSON Lines and JSON writers write for it.

    ``item`` is a pydantic model (usually a :class:`pycpg.models.PycpgModel`) or a
    mapping with the API's wire (camelCase) keys, such as an item of a pycpg 1.0
    page (``page["computers"][0]``). With ``model``, a mapping is first validated
    into that model (``model.model_validate``), so a dict and the model parsed
    from it give the same record; an instance of another model is a ``TypeError``.

    The result is plain JSON data: wire names; for a model every declared field in
    declaration order (``None`` for one that was absent), then the extra keys it
    kept; nested models and lists kept nested; dates as :func:`format_timestamp`
    text; enum members as their values; ``SecretStr`` fields and the values of
    keys that name a secret (``password``, ``…Password``, ``…Token``, ``apiKey``,
    ``encryptionKey``, …, see :func:`pycpg._redact.is_sensitive_key`) as ``"***"``.

    Raises:
        TypeError: ``item`` is neither a model nor a mapping, is a model of the
            wrong class, or holds a value JSON cannot represent (a ``set``, an
            object, a non-string key).
        ValueError: a float is NaN or infinite, or the data is nested more than
            200 levels deep.
        pydantic.ValidationError: ``model`` was given and the mapping does not fit it.
    """
    return normalized_record(item, model, True)


def compact_json(value: Any) -> str:
    """``value`` (plain JSON data, as :func:`json_record` gives) as compact JSON text.

    No spaces, non-ASCII characters as themselves, control characters, ``"`` and
    ``\\`` escaped. Encoded by pydantic-core (several times faster than the ``json``
    module; the same text but for float exponents, ``1e-7`` for ``1e-07``).

    Raises:
        ValueError: a string holds a lone surrogate, which UTF-8 cannot encode.
    """
    return _to_json(value).decode()


def jsonl_line(item: ItemLike, *, model: type[BaseModel] | None = None) -> str:
    """One item as one JSON Lines line: :func:`json_record` as compact JSON, then ``"\\n"``.

    Exactly what :func:`pycpg.export.write_jsonl` writes for the item (so lines
    appended to a file with this function match the ones it wrote). Compact
    separators, non-ASCII characters written as themselves (``ensure_ascii=False``);
    a newline inside a string is escaped, so the only newline is the last
    character. Raises as :func:`json_record` does.
    """
    return compact_json(json_record(item, model=model)) + "\n"
