"""Known values: ``<StrEnum> | str`` fields, lenient by default and closed in strict mode.

Every field whose annotation carries :class:`~pycpg.models._values.KnownValues` is
found from the models themselves and checked: a known value parses to its member,
an unknown one stays a plain ``str`` (lenient) or fails (strict), in Python and
JSON mode, at the top level, inside lists and nested models, and through
``PycpgResponse.model``.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import requests
from pydantic import TypeAdapter, ValidationError

import pycpg.constants
from pycpg.constants import AlertState, DeviceStatus, LegalHoldEventType
from pycpg.exceptions import PycpgModelError
from pycpg.models import Device, DevicePage, LegalHoldEvent, PycpgModel, User
from pycpg.models._values import KnownValues, known_values_schema
from pycpg.response import PycpgResponse

from .test_required import MODELS, minimal

UNKNOWN = "Something Newer"


def _known_values(annotation: Any) -> tuple[type[StrEnum], bool] | None:
    """``(enum, in_a_list)`` when ``annotation`` is a known-values type (or a list of one)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        marks = [meta for meta in get_args(annotation)[1:] if isinstance(meta, KnownValues)]
        return (marks[0].enum, False) if marks else _known_values(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for member in get_args(annotation):
            found = _known_values(member)
            if found is not None:
                return found
    if origin is list:
        found = _known_values(get_args(annotation)[0])
        return None if found is None else (found[0], True)
    return None


def _fields() -> list[tuple[type[PycpgModel], str, str, type[StrEnum], bool]]:
    found = []
    for model in MODELS:
        for name, field in model.model_fields.items():
            annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
            known = _known_values(annotation)
            if known is not None:
                found.append((model, name, field.alias or name, *known))
    return found


FIELDS = _fields()
IDS = [f"{model.__name__}.{name}" for model, name, *_ in FIELDS]


def test_the_expected_fields_have_known_values() -> None:
    assert {(model.__name__, name, enum.__name__) for model, name, _, enum, _ in FIELDS} == {
        ("Archive", "format", "ArchiveFormat"),
        ("AuditLogEvent", "actor_type", "AuditActorType"),
        ("BackupRunWindow", "days", "Weekday"),
        ("BackupUsage", "alert_states", "AlertState"),
        ("BackupUsage", "archive_format", "ArchiveFormat"),
        ("Device", "alert_states", "AlertState"),
        ("Device", "os_name", "OsName"),
        ("Device", "status", "DeviceStatus"),
        ("FileSizeJob", "status", "FileSizeJobStatus"),
        ("LegalHoldEvent", "event_type", "LegalHoldEventType"),
        ("LoginConfig", "login_type", "LoginType"),
        ("Org", "status", "OrgStatus"),
        ("Org", "type", "OrgType"),
        ("Principal", "type", "PrincipalType"),
        ("RestoreJob", "status", "RestoreJobStatus"),
        ("User", "org_type", "OrgType"),
        ("User", "status", "UserStatus"),
        ("WebRestoreTreeNode", "type", "TreeNodeType"),
    }


def _payload(model: type[PycpgModel], key: str, value: str, in_list: bool) -> dict[str, Any]:
    return {**minimal(model), key: [value] if in_list else value}


def _value(parsed: PycpgModel, name: str, in_list: bool) -> Any:
    value = getattr(parsed, name)
    return value[0] if in_list else value


@pytest.mark.parametrize(("model", "name", "key", "enum", "in_list"), FIELDS, ids=IDS)
def test_known_values_become_members_in_both_modes(
    model: type[PycpgModel], name: str, key: str, enum: type[StrEnum], in_list: bool
) -> None:
    for member in enum:
        payload = _payload(model, key, member.value, in_list)
        for strict in (False, True):
            parsed = model.model_validate_json(json.dumps(payload), strict=strict)
            value = _value(parsed, name, in_list)
            assert value is member and value == member.value
        # Python mode too, from a plain string and from the member itself.
        assert _value(model.model_validate(payload), name, in_list) is member
        as_member = _payload(model, key, member, in_list)
        assert _value(model.model_validate(as_member), name, in_list) is member


@pytest.mark.parametrize(("model", "name", "key", "enum", "in_list"), FIELDS, ids=IDS)
def test_unknown_values_stay_strings_and_fail_only_in_strict_mode(
    model: type[PycpgModel], name: str, key: str, enum: type[StrEnum], in_list: bool
) -> None:
    payload = _payload(model, key, UNKNOWN, in_list)

    lenient = _value(model.model_validate_json(json.dumps(payload)), name, in_list)
    assert lenient == UNKNOWN and type(lenient) is str
    # Python-mode strict validation takes Python values (datetimes, not ISO strings).
    python = {**model.model_validate(minimal(model)).model_dump(by_alias=True), key: payload[key]}
    validations: list[Callable[[], PycpgModel]] = [
        lambda: model.model_validate(python, strict=True),
        lambda: model.model_validate_json(json.dumps(payload), strict=True),
    ]
    for validate in validations:
        with pytest.raises(ValidationError) as caught:
            validate()
        (error,) = caught.value.errors()
        assert error["type"] == "unknown_value"
        assert error["loc"] == ((key, 0) if in_list else (key,))
        assert enum.__name__ in error["msg"] and repr(next(iter(enum)).value) in error["msg"]


@pytest.mark.parametrize(("model", "name", "key", "enum", "in_list"), FIELDS, ids=IDS)
def test_values_dump_as_the_plain_string(
    model: type[PycpgModel], name: str, key: str, enum: type[StrEnum], in_list: bool
) -> None:
    member = next(iter(enum))
    parsed = model.model_validate(_payload(model, key, member.value, in_list))

    dumped = parsed.model_dump(mode="json", by_alias=True)[key]
    assert (dumped[0] if in_list else dumped) == member.value
    assert type(dumped[0] if in_list else dumped) is str
    assert json.loads(parsed.model_dump_json(by_alias=True))[key] == dumped
    assert model.model_validate(parsed.model_dump(by_alias=True)) == parsed


def test_numbers_become_strings_in_lenient_mode_only() -> None:
    payload = {**minimal(Device), "status": 5}

    assert Device.model_validate(payload).status == "5"
    with pytest.raises(ValidationError):
        Device.model_validate(payload, strict=True)


@pytest.mark.parametrize("bad", [True, {"a": 1}, [1]])
def test_non_strings_are_one_error_in_lenient_mode(bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Device.model_validate({**minimal(Device), "status": bad})

    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [(("status",), "string_type")]


def test_strictness_reaches_nested_items_and_adapters() -> None:
    device = {**minimal(Device), "alertStates": ["OK", UNKNOWN]}
    page = {"computers": [minimal(Device), device]}

    lenient = DevicePage.model_validate(page)
    assert lenient.computers[1].alert_states == [AlertState.OK, UNKNOWN]
    with pytest.raises(ValidationError) as caught:
        DevicePage.model_validate_json(json.dumps(page), strict=True)
    assert [e["loc"] for e in caught.value.errors()] == [("computers", 1, "alertStates", 1)]

    events = TypeAdapter(list[LegalHoldEvent])
    body = json.dumps([{**minimal(LegalHoldEvent), "eventType": "HOLD_RENAMED"}])
    assert events.validate_json(body)[0].event_type == "HOLD_RENAMED"
    with pytest.raises(ValidationError):
        events.validate_json(body, strict=True)


def _response(body: Any, model: Any) -> PycpgResponse[Any]:
    raw = requests.Response()
    raw.status_code = 200
    raw._content = json.dumps(body).encode()
    raw.url = "https://console.example.com/api/v1/Computer?pgNum=1"
    raw.request = requests.Request("GET", raw.url).prepare()
    return PycpgResponse(raw, model)


def test_response_model_is_lenient_and_strict_on_request() -> None:
    device = {**minimal(Device), "status": UNKNOWN}
    response = _response({"data": {"computers": [minimal(Device), device]}}, DevicePage)

    assert response.model().computers[1].status == UNKNOWN
    assert response.model().computers[0].status is DeviceStatus(minimal(Device)["status"])
    with pytest.raises(PycpgModelError) as caught:
        response.model(strict=True)
    message = str(caught.value)
    assert "GET /api/v1/Computer" in message
    assert "Device at computers[1], field 'status'" in message and "known DeviceStatus value" in message
    assert caught.value.errors[0]["loc"] == ("computers", 1, "status")


def test_json_schema_lists_the_known_values_and_still_allows_any_string() -> None:
    schema = User.model_json_schema(by_alias=True)["properties"]["status"]

    assert {"type": "string"} in schema["anyOf"]
    (listed,) = [option for option in schema["anyOf"] if "enum" in option]
    assert listed["enum"] == ["Active", "Active, Blocked", "Deactivated"]


def test_the_schema_is_built_once_per_enum() -> None:
    assert known_values_schema(DeviceStatus) is known_values_schema(DeviceStatus)


def test_constants_export_every_enum_and_members_are_strings() -> None:
    enums = [
        value for value in vars(pycpg.constants).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == "pycpg.constants"
    ]
    assert len(enums) == 15

    assert {enum.__name__ for enum in enums} <= set(pycpg.constants.__all__)
    for enum in enums:
        assert all(isinstance(member, str) and member == member.value for member in enum)
    assert LegalHoldEventType("HoldCreated") is LegalHoldEventType.LEGACY_HOLD_CREATED
