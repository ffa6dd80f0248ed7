"""Reading a whole response body without letting the server choose how much memory it takes.

``requests`` reads a body into memory however large it is, and inflates a
compressed one however far it inflates. Here the raw bytes are read in chunks and
decompressed a bounded piece at a time; as soon as the decoded size passes the
client's limit the connection is dropped and the caller gets an error, so the
memory spent is about the limit, never the size the server announces or sends.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from pycpg.response import StreamCut, StreamReadTimeout

__all__ = ["BodyTooLarge", "read_body", "ACCEPT_ENCODING"]

#: The encodings the transport asks for: the ones :func:`read_body` decodes.
ACCEPT_ENCODING = "gzip, deflate"

_CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    """The body passed the limit (the connection has been closed)."""


def read_body(response: requests.Response, limit: int) -> bytes:
    """Read the rest of a streamed ``response``'s body, decoded, refusing more than ``limit`` bytes.

    Raises:
        BodyTooLarge: ``Content-Length`` or the decoded size is over ``limit``.
        requests.RequestException: the body could not be read (as ``requests``
            itself would raise: ``ChunkedEncodingError``, ``ContentDecodingError``,
            ``ReadTimeout``, ``SSLError``).
    """
    announced = _content_length(response)
    if announced is not None and announced > limit:
        response.close()
        raise BodyTooLarge
    pieces: list[bytes] = []
    size = 0
    try:
        for piece in _decoded(_raw_chunks(response), response.headers.get("Content-Encoding", "")):
            size += len(piece)
            if size > limit:
                response.close()
                raise BodyTooLarge
            pieces.append(piece)
    except (ProtocolError, DecodeError, ReadTimeoutError, SSLError, zlib.error, OSError) as exc:
        response.close()
        raise _as_requests_error(exc, response) from exc
    return b"".join(pieces)


def _content_length(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Length", "")
    try:
        return int(value.split(",")[0].strip())
    except ValueError:
        return None


def _raw_chunks(response: requests.Response) -> Iterator[bytes]:
    yield from response.raw.stream(_CHUNK, decode_content=False)


def _decoded(chunks: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """``chunks`` with every content coding undone, outermost first.

    A coding this module does not know leaves the body as it is (as ``urllib3``
    does): the caller then sees the encoded bytes.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if any(c not in ("gzip", "x-gzip", "deflate") for c in codings):
        yield from chunks
        return
    for coding in reversed(codings):
        chunks = _inflate(chunks, gzip=coding != "deflate")
    yield from chunks


def _inflate(chunks: Iterable[bytes], *, gzip: bool) -> Iterator[bytes]:
    """Decompress gzip (every member) or deflate (zlib-wrapped or raw) in pieces of at most 64 KiB.

    As ``urllib3`` does, bytes after the end of the stream that do not start a
    valid gzip member are ignored.
    """
    wbits = 16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS
    decoder = zlib.decompressobj(wbits)
    started = False  # whether the first stream has been accepted
    later_member = False  # decoding a gzip member after the first
    done = False
    for chunk in chunks:
        data = chunk
        while data and not done:
            try:
                out = decoder.decompress(data, _CHUNK)
            except zlib.error:
                if later_member:
                    done = True  # garbage after the last member
                    break
                if gzip or started:
                    raise
                # Some servers send raw deflate without the zlib wrapper.
                wbits, decoder, started = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS), True
                continue
            started = True
            if out:
                yield out
            if decoder.eof:
                data = decoder.unused_data
                if not gzip or not data.strip(b"\0"):
                    done = True  # padding after the stream
                    break
                decoder, later_member = zlib.decompressobj(wbits), True  # the next gzip member
            else:
                data = decoder.unconsumed_tail
    if not done:
        tail = decoder.flush()
        if tail:
            yield tail


def _as_requests_error(exc: BaseException, response: requests.Response) -> requests.RequestException:
    """The exception ``requests`` raises for a failure while reading a body, made more precise.

    A stall is a ``ReadTimeout`` that is still the ``requests.ConnectionError``
    ``requests`` raises there; a cut body is a ``ChunkedEncodingError`` that is
    also a ``requests.ConnectionError`` (as for streamed bodies, see
    :mod:`pycpg.response`).
    """
    request = response.request
    if isinstance(exc, ReadTimeoutError):
        return StreamReadTimeout(exc, request=request, response=response)
    if isinstance(exc, SSLError):
        return requests.exceptions.SSLError(exc, request=request, response=response)
    if isinstance(exc, (DecodeError, zlib.error)):
        return requests.exceptions.ContentDecodingError(exc, request=request, response=response)
    return StreamCut(exc, request=request, response=response)
