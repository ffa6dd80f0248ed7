"""Reading a small JSON object (a token, a host) straight from a raw response."""

from __future__ import annotations

from typing import Any

import requests

__all__ = ["json_object"]


def json_object(response: requests.Response) -> dict[str, Any]:
    """The body's JSON object, inside a ``data`` envelope if there is one; ``{}`` otherwise.

    The transport sits below ``PycpgResponse``, so the few values it needs itself
    (tokens, discovered hosts) are read here, with the same one-level unwrapping.
    """
    try:
        body: Any = response.json()
    except ValueError:
        return {}
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        body = body["data"]
    return body if isinstance(body, dict) else {}
