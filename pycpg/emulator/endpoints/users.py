"""``/api/v1/User`` endpoints."""

from __future__ import annotations

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    Filter,
    apply_filters,
    flag_filter,
    id_type,
    int_or_none,
    member_filter,
    org_filter,
    require_admin,
    require_owner_or_admin,
    search_filter,
    text_filter,
)
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import UserRecord
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import not_found

USER_NOT_FOUND = "User not found"


USER_FILTERS: tuple[Filter[UserRecord], ...] = (
    flag_filter("active", lambda user: user.active),
    text_filter("email", lambda user: user.email, fold_case=True),
    text_filter("username", lambda user: user.username, fold_case=True),
    org_filter(lambda user: user.org.org_uid, "Organization was not found"),
    search_filter("q", UserRecord.searchable),
    member_filter("roleId", lambda user: [role.role_id for role in user.roles]),
)


def list_users(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/User``: a filtered page of users (admins only)."""
    require_admin(principal)
    page = req.page()
    users = apply_filters(tenant.users, USER_FILTERS, req, tenant)
    inc_roles = req.flag("incRoles") is True
    return req.v1({"totalCount": len(users), "users": [user.to_wire(inc_roles) for user in page.slice(users)]})


def _find_user(req: ApiRequest, tenant: Tenant, key: str) -> UserRecord:
    if id_type(req, ("uid",)) == "uid":
        user = tenant.user_by_uid(key)
    else:
        user_id = int_or_none(key)
        user = None if user_id is None else tenant.user_by_id(user_id)
    if user is None:
        raise not_found(USER_NOT_FOUND)
    return user


def get_user(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/User/{id}`` (``idType=uid`` for a userUid)."""
    user = _find_user(req, tenant, str(req.path_args["key"]))
    require_owner_or_admin(principal, user.user_uid)
    return req.v1(user.to_wire(req.flag("incRoles") is True))


def get_my_user(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/User/my``: the caller's user; API clients have none (404)."""
    user = tenant.user_by_uid(principal.user_uid) if principal.user_uid else None
    if user is None:
        raise not_found(USER_NOT_FOUND)
    return req.v1(user.to_wire(req.flag("incRoles") is True))


ROUTES: list[Route] = [
    get("/api/v1/User", list_users),
    get("/api/v1/User/my", get_my_user),
    get("/api/v1/User/<key>", get_user),
]
