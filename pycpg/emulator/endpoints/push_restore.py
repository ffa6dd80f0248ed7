"""The accepting device's connected server: routes under ``/connected/<deviceGuid>``, served at
the root of the server's own origin (``connectedServerUrl`` names that URL): a restore
session and the push restore itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.endpoints.archive_common import allowed_device, bind, body_device, create_failed
from pycpg.emulator.endpoints.common import body_text, body_uid
from pycpg.emulator.endpoints.storage import open_session, selected_files, selection
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.restore import PushRestore
from pycpg.emulator.routing import ApiRequest, Route, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, not_found

ORIGINAL_LOCATION = "ORIGINAL_LOCATION"
#: The push-restore body members kept as :attr:`PushRestore.options`.
OPTION_KEYS = ("showDeleted", "permitRestoreToDifferentOsVersion", "filePermissions", "restoreFullPath",
               "fileLocation", "existingFiles")


def connected_device(store: ArchiveStore, req: ApiRequest, tenant: Tenant) -> DeviceRecord:
    """The device whose server this is: 404 unknown, 503 not connected."""
    device = tenant.device_by_guid(str(req.path_args["guid"]))
    if device is None:
        raise not_found("Computer not found")
    if not store.profile(device).connected:
        raise ApiError.v1(503, "The device is not connected")
    return device


def create_session(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v1/WebRestoreSession`` on the connected server: any device with an archive."""
    host = f"connected/{connected_device(store, req, tenant).guid}"
    body = req.json_object()
    device = body_device(tenant, principal, body, "computerGuid")
    if store.device_archive(device) is None:
        raise not_found("Archive not found")
    return open_session(store, req, host, device, body)


def _check_target(store: ArchiveStore, body: Mapping[str, Any], source: DeviceRecord, accepting: DeviceRecord) -> None:
    """400 ``CREATE_FAILED`` for a push this server cannot run."""
    if body_uid(body, "acceptingComputerGuid") != accepting.guid:
        raise create_failed("acceptingComputerGuid is not the device of this server")
    if not accepting.active:
        raise create_failed("The accepting device is deactivated")
    if not body.get("restorePath") and body.get("fileLocation") != ORIGINAL_LOCATION:
        raise create_failed("restorePath is required unless fileLocation is ORIGINAL_LOCATION")
    node = body_uid(body, "targetNodeGuid")
    if node is None or store.device_archive(source, node_guid=node) is None:
        raise create_failed("targetNodeGuid holds no archive of the source device")


def push_restore(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v38/restore/push``: record the push (``Emulator.push_restores``); bare ``{jobId, status}``."""
    accepting = connected_device(store, req, tenant)
    body = req.json_object()
    session = store.session(body_text(body, "webRestoreSessionId"), f"connected/{accepting.guid}")
    if session is None or body_uid(body, "sourceComputerGuid") != session.device.guid:
        raise create_failed("No restore session for sourceComputerGuid on this server")
    source = allowed_device(principal, session.device)
    allowed_device(principal, accepting)
    _check_target(store, body, source, accepting)
    items = selected_files(body)
    chosen = selection(store, source, items, create_failed)
    push = PushRestore(
        job_id=store.new_job_id(), source_guid=source.guid, accepting_guid=accepting.guid,
        session_id=session.session_id, node_guid=body_uid(body, "targetNodeGuid"),
        restore_path=body_text(body, "restorePath"), files=tuple(items), num_files=body.get("numFiles"),
        num_bytes=body.get("numBytes"), options={key: body.get(key) for key in OPTION_KEYS},
    )
    store.record_push(push, source, principal.name, chosen)
    return req.v38({"jobId": push.job_id, "status": "QUEUED"})


def routes(store: ArchiveStore) -> list[Route]:
    """The connected-server endpoints."""
    prefix = "/connected/<guid>"
    return [
        post(f"{prefix}/api/v1/WebRestoreSession", bind(store, create_session)),
        post(f"{prefix}/api/v38/restore/push", bind(store, push_restore)),
    ]
