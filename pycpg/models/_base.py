"""Shared base class and field types for the pycpg response models."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from functools import cache
from typing import Annotated, Any, Final, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    SecretStr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.alias_generators import to_camel

from pycpg._redact import MASK, is_sensitive_key, mask_sensitive_keys, redact_json

__all__ = ["REVEAL_SECRETS", "PycpgModel", "Secret", "Timestamp"]

#: The serialization-context key that makes a model dump show its secrets:
#: ``model.model_dump(context={REVEAL_SECRETS: True})`` (also ``model_dump_json``).
REVEAL_SECRETS: Final = "reveal_secrets"


def _reveals(context: Any) -> bool:
    return isinstance(context, Mapping) and context.get(REVEAL_SECRETS) is True


def _serialize_secret(value: SecretStr, info: SerializationInfo) -> Any:
    if _reveals(info.context):
        return value.get_secret_value()
    if info.mode_is_json():
        return MASK
    return value  # Python mode: the SecretStr itself, which validates back unchanged


Secret = Annotated[SecretStr, PlainSerializer(_serialize_secret, return_type=Any, when_used="always")]
"""A secret string field (a ``pydantic.SecretStr``).

Shown as ``SecretStr('**********')`` by ``repr``/``str``; a plain ``model_dump()``
keeps the ``SecretStr`` object, ``model_dump(mode="json")``/``model_dump_json()``
write ``"***"``. ``field.get_secret_value()`` gives the value, and so do dumps
with ``context={"reveal_secrets": True}``.
"""


class PycpgModel(BaseModel):
    """Base for every CrashPlan payload model.

    Attributes are snake_case; the wire (camelCase) names are the aliases, so
    ``model_dump(by_alias=True)`` reproduces the payload keys. Validation is
    lenient: unknown keys are kept (and dumped back under their wire names),
    numbers arriving where a string id is expected become strings. Pass
    ``strict=True`` to ``model_validate``/``model_validate_json`` to opt in to
    strict type checking.

    Secrets are hidden from ``repr``, ``str`` and dumps:

    * fields declared :data:`Secret` (``DataKeyToken.data_key_token``) are
      ``pydantic.SecretStr``: read them with ``.get_secret_value()``;
    * an unknown (extra) key that names a secret (``password``, ``…Token``, see
      :func:`pycpg._redact.is_sensitive_key`), and such keys at any depth inside
      extras and inside free-form ``dict``/``list``/``Any`` fields (settings
      trees), have their values shown and dumped as ``"***"``.

    ``model_dump(context={"reveal_secrets": True})`` (the key is
    :data:`REVEAL_SECRETS`; ``model_dump_json`` takes the same ``context``) dumps
    everything as received, secrets included: use it to send a payload back to
    the server. ``PycpgResponse.data`` and subscripting always show the raw body.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
    )

    @model_serializer(mode="wrap")
    def _hide_secrets(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if _reveals(info.context) or not isinstance(data, dict):
            return data
        fields, plain = _field_keys(type(self))
        masked: dict[str, Any] | None = None
        for key, value in data.items():
            if key in fields and key not in plain:
                continue  # typed data, or a nested model that masked itself
            if key not in fields and value is not None and is_sensitive_key(key):
                hidden: Any = MASK
            else:
                hidden = mask_sensitive_keys(value)
            if hidden is not value:
                if masked is None:
                    masked = dict(data)
                masked[key] = hidden
        return data if masked is None else masked

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        extra = self.__pydantic_extra__ or {}
        _, plain = _field_keys(type(self))
        for key, value in super().__repr_args__():
            if key is not None and key in extra:
                yield key, MASK if value is not None and is_sensitive_key(key) else redact_json(value)
            elif key in plain:
                yield key, redact_json(value)
            else:
                yield key, value


@cache
def _field_keys(model: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """The keys (names and aliases) of ``model``'s fields, and those of its free-form
    JSON fields (whose contents are checked for secret keys)."""
    fields: set[str] = set()
    plain: set[str] = set()
    for name, field in model.model_fields.items():
        keys = {name} if field.alias is None else {name, field.alias}
        fields |= keys
        if _holds_plain_json(field.annotation):
            plain |= keys
    return frozenset(fields), frozenset(plain)


def _holds_plain_json(annotation: Any) -> bool:
    """Whether a field of this type may hold dicts that are not models."""
    if annotation is Any:
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        return _holds_plain_json(get_args(annotation)[0])
    if origin is None:
        if isinstance(annotation, type):
            if issubclass(annotation, BaseModel | SecretStr | str | bytes | int | float | datetime):
                return False
            return issubclass(annotation, Mapping | list | tuple | set | frozenset)
        return annotation is not None and annotation is not type(None)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return True
    return any(_holds_plain_json(arg) for arg in get_args(annotation))


def _assume_utc_if_naive(value: datetime) -> datetime:
    # The API always sends an offset; a naive value can only come from a caller
    # or an odd fixture, and CrashPlan's own convention for those is UTC.
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=timezone.utc)
    return value


Timestamp = Annotated[datetime, AfterValidator(_assume_utc_if_naive)]
"""A timezone-aware ``datetime``.

Accepts whatever pydantic accepts for ``datetime`` (ISO-8601 strings with
``Z``/``±HH:MM`` offsets and any fraction digits, POSIX seconds or
milliseconds as numbers). The original offset is kept; naive input is taken
as UTC.
"""
