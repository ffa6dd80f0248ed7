"""Browsing and web restores on the storage node that holds an archive."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pycpg._http.paths import api_path
from pycpg.response import PycpgResponse, PycpgStreamResponse
from pycpg.services import _lazy as lazy
from pycpg.services.storage.restore import RestoreService

if TYPE_CHECKING:
    from pycpg.models import FileSizeJob, RestoreJob, WebRestoreTreeNode

__all__ = ["StorageArchiveService"]


class StorageArchiveService(RestoreService):
    """An archive's files, file sizes and web-restore jobs."""

    def search_paths(
        self,
        session_id: str,
        device_guid: str,
        regex: str | None = None,
        max_results: int | None = None,
        timestamp: int | None = None,
        show_deleted: bool | None = None,
    ) -> PycpgResponse[list[WebRestoreTreeNode]]:
        """Search the archive's paths."""
        params = {
            "webRestoreSessionId": session_id, "guid": device_guid, "regex": regex,
            "maxResults": max_results, "timestamp": timestamp, "showDeleted": show_deleted,
        }
        return self._call("GET", "/api/v1/WebRestoreSearch", lazy.WebRestoreTreeNodes, params=params)

    def get_file_size(
        self,
        device_guid: str,
        file_id: str,
        timestamp: int | None = None,
        show_deleted: bool | None = None,
        backup_set_id: str | None = None,
    ) -> PycpgResponse[FileSizeJob]:
        """Get the size of a file or directory (synchronously)."""
        params = {
            "guid": device_guid, "fileId": file_id, "timestamp": timestamp,
            "showDeleted": show_deleted, "backupSetId": backup_set_id,
        }
        return self._call("GET", "/api/v1/WebRestoreFileSize", lazy.FileSizeJob, params=params)

    def create_file_size_job(
        self, device_guid: str, file_id: str, timestamp: int | None = None, show_deleted: bool | None = None
    ) -> PycpgResponse[FileSizeJob]:
        """Start computing the size of a file or directory; poll with :meth:`get_file_size_job`."""
        body = {"guid": device_guid, "fileId": file_id, "timestamp": timestamp, "showDeleted": show_deleted}
        return self._call("POST", "/api/v1/WebRestoreFileSizePolling", lazy.FileSizeJob, json=body)

    def get_file_size_job(self, job_id: str, device_guid: str) -> PycpgResponse[FileSizeJob]:
        """Get a file-size job's status and, once done, its totals."""
        params = {"jobId": job_id, "guid": device_guid}
        return self._call("GET", "/api/v1/WebRestoreFileSizePolling", lazy.FileSizeJob, params=params)

    def get_file_path_metadata(
        self,
        session_id: str,
        device_guid: str,
        backup_set_id: str,
        file_id: str | None = None,
        timestamp: int | None = None,
        show_deleted: bool | None = None,
        batch_size: int | None = None,
        last_batch_file_id: str | None = None,
        include_os_metadata: bool | None = None,
    ) -> PycpgResponse[list[WebRestoreTreeNode]]:
        """List the archive's roots (no ``file_id``) or a directory's children."""
        params = {
            "webRestoreSessionId": session_id, "guid": device_guid, "backupSetId": backup_set_id,
            "fileId": file_id, "timestamp": timestamp, "showDeleted": show_deleted,
            "batchSize": batch_size, "lastBatchFileId": last_batch_file_id,
            "includeOsMetadata": include_os_metadata,
        }
        return self._call("GET", "/api/v1/WebRestoreTreeNode", lazy.WebRestoreTreeNodes, params=params)

    def start_restore(
        self,
        device_guid: str,
        web_restore_session_id: str,
        restore_groups: list[dict[str, Any]],
        num_files: int,
        num_dirs: int,
        num_bytes: int,
        expire_job: bool | None = None,
        show_deleted: bool | None = None,
        restore_full_path: bool | None = None,
        restore_to_server: bool | None = None,
    ) -> PycpgResponse[RestoreJob]:
        """Start a web-restore job that prepares the selected files for download."""
        body = {
            "sourceComputerGuid": device_guid,
            "webRestoreSessionId": web_restore_session_id,
            "restoreGroups": restore_groups,
            "numFiles": num_files,
            "numDirs": num_dirs,
            "numBytes": num_bytes,
            "expireJob": expire_job,
            "showDeleted": show_deleted,
            "restoreFullPath": restore_full_path,
            "restoreToServer": restore_to_server,
        }
        return self._call("POST", "/api/v9/restore/web", lazy.RestoreJob, json=body)

    def cancel_restore(self, job_id: str) -> PycpgResponse[None]:
        """Cancel a web-restore job."""
        return self._call("DELETE", "/api/v1/WebRestoreJob", type(None), json={"jobId": job_id})

    def stream_restore_result(self, job_id: str) -> PycpgStreamResponse:
        """Open the finished job's result (file bytes or a zip) as a stream; read it with ``iter_content``."""
        response = self._connection.request(
            "GET", api_path("/api/v1/WebRestoreJobResult/{job_id}", job_id=job_id),
            headers={"Accept": "application/octet-stream"}, stream=True,
        )
        return PycpgStreamResponse(response)  # bytes or a zip: no model
