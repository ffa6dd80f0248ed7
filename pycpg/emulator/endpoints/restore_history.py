"""``GET /api/v1/RestoreHistory``: completed restores, newest first.

One of ``orgId``, ``userId`` or ``computerId`` scopes the list to the source device's
org, owner or the device itself; ``days`` keeps restores started at most that many
days before the clock's present (:meth:`Mint.current`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.endpoints.archive_common import bind
from pycpg.emulator.principal import Principal
from pycpg.emulator.restore import RestoreEvent
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import forbidden

#: Scope parameter → the event's value.
_SCOPES: dict[str, Callable[[RestoreEvent], int]] = {
    "orgId": lambda event: event.source.user.org.org_id,
    "userId": lambda event: event.source.user.user_id,
    "computerId": lambda event: event.source.computer_id,
}


def _own_scope(principal: Principal, tenant: Tenant, wanted: Mapping[str, int]) -> bool:
    """Whether the scope is the caller's own user or one of their devices."""
    user = tenant.user_by_uid(principal.user_uid) if principal.user_uid else None
    if user is None:
        return False
    device = tenant.device_by_id(wanted["computerId"]) if "computerId" in wanted else None
    return wanted.get("userId") == user.user_id or (device is not None and device.user is user)


def restore_history(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """A page of ``{totalCount, restoreEvents}``; restricted callers only for their own user or devices."""
    wanted = {key: req.integer(key, 0) for key in _SCOPES if req.text(key) is not None}
    if not principal.is_admin and not _own_scope(principal, tenant, wanted):
        raise forbidden()
    days = req.integer("days", -1, minimum=0)
    cutoff = tenant.mint.current() - timedelta(days=days) if days >= 0 else None
    events = [event for event in store.newest_events()
              if all(_SCOPES[key](event) == value for key, value in wanted.items())
              and (cutoff is None or event.start >= cutoff)]
    page = req.page()
    return req.v1({"totalCount": len(events), "restoreEvents": [event.to_wire() for event in page.slice(events)]})


def routes(store: ArchiveStore) -> list[Route]:
    """The restore-history endpoint."""
    return [get("/api/v1/RestoreHistory", bind(store, restore_history))]
