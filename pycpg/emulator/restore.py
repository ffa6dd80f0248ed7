"""Restore jobs, push-restore records, restore-history events and the streamed results.

A web-restore result is a single file's raw bytes, or a ZIP written on the fly: the
zip writer's sink is drained after every chunk, so no result is ever held in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from pycpg.emulator.archive_tree import ArchiveTree, TreeNode, epoch_ms, normalise
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.wire import iso

WEB = "WEB"
PUSH = "PUSH"
RESTORE_EVENT_NAME = "RESTORE_COMPLETED"
_JOB_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class RestoreEvent:
    """One completed restore, as ``/api/v1/RestoreHistory`` lists it."""

    event_uid: str
    restore_id: int
    restore_type: str
    source: DeviceRecord
    accepting_guid: str | None
    requesting_username: str
    file_count: int
    byte_count: int
    start: datetime
    completed: datetime

    def to_wire(self) -> dict[str, Any]:
        """The ``restoreEvents`` item."""
        source, user = self.source, self.source.user
        return {
            "eventUid": self.event_uid,
            "eventName": RESTORE_EVENT_NAME,
            "restoreId": self.restore_id,
            "type": self.restore_type,
            "sourceComputerId": source.computer_id,
            "sourceComputerGuid": source.guid,
            "sourceComputerName": source.name,
            "acceptingComputerGuid": self.accepting_guid,
            "userId": user.user_id,
            "userUid": user.user_uid,
            "orgId": user.org.org_id,
            "requestingUsername": self.requesting_username,
            "fileCount": self.file_count,
            "byteCount": self.byte_count,
            "startDate": iso(self.start),
            "completedDate": iso(self.completed),
        }


@dataclass(frozen=True)
class SelectedFile:
    """One ``restoreGroups[].files[]`` item as the client sent it."""

    backup_set_id: str
    path: str
    file_type: str
    selected: bool


@dataclass(frozen=True)
class Selection:
    """The files a restore delivers, and whether they come as a ZIP."""

    files: tuple[TreeNode, ...]
    zipped: bool

    @property
    def byte_count(self) -> int:
        """The total size of the files."""
        return sum(node.size for node in self.files)


def select(tree: ArchiveTree, items: Sequence[SelectedFile]) -> Selection:
    """The files under the selected paths minus those under deselected ones; ``KeyError`` for an unknown path.

    A single selected file is delivered raw; anything else (a directory, several
    selections) as a ZIP.
    """
    chosen = [_node(tree, item.path) for item in items if item.selected]
    dropped = [_node(tree, item.path) for item in items if not item.selected]
    files = {node.path: node for root in chosen for node in tree.files_under(root)}
    for root in dropped:
        for node in tree.files_under(root):
            files.pop(node.path, None)
    single = len(chosen) == 1 and not chosen[0].is_dir
    return Selection(tuple(files[path] for path in sorted(files)), not single)


def _node(tree: ArchiveTree, path: str) -> TreeNode:
    node = tree.node(normalise(path))
    if node is None:
        raise KeyError(path)
    return node


@dataclass
class FileSizeJob:
    """A ``WebRestoreFileSizePolling`` job: the totals of one node, reported once done."""

    job_id: str
    host: str
    device: DeviceRecord
    num_files: int
    num_dirs: int
    size: int
    reads: int = 0
    done: bool = False

    def poll(self, needed: int, stalled: bool) -> dict[str, Any]:
        """One status read: ``WORKING`` (zero totals) until the ``needed``-th read, then ``DONE``."""
        self.reads += 1
        self.done = self.done or (not stalled and self.reads >= needed)
        if not self.done:
            return {"numFiles": 0, "numDirs": 0, "size": 0, "status": "WORKING"}
        return {"numFiles": self.num_files, "numDirs": self.num_dirs, "size": self.size, "status": "DONE"}


def totals(tree: ArchiveTree, node: TreeNode) -> tuple[int, int, int]:
    """Files, directories (the node itself included) and bytes at or under ``node``."""
    below = list(tree.below(node))
    files = [item for item in below if not item.is_dir]
    return len(files), len(below) - len(files), sum(item.size for item in files)


@dataclass
class WebRestoreJob:
    """A web-restore job: ``preparing`` until the ``needed``-th status read, then ``done``."""

    job_id: str
    host: str
    source: DeviceRecord
    requester: str
    selection: Selection
    root: str
    created: datetime
    reads: int = 0
    finished: bool = False
    canceled: bool = False

    def poll(self, needed: int, stalled: bool) -> bool:
        """Count one status read; whether the job finished with this read."""
        self.reads += 1
        if self.finished or self.canceled or stalled or self.reads < needed:
            return False
        self.finished = True
        return True

    def percent(self, needed: int) -> int:
        """Progress so far: 100 when finished, below 100 before."""
        if self.finished:
            return 100
        return min(99, self.reads * 100 // max(needed, 1))

    def status(self) -> str:
        """``preparing``, ``done`` or ``canceled``."""
        if self.canceled:
            return "canceled"
        return "done" if self.finished else "preparing"

    def to_wire(self, needed: int) -> dict[str, Any]:
        """The ``/api/v1/WebRestoreJob/{jobId}`` body."""
        percent = self.percent(needed)
        created = epoch_ms(self.created)
        return {
            "jobId": self.job_id,
            "status": self.status(),
            "done": self.finished or self.canceled,
            "canceled": self.canceled,
            "zipResult": self.selection.zipped,
            "name": f"WebRestore_{created}",
            "sourceId": self.source.guid,
            "userId": self.source.user.user_id,
            "bytesZipped": self.selection.byte_count * percent // 100,
            "percentComplete": percent,
            "creationDate": created,
            "expirationDate": created + _JOB_LIFETIME // timedelta(milliseconds=1),
        }

    def result_name(self) -> str:
        """The download's file name: the file's own name, or ``WebRestore_<ms>.zip``."""
        if not self.selection.zipped and self.selection.files:
            return self.selection.files[0].filename
        return f"WebRestore_{epoch_ms(self.created)}.zip"

    def result(self) -> Iterator[bytes]:
        """The result body, chunk by chunk."""
        if self.selection.zipped:
            return zip_chunks(self.selection.files, self.root)
        return file_chunks(self.selection.files[0]) if self.selection.files else iter(())


@dataclass(frozen=True)
class PushRestore:
    """A push restore the connected server accepted (``Emulator.push_restores``)."""

    job_id: str
    source_guid: str
    accepting_guid: str
    session_id: str
    node_guid: str | None
    restore_path: str | None
    files: tuple[SelectedFile, ...]
    num_files: Any
    num_bytes: Any
    #: ``showDeleted``, ``permitRestoreToDifferentOsVersion``, ``filePermissions``,
    #: ``restoreFullPath``, ``fileLocation`` and ``existingFiles`` as sent.
    options: Mapping[str, Any]


# -- streaming ------------------------------------------------------------------


def file_chunks(node: TreeNode) -> Iterator[bytes]:
    """A file's content, chunk by chunk (nothing for a directory)."""
    if node.content is not None:
        yield from node.content.chunks()


class _Sink:
    """A write-only, unseekable stream whose bytes are taken out as soon as they are written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def member_name(path: str, root: str) -> str:
    """A ZIP member's name: the full path without its root (``/`` or ``C:/``)."""
    return path[len(root) :]


def zip_chunks(files: Sequence[TreeNode], root: str) -> Iterator[bytes]:
    """A stored (uncompressed) ZIP of ``files``, produced chunk by chunk."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as archive:
        for node in files:
            info = zipfile.ZipInfo(member_name(node.path, root), _zip_time(node.last_modified))
            info.file_size = node.size
            with archive.open(info, "w") as member:
                for chunk in file_chunks(node):
                    member.write(chunk)
                    yield from _nonempty(sink.drain())
            yield from _nonempty(sink.drain())
    yield from _nonempty(sink.drain())


def _nonempty(data: bytes) -> Iterator[bytes]:
    if data:
        yield data


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    utc = moment.astimezone(timezone.utc)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
