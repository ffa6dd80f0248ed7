"""Device state changes; every one answers ``204`` with an empty body.

v1 actions name the device by ``computerId`` in the path; v38 actions in the JSON
body (``id``: a number or numeric string; ``deviceGuid``). Unknown devices are 404
in the family's error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.endpoints.common import body_id, int_or_none, require_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.routing import ApiRequest, Handler, Route, delete, post, put
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, not_found

DeviceAction = Callable[[DeviceRecord, Tenant], None]
#: Finds the device a v38 request body names (``None``: no such device).
BodyLocator = Callable[[dict[str, Any], Tenant], DeviceRecord | None]


def _block(device: DeviceRecord, tenant: Tenant) -> None:
    device.blocked = True


def _unblock(device: DeviceRecord, tenant: Tenant) -> None:
    device.blocked = False


def _deauthorize(device: DeviceRecord, tenant: Tenant) -> None:
    device.deauthorized = True


def _deactivate(device: DeviceRecord, tenant: Tenant) -> None:
    """Deactivate; refused while the device's user is a legal-hold custodian."""
    if tenant.is_on_legal_hold(device.user):
        raise ApiError.v38(400, "ACTIVE_LEGAL_HOLD")
    device.active = False


def _reactivate(device: DeviceRecord, tenant: Tenant) -> None:
    device.active = True


def _request_upgrade(device: DeviceRecord, tenant: Tenant) -> None:
    device.upgrade_requested = True


def _by_id(body: dict[str, Any], tenant: Tenant) -> DeviceRecord | None:
    computer_id = body_id(body, "id")
    return None if computer_id is None else tenant.device_by_id(computer_id)


def _by_guid(body: dict[str, Any], tenant: Tenant) -> DeviceRecord | None:
    guid = body.get("deviceGuid")
    if isinstance(guid, bool) or not isinstance(guid, (str, int)):
        return None
    return tenant.device_by_guid(str(guid))


def _changed(req: ApiRequest, tenant: Tenant, device: DeviceRecord, action: DeviceAction) -> Response:
    action(device, tenant)
    device.modification_date = tenant.mint.now()
    return req.no_content()


def v1_handler(action: DeviceAction) -> Handler:
    """Apply ``action`` to the device whose ``computerId`` is in the path."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        computer_id = int_or_none(str(req.path_args["key"]))
        device = None if computer_id is None else tenant.device_by_id(computer_id)
        if device is None:
            raise not_found("Computer not found")
        return _changed(req, tenant, device, action)

    return handle


def v38_handler(action: DeviceAction, locate: BodyLocator) -> Handler:
    """Apply ``action`` to the device the JSON body names."""

    def handle(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        require_admin(principal)
        device = locate(req.json_object(), tenant)
        if device is None:
            raise ApiError.v38(404, "DEVICE_NOT_FOUND")
        return _changed(req, tenant, device, action)

    return handle


ROUTES: list[Route] = [
    put("/api/v1/ComputerBlock/<key>", v1_handler(_block)),
    delete("/api/v1/ComputerBlock/<key>", v1_handler(_unblock)),
    put("/api/v1/ComputerDeauthorization/<key>", v1_handler(_deauthorize)),
    post("/api/v38/computer-deactivation/update", v38_handler(_deactivate, _by_id)),
    post("/api/v38/computer-deactivation/remove", v38_handler(_reactivate, _by_id)),
    post("/api/v38/device-upgrade/upgrade-device", v38_handler(_request_upgrade, _by_guid)),
]
