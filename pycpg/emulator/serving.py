"""Serving: the request handler, one serve loop for all origins, and the origins themselves.

The console is served at the root of one port; every service the console names (the
key-value store, the audit-log search, each storage node, each connected server) is
served at the root of its OWN port, so clients that join absolute paths onto a host
(dropping any path prefix, as pycpg 1.0 does) reach it. Inside, every origin runs the
same WSGI application: a service origin prefixes the request path with the service's
path prefix (``/storage/<node>`` ...), so routing, faults and the journal see one path
space, and the old prefix routes keep working on the console's port.

The request handler reads requests through a capped reader: after every response werkzeug's development server discards unread input with
``rfile.read(10_000_000)``; a buffered reader allocates the full 10 MB for that call
whenever the socket is readable (for example when the client has closed its side).
Tests that measure the process's peak memory while streaming a restore would see that
spike on every request, so huge reads here are served piece by piece instead (the
result is the same: up to ``size`` bytes, fewer only at end of input).
"""

from __future__ import annotations

import io
import logging
import selectors
import socket
import ssl
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

_log = logging.getLogger(__name__)

#: How long a TLS client may take to finish its handshake.
HANDSHAKE_TIMEOUT = 30.0

#: Reads asking for more than this are served in pieces of at most :data:`_PIECE` bytes.
_HUGE_READ = 1024 * 1024
_PIECE = 64 * 1024


class _CappedReader(io.BufferedReader):
    """A buffered reader that serves huge reads piece by piece (same result, no up-front buffer)."""

    def read(self, size: int | None = -1, /) -> bytes:
        if size is None or size <= _HUGE_READ:
            return super().read(size)
        parts: list[bytes] = []
        while size > 0 and (part := self.read1(min(size, _PIECE))):
            parts.append(part)
            size -= len(part)
        return b"".join(parts)


class RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, reading the request through a :class:`_CappedReader`."""

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the socket stays open: a second unbuffered file object reads from it
        self.rfile = _CappedReader(self.connection.makefile("rb", buffering=0))

    def handle(self) -> None:
        """Finish the TLS handshake here, in the connection's own thread, then serve.

        Listening sockets do not shake hands on accept, so a slow or refusing client
        never holds up the serve loop; a client that rejects the certificate just goes.
        """
        if isinstance(self.connection, ssl.SSLSocket):
            timeout = self.connection.gettimeout()
            try:
                self.connection.settimeout(HANDSHAKE_TIMEOUT)
                self.connection.do_handshake()
                self.connection.settimeout(timeout)
            except (OSError, ValueError):
                self.close_connection = True
                return
        super().handle()

    def connection_dropped(self, error: BaseException, environ: WSGIEnvironment | None = None) -> None:
        """A dropped connection (the client's, or an injected fault's) serves no further request."""
        self.close_connection = True


class ServeLoop:
    """One thread accepting connections for any number of servers (each request then gets its own thread).

    Adding a server or stopping wakes the loop at once; otherwise it wakes every
    ``poll_interval`` seconds.
    """

    def __init__(self, poll_interval: float, name: str) -> None:
        self.poll_interval = poll_interval
        self._lock = threading.Lock()
        self._servers: list[BaseWSGIServer] = []
        self._stopping = threading.Event()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_write.setblocking(False)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def add(self, server: BaseWSGIServer) -> None:
        """Serve ``server`` too (it is closed by :meth:`stop`)."""
        server.timeout = 0  # handle_request() accepts the one ready connection and returns
        with self._lock:
            if self._stopping.is_set():
                server.server_close()
                raise RuntimeError("the emulator is stopping")
            self._servers.append(server)
            self._wake()

    def start(self) -> None:
        """Start the loop's thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, wait for the loop's thread, close every server."""
        with self._lock:
            self._stopping.set()
            self._wake()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            servers, self._servers = self._servers, []
        for server in servers:
            server.server_close()
        self._wake_read.close()
        self._wake_write.close()

    def _wake(self) -> None:
        try:
            self._wake_write.send(b"\0")
        except OSError:  # pragma: no cover - the buffer is full: the loop is awake anyway
            pass

    def _run(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_read, selectors.EVENT_READ, None)
            watched = 0
            while not self._stopping.is_set():
                with self._lock:
                    added = self._servers[watched:]
                for server in added:
                    selector.register(server, selectors.EVENT_READ, server)
                watched += len(added)
                for key, _ in selector.select(self.poll_interval):
                    if self._stopping.is_set():
                        break
                    if key.data is None:
                        self._wake_read.recv(4096)
                    else:
                        self._accept(key.data)

    @staticmethod
    def _accept(server: BaseWSGIServer) -> None:
        """Accept one connection (served in a thread of its own); nothing stops the loop."""
        try:
            server.handle_request()
        except Exception:  # pragma: no cover - socketserver handles its own errors
            _log.exception("emulator: accepting a connection on port %s failed", server.server_port)


class PrefixedApp:
    """A service origin: requests reach ``app`` under the service's path ``prefix``.

    A path that already starts with the prefix (a client that kept the prefix of a
    URL the console named) is passed as it is.
    """

    def __init__(self, app: WSGIApplication, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "")
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            environ["PATH_INFO"] = self.prefix + path
        return self.app(environ, start_response)


class Origins:
    """The console's server and the service origins, bound on demand, all on one serve loop."""

    def __init__(self, host: str, app: WSGIApplication, handler: type[WSGIRequestHandler],
                 tls: ssl.SSLContext | None, loop: ServeLoop) -> None:
        self.host = host
        self.app = app
        self.handler = handler
        self.tls = tls
        self.loop = loop
        self._lock = threading.Lock()
        self._services: dict[str, BaseWSGIServer] = {}

    @property
    def scheme(self) -> str:
        """``https`` when serving TLS, ``http`` otherwise."""
        return "http" if self.tls is None else "https"

    def bind(self, port: int, app: WSGIApplication | None = None) -> BaseWSGIServer:
        """A server for ``app`` (the console's by default) on ``port`` (0: any free one), being served."""
        server = make_server(self.host, port, app or self.app, threaded=True, request_handler=self.handler)
        if self.tls is not None:
            # Shake hands in the connection's thread (RequestHandler.handle), not in accept.
            server.socket = self.tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
            server.ssl_context = self.tls
        self.loop.add(server)
        return server

    def url(self, server: BaseWSGIServer) -> str:
        """The base URL of ``server``, e.g. ``https://127.0.0.1:54321``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{server.server_port}"

    def service(self, prefix: str) -> str:
        """The base URL of the service served under ``prefix``, bound at its first use."""
        with self._lock:
            server = self._services.get(prefix)
            if server is None:
                server = self._services[prefix] = self.bind(0, PrefixedApp(self.app, prefix))
        return self.url(server)

    def services(self) -> dict[str, str]:
        """Path prefix → base URL of every service origin bound so far."""
        with self._lock:
            bound = dict(self._services)
        return {prefix: self.url(server) for prefix, server in bound.items()}
