"""Agent-state models: ``/api/v38/agent-state`` payloads."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from pycpg.models._base import PycpgModel, Timestamp

__all__ = ["AgentState", "AgentStateList"]


class AgentState(PycpgModel):
    """One agent property of one device.

    ``GET /api/v38/agent-state/view-by-device-guid`` answers one such object
    (404 for a device whose agent reports none: anything but a Mac);
    ``GET /api/v38/agent-state/view-by-organization-id`` a bare list of them.
    For ``property_name="fullDiskAccess"`` the ``value`` is ``"true"``,
    ``"false"`` or ``"unknown"`` (kept as sent; a JSON boolean is accepted too).
    ``value`` is required: CrashPlan's own CLI reads it from every answer.
    """

    device_guid: str | None = None
    org_id: int | None = None
    property_name: str | None = None
    value: str | bool
    last_updated_date: Timestamp | None = None


def _as_list(value: Any) -> Any:
    # CrashPlan's own CLI reads the device answer as one object; earlier emulator
    # releases (and so possibly servers) sent a one-item list. Either gives a list.
    return [value] if isinstance(value, dict) else value


AgentStateList = Annotated[list[AgentState], BeforeValidator(_as_list)]
"""The answer of ``GET /api/v38/agent-state/view-by-device-guid``: one object or a list of them."""
