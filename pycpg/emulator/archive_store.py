"""Everything the archive and restore endpoints keep: profiles and trees, cold-storage
purge dates, data-key tokens, restore sessions, jobs, push restores and the restore history.

Handlers reach it with ``tenant.lock`` held (the app holds it while a handler runs);
test hooks take the lock themselves. Streamed results only read frozen tree nodes, so
they run outside the lock.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from pycpg.emulator.archive_tree import ArchiveTree, TreeNode
from pycpg.emulator.archives import ArchiveProfile, ArchiveRef
from pycpg.emulator.generate_archives import (
    generate_hold_dates,
    generate_profiles,
    generate_tree,
    plain_profile,
    seed_restore_history,
)
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.restore import (
    PUSH,
    WEB,
    FileSizeJob,
    PushRestore,
    RestoreEvent,
    Selection,
    WebRestoreJob,
    totals,
)
from pycpg.emulator.tenant import Tenant

_ADMIN_ROLE = "customer-cloud-admin"
_JOB_ID_DIGITS = 18


@dataclass(frozen=True)
class RestoreSession:
    """A ``webRestoreSessionId``: opened on one host (``storage/<node>`` or ``connected/<guid>``) for one device."""

    session_id: str
    host: str
    device: DeviceRecord


class ArchiveStore:
    """Storage-side state of one emulated tenant."""

    def __init__(self, seed: int, tenant: Tenant) -> None:
        self.seed = seed
        self.tenant = tenant
        self.profiles: dict[str, ArchiveProfile] = generate_profiles(seed, tenant.devices)
        self.hold_dates: dict[str, datetime | None] = generate_hold_dates(seed, tenant.devices, tenant.mint.frame)
        admins = [user for user in tenant.users if any(role.role_id == _ADMIN_ROLE for role in user.roles)]
        self.history: list[RestoreEvent] = seed_restore_history(seed, tenant.devices, admins,
                                                                frame=tenant.mint.frame)
        #: A web-restore job is done at this status read (file-size jobs: ``file_size_polls``).
        self.restore_polls = 2
        self.file_size_polls = 1
        self.stall_restores = False
        self.stall_file_sizes = False
        self.push_restores: list[PushRestore] = []
        self._data_keys: dict[str, str] = {}
        self._sessions: dict[str, RestoreSession] = {}
        self._size_jobs: dict[str, FileSizeJob] = {}
        self._jobs: dict[str, WebRestoreJob] = {}

    # -- devices, archives, trees --------------------------------------------------

    def profile(self, device: DeviceRecord) -> ArchiveProfile:
        """The device's profile (a plain one for devices the generator did not see)."""
        return self.profiles.setdefault(device.guid, plain_profile(device))

    def tree(self, device: DeviceRecord) -> ArchiveTree:
        """The device's file tree, generated on first use."""
        profile = self.profile(device)
        if profile.tree is None:
            profile.tree = generate_tree(self.seed, device, self.tenant.mint.frame)
        return profile.tree

    def archives(self) -> Iterator[ArchiveRef]:
        """Every archive, by device then destination."""
        for device in self.tenant.devices:
            for usage in device.backup_usage:
                yield ArchiveRef(device, usage)

    def archive(self, archive_guid: str) -> ArchiveRef | None:
        """The archive with this guid, if any."""
        return next((ref for ref in self.archives() if ref.guid == archive_guid), None)

    def device_archive(self, device: DeviceRecord, node_guid: str | None = None,
                       destination_guid: str | None = None) -> ArchiveRef | None:
        """The device's archive on a storage node or at a destination (the first one when neither is given)."""
        for usage in device.backup_usage:
            ref = ArchiveRef(device, usage)
            if node_guid in (None, ref.node_guid) and destination_guid in (None, usage.destination.guid):
                return ref
        return None

    def is_node(self, node_guid: str) -> bool:
        """Whether a destination's storage server has this guid."""
        return any(destination.server_guid == node_guid for destination in self.tenant.destinations)

    # -- secrets and sessions ------------------------------------------------------

    def issue_data_key(self, device: DeviceRecord) -> str:
        """A new data-key token for the device (tokens stay valid; the SDK re-sends failed requests)."""
        token = secrets.token_urlsafe(24)
        self._data_keys[token] = device.guid
        return token

    def data_key_matches(self, token: str | None, device: DeviceRecord) -> bool:
        """Whether ``token`` was issued for ``device``."""
        return token is not None and self._data_keys.get(token) == device.guid

    def open_session(self, host: str, device: DeviceRecord) -> RestoreSession:
        """A new restore session on ``host``."""
        session = RestoreSession(secrets.token_hex(16), host, device)
        self._sessions[session.session_id] = session
        return session

    def session(self, session_id: str | None, host: str) -> RestoreSession | None:
        """The session with this id opened on ``host``, if any."""
        session = self._sessions.get(session_id or "")
        return session if session is not None and session.host == host else None

    # -- jobs -------------------------------------------------------------------------

    def _job_id(self) -> str:
        return self.tenant.mint.digits(_JOB_ID_DIGITS, lambda value: value in self._jobs or value in self._size_jobs)

    def start_size_job(self, host: str, device: DeviceRecord, node: TreeNode) -> FileSizeJob:
        """A file-size job for ``node``."""
        files, dirs, size = totals(self.tree(device), node)
        job = FileSizeJob(self._job_id(), host, device, files, dirs, size)
        self._size_jobs[job.job_id] = job
        return job

    def size_job(self, job_id: str | None, host: str) -> FileSizeJob | None:
        """The file-size job with this id started on ``host``, if any."""
        job = self._size_jobs.get(job_id or "")
        return job if job is not None and job.host == host else None

    def start_web_restore(self, host: str, device: DeviceRecord, requester: str, selection: Selection) -> WebRestoreJob:
        """A web-restore job for the selected files."""
        job = WebRestoreJob(self._job_id(), host, device, requester, selection, self.tree(device).root,
                            self.tenant.mint.now())
        self._jobs[job.job_id] = job
        return job

    def job(self, job_id: str | None, host: str) -> WebRestoreJob | None:
        """The web-restore job with this id started on ``host``, if any."""
        job = self._jobs.get(job_id or "")
        return job if job is not None and job.host == host else None

    def poll_job(self, job: WebRestoreJob) -> None:
        """One status read of ``job``; a job finishing now joins the restore history."""
        if job.poll(self.restore_polls, self.stall_restores):
            self.add_event(WEB, job.source, None, job.requester, job.selection, job.created)

    def record_push(self, push: PushRestore, source: DeviceRecord, requester: str, selection: Selection) -> None:
        """Keep an accepted push restore; the emulated agent completes it at once."""
        self.push_restores.append(push)
        self.add_event(PUSH, source, push.accepting_guid, requester, selection, self.tenant.mint.now())

    def new_job_id(self) -> str:
        """A fresh job id (push restores)."""
        return self._job_id()

    # -- restore history ----------------------------------------------------------------

    def add_event(self, restore_type: str, source: DeviceRecord, accepting_guid: str | None, requester: str,
                  selection: Selection, start: datetime) -> RestoreEvent:
        """Record a completed restore, stamped with the tenant clock."""
        taken = {event.event_uid for event in self.history}
        event = RestoreEvent(
            event_uid=self.tenant.mint.digits(18, taken.__contains__),
            restore_id=max((event.restore_id for event in self.history), default=0) + 1,
            restore_type=restore_type, source=source, accepting_guid=accepting_guid,
            requesting_username=requester, file_count=len(selection.files), byte_count=selection.byte_count,
            start=start, completed=self.tenant.mint.now(),
        )
        self.history.append(event)
        return event

    def newest_events(self) -> list[RestoreEvent]:
        """The restore history, newest first."""
        return sorted(self.history, key=lambda event: (event.start, event.restore_id), reverse=True)
