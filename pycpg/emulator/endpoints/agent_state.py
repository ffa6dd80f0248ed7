"""``/api/v38/agent-state/*``: agent properties that devices report.

By device GUID the answer is one object (CrashPlan's own CLI reads ``.data["value"]``),
and ``404`` when the device's agent reports no state: only Macs do (the CLI expects
a 404 for any other device). By org it is a bare list with one item per device.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import int_or_none, require_admin, require_owner_or_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request


def _property_name(req: ApiRequest) -> str:
    name = req.text("propertyName")
    if name is None:
        raise bad_request("propertyName is required")
    return name


def by_device_guid(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """The property of one device (admins, or the device's user)."""
    device = tenant.device_by_guid(req.text("deviceGuid") or "")
    if device is None:
        raise ApiError.v38(404, "DEVICE_NOT_FOUND")
    require_owner_or_admin(principal, device.user.user_uid)
    name = _property_name(req)
    if not device.reports_agent_state:
        raise ApiError.v38(404, "AGENT_STATE_NOT_FOUND")
    return req.v38(device.agent_state_to_wire(name))


def by_organization_id(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """The property of every device directly in the org (admins only)."""
    require_admin(principal)
    org_id = int_or_none(req.text("orgId") or "")
    org = None if org_id is None else tenant.org_by_id(org_id)
    if org is None:
        raise ApiError.v38(404, "ORG_NOT_FOUND")
    name = _property_name(req)
    return req.v38([device.agent_state_to_wire(name) for device in tenant.devices if device.user.org is org])


ROUTES: list[Route] = [
    get("/api/v38/agent-state/view-by-device-guid", by_device_guid),
    get("/api/v38/agent-state/view-by-organization-id", by_organization_id),
]
