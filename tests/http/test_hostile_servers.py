"""The transport against servers that redirect, trickle, stall, never answer or send too much.

Each server here is written for its test (tests/http/hostile.py) and stops by
itself; no test takes more than a few seconds.
"""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

import pycpg.sdk
from pycpg._http import ClientConfig, Connection, Transport
from pycpg._http.redirects import same_origin
from pycpg.exceptions import (
    PycpgError,
    PycpgReadTimeoutError,
    PycpgRedirectError,
    PycpgResponseTooLargeError,
    PycpgTransportError,
)
from tests.http.hostile import Server, read_request, respond, self_signed_context, serve, trickle

OK_JSON = json.dumps({"data": {"userId": 1, "username": "a@example.com"}}).encode()


def jwt_client(url: str, **options: object) -> pycpg.sdk.SDKClient:
    """A client that sends no sign-in request (its token comes from a provider)."""
    return pycpg.sdk.SDKClient.from_jwt_provider(url, lambda: "jwt-token", **options)  # type: ignore[arg-type]


def answer_ok(conn: socket.socket, server: Server) -> None:
    read_request(conn, server)
    respond(conn, "200 OK", OK_JSON, {"Content-Type": "application/json"})


# --- redirects ---------------------------------------------------------------------


def test_a_sign_in_redirected_to_another_port_never_carries_the_totp_code() -> None:
    with serve(answer_ok) as other:

        def redirect(conn: socket.socket, server: Server) -> None:
            read_request(conn, server)
            respond(conn, "307 Temporary Redirect", headers={"Location": f"{other.url}/api/v3/auth/jwt?useBody=True"})

        with serve(redirect) as console:
            with pytest.raises(PycpgRedirectError) as caught:
                pycpg.sdk.from_local_account(console.url, "admin@example.com", "pw", totp="123456", max_retries=0)
    assert b"totp-auth: 123456" in console.requests[0]  # the console itself got the code
    assert other.connections == 0  # the other origin got nothing at all
    message = str(caught.value)
    assert console.url in message and other.url in message
    assert "123456" not in message


def test_a_307_of_a_secret_body_to_another_origin_is_refused() -> None:
    with serve(answer_ok) as other:

        def redirect(conn: socket.socket, server: Server) -> None:
            read_request(conn, server)
            respond(conn, "307 Temporary Redirect", headers={"Location": f"{other.url}/api/v1/WebRestoreSession"})

        with serve(redirect) as console:
            transport = Transport(ClientConfig.from_settings(console.url))
            with pytest.raises(PycpgRedirectError) as caught:
                transport.send(
                    "POST", f"{console.url}/api/v1/WebRestoreSession",
                    json_body={"archivePassword": "pa55word", "encryptionKey": "k3y"},
                )
    assert b"pa55word" in console.requests[0]
    assert other.connections == 0
    assert caught.value.response.status_code == 307


def test_an_https_to_http_redirect_on_the_same_host_is_refused(tmp_path: Path) -> None:
    context, cert = self_signed_context(tmp_path)
    with serve(answer_ok) as plain:

        def redirect(conn: socket.socket, server: Server) -> None:
            read_request(conn, server)
            respond(conn, "302 Found", headers={"Location": f"{plain.url}/api/v3/auth/jwt?useBody=True"})

        with serve(redirect, tls=context) as console:
            assert console.url.startswith("https://")
            with pytest.raises(PycpgRedirectError, match="another origin"):
                pycpg.sdk.from_local_account(
                    console.url, "admin@example.com", "pw", totp="654321", verify_ssl_certs=str(cert), max_retries=0
                )
    assert len(console.requests) == 1
    assert plain.connections == 0


def test_same_origin_redirects_are_followed_with_their_credentials() -> None:
    def handler(conn: socket.socket, server: Server) -> None:
        request = read_request(conn, server)
        if request.startswith(b"GET /api/v1/User/my"):
            respond(conn, "302 Found", headers={"Location": "/api/v1/User/moved"})
        elif request.startswith(b"POST /api/v1/old"):
            respond(conn, "307 Temporary Redirect", headers={"Location": "/api/v1/new"})
        else:
            respond(conn, "200 OK", OK_JSON, {"Content-Type": "application/json"})

    with serve(handler) as console:
        sdk = jwt_client(console.url)
        assert sdk.users.get_current()["userId"] == 1
        transport = sdk._main_connection.transport
        response = transport.send("POST", f"{console.url}/api/v1/old", json_body={"keep": "me"})
    moved = console.requests[1]
    assert moved.startswith(b"GET /api/v1/User/moved ")
    assert b"Authorization: Bearer jwt-token" in moved
    assert console.requests[3].startswith(b"POST /api/v1/new ")
    assert console.requests[3].endswith(b'{"keep": "me"}')  # a 307 repeats the method and body
    assert [r.status_code for r in response.history] == [307]


def test_a_redirect_loop_ends_in_a_pycpg_error() -> None:
    def loop(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        respond(conn, "302 Found", headers={"Location": "/again"})

    with serve(loop) as console:
        with pytest.raises(PycpgTransportError, match="redirects"):
            jwt_client(console.url, max_retries=0).users.get_by_id(1)
    assert len(console.requests) == 11  # the request and ten redirects


# --- time ----------------------------------------------------------------------------


def _timed_failure(url: str, **options: object) -> tuple[type[BaseException], float]:
    sdk = jwt_client(url, **options)
    started = time.monotonic()
    with pytest.raises(PycpgError) as caught:
        sdk.users.get_by_id(1)
    return type(caught.value), time.monotonic() - started


def test_trickled_headers_end_at_the_read_timeout() -> None:
    def slow_headers(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        trickle(conn, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 1000, 0.05)

    with serve(slow_headers) as console:
        kind, took = _timed_failure(console.url, timeout=(1.0, 1.0), max_retries=0)
    assert issubclass(kind, PycpgReadTimeoutError)
    assert took < 2.0  # one byte every 50 ms never trips the per-read timeout; the deadline does


def test_trickled_headers_over_tls_end_at_the_read_timeout(tmp_path: Path) -> None:
    context, cert = self_signed_context(tmp_path)

    def slow_headers(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        trickle(conn, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 1000, 0.05)

    with serve(slow_headers, tls=context) as console:
        kind, took = _timed_failure(console.url, timeout=(1.0, 1.0), max_retries=0, verify_ssl_certs=str(cert))
    assert issubclass(kind, PycpgReadTimeoutError)
    assert took < 2.0


def test_a_trickled_body_ends_at_the_read_timeout() -> None:
    def slow_body(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n")
        trickle(conn, b"x" * 1000, 0.05)

    with serve(slow_body) as console:
        kind, took = _timed_failure(console.url, timeout=(1.0, 1.0), max_retries=0)
    assert issubclass(kind, PycpgReadTimeoutError)
    assert issubclass(kind, requests.exceptions.ReadTimeout)
    assert took < 2.0


def test_a_body_that_stalls_after_a_large_content_length_ends_at_the_read_timeout() -> None:
    def stall(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + b"{" * 10)
        time.sleep(3)

    with serve(stall) as console:
        kind, took = _timed_failure(console.url, timeout=(1.0, 1.0), max_retries=0)
    assert issubclass(kind, PycpgReadTimeoutError)
    assert took < 2.0


def test_a_silent_server_holds_a_retried_get_no_longer_than_the_budget() -> None:
    def silent(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        time.sleep(4)

    with serve(silent) as console:
        kind, took = _timed_failure(
            console.url, timeout=(1.0, 1.0), max_retries=3, retry_budget=1.5, backoff_base=0.01
        )
    assert issubclass(kind, PycpgReadTimeoutError)
    assert console.connections == 2  # one retry fitted in the budget, counting the first attempt's second
    assert took < 2.5  # not four attempts of a second each


def test_a_stream_keeps_going_while_bytes_flow_past_the_read_timeout() -> None:
    body = b"0123456789" * 3

    def slow_stream(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
        trickle(conn, body, 0.06)  # 1.8 s in all, a byte every 60 ms

    with serve(slow_stream) as console:
        transport = Transport(ClientConfig.from_settings(console.url, timeout=(1.0, 1.0)))
        started = time.monotonic()
        response = transport.send("GET", f"{console.url}/api/v1/WebRestoreJobResult/1", stream=True)
        received = b"".join(response.iter_content(chunk_size=None))
    assert received == body
    assert time.monotonic() - started > 1.0  # longer than the read timeout, and not cut


# --- per-client timeouts ---------------------------------------------------------------


def test_a_timeout_block_changes_only_its_own_client_and_thread() -> None:
    def answer_late(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        time.sleep(0.6)
        respond(conn, "200 OK", OK_JSON, {"Content-Type": "application/json"})

    with serve(answer_late) as console:
        a = jwt_client(console.url, max_retries=0)
        b = jwt_client(console.url, max_retries=0)
        other_thread: list[object] = []
        with a.timeout((1.0, 0.3)):
            assert b.users.get_by_id(1)["userId"] == 1  # b keeps its own 180 s
            worker = threading.Thread(target=lambda: other_thread.append(a.users.get_by_id(1)["userId"]))
            worker.start()
            with pytest.raises(PycpgReadTimeoutError):
                a.users.get_by_id(1)
            worker.join(5)
        assert other_thread == [1]  # a, in another thread, kept its own timeout
        assert a.users.get_by_id(1)["userId"] == 1  # and so does a after the block


# --- memory -------------------------------------------------------------------------------


def test_a_content_length_over_the_limit_is_refused_before_reading() -> None:
    def huge(conn: socket.socket, server: Server) -> None:
        read_request(conn, server)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n")
        server.sent = 0
        try:
            for _ in range(16 * 1024):  # at most 1 GiB, stopped by the client closing
                conn.sendall(b"\0" * 65536)
                server.sent += 65536
        except OSError:
            pass

    with serve(huge) as console:
        with pytest.raises(PycpgResponseTooLargeError) as caught:
            jwt_client(console.url, max_response_bytes=1_000_000).users.get_by_id(1)
        time.sleep(0.2)
    assert caught.value.limit == 1_000_000
    assert "max_response_bytes" in str(caught.value)
    assert console.sent < 64 * 1024 * 1024


def _chunked_zeros(conn: socket.socket, server: Server, encoding: str | None) -> None:
    read_request(conn, server)
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n"
    if encoding:
        head += f"Content-Encoding: {encoding}\r\n".encode()
    conn.sendall(head + b"\r\n")
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS) if encoding == "gzip" else None
    zeros = b"0" * (1024 * 1024)
    server.sent = 0
    try:
        for _ in range(10 * 1024):  # 10 GiB of content at most, stopped by the client closing
            piece = compressor.compress(zeros) if compressor else zeros
            if piece:
                conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            server.sent += len(zeros)
    except OSError:
        pass


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_a_body_over_the_limit_is_refused_while_it_is_read(encoding: str | None) -> None:
    with serve(lambda conn, server: _chunked_zeros(conn, server, encoding)) as console:
        with pytest.raises(PycpgResponseTooLargeError):
            jwt_client(console.url, max_response_bytes=4_000_000).users.get_by_id(1)
        time.sleep(0.2)
    assert console.sent < 64 * 1024 * 1024  # the server was cut off long before its 10 GiB


def test_gzip_and_deflate_bodies_under_the_limit_are_decoded() -> None:
    payload = json.dumps({"data": {"userId": 7, "username": "z" * 5000}}).encode()
    bodies = {
        "gzip": gzip.compress(payload) + gzip.compress(b""),  # two members
        "deflate": zlib.compress(payload),
        "raw-deflate": zlib.compress(payload)[2:-4],
    }
    for name, body in bodies.items():

        def handler(conn: socket.socket, server: Server, body: bytes = body, name: str = name) -> None:
            read_request(conn, server)
            respond(conn, "200 OK", body, {"Content-Encoding": name.replace("raw-", "")})

        with serve(handler) as console:
            response = jwt_client(console.url).users.get_by_id(1)
        assert response["userId"] == 7, name
        assert response.content == payload, name


CHILD = """
import resource, sys
import pycpg.sdk
from pycpg.exceptions import PycpgResponseTooLargeError
for url in sys.argv[1:]:
    try:
        pycpg.sdk.SDKClient.from_jwt_provider(url, lambda: "t", max_retries=0).users.get_by_id(1)
    except PycpgResponseTooLargeError:
        pass
    else:
        raise SystemExit("not refused: " + url)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_peak_memory_while_refusing_1gb_and_a_10gb_gzip_bomb_stays_under_twice_the_limit() -> None:
    from pycpg._http.config import DEFAULT_MAX_RESPONSE_BYTES

    with serve(lambda conn, server: _chunked_zeros(conn, server, None)) as plain, serve(
        lambda conn, server: _chunked_zeros(conn, server, "gzip")
    ) as bomb:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, plain.url, bomb.url], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0, result.stderr
    peak = int(result.stdout.strip())
    assert peak < 2 * DEFAULT_MAX_RESPONSE_BYTES, f"peak RSS {peak / 2**20:.0f} MiB"



# --- the origin rule ----------------------------------------------------------------------

_schemes = st.sampled_from(["http", "https", "HTTPS", "Http"])
_hosts = st.sampled_from(["console.example.com", "CONSOLE.example.com", "evil.example.com", "127.0.0.1", "[::1]"])
_ports = st.sampled_from([None, 80, 443, 4285, 8443])
_paths = st.text(alphabet="abc/?=&%#", max_size=12)


def _url(scheme: str, host: str, port: int | None, path: str) -> str:
    return f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"


def _effective(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    default = 443 if scheme.lower() == "https" else 80
    return scheme.lower(), host.lower(), default if port is None else port


@given(_schemes, _hosts, _ports, _paths, _schemes, _hosts, _ports, _paths)
def test_same_origin_compares_scheme_host_and_port_only(
    s1: str, h1: str, p1: int | None, path1: str, s2: str, h2: str, p2: int | None, path2: str
) -> None:
    expected = _effective(s1, h1, p1) == _effective(s2, h2, p2)
    assert same_origin(_url(s1, h1, p1, path1), _url(s2, h2, p2, path2)) is expected


def test_userinfo_and_unparsable_ports_never_make_an_origin_match() -> None:
    assert not same_origin("https://console.example.com/", "https://console.example.com@evil.example.com/")
    assert not same_origin("https://console.example.com/", "https://console.example.com:99999/")


# --- hosts a server names -------------------------------------------------------------------


def test_a_service_host_named_by_an_https_console_must_not_be_plain_http() -> None:
    with serve(answer_ok) as evil:
        transport = Transport(ClientConfig.from_settings("https://console.example.com"))
        discovered = Connection(transport, host=None, resolve_host=lambda: evil.url)
        with pytest.raises(PycpgError, match="plain http") as caught:
            discovered.request("GET", "/api/v1/search")
        with pytest.raises(PycpgError, match="plain http"):
            Connection(transport).clone(f"{evil.url}/storage")
    assert evil.connections == 0
    assert "https://console.example.com" in str(caught.value)
    assert Connection(transport).clone("https://storage.example.com").host_address == "https://storage.example.com"
    assert Connection(transport).clone("storage.example.com").host_address == "https://storage.example.com"
    with pytest.raises(PycpgError, match="not a host"):
        Connection(transport).clone("https://")


def test_an_http_console_may_name_http_service_hosts() -> None:
    with serve(answer_ok) as service:
        transport = Transport(ClientConfig.from_settings("http://console.example.com"))
        response = Connection(transport, resolve_host=lambda: service.url).request("GET", "/api/v1/User/1")
    assert response.json()["data"]["userId"] == 1
