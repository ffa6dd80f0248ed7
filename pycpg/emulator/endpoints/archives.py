"""Authority archive endpoints: archives, backup sets, data-key tokens and the URLs of the
storage node (``WebRestoreInfo``) and of a device's connected server (``connectedServerUrl``).

Each storage node and each connected server is its own origin (the root of a port of
its own while the emulator serves; see :mod:`pycpg.emulator.serving`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.archives import ArchiveRef
from pycpg.emulator.endpoints.archive_common import ServiceUrl, allowed_device, bind, body_device, device_or_404
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Route, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, forbidden, not_found

#: ``/api/v1/Archive`` filter parameter → the archive's value.
_ARCHIVE_FILTERS: dict[str, Callable[[ArchiveRef], str]] = {
    "backupSourceGuid": lambda ref: ref.device.guid,
    "userUid": lambda ref: ref.device.user.user_uid,
    "destinationGuid": lambda ref: ref.usage.destination.guid,
}


def _required(req: ApiRequest, name: str) -> str:
    value = req.text(name)
    if value is None:
        raise bad_request(f"{name} is required")
    return value


def get_archive(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Archive/{archiveGuid}``."""
    ref = store.archive(str(req.path_args["archive_guid"]))
    if ref is None:
        raise not_found("Archive not found")
    allowed_device(principal, ref.device)
    return req.v1(ref.to_wire())


def _own_query(principal: Principal, tenant: Tenant, wanted: Mapping[str, str]) -> bool:
    """Whether the filters limit the list to the caller's own archives."""
    if principal.user_uid is not None and wanted.get("userUid") == principal.user_uid:
        return True
    device = tenant.device_by_guid(wanted.get("backupSourceGuid") or "")
    return device is not None and principal.owns(device.user.user_uid)


def list_archives(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/Archive``: filters AND together; restricted callers must filter to their own."""
    page = req.page()
    wanted = {key: value for key in _ARCHIVE_FILTERS if (value := req.text(key)) is not None}
    if not principal.is_admin and not _own_query(principal, tenant, wanted):
        raise forbidden()
    refs = [ref for ref in store.archives() if all(_ARCHIVE_FILTERS[key](ref) == value
                                                    for key, value in wanted.items())]
    return req.v1({"totalCount": len(refs), "archives": [ref.to_wire() for ref in page.slice(refs)]})


def backup_sets(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v3/BackupSets/{deviceGuid}/{destinationGuid}``."""
    device = tenant.device_by_guid(str(req.path_args["device_guid"]))
    if device is None:
        raise ApiError.v3(404, "DEVICE_NOT_FOUND")
    allowed_device(principal, device)
    if store.device_archive(device, destination_guid=str(req.path_args["destination_guid"])) is None:
        raise ApiError.v3(404, "DESTINATION_NOT_FOUND")
    return req.v3({"backupSets": [backup_set.to_wire() for backup_set in store.profile(device).backup_sets]})


def data_key_token(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v1/DataKeyToken`` body ``{computerGuid}``: a token for that device's restore session."""
    device = body_device(tenant, principal, req.json_object(), "computerGuid")
    return req.v1({"dataKeyToken": store.issue_data_key(device)})


def routes(store: ArchiveStore, service_url: ServiceUrl) -> list[Route]:
    """The authority's archive endpoints; the two URL lookups name origins from ``service_url``."""

    def web_restore_info(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /api/v1/WebRestoreInfo?srcGuid&destGuid``: the storage node of that archive."""
        source, destination = _required(req, "srcGuid"), _required(req, "destGuid")
        device = allowed_device(principal, device_or_404(tenant, source))
        ref = store.device_archive(device, destination_guid=destination)
        if ref is None:
            raise not_found("Archive not found")
        return req.v1({"serverUrl": service_url(req, f"/storage/{ref.node_guid}"), "nodeGuid": ref.node_guid})

    def connected_server_url(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /api/v1/connectedServerUrl?guid``: the device's server, or ``null`` when not connected."""
        device = allowed_device(principal, device_or_404(tenant, _required(req, "guid")))
        url = service_url(req, f"/connected/{device.guid}") if store.profile(device).connected else None
        return req.v1({"serverUrl": url})

    return [
        get("/api/v1/Archive", bind(store, list_archives)),
        get("/api/v1/Archive/<archive_guid>", bind(store, get_archive)),
        get("/api/v3/BackupSets/<device_guid>/<destination_guid>", bind(store, backup_sets)),
        post("/api/v1/DataKeyToken", bind(store, data_key_token)),
        get("/api/v1/WebRestoreInfo", bind(store, web_restore_info)),
        get("/api/v1/connectedServerUrl", bind(store, connected_server_url)),
    ]
