"""The audit log: who did what and when, with its JSON, CSV and CEF renderings.

Events are kept in the order they were recorded (the generator records its
history oldest first; live sign-ins and user writes follow with timestamps from
the tenant clock). Searches answer newest first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from pycpg.emulator.principal import Principal
from pycpg.emulator.wire import ZULU

USER = "USER"
API_CLIENT = "API_CLIENT"
SYSTEM = "SYSTEM"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: The columns of a CSV answer: the common event keys, then the affected user.
CSV_COLUMNS = ("type$", "actorId", "actorName", "actorAgent", "actorIpAddress", "actorType", "timestamp",
               "affectedUserId", "affectedUserName")


def audit_timestamp(moment: datetime) -> str:
    """UTC with ``Z``: 3 fraction digits on whole milliseconds, else 6."""
    utc = moment.astimezone(ZULU)
    digits = 3 if utc.microsecond % 1000 == 0 else 6
    fraction = f"{utc.microsecond:06d}"[:digits]
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{fraction}Z"


@dataclass(frozen=True)
class AuditActor:
    """The ``actor*`` keys of an event."""

    actor_id: str
    name: str
    actor_type: str
    agent: str | None = None
    ip_address: str | None = None

    @classmethod
    def of(cls, principal: Principal, agent: str | None, ip_address: str | None) -> AuditActor:
        """The caller of a request: a user (id = userUid) or an API client (id = client id)."""
        if principal.user_uid is not None:
            return cls(principal.user_uid, principal.name, USER, agent, ip_address)
        return cls(principal.name, principal.name, API_CLIENT, agent, ip_address)


SYSTEM_ACTOR = AuditActor("SYSTEM", "SYSTEM", SYSTEM)


@dataclass(frozen=True)
class AuditEvent:
    """One audit-log event; ``extra`` holds its event-specific keys (``affectedUserId``, …)."""

    name: str
    actor: AuditActor
    timestamp: datetime
    sequence: int
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def type_tag(self) -> str:
        """The ``type$`` value, ``audit_log::<name>/1``."""
        return f"audit_log::{self.name}/1"

    @property
    def ip_addresses(self) -> list[str]:
        """The addresses ``actorIpAddress`` lists (it may hold ``"a, b"``)."""
        text = self.actor.ip_address or ""
        return [part.strip() for part in text.split(",") if part.strip()]

    def to_wire(self) -> dict[str, Any]:
        """The event object: ``type$``, the ``actor*`` fields, ``timestamp`` and event-specific keys."""
        return {
            "type$": self.type_tag,
            "actorId": self.actor.actor_id,
            "actorName": self.actor.name,
            "actorAgent": self.actor.agent,
            "actorIpAddress": self.actor.ip_address,
            "actorType": self.actor.actor_type,
            "timestamp": audit_timestamp(self.timestamp),
            **self.extra,
        }

    def cef_line(self) -> str:
        """One ``CEF:0|CrashPlan|…`` line (no line break); ``src`` is the first address."""
        header = "|".join(_cef_header(part) for part in (
            "CEF:0", "CrashPlan", "CrashPlan Cloud", "1", self.type_tag, self.name.replace("_", " "), "3"))
        values = {
            "rt": (self.timestamp - _EPOCH) // timedelta(milliseconds=1),
            "suid": self.actor.actor_id,
            "suser": self.actor.name,
            "src": next(iter(self.ip_addresses), None),
            "requestClientApplication": self.actor.agent,
            "cs1Label": "actorType",
            "cs1": self.actor.actor_type,
            "duid": self.extra.get("affectedUserId"),
            "duser": self.extra.get("affectedUserName"),
        }
        pairs = [f"{key}={_cef_value(str(value))}" for key, value in values.items() if value is not None]
        return f"{header}|{' '.join(pairs)}"


def _cef_header(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _cef_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n")


def to_csv(events: list[AuditEvent]) -> str:
    """A header line, then one line per event (``\\n`` line ends; absent values empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        wire = event.to_wire()
        writer.writerow(["" if wire.get(column) is None else wire[column] for column in CSV_COLUMNS])
    return buffer.getvalue()


def to_cef(events: list[AuditEvent]) -> str:
    """One CEF line per event."""
    return "".join(event.cef_line() + "\n" for event in events)


class AuditLog:
    """The tenant's audit events in recording order."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, name: str, actor: AuditActor, at: datetime, **extra: Any) -> AuditEvent:
        """Append one event."""
        event = AuditEvent(name, actor, at, len(self.events), extra)
        self.events.append(event)
        return event

    def newest_first(self) -> list[AuditEvent]:
        """Every event, newest first (later-recorded first among equal timestamps)."""
        return sorted(self.events, key=lambda event: (event.timestamp, event.sequence), reverse=True)
