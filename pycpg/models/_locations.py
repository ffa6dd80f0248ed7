"""Where a validation error sits in a payload, told in model terms.

pydantic reports an error at a location such as ``("computers", 3, "guid")``.
:func:`describe_location` walks the target type along that location and answers
``("Device at computers[3]", "guid")``: the model that holds the failing field
(with the path to it) and the field itself. Used for the messages of
``PycpgModelError``; only runs when validation has already failed.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag

__all__ = ["describe_location", "type_name"]

_SEQUENCES = (list, tuple, set, frozenset, Sequence)


def type_name(target: Any) -> str:
    """A short readable name of a model type: ``Device``, ``list[LegalHoldMatter]``."""
    origin = get_origin(target)
    if origin is Annotated:
        return type_name(get_args(target)[0])
    if origin in (Union, types.UnionType):
        return " | ".join(type_name(arg) for arg in get_args(target))
    if origin is not None:
        args = ", ".join(type_name(arg) for arg in get_args(target))
        return f"{getattr(origin, '__name__', repr(origin))}[{args}]"
    if target is type(None):
        return "None"
    return getattr(target, "__name__", None) or repr(target)


def describe_location(target: Any, loc: Sequence[int | str]) -> tuple[str, str] | None:
    """``(subject, field)`` for an error at ``loc`` in a payload validated as ``target``.

    ``subject`` names the innermost model on the way, with the path to it
    (``"Device at computers[3]"``, or just ``"Device"`` at the top);
    ``field`` is the rest of the location from that model's field on
    (``"guid"``, ``"alertStates[0]"``). Union member tags and member names that
    pydantic puts in locations are left out. ``None`` when no model is on the way.
    """
    current: Any = target
    shown: list[int | str] = []
    found: tuple[str, int] | None = None  # (model name, index in ``shown`` of its field)
    for part in loc:
        current = _unwrap(current)
        chosen = _union_member(current, part)
        if chosen is not None:
            current = chosen
            continue
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            found = (current.__name__, len(shown))
            current = _field_type(current, part)
        else:
            current = _item_type(current, part)
        shown.append(part)
    if found is None:
        return None
    name, at = found
    where = _path(shown[:at])
    subject = f"{name} at {where}" if where else name
    return subject, _path(shown[at:]) or "<root>"


def _unwrap(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and without ``None`` in a union."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _union_member(annotation: Any, part: int | str) -> Any:
    """The member of a union that a location step names (by tag or type name), else None."""
    if get_origin(annotation) not in (Union, types.UnionType) or not isinstance(part, str):
        return None
    for member in get_args(annotation):
        if get_origin(member) is Annotated:
            if any(isinstance(meta, Tag) and meta.tag == part for meta in get_args(member)[1:]):
                return member
        if type_name(_unwrap(member)) == part or getattr(_unwrap(member), "__name__", None) == part:
            return member
    return None


def _field_type(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field.annotation
    return Any


def _item_type(annotation: Any, part: int | str) -> Any:
    origin = get_origin(annotation)
    args = get_args(annotation)
    if isinstance(part, int) and isinstance(origin, type) and issubclass(origin, _SEQUENCES) and args:
        return args[0]
    if isinstance(origin, type) and issubclass(origin, Mapping) and len(args) == 2:
        return args[1]
    return Any


def _path(parts: Sequence[int | str]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
