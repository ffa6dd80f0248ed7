"""Every archive and restore endpoint: authority, storage node and connected server."""

from __future__ import annotations

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.endpoints import archives, cold_storage, push_restore, restore_history, storage
from pycpg.emulator.endpoints.archive_common import ServiceUrl
from pycpg.emulator.routing import Route


def archive_routes(store: ArchiveStore, service_url: ServiceUrl) -> list[Route]:
    """The routes bound to ``store``; ``service_url`` names the storage nodes and connected servers."""
    return [
        *archives.routes(store, service_url),
        *cold_storage.routes(store),
        *restore_history.routes(store),
        *storage.routes(store),
        *push_restore.routes(store),
    ]
