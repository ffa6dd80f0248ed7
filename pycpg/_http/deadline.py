"""Whole-call deadlines: no server can hold a call longer than its time limit.

``requests`` applies its read timeout to each socket read, so a server that sends
one byte a second (in the headers or in the body) holds a call for as long as it
likes. Here each attempt gets a :class:`Deadline`; the sockets it uses are
attached to it (by the connection classes below, which the transport mounts),
and one watchdog thread shuts those sockets down when the deadline passes. The
blocked read then ends at once, and the transport reports a read timeout.

The watchdog shuts down only a socket still attached to the expired deadline: a
connection handed back to the pool and reused by another call is attached to
that call's deadline first, under the same lock, so a late firing never cuts
someone else's request.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["Deadline", "current_deadline", "POOL_CLASSES"]

#: The deadline of the attempt being sent in this thread or task, if any.
current_deadline: ContextVar[Deadline | None] = ContextVar("pycpg_deadline", default=None)

_lock = threading.Lock()  # guards every Deadline's socket and every socket's owner


class Deadline:
    """The moment one attempt must be over by.

    Start it with :meth:`start`; attach the sockets the attempt uses with
    :meth:`attach`; call :meth:`finish` when the attempt no longer reads from
    them (a streamed body, for instance, then reads at its own pace).
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self.expires_at = clock() + seconds
        self.expired = False
        self.finished = False
        self._socket: socket.socket | None = None

    def remaining(self) -> float:
        """Seconds left, never below a small positive floor (a socket timeout of 0 means non-blocking)."""
        return max(self.expires_at - self._clock(), 0.001)

    def start(self) -> None:
        """Arm the watchdog for this deadline."""
        _watchdog.schedule(self)

    def attach(self, sock: Any) -> None:
        """Make ``sock`` the socket this attempt is reading from."""
        if not isinstance(sock, socket.socket):
            return  # e.g. TLS-in-TLS through an https proxy: bounded by the socket timeouts only
        with _lock:
            if self.finished:
                return
            _owners[sock] = self
            self._socket = sock
            if self.expired:
                _shutdown(sock)

    def finish(self) -> None:
        """The attempt is over (or reads at its own pace from now on): never fire."""
        with _lock:
            self.finished = True
            sock = self._socket
            if sock is not None and _owners.get(sock) is self:
                del _owners[sock]
            self._socket = None
        _watchdog.forget()

    def _fire(self) -> None:
        with _lock:
            if self.finished:
                return
            self.expired = True
            sock = self._socket
            if sock is not None and _owners.get(sock) is self:
                _shutdown(sock)


# Which deadline currently owns each socket; an entry lives only while its attempt does.
_owners: dict[socket.socket, Deadline] = {}


def _shutdown(sock: socket.socket) -> None:
    try:
        # The plain socket's shutdown, not SSLSocket's, which would also drop the
        # TLS state under the reading thread's feet. A blocked read then sees EOF.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Watchdog:
    """One daemon thread that fires deadlines in time order."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._counter = itertools.count()
        self._thread: threading.Thread | None = None
        self._finished = 0

    def schedule(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.expires_at, next(self._counter), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="pycpg-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is deadline:
                self._cond.notify()

    def forget(self) -> None:
        """Count one finished deadline; drop finished entries when they are most of the heap."""
        with self._cond:
            self._finished += 1
            if self._finished > 64 and self._finished * 2 > len(self._heap):
                self._heap = [entry for entry in self._heap if not entry[2].finished]
                heapq.heapify(self._heap)
                self._finished = 0

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][2].finished:
                    heapq.heappop(self._heap)
                    self._finished = max(self._finished - 1, 0)
                if not self._heap:
                    self._cond.wait()
                    continue
                expires_at, _, deadline = self._heap[0]
                wait = expires_at - deadline._clock()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            deadline._fire()


_watchdog = _Watchdog()


def _attach_current(sock: Any) -> None:
    deadline = current_deadline.get()
    if deadline is not None and sock is not None:
        deadline.attach(sock)


class _DeadlineHTTPConnection(HTTPConnection):
    """An HTTP connection whose sockets belong to the current call's deadline."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach_current(sock)  # before any TLS handshake: a stalled handshake is cut too
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:  # a reused connection
        _attach_current(self.sock)
        super().request(*args, **kwargs)


class _DeadlineHTTPSConnection(HTTPSConnection):
    """The HTTPS twin of :class:`_DeadlineHTTPConnection`."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _attach_current(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _attach_current(self.sock)
        super().request(*args, **kwargs)


class _DeadlineHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


#: Pool classes for ``PoolManager.pool_classes_by_scheme``.
POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {
    "http": _DeadlineHTTPConnectionPool,
    "https": _DeadlineHTTPSConnectionPool,
}
