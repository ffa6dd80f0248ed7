"""AgentState on ``/api/v38/agent-state`` payloads (shape fixed in docs/wire-shapes.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from pycpg.models import AgentState, AgentStateList

_STATES = TypeAdapter(list[AgentState])


def test_model_aliases_are_exactly_the_chosen_wire_keys() -> None:
    assert {f.alias for f in AgentState.model_fields.values()} == {
        "deviceGuid", "orgId", "propertyName", "value", "lastUpdatedDate",
    }  # fmt: skip


def test_full_disk_access_list_one_item_per_device() -> None:
    payload = [
        {
            "deviceGuid": "941234567890123456",
            "orgId": 5,
            "propertyName": "fullDiskAccess",
            "value": "true",
            "lastUpdatedDate": "2025-06-13T14:31:58.069+00:00",
        },
        {
            "deviceGuid": "941234567890123457",
            "orgId": 5,
            "propertyName": "fullDiskAccess",
            "value": "unknown",
            "lastUpdatedDate": "2025-06-13T09:31:58.069-05:00",
        },
    ]

    states = _STATES.validate_python(payload)

    assert [s.device_guid for s in states] == ["941234567890123456", "941234567890123457"]
    assert [s.value for s in states] == ["true", "unknown"]
    assert all(s.org_id == 5 and s.property_name == "fullDiskAccess" for s in states)
    first, second = (s.last_updated_date for s in states)
    assert first is not None and second is not None
    assert first == second  # same instant ...
    assert second.utcoffset() == timedelta(hours=-5)  # ... offset kept
    assert [s.model_dump(by_alias=True, exclude_unset=True) for s in states][0] == {
        **payload[0],
        "lastUpdatedDate": first,
    }


def test_integer_device_guid_becomes_a_string_and_value_stays_a_string() -> None:
    state = AgentState.model_validate({"deviceGuid": 941234567890123456, "value": "false"})

    assert state.device_guid == "941234567890123456"
    assert state.value == "false"


def test_wrongly_typed_org_id_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        AgentState.model_validate({"orgId": "five"})

    assert caught.value.errors()[0]["loc"] == ("orgId",)


def test_the_device_answer_is_one_object_and_a_one_item_list_is_still_accepted() -> None:
    item = {"deviceGuid": "941234567890123456", "propertyName": "fullDiskAccess", "value": "true"}
    adapter = TypeAdapter(AgentStateList)

    assert adapter.validate_python(item) == adapter.validate_python([item]) == [AgentState.model_validate(item)]
    with pytest.raises(ValidationError):
        adapter.validate_python("true")
