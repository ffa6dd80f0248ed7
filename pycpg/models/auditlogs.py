"""Audit-log models: ``POST {audit-log host}/rpc/search/search-audit-log`` payloads."""

from __future__ import annotations

import re

from pydantic import Field

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models._values import AuditActorTypeValue

__all__ = ["AuditLogEvent", "AuditLogPage"]

_EVENT_TYPE = re.compile(r"audit_log::(?P<name>[^/]+)/\d+")


class AuditLogEvent(PycpgModel):
    """One audit-log event: an item of ``events`` of ``POST /rpc/search/search-audit-log``.

    The event type arrives under the literal key ``type$``
    (``"audit_log::logged_in/1"``); it is ``event_type`` here and goes back out
    as ``type$``. ``actor_ip_address`` is kept as sent: one address, a
    comma-separated list or null (:attr:`actor_ip_addresses` splits it).
    ``timestamp`` is UTC with 3 or 6 fraction digits; microseconds are kept.
    ``event_type`` and ``timestamp`` are required; the set of event types is
    open (no full list is published), ``actor_type`` takes the known values of
    :class:`~pycpg.constants.AuditActorType`.
    Every event type adds its own keys (``federationId``, ``metadataUrl``, …);
    they are kept as extra fields and dumped back under their wire names.
    """

    event_type: str = Field(alias="type$")
    actor_id: str | None = None
    actor_name: str | None = None
    actor_agent: str | None = None
    actor_ip_address: str | None = None
    actor_type: AuditActorTypeValue | None = None
    timestamp: Timestamp
    affected_user_id: str | None = None
    affected_user_name: str | None = None

    @property
    def event_name(self) -> str:
        """The bare event name: ``"logged_in"`` for ``"audit_log::logged_in/1"``.

        A ``type$`` of another form is returned unchanged.
        """
        match = _EVENT_TYPE.fullmatch(self.event_type)
        return match["name"] if match else self.event_type

    @property
    def actor_ip_addresses(self) -> list[str]:
        """``actor_ip_address`` as a list: split on commas, stripped, blanks dropped."""
        if not self.actor_ip_address:
            return []
        return [part.strip() for part in self.actor_ip_address.split(",") if part.strip()]


class AuditLogPage(PycpgModel):
    """One page of audit-log events: the body of ``POST /rpc/search/search-audit-log``.

    ``events`` is the key pycpg pages on; the pagination indexes are sent by
    the Incydr twin and the emulator and may be missing.
    """

    events: list[AuditLogEvent] = Field(default_factory=list)
    pagination_range_start_index: int | None = None
    pagination_range_end_index: int | None = None
