"""``/api/v1/Org`` reads: the org list, the caller's org, one org by ``orgId``."""

from __future__ import annotations

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import (
    Filter,
    apply_filters,
    int_or_none,
    require_admin,
    require_own_org_or_admin,
    search_filter,
)
from pycpg.emulator.endpoints.settings import org_settings_extras
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import OrgRecord
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, not_found

ORG_FILTERS: tuple[Filter[OrgRecord], ...] = (search_filter("q", lambda org: (org.org_name,)),)


def list_orgs(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Org``: a page of orgs, ``q`` searching names (admins only)."""
    require_admin(principal)
    page = req.page()
    orgs = apply_filters(tenant.orgs, ORG_FILTERS, req, tenant)
    return req.v1({"totalCount": len(orgs), "orgs": [org.to_wire() for org in page.slice(orgs)]})


def get_my_org(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Org/my``: the caller's org; API clients have none (500)."""
    user = tenant.user_by_uid(principal.user_uid) if principal.user_uid else None
    if user is None:
        raise ApiError.v1(500, "No user is associated with the credentials")
    return req.v1(user.org.to_wire())


def get_org(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Org/{orgId}`` (admins, or users of that org); ``inc*`` flags add the settings trees."""
    org_id = int_or_none(str(req.path_args["key"]))
    org = None if org_id is None else tenant.org_by_id(org_id)
    if org is None:
        raise not_found("Organization was not found")
    require_own_org_or_admin(principal, tenant, org)
    return req.v1({**org.to_wire(), **org_settings_extras(req, tenant, org)})


ROUTES: list[Route] = [
    get("/api/v1/Org", list_orgs),
    get("/api/v1/Org/my", get_my_org),
    get("/api/v1/Org/<key>", get_org),
]
