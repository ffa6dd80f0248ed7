"""``/api/v3/orgs``: create, read, update, and the block/unblock/deactivate/activate actions.

Orgs render with live ``userCount``/``computerCount``/``orgCount`` (direct members
and children). Actions answer ``204`` and change the org's flags only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    body_text,
    present,
    require_admin,
    require_own_org_or_admin,
    v3_org,
)
from pycpg.emulator.endpoints.settings import org_settings_extras
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import OrgRecord
from pycpg.emulator.routing import ApiRequest, Handler, Route, get, post, put
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError

OrgAction = Callable[[OrgRecord, Tenant], None]
#: Body keys of ``PUT /api/v3/orgs/{guid}`` and the record attribute each sets.
UPDATE_ATTRIBUTES = {"orgName": "org_name", "orgExtRef": "org_ext_ref", "notes": "notes"}


def _render(req: ApiRequest, tenant: Tenant, org: OrgRecord) -> Response:
    return req.v3(org.to_v3_wire(tenant.org_counts(org)))


def _path_org(req: ApiRequest, tenant: Tenant) -> OrgRecord:
    return v3_org(tenant.org_by_guid(str(req.path_args["guid"])))


def _org_name(body: dict[str, Any]) -> str:
    """A non-blank ``orgName``; 400 ``INVALID_ORG_NAME`` otherwise."""
    name = body_text(body, "orgName")
    if name is None or not name.strip():
        raise ApiError.v3(400, "INVALID_ORG_NAME")
    return name


def _parent(body: dict[str, Any], tenant: Tenant) -> OrgRecord:
    """The org ``parentOrgGuid`` names; the root org when it is null."""
    guid = body_text(body, "parentOrgGuid")
    return tenant.root_org if guid is None else v3_org(tenant.org_by_guid(guid))


def create_org(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v3/orgs``: a new org under ``parentOrgGuid`` (the root org when null)."""
    require_admin(principal)
    body = req.json_object()
    name = _org_name(body)
    parent = _parent(body, tenant)
    created = tenant.mint.now()
    org = tenant.add_org(OrgRecord(
        org_id=tenant.new_org_id(),
        org_uid=tenant.new_uid(),
        org_guid=tenant.mint.uuid(),
        org_name=name,
        parent=parent,
        registration_key=tenant.mint.registration_key(),
        creation_date=created,
        modification_date=created,
        org_type=parent.org_type,
        org_ext_ref=body_text(body, "orgExtRef"),
        notes=body_text(body, "notes"),
    ))
    return _render(req, tenant, org)


def get_org(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v3/orgs/{guid}`` (admins, or users of that org); ``inc*`` flags add the settings trees."""
    org = _path_org(req, tenant)
    require_own_org_or_admin(principal, tenant, org)
    return req.v3({**org.to_v3_wire(tenant.org_counts(org)), **org_settings_extras(req, tenant, org)})


def update_org(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``PUT /api/v3/orgs/{guid}``: absent or null keys leave a field unchanged."""
    require_admin(principal)
    org = _path_org(req, tenant)
    body = req.json_object()
    changes = {key: body_text(body, key) for key in present(body, UPDATE_ATTRIBUTES)}
    if "orgName" in changes:
        _org_name(body)
    for key, value in changes.items():
        setattr(org, UPDATE_ATTRIBUTES[key], value)
    org.modification_date = tenant.mint.now()
    return _render(req, tenant, org)


def _block(org: OrgRecord, tenant: Tenant) -> None:
    org.blocked = True


def _unblock(org: OrgRecord, tenant: Tenant) -> None:
    org.blocked = False


def _deactivate(org: OrgRecord, tenant: Tenant) -> None:
    if org.active:
        org.active, org.deactivation_date = False, tenant.mint.now()


def _activate(org: OrgRecord, tenant: Tenant) -> None:
    org.active, org.deactivation_date = True, None


ORG_ACTIONS: dict[str, OrgAction] = {
    "block": _block,
    "unblock": _unblock,
    "deactivate": _deactivate,
    "activate": _activate,
}


def action_handler(action: OrgAction) -> Handler:
    """The handler applying ``action`` to the org named in the path."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        org = _path_org(req, tenant)
        action(org, tenant)
        org.modification_date = tenant.mint.now()
        return req.no_content()

    return handle


ROUTES: list[Route] = [
    post("/api/v3/orgs", create_org),
    get("/api/v3/orgs/<guid>", get_org),
    put("/api/v3/orgs/<guid>", update_org),
    *(post(f"/api/v3/orgs/<guid>/{name}", action_handler(action)) for name, action in ORG_ACTIONS.items()),
]
