"""Archive metadata on the authority server (``/api/v1/Archive``, restore history, cold storage)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pycpg._http.paths import api_path
from pycpg.paging import iter_pages
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService, WireKeys, wire_params

if TYPE_CHECKING:
    from pycpg.models import (
        Archive,
        ArchivePage,
        BackupSetList,
        ColdStorageArchive,
        ColdStoragePage,
        ConnectedServer,
        DataKeyToken,
        RestoreHistoryPage,
        WebRestoreInfo,
    )

__all__ = ["ArchiveService"]

# Each page method's parameters and their query keys, in the order sent.
_ARCHIVE_PAGE: WireKeys = {"page_num": "pgNum", "page_size": "pgSize"}
_RESTORE_HISTORY_PAGE: WireKeys = {"days": "days", "page_num": "pgNum", "page_size": "pgSize"}
_COLD_STORAGE_PAGE: WireKeys = {
    "org_id": "orgId",
    "include_child_orgs": "incChildOrgs",
    "sort_key": "srtKey",
    "sort_dir": "srtDir",
    "page_size": "pgSize",
    "page_num": "pgNum",
}


def purge_date_text(purge_date: str | date | datetime) -> str:
    """``YYYY-MM-DD`` for a cold-storage purge date (a date, datetime or date string).

    Raises:
        TypeError, ValueError: the value is not a date.
    """
    if isinstance(purge_date, datetime):
        return purge_date.date().isoformat()
    if isinstance(purge_date, date):
        return purge_date.isoformat()
    if isinstance(purge_date, str):
        return date.fromisoformat(purge_date.strip()[:10]).isoformat()
    raise TypeError(f"purge_date must be a date, datetime or 'YYYY-MM-DD' string, got {type(purge_date).__name__}")


class ArchiveService(BaseService):
    """Archives, backup sets, restore history and cold storage."""

    def get_data_key_token(self, device_guid: str) -> PycpgResponse[DataKeyToken]:
        """Get a token that lets a restore session decrypt the device's archive."""
        return self._call("POST", "/api/v1/DataKeyToken", lazy.DataKeyToken, json={"computerGuid": device_guid})

    def get_single_archive(self, archive_guid: str) -> PycpgResponse[Archive]:
        """Get one archive by GUID."""
        return self._call("GET", api_path("/api/v1/Archive/{archive_guid}", archive_guid=archive_guid), lazy.Archive)

    def get_page(self, page_num: int, page_size: int | None = None, **kwargs: Any) -> PycpgResponse[ArchivePage]:
        """Get one page of archives (filter with ``backupSourceGuid``, ``userUid`` or ``destinationGuid``)."""
        params = wire_params(_ARCHIVE_PAGE, kwargs, page_num=page_num, page_size=self._page_size(page_size))
        return self._call("GET", "/api/v1/Archive", lazy.ArchivePage, params=params)

    def get_all_archives_from_value(
        self, id_value: str, id_type: str, *, page_concurrency: int | None = None
    ) -> Iterator[PycpgResponse[ArchivePage]]:
        """Yield every page of archives whose ``id_type`` is ``id_value``.

        Args:
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
        """
        concurrency = self._page_concurrency(page_concurrency)

        def fetch(page_num: int, size: int) -> PycpgResponse[ArchivePage]:
            return self.get_page(page_num=page_num, page_size=size, **{id_type: id_value})

        return iter_pages(fetch, "archives", self._page_size(None), concurrency=concurrency)

    def get_backup_sets(self, device_guid: str, destination_guid: str) -> PycpgResponse[BackupSetList]:
        """List a device's backup sets at one destination."""
        path = api_path(
            "/api/v3/BackupSets/{device_guid}/{destination_guid}",
            device_guid=device_guid, destination_guid=destination_guid,
        )
        return self._call("GET", path, lazy.BackupSetList)

    def get_all_restore_history(
        self, days: int, id_type: str, id_value: str | int, *, page_size: int | None = None,
        page_concurrency: int | None = None, **kwargs: Any,
    ) -> Iterator[PycpgResponse[RestoreHistoryPage]]:
        """Yield every page of restores of the last ``days`` days for ``{id_type: id_value}``.

        Args:
            page_size: Restores per page; defaults to the client's ``items_per_page``.
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
            **kwargs: Extra query parameters.
        """
        page_size = self._page_size(page_size)
        concurrency = self._page_concurrency(page_concurrency)

        def fetch(page_num: int, size: int) -> PycpgResponse[RestoreHistoryPage]:
            return self._get_restore_history_page(
                days=days, id_type=id_type, id_value=id_value, page_num=page_num, page_size=size, **kwargs
            )

        return iter_pages(fetch, "restoreEvents", page_size, concurrency=concurrency)

    def _get_restore_history_page(
        self, days: int, id_type: str, id_value: str | int, page_num: int = 1, page_size: int | None = None,
        **kwargs: Any,
    ) -> PycpgResponse[RestoreHistoryPage]:
        params = wire_params(
            _RESTORE_HISTORY_PAGE, {**kwargs, id_type: id_value},
            days=days, page_num=page_num, page_size=self._page_size(page_size),
        )
        return self._call("GET", "/api/v1/RestoreHistory", lazy.RestoreHistoryPage, params=params)

    def get_web_restore_info(self, src_guid: str, dest_guid: str) -> PycpgResponse[WebRestoreInfo]:
        """Find the storage node that holds a device's archive at a destination."""
        params = {"srcGuid": src_guid, "destGuid": dest_guid}
        return self._call("GET", "api/v1/WebRestoreInfo", lazy.WebRestoreInfo, params=params)

    def get_connected_server_url(self, device_guid: str) -> PycpgResponse[ConnectedServer]:
        """Find the server a device is connected to (``serverUrl`` is null when it is offline)."""
        return self._call("GET", "api/v1/connectedServerUrl", lazy.ConnectedServer, params={"guid": device_guid})

    def update_cold_storage_purge_date(
        self, archive_guid: str, purge_date: str | date | datetime
    ) -> PycpgResponse[ColdStorageArchive]:
        """Set the date a cold-storage archive will be purged (``YYYY-MM-DD``)."""
        path = api_path("/api/v1/coldStorage/{archive_guid}", archive_guid=archive_guid)
        body = {"archiveHoldExpireDate": purge_date_text(purge_date)}
        return self._call("PUT", path, lazy.ColdStorageArchive, params={"idType": "guid"}, json=body)

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

        Args:
            page_concurrency: Page requests kept in flight; defaults to the client's
                ``page_concurrency`` option (4); 1 pages strictly one after another.
        """
        concurrency = self._page_concurrency(page_concurrency)

        def fetch(page_num: int, size: int) -> PycpgResponse[ColdStoragePage]:
            return self._get_cold_storage_archives_page(
                org_id=org_id, page_num=page_num, page_size=size, include_child_orgs=include_child_orgs,
                sort_key=sort_key, sort_dir=sort_dir,
            )

        return iter_pages(fetch, "coldStorageRows", self._page_size(None), concurrency=concurrency)

    def _get_cold_storage_archives_page(
        self,
        org_id: int | str,
        page_num: int = 1,
        page_size: int | None = None,
        include_child_orgs: bool = True,
        sort_key: str = "archiveHoldExpireDate",
        sort_dir: str = "asc",
    ) -> PycpgResponse[ColdStoragePage]:
        params = wire_params(
            _COLD_STORAGE_PAGE, org_id=org_id, include_child_orgs=include_child_orgs, sort_key=sort_key,
            sort_dir=sort_dir, page_size=self._page_size(page_size), page_num=page_num,
        )
        return self._call("GET", "/api/v1/ColdStorage", lazy.ColdStoragePage, params=params)
