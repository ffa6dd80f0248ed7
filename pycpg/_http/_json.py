"""Reading a small JSON object (a token, a host) straight from a raw response."""

from __future__ import annotations

from typing import Any

import requests

from pycpg._redact import json_too_deep, redact_url
from pycpg.exceptions import PycpgResponseTooDeepError

__all__ = ["json_object"]


def json_object(response: requests.Response) -> dict[str, Any]:
    """The body's JSON object, inside a ``data`` envelope if there is one; ``{}`` otherwise.

    The transport sits below ``PycpgResponse``, so the few values it needs itself
    (tokens, discovered hosts) are read here, with the same one-level unwrapping.

    Raises:
        PycpgResponseTooDeepError: the body is JSON nested more than
            ``pycpg._redact.MAX_JSON_DEPTH`` levels deep (never ``RecursionError``).
    """
    try:
        body: Any = response.json()
    except RecursionError:
        raise PycpgResponseTooDeepError(response, redact_url(response.url or "")) from None
    except ValueError:
        return {}
    if json_too_deep(body):
        raise PycpgResponseTooDeepError(response, redact_url(response.url or ""))
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        body = body["data"]
    return body if isinstance(body, dict) else {}
