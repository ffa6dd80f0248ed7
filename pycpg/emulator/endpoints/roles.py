"""Roles: ``GET /api/v1/role`` and ``GET``/``PUT /api/v3/users/{uid}/roles``."""

from __future__ import annotations

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import audit_user_write, require_admin, require_owner_or_admin, v3_user
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import RoleRecord, UserRecord
from pycpg.emulator.routing import ApiRequest, Route, get, put
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request


def list_roles(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """Every role with its permissions and live ``numberOfUsers`` (admins only)."""
    require_admin(principal)
    return req.v1([role.to_v1_wire(tenant.role_holders(role)) for role in tenant.roles])


def get_user_roles(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """The roles one user holds (admins, or the user itself)."""
    user = v3_user(tenant, str(req.path_args["uid"]))
    require_owner_or_admin(principal, user.user_uid)
    return req.v3([role.to_wire() for role in user.roles])


def _requested_roles(tenant: Tenant, role_ids: object) -> list[RoleRecord]:
    """The roles named in ``roleIds`` (duplicates collapse); 400 ``ROLE_NOT_FOUND`` for an unknown id."""
    if not isinstance(role_ids, list):
        raise bad_request("roleIds must be a list")
    try:
        return [tenant.role(role_id) for role_id in dict.fromkeys(str(item) for item in role_ids)]
    except KeyError:
        raise ApiError.v3(400, "ROLE_NOT_FOUND") from None


def set_user_roles(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """Replace a user's roles with ``roleIds``; returns the roles after the change."""
    require_admin(principal)
    user = v3_user(tenant, str(req.path_args["uid"]))
    before, user.roles = user.roles, _requested_roles(tenant, req.json_object().get("roleIds"))
    user.modification_date = tenant.mint.now()
    _audit_role_changes(req, principal, tenant, user, before)
    return req.v3([role.to_wire() for role in user.roles])


def _audit_role_changes(req: ApiRequest, principal: Principal, tenant: Tenant, user: UserRecord,
                        before: list[RoleRecord]) -> None:
    """One ``role_assigned`` per added role, then one ``role_unassigned`` per removed role."""
    changes = [("role_assigned", role) for role in user.roles if role not in before]
    changes += [("role_unassigned", role) for role in before if role not in user.roles]
    for name, role in changes:
        audit_user_write(req, principal, tenant, name, user, roleId=role.role_id, roleName=role.role_name)


ROUTES: list[Route] = [
    get("/api/v1/role", list_roles),
    get("/api/v3/users/<uid>/roles", get_user_roles),
    put("/api/v3/users/<uid>/roles", set_user_roles),
]
