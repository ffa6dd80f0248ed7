"""Archive and restore models: archives, backup sets, restore history, cold storage and
the web/push restore flow (``/api/v1/Archive``, ``/api/v1/ColdStorage``,
``/api/v1/RestoreHistory``, ``/api/v1/WebRestore*``, ``/api/v9/restore/web``, …)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pycpg.models._base import PycpgModel, Secret, Timestamp
from pycpg.models._values import (
    ArchiveFormatValue,
    FileSizeJobStatusValue,
    RestoreJobStatusValue,
    TreeNodeTypeValue,
)

__all__ = [
    "Archive",
    "ArchivePage",
    "BackupSetList",
    "BackupSetSummary",
    "ColdStorageArchive",
    "ColdStoragePage",
    "ConnectedServer",
    "DataKeyToken",
    "FileSizeJob",
    "PushRestoreResult",
    "RestoreEvent",
    "RestoreHistoryPage",
    "RestoreJob",
    "WebRestoreInfo",
    "WebRestoreSession",
    "WebRestoreTreeNode",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _from_epoch_ms(value: int | None) -> datetime | None:
    # Exact (no float rounding); values outside datetime's range raise OverflowError.
    if value is None:
        return None
    return _EPOCH + timedelta(milliseconds=value)


class Archive(PycpgModel):
    """One backup archive (a device's backup at one destination).

    From ``GET /api/v1/Archive`` (items of ``archives``; queried by ``userUid``,
    ``backupSourceGuid`` or ``destinationGuid``) and
    ``GET /api/v1/Archive/{archiveGuid}``. ``user_id``/``user_uid`` may be null;
    ``format`` is an :class:`~pycpg.constants.ArchiveFormat` (``"ARCHIVE_V1"``,
    ``"ARCHIVE_V2"``); another value stays a plain string. ``archive_guid`` and
    ``format`` are required.
    """

    archive_guid: str
    user_id: int | None = None
    user_uid: str | None = None
    archive_bytes: int | None = None
    target_guid: str | None = None
    last_completed_backup: Timestamp | None = None
    is_cold_storage: bool | None = None
    last_maintained: Timestamp | None = None
    maintenance_duration: int | None = None
    compact_bytes_removed: int | None = None
    store_point_id: int | None = None
    selected_bytes: int | None = None
    selected_files: int | None = None
    todo_bytes: int | None = None
    format: ArchiveFormatValue


class ArchivePage(PycpgModel):
    """One page of archives: the ``data`` of ``GET /api/v1/Archive``.

    ``total_count`` may be missing.
    """

    total_count: int | None = None
    archives: list[Archive]


class BackupSetSummary(PycpgModel):
    """One backup set of a device at a destination: an item of ``backupSets`` of
    ``GET /api/v3/BackupSets/{deviceGuid}/{destinationGuid}``.

    Only the id and name; the full backup-set settings object of a device's
    settings tree is a different thing. ``backup_set_id`` is required (a number
    is turned into its string).
    """

    backup_set_id: str
    name: str | None = None


class BackupSetList(PycpgModel):
    """The backup sets of a device at a destination: the body of
    ``GET /api/v3/BackupSets/{deviceGuid}/{destinationGuid}``: ``{"backupSets": [...]}``."""

    backup_sets: list[BackupSetSummary]


class RestoreEvent(PycpgModel):
    """One restore: an item of ``restoreEvents`` of ``GET /api/v1/RestoreHistory``.

    Only ``eventName`` and ``eventUid`` have been seen in samples; the other
    fields follow the legacy ``GET /api/RestoreRecord`` records (``restoreId``,
    ``sourceComputerGuid``, ``fileCount``, ``type`` such as ``"WEB"``, …) and the
    emulator. Every key the server adds is kept as an extra field.
    """

    event_uid: str | None = None
    event_name: str | None = None
    restore_id: int | None = None
    source_computer_guid: str | None = None
    source_computer_name: str | None = None
    accepting_computer_guid: str | None = None
    user_uid: str | None = None
    requesting_username: str | None = None
    file_count: int | None = None
    byte_count: int | None = None
    type: str | None = None
    start_date: Timestamp | None = None
    completed_date: Timestamp | None = None


class RestoreHistoryPage(PycpgModel):
    """One page of restore events: the ``data`` of ``GET /api/v1/RestoreHistory``."""

    total_count: int | None = None
    restore_events: list[RestoreEvent]


class ColdStorageArchive(PycpgModel):
    """An archive in cold storage: an item of ``coldStorageRows`` of
    ``GET /api/v1/ColdStorage``.

    ``archive_hold_expire_date`` (when the archive is purged) is null for some
    archives. It is changed with ``PUT /api/v1/coldStorage/{archiveGuid}``, whose
    body takes a bare ``YYYY-MM-DD`` date instead.
    """

    archive_guid: str
    archive_bytes: int | None = None
    archive_hold_expire_date: Timestamp | None = None
    source_computer_id: int | None = None
    source_computer_name: str | None = None
    source_user_id: int | None = None
    source_user_email: str | None = None
    source_user_first_name: str | None = None
    source_user_last_name: str | None = None
    org_id: int | None = None
    org_name: str | None = None
    mount_point_name: str | None = None
    archive_type: str | None = None


class ColdStoragePage(PycpgModel):
    """One page of cold-storage archives: the ``data`` of ``GET /api/v1/ColdStorage``."""

    total_count: int | None = None
    cold_storage_rows: list[ColdStorageArchive]


class WebRestoreInfo(PycpgModel):
    """Where a device's archive at a destination is served from:
    ``GET /api/v1/WebRestoreInfo?srcGuid=&destGuid=``.

    ``server_url`` is the storage server to open restore sessions on;
    ``node_guid`` is the ``targetNodeGuid`` of a push restore.
    """

    server_url: str
    node_guid: str


class DataKeyToken(PycpgModel):
    """A short-lived token for a device's data key: ``POST /api/v1/DataKeyToken``.

    The token opens the device's archive, so it is a secret: ``data_key_token`` is
    a ``pydantic.SecretStr`` (``repr`` shows ``'**********'``, JSON dumps write
    ``"***"``). Read it with ``token.data_key_token.get_secret_value()``, or dump
    it with ``model_dump(context={"reveal_secrets": True})``.
    """

    data_key_token: Secret


class WebRestoreSession(PycpgModel):
    """A restore session on a storage server: ``POST /api/v1/WebRestoreSession``."""

    web_restore_session_id: str


class WebRestoreTreeNode(PycpgModel):
    """One file or directory of a backup: an item of ``GET /api/v1/WebRestoreTreeNode``.

    ``id`` is a 32-hex file id, or null for a Windows root (always sent, so
    required, but nullable). ``path`` always uses forward slashes (``"C:/"``,
    ``"/"``); ``type`` is a :class:`~pycpg.constants.TreeNodeType`
    (``"directory"`` or ``"file"``). The dates come twice: as ISO timestamps (``last_modified``,
    ``last_backup``) and as ms-epoch ints (``last_modified_ms``,
    ``last_backup_ms``). ``date`` is a server-locale display string such as
    ``"04/12/19 12:56 PM"`` and is kept as sent.
    """

    id: str | None
    path: str
    filename: str | None = None
    type: TreeNodeTypeValue
    deleted: bool | None = None
    hidden: bool | None = None
    last_modified: Timestamp | None = None
    last_modified_ms: int | None = None
    last_backup: Timestamp | None = None
    last_backup_ms: int | None = None
    date: str | None = None


class FileSizeJob(PycpgModel):
    """A file-size calculation: ``POST``/``GET /api/v1/WebRestoreFileSizePolling``.

    Creating it returns only ``job_id``; polling returns the counts and
    ``status`` (a :class:`~pycpg.constants.FileSizeJobStatus`: ``"WORKING"``
    until ``"DONE"``), so no field is required.
    """

    job_id: str | None = None
    num_files: int | None = None
    num_dirs: int | None = None
    size: int | None = None
    status: FileSizeJobStatusValue | None = None


class RestoreJob(PycpgModel):
    """A web restore job: ``POST /api/v9/restore/web`` (only ``job_id``) and
    ``GET /api/v1/WebRestoreJob/{jobId}`` (its status).

    ``job_id`` is always there; ``status`` (a
    :class:`~pycpg.constants.RestoreJobStatus`: ``"preparing"``, ``"done"``)
    and ``percent_complete`` may be absent. ``creation_date`` and ``expiration_date`` arrive as ms-epoch ints
    and are kept as such; :attr:`created` and :attr:`expires` give them as
    aware UTC datetimes.
    """

    job_id: str
    status: RestoreJobStatusValue | None = None
    done: bool | None = None
    canceled: bool | None = None
    zip_result: bool | None = None
    name: str | None = None
    source_id: str | None = None
    user_id: int | None = None
    bytes_zipped: int | None = None
    percent_complete: int | float | None = None
    creation_date: int | None = None
    expiration_date: int | None = None

    @property
    def created(self) -> datetime | None:
        """``creation_date`` as an aware UTC datetime (None when missing)."""
        return _from_epoch_ms(self.creation_date)

    @property
    def expires(self) -> datetime | None:
        """``expiration_date`` as an aware UTC datetime (None when missing)."""
        return _from_epoch_ms(self.expiration_date)


class ConnectedServer(PycpgModel):
    """The server a device is connected to: ``GET /api/v1/connectedServerUrl?guid=``.

    ``server_url`` is null when the device is not connected (but always sent).
    """

    server_url: str | None


class PushRestoreResult(PycpgModel):
    """The answer to ``POST /api/v38/restore/push``.

    No response has been sampled in any public source: ``job_id`` and ``status`` are
    the assumed keys, and anything else the server sends is kept as an extra field.
    """

    job_id: str | None = None
    status: str | None = None
