"""The request journal: every request the emulator answered, in arrival order."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request


@dataclass(frozen=True)
class JournalEntry:
    """One request as received, with the status the emulator answered.

    ``applied``: the request reached its handler and the handler answered below 400 (so
    a write took effect), even when an injected fault then kept the answer from the
    client. ``faulted``: an injected fault fired for it. ``status`` is 0 when a fault
    dropped the connection before any response existed.
    """

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    status: int
    applied: bool = False
    faulted: bool = False

    @property
    def params(self) -> dict[str, str]:
        """The query as a dict; for repeated keys the last value wins."""
        return dict(self.query)

    @property
    def json(self) -> Any:
        """The parsed body, or ``None`` when it is empty or not JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @classmethod
    def of(cls, request: Request, body: bytes, status: int, *, applied: bool = False,
           faulted: bool = False) -> JournalEntry:
        """Build an entry from a werkzeug request."""
        query = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        headers = {name.lower(): value for name, value in request.headers.items()}
        return cls(request.method, request.path, query, headers, body, status, applied, faulted)


class Journal:
    """A thread-safe, append-only list of :class:`JournalEntry`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[JournalEntry] = []

    def record(self, entry: JournalEntry) -> None:
        """Append one entry."""
        with self._lock:
            self._entries.append(entry)

    def snapshot(self) -> list[JournalEntry]:
        """A copy of the entries so far."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
