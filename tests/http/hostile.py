"""Small hostile servers on loopback, written with standard-library sockets.

Each server runs ``handler(conn)`` for every accepted connection in its own thread
and stops by itself: handlers loop for a bounded time, and the server closes its
listening socket when the ``with`` block ends.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

Handler = Callable[[socket.socket], None]


@dataclass
class Server:
    """A listening server: its URL, and what it received."""

    url: str
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    sent: int = 0  # body bytes a handler reports having sent


@contextmanager
def serve(handler: Callable[[socket.socket, Server], None], *, tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    """Run a server on 127.0.0.1 whose connections are handled by ``handler(conn, server)``."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    server = Server(f"{'https' if tls else 'http'}://127.0.0.1:{port}")
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def run(conn: socket.socket) -> None:
        try:
            if tls is not None:
                conn = tls.wrap_socket(conn, server_side=True)
            handler(conn, server)
        except (OSError, ssl.SSLError):
            pass  # the client went away: that is how most of these end
        finally:
            conn.close()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            server.connections += 1
            thread = threading.Thread(target=run, args=(conn,), daemon=True)
            threads.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield server
    finally:
        stop.set()
        acceptor.join(2)
        listener.close()


def read_request(conn: socket.socket, server: Server | None = None, *, limit: float = 5.0) -> bytes:
    """Read one request's head and its Content-Length body; record it on ``server``."""
    conn.settimeout(limit)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    request = head + b"\r\n\r\n" + body
    if server is not None:
        server.requests.append(request)
    return request


def respond(conn: socket.socket, status: str, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    """Send a whole response with a Content-Length."""
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def trickle(conn: socket.socket, data: bytes, interval: float, *, for_at_most: float = 10.0) -> None:
    """Send ``data`` one byte every ``interval`` seconds (for a bounded time)."""
    ends = time.monotonic() + for_at_most
    for byte in data:
        if time.monotonic() > ends:
            return
        conn.sendall(bytes([byte]))
        time.sleep(interval)


def self_signed_context(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 with a fresh self-signed certificate, and the certificate's path."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert
