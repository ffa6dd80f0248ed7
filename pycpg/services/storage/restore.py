"""Restore sessions and jobs on a storage node or a device's connected server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pycpg._http import SERVER_ERRORS, ErrorRule
from pycpg._http.paths import api_path
from pycpg.choices import Choices
from pycpg.exceptions import (
    PycpgBadRestoreRequestError,
    PycpgInvalidArchiveEncryptionKey,
    PycpgInvalidArchivePassword,
)
from pycpg.response import PycpgResponse
from pycpg.services import _lazy as lazy
from pycpg.services._base import BaseService

if TYPE_CHECKING:
    from pycpg.models import PushRestoreResult, RestoreJob, WebRestoreSession

__all__ = ["PushRestoreExistingFiles", "PushRestoreLocation", "PushRestoreService", "RestoreService"]

_SESSION_ERRORS = (
    ErrorRule(SERVER_ERRORS, PycpgInvalidArchivePassword, "PRIVATE_PASSWORD_INVALID"),
    ErrorRule(SERVER_ERRORS, PycpgInvalidArchiveEncryptionKey, "CUSTOM_KEY_INVALID"),
)


class PushRestoreLocation(Choices):
    """Where a push restore writes files."""

    ORIGINAL_LOCATION = "ORIGINAL_LOCATION"
    TARGET_DIRECTORY = "TARGET_DIRECTORY"


class PushRestoreExistingFiles(Choices):
    """What a push restore does with files that already exist."""

    OVERWRITE_ORIGINAL = "OVERWRITE_ORIGINAL"
    RENAME_ORIGINAL = "RENAME_ORIGINAL"


class RestoreService(BaseService):
    """Restore sessions and job status."""

    def create_restore_session(
        self,
        device_guid: str,
        data_key_token: str | None = None,
        private_password: str | None = None,
        encryption_key: str | None = None,
    ) -> PycpgResponse[WebRestoreSession]:
        """Open a restore session on a device's archive.

        Raises:
            PycpgInvalidArchivePassword: the archive password is wrong.
            PycpgInvalidArchiveEncryptionKey: the custom encryption key is wrong.
        """
        body = {
            "computerGuid": device_guid,
            "dataKeyToken": data_key_token,
            "privatePassword": private_password,
            "encryptionKey": encryption_key,
        }
        return self._call(
            "POST", "/api/v1/WebRestoreSession", lazy.WebRestoreSession, json=body, errors=_SESSION_ERRORS
        )

    def get_restore_status(self, job_id: str) -> PycpgResponse[RestoreJob]:
        """Get a web-restore job's progress."""
        return self._call("GET", api_path("/api/v1/WebRestoreJob/{job_id}", job_id=job_id), lazy.RestoreJob)


class PushRestoreService(RestoreService):
    """Push restores, sent to the accepting device's connected server."""

    def start_push_restore(
        self,
        device_guid: str,
        accepting_device_guid: str,
        web_restore_session_id: str,
        node_guid: str,
        restore_path: str,
        restore_groups: list[dict[str, Any]],
        num_files: int,
        num_bytes: int,
        show_deleted: bool | None = None,
        permit_restore_to_different_os_version: bool | None = None,
        file_permissions: str | None = None,
        restore_full_path: bool | None = None,
        file_location: str | None = None,
        existing_files: str | None = None,
    ) -> PycpgResponse[PushRestoreResult]:
        """Start restoring files from one device's archive onto another device.

        Raises:
            PycpgBadRestoreRequestError: the server refused to create the restore.
        """
        body = {
            "sourceComputerGuid": device_guid,
            "acceptingComputerGuid": accepting_device_guid,
            "webRestoreSessionId": web_restore_session_id,
            "targetNodeGuid": node_guid,
            "restorePath": restore_path,
            "restoreGroups": restore_groups,
            "numFiles": num_files,
            "numBytes": num_bytes,
            "showDeleted": show_deleted,
            "permitRestoreToDifferentOsVersion": permit_restore_to_different_os_version,
            "filePermissions": file_permissions,
            "restoreFullPath": restore_full_path,
            "fileLocation": file_location,
            "existingFiles": existing_files,
        }
        rule = ErrorRule((400,), PycpgBadRestoreRequestError, "CREATE_FAILED")
        return self._call("POST", "/api/v38/restore/push", lazy.PushRestoreResult, json=body, errors=(rule,))
