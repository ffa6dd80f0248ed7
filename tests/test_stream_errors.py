"""Reading a streamed body (a restore download) fails only with PycpgError subclasses.

The servers are plain sockets on 127.0.0.1 that send a 200 and part of a body, then
cut the connection or stop sending. The streamed PycpgResponse comes from the SDK's
own transport (``StorageArchiveService.stream_restore_result``), so the errors are
the ones a restore download meets.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests

from pycpg._http import ClientConfig, Connection, Transport
from pycpg.exceptions import (
    PycpgConnectionError,
    PycpgError,
    PycpgReadTimeoutError,
    PycpgStreamConsumedError,
    PycpgTimeoutError,
    PycpgTransportError,
)
from pycpg.response import PycpgResponse
from pycpg.services.storage.archive import StorageArchiveService
from tests.http.hostile import Server, read_request
from tests.http.hostile import serve as serve_connections

Script = Callable[[socket.socket], None]

PART = b"0123456789"


@contextmanager
def serve(script: Script) -> Iterator[str]:
    """A server that reads one request per connection and runs ``script`` to answer it."""

    def handler(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        script(conn)

    with serve_connections(handler) as server:
        yield server.url


def short_body(conn: socket.socket) -> None:
    """Promises a megabyte, sends ten bytes, hangs up."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Length: 1000000\r\n\r\n" + PART
    )
    time.sleep(0.1)
    conn.shutdown(socket.SHUT_RDWR)


def cut_chunk(conn: socket.socket) -> None:
    """Chunked encoding: one whole chunk, then half of a 256-byte chunk, then hangs up."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
        b"a\r\n" + PART + b"\r\n" + b"100\r\n" + b"x" * 100
    )
    time.sleep(0.1)
    conn.shutdown(socket.SHUT_RDWR)


def stall(conn: socket.socket) -> None:
    """Sends ten bytes of a megabyte, then nothing (longer than the client's read timeout)."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Length: 1000000\r\n\r\n" + PART
    )
    time.sleep(3)


def download(url: str, **options: Any) -> PycpgResponse[Any]:
    """The streamed restore result, through the SDK's transport and connection."""
    config = ClientConfig.from_settings(url, max_retries=0, **options)
    service = StorageArchiveService(Connection(Transport(config)))
    response = service.stream_restore_result("job-1")
    assert repr(response) == "<PycpgResponse [status=200, data='<streamed>']>"  # nothing read yet
    return response


def _is_chunked_encoding_error(error: BaseException | None) -> bool:
    return isinstance(error, requests.exceptions.ChunkedEncodingError)


@pytest.mark.parametrize("script", [short_body, cut_chunk], ids=["content-length", "chunked"])
def test_a_body_cut_mid_stream_raises_a_pycpg_connection_error_from_iter_content(script: Script) -> None:
    with serve(script) as url:
        response = download(url)
        chunks = response.iter_content(chunk_size=4)
        received = b""
        with pytest.raises(PycpgConnectionError) as info:
            for chunk in chunks:
                received += chunk

    error = info.value
    # What arrived was handed over first (urllib3 may keep back a last partial chunk).
    assert received[:4] == PART[:4] and (PART + b"x" * 100).startswith(received)
    # Still the class requests raises today, and still a RequestException.
    assert _is_chunked_encoding_error(error)
    assert isinstance(error, PycpgTransportError) and isinstance(error, requests.RequestException)
    assert _is_chunked_encoding_error(error.__cause__) and not isinstance(error.__cause__, PycpgError)
    assert error.method == "GET" and error.url is not None and "/WebRestoreJobResult/job-1" in error.url


@pytest.mark.parametrize("script", [short_body, cut_chunk], ids=["content-length", "chunked"])
@pytest.mark.parametrize("read", ["content", "raw_text", "text", "data", "model"])
def test_reading_a_cut_body_whole_raises_a_pycpg_connection_error(script: Script, read: str) -> None:
    with serve(script) as url:
        response = download(url)
        with pytest.raises(PycpgConnectionError) as info:
            response.model() if read == "model" else getattr(response, read)
    assert _is_chunked_encoding_error(info.value)
    # A second read does not pass off a truncated body as the whole one.
    with pytest.raises(PycpgConnectionError):
        _ = response.content
    assert "<streamed>" in repr(response)  # and repr still does not raise


def test_a_stalled_stream_raises_a_pycpg_read_timeout() -> None:
    with serve(stall) as url:
        response = download(url, timeout=(2, 1))
        started = time.monotonic()
        chunks = response.iter_content(chunk_size=len(PART))
        received = b""
        with pytest.raises(PycpgReadTimeoutError) as info:
            for chunk in chunks:
                received += chunk
        waited = time.monotonic() - started

    error = info.value
    assert received == PART
    assert waited < 2.5  # the 1-second read timeout, not the server's 3-second stall
    # requests raises ConnectionError for this today; the error stays one, and is
    # also a ReadTimeout and pycpg's timeout classes.
    assert isinstance(error, requests.ConnectionError)
    assert isinstance(error, requests.ReadTimeout) and isinstance(error, requests.Timeout)
    assert isinstance(error, PycpgTimeoutError) and isinstance(error, PycpgTransportError)
    assert isinstance(error.__cause__, requests.ConnectionError) and not isinstance(error.__cause__, PycpgError)
    assert "stopped sending the body of GET" in str(error)


def test_a_stalled_stream_read_whole_raises_a_pycpg_read_timeout() -> None:
    with serve(stall) as url:
        response = download(url, timeout=(2, 1))
        with pytest.raises(PycpgReadTimeoutError):
            _ = response.content


def test_a_complete_stream_still_reads_as_before() -> None:
    body = b"restored file contents\n" * 1000

    def whole(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    with serve(whole) as url:
        response = download(url)
        assert b"".join(response.iter_content(chunk_size=1000)) == body


def test_reading_a_consumed_stream_again_raises_a_pycpg_error_that_is_a_runtime_error() -> None:
    def whole(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + PART)

    with serve(whole) as url:
        response = download(url)
        assert b"".join(response.iter_content(chunk_size=4)) == PART
        for read in (lambda: response.content, lambda: list(response.iter_content())):
            with pytest.raises(PycpgStreamConsumedError) as info:
                read()
            assert isinstance(info.value, RuntimeError)
            assert isinstance(info.value, requests.exceptions.StreamConsumedError)
    assert repr(response) == "<PycpgResponse [status=200, data='<streamed>']>"
