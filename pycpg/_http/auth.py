"""Token-based auth methods that fetch a token lazily and renew it on a 401."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests
from requests.auth import AuthBase

from pycpg._http._json import json_object
from pycpg.exceptions import PycpgResponseError, PycpgUnauthorizedError

if TYPE_CHECKING:
    from pycpg._http.connection import Connection

__all__ = ["CPGRenewableAuth", "BearerAuth", "ApiClientAuth", "CustomJWTAuth", "TotpSource"]

#: A one-time password: the code itself or a zero-argument callable returning it.
TotpSource = str | int | Callable[[], str | int]


class CPGRenewableAuth(AuthBase, ABC):
    """A cached ``Authorization`` credential, fetched on first use and renewed on request.

    The SDK's connections call :meth:`get_credentials` as an explicit step before
    they build a request, and :meth:`renew` after a 401; the token request is then
    an ordinary request of its own, never sent from inside the preparation of
    another. (The class is still a ``requests`` auth, as in pycpg 1.0, for code
    that uses it directly.)
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._credentials: str | None = None
        self._expires_at: float | None = None
        self._clock = clock

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self.get_credentials()
        return request

    def get_credentials(self) -> str:
        """Return the cached ``Authorization`` value, fetching it if missing or about to expire."""
        credentials = self._credentials
        if credentials is None or self._expiring():
            with self._lock:
                if self._credentials is None or self._expiring():
                    self._expires_at = None
                    self._credentials = self._get_credentials()
                credentials = self._credentials
        return credentials

    def _expiring(self) -> bool:
        return self._expires_at is not None and self._clock() >= self._expires_at

    def _set_lifetime(self, seconds: object) -> None:
        """Renew ahead of expiry: a minute early, or 10% early for short lifetimes."""
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0:
            self._expires_at = self._clock() + seconds - min(60.0, seconds * 0.1)

    def clear_credentials(self) -> None:
        """Forget the cached credential so the next request fetches a new one."""
        with self._lock:
            self._credentials = None

    def renew(self, refused: str | None) -> None:
        """Forget ``refused`` if it is still the cached credential.

        When many threads are refused with the same expired token, only the first
        clears it, so one new token is fetched for all of them.
        """
        with self._lock:
            if refused is None or self._credentials == refused:
                self._credentials = None

    @abstractmethod
    def _get_credentials(self) -> str:
        """Fetch a new ``Authorization`` header value."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class BearerAuth(CPGRenewableAuth):
    """A user token from ``GET /api/v3/auth/jwt`` (Basic auth, optional TOTP)."""

    def __init__(self, auth_connection: Connection, totp: TotpSource | None = None) -> None:
        super().__init__()
        self._auth_connection = auth_connection
        self._totp: Callable[[], str | int] | None
        self._fixed_totp = totp is not None and not callable(totp)
        self._sign_ins = 0
        if totp is None or callable(totp):
            self._totp = totp
        else:
            fixed = totp
            self._totp = lambda: fixed

    def _get_credentials(self) -> str:
        headers = {}
        code = self._totp() if self._totp is not None else None
        if code:
            headers["totp-auth"] = str(code)
        self._sign_ins += 1
        try:
            response = self._auth_connection.request(
                "GET", "/api/v3/auth/jwt", params={"useBody": True}, headers=headers
            )
        except PycpgUnauthorizedError as error:
            if self._fixed_totp and self._sign_ins > 1:
                raise PycpgUnauthorizedError(
                    error,
                    "The session expired and signing in again failed: the two-factor code "
                    "given as totp= was already used. Pass totp as a zero-argument callable "
                    "that returns a fresh code, e.g. totp=lambda: input('Code: ').",
                ) from error
            raise
        return f"Bearer {_read_key(response, 'v3_user_token')}"


class ApiClientAuth(CPGRenewableAuth):
    """An API-client token from ``POST /api/v3/oauth/token`` (client credentials)."""

    def __init__(self, auth_connection: Connection) -> None:
        super().__init__()
        self._auth_connection = auth_connection

    def _get_credentials(self) -> str:
        response = self._auth_connection.request(
            "POST",
            "/api/v3/oauth/token",
            params={"grant_type": "client_credentials"},
            headers={"Content-Type": "application/json"},
        )
        token = _read_key(response, "access_token")
        self._set_lifetime(json_object(response).get("expires_in"))
        return f"Bearer {token}"


class CustomJWTAuth(CPGRenewableAuth):
    """A token returned by the caller's zero-argument ``jwt_provider``."""

    def __init__(self, jwt_provider: Callable[[], str]) -> None:
        super().__init__()
        self._jwt_provider = jwt_provider

    def _get_credentials(self) -> str:
        return f"Bearer {self._jwt_provider()}"


def _read_key(response: requests.Response, key: str) -> str:
    value = json_object(response).get(key)
    if not isinstance(value, str) or not value:
        raise PycpgResponseError(
            response, f"The token response from {response.url} has no {key!r}; cannot authenticate."
        )
    return value
