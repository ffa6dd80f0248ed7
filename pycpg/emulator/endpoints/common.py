"""Shared pieces of endpoint handlers: filters, permissions, id lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pycpg.emulator.audit_log import AuditActor
from pycpg.emulator.legal_hold import HoldPrincipal
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import OrgRecord, UserRecord
from pycpg.emulator.routing import ApiRequest
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, forbidden

R = TypeVar("R")

Predicate = Callable[[R], bool]
#: A filter reads its query parameter and returns a predicate, or ``None`` when absent.
Filter = Callable[[ApiRequest, Tenant], Predicate[R] | None]


def apply_filters(items: Iterable[R], filters: Sequence[Filter[R]], req: ApiRequest, tenant: Tenant) -> list[R]:
    """The items every present filter accepts, in store order."""
    predicates = [predicate for build in filters if (predicate := build(req, tenant)) is not None]
    return [item for item in items if all(predicate(item) for predicate in predicates)]


def flag_filter(param: str, attribute: Callable[[R], bool]) -> Filter[R]:
    """A boolean filter comparing ``param`` with ``attribute(item)``."""

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[R] | None:
        wanted = req.flag(param)
        if wanted is None:
            return None
        return lambda item: attribute(item) == wanted

    return build


def text_filter(param: str, attribute: Callable[[R], str | None], *, fold_case: bool = False) -> Filter[R]:
    """An exact-match filter on ``attribute(item)``, optionally case-insensitive."""

    def normal(value: str) -> str:
        return value.lower() if fold_case else value

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[R] | None:
        wanted = req.text(param)
        if wanted is None:
            return None
        target = normal(wanted)
        return lambda item: (value := attribute(item)) is not None and normal(value) == target

    return build


def member_filter(param: str, values: Callable[[R], Iterable[str]]) -> Filter[R]:
    """A filter keeping items whose ``values(item)`` contain the parameter's value."""

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[R] | None:
        wanted = req.text(param)
        if wanted is None:
            return None
        return lambda item: wanted in values(item)

    return build


def search_filter(param: str, texts: Callable[[R], Iterable[str]]) -> Filter[R]:
    """A case-insensitive substring search over ``texts(item)``."""

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[R] | None:
        needle = req.text(param)
        if needle is None:
            return None
        lowered = needle.lower()
        return lambda item: any(lowered in text.lower() for text in texts(item))

    return build


def org_filter(org_uid_of: Callable[[R], str], missing_message: str) -> Filter[R]:
    """``orgUid`` filter; an unknown org answers 400 with ``missing_message``."""

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[R] | None:
        org_uid = req.text("orgUid")
        if org_uid is None:
            return None
        if tenant.org_by_uid(org_uid) is None:
            raise bad_request(missing_message)
        return lambda item: org_uid_of(item) == org_uid

    return build


def require_admin(principal: Principal) -> None:
    """403 unless the caller is admin-level."""
    if not principal.is_admin:
        raise forbidden()


def require_owner_or_admin(principal: Principal, owner_uid: str) -> None:
    """403 unless the caller is admin-level or owns the record."""
    if not (principal.is_admin or principal.owns(owner_uid)):
        raise forbidden()


def require_own_org_or_admin(principal: Principal, tenant: Tenant, org: OrgRecord) -> None:
    """403 unless the caller is admin-level or a user of ``org``."""
    user = tenant.user_by_uid(principal.user_uid) if principal.user_uid else None
    if not (principal.is_admin or (user is not None and user.org is org)):
        raise forbidden()


def id_type(req: ApiRequest, allowed: Sequence[str]) -> str:
    """The ``idType`` query value (``"id"`` when absent); 400 for unsupported ones."""
    value = req.text("idType") or "id"
    if value not in ("id", *allowed):
        raise bad_request(f"Unsupported idType: {value}")
    return value


def int_or_none(text: str) -> int | None:
    """``int(text)``, or ``None`` when ``text`` is not an integer."""
    try:
        return int(text)
    except ValueError:
        return None


# -- v3 lookups -----------------------------------------------------------------


def v3_user(tenant: Tenant, user_uid: str) -> UserRecord:
    """The user with this ``userUid``; 404 v3 ``USER_NOT_FOUND`` otherwise."""
    user = tenant.user_by_uid(user_uid)
    if user is None:
        raise ApiError.v3(404, "USER_NOT_FOUND")
    return user


def v3_org(org: OrgRecord | None) -> OrgRecord:
    """``org`` when a lookup found one; 404 v3 ``ORG_NOT_FOUND`` otherwise."""
    if org is None:
        raise ApiError.v3(404, "ORG_NOT_FOUND")
    return org


# -- JSON body members --------------------------------------------------------


def body_text(body: Mapping[str, Any], key: str) -> str | None:
    """A string member (``None`` when absent or null); 400 for any other JSON type."""
    value = body.get(key)
    if value is None or isinstance(value, str):
        return value
    raise bad_request(f"Invalid value for {key}: {value!r}")


def body_id(body: Mapping[str, Any], key: str) -> int | None:
    """An integer id sent as a JSON number or a numeric string; ``None`` when absent or not one."""
    value = body.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int_or_none(value.strip()) if isinstance(value, str) else None


def body_uid(body: Mapping[str, Any], key: str) -> str | None:
    """A uid sent as a JSON string or number; ``None`` when absent or of another type."""
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value)


def body_flag(body: Mapping[str, Any], key: str) -> bool:
    """Whether the member is JSON ``true`` (absent, null and false are all false)."""
    return body.get(key) is True


def present(body: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The members among ``keys`` that are present and not null (what an update changes)."""
    return {key: body[key] for key in keys if body.get(key) is not None}


# -- who did it -----------------------------------------------------------------


def hold_actor(principal: Principal, tenant: Tenant) -> HoldPrincipal:
    """The caller as a legal-hold principal: ``USER`` with its user record, or ``API_KEY``."""
    user = tenant.user_by_uid(principal.user_uid) if principal.user_uid else None
    return HoldPrincipal.api_key(principal.name) if user is None else HoldPrincipal.of_user(user)


def audit_actor(req: ApiRequest, principal: Principal) -> AuditActor:
    """The caller as an audit-log actor, with the request's agent and address."""
    return AuditActor.of(principal, req.http.headers.get("User-Agent"), req.http.remote_addr)


def audit_user_write(req: ApiRequest, principal: Principal, tenant: Tenant, name: str, user: UserRecord,
                     **extra: Any) -> None:
    """Record a served user write, timestamped with the user's new ``modificationDate``."""
    tenant.audit_log.record(name, audit_actor(req, principal), user.modification_date,
                            affectedUserId=user.user_uid, affectedUserName=user.username, **extra)
