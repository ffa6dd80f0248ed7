"""Test hooks for archives and restores, mixed into :class:`~pycpg.emulator.Emulator`.

Device guids name a device's backup (its archives at every destination share one
file tree). Unknown devices and paths raise ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.archive_tree import ArchiveTree, FileContent, TreeNode, normalise
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.restore import PushRestore, file_chunks
from pycpg.emulator.tenant import Tenant


class ArchiveHooks:
    """Archive contents, secrets, agent connections and restore-job pacing."""

    tenant: Tenant
    archive_store: ArchiveStore

    def _device(self, device_guid: str) -> DeviceRecord:
        device = self.tenant.device_by_guid(device_guid)
        if device is None:
            raise KeyError(f"no device with guid {device_guid!r}")
        return device

    def _tree(self, device_guid: str) -> ArchiveTree:
        return self.archive_store.tree(self._device(device_guid))

    def archive_files(self, device_guid: str) -> list[tuple[str, int]]:
        """Every file in the device's backup as ``(path, size)``, by path."""
        with self.tenant.lock:
            return [(node.path, node.size) for node in self._tree(device_guid).files()]

    def _file(self, device_guid: str, path: str) -> TreeNode:
        node = self._tree(device_guid).node(normalise(path))
        if node is None or node.is_dir:
            raise KeyError(f"no file {path!r} in the backup of {device_guid}")
        return node

    def file_content(self, device_guid: str, path: str) -> Iterator[bytes]:
        """A backed-up file's bytes in chunks: the same bytes a restore serves."""
        with self.tenant.lock:
            node = self._file(device_guid, path)
        return file_chunks(node)

    def add_file(self, device_guid: str, path: str, size: int | None = None, content: bytes | None = None) -> None:
        """Add (or replace) a backed-up file, creating missing directories.

        ``content`` gives the bytes; otherwise ``size`` bytes (default 0) are generated
        from the seed, device and path. ``path`` must be under the device's root
        (``/`` or ``C:/``); backslashes are accepted. Dates come from the tenant clock.
        """
        if content is not None and size is not None:
            raise ValueError("give size or content, not both")
        if size is not None and size < 0:
            raise ValueError("size must not be negative")
        with self.tenant.lock:
            tree = self._tree(device_guid)
            checked = tree.check(path)
            data = FileContent.given(content) if content is not None else FileContent(
                f"pycpg-emulator-added|{self.archive_store.seed}|{device_guid}|{checked}", size or 0)
            now = self.tenant.mint.now()
            tree.add_file(checked, data, now, now)

    def archive_secret(self, device_guid: str) -> tuple[str | None, str | None]:
        """The ``(archive password, custom encryption key)`` the device's archives need (``None``: not needed)."""
        with self.tenant.lock:
            profile = self.archive_store.profile(self._device(device_guid))
            return profile.password, profile.encryption_key

    def set_connected(self, device_guid: str, connected: bool) -> None:
        """Connect or disconnect the device's agent (``connectedServerUrl`` is ``null`` while disconnected)."""
        with self.tenant.lock:
            self.archive_store.profile(self._device(device_guid)).connected = connected

    @property
    def push_restores(self) -> list[PushRestore]:
        """Every push restore accepted so far, oldest first."""
        with self.tenant.lock:
            return list(self.archive_store.push_restores)

    @property
    def stall_restores(self) -> bool:
        """While true, web-restore jobs never finish (they stay ``preparing``)."""
        return self.archive_store.stall_restores

    @stall_restores.setter
    def stall_restores(self, value: bool) -> None:
        self.archive_store.stall_restores = value

    @property
    def stall_file_sizes(self) -> bool:
        """While true, file-size jobs stay ``WORKING``."""
        return self.archive_store.stall_file_sizes

    @stall_file_sizes.setter
    def stall_file_sizes(self, value: bool) -> None:
        self.archive_store.stall_file_sizes = value

    @property
    def restore_polls(self) -> int:
        """The status read at which a web-restore job is done (default 2: one ``preparing`` read first)."""
        return self.archive_store.restore_polls

    @restore_polls.setter
    def restore_polls(self, value: int) -> None:
        self.archive_store.restore_polls = value

    @property
    def file_size_polls(self) -> int:
        """The status read at which a file-size job is ``DONE`` (default 1: the first)."""
        return self.archive_store.file_size_polls

    @file_size_polls.setter
    def file_size_polls(self, value: int) -> None:
        self.archive_store.file_size_polls = value
