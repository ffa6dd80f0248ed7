"""Plain-HTTP helpers for the emulator tests (no SDK code involved)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import requests

from pycpg.emulator import Emulator


def call(emu: Emulator, path: str, token: str | None = None, method: str = "GET", **kwargs: Any) -> requests.Response:
    """Send one request to the emulator, with a bearer token when given."""
    headers = dict(kwargs.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, emu.url + path, headers=headers, timeout=10, **kwargs)


def admin_token(emu: Emulator) -> str:
    """A bearer token for the LOCAL admin, issued without HTTP."""
    return emu.issue_token(emu.plain_admin.username)


def restricted_token(emu: Emulator) -> str:
    """A bearer token for the restricted account, issued without HTTP."""
    return emu.issue_token(emu.restricted.username)


def data(response: requests.Response) -> Any:
    """The ``data`` member of an enveloped JSON body."""
    return response.json()["data"]


def parse_iso(text: str) -> datetime:
    """Parse an API date and insist on an explicit offset."""
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment


PERMISSION_DENIED = [{"name": "SYSTEM", "description": "Permission denied"}]


def v3_error_key(response: requests.Response) -> str:
    """The ``primaryErrorKey`` of a v3 error envelope (asserting the envelope's shape)."""
    body = response.json()
    assert body["data"] is None and body["warnings"] is None, body
    assert body["error"][0]["otherErrors"] is None
    key: str = body["error"][0]["primaryErrorKey"]
    return key


def v38_problem(response: requests.Response) -> str:
    """The ``problem`` of a v38 error body (asserting the body's shape)."""
    body = response.json()
    assert set(body) == {"problem", "description"} and body["description"] is None, body
    problem: str = body["problem"]
    return problem


def validation_code(response: requests.Response) -> str:
    """The code of a v1 validation failure (500, ``BuilderException`` body)."""
    assert response.status_code == 500, response.text
    [error] = response.json()
    assert error["description"] == "com.code42.core.BuilderException" and error["objects"] == []
    name: str = error["name"]
    return name


def assert_no_content(response: requests.Response) -> None:
    """A state-change action's answer: 204 with an empty body."""
    assert response.status_code == 204, response.text
    assert response.content == b""


def api_client_token(emu: Emulator) -> str:
    """A bearer token for the API client, through ``POST /api/v3/oauth/token`` (one audited sign-in)."""
    response = call(emu, "/api/v3/oauth/token", method="POST", params={"grant_type": "client_credentials"},
                    auth=(emu.api_client_id, emu.api_client_secret))
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


#: The "now" the ``emulator`` fixture pins; tests that build their own emulator and need the
#: logical clock or comparable dates pin it too.
PINNED_NOW = "2026-01-01T00:00:00+00:00"


def clock(second: int, offset: str = "+00:00") -> str:
    """The pinned logical clock's ``second``-th reading, in the default zone (UTC, ``+00:00``);
    the audit-log service writes it with ``offset="Z"``."""
    return f"2026-01-01T00:{second // 60:02d}:{second % 60:02d}.000{offset}"
