"""``POST /api/v3/users/{uid}/{action}``: block, unblock, deactivate, activate, move.

Each action is a function changing one user; all answer ``204``. Deactivating a
user also deactivates their devices; activating does not reactivate them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import audit_user_write, body_flag, body_id, require_admin, v3_org, v3_user
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import UserRecord
from pycpg.emulator.routing import ApiRequest, Handler, Route, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError

UserAction = Callable[[UserRecord, dict[str, Any], Tenant], None]


def _block(user: UserRecord, body: dict[str, Any], tenant: Tenant) -> None:
    user.blocked = True


def _unblock(user: UserRecord, body: dict[str, Any], tenant: Tenant) -> None:
    user.blocked = False


def _deactivate(user: UserRecord, body: dict[str, Any], tenant: Tenant) -> None:
    """Deactivate (and block when ``block`` is true); refused for a legal-hold custodian."""
    if tenant.is_on_legal_hold(user):
        raise ApiError.v3(400, "ACTIVE_LEGAL_HOLD")
    user.active = False
    user.blocked = user.blocked or body_flag(body, "block")
    for device in tenant.devices_of(user):
        device.active = False


def _activate(user: UserRecord, body: dict[str, Any], tenant: Tenant) -> None:
    """Reactivate (and unblock when ``unblock`` is true)."""
    user.active = True
    if body_flag(body, "unblock"):
        user.blocked = False


def _move(user: UserRecord, body: dict[str, Any], tenant: Tenant) -> None:
    """Move the user (and so their devices) to the org ``orgId``."""
    org_id = body_id(body, "orgId")
    user.org = v3_org(None if org_id is None else tenant.org_by_id(org_id))


USER_ACTIONS: dict[str, UserAction] = {
    "block": _block,
    "unblock": _unblock,
    "deactivate": _deactivate,
    "activate": _activate,
    "move": _move,
}
#: The audit-log event each action records.
AUDIT_EVENTS = {"block": "user_blocked", "unblock": "user_unblocked", "deactivate": "user_deactivated",
                "activate": "user_reactivated", "move": "user_moved"}


def action_handler(action: UserAction, audit_event: str) -> Handler:
    """The handler applying ``action`` to the user named in the path."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        user = v3_user(tenant, str(req.path_args["uid"]))
        action(user, req.json_object(), tenant)
        user.modification_date = tenant.mint.now()
        audit_user_write(req, principal, tenant, audit_event, user)
        return req.no_content()

    return handle


ROUTES: list[Route] = [post(f"/api/v3/users/<uid>/{name}", action_handler(action, AUDIT_EVENTS[name]))
                       for name, action in USER_ACTIONS.items()]
