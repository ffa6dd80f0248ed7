"""The storage node: routes under ``/storage/<nodeGuid>``, served at the root of the node's own
origin (``WebRestoreInfo`` names that URL; see :mod:`pycpg.emulator.serving`).

Restore sessions, the archive tree, file-size jobs and web-restore jobs with their
streamed results. A session, job or file-size job only exists on the node it was
opened on.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from werkzeug.wrappers import Response

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.archive_tree import ArchiveTree, TreeNode
from pycpg.emulator.endpoints.archive_common import (
    allowed_device,
    bind,
    body_device,
    node_of,
    restore_error,
    session_or_400,
    storage_host,
)
from pycpg.emulator.endpoints.common import body_text, body_uid
from pycpg.emulator.principal import Principal
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.restore import SelectedFile, Selection, WebRestoreJob, select
from pycpg.emulator.routing import ApiRequest, Route, delete, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError, bad_request, not_found

#: The backup-set id old clients send to mean "any backup set".
ANY_BACKUP_SET = "-1"


# -- sessions ---------------------------------------------------------------------


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def check_secrets(store: ArchiveStore, device: DeviceRecord, body: Mapping[str, Any]) -> None:
    """A custom-key archive needs its key (any key is wrong for other archives), other archives a
    data-key token issued for the device; a password archive also needs its password."""
    profile = store.profile(device)
    key = body_text(body, "encryptionKey")
    if key is not None or profile.encryption_key is not None:
        if profile.encryption_key is None or not _same(key, profile.encryption_key):
            raise restore_error("CUSTOM_KEY_INVALID")
    elif not store.data_key_matches(body_text(body, "dataKeyToken"), device):
        raise bad_request("Invalid or missing dataKeyToken")
    if profile.password is not None and not _same(body_text(body, "privatePassword"), profile.password):
        raise restore_error("PRIVATE_PASSWORD_INVALID")


def open_session(store: ArchiveStore, req: ApiRequest, host: str, device: DeviceRecord,
                 body: Mapping[str, Any]) -> Response:
    """Check the body's secrets and answer a new session id."""
    check_secrets(store, device, body)
    return req.v1({"webRestoreSessionId": store.open_session(host, device).session_id})


def create_session(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v1/WebRestoreSession``: the device must have an archive on this node."""
    host = storage_host(store, req)
    body = req.json_object()
    device = body_device(tenant, principal, body, "computerGuid")
    if store.device_archive(device, node_guid=node_of(host)) is None:
        raise not_found("Archive not found")
    return open_session(store, req, host, device, body)


# -- the tree -------------------------------------------------------------------------


def node_or_404(tree: ArchiveTree, file_id: str | None) -> TreeNode:
    """The node with this id; 400 without an id, 404 when unknown."""
    if file_id is None:
        raise bad_request("fileId is required")
    node = tree.by_id(file_id)
    if node is None:
        raise not_found("File not found")
    return node


def _batch(req: ApiRequest, nodes: list[TreeNode]) -> list[TreeNode]:
    """The nodes after ``lastBatchFileId`` (400 when not among them), at most ``batchSize`` of them."""
    last = req.text("lastBatchFileId")
    if last is not None:
        ids = [node.node_id for node in nodes]
        if last not in ids:
            raise bad_request("Unknown lastBatchFileId")
        nodes = nodes[ids.index(last) + 1 :]
    size = req.integer("batchSize", 0, minimum=1)
    return nodes[:size] if size else nodes


def tree_nodes(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/WebRestoreTreeNode``: the root without ``fileId``, else the node's children."""
    host = storage_host(store, req)
    session = session_or_400(store, principal, host, req.text("webRestoreSessionId"), req.text("guid"))
    backup_set = req.text("backupSetId")
    if backup_set is not None and not store.profile(session.device).has_backup_set(backup_set):
        raise bad_request("Backup set not found")
    tree = store.tree(session.device)
    file_id = req.text("fileId")
    nodes = [tree.root_node] if file_id is None else tree.children(node_or_404(tree, file_id))
    return req.v1([node.to_wire() for node in _batch(req, nodes)])


# -- file sizes ---------------------------------------------------------------------------


def start_file_size(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v1/WebRestoreFileSizePolling``: totals of the node ``fileId`` of device ``guid``."""
    host = storage_host(store, req)
    body = req.json_object()
    device = body_device(tenant, principal, body, "guid")
    if store.device_archive(device, node_guid=node_of(host)) is None:
        raise not_found("Archive not found")
    node = node_or_404(store.tree(device), body_text(body, "fileId"))
    return req.v1({"jobId": store.start_size_job(host, device, node).job_id})


def poll_file_size(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/WebRestoreFileSizePolling?jobId&guid``: ``WORKING`` until done, then the totals."""
    job = store.size_job(req.text("jobId"), storage_host(store, req))
    if job is None or req.text("guid") not in (None, job.device.guid):
        raise not_found("File size job not found")
    allowed_device(principal, job.device)
    return req.v1(job.poll(store.file_size_polls, store.stall_file_sizes))


# -- selections (shared with push restores) -------------------------------------------------


def _files(group: Any) -> list[SelectedFile]:
    if not isinstance(group, dict) or not isinstance(group.get("files"), list):
        raise bad_request("Each restore group needs a files list")
    set_id = str(body_uid(group, "backupSetId"))
    items = []
    for item in group["files"]:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise bad_request("Each restore file needs a path")
        selected = item.get("selected") is not False
        items.append(SelectedFile(set_id, item["path"], str(item.get("fileType") or ""), selected))
    return items


def selected_files(body: Mapping[str, Any]) -> list[SelectedFile]:
    """The ``restoreGroups`` items in order; 400 when malformed or nothing is selected."""
    groups = body.get("restoreGroups")
    if not isinstance(groups, list):
        raise bad_request("restoreGroups must be a list")
    items = [item for group in groups for item in _files(group)]
    if not any(item.selected for item in items):
        raise bad_request("No files selected")
    return items


def selection(store: ArchiveStore, device: DeviceRecord, items: Sequence[SelectedFile],
              fail: Callable[[str], ApiError] = bad_request) -> Selection:
    """What ``items`` restore from the device; ``fail`` for an unknown backup set or path."""
    profile = store.profile(device)
    for item in items:
        if item.backup_set_id != ANY_BACKUP_SET and not profile.has_backup_set(item.backup_set_id):
            raise fail(f"Backup set not found: {item.backup_set_id}")
    try:
        return select(store.tree(device), items)
    except KeyError as missing:
        raise fail(f"File not found in the archive: {missing.args[0]}") from None


# -- web restore jobs ----------------------------------------------------------------------------


def start_web_restore(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``POST /api/v9/restore/web``: a job restoring the selected files of the session's device."""
    host = storage_host(store, req)
    body = req.json_object()
    session = session_or_400(store, principal, host, body_text(body, "webRestoreSessionId"),
                             body_uid(body, "sourceComputerGuid"))
    chosen = selection(store, session.device, selected_files(body))
    job = store.start_web_restore(host, session.device, principal.name, chosen)
    return req.v1({"jobId": job.job_id})


def _job(store: ArchiveStore, req: ApiRequest, principal: Principal, job_id: str | None) -> WebRestoreJob:
    job = store.job(job_id, storage_host(store, req))
    if job is None:
        raise not_found("Restore job not found")
    allowed_device(principal, job.source)
    return job


def job_status(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/WebRestoreJob/{jobId}``: each read advances the job."""
    job = _job(store, req, principal, str(req.path_args["job_id"]))
    store.poll_job(job)
    return req.v1(job.to_wire(store.restore_polls))


def cancel_job(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``DELETE /api/v1/WebRestoreJob`` with body ``{jobId}``: 204; 400 once the job is done."""
    job = _job(store, req, principal, body_uid(req.json_object(), "jobId"))
    if job.finished:
        raise bad_request("The restore job is already done")
    job.canceled = True
    return req.no_content()


def job_result(store: ArchiveStore, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
    """``GET /api/v1/WebRestoreJobResult/{jobId}``: the file's bytes or a ZIP, streamed; 400 before done."""
    job = _job(store, req, principal, str(req.path_args["job_id"]))
    if job.canceled:
        raise bad_request("The restore job was canceled")
    if not job.finished:
        raise bad_request("The restore job is not done")
    response = Response(job.result(), mimetype="application/octet-stream", direct_passthrough=True)
    if not job.selection.zipped:
        response.content_length = job.selection.byte_count
    response.headers.set("Content-Disposition", "attachment", filename=job.result_name())
    return response


def routes(store: ArchiveStore) -> list[Route]:
    """The storage-node endpoints."""
    prefix = "/storage/<node>"
    return [
        post(f"{prefix}/api/v1/WebRestoreSession", bind(store, create_session)),
        get(f"{prefix}/api/v1/WebRestoreTreeNode", bind(store, tree_nodes)),
        post(f"{prefix}/api/v1/WebRestoreFileSizePolling", bind(store, start_file_size)),
        get(f"{prefix}/api/v1/WebRestoreFileSizePolling", bind(store, poll_file_size)),
        post(f"{prefix}/api/v9/restore/web", bind(store, start_web_restore)),
        get(f"{prefix}/api/v1/WebRestoreJob/<job_id>", bind(store, job_status)),
        delete(f"{prefix}/api/v1/WebRestoreJob", bind(store, cancel_job)),
        get(f"{prefix}/api/v1/WebRestoreJobResult/<job_id>", bind(store, job_result)),
    ]
