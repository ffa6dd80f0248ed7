"""Accounts, tokens and the three auth endpoints (user JWT, API client, login config)."""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from werkzeug.wrappers import Request, Response

from pycpg.emulator.audit_log import AuditActor
from pycpg.emulator.principal import ADMIN, Principal, RESTRICTED
from pycpg.emulator.routing import ApiRequest, Route, get, post
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.totp import totp_matches
from pycpg.emulator.wire import ApiError, json_response, unauthorized

LOCAL = "LOCAL"
LOCAL_2FA = "LOCAL_2FA"
CLOUD_SSO = "CLOUD_SSO"

_BAD_LOGIN = "INVALID_USERNAME_OR_PASSWORD"
_TOTP_REQUIRED = "TIME_BASED_ONE_TIME_PASSWORD_REQUIRED"
_TOTP_INVALID = "INVALID_TIME_BASED_ONE_TIME_PASSWORD"
_BEARER_SCHEMES = ("bearer", "v3_user_token")


@dataclass(frozen=True)
class Account:
    """A login account of the emulated tenant.

    ``password`` is the initial password; the account's user record holds the
    current one, which ``PUT /api/v1/User`` can change.
    """

    username: str
    password: str
    totp_secret: str | None
    role: str
    login_type: str
    user_uid: str

    def principal(self) -> Principal:
        """The identity a token issued to this account stands for."""
        return Principal(kind="user", name=self.username, role=self.role, user_uid=self.user_uid)


@dataclass(frozen=True)
class _Grant:
    principal: Principal
    expires_at: float


class TokenStore:
    """Opaque random bearer tokens with lifetimes; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._grants: dict[str, _Grant] = {}

    def issue(self, principal: Principal, lifetime: float) -> str:
        """A new token for ``principal``, valid for ``lifetime`` seconds."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._grants[token] = _Grant(principal, self._clock() + lifetime)
        return token

    def resolve(self, token: str) -> Principal | None:
        """The principal of a live token; ``None`` when unknown or expired."""
        with self._lock:
            grant = self._grants.get(token)
            if grant is None:
                return None
            if self._clock() >= grant.expires_at:
                del self._grants[token]
                return None
            return grant.principal

    def expire_all(self) -> None:
        """Invalidate every token issued so far."""
        with self._lock:
            self._grants.clear()


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in _BEARER_SCHEMES or not token.strip():
        return None
    return token.strip()


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    credentials = request.authorization
    if credentials is None or credentials.type != "basic":
        return None
    return credentials.username or "", credentials.password or ""


class AuthService:
    """Checks credentials and bearer tokens; serves the token endpoints."""

    def __init__(self, accounts: Sequence[Account], client_id: str, client_secret: str,
                 user_token_lifetime: float, api_token_lifetime: float) -> None:
        self.accounts = list(accounts)
        self._accounts_by_uid = {account.user_uid: account for account in self.accounts}
        self.client_id = client_id
        self.client_secret = client_secret
        self.user_token_lifetime = user_token_lifetime
        self.api_token_lifetime = api_token_lifetime
        self.tokens = TokenStore()

    def account(self, username: str) -> Account | None:
        """The account with this username (case-insensitive), if any."""
        wanted = username.lower()
        return next((account for account in self.accounts if account.username.lower() == wanted), None)

    def account_of_user(self, username: str, tenant: Tenant) -> Account | None:
        """The account whose tenant user is named ``username`` (it follows renames), if any."""
        user = tenant.user_by_username(username)
        return None if user is None else self._accounts_by_uid.get(user.user_uid)

    @staticmethod
    def _audit_sign_in(req: ApiRequest, principal: Principal, tenant: Tenant) -> None:
        """A ``logged_in`` audit event for a token the emulator served (one reading of the tenant clock)."""
        actor = AuditActor.of(principal, req.http.headers.get("User-Agent"), req.http.remote_addr)
        tenant.audit_log.record("logged_in", actor, tenant.mint.now())

    @staticmethod
    def current_password(account: Account, tenant: Tenant) -> str:
        """The account's password: its user record's, which ``PUT /api/v1/User`` may change."""
        user = tenant.user_by_uid(account.user_uid)
        return user.password if user is not None and user.password is not None else account.password

    def authenticate(self, request: Request) -> Principal:
        """The principal behind the request's bearer token; 401 otherwise."""
        token = _bearer_token(request)
        principal = self.tokens.resolve(token) if token else None
        if principal is None:
            raise unauthorized()
        return principal

    def issue_token(self, username: str, tenant: Tenant) -> str:
        """A user token for an account or, with the restricted role, any tenant user."""
        account = self.account_of_user(username, tenant) or self.account(username)
        if account is not None:
            return self.tokens.issue(account.principal(), self.user_token_lifetime)
        user = tenant.user_by_username(username)
        if user is None:
            raise KeyError(f"no account or user named {username!r}")
        principal = Principal(kind="user", name=user.username, role=RESTRICTED, user_uid=user.user_uid)
        return self.tokens.issue(principal, self.user_token_lifetime)

    # -- endpoints ---------------------------------------------------------

    def _login(self, request: Request, tenant: Tenant) -> Account:
        """The account whose Basic credentials (and TOTP) are valid; 401 otherwise."""
        credentials = _basic_credentials(request)
        account = self.account_of_user(credentials[0], tenant) if credentials else None
        if credentials is None or account is None or account.login_type == CLOUD_SSO:
            raise ApiError.v3(401, _BAD_LOGIN)
        password = self.current_password(account, tenant)
        if not hmac.compare_digest(password.encode(), credentials[1].encode()):
            raise ApiError.v3(401, _BAD_LOGIN)
        if account.totp_secret is not None:
            code = request.headers.get("totp-auth")
            if not code:
                raise ApiError.v3(401, _TOTP_REQUIRED)
            if not totp_matches(account.totp_secret, code):
                raise ApiError.v3(401, _TOTP_INVALID)
        return account

    def user_jwt(self, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /api/v3/auth/jwt``: Basic (+ ``totp-auth``) → a user token."""
        account = self._login(req.http, tenant)
        token = self.tokens.issue(account.principal(), self.user_token_lifetime)
        self._audit_sign_in(req, account.principal(), tenant)
        return req.v3({"v3_user_token": token})

    def client_token(self, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``POST /api/v3/oauth/token``: client credentials → a bare OAuth token object."""
        if req.text("grant_type") != "client_credentials":
            return json_response({"error": "unsupported_grant_type"}, 400)
        credentials = _basic_credentials(req.http)
        if credentials is None or not self._client_matches(*credentials):
            return json_response({"error": "invalid_client"}, 401)
        client = Principal(kind="api_client", name=self.client_id, role=ADMIN)
        token = self.tokens.issue(client, self.api_token_lifetime)
        self._audit_sign_in(req, client, tenant)
        return json_response({"access_token": token, "token_type": "bearer",
                              "expires_in": math.ceil(self.api_token_lifetime)})

    def _client_matches(self, client_id: str, secret: str) -> bool:
        same_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        same_secret = hmac.compare_digest(secret.encode(), self.client_secret.encode())
        return same_id and same_secret

    def login_configuration(self, req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        """``GET /api/v3/LoginConfiguration``: accounts report their type; unknown → LOCAL_2FA."""
        username = req.text("username") or ""
        account = self.account_of_user(username, tenant)
        if account is not None:
            login_type = account.login_type
        else:
            login_type = LOCAL if tenant.user_by_username(username) else LOCAL_2FA
        return req.v3({"loginType": login_type})

    def routes(self) -> list[Route]:
        """The auth endpoints (none of them takes a bearer token)."""
        return [
            get("/api/v3/auth/jwt", self.user_jwt, auth=False),
            post("/api/v3/oauth/token", self.client_token, auth=False),
            get("/api/v3/LoginConfiguration", self.login_configuration, auth=False),
        ]
