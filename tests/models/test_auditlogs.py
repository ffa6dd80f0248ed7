"""AuditLogEvent and AuditLogPage on realistic ``search-audit-log`` payloads."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from pycpg.models import AuditLogEvent, AuditLogPage

from ._wire import assert_wire_equal
from .strategies import audit_log_event_wire

# Keys of documented audit-log events and those pycpg 1.0 reads (plus the affected-user filters' fields).
EVENT_WIRE_KEYS = {
    "type$", "actorId", "actorName", "actorAgent", "actorIpAddress", "actorType", "timestamp",
    "affectedUserId", "affectedUserName",
}  # fmt: skip
PAGE_WIRE_KEYS = {"events", "paginationRangeStartIndex", "paginationRangeEndIndex"}


def _logged_in(**overrides: Any) -> dict[str, Any]:
    """A ``logged_in`` event (crashplancli ``test_auditlogs.py`` shape), made-up values."""
    payload: dict[str, Any] = {
        "type$": "audit_log::logged_in/1",
        "actorId": "1000000000000000011",
        "actorName": "admin@example.com",
        "actorAgent": "python-requests/2.32.4 pycpg/1.1.0",
        "actorIpAddress": "203.0.113.7",
        "timestamp": "2020-03-01T02:00:00.123456Z",
    }
    payload.update(overrides)
    return payload


def _federation_updated() -> dict[str, Any]:
    """A system event with event-specific keys (Incydr twin's shape)."""
    return {
        "type$": "audit_log::federation_metadata_updated/1",
        "actorId": "42",
        "actorName": "SYSTEM",
        "actorAgent": None,
        "actorIpAddress": "198.51.100.1, 198.51.100.2",
        "actorType": "SYSTEM",
        "timestamp": "2020-03-01T02:00:00.000Z",
        "federationId": "fed-1",
        "metadataUrl": "https://idp.example.com/metadata",
        "displayName": "Example IdP",
        "metadataMd5sum": "0123456789abcdef0123456789abcdef",
    }


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in AuditLogEvent.model_fields.values()} == EVENT_WIRE_KEYS
    assert {f.alias for f in AuditLogPage.model_fields.values()} == PAGE_WIRE_KEYS


def test_logged_in_event() -> None:
    payload = _logged_in()

    event = AuditLogEvent.model_validate(payload)

    assert event.event_type == "audit_log::logged_in/1"
    assert event.event_name == "logged_in"
    assert event.actor_id == "1000000000000000011"
    assert event.actor_name == "admin@example.com"
    assert event.actor_ip_address == "203.0.113.7"
    assert event.actor_ip_addresses == ["203.0.113.7"]
    assert event.timestamp == datetime(2020, 3, 1, 2, 0, 0, 123456, tzinfo=UTC)
    assert event.model_extra == {}
    assert_wire_equal(event.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)


def test_system_event_keeps_its_own_keys_and_null_agent() -> None:
    payload = _federation_updated()

    event = AuditLogEvent.model_validate(payload)

    assert event.event_name == "federation_metadata_updated"
    assert event.actor_agent is None and event.actor_type == "SYSTEM"
    assert event.model_extra == {
        "federationId": "fed-1",
        "metadataUrl": "https://idp.example.com/metadata",
        "displayName": "Example IdP",
        "metadataMd5sum": "0123456789abcdef0123456789abcdef",
    }
    dumped = event.model_dump(by_alias=True, mode="json", exclude_unset=True)
    assert dumped.keys() == payload.keys()
    assert_wire_equal(dumped, payload)


_WHEN = "2020-03-01T02:00:00.000Z"


def test_type_dollar_is_the_wire_key_both_ways() -> None:
    when = datetime.fromisoformat(_WHEN)
    by_name = AuditLogEvent(event_type="audit_log::user_registered/1", timestamp=when)
    from_wire = AuditLogEvent.model_validate({"type$": "audit_log::user_registered/1", "timestamp": _WHEN})
    from_name = AuditLogEvent.model_validate({"event_type": "audit_log::user_registered/1", "timestamp": _WHEN})

    assert by_name == from_wire == from_name
    assert by_name.model_dump(by_alias=True, exclude_unset=True) == {
        "type$": "audit_log::user_registered/1", "timestamp": when
    }
    assert by_name.model_dump(exclude_unset=True) == {"event_type": "audit_log::user_registered/1", "timestamp": when}
    assert json.loads(by_name.model_dump_json(by_alias=True, exclude_unset=True)) == {
        "type$": "audit_log::user_registered/1", "timestamp": "2020-03-01T02:00:00Z"
    }
    assert "type$" not in (from_wire.model_extra or {})


def test_type_dollar_and_timestamp_are_required() -> None:
    with pytest.raises(ValidationError) as caught:
        AuditLogEvent.model_validate({"actorId": "1"})

    assert {(e["loc"], e["type"]) for e in caught.value.errors()} == {
        (("type$",), "missing"), (("timestamp",), "missing")
    }


@pytest.mark.parametrize(
    ("raw", "addresses"),
    [
        ("203.0.113.7", ["203.0.113.7"]),
        ("198.51.100.1, 198.51.100.2", ["198.51.100.1", "198.51.100.2"]),
        ("198.51.100.1,198.51.100.2 ,  10.0.0.1", ["198.51.100.1", "198.51.100.2", "10.0.0.1"]),
        ("2001:db8::1, 203.0.113.7", ["2001:db8::1", "203.0.113.7"]),
        (None, []),
        ("", []),
        (" , ", []),
    ],
)
def test_actor_ip_addresses_splits_the_wire_value(raw: str | None, addresses: list[str]) -> None:
    event = AuditLogEvent.model_validate(_logged_in(actorIpAddress=raw))

    assert event.actor_ip_address == raw  # kept as sent
    assert event.actor_ip_addresses == addresses


@pytest.mark.parametrize(
    ("event_type", "name"),
    [
        ("audit_log::logged_in/1", "logged_in"),
        ("audit_log::support_user_access_disabled/2", "support_user_access_disabled"),
        ("audit_log::logged_in", "audit_log::logged_in"),
        ("logged_in", "logged_in"),
        ("other::logged_in/1", "other::logged_in/1"),
        ("audit_log::logged_in/v1", "audit_log::logged_in/v1"),
    ],
)
def test_event_name(event_type: str, name: str) -> None:
    assert AuditLogEvent.model_validate({"type$": event_type, "timestamp": _WHEN}).event_name == name


@pytest.mark.parametrize(
    ("text", "microsecond"),
    [
        ("2020-03-01T02:00:00.000Z", 0),
        ("2020-03-01T02:00:00.000111Z", 111),
        ("2020-03-01T02:00:00.123456Z", 123456),
        ("2020-03-01T02:00:00.120Z", 120000),
    ],
)
def test_timestamp_keeps_microseconds(text: str, microsecond: int) -> None:
    event = AuditLogEvent.model_validate({"type$": "audit_log::logged_in/1", "timestamp": text})

    assert event.timestamp.microsecond == microsecond
    assert event.timestamp.utcoffset() is not None
    dumped = event.model_dump(mode="json", by_alias=True, exclude_unset=True)["timestamp"]
    assert datetime.fromisoformat(dumped) == datetime.fromisoformat(text)


def test_numeric_actor_id_becomes_a_string() -> None:
    event = AuditLogEvent.model_validate({"type$": "logged_in", "timestamp": _WHEN, "actorId": 42})
    assert event.actor_id == "42"


def test_page_with_pagination_indexes() -> None:
    payload = {
        "events": [_logged_in(), _federation_updated()],
        "paginationRangeStartIndex": 0,
        "paginationRangeEndIndex": 2,
    }

    page = AuditLogPage.model_validate_json(json.dumps(payload))

    assert [e.event_name for e in page.events] == ["logged_in", "federation_metadata_updated"]
    assert (page.pagination_range_start_index, page.pagination_range_end_index) == (0, 2)
    assert_wire_equal(page.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)


def test_page_as_pycpg_sees_it_with_events_only() -> None:
    page = AuditLogPage.model_validate({"events": []})

    assert page.events == [] and page.pagination_range_start_index is None
    # A page past the last one comes without "events" (only its pagination indexes).
    assert AuditLogPage.model_validate({"paginationRangeStartIndex": 10000}).events == []
    assert page.model_dump(by_alias=True, exclude_unset=True) == {"events": []}


def test_wrongly_typed_timestamp_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        AuditLogEvent.model_validate({"type$": "logged_in", "timestamp": "yesterday"})

    assert caught.value.errors()[0]["loc"] == ("timestamp",)


@settings(max_examples=25, deadline=None)
@given(audit_log_event_wire())
def test_generated_events_split_and_name_consistently(payload: dict[str, Any]) -> None:
    event = AuditLogEvent.model_validate(payload)

    raw = payload.get("actorIpAddress")
    assert event.actor_ip_address == raw
    assert ", ".join(event.actor_ip_addresses) == (raw or "")
    kind: str = payload["type$"]
    if event.event_name != kind:
        assert re.fullmatch(rf"audit_log::{re.escape(event.event_name)}/\d+", kind)
