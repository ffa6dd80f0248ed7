"""Seeded audit-log history: a few hundred events (or any count) over the 30 days before the clock starts.

A separate random stream (keyed by the seed). Sign-ins dominate; user events name
the affected user; SYSTEM events have no agent and no address; some addresses
are ``"a, b"`` lists (a proxy chain); about half the timestamps carry microseconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pycpg.emulator.audit_log import API_CLIENT, SYSTEM_ACTOR, USER, AuditActor, AuditLog
from pycpg.emulator.mint import REFERENCE_NOW
from pycpg.emulator.records import DeviceRecord, RoleRecord, UserRecord
from pycpg.emulator.wire import ZULU

EVENT_COUNT = 300
WINDOW = timedelta(days=30)

_BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
)
_SCRIPT_AGENT = "pycpg/1.0.4 python-requests/2.32.4"

Extra = dict[str, Any]


@dataclass(frozen=True)
class _Cast:
    """Who can appear in the history."""

    users: Sequence[UserRecord]
    admins: Sequence[UserRecord]
    roles: Sequence[RoleRecord]
    devices: Sequence[DeviceRecord]
    api_client_id: str


class _Draw:
    def __init__(self, seed: int, cast: _Cast, now: datetime) -> None:
        self.rng = random.Random(f"pycpg-emulator-audit-log:{seed}")
        self.cast = cast
        self.now = now

    def address(self) -> str:
        own = f"198.51.100.{self.rng.randrange(1, 255)}"
        return f"{own}, 10.{self.rng.randrange(256)}.0.{self.rng.randrange(1, 255)}" if self.rng.random() < 0.15 \
            else own

    def user_actor(self, user: UserRecord) -> AuditActor:
        return AuditActor(user.user_uid, user.username, USER, self.rng.choice(_BROWSERS), self.address())

    def admin_actor(self) -> AuditActor:
        if not self.cast.admins or self.rng.random() < 0.25:
            client = self.cast.api_client_id
            return AuditActor(client, client, API_CLIENT, _SCRIPT_AGENT, self.address())
        return self.user_actor(self.rng.choice(self.cast.admins))

    def instant(self) -> datetime:
        """Within the window; whole milliseconds about half the time."""
        micros = self.rng.randrange(int(WINDOW / timedelta(microseconds=1)))
        if self.rng.random() < 0.5:
            micros -= micros % 1000
        return (self.now - WINDOW + timedelta(microseconds=micros)).astimezone(ZULU)


def _affected(user: UserRecord) -> Extra:
    return {"affectedUserId": user.user_uid, "affectedUserName": user.username}


def _sign_in(draw: _Draw, name: str) -> tuple[AuditActor, Extra]:
    return draw.user_actor(draw.rng.choice(draw.cast.users)), {}


def _user_event(draw: _Draw, name: str) -> tuple[AuditActor, Extra]:
    return draw.admin_actor(), _affected(draw.rng.choice(draw.cast.users))


def _role_event(draw: _Draw, name: str) -> tuple[AuditActor, Extra]:
    role = draw.rng.choice(draw.cast.roles)
    return draw.admin_actor(), {**_affected(draw.rng.choice(draw.cast.users)), "roleId": role.role_id,
                                "roleName": role.role_name}


def _device_event(draw: _Draw, name: str) -> tuple[AuditActor, Extra]:
    if not draw.cast.devices:
        return _user_event(draw, name)
    device = draw.rng.choice(draw.cast.devices)
    return draw.admin_actor(), {**_affected(device.user), "deviceGuid": device.guid, "deviceName": device.name}


def _federation(draw: _Draw, name: str) -> tuple[AuditActor, Extra]:
    number = draw.rng.randrange(1, 4)
    return SYSTEM_ACTOR, {"federationId": f"federation-{number}", "displayName": f"Corporate IdP {number}",
                          "metadataUrl": f"https://idp{number}.example/metadata.xml",
                          "metadataMd5sum": f"{draw.rng.getrandbits(128):032x}"}


#: event name, weight, what to draw for it
_KINDS: tuple[tuple[str, int, Callable[[_Draw, str], tuple[AuditActor, Extra]]], ...] = (
    ("logged_in", 45, _sign_in),
    ("logged_out", 12, _sign_in),
    ("user_created", 8, _user_event),
    ("user_updated", 6, _user_event),
    ("user_deactivated", 5, _user_event),
    ("user_reactivated", 3, _user_event),
    ("user_blocked", 3, _user_event),
    ("role_assigned", 6, _role_event),
    ("role_unassigned", 3, _role_event),
    ("device_deactivated", 4, _device_event),
    ("federation_metadata_updated", 3, _federation),
)


def seed_audit_log(seed: int, log: AuditLog, users: Sequence[UserRecord], admins: Sequence[UserRecord],
                   roles: Sequence[RoleRecord], devices: Sequence[DeviceRecord], api_client_id: str,
                   now: datetime = REFERENCE_NOW, count: int = EVENT_COUNT) -> None:
    """Record ``count`` past events into ``log`` over the :data:`WINDOW` before ``now``, oldest first.

    The audit-log service writes its timestamps in UTC (``Z``) whatever the tenant's zone.
    """
    if not users:
        return
    draw = _Draw(seed, _Cast(users, admins, roles, devices, api_client_id), now)
    weights = [weight for _, weight, _ in _KINDS]
    drawn = []
    for _ in range(count):
        name, _, build = draw.rng.choices(_KINDS, weights)[0]
        actor, extra = build(draw, name)
        drawn.append((draw.instant(), name, actor, extra))
    for at, name, actor, extra in sorted(drawn, key=lambda item: item[0]):
        log.record(name, actor, at, **extra)
