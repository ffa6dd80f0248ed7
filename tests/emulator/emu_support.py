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
