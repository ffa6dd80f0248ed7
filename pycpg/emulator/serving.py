"""The emulator's HTTP request handler.

After every response werkzeug's development server discards unread input with
``rfile.read(10_000_000)``; a buffered reader allocates the full 10 MB for that call
whenever the socket is readable (for example when the client has closed its side).
Tests that measure the process's peak memory while streaming a restore would see that
spike on every request, so huge reads here are served piece by piece instead (the
result is the same: up to ``size`` bytes, fewer only at end of input).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from werkzeug.serving import WSGIRequestHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

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

    def connection_dropped(self, error: BaseException, environ: WSGIEnvironment | None = None) -> None:
        """A dropped connection (the client's, or an injected fault's) serves no further request."""
        self.close_connection = True
