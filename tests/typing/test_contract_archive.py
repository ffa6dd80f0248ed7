"""mypy contract for ``sdk.archive``: archives, restore history, cold storage and restores.

Every public method is pinned by calling it directly inside ``assert_type``.
Checked by ``mypy --strict tests/typing``; the ``check_*`` functions are never called.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import assert_type

from pycpg.clients.archive import ArchiveClient
from pycpg.models import (
    Archive,
    ArchivePage,
    BackupSetList,
    ColdStorageArchive,
    ColdStoragePage,
    PushRestoreResult,
    RestoreEvent,
    RestoreHistoryPage,
)
from pycpg.response import PycpgResponse, PycpgStreamResponse


def check_archives(archive: ArchiveClient) -> None:
    assert_type(archive.get_by_archive_guid("a"), PycpgResponse[Archive])
    assert_type(archive.get_all_by_device_guid("d"), Iterator[PycpgResponse[ArchivePage]])
    assert_type(archive.iter_all_by_device_guid("d"), Iterator[Archive])
    assert_type(archive.get_backup_sets("d", "t"), PycpgResponse[BackupSetList])


def check_restore_history(archive: ArchiveClient) -> None:
    assert_type(archive.get_all_org_restore_history(7, 1), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_user_restore_history(7, "1"), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_device_restore_history(7, 1), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.iter_all_org_restore_history(7, 1), Iterator[RestoreEvent])
    assert_type(archive.iter_all_user_restore_history(7, 1), Iterator[RestoreEvent])
    assert_type(archive.iter_all_device_restore_history(7, "1"), Iterator[RestoreEvent])


def check_cold_storage(archive: ArchiveClient) -> None:
    assert_type(archive.update_cold_storage_purge_date("a", "2030-01-01"), PycpgResponse[ColdStorageArchive])
    assert_type(archive.update_cold_storage_purge_date("a", date.today()), PycpgResponse[ColdStorageArchive])
    assert_type(archive.update_cold_storage_purge_date("a", datetime.now()), PycpgResponse[ColdStorageArchive])
    assert_type(archive.get_all_org_cold_storage_archives(1), Iterator[PycpgResponse[ColdStoragePage]])
    assert_type(
        archive.get_all_org_cold_storage_archives("1", False, "archiveBytes", "desc"),
        Iterator[PycpgResponse[ColdStoragePage]],
    )
    assert_type(archive.iter_all_org_cold_storage_archives(1), Iterator[ColdStorageArchive])
    assert_type(archive.iter_all_org_cold_storage_archives(1, include_child_orgs=False), Iterator[ColdStorageArchive])


def check_restores(archive: ArchiveClient) -> None:
    assert_type(archive.stream_from_backup("/a", "d"), PycpgStreamResponse)
    assert_type(
        archive.stream_from_backup(["/a"], "d", "t", "pw", None, True, None, 1, restore_timeout=600.0),
        PycpgStreamResponse,
    )
    assert_type(archive.stream_to_device("/a", "d", "e", "/restore"), PycpgResponse[PushRestoreResult])
    assert_type(
        archive.stream_to_device(("/a", "/b"), "d", "e", "ORIGINAL_LOCATION", overwrite_existing_files=True),
        PycpgResponse[PushRestoreResult],
    )
