"""``/api/v1/Computer`` endpoints."""

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
    require_owner_or_admin,
    search_filter,
    text_filter,
)
from pycpg.emulator.endpoints.settings import device_settings_extras
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.routing import ApiRequest, Route, get
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import not_found

DEVICE_FILTERS: tuple[Filter[DeviceRecord], ...] = (
    flag_filter("active", lambda device: device.active),
    flag_filter("blocked", lambda device: device.blocked),
    org_filter(lambda device: device.user.org.org_uid, "Unable to find org"),
    text_filter("userUid", lambda device: device.user.user_uid),
    member_filter("targetComputerGuid", lambda device: [usage.destination.guid for usage in device.backup_usage]),
    search_filter("q", DeviceRecord.searchable),
)


def _visible_devices(principal: Principal, tenant: Tenant) -> list[DeviceRecord]:
    """Admins see every device; other callers only their own."""
    if principal.is_admin:
        return tenant.devices
    return [device for device in tenant.devices if principal.owns(device.user.user_uid)]


def list_devices(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Computer``: a filtered page; ``totalCount`` only with ``incCounts``."""
    page = req.page()
    devices = apply_filters(_visible_devices(principal, tenant), DEVICE_FILTERS, req, tenant)
    inc_usage = req.flag("incBackupUsage") is True
    body: dict[str, object] = {}
    if req.flag("incCounts") is True:
        body["totalCount"] = len(devices)
    body["computers"] = [device.to_wire(inc_usage) for device in page.slice(devices)]
    return req.v1(body)


def _find_device(req: ApiRequest, tenant: Tenant, key: str) -> DeviceRecord:
    if id_type(req, ("guid",)) == "guid":
        device = tenant.device_by_guid(key)
    else:
        computer_id = int_or_none(key)
        device = None if computer_id is None else tenant.device_by_id(computer_id)
    if device is None:
        raise not_found("Computer not found")
    return device


def get_device(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Computer/{id}`` (``idType=guid`` for a guid); ``incSettings`` adds the settings trees."""
    device = _find_device(req, tenant, str(req.path_args["key"]))
    require_owner_or_admin(principal, device.user.user_uid)
    body = device.to_wire(req.flag("incBackupUsage") is True)
    return req.v1({**body, **device_settings_extras(req, tenant, device)})


ROUTES: list[Route] = [
    get("/api/v1/Computer", list_devices),
    get("/api/v1/Computer/<key>", get_device),
]
