"""Shared base class and field types for the pycpg response models."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache, partial
from typing import Annotated, Any, Final, SupportsIndex, cast, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    SecretStr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticKnownError, SchemaValidator
from pydantic_core import core_schema as cs
from pydantic_core.core_schema import ErrorType

from pycpg._redact import MASK, is_sensitive_key, mask_sensitive_keys, redact_json

__all__ = ["REVEAL_SECRETS", "PycpgModel", "Secret", "Timestamp"]

#: The serialization-context key that makes a model dump show its secrets:
#: ``model.model_dump(context={REVEAL_SECRETS: True})`` (also ``model_dump_json``).
REVEAL_SECRETS: Final = "reveal_secrets"

# The serialization-context key that makes a dump give back the values as received
# (see PycpgModel.to_wire); to_wire passes it together with REVEAL_SECRETS.
_WIRE_FORM: Final = "pycpg_wire_form"
_WIRE_CONTEXT: Final = {REVEAL_SECRETS: True, _WIRE_FORM: True}

# Marks, in core-schema metadata, the nodes whose values may remember their wire form;
# the value says how _restore_wire_values treats a field: a string that may be a kept
# number, a date, or anything holding those (lists, dicts, unions), item by item.
_WIRE_MARK: Final = "pycpg_wire_value"
_TEXT: Final = 1
_DATE: Final = 2
_NESTED: Final = 3


def _reveals(context: Any) -> bool:
    return isinstance(context, Mapping) and context.get(REVEAL_SECRETS) is True


def _wants_wire_form(context: Any) -> bool:
    return isinstance(context, Mapping) and context.get(_WIRE_FORM) is True


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
with ``context={"reveal_secrets": True}`` and :meth:`PycpgModel.to_wire`.
"""


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


# --- Values that remember their wire form -------------------------------------------
#
# Each is the declared type (a str, a datetime), so that attribute access,
# comparisons and mypy see nothing new; to_wire writes back what was received.


class _IntText(str):
    """The text of an integer sent for a string field; goes back out as the integer."""

    __slots__ = ()


class _FloatText(str):
    """The text (``repr``) of a float sent for a string field; goes back out as the float."""

    __slots__ = ()


class _WireTime(datetime):
    """A parsed date that keeps the JSON value it came from (text or number).

    Only dates whose text :func:`_render` would not reproduce are kept this
    way; the others are plain ``datetime`` objects. Results of arithmetic,
    ``replace`` or ``astimezone`` are new dates without a kept value.
    """

    __slots__ = ("_wire",)

    _wire: str | int | float

    def __repr__(self) -> str:
        text = datetime.__repr__(self)
        return "datetime.datetime" + text[text.index("(") :]

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Pickle and copy keep the kept value (datetime's own reduce would drop it).
        return _kept_wire_time, (_reduce(self)[1], getattr(self, "_wire", None))


def _kept_wire_time(state: tuple[Any, ...], wire: str | int | float | None) -> datetime:
    moment = _WireTime(*state)
    if wire is not None:
        moment._wire = wire
    return moment


def _number_text(value: int | float) -> str:
    if isinstance(value, int):
        return _IntText(int(value))
    return _FloatText(float(value))


def _node_js(node: CoreSchema) -> Callable[[CoreSchema, GetJsonSchemaHandler], JsonSchemaValue]:
    # The JSON Schema of a rewritten node is the one of the node it replaces.
    def generate(_: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(node)

    return generate


# Never valid: the strict side of a rule that only exists in lenient mode.
_NEVER: Final = cs.literal_schema([object()])


def _remembering_str(node: CoreSchema) -> CoreSchema:
    """A ``str`` field that also takes numbers (``coerce_numbers_to_str``) and keeps them.

    Tried in order, all in pydantic-core: a string, as is; in lenient mode only,
    an int or float (not a bool), made an :class:`_IntText`/:class:`_FloatText`
    (the only Python call, and only for numbers); anything else as the original
    schema would (so strict mode, errors and other inputs are unchanged).
    """
    number = cs.no_info_after_validator_function(
        _number_text, cs.union_schema([cs.int_schema(strict=True), cs.float_schema(strict=True)])
    )
    return cs.union_schema(
        [
            cast(CoreSchema, {**node, "strict": True}),
            cs.lax_or_strict_schema(lax_schema=number, strict_schema=_NEVER),
            node,
        ],
        mode="left_to_right",
        custom_error_type="string_type",
        serialization=cs.simple_ser_schema("str"),
        metadata={_WIRE_MARK: _TEXT, "pydantic_js_functions": [_node_js(node)]},
    )


_CHILD_KEYS: Final = {
    "default": "schema",
    "nullable": "schema",
    "list": "items_schema",
    "dict": "values_schema",
    "lax-or-strict": "lax_schema",
}


def _rewrite(node: CoreSchema) -> CoreSchema:
    """``node`` with its plain ``str`` parts made to remember numbers.

    Only the field's own value is visited: optional and default wrappers, list
    items, dict values, the lenient side of ``lax-or-strict`` and ordered
    (``left_to_right``) unions; nested models rewrite themselves, and smart unions
    (``str | int``) are left alone because they already keep a number a number.
    Returns ``node`` itself when nothing changed (so it is idempotent and never
    alters a shared schema).
    """
    raw = cast(dict[str, Any], node)
    kind = raw["type"]
    if kind == "str":
        if raw.get("strict") or "ref" in raw or _WIRE_MARK in (raw.get("metadata") or {}):
            return node
        return _remembering_str(node)
    child_key = _CHILD_KEYS.get(kind)
    if child_key is not None:
        child = raw.get(child_key)
        if child is None:
            return node
        new_child = _rewrite(child)
        return node if new_child is child else cast(CoreSchema, {**raw, child_key: new_child})
    if kind == "union" and raw.get("mode") == "left_to_right":
        choices: list[Any] = []
        changed = False
        for choice in raw["choices"]:
            if isinstance(choice, tuple):
                new: Any = (_rewrite(choice[0]), choice[1])
                changed |= new[0] is not choice[0]
            else:
                new = _rewrite(choice)
                changed |= new is not choice
            choices.append(new)
        return cast(CoreSchema, {**raw, "choices": choices}) if changed else node
    return node


def _remembering_fields(schema: CoreSchema, model: type[BaseModel]) -> CoreSchema:
    """``schema`` (the core schema of ``model``) with every field passed to :func:`_rewrite`."""
    raw = cast(dict[str, Any], schema)
    if raw.get("type") != "model" or raw.get("cls") is not model:
        return schema  # a reference to a schema built (and rewritten) before
    fields_schema = raw["schema"]
    if fields_schema.get("type") != "model-fields":
        return schema
    fields: dict[str, Any] = {}
    changed = False
    for name, field in fields_schema["fields"].items():
        inner = _rewrite(field["schema"])
        if inner is not field["schema"]:
            field = {**field, "schema": inner}
            changed = True
        fields[name] = field
    if not changed:
        return schema
    return cast(CoreSchema, {**raw, "schema": {**fields_schema, "fields": fields}})


def _wire_kind(node: Any, nested: bool = False) -> int:
    """How a field of core schema ``node`` holds values that may remember their wire
    form (see above), or 0 if it holds none."""
    if not isinstance(node, dict):
        return 0
    mark = (node.get("metadata") or {}).get(_WIRE_MARK)
    if mark is not None:
        return _NESTED if nested else int(mark)
    kind = node.get("type", "")
    child_key = _CHILD_KEYS.get(kind)
    if child_key is not None:
        return _wire_kind(node.get(child_key), nested or kind in ("list", "dict"))
    if kind == "union":
        found = [_wire_kind(c[0] if isinstance(c, tuple) else c, True) for c in node["choices"]]
        return _NESTED if any(found) else 0
    return 0


_Fields = tuple[tuple[str, str], ...]


@cache
def _wire_fields(model: type[BaseModel]) -> tuple[_Fields, _Fields, _Fields]:
    """``(name, wire name)`` of the fields of ``model`` whose values
    :func:`_restore_wire_values` may restore: strings, dates, and fields holding
    either deeper (kinds as in :func:`_wire_kind`)."""
    schema: Any = model.__pydantic_core_schema__
    while schema.get("type") == "definitions":
        schema = schema["schema"]
    found: dict[int, list[tuple[str, str]]] = {_TEXT: [], _DATE: [], _NESTED: []}
    if schema.get("type") == "model" and schema["schema"].get("type") == "model-fields":
        for name, field in schema["schema"]["fields"].items():
            kind = _wire_kind(field["schema"])
            if kind:
                found[kind].append((name, field.get("serialization_alias") or name))
    return tuple(found[_TEXT]), tuple(found[_DATE]), tuple(found[_NESTED])


def _restore_wire_values(model: BaseModel, data: dict[str, Any]) -> None:
    """Put back, in a dump of ``model``, the values as they were received.

    Runs once per model of a :meth:`PycpgModel.to_wire`: string fields are only
    looked at when the model holds a kept number at all.
    """
    values = model.__dict__
    texts, dates, nested = _wire_fields(type(model))
    restored: list[tuple[str, str, Any]] = []
    if texts:
        present = set(map(type, values.values()))  # one pass, in C
        if _IntText in present or _FloatText in present:
            for name, alias in texts:
                value = values.get(name)
                if type(value) is _IntText:
                    restored.append((name, alias, int(value)))
                elif type(value) is _FloatText:
                    restored.append((name, alias, float(value)))
    for name, alias in dates:
        value = values.get(name)
        if isinstance(value, datetime):
            restored.append((name, alias, _wire_date(value)))
    for name, alias, value in restored:
        key = alias if alias in data else name
        if key in data:
            data[key] = value
    for name, alias in nested:
        value = values.get(name)
        key = alias if alias in data else name
        if value is not None and key in data:
            data[key] = _wire_value(value, data[key])


def _wire_date(value: datetime) -> str | int | float:
    """The wire form of a date: the value it was parsed from, or :func:`_render`."""
    wire = getattr(value, "_wire", None) if type(value) is _WireTime else None
    return _render(value) if wire is None else wire


def _wire_value(value: Any, dumped: Any) -> Any:
    """The wire form of the attribute ``value``, whose ordinary dump is ``dumped``."""
    kind = type(value)
    if kind is _IntText:
        return int(value)
    if kind is _FloatText:
        return float(value)
    if isinstance(value, datetime):
        return _wire_date(value)
    if kind is list and type(dumped) is list and len(value) == len(dumped):
        return [_wire_value(v, d) for v, d in zip(value, dumped, strict=True)]
    if kind is dict and type(dumped) is dict:
        return {k: _wire_value(value[k], d) if k in value else d for k, d in dumped.items()}
    return dumped


# --- Timestamp -----------------------------------------------------------------------

#: The zone of a UTC date received as ``…+00:00`` (``timezone.utc`` is ``…Z``): equal
#: to UTC in every way, named after its spelling so that it is written back so.
_UTC_AS_OFFSET: Final = timezone(timedelta(0), "+00:00")


def _render(moment: datetime) -> str:
    """A date as CrashPlan writes it: ISO-8601 with milliseconds (microseconds when it
    has them) and the offset as ``±HH:MM``, UTC as ``Z`` unless the zone is named
    ``+00:00``; a naive date is taken as UTC."""
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=timezone.utc)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond % 1000 == 0 else "microseconds")
    if text.endswith("+00:00") and moment.tzname() != "+00:00":
        return text[:-6] + "Z"
    return text


def _assume_utc_if_naive(value: datetime) -> datetime:
    # The API always sends an offset; a naive value can only come from a caller
    # or an odd fixture, and CrashPlan's own convention for those is UTC.
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=timezone.utc)
    return value


_LENIENT_DATETIME: Final = SchemaValidator(cs.datetime_schema())
_STRICT_DATETIME: Final = SchemaValidator(cs.datetime_schema(strict=True))
_from_iso: Final = datetime.fromisoformat
_UTC: Final = timezone.utc


# ``datetime.__reduce__`` gives ``(datetime, (state, tzinfo))``: the date and time in a
# 10-byte form that ``datetime(state, tzinfo)`` takes back (it is how a date is
# pickled). That is the fastest way to give a date another zone:
# ``replace(tzinfo=…)`` is several times slower.
_reduce: Final = cast(Callable[[datetime], tuple[Any, tuple[bytes, Any]]], datetime.__reduce__)
_from_state: Final = cast(Callable[[bytes, tzinfo], datetime], datetime)
_wire_time_from_state: Final = cast(Callable[[bytes, tzinfo], "_WireTime"], _WireTime)


def _kept(value: str | int | float, validate: Callable[[Any], datetime]) -> datetime:
    """The date of a JSON value in a form :func:`_render` does not write (other
    precision or offset spelling, a number), as a :class:`_WireTime` keeping ``value``."""
    moment = _validated(value, validate)
    offset = moment.utcoffset()
    kept = _wire_time_from_state(_reduce(moment)[1][0], _UTC if not offset else timezone(offset))
    kept._wire = value
    return kept


def _validated(value: Any, validate: Callable[[Any], datetime]) -> datetime:
    try:
        return _assume_utc_if_naive(validate(value))
    except ValidationError as error:  # raised again as this field's own error
        detail = error.errors(include_url=False)[0]
        raise PydanticKnownError(cast(ErrorType, detail["type"]), detail.get("ctx")) from None


def _timestamp_validator(validate: Callable[[Any], datetime]) -> Callable[[Any], datetime]:
    """The validator of a :data:`Timestamp`, which runs once per date of every
    payload (so it is written for speed), with ``validate`` for what it does
    not handle itself.

    The form CrashPlan sends, ``YYYY-MM-DDTHH:MM:SS.fff`` (or six fraction
    digits not ending in ``000``) then ``Z`` or ``±HH:MM`` (``-00:00``
    excepted), is parsed by ``datetime.fromisoformat`` (on it pydantic agrees)
    and gives a plain ``datetime``, which :func:`_render` writes back as
    received; ``…+00:00`` gets the zone :data:`_UTC_AS_OFFSET`. Other strings
    and numbers are validated by ``validate`` and kept (:func:`_kept`).
    Python objects (a ``datetime``, …) are validated and kept as they are.
    """

    def timestamp(value: Any) -> datetime:
        kind = type(value)
        if kind is str:
            try:
                moment = _from_iso(value)
            except ValueError:
                return _kept(value, validate)
            size = len(value)
            # The separators at 4, 7, 10, 13, 16 and 19 (this rules out a space for
            # "T", week dates, compact forms, a comma for the fraction point).
            if value[4:20:3] == "--T::.":
                if size == 29 or (size == 32 and value[23:26] != "000"):  # …fff±HH:MM
                    # (fromisoformat takes offset minutes up to 99, pydantic up to 59)
                    if value[-3] == ":" and value[-6] in "+-" and value[-2] < "6":
                        if moment.tzinfo is not _UTC:
                            return moment
                        if value[-6] == "+":
                            return _from_state(_reduce(moment)[1][0], _UTC_AS_OFFSET)
                elif (size == 24 or (size == 27 and value[23:26] != "000")) and value[-1] == "Z":  # …fffZ
                    return moment
            return _kept(value, validate)
        if kind is int or kind is float:
            return _kept(value, validate)
        return _validated(value, validate)

    return timestamp


def _strict_json(value: Any) -> datetime:
    # Strict JSON rules apply to JSON input: the decoded value is encoded again.
    return cast(datetime, _STRICT_DATETIME.validate_json(json.dumps(value)))


_lenient_timestamp: Final = _timestamp_validator(_LENIENT_DATETIME.validate_python)
_strict_json_timestamp: Final = _timestamp_validator(_strict_json)


# --- The JSON fast path ---------------------------------------------------------------
#
# A page of 500 devices holds some 6,600 dates, and running the Python validator above
# for each took about 40% of ``.model()``. For JSON input the forms of its fast path
# are recognised in pydantic-core instead (Rust regexes) and parsed by C functions
# with no Python frame: ``datetime.fromisoformat`` for ``…Z`` and non-zero offsets
# (exactly what the validator returns for them), and for ``…+00:00`` the same date
# moved to _UTC_AS_OFFSET by two subtractions, ``epoch+00:00 - (epoch UTC - date)``
# (exact; three times cheaper than going through ``__reduce__``, ``replace`` or
# ``astimezone``). Anything else, and a matching text fromisoformat refuses
# (February 30th), passes through ``any_schema`` unchanged to the Python validator,
# so the result, and the error (type, context, location and input), is the one it
# gives. Measured per date (pydantic-core calling, shared machine, min of 25):
# ``…+00:00`` 1.9 -> 1.0 us, ``…Z`` 0.85 -> 0.85 us, ``-05:00`` 1.3 -> 1.1 us
# (``…+00:00`` is tried first: a failed choice costs about 0.25 us). Python input
# (``model_validate``) still goes to the validator directly: it may hold ``str``
# subclasses and ``datetime`` objects, which the fast path would not tell apart.

_ISO_MILLIS: Final = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}(?:00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})?"
)
#: ``…+00:00``, the form that gets the zone _UTC_AS_OFFSET.
_PLUS_ZERO_FORM: Final = "^" + _ISO_MILLIS + r"\+00:00$"
#: ``…Z`` and the non-zero offsets (``-00:00`` is not one: it is kept), parsed as they are.
_AS_PARSED_FORM: Final = (
    "^" + _ISO_MILLIS + r"(?:Z|[+-](?:0[1-9]|1[0-9]|2[0-3]):[0-5][0-9]|[+-]00:(?:0[1-9]|[1-5][0-9]))$"
)
_before_utc_epoch: Final = partial(operator.sub, datetime(1970, 1, 1, tzinfo=_UTC))
_at_utc_as_offset: Final = partial(operator.sub, datetime(1970, 1, 1, tzinfo=_UTC_AS_OFFSET))


def _json_timestamp_schema(timestamp: Callable[[Any], datetime]) -> CoreSchema:
    """The JSON-input schema of a :data:`Timestamp` whose validator is ``timestamp``."""

    def finish(value: Any) -> datetime:
        # JSON input is never a datetime: one here was parsed by the fast path.
        return value if type(value) is datetime else timestamp(value)

    parse = cs.no_info_plain_validator_function
    return cs.chain_schema(
        [
            cs.union_schema(
                [
                    cs.chain_schema(
                        [
                            cs.str_schema(pattern=_PLUS_ZERO_FORM, strict=True),
                            parse(_from_iso),
                            parse(_before_utc_epoch),
                            parse(_at_utc_as_offset),
                        ]
                    ),
                    cs.chain_schema([cs.str_schema(pattern=_AS_PARSED_FORM, strict=True), parse(_from_iso)]),
                    cs.any_schema(),
                ],
                mode="left_to_right",
            ),
            parse(finish),
        ]
    )


class _TimestampSchema:
    """``Annotated`` marker giving :data:`Timestamp` its core schema (see there)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return _timestamp_schema()


@cache
def _timestamp_schema() -> CoreSchema:
    return cs.lax_or_strict_schema(
        lax_schema=cs.json_or_python_schema(
            json_schema=_json_timestamp_schema(_lenient_timestamp),
            python_schema=cs.no_info_plain_validator_function(_lenient_timestamp),
        ),
        strict_schema=cs.json_or_python_schema(
            json_schema=_json_timestamp_schema(_strict_json_timestamp),
            python_schema=cs.no_info_after_validator_function(
                _assume_utc_if_naive, cs.datetime_schema(strict=True)
            ),
        ),
        serialization=cs.simple_ser_schema("datetime"),
        metadata={_WIRE_MARK: _DATE, "pydantic_js_functions": [_node_js(cs.datetime_schema())]},
    )


Timestamp = Annotated[datetime, _TimestampSchema()]
"""A timezone-aware ``datetime`` that remembers the text it was parsed from.

Accepts whatever pydantic accepts for ``datetime`` (ISO-8601 strings with
``Z``/``±HH:MM`` offsets and any fraction digits, POSIX seconds or
milliseconds as numbers). The original offset is kept; naive input is taken
as UTC. :meth:`PycpgModel.to_wire` writes the date back exactly as received
(``model_dump`` uses pydantic's own format). In strict mode Python input must
be a ``datetime``; JSON input is a string, as for pydantic's ``datetime``.

Parsed dates have a standard-library ``datetime.timezone``: ``timezone.utc``
for ``…Z``, a zone named ``"+00:00"`` (equal to UTC) for ``…+00:00``. The form
CrashPlan sends (``…SS.fffZ``, ``…SS.fff±HH:MM``) gives a plain ``datetime``;
another form (no fraction, ``-00:00``, a number, …) gives a ``datetime``
subclass that keeps the value received.
"""


class PycpgModel(BaseModel):
    """Base for every CrashPlan payload model.

    Attributes are snake_case; the wire (camelCase) names are the aliases.
    Validation is lenient: unknown keys are kept (and dumped back under their
    wire names), numbers arriving where a string id is expected become strings.
    Pass ``strict=True`` to ``model_validate``/``model_validate_json`` to opt in
    to strict type checking.

    **The wire form.** :meth:`to_wire` gives back the JSON object the model was
    parsed from, and :meth:`to_wire_json` the same as JSON text: the keys that
    were sent (wire names, unknown keys included, no ``null`` for a key that was
    absent, ``null`` where ``null`` was sent), with the values as sent:

    * a date is the text received (``"2024-03-01T10:00:00.123Z"`` stays that,
      ``"…+00:00"`` and ``"…10:00:00Z"`` too; a number stays that number),
      although the attribute is an aware ``datetime``;
    * a number sent for a string field is the number again (the attribute is
      its string);
    * secrets are revealed (it is the form to send back to the server).

    An attribute changed after parsing goes out in its new value: a date you
    set is written as ISO-8601 with milliseconds (microseconds when it has
    them) and ``Z`` for UTC. Object keys come in the model's order (fields,
    then unknown keys), which JSON does not fix. A number is the same JSON
    number, but an integer sent for a float field comes back as a float
    (``100`` as ``100.0``, the attribute's type); other lenient conversions
    (``"12"`` for an integer, ``1`` for a boolean) are not undone either.

    ``model_dump(by_alias=True)`` is *not* the wire form: it adds every field
    (``None`` for absent ones), writes dates in pydantic's format
    (``"2024-03-01T10:00:00.123000Z"``) and hides secrets.

    Secrets are hidden from ``repr``, ``str`` and dumps:

    * fields declared :data:`Secret` (``DataKeyToken.data_key_token``) are
      ``pydantic.SecretStr``: read them with ``.get_secret_value()``;
    * an unknown (extra) key that names a secret (``password``, ``…Token``, see
      :func:`pycpg._redact.is_sensitive_key`), and such keys at any depth inside
      extras and inside free-form ``dict``/``list``/``Any`` fields (settings
      trees), have their values shown and dumped as ``"***"``.

    ``model_dump(context={"reveal_secrets": True})`` (the key is
    :data:`REVEAL_SECRETS`; ``model_dump_json`` takes the same ``context``) dumps
    everything, secrets included. ``PycpgResponse.data`` and subscripting always
    show the raw body.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
    )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /) -> CoreSchema:
        # Built once per class: string fields remember a number sent in
        # their place (see _remembering_fields), still validated in pydantic-core.
        return _remembering_fields(handler(source), cls)

    def to_wire(self) -> dict[str, Any]:
        """The JSON object this model was parsed from (see the class docstring).

        ``Device.model_validate(payload).to_wire() == payload`` for a payload as
        the server sends it; the result is plain JSON data (``dict``, ``list``,
        ``str``, ``int``, ``float``, ``bool``, ``None``), ready for ``json.dumps``
        or a request body. It is ``model_dump(mode="json", by_alias=True,
        exclude_unset=True)`` with secrets revealed and the values as received.
        """
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, context=_WIRE_CONTEXT)

    def to_wire_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_wire` as JSON text (``indent`` as in ``model_dump_json``)."""
        return self.model_dump_json(indent=indent, by_alias=True, exclude_unset=True, context=_WIRE_CONTEXT)

    @model_serializer(mode="wrap")
    def _hide_secrets(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        if _wants_wire_form(info.context):
            _restore_wire_values(self, data)
        if _reveals(info.context):
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
