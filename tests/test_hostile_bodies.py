"""Hostile response bodies: one megabyte-long token, JSON nested 100,000 levels deep.

Every case ends in a PycpgError (never RecursionError), and error messages and log
lines are built in time linear in the body's size. The project does not assert on
performance: the 5-second guards below only catch a super-linear algorithm (the
quadratic redaction these tests were written against took minutes on a 1 MiB body).
"""

from __future__ import annotations

import json
import logging
import string
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pycpg.sdk
from pycpg._redact import CIRCULAR, MASK, MAX_JSON_DEPTH, TOO_DEEP, redact_json, redact_text, redact_url
from pycpg.exceptions import (
    HTTP_ERROR_BODY_CHARS,
    PycpgError,
    PycpgInternalServerError,
    PycpgModelError,
    PycpgResponseTooDeepError,
)

T = TypeVar("T")

MIB = 2**20
GUARD_SECONDS = 5.0  # generous: a linear pass over 1 MiB takes well under a second
SECRET = "SeNtInEl"

Route = tuple[int, bytes]


# --- a small local console ------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[tuple[str, str], Route] = {}

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        route = self.routes.get((self.command, self.path)) or self.routes.get((self.command, self.path.split("?")[0]))
        status, body = route or (404, b'{"error": "no route"}')
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def console(routes: dict[tuple[str, str], Route]) -> Iterator[str]:
    """A console on 127.0.0.1 answering ``(method, path)`` with ``(status, body)``.

    A route's path may include the query; one without a query matches any query.
    """
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


TENANT = (200, b'{"data": {"tenantUid": "tenant-1"}}')


def client(url: str) -> pycpg.sdk.SDKClient:
    return pycpg.sdk.from_jwt_provider(url, lambda: "jwt", max_retries=0, timeout=10)


def within_guard(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread; fail if it does not finish within GUARD_SECONDS."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GUARD_SECONDS)
    assert not thread.is_alive(), f"did not finish within {GUARD_SECONDS} s: super-linear?"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def _deep(kind: str, depth: int = 100_000) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


# --- 1. long bodies: linear error messages and logs -------------------------------

LONG_BODIES = {
    "one-token": "A" * MIB,
    "key-colon": "a:" * (MIB // 2),
    "scheme-ish": "http" * (MIB // 4),
    "unterminated-password": '"password": "' + "x" * MIB,
    "json-string-value": json.dumps({"message": "x" * MIB}),
    "dashes": "-a" * (MIB // 2),
    "userinfo-ish": "a://b:" * (MIB // 6),
    "bracket-after-secret": '{"password": ' + "[" * MIB,
}


@pytest.mark.parametrize("name", list(LONG_BODIES))
def test_an_error_with_a_megabyte_body_is_raised_promptly_with_a_truncated_message(name: str) -> None:
    body = LONG_BODIES[name]
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (500, body.encode())}) as url:
        sdk = client(url)

        def call() -> PycpgInternalServerError:
            with pytest.raises(PycpgInternalServerError) as info:
                sdk.users.get_by_id(1)
            return info.value

        error = within_guard(call)

    message = str(error)
    assert f"… [truncated, {len(body) - HTTP_ERROR_BODY_CHARS} more characters]" in message
    assert len(message) < HTTP_ERROR_BODY_CHARS + 500
    assert error.response.text == body  # the whole body is still there
    assert len(error.response.content) == len(body.encode())


@pytest.mark.parametrize("name", list(LONG_BODIES))
def test_redaction_of_a_megabyte_body_is_linear(name: str) -> None:
    body = LONG_BODIES[name]
    assert isinstance(within_guard(lambda: redact_text(body)), str)
    assert isinstance(within_guard(lambda: redact_json({"detail": body}))["detail"], str)


def test_logging_a_megabyte_json_string_value_is_linear(caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps({"data": {"userId": 1, "notes": "password=" + "n" * MIB}})
    caplog.set_level(logging.DEBUG, logger="pycpg")
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (200, body.encode())}) as url:
        sdk = client(url)
        response = within_guard(lambda: sdk.users.get_by_id(1))
    assert response["notes"].startswith("password=nnn")  # the data itself is untouched
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "nnnnnnnnnn" not in logged  # the value after "password=" was masked in the log


def test_a_short_error_body_is_shown_whole() -> None:
    body = {"error": [{"primaryErrorKey": "SYSTEM", "description": "boom"}], "password": SECRET}
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (500, json.dumps(body).encode())}) as url:
        with pytest.raises(PycpgInternalServerError) as info:
            client(url).users.get_by_id(1)
    message = str(info.value)
    assert "truncated" not in message
    assert "primaryErrorKey" in message and "boom" in message
    assert SECRET not in message and MASK in message


@pytest.mark.parametrize(
    "body",
    [
        # A secret value cut in half by the truncation: an unterminated string...
        '{"name": "bob", "password": "' + SECRET * 1000 + '"}',
        # ...or an unclosed object or array after a sensitive key.
        '{"name": "bob", "privateKey": {"modulus": "' + SECRET * 1000 + '"}}',
        '{"name": "bob", "apiToken": ["' + SECRET * 1000 + '"]}',
        "name=bob&password=" + SECRET * 1000,
        "x" * (HTTP_ERROR_BODY_CHARS - 20) + '"password": "' + SECRET * 10,
        "x" * (HTTP_ERROR_BODY_CHARS - 16) + " Bearer " + SECRET * 10,
    ],
)
def test_a_secret_cut_by_the_truncation_is_still_masked(body: str) -> None:
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (500, body.encode())}) as url:
        with pytest.raises(PycpgInternalServerError) as info:
            client(url).users.get_by_id(1)
    message = str(info.value)
    assert "truncated" in message
    assert "SeNt" not in message  # no piece of a secret, not even a cut one


# --- hypothesis: redaction never raises and never shows a value after a key -------

SENSITIVE = ["password", "newPassword", "archivePassword", "encryptionKey", "dataKeyToken", "token",
             "access_token", "client_secret", "secret", "totp", "apiKey", "X-Auth-Token", "authorization"]
FORMS = ["{key}={value}", "{key}: {value}", "{key} = {value}", '"{key}": "{value}"', "'{key}': '{value}'",
         '"{key}":"{value}', "{key}={value}&"]


@given(st.text(), st.text())
def test_redaction_of_arbitrary_text_never_raises(text: str, other: str) -> None:
    assert isinstance(redact_text(text), str)
    assert isinstance(redact_url(text + other), str)
    assert isinstance(redact_json({text: other, "k": [text]}), dict)


@given(
    prefix=st.text().filter(lambda t: "SeNt" not in t),
    key=st.sampled_from(SENSITIVE).flatmap(lambda k: st.sampled_from([k, k.upper(), k.lower()])),
    form=st.sampled_from(FORMS),
    value=st.text(alphabet=string.ascii_letters + string.digits + "-._~+/", max_size=20).map(lambda v: SECRET + v),
    suffix=st.text().filter(lambda t: "SeNt" not in t),
)
def test_redaction_never_shows_a_value_placed_after_a_sensitive_key(
    prefix: str, key: str, form: str, value: str, suffix: str
) -> None:
    text = f"{prefix} {form.format(key=key, value=value)} {suffix}"
    assert SECRET not in redact_text(text)


# --- 2. deeply nested JSON ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["array", "object"])
def test_a_too_deep_body_raises_a_pycpg_error_never_recursion_error(kind: str) -> None:
    body = _deep(kind).encode()
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (200, body)}) as url:
        response = client(url).users.get_by_id(1)

    for read in (lambda: response.data, lambda: response[0], lambda: response["a"], lambda: response.text,
                 lambda: str(response), lambda: list(response)):
        with pytest.raises(PycpgResponseTooDeepError) as info:
            read()
        assert "nested too deeply" in str(info.value)
        assert info.value.response is not None
    assert "<nested too deeply>" in repr(response)
    with pytest.raises(PycpgModelError):
        response.model()
    assert response.content == body  # the raw body is still there


def test_a_body_at_the_depth_limit_is_still_read() -> None:
    body = ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH).encode()
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (200, body)}) as url:
        response = client(url).users.get_by_id(1)
    assert response.text == json.dumps(json.loads(body))
    assert repr(response).startswith("<PycpgResponse [status=200, data=[[")


@pytest.mark.parametrize("kind", ["array", "object"])
def test_a_too_deep_error_body_builds_its_message(kind: str) -> None:
    body = _deep(kind)
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (500, body.encode())}) as url:
        with pytest.raises(PycpgInternalServerError) as info:
            client(url).users.get_by_id(1)
    assert "[truncated," in str(info.value)
    assert info.value.response.text == body


def test_a_deep_small_error_body_is_shown_cut_at_the_depth_limit() -> None:
    body = "[" * 600 + "]" * 600  # under the truncation length, over the redaction depth limit
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (500, body.encode())}) as url:
        with pytest.raises(PycpgInternalServerError) as info:
            client(url).users.get_by_id(1)
    assert "[" * MAX_JSON_DEPTH + '"<nested too deeply>"' in str(info.value)
    assert info.value.response.text == body


@pytest.mark.parametrize("kind", ["array", "object"])
def test_local_sign_in_with_a_too_deep_token_body_raises_a_pycpg_error(kind: str) -> None:
    routes = {("GET", "/api/v3/auth/jwt?useBody=True"): (200, _deep(kind).encode())}
    with console(routes) as url, pytest.raises(PycpgError) as info:
        pycpg.sdk.from_local_account(url, "u", SECRET, max_retries=0)
    assert isinstance(info.value, PycpgResponseTooDeepError)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("kind", ["array", "object"])
def test_api_client_sign_in_with_a_too_deep_token_body_raises_a_pycpg_error(kind: str) -> None:
    routes = {("POST", "/api/v3/oauth/token"): (200, _deep(kind).encode())}
    with console(routes) as url, pytest.raises(PycpgResponseTooDeepError):
        pycpg.sdk.from_api_client(url, "id", "secret", max_retries=0)


def _nested_list(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def test_redact_json_accepts_any_depth_and_cycles() -> None:
    deep = _nested_list(100_000, {"password": SECRET})
    redacted = redact_json(deep)
    dumped = json.dumps(redacted)  # printable: nesting stops at the limit
    assert TOO_DEEP in dumped and SECRET not in dumped
    assert dumped.count("[") == MAX_JSON_DEPTH

    shallow = _nested_list(MAX_JSON_DEPTH - 1, {"password": SECRET, "name": "bob"})
    assert json.dumps(redact_json(shallow)).endswith('{"password": "***", "name": "bob"}' + "]" * (MAX_JSON_DEPTH - 1))

    cycle: list[Any] = [1]
    cycle.append(cycle)
    assert redact_json(cycle) == [1, CIRCULAR]
    shared = {"token": SECRET}
    assert redact_json([shared, shared]) == [{"token": MASK}, {"token": MASK}]  # shared, not circular


@pytest.mark.parametrize("kind", ["array", "object"])
def test_redact_text_of_too_deep_json_falls_back_to_free_text(kind: str) -> None:
    text = _deep(kind, 5000).replace("1", '{"password": "' + SECRET + '"}') if kind == "object" else (
        "[" * 5000 + '{"password": "' + SECRET + '"}' + "]" * 5000
    )
    redacted = within_guard(lambda: redact_text(text))
    assert SECRET not in redacted and '"password": "***"' in redacted


@pytest.mark.parametrize("kind", ["array", "object"])
def test_debug_logging_of_a_too_deep_body_does_not_raise(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pycpg")
    body = _deep(kind).encode()
    with console({("GET", "/api/v3/customer/my"): TENANT, ("GET", "/api/v1/User/1"): (200, body)}) as url:
        response = client(url).users.get_by_id(1)
    assert response.status_code == 200
    assert any("Response data" in record.getMessage() for record in caplog.records)
