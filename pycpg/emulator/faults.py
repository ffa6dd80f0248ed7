"""Fault injection: make chosen requests fail, stall, drop or truncate on purpose.

A :class:`FaultPlan` (``Emulator.faults``) holds :class:`Fault` rules. For each request
the app asks the plan for the first rule, in insertion order, whose path and method match
and whose call index is selected; that rule then shapes the exchange::

    emu.faults.add(Fault(path="/api/v1/User", method="POST", calls={1}, drop="after"))
    emu.faults.add(Fault(path="^/api/v1/Computer", status=503, retry_after="2", times=2))

Every rule counts the requests that match its path and method (:attr:`Fault.matched`,
whether or not an earlier rule took the request); ``calls`` selects among those
1-based indexes, ``times`` caps how often the rule fires; :attr:`Fault.hits` counts
how often it did.

What a fired rule does, in this order:

1. ``expire_tokens``: every bearer token is invalidated (the request itself then
   answers 401 when its route needs a token);
2. ``drop="before"``: after ``latency``, the connection is closed without running the
   handler or answering (journal status 0, ``applied`` False);
3. ``status`` and/or ``body``: that response replaces the handler's (which does not run);
   ``status`` alone carries a v1 ``SYSTEM`` error body, ``body`` alone answers 200;
4. otherwise the handler runs as usual;
5. ``retry_after`` becomes the ``Retry-After`` header of whatever response is sent;
6. the exchange is journaled, then the server sleeps ``latency`` seconds;
7. ``drop="after"``: the connection is closed without answering (the handler acted);
   ``truncate=n``: the headers (with the full ``Content-Length``) and only the first
   ``n`` body bytes are sent, then the connection is closed.

Dropping and truncating need the HTTP server (they act on the request's socket, which
werkzeug's server puts in ``environ["werkzeug.socket"]``); through the bare WSGI app a
drop raises :class:`ConnectionAbortedError` and a truncation just ends the body early.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

DROP_BEFORE = "before"
DROP_AFTER = "after"
DROP_MODES = (DROP_BEFORE, DROP_AFTER)

#: The environ key under which werkzeug's development server passes the connection's socket.
SOCKET_KEY = "werkzeug.socket"


class DroppedConnection(ConnectionAbortedError):
    """Raised into the server after a fault closed the connection; the server ignores it quietly."""


def path_matcher(path: str | None) -> re.Pattern[str] | None:
    """The compiled regex of a ``^``-prefixed path; ``None`` for exact paths and wildcards."""
    return re.compile(path) if path is not None and path.startswith("^") else None


def path_matches(path: str | None, pattern: re.Pattern[str] | None, actual: str) -> bool:
    """Whether ``actual`` fits ``path`` (``None``: any; ``^...``: regex; else exact)."""
    if path is None:
        return True
    if pattern is not None:
        return pattern.match(actual) is not None
    return path == actual


@dataclass(eq=False)
class Fault:
    """One injected fault; see the module docs for what each field does."""

    path: str | None = None
    method: str | None = None
    calls: Collection[int] | None = None
    times: int | None = None
    status: int | None = None
    retry_after: str | None = None
    latency: float = 0.0
    drop: str | None = None
    truncate: int | None = None
    body: bytes | None = None
    expire_tokens: bool = False
    hits: int = 0
    #: How many requests matched ``path`` and ``method`` so far (fired or not).
    matched: int = field(default=0, init=False)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.drop is not None and self.drop not in DROP_MODES:
            raise ValueError(f"drop must be one of {DROP_MODES} or None, not {self.drop!r}")
        if self.drop is not None and (self.truncate is not None or self.status is not None or self.body is not None):
            raise ValueError("drop cannot be combined with truncate, status or body")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status code, not {self.status}")
        if self.truncate is not None and self.truncate < 0:
            raise ValueError("truncate must be >= 0")
        if self.times is not None and self.times < 0:
            raise ValueError("times must be >= 0")
        if self.latency < 0:
            raise ValueError("latency must be >= 0")
        if self.calls is not None:
            self.calls = frozenset(self.calls)
            if any(index < 1 for index in self.calls):
                raise ValueError("calls are 1-based indexes")
        if self.method is not None:
            self.method = self.method.upper()
        self._pattern = path_matcher(self.path)

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with this method and path is one this fault watches."""
        return (self.method is None or self.method == method.upper()) and path_matches(self.path, self._pattern, path)

    def _selects(self, index: int) -> bool:
        """Whether the ``index``-th matching request (1-based) should fire this fault."""
        if self.calls is not None and index not in self.calls:
            return False
        return self.times is None or self.hits < self.times


class FaultPlan:
    """The thread-safe, ordered list of faults of one emulator."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Append ``fault`` (checked after those added before); returns it, to read its counters later."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        """Stop applying ``fault``; a no-op when it is not in the plan."""
        with self._lock:
            self._faults = [kept for kept in self._faults if kept is not fault]

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)

    def snapshot(self) -> list[Fault]:
        """The faults in checking order."""
        with self._lock:
            return list(self._faults)

    def select(self, method: str, path: str) -> Fault | None:
        """Count the request against every matching fault; the first selected one fires (``hits`` + 1)."""
        chosen: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                fault.matched += 1
                if chosen is None and fault._selects(fault.matched):
                    chosen = fault
            if chosen is not None:
                chosen.hits += 1
        return chosen


def drop_connection(environ: dict[str, Any], *, close: bool = True) -> DroppedConnection:
    """Shut down (and close) the request's socket; returns the exception to raise into the server.

    ``shutdown`` is what the client notices: it reads end-of-stream where it expected
    the status line or the rest of the body. ``close`` only releases this socket object:
    the server's buffered reader still references it, so the descriptor itself closes
    when the handler finishes. Truncation does not close, because the server still
    drains the (now ended) input after the body was cut.
    """
    sock = environ.get(SOCKET_KEY)
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # the client went away first
            pass
        if close:
            sock.close()
    return DroppedConnection("connection dropped by an injected fault")


def truncated_body(chunks: Iterable[bytes], length: int, environ: dict[str, Any]) -> Iterator[bytes]:
    """The first ``length`` bytes of the body ``chunks``, then a dropped connection (with a server).

    An empty first piece makes the server send the headers whatever ``length`` is.
    """
    remaining = length
    try:
        yield b""
        for piece in chunks:
            if remaining <= 0:
                break
            part = piece[:remaining]
            remaining -= len(part)
            yield part
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    if isinstance(environ.get(SOCKET_KEY), socket.socket):
        raise drop_connection(environ, close=False)
