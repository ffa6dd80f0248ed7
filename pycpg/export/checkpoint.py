"""Checkpoints of incremental exports: where a run got to, and what it already delivered.

A :class:`Checkpoint` holds a ``cursor`` (every event older than ``cursor - overlap``
has been delivered for good), the keys of the events delivered at or after
``cursor - overlap`` (so that re-reading that window drops them), the query the
checkpoint belongs to, and a small ``state`` mapping that a sink may use (the
JSON Lines export records its file's length there).

A store is anything with ``load(name)`` and ``save(name, checkpoint)``
(:class:`CheckpointStore`). :class:`FileCheckpointStore` keeps one JSON file per
name in a folder and replaces it atomically, so a run killed at any moment leaves
either the old checkpoint or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pycpg.exceptions import PycpgError
from pycpg.export._files import opened

__all__ = ["Checkpoint", "CheckpointStore", "FileCheckpointStore", "MemoryCheckpointStore"]

_FORMAT = 1
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


@dataclass(frozen=True)
class Checkpoint:
    """Where an incremental export stands.

    Attributes:
        cursor: Aware UTC time the export has read up to.
        seen: Key -> event time of the events delivered at or after
            ``cursor - overlap`` (audit-log events: a digest of the event; legal-hold
            events: ``eventUid``).
        query: What was exported (kind and filters); a run with another query
            refuses the checkpoint instead of skipping or repeating events.
        state: JSON-ready values a sink keeps with the checkpoint.
    """

    cursor: datetime
    seen: Mapping[str, datetime] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    state: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The checkpoint as JSON text (times as ISO 8601 UTC)."""
        return json.dumps({
            "format": _FORMAT,
            "cursor": _text(self.cursor),
            "seen": {key: _text(moment) for key, moment in self.seen.items()},
            "query": dict(self.query),
            "state": dict(self.state),
        }, sort_keys=True, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Read :meth:`to_json`'s text.

        Raises:
            ValueError: the text is not a checkpoint of this format.
        """
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ValueError("not a pycpg checkpoint (format 1)")
        seen, query, state = data.get("seen"), data.get("query"), data.get("state")
        if not isinstance(seen, dict) or not isinstance(query, dict) or not isinstance(state, dict):
            raise ValueError("a checkpoint's seen, query and state must be objects")
        return cls(_time(data.get("cursor")), {str(key): _time(value) for key, value in seen.items()}, query, state)


def _text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"a checkpoint time must be ISO 8601 text, not {value!r}")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"a checkpoint time must carry its offset: {value!r}")
    return moment.astimezone(UTC)


class CheckpointStore(Protocol):
    """Loads and saves checkpoints by name."""

    def load(self, name: str) -> Checkpoint | None:
        """The checkpoint saved under ``name``, or ``None`` before the first save."""
        ...

    def save(self, name: str, checkpoint: Checkpoint) -> None:
        """Replace the checkpoint of ``name``; when this returns, the new one is kept for good."""
        ...


class MemoryCheckpointStore:
    """Checkpoints in a dict: for tests and for one process that runs several exports."""

    def __init__(self) -> None:
        self.checkpoints: dict[str, Checkpoint] = {}

    def load(self, name: str) -> Checkpoint | None:
        """The checkpoint of ``name``, if any."""
        return self.checkpoints.get(name)

    def save(self, name: str, checkpoint: Checkpoint) -> None:
        """Keep ``checkpoint`` as ``name``'s."""
        self.checkpoints[name] = checkpoint


class FileCheckpointStore:
    """One ``<name>.json`` per checkpoint in ``folder`` (created when needed).

    Names are 1 to 200 letters, digits, ``.``, ``_`` or ``-``, starting with a
    letter or digit (no path can be smuggled in). A save writes a temporary file
    in the folder (owner-only permissions), flushes it to disk and renames it over
    the old one.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def path(self, name: str) -> Path:
        """The file of ``name``.

        Raises:
            ValueError: ``name`` is not a valid checkpoint name.
        """
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ValueError(
                f"Invalid checkpoint name {name!r}: use 1-200 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit."
            )
        return self.folder / f"{name}.json"

    def load(self, name: str) -> Checkpoint | None:
        """The checkpoint of ``name``, or ``None`` when it has none yet.

        Raises:
            PycpgError: the file exists but is not a checkpoint (a damaged checkpoint
                is not treated as absent: starting over would deliver events twice).
        """
        path = self.path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return Checkpoint.from_json(text)
        except ValueError as error:
            raise PycpgError(f"Checkpoint file {path} is damaged ({error}); fix or remove it.") from error

    def save(self, name: str, checkpoint: Checkpoint) -> None:
        """Write ``checkpoint`` atomically (temporary file, fsync, rename), as the export writers do."""
        path = self.path(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        with opened(path) as out:
            out.write(checkpoint.to_json())
