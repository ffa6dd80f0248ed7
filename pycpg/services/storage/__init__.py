"""Services on storage nodes and connected servers (hosts other than the console)."""

from pycpg.services.storage.archive import StorageArchiveService
from pycpg.services.storage.restore import (
    PushRestoreExistingFiles,
    PushRestoreLocation,
    PushRestoreService,
    RestoreService,
)

__all__ = [
    "PushRestoreExistingFiles",
    "PushRestoreLocation",
    "PushRestoreService",
    "RestoreService",
    "StorageArchiveService",
]
