"""Device (computer) models: ``/api/v1/Computer`` payloads."""

from __future__ import annotations

from typing import Any

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models._values import AlertStateValue, ArchiveFormatValue, DeviceStatusValue, OsNameValue

__all__ = ["BackupActivity", "BackupUsage", "Device", "DevicePage"]


class BackupActivity(PycpgModel):
    """Live backup activity of one destination: ``backupUsage[].activity``.

    From ``GET /api/v1/Computer`` and ``GET /api/v1/Computer/{id}`` with
    ``incBackupUsage=true``.
    """

    connected: bool | None = None
    backing_up: bool | None = None
    restoring: bool | None = None
    time_remaining_in_ms: int | None = None
    remaining_files: int | None = None
    remaining_bytes: int | None = None


class BackupUsage(PycpgModel):
    """Backup state of a device at one destination: an item of ``backupUsage``.

    From ``GET /api/v1/Computer`` and ``GET /api/v1/Computer/{id}`` with
    ``incBackupUsage=true``. Required: ``target_computer_guid`` (the
    destination), ``archive_bytes`` and ``archive_format``.
    """

    target_computer_parent_id: int | None = None
    target_computer_parent_guid: str | None = None
    target_computer_guid: str
    target_computer_name: str | None = None
    target_computer_os_name: str | None = None
    target_computer_type: str | None = None
    selected_files: int | None = None
    selected_bytes: int | None = None
    todo_files: int | None = None
    todo_bytes: int | None = None
    archive_bytes: int
    billable_bytes: int | None = None
    send_rate_average: int | None = None
    completion_rate_average: int | None = None
    last_backup: Timestamp | None = None
    last_completed_backup: Timestamp | None = None
    last_connected: Timestamp | None = None
    last_maintenance_date: Timestamp | None = None
    last_compact_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    creation_date: Timestamp | None = None
    using: bool | None = None
    alert_state: int | None = None
    alert_states: list[AlertStateValue] | None = None
    percent_complete: float | None = None
    store_point_id: int | None = None
    store_point_name: str | None = None
    server_id: int | None = None
    server_guid: str | None = None
    server_name: str | None = None
    server_host_name: str | None = None
    is_provider: bool | None = None
    archive_guid: str | None = None
    archive_format: ArchiveFormatValue
    activity: BackupActivity | None = None


class Device(PycpgModel):
    """A device (computer).

    From ``GET /api/v1/Computer`` (items of ``computers``),
    ``GET /api/v1/Computer/{id}`` and ``GET /api/v1/Computer/{guid}?idType=guid``.
    ``backup_usage`` is present only with ``incBackupUsage=true``; ``settings``,
    ``available_destinations`` and ``org_settings`` only with ``incSettings=true``.
    Required (always sent): ``computer_id``, ``guid``, ``name``, ``status`` (a
    :class:`~pycpg.constants.DeviceStatus`, or a plain string for a value this
    version does not know), ``active``, ``user_id``, ``user_uid``, ``org_id``.
    """

    computer_id: int
    name: str
    os_hostname: str | None = None
    guid: str
    type: str | None = None
    status: DeviceStatusValue
    active: bool
    blocked: bool | None = None
    alert_state: int | None = None
    alert_states: list[AlertStateValue] | None = None
    user_id: int
    user_uid: str
    org_id: int
    org_uid: str | None = None
    computer_ext_ref: str | None = None
    notes: str | None = None
    parent_computer_id: int | None = None
    parent_computer_guid: str | None = None
    last_connected: Timestamp | None = None
    os_name: OsNameValue | None = None
    os_version: str | None = None
    os_arch: str | None = None
    address: str | None = None
    remote_address: str | None = None
    java_version: str | None = None
    model_info: dict[str, Any] | None = None
    time_zone: str | None = None
    version: int | None = None
    product_version: str | None = None
    build_version: int | None = None
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None
    login_date: Timestamp | None = None
    service: str | None = None
    backup_usage: list[BackupUsage] | None = None
    # The settings trees are XML-derived and irregular; typed models come later.
    settings: dict[str, Any] | None = None
    available_destinations: list[dict[str, Any]] | None = None
    org_settings: dict[str, Any] | None = None


class DevicePage(PycpgModel):
    """One page of devices: the ``data`` of ``GET /api/v1/Computer``."""

    total_count: int | None = None
    computers: list[Device]
