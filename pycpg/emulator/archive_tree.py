"""A device's backed-up file tree: paths, node ids, dates and lazily generated file content.

Paths always use forward slashes. A POSIX tree is rooted at ``/``, a Windows tree at
``C:/``; no other path ends with a slash. File bytes are never stored unless a test
gave them: :class:`FileContent` produces them chunk by chunk from a key.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from pycpg.emulator.wire import iso

#: Size of the chunks file content is produced (and streamed) in.
CHUNK_SIZE = 64 * 1024
POSIX_ROOT = "/"
WINDOWS_ROOT = "C:/"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_WORDS = ("archive", "backup", "budget", "quarter", "review", "draft", "meeting", "notes", "plan", "release",
          "invoice", "summary", "project", "customer", "forecast", "design", "audit", "policy", "roadmap", "status")


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the epoch."""
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def display_date(moment: datetime) -> str:
    """The locale-style ``date`` of a tree node: ``MM/DD/YY hh:mm AM`` in the moment's own zone."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%m/%d/%y} {hour:02d}:{moment:%M} {half}"


def _text(key: str, size: int) -> bytes:
    """Readable ASCII lines, exactly ``size`` bytes, drawn from ``key``."""
    rng = random.Random(key)
    lines: list[str] = []
    length = 0
    while length < size:
        line = f"{len(lines) + 1:04d} " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 12))) + "\n"
        lines.append(line)
        length += len(line)
    return "".join(lines).encode("ascii")[:size]


@dataclass(frozen=True)
class FileContent:
    """Where a file's bytes come from: bytes a test gave, generated text, or generated binary blocks."""

    key: str
    size: int
    data: bytes | None = None
    text: bool = False

    @classmethod
    def given(cls, data: bytes) -> FileContent:
        """Exactly these bytes."""
        return cls("", len(data), data)

    def chunks(self) -> Iterator[bytes]:
        """The content in chunks of at most :data:`CHUNK_SIZE` bytes (nothing for an empty file)."""
        if self.data is not None:
            for start in range(0, self.size, CHUNK_SIZE):
                yield self.data[start : start + CHUNK_SIZE]
        elif self.text:
            text = _text(self.key, self.size)
            for start in range(0, self.size, CHUNK_SIZE):
                yield text[start : start + CHUNK_SIZE]
        else:
            for block, start in enumerate(range(0, self.size, CHUNK_SIZE)):
                length = min(CHUNK_SIZE, self.size - start)
                yield hashlib.shake_256(f"{self.key}|{block}".encode()).digest(length)


@dataclass(frozen=True)
class TreeNode:
    """A directory or file of the tree (``content`` is ``None`` for directories)."""

    node_id: str
    path: str
    last_modified: datetime
    last_backup: datetime
    content: FileContent | None = None

    @property
    def is_dir(self) -> bool:
        """Whether this node is a directory."""
        return self.content is None

    @property
    def size(self) -> int:
        """The file size in bytes (0 for directories)."""
        return 0 if self.content is None else self.content.size

    @property
    def filename(self) -> str:
        """The last path component; a root's filename is ``/`` (POSIX) or ``C:`` (Windows)."""
        if self.path in (POSIX_ROOT, WINDOWS_ROOT):
            return self.path.rstrip("/") or "/"
        return self.path.rsplit("/", 1)[-1]

    def to_wire(self) -> dict[str, Any]:
        """The ``/api/v1/WebRestoreTreeNode`` item."""
        return {
            "id": self.node_id,
            "path": self.path,
            "filename": self.filename,
            "type": "directory" if self.is_dir else "file",
            "deleted": False,
            "hidden": self.filename.startswith("."),
            "lastModified": iso(self.last_modified),
            "lastModifiedMs": epoch_ms(self.last_modified),
            "lastBackup": iso(self.last_backup),
            "lastBackupMs": epoch_ms(self.last_backup),
            "date": display_date(self.last_backup),
        }


def normalise(path: str) -> str:
    """Forward slashes, ``c:`` as ``C:``, no trailing slash except on a root."""
    path = path.replace("\\", "/")
    if len(path) >= 2 and path[1] == ":":
        path = path[0].upper() + path[1:]
        if path == "C:":
            return WINDOWS_ROOT
    return path if path in (POSIX_ROOT, WINDOWS_ROOT) else path.rstrip("/")


class ArchiveTree:
    """The nodes of one device's backup, by path and by id, with each directory's children."""

    def __init__(self, device_guid: str, root: str, root_date: datetime) -> None:
        self.device_guid = device_guid
        self.root = root
        self._nodes: dict[str, TreeNode] = {}
        self._ids: dict[str, str] = {}
        self._children: dict[str, dict[str, None]] = {}
        self._store(self._node(root, root_date, root_date, None))

    def _node(self, path: str, modified: datetime, backed_up: datetime, content: FileContent | None) -> TreeNode:
        node_id = hashlib.md5(f"{self.device_guid}:{path}".encode(), usedforsecurity=False).hexdigest()
        return TreeNode(node_id, path, modified, backed_up, content)

    def _store(self, node: TreeNode) -> None:
        self._nodes[node.path] = node
        self._ids[node.node_id] = node.path
        if node.is_dir:
            self._children.setdefault(node.path, {})
        if node.path != self.root:
            self._children[self.parent(node.path)][node.path] = None

    def parent(self, path: str) -> str:
        """The directory holding ``path`` (not for the root)."""
        head = path.rsplit("/", 1)[0]
        return head + "/" if head + "/" == self.root else head

    def child_path(self, directory: str, name: str) -> str:
        """The path of ``name`` inside ``directory``."""
        return directory + name if directory == self.root else f"{directory}/{name}"

    def check(self, path: str) -> str:
        """``path`` normalised; ``ValueError`` when it is outside the tree or has an empty component."""
        path = normalise(path)
        if not path.startswith(self.root) or path == self.root:
            raise ValueError(f"{path!r} is not a file path under {self.root!r}")
        if "" in path[len(self.root) :].split("/"):
            raise ValueError(f"{path!r} has an empty path component")
        return path

    def add_dir(self, path: str, modified: datetime, backed_up: datetime) -> TreeNode:
        """The directory at ``path``, created with its missing parents when absent."""
        existing = self._nodes.get(path)
        if existing is not None:
            if not existing.is_dir:
                raise ValueError(f"{path!r} is a file")
            return existing
        if path != self.root:
            self.add_dir(self.parent(path), modified, backed_up)
        node = self._node(path, modified, backed_up, None)
        self._store(node)
        return node

    def add_file(self, path: str, content: FileContent, modified: datetime, backed_up: datetime) -> TreeNode:
        """Store (or replace) the file at ``path``, creating missing directories."""
        existing = self._nodes.get(path)
        if existing is not None and existing.is_dir:
            raise ValueError(f"{path!r} is a directory")
        self.add_dir(self.parent(path), modified, backed_up)
        node = self._node(path, modified, backed_up, content)
        self._store(node)
        return node

    @property
    def root_node(self) -> TreeNode:
        """The root directory's node."""
        return self._nodes[self.root]

    def node(self, path: str) -> TreeNode | None:
        """The node at exactly this path, if any."""
        return self._nodes.get(path)

    def by_id(self, node_id: str) -> TreeNode | None:
        """The node with this id, if any."""
        path = self._ids.get(node_id)
        return None if path is None else self._nodes[path]

    def children(self, directory: TreeNode) -> list[TreeNode]:
        """A directory's entries by name (case-insensitive); a file has none."""
        paths = self._children.get(directory.path, {})
        return sorted((self._nodes[path] for path in paths), key=lambda node: (node.filename.casefold(), node.path))

    def below(self, node: TreeNode) -> Iterator[TreeNode]:
        """``node`` and every node under it, depth first."""
        yield node
        for child in self.children(node):
            yield from self.below(child)

    def files_under(self, node: TreeNode) -> list[TreeNode]:
        """Every file at or under ``node``, by path."""
        return sorted((item for item in self.below(node) if not item.is_dir), key=lambda item: item.path)

    def files(self) -> list[TreeNode]:
        """Every file of the tree, by path."""
        return sorted((node for node in self._nodes.values() if not node.is_dir), key=lambda node: node.path)
