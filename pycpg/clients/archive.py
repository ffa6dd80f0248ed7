"""``sdk.archive``: archives, backup sets, restore history, cold storage and restores."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from pycpg.clients._archiveaccess import RestoreFlow, RestoreOptions
from pycpg.paging import iter_items
from pycpg.response import PycpgResponse, PycpgStreamResponse
from pycpg.services._ids import apply_ids
from pycpg.services.archive import ArchiveService

if TYPE_CHECKING:
    from pycpg.models import (
        Archive,
        BackupSetList,
        ColdStorageArchive,
        ColdStoragePage,
        ArchivePage,
        PushRestoreResult,
        RestoreEvent,
        RestoreHistoryPage,
    )

__all__ = ["ArchiveClient"]

_FILE_SIZE_CALC_TIMEOUT = 10
_DEFAULT_BACKUP_SET_ID = "1"


def _path_list(file_paths: str | Sequence[str]) -> list[str]:
    """One path or several, as a list.

    Raises:
        ValueError: no path was given.
    """
    paths = [file_paths] if isinstance(file_paths, str) else list(file_paths)
    if not paths:
        raise ValueError("file_paths must name at least one file or directory.")
    return paths


class ArchiveClient:
    """Look up archives and restore files from them."""

    # Methods taking an id: their not-found errors name the kind of id (see pycpg.services._ids).
    _id_area = "archive"
    _ids = {"get_by_archive_guid": "archive_guid"}

    def __init__(self, archive_accessor_factory: RestoreFlow, archive_service: ArchiveService) -> None:
        self._flow = archive_accessor_factory
        self._archive_service = archive_service

    # -- lookups --------------------------------------------------------------

    def get_by_archive_guid(self, archive_guid: str) -> PycpgResponse[Archive]:
        """Get an archive by GUID."""
        return self._archive_service.get_single_archive(archive_guid)

    def get_all_by_device_guid(
        self, device_guid: str, *, page_concurrency: int | None = None
    ) -> Iterator[PycpgResponse[ArchivePage]]:
        """Yield every page of the archives of a device (one per destination).

        Pages are read as the loop goes (several fetched ahead): a loop that changes the
        list it reads (archives removed or added) shifts the pages not yet read, so items
        are skipped or repeated; pass ``snapshot=True`` to the ``iter_all_*`` method, or
        collect the ids first.
        """
        return self._archive_service.get_all_archives_from_value(
            id_value=device_guid, id_type="backupSourceGuid", page_concurrency=page_concurrency
        )

    def iter_all_by_device_guid(
        self, device_guid: str, *, page_concurrency: int | None = None, snapshot: bool = False
    ) -> Iterator[Archive]:
        """Yield every archive of a device as an :class:`~pycpg.models.Archive`.

        Without ``snapshot``, pages are read as the loop goes: a loop that changes
        the list it reads skips or repeats archives (see :meth:`get_all_by_device_guid`).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first archive is yielded, so the loop body may change the list freely;
                every archive is held in memory until the loop reaches it.
        """
        pages = self.get_all_by_device_guid(device_guid, page_concurrency=page_concurrency)
        return iter_items(pages, lambda page: page.archives, snapshot=snapshot)

    def get_backup_sets(self, device_guid: str, destination_guid: str) -> PycpgResponse[BackupSetList]:
        """List a device's backup sets at a destination (``backupSetId`` per set)."""
        return self._archive_service.get_backup_sets(device_guid, destination_guid)

    def get_all_org_restore_history(
        self, days: int, org_id: int | str, *, page_concurrency: int | None = None
    ) -> Iterator[PycpgResponse[RestoreHistoryPage]]:
        """Yield every page of an org's restores of the last ``days`` days.

        Pages are read as the loop goes (several fetched ahead): a loop that changes the
        list it reads (starting restores) shifts the pages not yet read, so items are
        skipped or repeated; pass ``snapshot=True`` to the ``iter_all_*`` method, or collect
        the ids first.
        """
        return self._archive_service.get_all_restore_history(
            days=days, id_type="orgId", id_value=org_id,
            page_concurrency=page_concurrency,
        )

    def get_all_user_restore_history(
        self, days: int, user_id: int | str, *, page_concurrency: int | None = None
    ) -> Iterator[PycpgResponse[RestoreHistoryPage]]:
        """Yield every page of a user's restores of the last ``days`` days.

        Pages are read as the loop goes (several fetched ahead): a loop that changes the
        list it reads (starting restores) shifts the pages not yet read, so items are
        skipped or repeated; pass ``snapshot=True`` to the ``iter_all_*`` method, or collect
        the ids first.
        """
        return self._archive_service.get_all_restore_history(
            days=days, id_type="userId", id_value=user_id,
            page_concurrency=page_concurrency,
        )

    def get_all_device_restore_history(
        self, days: int, device_id: int | str, *, page_concurrency: int | None = None
    ) -> Iterator[PycpgResponse[RestoreHistoryPage]]:
        """Yield every page of a device's restores of the last ``days`` days.

        Pages are read as the loop goes (several fetched ahead): a loop that changes the
        list it reads (starting restores) shifts the pages not yet read, so items are
        skipped or repeated; pass ``snapshot=True`` to the ``iter_all_*`` method, or collect
        the ids first.
        """
        return self._archive_service.get_all_restore_history(
            days=days, id_type="computerId", id_value=device_id,
            page_concurrency=page_concurrency,
        )

    def iter_all_org_restore_history(
        self, days: int, org_id: int | str, *, page_concurrency: int | None = None, snapshot: bool = False
    ) -> Iterator[RestoreEvent]:
        """Yield an org's restores as :class:`~pycpg.models.RestoreEvent` models.

        Without ``snapshot``, pages are read as the loop goes: a loop that changes
        the list it reads skips or repeats restores (see :meth:`get_all_org_restore_history`).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first restore is yielded, so the loop body may change the list freely;
                every restore is held in memory until the loop reaches it.
        """
        pages = self.get_all_org_restore_history(days, org_id, page_concurrency=page_concurrency)
        return iter_items(pages, lambda page: page.restore_events, snapshot=snapshot)

    def iter_all_user_restore_history(
        self, days: int, user_id: int | str, *, page_concurrency: int | None = None, snapshot: bool = False
    ) -> Iterator[RestoreEvent]:
        """Yield a user's restores as :class:`~pycpg.models.RestoreEvent` models.

        Without ``snapshot``, pages are read as the loop goes: a loop that changes
        the list it reads skips or repeats restores (see :meth:`get_all_user_restore_history`).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first restore is yielded, so the loop body may change the list freely;
                every restore is held in memory until the loop reaches it.
        """
        pages = self.get_all_user_restore_history(days, user_id, page_concurrency=page_concurrency)
        return iter_items(pages, lambda page: page.restore_events, snapshot=snapshot)

    def iter_all_device_restore_history(
        self, days: int, device_id: int | str, *, page_concurrency: int | None = None, snapshot: bool = False
    ) -> Iterator[RestoreEvent]:
        """Yield a device's restores as :class:`~pycpg.models.RestoreEvent` models.

        Without ``snapshot``, pages are read as the loop goes: a loop that changes
        the list it reads skips or repeats restores (see :meth:`get_all_device_restore_history`).

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first restore is yielded, so the loop body may change the list freely;
                every restore is held in memory until the loop reaches it.
        """
        pages = self.get_all_device_restore_history(days, device_id, page_concurrency=page_concurrency)
        return iter_items(pages, lambda page: page.restore_events, snapshot=snapshot)

    def update_cold_storage_purge_date(
        self, archive_guid: str, purge_date: str | date | datetime
    ) -> PycpgResponse[ColdStorageArchive]:
        """Set when a cold-storage archive is purged (``YYYY-MM-DD``, a date or a datetime)."""
        return self._archive_service.update_cold_storage_purge_date(archive_guid, purge_date)

    def get_all_org_cold_storage_archives(
        self,
        org_id: int | str,
        include_child_orgs: bool = True,
        sort_key: str = "archiveHoldExpireDate",
        sort_dir: str = "asc",
        *,
        page_concurrency: int | None = None,
    ) -> Iterator[PycpgResponse[ColdStoragePage]]:
        """Yield every page of an org's cold-storage archives.

        Pages are read as the loop goes (several fetched ahead): a loop that changes the
        list it reads (changing a purge date, the default sort key) shifts the pages not yet
        read, so items are skipped or repeated; pass ``snapshot=True`` to the ``iter_all_*``
        method, or collect the ids first.

        Args:
            org_id: The numeric ``orgId``.
            include_child_orgs: Include archives of descendant orgs.
            sort_key: ``archiveHoldExpireDate``, ``orgName``, ``mountPointName``,
                ``archiveBytes`` or ``archiveType``.
            sort_dir: ``asc`` or ``desc``.
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
        """
        return self._archive_service.get_all_org_cold_storage_archives(
            org_id=org_id, include_child_orgs=include_child_orgs, sort_key=sort_key, sort_dir=sort_dir,
            page_concurrency=page_concurrency,
        )

    def iter_all_org_cold_storage_archives(
        self,
        org_id: int | str,
        include_child_orgs: bool = True,
        sort_key: str = "archiveHoldExpireDate",
        sort_dir: str = "asc",
        *,
        page_concurrency: int | None = None,
        snapshot: bool = False,
    ) -> Iterator[ColdStorageArchive]:
        """Yield an org's cold-storage archives as :class:`~pycpg.models.ColdStorageArchive` models.

        Without ``snapshot``, a loop that changes purge dates (the default sort key,
        see :meth:`update_cold_storage_purge_date`) moves archives between the pages
        not yet read, so some are skipped and others repeated.

        Args:
            snapshot: Read every page (with the usual ``page_concurrency``) before the
                first archive is yielded, so the loop body may change the list freely;
                every archive is held in memory until the loop reaches it.
        """
        pages = self.get_all_org_cold_storage_archives(
            org_id=org_id, include_child_orgs=include_child_orgs, sort_key=sort_key, sort_dir=sort_dir,
            page_concurrency=page_concurrency,
        )
        return iter_items(pages, lambda page: page.cold_storage_rows, snapshot=snapshot)

    # -- restores -------------------------------------------------------------

    def stream_from_backup(
        self,
        file_paths: str | Sequence[str],
        device_guid: str,
        destination_guid: str | None = None,
        archive_password: str | None = None,
        encryption_key: str | None = None,
        show_deleted: bool | None = None,
        file_size_calc_timeout: float | None = _FILE_SIZE_CALC_TIMEOUT,
        backup_set_id: str | int | None = None,
        *,
        restore_timeout: float | None = None,
    ) -> PycpgStreamResponse:
        """Restore files from a device's backup and stream the result.

        One file streams as its bytes; several files or a directory stream as a
        zip. Read the result with ``response.iter_content(chunk_size)``, which
        yields ``bytes`` chunks; it is never loaded into memory at once. The
        body is not JSON: ``.model()`` raises ``PycpgModelError`` for it.

        Args:
            file_paths: One path or several (``/Users/ann/a.txt``, ``C:\\Users\\ann``).
            device_guid: The device whose backup to restore from.
            destination_guid: The destination holding the archive (default: the
                device's first destination).
            archive_password: The archive password, if the archive has one.
            encryption_key: The custom encryption key, if the archive has one.
            show_deleted: Include deleted files (default ``True``).
            file_size_calc_timeout: Seconds to spend sizing the selection (0: skip).
            backup_set_id: The backup set (``1`` and ``"1"`` both work).
            restore_timeout: Seconds the restore job may take (default: the
                client's ``restore_timeout`` option, 3600).

        Raises:
            PycpgArchiveFileNotFoundError: a path is not in the archive.
            PycpgInvalidArchivePassword: ``archive_password`` is wrong.
            PycpgInvalidArchiveEncryptionKey: ``encryption_key`` is wrong.
            PycpgRestoreTimeoutError: the job did not finish in time.
            PycpgError: no destination or backup set could be chosen, or a path is malformed.
        """
        options = RestoreOptions(
            device_guid=device_guid,
            file_paths=_path_list(file_paths),
            destination_guid=destination_guid,
            archive_password=archive_password,
            encryption_key=encryption_key,
            show_deleted=show_deleted,
            file_size_calc_timeout=file_size_calc_timeout,
            backup_set_id=backup_set_id,
            restore_timeout=restore_timeout or self._flow.restore_timeout,
        )
        return self._flow.stream_from_backup(options=options)

    def stream_to_device(
        self,
        file_paths: str | Sequence[str],
        device_guid: str,
        accepting_device_guid: str,
        restore_path: str,
        destination_guid: str | None = None,
        archive_password: str | None = None,
        encryption_key: str | None = None,
        show_deleted: bool | None = None,
        overwrite_existing_files: bool = False,
        file_size_calc_timeout: float | None = _FILE_SIZE_CALC_TIMEOUT,
        backup_set_id: str | int | None = None,
    ) -> PycpgResponse[PushRestoreResult]:
        """Restore files from one device's backup onto a (connected) device.

        Args:
            restore_path: A directory on the accepting device, or
                ``"ORIGINAL_LOCATION"`` for where the files came from.
            overwrite_existing_files: Overwrite files that exist (else they are
                renamed), wherever the restore goes.

        Other arguments as :meth:`stream_from_backup`.

        Raises:
            PycpgDeviceNotConnectedError: the accepting device is not connected.
            PycpgBadRestoreRequestError: the server refused the restore.
        """
        options = RestoreOptions(
            device_guid=device_guid,
            file_paths=_path_list(file_paths),
            destination_guid=destination_guid,
            archive_password=archive_password,
            encryption_key=encryption_key,
            show_deleted=show_deleted,
            file_size_calc_timeout=file_size_calc_timeout,
            backup_set_id=backup_set_id,
            restore_timeout=self._flow.restore_timeout,
        )
        return self._flow.stream_to_device(
            options=options,
            accepting_device_guid=accepting_device_guid,
            restore_path=restore_path,
            overwrite_existing_files=overwrite_existing_files,
        )


apply_ids(ArchiveClient)
