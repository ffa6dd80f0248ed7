"""A minimal https CrashPlan console for the paging benchmarks: device pages made on the fly.

Run: python bench/pageserver.py --fixture FILE --cert CERT --key KEY [--devices N] [--latency S]

It prints ``listening on https://127.0.0.1:PORT`` (flushed), then serves until killed:

  - ``GET /api/v1/Computer?pgNum=&pgSize=``: device ``(pgNum-1)*pgSize`` onwards of a
    tenant of ``--devices`` devices, in the emulator's wire shape (``{"data":
    {"totalCount", "computers"}}``). Device ``i`` is the fixture's device ``i % len``
    with ``computerId``/``guid`` made unique from ``i``: deterministic, built per
    request from pre-encoded parts (about a millisecond a page), so a million devices
    cost no memory and the server's own time stays small next to the latency;
  - any other path the fixture holds (sign-in, ``/api/v1/User/my``): that body;
  - anything else: 404.

Every answer is sent after ``--latency`` seconds (requests in parallel wait in
parallel). Why not the emulator itself: generating 100,000 devices takes it about
35 s, a million several minutes and gigabytes, and rendering a page about 170 ms of
CPU, which on a shared machine would be measured as the client's time. The fixture
is recorded from the emulator by bench/run.py, so the shapes are the emulator's.
HTTP/1.1 with keep-alive, as the SDKs expect.
"""

from __future__ import annotations

import argparse
import json
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_ID = "@@pycpg-bench-id@@"
_GUID = "@@pycpg-bench-guid@@"
#: The first device id; guids are this plus 10**17 (18 digits, as the emulator's).
_FIRST_ID = 1_000_000


class DevicePages:
    """Encodes device pages of a tenant of ``devices`` devices from template devices."""

    def __init__(self, templates: list[dict[str, Any]], devices: int) -> None:
        if not templates:
            raise ValueError("the fixture holds no device")
        self.devices = devices
        self._parts: list[tuple[bytes, bytes, bytes]] = []
        for template in templates:
            text = json.dumps({**template, "computerId": _ID, "guid": _GUID})
            head, rest = text.split(json.dumps(_ID), 1)
            middle, tail = rest.split(json.dumps(_GUID), 1)
            self._parts.append((head.encode(), middle.encode(), tail.encode()))

    def page(self, number: int, size: int) -> bytes:
        first = max(number - 1, 0) * size
        items = []
        parts, count = self._parts, len(self._parts)
        for index in range(first, min(first + size, self.devices)):
            head, middle, tail = parts[index % count]
            ident = _FIRST_ID + index
            items.append(b"%s%d%s\"%d\"%s" % (head, ident, middle, ident + 10**17, tail))
        return b'{"data": {"totalCount": %d, "computers": [%s]}}' % (self.devices, b", ".join(items))


def make_handler(pages: DevicePages, bodies: dict[str, bytes], latency: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm
        # and the client's delayed ACK hold the body back 40 ms on every keep-alive answer.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            url = urlsplit(self.path)
            if url.path == "/api/v1/Computer":
                query = parse_qs(url.query)
                body = pages.page(int(query.get("pgNum", ["1"])[0]), int(query.get("pgSize", ["500"])[0]))
                status = 200
            elif url.path in bodies:
                body, status = bodies[url.path], 200
            else:
                body, status = b'[{"name":"NOT_FOUND","description":"not served by the bench"}]', 404
            if latency:
                time.sleep(latency)
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the http.server name)
            pass

    return Handler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixture", required=True, help="JSON: {'bodies': {path: text}, 'devices': [device, ...]}")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args()

    with open(args.fixture, encoding="utf-8") as handle:
        fixture = json.load(handle)
    pages = DevicePages(fixture["devices"], args.devices)
    bodies = {path: text.encode() for path, text in fixture["bodies"].items()}
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(pages, bodies, args.latency))
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on https://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
