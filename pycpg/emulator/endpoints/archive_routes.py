"""Every archive and restore endpoint: authority, storage node and connected server."""

from __future__ import annotations

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.endpoints import archives, cold_storage, push_restore, restore_history, storage
from pycpg.emulator.endpoints.archive_common import BaseUrl
from pycpg.emulator.routing import Route


def archive_routes(store: ArchiveStore, base_url: BaseUrl) -> list[Route]:
    """The routes bound to ``store``; URLs handed to clients start with ``base_url``."""
    return [
        *archives.routes(store, base_url),
        *cold_storage.routes(store),
        *restore_history.routes(store),
        *storage.routes(store),
        *push_restore.routes(store),
    ]
