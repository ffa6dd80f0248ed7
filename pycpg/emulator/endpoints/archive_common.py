"""Shared pieces of the archive, storage-node and connected-server handlers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore, RestoreSession
from pycpg.emulator.endpoints.common import body_uid, require_owner_or_admin
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.routing import ApiRequest, Handler
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, json_response, not_found

#: A handler that also receives the archive store.
StoreHandler = Callable[[ArchiveStore, ApiRequest, Principal, Tenant], Response]
#: The base URL of the service served under a path prefix (``/storage/<node>``), as one request sees it.
ServiceUrl = Callable[[ApiRequest, str], str]

_SERVER_LOGS = "An error has occurred. See server logs for more information."


def bind(store: ArchiveStore, handler: StoreHandler) -> Handler:
    """A route handler calling ``handler`` with the store."""
    return lambda req, principal, tenant: handler(store, req, principal, tenant)


def device_or_404(tenant: Tenant, guid: str | None) -> DeviceRecord:
    """The device with this guid; 404 otherwise."""
    device = tenant.device_by_guid(guid) if guid else None
    if device is None:
        raise not_found("Computer not found")
    return device


def allowed_device(principal: Principal, device: DeviceRecord) -> DeviceRecord:
    """``device``, when the caller is admin-level or owns it; 403 otherwise."""
    require_owner_or_admin(principal, device.user.user_uid)
    return device


def body_device(tenant: Tenant, principal: Principal, body: Mapping[str, Any], key: str) -> DeviceRecord:
    """The device a body member names (a string or number guid): 404 unknown, 403 not the caller's."""
    return allowed_device(principal, device_or_404(tenant, body_uid(body, key)))


def storage_host(store: ArchiveStore, req: ApiRequest) -> str:
    """``storage/<node>`` for a known storage node in the path; 404 otherwise."""
    node = str(req.path_args["node"])
    if not store.is_node(node):
        raise not_found("Storage server not found")
    return f"storage/{node}"


def node_of(host: str) -> str:
    """The node guid of a ``storage/<node>`` host."""
    return host.split("/", 1)[1]


def session_or_400(store: ArchiveStore, principal: Principal, host: str, session_id: str | None,
                   device_guid: str | None) -> RestoreSession:
    """The restore session, which must be for ``device_guid`` (when given): 400 otherwise, 403 not the caller's."""
    session = store.session(session_id, host)
    if session is None:
        raise bad_request("Invalid webRestoreSessionId")
    if device_guid is not None and device_guid != session.device.guid:
        raise bad_request("The restore session is for another device")
    allowed_device(principal, session.device)
    return session


def restore_error(code: str) -> ApiError:
    """A rejected restore session: 500 with the v1 ``objects`` error body naming ``code``."""
    body = [{"name": code, "description": _SERVER_LOGS, "objects": []}]
    return ApiError(json_response(body, 500, compact=True))


def create_failed(reason: str) -> ApiError:
    """A rejected push restore: 400 ``{"problem":"CREATE_FAILED","description":reason}``."""
    return ApiError.v38_described(400, "CREATE_FAILED", reason)
