"""Agent-state models: ``/api/v38/agent-state`` payloads."""

from __future__ import annotations

from pycpg.models._base import PycpgModel, Timestamp

__all__ = ["AgentState"]


class AgentState(PycpgModel):
    """One agent property of one device.

    An item of the bare lists returned by
    ``GET /api/v38/agent-state/view-by-device-guid`` and
    ``GET /api/v38/agent-state/view-by-organization-id``. For
    ``property_name="fullDiskAccess"`` the ``value`` is ``"true"``,
    ``"false"`` or ``"unknown"`` (kept as sent; a JSON boolean is accepted too).
    """

    device_guid: str | None = None
    org_id: int | None = None
    property_name: str | None = None
    value: str | bool | None = None
    last_updated_date: Timestamp | None = None
