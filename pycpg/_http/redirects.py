"""Following redirects within one origin only.

``requests`` follows redirects to any host and strips only ``Authorization``, so
a redirect would carry a two-factor code (``totp-auth``), an archive password or
an encryption key (request bodies of a 307/308) to another server, or from
``https`` to ``http`` in clear text. The transport therefore follows a redirect
only when it stays on the same origin (scheme, host and port), exactly as
``requests`` would; any other redirect raises
:class:`~pycpg.exceptions.PycpgRedirectError` naming both URLs.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import requests

__all__ = ["MAX_REDIRECTS", "next_request", "origin", "redirect_target", "same_origin"]

#: Redirects followed for one request before giving up.
MAX_REDIRECTS = 10

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of ``url``, lower-cased, with the scheme's default port filled in.

    Raises:
        ValueError: ``url`` is not a valid URL (e.g. a bad port).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def same_origin(first: str, second: str) -> bool:
    """Whether both URLs have the same scheme, host and port (an unparsable URL never matches)."""
    try:
        return origin(first) == origin(second)
    except ValueError:
        return False


def redirect_target(session: requests.Session, response: requests.Response) -> str | None:
    """The absolute URL ``response`` redirects to, or ``None`` when it is no redirect."""
    location = session.get_redirect_target(response)
    if location is None:
        return None
    return urljoin(response.url, location)


def next_request(
    session: requests.Session, prepared: requests.PreparedRequest, response: requests.Response, target: str
) -> requests.PreparedRequest:
    """The request to send to ``target`` after ``response`` redirected ``prepared`` there.

    As browsers and ``requests`` do: a 303 (except for HEAD), and a 301/302 of a
    POST, become a GET without a body; 307 and 308 repeat the method and body.
    Headers (credentials included: the origin is the same) are kept; cookies are
    taken again from the session, which has stored those the response set.
    """
    following = prepared.copy()
    following.prepare_url(target, None)
    method = (prepared.method or "GET").upper()
    status = response.status_code
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        following.method = "GET"
        following.body = None
        for header in ("Content-Length", "Content-Type", "Transfer-Encoding"):
            following.headers.pop(header, None)
    following.headers.pop("Cookie", None)
    following.prepare_cookies(session.cookies)
    return following
