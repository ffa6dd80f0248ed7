"""``/api/v1/User`` endpoints: reads, create and update."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    Filter,
    apply_filters,
    audit_user_write,
    body_id,
    body_text,
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
from pycpg.emulator.endpoints.user_rules import UserDraft, validate
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import OrgRecord, UserRecord
from pycpg.emulator.routing import ApiRequest, Route, get, post, put
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import bad_request, not_found

USER_NOT_FOUND = "User not found"
ORG_NOT_FOUND = "Organization was not found"
#: Roles a user created through the API starts with.
NEW_USER_ROLE_IDS = ("desktop-user",)
UNLIMITED_QUOTA = -1
#: Body keys of ``PUT /api/v1/User`` holding text, and the record attribute each sets.
TEXT_ATTRIBUTES = {"email": "email", "password": "password", "firstName": "first_name",
                   "lastName": "last_name", "notes": "notes"}


USER_FILTERS: tuple[Filter[UserRecord], ...] = (
    flag_filter("active", lambda user: user.active),
    text_filter("email", lambda user: user.email, fold_case=True),
    text_filter("username", lambda user: user.username, fold_case=True),
    org_filter(lambda user: user.org.org_uid, ORG_NOT_FOUND),
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


# -- create ---------------------------------------------------------------------------


def _new_user(tenant: Tenant, org: OrgRecord, body: dict[str, Any], username: str) -> UserRecord:
    created = tenant.mint.now()
    return UserRecord(
        user_id=tenant.new_user_id(),
        user_uid=tenant.new_uid(),
        username=username,
        email=body_text(body, "email"),
        first_name=body_text(body, "firstName"),
        last_name=body_text(body, "lastName"),
        org=org,
        roles=[tenant.role(role_id) for role_id in NEW_USER_ROLE_IDS],
        creation_date=created,
        modification_date=created,
        notes=body_text(body, "notes"),
        username_is_an_email="@" in username,
        password=body_text(body, "password"),
    )


def create_user(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v1/User``: a new user in ``orgUid``; 500 with a code when invalid."""
    require_admin(principal)
    body = req.json_object()
    org = tenant.org_by_uid(body_text(body, "orgUid") or "")
    if org is None:
        raise bad_request(ORG_NOT_FOUND)
    username = body_text(body, "username")
    validate(UserDraft(username, body_text(body, "email"), body_text(body, "password"),
                       username_is_an_email="@" in (username or "")), tenant)
    user = tenant.add_user(_new_user(tenant, org, body, username or ""))
    audit_user_write(req, principal, tenant, "user_created", user)
    return req.v1(user.to_wire())


# -- update ---------------------------------------------------------------------------


def _quota(body: dict[str, Any]) -> int | None:
    """``quotaInBytes`` when present: an integer of at least -1 (unlimited); 400 otherwise."""
    if body.get("quotaInBytes") is None:
        return None
    quota = body_id(body, "quotaInBytes")
    if quota is None or quota < UNLIMITED_QUOTA:
        raise bad_request(f"Invalid value for quotaInBytes: {body['quotaInBytes']!r}")
    return quota


def _apply(tenant: Tenant, user: UserRecord, texts: dict[str, str], quota: int | None) -> None:
    if "username" in texts and texts["username"] != user.username:
        tenant.rename_user(user, texts["username"])
    for key, attribute in TEXT_ATTRIBUTES.items():
        if key in texts:
            setattr(user, attribute, texts[key])
    if quota is not None:
        user.quota_in_bytes = quota
    user.modification_date = tenant.mint.now()


def update_user(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v1/User/{uid}?idType=uid``: absent or null keys leave a field unchanged."""
    require_admin(principal)
    user = _find_user(req, tenant, str(req.path_args["key"]))
    body = req.json_object()
    texts = {key: text for key in ("username", *TEXT_ATTRIBUTES) if (text := body_text(body, key)) is not None}
    quota = _quota(body)
    draft = UserDraft(texts.get("username", user.username), texts.get("email", user.email), texts.get("password"),
                      username_is_an_email=user.username_is_an_email is True, existing=user)
    validate(draft, tenant)
    _apply(tenant, user, texts, quota)
    audit_user_write(req, principal, tenant, "user_updated", user)
    return req.v1(user.to_wire())


ROUTES: list[Route] = [
    get("/api/v1/User", list_users),
    post("/api/v1/User", create_user),
    get("/api/v1/User/my", get_my_user),
    get("/api/v1/User/<key>", get_user),
    put("/api/v1/User/<key>", update_user),
]
