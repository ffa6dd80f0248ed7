"""``/api/v38/legal-hold-policy/*`` and ``/api/v38/legal-hold-matter/*`` (bare JSON, admins only).

Unknown uids answer ``403`` like a missing permission (the API does not tell them
apart). Writes stamp their dates, and the event they record, from the tenant clock.
The matter list is a bare array, or ``{"matters": [...]}`` when the emulator serves
wrapped legal-hold lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    Filter,
    Predicate,
    apply_filters,
    body_text,
    body_uid,
    hold_actor,
    require_admin,
    search_filter,
    text_filter,
)
from pycpg.emulator.legal_hold import MatterRecord, PolicyRecord
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Handler, Route, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, forbidden

PREFIX = "/api/v38"


class Wire(Protocol):
    """A record that renders itself."""

    def to_wire(self) -> dict[str, Any]: ...


# -- shared by the legal-hold endpoints ----------------------------------------------


def problem(code: str) -> ApiError:
    """``400`` with the v38 body ``{"problem": code, "description": null}``."""
    return ApiError.v38(400, code)


def listed(req: ApiRequest, items: Sequence[Wire], key: str, wrapped: bool) -> Response:
    """One page (``page`` 1-based, ``pageSize``) as a bare array, or wrapped under ``key``."""
    bodies = [item.to_wire() for item in req.page_of("page", "pageSize").slice(items)]
    return req.v38({key: bodies} if wrapped else bodies)


def admin_body(req: ApiRequest, principal: Principal) -> dict[str, Any]:
    """The JSON body of an admin-only write (403 for anyone else)."""
    require_admin(principal)
    return req.json_object()


def matter_or_403(tenant: Tenant, uid: str | None) -> MatterRecord:
    """The matter with this uid; 403 when there is none."""
    matter = tenant.legal_hold.matter(uid or "")
    if matter is None:
        raise forbidden()
    return matter


def _name(body: dict[str, Any]) -> str:
    """A non-blank ``name``; 400 ``INVALID_NAME`` otherwise."""
    name = body_text(body, "name")
    if name is None or not name.strip():
        raise problem("INVALID_NAME")
    return name


# -- policies -------------------------------------------------------------------------


def create_policy(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST .../legal-hold-policy/create`` ``{name}``: a policy with the default settings."""
    name = _name(admin_body(req, principal))
    policy = tenant.legal_hold.create_policy(tenant.hold_change(hold_actor(principal, tenant)), name)
    return req.v38(policy.to_wire())


def _policy_or_403(tenant: Tenant, uid: str | None) -> PolicyRecord:
    policy = tenant.legal_hold.policy(uid or "")
    if policy is None:
        raise forbidden()
    return policy


def view_policy(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET .../legal-hold-policy/view?legalHoldPolicyUid=``."""
    require_admin(principal)
    return req.v38(_policy_or_403(tenant, req.text("legalHoldPolicyUid")).to_wire())


def list_policies(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET .../legal-hold-policy/list``: every policy, a bare array (not paged)."""
    require_admin(principal)
    return req.v38([policy.to_wire() for policy in tenant.legal_hold.policies])


# -- matters --------------------------------------------------------------------------


def create_matter(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST .../legal-hold-matter/create``: 400 ``INVALID_NAME``, then 400 ``POLICY_NOT_FOUND``."""
    body = admin_body(req, principal)
    texts = {key: body_text(body, key) for key in ("description", "notes", "externalReference")}
    name = _name(body)
    policy = tenant.legal_hold.policy(body_uid(body, "policyId") or "")
    if policy is None:
        raise problem("POLICY_NOT_FOUND")
    change = tenant.hold_change(hold_actor(principal, tenant))
    matter = tenant.legal_hold.create_matter(change, policy, name, texts["description"] or "", texts["notes"],
                                             texts["externalReference"])
    return req.v38(matter.to_wire())


def view_matter(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET .../legal-hold-matter/view?legalHoldUid=``."""
    require_admin(principal)
    return req.v38(matter_or_403(tenant, req.text("legalHoldUid")).to_wire())


def _active_filter(req: ApiRequest, tenant: Tenant) -> Predicate[MatterRecord] | None:
    """``active``: ``true``/``false`` filter (any case); ``none`` or absent: every matter."""
    value = (req.text("active") or "none").lower()
    if value not in ("true", "false", "none"):
        raise bad_request(f"Invalid value for active: {req.text('active')}")
    wanted = value == "true"
    return None if value == "none" else (lambda matter: matter.active == wanted)


MATTER_FILTERS: tuple[Filter[MatterRecord], ...] = (
    _active_filter,
    text_filter("creatorPrincipalId", lambda matter: matter.creator.principal_id),
    search_filter("name", lambda matter: (matter.name,)),
    text_filter("externalReference", lambda matter: matter.hold_ext_ref),
)


def list_matters(wrapped: bool) -> Handler:
    """``GET .../legal-hold-matter/list``: filtered matters in creation order, paged."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        matters = apply_filters(tenant.legal_hold.matters, MATTER_FILTERS, req, tenant)
        return listed(req, matters, "matters", wrapped)

    return handle


def set_matter_active(active: bool) -> Handler:
    """``POST .../legal-hold-matter/{activate,deactivate}`` ``{legalHoldUid}``: 204, or 400 when already so."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        matter = matter_or_403(tenant, body_uid(admin_body(req, principal), "legalHoldUid"))
        if matter.active == active:
            raise problem("ALREADY_ACTIVE" if active else "ALREADY_DEACTIVATED")
        tenant.legal_hold.set_matter_active(tenant.hold_change(hold_actor(principal, tenant)), matter, active)
        return req.no_content()

    return handle


def routes(wrapped: bool) -> list[Route]:
    """The policy and matter endpoints; ``wrapped`` chooses the matter list's shape."""
    return [
        post(f"{PREFIX}/legal-hold-policy/create", create_policy),
        get(f"{PREFIX}/legal-hold-policy/view", view_policy),
        get(f"{PREFIX}/legal-hold-policy/list", list_policies),
        post(f"{PREFIX}/legal-hold-matter/create", create_matter),
        get(f"{PREFIX}/legal-hold-matter/view", view_matter),
        get(f"{PREFIX}/legal-hold-matter/list", list_matters(wrapped)),
        post(f"{PREFIX}/legal-hold-matter/deactivate", set_matter_active(False)),
        post(f"{PREFIX}/legal-hold-matter/activate", set_matter_active(True)),
    ]
