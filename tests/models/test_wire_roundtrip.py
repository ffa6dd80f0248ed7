"""``PycpgModel.to_wire``: every model gives back exactly the JSON it was parsed from.

Proved three ways:

* generated payloads of every public model (:func:`wire_strategies.model_payloads`,
  derived from the field declarations): absent keys, explicit nulls, unknown keys,
  numbers sent for string fields, dates in every textual form and as numbers;
* the realistic payloads of :mod:`tests.models.strategies`, with their dates
  redrawn in every form;
* every body the emulator serves on the main read (and create) endpoints,
  through the SDK: ``response.model()`` given back is ``response.data``.

Each comparison is exact (:func:`wire_strategies.assert_same_json`): ``"5"`` is not
``5``, ``1`` is not ``1.0``, a date is the same text.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import pycpg.models
import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.models import (
    AuditLogEvent,
    BackupUsage,
    DataKeyToken,
    Device,
    DevicePage,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    LegalHoldUser,
    MatterList,
    MembershipList,
    PycpgModel,
    Timestamp,
    User,
)
from pycpg.response import PycpgResponse
from pycpg.sdk import SDKClient

from . import strategies
from .wire_strategies import (
    as_declared_floats,
    assert_same_json,
    minimal_payload,
    model_payloads,
    wire_timestamps,
    with_wire_timestamps,
)

MODELS: list[type[PycpgModel]] = sorted(
    (
        obj
        for obj in (getattr(pycpg.models, name) for name in pycpg.models.__all__)
        if isinstance(obj, type) and issubclass(obj, PycpgModel) and obj is not PycpgModel
    ),
    key=lambda model: model.__name__,
)


def _strategy_name(model: type[PycpgModel]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower() + "_wire"


REALISTIC = [model for model in MODELS if hasattr(strategies, _strategy_name(model))]


def assert_wire_round_trip(model: type[PycpgModel], payload: dict[str, Any], expected: Any = None) -> None:
    """Parsed from Python or from JSON text, ``model`` gives ``payload`` back exactly
    (or ``expected``, when given)."""
    expected = payload if expected is None else expected
    parsed = model.model_validate(payload)
    assert_same_json(parsed.to_wire(), expected)
    from_json = model.model_validate_json(json.dumps(payload))
    assert_same_json(from_json.to_wire(), expected)
    assert_same_json(json.loads(from_json.to_wire_json()), expected)
    # The wire form is valid input: it parses back to an equal model.
    assert model.model_validate(parsed.to_wire()) == parsed


def test_every_public_model_is_covered() -> None:
    assert len(MODELS) >= 40
    missing = [model.__name__ for model in MODELS if model not in REALISTIC]
    assert not missing, f"no realistic strategy in tests/models/strategies.py for {missing}"


@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_payload_comes_back_exactly(model: type[PycpgModel], data: st.DataObject) -> None:
    assert_wire_round_trip(model, data.draw(model_payloads(model)))


@pytest.mark.parametrize("model", REALISTIC, ids=[model.__name__ for model in REALISTIC])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_realistic_payload_with_dates_in_any_form_comes_back_exactly(
    model: type[PycpgModel], data: st.DataObject
) -> None:
    realistic: st.SearchStrategy[dict[str, Any]] = getattr(strategies, _strategy_name(model))()
    payload = data.draw(with_wire_timestamps(model, realistic))
    # These strategies send some floats as ints (percentComplete: 100): the same JSON
    # number, given back in the field's type (100.0).
    assert_wire_round_trip(model, payload, as_declared_floats(model, payload))


# --- Dates -------------------------------------------------------------------------------


def _event(timestamp: Any) -> dict[str, Any]:
    return {**minimal_payload(AuditLogEvent), "timestamp": timestamp}


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01T10:00:00.123Z",
        "2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00.123+00:00",
        "2024-03-01T10:00:00.123-00:00",
        "2024-03-01T10:00:00.123+05:30",
        "2024-03-01T10:00:00.123456Z",
        "2024-03-01T10:00:00.120000-06:00",
        "2024-03-01T10:00:00.1Z",
        "2024-03-01T10:00:00.123456789Z",
        "2024-03-01 10:00:00.123Z",
        "2024-03-01T10:00:00.123z",
        "2024-03-01T10:00:00.123+0530",
        "2024-03-01T10:00:00",
        "2024-03-01",
        "1709287200123",
    ],
)
def test_date_text_comes_back_as_received(text: str) -> None:
    payload = _event(text)
    event = AuditLogEvent.model_validate(payload)

    assert isinstance(event.timestamp, datetime)
    assert event.timestamp.utcoffset() is not None
    assert event.to_wire() == payload
    assert AuditLogEvent.model_validate_json(json.dumps(payload)).to_wire() == payload


@pytest.mark.parametrize("number", [1709287200123, 1709287200, 1709287200.5, 0])
def test_date_number_comes_back_as_the_number(number: int | float) -> None:
    event = AuditLogEvent.model_validate(_event(number))

    assert event.timestamp is not None and event.timestamp.utcoffset() == timedelta(0)
    assert_same_json(event.to_wire(), _event(number))


@settings(max_examples=200, deadline=None)
@given(wire_timestamps())
def test_any_date_form_parses_like_pydantic_and_comes_back(value: str | int | float) -> None:
    parsed = TypeAdapter(Timestamp).validate_python(value)
    expected = TypeAdapter(datetime).validate_python(value)
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=timezone.utc)

    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()
    assert_same_json(AuditLogEvent.model_validate(_event(value)).to_wire(), _event(value))


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    chars = list(text)
    for position, operation, char in edits:
        at = position % (len(chars) + 1)
        if operation == 0 and at < len(chars):
            chars[at] = char
        elif operation == 1:
            chars.insert(at, char)
        elif at < len(chars):
            del chars[at]
    return "".join(chars)


# The common form with one to three characters replaced, added or removed (a negative
# position counts from the end, where the offset is): the dates on which the fast
# parser and pydantic could disagree.
damaged_dates = st.builds(
    _edited,
    strategies.iso_timestamps(),
    st.lists(
        st.tuples(st.integers(-8, 40), st.integers(0, 2), st.sampled_from("0123456789-:T.Z+ zW,")),
        min_size=1,
        max_size=3,
    ),
)


@settings(max_examples=300, deadline=None)
@given(damaged_dates)
def test_a_damaged_date_is_taken_or_refused_as_pydantic_does(text: str) -> None:
    try:
        expected: datetime | None = TypeAdapter(datetime).validate_python(text)
    except ValidationError:
        expected = None
    payload = _event(text)
    if expected is None:
        with pytest.raises(ValidationError):
            AuditLogEvent.model_validate(payload)
        return
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=timezone.utc)
    event = AuditLogEvent.model_validate(payload)
    assert event.timestamp == expected and event.timestamp.utcoffset() == expected.utcoffset()
    assert event.to_wire() == payload


@settings(max_examples=100, deadline=None)
@given(strategies.iso_timestamps())
def test_the_common_form_is_a_plain_datetime(text: str) -> None:
    parsed = TypeAdapter(Timestamp).validate_json(json.dumps(text))

    if not text.endswith("-00:00") and not re.search(r"\.\d{3}000", text):  # else kept: see Timestamp
        assert type(parsed) is datetime
    assert parsed == datetime.fromisoformat(text) and parsed.utcoffset() == datetime.fromisoformat(text).utcoffset()


def test_utc_spelled_as_an_offset_is_utc() -> None:
    z = AuditLogEvent.model_validate(_event("2024-03-01T10:00:00.123Z")).timestamp
    offset = AuditLogEvent.model_validate(_event("2024-03-01T10:00:00.123+00:00")).timestamp

    assert z is not None and offset is not None
    assert z == offset and hash(z) == hash(offset)
    assert z.tzinfo is timezone.utc and offset.tzinfo == timezone.utc and offset.tzname() == "+00:00"


def test_model_dump_keeps_pydantic_date_format() -> None:
    event = AuditLogEvent.model_validate(_event("2024-03-01T10:00:00.123+00:00"))

    dumped = event.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped["timestamp"] == "2024-03-01T10:00:00.123000Z"


def test_strict_json_parse_keeps_date_text_too() -> None:
    payload = {**minimal_payload(Device), "guid": "42", "lastConnected": "2024-03-01T10:00:00+00:00"}

    assert Device.model_validate_json(json.dumps(payload), strict=True).to_wire() == payload


def test_a_changed_or_computed_date_is_written_in_the_api_form() -> None:
    payload = {
        **minimal_payload(BackupUsage),
        "lastBackup": "2024-03-01T10:00:00.1Z",
        "lastConnected": "2024-03-01T10:00:00Z",
    }
    usage = BackupUsage.model_validate(payload)
    assert usage.last_backup is not None and usage.last_connected is not None

    usage.last_backup = usage.last_backup + timedelta(hours=1)
    usage.last_connected = datetime(2024, 3, 2, 8, 30, 0, 123456, tzinfo=timezone(timedelta(hours=-6)))
    usage.creation_date = datetime(2024, 3, 2)  # naive: taken as UTC

    assert usage.to_wire() == {
        **payload,
        "lastBackup": "2024-03-01T11:00:00.100Z",
        "lastConnected": "2024-03-02T08:30:00.123456-06:00",
        "creationDate": "2024-03-02T00:00:00.000Z",
    }


def test_kept_dates_survive_copy_and_pickle() -> None:
    payload = {
        **minimal_payload(Device),
        "lastConnected": "2024-03-01T10:00:00Z",
        "guid": 42,
        "creationDate": 1709287200123,
    }
    device = Device.model_validate(payload)

    for clone in (copy.deepcopy(device), pickle.loads(pickle.dumps(device)), device.model_copy(deep=True)):
        assert clone.to_wire() == payload
        assert clone == device
    assert repr(device.last_connected).startswith("datetime.datetime(2024, 3, 1, 10, 0")


# --- Keys and values -----------------------------------------------------------------------


def test_absent_keys_stay_absent_nulls_stay_null_and_extras_come_back() -> None:
    payload = {
        **minimal_payload(User),
        "userUid": "x1",
        "email": None,
        "xNew": {"a": [1, 2.5, None]},
        "apiToken": "t0k",
    }
    user = User.model_validate(payload)

    assert user.to_wire() == payload
    assert "firstName" not in payload and "firstName" not in user.to_wire()
    assert user.model_dump(mode="json", by_alias=True, exclude_unset=True)["apiToken"] == "***"


def test_secrets_are_revealed() -> None:
    token = DataKeyToken.model_validate({**minimal_payload(DataKeyToken), "dataKeyToken": "s3cr3t"})

    assert token.to_wire()["dataKeyToken"] == "s3cr3t"
    assert json.loads(token.to_wire_json())["dataKeyToken"] == "s3cr3t"
    assert "s3cr3t" not in repr(token)


@pytest.mark.parametrize("number", [123456789012345678, 2**70, 12.5, -0.0, 1e20])
def test_a_number_sent_for_a_string_is_a_string_that_goes_back_as_the_number(number: int | float) -> None:
    payload = {**minimal_payload(Device), "guid": number}
    device = Device.model_validate(payload)

    assert isinstance(device.guid, str) and device.guid == str(number)
    assert_same_json(device.to_wire(), payload)
    assert_same_json(json.loads(device.to_wire_json()), payload)
    assert device.model_dump(mode="json", by_alias=True, exclude_unset=True)["guid"] == str(number)


def test_an_int_sent_for_a_float_comes_back_as_the_same_number_in_float_form() -> None:
    payload = {**minimal_payload(BackupUsage), "percentComplete": 100}
    usage = BackupUsage.model_validate(payload)

    assert type(usage.percent_complete) is float
    assert_same_json(usage.to_wire(), {**payload, "percentComplete": 100.0})
    assert_same_json(usage.to_wire(), as_declared_floats(BackupUsage, payload))


def test_numbers_in_string_lists_and_open_value_sets_go_back_as_numbers() -> None:
    payload = {**minimal_payload(Device), "alertStates": ["OK", 16, "SomethingNew"], "status": 7, "name": "n"}

    assert_same_json(Device.model_validate(payload).to_wire(), payload)
    assert_same_json(Device.model_validate_json(json.dumps(payload)).to_wire(), payload)


def test_indent_is_passed_through() -> None:
    payload = {**minimal_payload(User), "userId": 1}
    text = User.model_validate(payload).to_wire_json(indent=2)

    assert text.startswith('{\n  "') and json.loads(text) == payload


# --- Validators that reshape their input ---------------------------------------------------


def _matter(**keys: Any) -> dict[str, Any]:
    return {**minimal_payload(LegalHoldMatter), **keys}


MATTER = _matter(
    legalHoldUid="m1",
    name="Case",
    creationDate="2024-03-01T10:00:00.000+00:00",
    creator={"type": "USER", "principalId": "u1", "user": {"email": "a@b.c"}},
)
OLD_MATTER = _matter(
    legalHoldUid="m0",
    lastModified="2014-08-07T15:31:21.466-05:00",
    creator={"userUid": "u0", "username": "old@b.c"},
)


@pytest.mark.parametrize("body", [[MATTER, OLD_MATTER], {"matters": [MATTER, OLD_MATTER]}])
def test_matter_list_items_come_back_whatever_the_envelope(body: Any) -> None:
    matters = TypeAdapter(MatterList).validate_json(json.dumps(body))

    items = body if isinstance(body, list) else body["matters"]
    assert [matter.to_wire() for matter in matters] == items


def test_membership_list_items_come_back() -> None:
    item = {
        **minimal_payload(LegalHoldMembership),
        "legalHoldMembershipUid": "1",
        "active": True,
        "user": {**minimal_payload(LegalHoldUser), "userUid": 5, "username": "u"},
    }
    memberships = TypeAdapter(MembershipList).validate_python({"memberships": [item]})

    assert_same_json([membership.to_wire() for membership in memberships], [item])


@pytest.mark.parametrize("creator", [MATTER["creator"], OLD_MATTER["creator"], {}, {"xSomething": 1}])
def test_creator_comes_back_in_its_own_shape(creator: dict[str, Any]) -> None:
    payload = _matter(creator=creator)

    assert LegalHoldMatter.model_validate(payload).to_wire() == payload


# --- Every body the emulator serves ----------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, SDKClient]]:
    """One emulator (the default tenant) and an admin client for the whole module."""
    with Emulator(seed=7) as emulator:
        account = emulator.plain_admin
        client = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
        yield emulator, client
        client.close()


Responses = list[PycpgResponse[Any]]


def _device_with_usage(sdk: SDKClient) -> dict[str, Any]:
    page = sdk.devices.get_page(1, include_backup_usage=True)
    return next(d for d in page.data["computers"] if d.get("backupUsage"))


def _mac(sdk: SDKClient) -> dict[str, Any]:
    """A Mac: only the macOS agent reports agent state."""
    page = sdk.devices.get_page(1)
    return next(d for d in page.data["computers"] if d["osName"] == "mac")


def _me(sdk: SDKClient) -> dict[str, Any]:
    return dict(sdk.users.get_current().data)


def _org(sdk: SDKClient) -> dict[str, Any]:
    return dict(sdk.orgs.get_current().data)


def _matter_uid(sdk: SDKClient) -> str:
    return str(sdk.legalhold.get_matters_page(1).model()[0].legal_hold_uid)


def _policy_uid(sdk: SDKClient) -> str:
    return str(sdk.legalhold.get_policy_list().model()[0].legal_hold_policy_uid)


def _new_matter(sdk: SDKClient) -> Responses:
    return [sdk.legalhold.create_matter("Wire check", _policy_uid(sdk), "described", "noted")]


def _new_membership(emulator: Emulator, sdk: SDKClient) -> Responses:
    matter_uid = str(_new_matter(sdk)[0].model().legal_hold_uid)
    users = [u for u in emulator.tenant.users if u.active]
    added = [sdk.legalhold.add_to_matter(user.user_uid, matter_uid) for user in users[:2]]
    return [*added, *sdk.legalhold.get_all_matter_custodians(matter_uid)]


def _restore_history(sdk: SDKClient) -> Responses:
    me, org, device = _me(sdk), _org(sdk), _device_with_usage(sdk)
    return [
        *sdk.archive.get_all_org_restore_history(3650, org["orgId"]),
        *sdk.archive.get_all_user_restore_history(3650, me["userId"]),
        *sdk.archive.get_all_device_restore_history(3650, device["computerId"]),
    ]


def _archives(sdk: SDKClient) -> Responses:
    device = _device_with_usage(sdk)
    pages = list(sdk.archive.get_all_by_device_guid(device["guid"]))
    archive_guid = pages[0].data["archives"][0]["archiveGuid"]
    return [*pages, sdk.archive.get_by_archive_guid(archive_guid)]


def _restore_lookups(sdk: SDKClient) -> Responses:
    device = _device_with_usage(sdk)
    destination = device["backupUsage"][0]["targetComputerGuid"]
    service = sdk.archive._archive_service
    return [
        sdk.archive.get_backup_sets(device["guid"], destination),
        service.get_web_restore_info(device["guid"], destination),
        service.get_connected_server_url(device["guid"]),
        service.get_data_key_token(device["guid"]),
    ]


ENDPOINTS: dict[str, Callable[[Emulator, SDKClient], Responses]] = {
    "users current": lambda e, sdk: [sdk.users.get_current()],
    "users by id with roles": lambda e, sdk: [sdk.users.get_by_id(_me(sdk)["userId"], incRoles=True)],
    "users by uid": lambda e, sdk: [sdk.users.get_by_uid(_me(sdk)["userUid"])],
    "users by username": lambda e, sdk: [sdk.users.get_by_username(_me(sdk)["username"])],
    "users pages": lambda e, sdk: list(sdk.users.get_all()),
    "users scim": lambda e, sdk: [sdk.users.get_scim_data_by_uid(_me(sdk)["userUid"])],
    "roles available": lambda e, sdk: [sdk.users.get_available_roles()],
    "roles of a user": lambda e, sdk: [sdk.users.get_roles(_me(sdk)["userId"])],
    "users create": lambda e, sdk: [
        sdk.users.create_user(str(_org(sdk)["orgUid"]), "wire@example.com", "wire@example.com", None, "W", "Ire")
    ],
    "devices pages with backup usage": lambda e, sdk: list(sdk.devices.get_all(include_backup_usage=True)),
    "devices pages": lambda e, sdk: list(sdk.devices.get_all(active=True)),
    "device by id with settings": lambda e, sdk: [
        sdk.devices.get_by_id(_device_with_usage(sdk)["computerId"], include_backup_usage=True, incSettings=True)
    ],
    "device by guid": lambda e, sdk: [sdk.devices.get_by_guid(_device_with_usage(sdk)["guid"])],
    "device agent state": lambda e, sdk: [
        sdk.devices.get_agent_full_disk_access_state(_mac(sdk)["guid"])
    ],
    "orgs pages": lambda e, sdk: list(sdk.orgs.get_all()),
    "org current": lambda e, sdk: [sdk.orgs.get_current()],
    "org by id with everything": lambda e, sdk: [
        sdk.orgs.get_by_id(_org(sdk)["orgId"], incSettings=True, incDeviceDefaults=True, incInheritedOrgInfo=True)
    ],
    "org by uid": lambda e, sdk: [sdk.orgs.get_by_uid(_org(sdk)["orgUid"])],
    "org agent states": lambda e, sdk: [sdk.orgs.get_agent_full_disk_access_states(_org(sdk)["orgId"])],
    "org create": lambda e, sdk: [sdk.orgs.create_org("Wire Org", notes="n")],
    "tenant": lambda e, sdk: [sdk.serveradmin.get_current_tenant()],
    "login config": lambda e, sdk: [sdk.loginconfig.get_for_user(e.plain_admin.username)],
    "legal hold policies": lambda e, sdk: [sdk.legalhold.get_policy_list()],
    "legal hold policy": lambda e, sdk: [sdk.legalhold.get_policy_by_uid(_policy_uid(sdk))],
    "legal hold policy create": lambda e, sdk: [sdk.legalhold.create_policy("Wire policy")],
    "legal hold matters": lambda e, sdk: list(sdk.legalhold.get_all_matters(active=None)),
    "legal hold matter": lambda e, sdk: [sdk.legalhold.get_matter_by_uid(_matter_uid(sdk))],
    "legal hold matter create": lambda e, sdk: _new_matter(sdk),
    "legal hold memberships": _new_membership,
    "legal hold events": lambda e, sdk: list(sdk.legalhold.get_all_events()),
    "audit log": lambda e, sdk: list(sdk.auditlogs.get_all()),
    "archives": lambda e, sdk: _archives(sdk),
    "restore history": lambda e, sdk: _restore_history(sdk),
    "cold storage": lambda e, sdk: list(sdk.archive.get_all_org_cold_storage_archives(_org(sdk)["orgId"])),
    "restore lookups": lambda e, sdk: _restore_lookups(sdk),
}


def _served_pairs(response: PycpgResponse[Any]) -> list[tuple[PycpgModel, Any]]:
    """(model, the JSON it came from) for a response: the payload, or each item of a list."""
    model, body = response.model(), response.data
    if isinstance(model, PycpgModel):
        return [(model, body)]
    assert isinstance(model, list), f"{type(model).__name__} is neither a model nor a list"
    if isinstance(body, dict):  # {"matters": [...]}: a list under its one key; agent state: one object
        (body,) = [value for value in body.values() if isinstance(value, list)] or [[body]]
    assert isinstance(body, list) and len(body) == len(model)
    return list(zip(model, body, strict=True))


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_every_served_body_comes_back_exactly(served: tuple[Emulator, SDKClient], endpoint: str) -> None:
    emulator, sdk = served
    responses = ENDPOINTS[endpoint](emulator, sdk)

    pairs = [pair for response in responses for pair in _served_pairs(response)]
    assert pairs, f"{endpoint}: the emulator served nothing to compare"
    for model, body in pairs:
        assert_same_json(model.to_wire(), body)
        assert_same_json(json.loads(model.to_wire_json()), body)


def test_a_device_page_comes_back_whole(served: tuple[Emulator, SDKClient]) -> None:
    _, sdk = served
    response = sdk.devices.get_page(1, include_backup_usage=True)

    page = response.model()
    assert isinstance(page, DevicePage) and page.computers
    assert_same_json(page.to_wire(), response.data)


def test_a_policy_comes_back_whole(served: tuple[Emulator, SDKClient]) -> None:
    _, sdk = served
    response = sdk.legalhold.get_policy_by_uid(_policy_uid(sdk))

    assert isinstance(response.model(), LegalHoldPolicy)
    assert_same_json(response.model().to_wire(), response.data)
