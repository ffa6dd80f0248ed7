"""The multi-step restore flows behind ``sdk.archive.stream_*`` (web restore and push restore)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from pycpg._http import Connection
from pycpg._http.paths import id_text
from pycpg.exceptions import (
    PycpgArchiveFileNotFoundError,
    PycpgDeviceNotConnectedError,
    PycpgError,
    PycpgRestoreTimeoutError,
)
from pycpg.response import PycpgResponse, PycpgStreamResponse
from pycpg.services.archive import ArchiveService
from pycpg.services.devices import DeviceService
from pycpg.services.storage import (
    PushRestoreExistingFiles,
    PushRestoreLocation,
    PushRestoreService,
    StorageArchiveService,
)

if TYPE_CHECKING:
    from pycpg.models import PushRestoreResult, WebRestoreTreeNode

__all__ = ["FileSelection", "FileType", "RestoreOptions", "RestoreFlow"]


class FileType:
    """The kinds of archive node a selection can be."""

    DIRECTORY = "DIRECTORY"
    FILE = "FILE"


class FileSelection(NamedTuple):
    """One selected path with its sizes (pycpg 1.0's tuple)."""

    file: dict[str, Any]
    num_files: int
    num_dirs: int
    num_bytes: int


@dataclass(frozen=True)
class RestoreOptions:
    """What a restore call asked for: built once by ``sdk.archive.stream_*`` and passed to every step."""

    device_guid: str
    file_paths: Sequence[str]
    destination_guid: str | None
    archive_password: str | None = field(repr=False)  # secrets never in a repr
    encryption_key: str | None = field(repr=False)
    show_deleted: bool | None
    file_size_calc_timeout: float | None
    backup_set_id: str | int | None
    restore_timeout: float


@dataclass
class _Session:
    """An open restore session on the storage node that holds the archive."""

    storage: StorageArchiveService
    storage_url: str
    node_guid: str
    destination_guid: str
    session_id: str
    data_key_token: str | None = field(repr=False)
    backup_set_id: str


def split_archive_path(path: str) -> list[str]:
    """``C:\\a\\b`` -> ``["C:/", "C:/a", "C:/a/b"]``; ``/a/b`` -> ``["/", "/a", "/a/b"]``.

    Raises:
        PycpgError: the path is empty or has an empty component (``a//b``), which
            pycpg 1.0 silently cut short.
    """
    text = path.replace("\\", "/")
    if not text.strip("/"):
        raise PycpgError(f"Cannot restore {path!r}: give a file or directory path, not a root or nothing.")
    parts = text.rstrip("/").split("/")
    if any(part == "" for part in parts[1:]):
        raise PycpgError(f"The archive path {path!r} has an empty component ('//'); fix the path.")
    root = f"{parts[0]}/"
    steps = [root]
    for part in parts[1:]:
        steps.append(f"{steps[-1].rstrip('/')}/{part}")
    return steps


def _find(nodes: list[WebRestoreTreeNode], wanted: str) -> WebRestoreTreeNode | None:
    """The node whose path is ``wanted``: exact match first, then case-insensitive."""
    exact = [node for node in nodes if node.path.rstrip("/") == wanted.rstrip("/")]
    if exact:
        return exact[0]
    folded = [node for node in nodes if node.path.rstrip("/").lower() == wanted.rstrip("/").lower()]
    return folded[0] if len(folded) == 1 else None


def _count(value: int | None) -> int:
    """A size the polling answer left out counts as 1 (pycpg 1.0's default for unknown sizes)."""
    return 1 if value is None else value


class RestoreFlow:
    """Runs the web and push restore sequences for one SDK client."""

    def __init__(
        self,
        connection: Connection,
        devices: DeviceService,
        archives: ArchiveService,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connection = connection
        self._devices = devices
        self._archives = archives
        self._sleep = sleep
        self._clock = clock

    @property
    def _poll_interval(self) -> float:
        return self._connection.config.poll_interval

    @property
    def restore_timeout(self) -> float:
        """The client's default limit for a restore job, in seconds."""
        return self._connection.config.restore_timeout

    # -- the two flows --------------------------------------------------------

    def stream_from_backup(self, options: RestoreOptions) -> PycpgStreamResponse:
        """Prepare a web restore on the storage node, wait for it, and open its result stream."""
        session = self._open_session(options)
        selections = self._select(session, options)
        groups = [{"backupSetId": session.backup_set_id, "files": [s.file for s in selections]}]
        show_deleted = True if options.show_deleted is None else options.show_deleted
        job = session.storage.start_restore(
            options.device_guid, session.session_id, groups,
            num_files=sum(s.num_files for s in selections),
            num_dirs=sum(s.num_dirs for s in selections),
            num_bytes=sum(s.num_bytes for s in selections),
            show_deleted=show_deleted,
        )
        job_id = id_text(job.model().job_id, "the jobId the server returned")  # later paths name it
        self._wait_for_restore(session.storage, job_id, options.restore_timeout)
        return session.storage.stream_restore_result(job_id)

    def stream_to_device(
        self,
        options: RestoreOptions,
        *,
        accepting_device_guid: str,
        restore_path: str,
        overwrite_existing_files: bool,
    ) -> PycpgResponse[PushRestoreResult]:
        """Select files on the storage node, then push them to the accepting device."""
        session = self._open_session(options)
        selections = self._select(session, options)
        connected_url = self._connected_server_url(accepting_device_guid)
        pusher = PushRestoreService(self._connection.clone(connected_url))
        if connected_url.rstrip("/") == session.storage_url.rstrip("/"):
            push_session_id = session.session_id  # same server: one session will do
        else:
            push_session_id = pusher.create_restore_session(
                options.device_guid, session.data_key_token, _archive_password(options), options.encryption_key
            ).model().web_restore_session_id
        original = restore_path == PushRestoreLocation.ORIGINAL_LOCATION
        existing = (
            PushRestoreExistingFiles.OVERWRITE_ORIGINAL
            if overwrite_existing_files
            else PushRestoreExistingFiles.RENAME_ORIGINAL
        )  # honoured for every location (pycpg 1.0: only for ORIGINAL_LOCATION)
        return pusher.start_push_restore(
            options.device_guid,
            accepting_device_guid,
            push_session_id,
            session.node_guid,
            "" if original else restore_path,
            [{"backupSetId": session.backup_set_id, "files": [s.file for s in selections]}],
            num_files=sum(s.num_files for s in selections),
            num_bytes=sum(s.num_bytes for s in selections),
            show_deleted=options.show_deleted,
            permit_restore_to_different_os_version=original and options.device_guid != accepting_device_guid,
            file_location=PushRestoreLocation.ORIGINAL_LOCATION if original else None,
            existing_files=existing,
        )

    # -- steps ----------------------------------------------------------------

    def _open_session(self, options: RestoreOptions) -> _Session:
        # Both end up in the BackupSets path: a bad one fails before anything is sent.
        id_text(options.device_guid, "device_guid")
        if options.destination_guid:
            id_text(options.destination_guid, "destination_guid")
        destination = options.destination_guid or self._default_destination(options.device_guid)
        info = self._archives.get_web_restore_info(options.device_guid, destination).model()
        # A fresh storage connection per restore: pycpg 1.0 cached it forever.
        storage = StorageArchiveService(self._connection.clone(info.server_url))
        token = None
        if not options.encryption_key:
            answer = self._archives.get_data_key_token(options.device_guid).model()
            token = answer.data_key_token.get_secret_value()
        session_id = storage.create_restore_session(
            options.device_guid, token, _archive_password(options), options.encryption_key
        ).model().web_restore_session_id
        backup_set = self._backup_set_id(options.device_guid, destination, options.backup_set_id)
        return _Session(storage, info.server_url, info.node_guid, destination, session_id, token, backup_set)

    def _default_destination(self, device_guid: str) -> str:
        usage = self._devices.get_by_guid(device_guid, include_backup_usage=True).model().backup_usage
        if not usage:
            raise PycpgError(f"No destinations found for device guid: {device_guid}")
        # Goes into the BackupSets path: checked like a caller's destination_guid.
        return id_text(usage[0].target_computer_guid, "the targetComputerGuid the server returned")

    def _backup_set_id(self, device_guid: str, destination_guid: str, wanted: str | int | None) -> str:
        sets = self._archives.get_backup_sets(device_guid, destination_guid).model().backup_sets
        ids = [item.backup_set_id for item in sets]
        if wanted is not None and str(wanted) != "":
            # 1 and "1" are the same set (pycpg 1.0 compared types).
            if str(wanted) not in ids:
                raise PycpgError(f"backup_set_id={wanted} not found in device backup sets: {ids}")
            return str(wanted)
        if "1" in ids:
            return "1"
        if ids:
            return ids[0]
        raise PycpgError("Failed to get backup sets for device.")

    def _select(self, session: _Session, options: RestoreOptions) -> list[FileSelection]:
        nodes = [self._walk(session, options.device_guid, path) for path in options.file_paths]
        sizes = self._sizes(session, options.device_guid, nodes, options.file_size_calc_timeout)
        return [
            FileSelection({"fileType": node.type.upper(), "path": node.path, "selected": True}, *sizes[index])
            for index, node in enumerate(nodes)
        ]

    def _walk(self, session: _Session, device_guid: str, path: str) -> WebRestoreTreeNode:
        steps = split_archive_path(path)
        file_id: str | None = None
        for position, step in enumerate(steps, start=1):
            children = session.storage.get_file_path_metadata(
                session.session_id, device_guid, session.backup_set_id, file_id=file_id, show_deleted=True,
            )
            node = _find(children.model(), step)
            if node is None:
                raise PycpgArchiveFileNotFoundError(children, device_guid, path)
            if position == len(steps):
                return node
            file_id = node.id
        raise AssertionError("unreachable: split_archive_path returns at least one step")

    def _sizes(
        self, session: _Session, device_guid: str, nodes: list[WebRestoreTreeNode], timeout: float | None
    ) -> list[tuple[int, int, int]]:
        """(files, dirs, bytes) per node, in node order; 1/1/1 where unknown (pycpg 1.0's default)."""
        sizes = [(1, 1, 1)] * len(nodes)
        if not timeout:
            return sizes
        pending: dict[str, int] = {}
        for index, node in enumerate(nodes):
            started = session.storage.create_file_size_job(device_guid, str(node.id))
            job_id = started.model().job_id
            if job_id is None:
                raise PycpgError(f"The server started a file-size job without a jobId: {started.text[:200]!r}")
            pending[job_id] = index
        deadline = self._clock() + timeout
        while pending and self._clock() < deadline:
            for job_id, index in list(pending.items()):  # a copy: finished jobs leave the dict
                job = session.storage.get_file_size_job(job_id, device_guid).model()
                if str(job.status or "").lower() == "done":
                    sizes[index] = (_count(job.num_files), _count(job.num_dirs), _count(job.size))
                    del pending[job_id]
            if pending:
                self._sleep(self._poll_interval)
        return sizes

    def _wait_for_restore(self, storage: StorageArchiveService, job_id: str, timeout: float) -> None:
        deadline = self._clock() + timeout
        while True:
            if storage.get_restore_status(job_id).model().done:
                return
            if self._clock() + self._poll_interval > deadline:
                raise PycpgRestoreTimeoutError(job_id, timeout)
            self._sleep(self._poll_interval)

    def _connected_server_url(self, device_guid: str) -> str:
        response = self._archives.get_connected_server_url(device_guid)
        url = response.model().server_url
        if not url:
            raise PycpgDeviceNotConnectedError(response, device_guid)
        return url


def _archive_password(options: RestoreOptions) -> str | None:
    """The archive password to send: none when a custom encryption key is given.

    A custom key unlocks the archive on its own; as in pycpg 1.0, the password is
    then not sent (it is only sent alongside a data-key token).
    """
    return None if options.encryption_key else options.archive_password
