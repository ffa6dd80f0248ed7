"""``/api/v38/legal-hold-membership/*`` and ``/api/v38/legal-hold-event/list`` (bare JSON, admins only).

The membership list is a bare array, or ``{"memberships": [...]}`` when the emulator
serves wrapped legal-hold lists; the event list is always a bare array.
"""

from __future__ import annotations

from datetime import datetime

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    Filter,
    Predicate,
    apply_filters,
    body_uid,
    hold_actor,
    require_admin,
    search_filter,
    text_filter,
)
from pycpg.emulator.endpoints.legal_hold import PREFIX, admin_body, listed, matter_or_403, problem
from pycpg.emulator.legal_hold import EventRecord, MembershipRecord
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Handler, Route, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import UTC, ApiError, bad_request, forbidden

CRITERIA_MISSING = "At least one criteria must be specified; holdMembershipUid, holdUid, userUid, or userSearch"
_CRITERIA = ("legalHoldUid", "userUid", "user")
_MEMBERSHIP_STATES = {"ACTIVE": True, "INACTIVE": False, "ALL": None}


# -- memberships ----------------------------------------------------------------------


def create_membership(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST .../legal-hold-membership/create`` ``{legalHoldUid, userUid}``: the membership.

    403 for an unknown matter; 400 ``USER_NOT_FOUND``, ``HOLD_NOT_ACTIVE``, ``USER_ALREADY_IN_HOLD``.
    A deactivated membership of the user in the matter is reactivated (same uid).
    """
    body = admin_body(req, principal)
    matter = matter_or_403(tenant, body_uid(body, "legalHoldUid"))
    user = tenant.user_by_uid(body_uid(body, "userUid") or "")
    if user is None:
        raise problem("USER_NOT_FOUND")
    if not matter.active:
        raise problem("HOLD_NOT_ACTIVE")
    existing = tenant.legal_hold.membership_of(matter, user)
    if existing is not None and existing.active:
        raise problem("USER_ALREADY_IN_HOLD")
    member = tenant.legal_hold.add_custodian(tenant.hold_change(hold_actor(principal, tenant)), matter, user)
    return req.v38(member.to_wire())


def deactivate_membership(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST .../legal-hold-membership/deactivate`` ``{legalHoldMembershipUid}``: 204; 403 unknown; 400 inactive."""
    body = admin_body(req, principal)
    member = tenant.legal_hold.membership(body_uid(body, "legalHoldMembershipUid") or "")
    if member is None:
        raise forbidden()
    if not member.active:
        raise problem("ALREADY_DEACTIVATED")
    tenant.legal_hold.release(tenant.hold_change(hold_actor(principal, tenant)), member)
    return req.no_content()


def _membership_state(req: ApiRequest, tenant: Tenant) -> Predicate[MembershipRecord] | None:
    """``active``: ``ACTIVE``, ``INACTIVE`` or ``ALL`` (any case; absent: all)."""
    value = (req.text("active") or "ALL").upper()
    if value not in _MEMBERSHIP_STATES:
        raise bad_request(f"Invalid value for active: {req.text('active')}")
    wanted = _MEMBERSHIP_STATES[value]
    return None if wanted is None else (lambda member: member.active == wanted)


MEMBERSHIP_FILTERS: tuple[Filter[MembershipRecord], ...] = (
    _membership_state,
    text_filter("legalHoldUid", lambda member: member.matter.legal_hold_uid),
    text_filter("userUid", lambda member: member.user.user_uid),
    search_filter("user", lambda member: tuple(text for text in (member.user.username, member.user.email) if text)),
)


def list_memberships(wrapped: bool) -> Handler:
    """``GET .../legal-hold-membership/list``: needs ``legalHoldUid``, ``userUid`` or ``user``."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        if all(req.text(name) is None for name in _CRITERIA):
            raise ApiError.v38_described(400, "INVALID_CRITERIA", CRITERIA_MISSING)
        members = apply_filters(tenant.legal_hold.memberships, MEMBERSHIP_FILTERS, req, tenant)
        return listed(req, members, "memberships", wrapped)

    return handle


# -- events ---------------------------------------------------------------------------


def _instant(req: ApiRequest, name: str) -> datetime | None:
    """An ISO-8601 query date (no offset: UTC); 400 when unparsable."""
    text = req.text(name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise bad_request(f"Invalid date for {name}: {text}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _date_filter(name: str, later: bool) -> Filter[EventRecord]:
    """``minEventDate`` (``later``) / ``maxEventDate``: inclusive bounds on ``eventDate``."""

    def build(req: ApiRequest, tenant: Tenant) -> Predicate[EventRecord] | None:
        bound = _instant(req, name)
        if bound is None:
            return None
        return (lambda event: event.event_date >= bound) if later else (lambda event: event.event_date <= bound)

    return build


EVENT_FILTERS: tuple[Filter[EventRecord], ...] = (
    text_filter("legalHoldUid", lambda event: event.matter.legal_hold_uid),
    _date_filter("minEventDate", later=True),
    _date_filter("maxEventDate", later=False),
)


def list_events(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET .../legal-hold-event/list``: filtered events by date then uid, paged, a bare array."""
    require_admin(principal)
    events = apply_filters(sorted(tenant.legal_hold.events, key=lambda event: event.sort_key), EVENT_FILTERS,
                           req, tenant)
    return listed(req, events, "events", wrapped=False)


def routes(wrapped: bool) -> list[Route]:
    """The membership and event endpoints; ``wrapped`` chooses the membership list's shape."""
    return [
        post(f"{PREFIX}/legal-hold-membership/create", create_membership),
        post(f"{PREFIX}/legal-hold-membership/deactivate", deactivate_membership),
        get(f"{PREFIX}/legal-hold-membership/list", list_memberships(wrapped)),
        get(f"{PREFIX}/legal-hold-event/list", list_events),
    ]
