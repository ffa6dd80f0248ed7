"""The :class:`Emulator`: a generated tenant served over loopback HTTP or HTTPS."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from datetime import datetime, tzinfo
from pathlib import Path
from types import TracebackType

from werkzeug.serving import BaseWSGIServer

from pycpg.emulator.app import EmulatorApp
from pycpg.emulator.archive_hooks import ArchiveHooks
from pycpg.emulator.archive_store import ArchiveStore
from pycpg.emulator.auth import CLOUD_SSO, LOCAL, LOCAL_2FA, Account, AuthService
from pycpg.emulator.endpoints import ROUTES, audit_log, legal_hold_routes
from pycpg.emulator.endpoints.archive_routes import archive_routes
from pycpg.emulator.faults import FaultPlan, path_matcher, path_matches
from pycpg.emulator.generate import AccountSeed, Sizes, generate_tenant
from pycpg.emulator.journal import Journal, JournalEntry
from pycpg.emulator.mint import TimeFrame
from pycpg.emulator.principal import ADMIN, RESTRICTED
from pycpg.emulator.routing import ApiRequest, Limits
from pycpg.emulator.serving import Origins, RequestHandler, ServeLoop
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.tls import certificate_names, self_signed, server_context
from pycpg.emulator.totp import totp_code

DEFAULT_ADMIN_USERNAME = "admin@example.com"
DEFAULT_ADMIN_PASSWORD = "emulator-admin-password"
DEFAULT_TOTP_SECRET = "EMULATORTOTPSECRETBASE32"
DEFAULT_API_CLIENT_ID = "key-emulator-api-client"
DEFAULT_API_CLIENT_SECRET = "emulator-api-client-secret"

PLAIN_ADMIN_USERNAME = "plain.admin@example.com"
PLAIN_ADMIN_PASSWORD = "emulator-plain-admin-password"
RESTRICTED_USERNAME = "restricted.user@example.com"
RESTRICTED_PASSWORD = "emulator-restricted-password"
SSO_USERNAME = "sso.user@example.com"
SSO_PASSWORD = "emulator-sso-password"

#: Values of ``legal_hold_lists``: matter/membership lists as bare arrays or inside objects.
LEGAL_HOLD_LIST_SHAPES = ("bare", "wrapped")

# Polling interval of the serve loop; it bounds how long stop() waits (tests stop often).
_POLL_INTERVAL = 0.005


class _QuietHandler(RequestHandler):
    """Request handler that does not log one line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class Emulator(ArchiveHooks):
    """A local CrashPlan API: deterministic tenant, auth flows, journal.

    Use as a context manager (``with Emulator(seed=7) as emu: ...``) or call
    :meth:`start` / :meth:`stop`. :attr:`app` is the WSGI application and works
    without starting the server.

    The legal-hold matter and membership lists come as ``{"matters": [...]}`` /
    ``{"memberships": [...]}`` (what CrashPlan's own CLI reads); ``legal_hold_lists="bare"``
    serves bare arrays instead (what pycpg 1.0 expects).

    The generated history ends at ``now``: the real current time by default, after
    which the clock follows the wall clock; a pinned ``now`` (an aware datetime or an
    ISO 8601 string, naive meaning UTC) makes the clock logical (one second per write),
    so the same seed and ``now`` always give the same tenant and the same answers.
    Every date is written in ``time_zone`` (default ``"UTC"``, written ``+00:00``; also
    ``"Z"``, an offset like ``"-05:00"``, an IANA name or a ``tzinfo``), except the
    audit-log service's timestamps, which are always UTC ``Z``. :attr:`now` is the clock.

    ``audit_events`` past audit-log events are generated (default 300, over the 30
    days before ``now``); one audit-log search serves at most ``audit_log_cap``
    results (default 10,000, CrashPlan's cap), and a page past what it serves comes
    back without ``events``, as CrashPlan's does.

    ``tls=True`` serves https; with no ``tls_cert``/``tls_key`` pair a self-signed
    certificate for ``127.0.0.1``, ``::1`` and ``localhost`` is made at the first
    :meth:`start` and written to :attr:`ca_cert_path` (point ``REQUESTS_CA_BUNDLE``,
    ``verify=`` or ``verify_ssl_certs=`` at it). Every service the console names (the
    key-value store, the audit-log search, each storage node and connected server) is
    served at the root of its own port with the same scheme: see :meth:`service_url`.
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        orgs: int = 3,
        users: int = 20,
        devices: int = 40,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        max_page_size: int | None = None,
        audit_events: int = 300,
        audit_log_cap: int = 10_000,
        admin_username: str = DEFAULT_ADMIN_USERNAME,
        admin_password: str = DEFAULT_ADMIN_PASSWORD,
        totp_secret: str = DEFAULT_TOTP_SECRET,
        api_client_id: str = DEFAULT_API_CLIENT_ID,
        api_client_secret: str = DEFAULT_API_CLIENT_SECRET,
        user_token_lifetime: float = 1800.0,
        api_token_lifetime: float = 900.0,
        legal_hold_lists: str = "wrapped",
        now: datetime | str | None = None,
        time_zone: str | tzinfo = "UTC",
    ) -> None:
        if legal_hold_lists not in LEGAL_HOLD_LIST_SHAPES:
            raise ValueError(f"legal_hold_lists must be one of {LEGAL_HOLD_LIST_SHAPES}, not {legal_hold_lists!r}")
        self.seed = seed
        self.legal_hold_lists = legal_hold_lists
        self.host = host
        self.port = port
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("tls_cert and tls_key go together: pass both or neither")
        #: Whether the emulator serves https (``tls=True`` or a certificate given).
        self.tls = tls or tls_cert is not None
        self._tls_pair = None if tls_cert is None or tls_key is None else (Path(tls_cert), Path(tls_key))
        self.log_requests = False
        self.poll_interval = _POLL_INTERVAL
        self.api_client_id = api_client_id
        self.api_client_secret = api_client_secret
        seeds = [
            AccountSeed(admin_username, "Ada", "Admin", admin=True, in_root_org=True),
            AccountSeed(PLAIN_ADMIN_USERNAME, "Piet", "Plain", admin=True, in_root_org=True),
            AccountSeed(RESTRICTED_USERNAME, "Rita", "Restricted", admin=False, in_root_org=False),
            AccountSeed(SSO_USERNAME, "Sam", "Single-Sign-On", admin=False, in_root_org=False),
        ]
        self.tenant: Tenant = generate_tenant(seed, Sizes(orgs, users, devices, audit_events), seeds,
                                              device_owner=RESTRICTED_USERNAME, api_client_id=api_client_id,
                                              frame=TimeFrame.create(now, time_zone))
        self.admin = self._account(admin_username, admin_password, totp_secret, ADMIN, LOCAL_2FA)
        self.plain_admin = self._account(PLAIN_ADMIN_USERNAME, PLAIN_ADMIN_PASSWORD, None, ADMIN, LOCAL)
        self.restricted = self._account(RESTRICTED_USERNAME, RESTRICTED_PASSWORD, None, RESTRICTED, LOCAL)
        self.sso_user = self._account(SSO_USERNAME, SSO_PASSWORD, None, RESTRICTED, CLOUD_SSO)
        accounts = [self.admin, self.plain_admin, self.restricted, self.sso_user]
        self.auth = AuthService(accounts, api_client_id, api_client_secret, user_token_lifetime, api_token_lifetime)
        self._journal = Journal()
        self.archive_store = ArchiveStore(seed, self.tenant)
        routes = [*self.auth.routes(), *ROUTES, *legal_hold_routes(legal_hold_lists == "wrapped"),
                  *audit_log.routes(self._service_url), *archive_routes(self.archive_store, self._service_url)]
        #: Injected faults (see :mod:`pycpg.emulator.faults`): ``emu.faults.add(Fault(...))``.
        self.faults = FaultPlan()
        self.app = EmulatorApp(self.tenant, self.auth, routes, Limits(max_page_size, audit_log_cap=audit_log_cap), self._journal, self.faults)
        self._server: BaseWSGIServer | None = None
        self._loop: ServeLoop | None = None
        self._origins: Origins | None = None

    def _account(self, username: str, password: str, secret: str | None, role: str, login_type: str) -> Account:
        user = self.tenant.user_by_username(username)
        if user is None:  # pragma: no cover - the generator always creates account users
            raise RuntimeError(f"account user {username} missing from the tenant")
        user.password = password
        return Account(username, password, secret, role, login_type, user.user_uid)

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> Emulator:
        """Serve the console on ``host:port`` (services on ports of their own) from a daemon thread; returns ``self``."""
        if self._server is not None:
            return self
        handler = RequestHandler if self.log_requests else _QuietHandler
        context = server_context(*self._tls_files()) if self.tls else None
        loop = ServeLoop(self.poll_interval, name="pycpg-emulator")
        origins = Origins(self.host, self.app, handler, context, loop)
        try:
            server = origins.bind(self.port)
        except BaseException:
            loop.stop()
            raise
        loop.start()
        self._server, self._loop, self._origins = server, loop, origins
        return self

    def stop(self) -> None:
        """Stop serving (the console and every service origin); a no-op when not running."""
        loop = self._loop
        self._server = self._loop = self._origins = None
        if loop is not None:
            loop.stop()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the HTTP server is up."""
        return self._server is not None

    @property
    def url(self) -> str:
        """The console's base URL, e.g. ``http://127.0.0.1:54321`` (``https://`` with TLS); only while running."""
        server, origins = self._server, self._origins
        if server is None or origins is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return origins.url(server)

    @property
    def scheme(self) -> str:
        """``https`` when serving TLS, ``http`` otherwise."""
        return "https" if self.tls else "http"

    @property
    def ca_cert_path(self) -> Path | None:
        """The certificate file (PEM) clients should trust; ``None`` for plain http.

        A generated certificate exists from the first :meth:`start` on and stays (the
        same file across restarts) until this emulator is garbage-collected.
        """
        return self._tls_pair[0] if self.tls and self._tls_pair is not None else None

    def service_url(self, prefix: str) -> str:
        """The base URL of the service the console serves under ``prefix``, e.g. ``/storage/<nodeGuid>``.

        Each service has its own origin: the root of a port of its own (bound at the
        first call), with the console's scheme. Only while running.
        """
        origins = self._origins
        if origins is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return origins.service(prefix)

    @property
    def service_origins(self) -> dict[str, str]:
        """Path prefix → base URL of every service origin handed out so far (empty when stopped)."""
        origins = self._origins
        return {} if origins is None else origins.services()

    def _service_url(self, req: ApiRequest, prefix: str) -> str:
        """A service's own origin while serving; ``prefix`` on the request's host otherwise (WSGI use)."""
        origins = self._origins
        if origins is None:
            return req.http.host_url.rstrip("/") + prefix
        return origins.service(prefix)

    def _tls_files(self) -> tuple[Path, Path]:
        """The certificate and key served: the given pair, or a self-signed pair made once."""
        if self._tls_pair is None:
            folder = tempfile.mkdtemp(prefix="pycpg-emulator-tls-")
            weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
            self._tls_pair = self_signed(Path(folder), certificate_names(self.host))
        return self._tls_pair

    # -- helpers for tests -------------------------------------------------

    @property
    def now(self) -> datetime:
        """The emulator's present, in the tenant's zone: the generated history ends at or before it.

        Reading it does not advance the clock; a pinned clock moves one second per write.
        """
        with self.tenant.lock:
            return self.tenant.mint.current()

    @property
    def tenant_uid(self) -> str:
        """The tenant's UUID (as ``/api/v3/customer/my`` reports it)."""
        return self.tenant.tenant_uid

    def totp(self, account: Account | None = None, at: float | None = None) -> str:
        """The TOTP code of ``account`` (the 2FA admin by default) at ``at`` (now)."""
        chosen = account or self.admin
        if chosen.totp_secret is None:
            raise ValueError(f"account {chosen.username} has no TOTP secret")
        return totp_code(chosen.totp_secret, at)

    def issue_token(self, username: str) -> str:
        """A valid user bearer token, without HTTP (for JWT-provider tests)."""
        return self.auth.issue_token(username, self.tenant)

    def place_on_legal_hold(self, user_uid: str) -> None:
        """Make a user (and so their devices) a legal-hold custodian; ``KeyError`` when unknown.

        Deactivating a custodian or one of their devices then answers 400 ``ACTIVE_LEGAL_HOLD``.
        """
        with self.tenant.lock:
            self.tenant.place_on_legal_hold(user_uid)

    def release_from_legal_hold(self, user_uid: str) -> None:
        """End a user's legal hold (a no-op when not held); ``KeyError`` when unknown."""
        with self.tenant.lock:
            self.tenant.release_from_legal_hold(user_uid)

    def expire_tokens(self) -> None:
        """Invalidate every token issued so far; their next use answers 401."""
        self.auth.tokens.expire_all()

    @property
    def journal(self) -> list[JournalEntry]:
        """A snapshot of every request received, in arrival order."""
        return self._journal.snapshot()

    def clear_journal(self) -> None:
        """Forget the requests recorded so far."""
        self._journal.clear()

    def applied(self, method: str, path: str) -> int:
        """How many journaled ``method`` requests to ``path`` (``^...``: a regex) took effect.

        An entry counts when its handler ran and answered below 400, including when an
        injected fault then dropped the answer (see :attr:`JournalEntry.applied`).
        """
        pattern, wanted = path_matcher(path), method.upper()
        return sum(1 for entry in self.journal
                   if entry.applied and entry.method == wanted and path_matches(path, pattern, entry.path))
