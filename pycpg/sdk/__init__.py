"""Entry points: build an :class:`SDKClient` for a CrashPlan console.

>>> import pycpg.sdk
>>> sdk = pycpg.sdk.from_local_account("console.us1.crashplan.com", "me@example.com", "pw")
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

from requests.auth import HTTPBasicAuth

from pycpg._http import (
    ApiClientAuth,
    BearerAuth,
    ClientConfig,
    ClientOptions,
    Connection,
    CPGRenewableAuth,
    CustomJWTAuth,
    TotpSource,
    Transport,
)
from pycpg._http.discovery import key_value_host, microservice_prefix_host
from pycpg.exceptions import PycpgError, PycpgUnauthorizedError

if TYPE_CHECKING:
    # Each API area's module is imported when the area is first used (SDKClient._area),
    # so that ``import pycpg.sdk`` stays cheap; typing_extensions is only import time too.
    from typing_extensions import Self, Unpack

    from pycpg.clients._archiveaccess import RestoreFlow
    from pycpg.clients.archive import ArchiveClient
    from pycpg.clients.auditlogs import AuditLogsClient
    from pycpg.clients.loginconfig import LoginConfigurationClient
    from pycpg.services.administration import AdministrationService
    from pycpg.services.archive import ArchiveService
    from pycpg.services.auditlogs import AuditLogsService
    from pycpg.services.devices import DeviceService
    from pycpg.services.keyvaluestore import KeyValueStoreService
    from pycpg.services.legalhold import LegalHoldService
    from pycpg.services.orgs import OrgService
    from pycpg.services.users import UserService
    from pycpg.usercontext import UserContext

__all__ = ["SDKClient", "from_local_account", "from_api_client", "from_jwt_provider"]

_KV_PREFIX = "simple-key-value-store"
_AUDIT_LOG_KEY = "AUDIT-LOG_API-URL"

_A = TypeVar("_A")

#: The classes this module held before the API areas became lazy (pycpg 1.0 has
#: ``UserContext`` here): still importable from it, loaded on first access.
_AREA_CLASSES: dict[str, str] = {
    "AdministrationService": "pycpg.services.administration",
    "ArchiveClient": "pycpg.clients.archive",
    "ArchiveService": "pycpg.services.archive",
    "AuditLogsClient": "pycpg.clients.auditlogs",
    "AuditLogsService": "pycpg.services.auditlogs",
    "DeviceService": "pycpg.services.devices",
    "KeyValueStoreService": "pycpg.services.keyvaluestore",
    "LegalHoldService": "pycpg.services.legalhold",
    "LoginConfigurationClient": "pycpg.clients.loginconfig",
    "OrgService": "pycpg.services.orgs",
    "RestoreFlow": "pycpg.clients._archiveaccess",
    "UserContext": "pycpg.usercontext",
    "UserService": "pycpg.services.users",
}

if not TYPE_CHECKING:  # type checkers see the imports above

    def __getattr__(name: str) -> Any:
        """Import one of ``_AREA_CLASSES`` on first access (PEP 562)."""
        try:
            module = _AREA_CLASSES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def from_local_account(
    host_address: str,
    username: str,
    password: str,
    totp: TotpSource | None = None,
    **options: Unpack[ClientOptions],
) -> SDKClient:
    """Sign in with a local CrashPlan account and check the credentials.

    Args:
        host_address: The console, e.g. ``console.us1.crashplan.com``
            (``https://`` is assumed when no scheme is given).
        username: The account's username.
        password: The account's password.
        totp: The current two-factor code, or a zero-argument callable that
            returns one (called on every sign-in).
        **options: Overrides of ``pycpg.settings`` for this client
            (``verify_ssl_certs``, ``proxies``, ``items_per_page``, ``timeout``,
            ``user_agent_prefix``, ``user_agent_suffix``, ``pool_maxsize``), and
            this SDK's own options (``max_retries``, ``retry_budget``,
            ``max_response_bytes``, ``page_concurrency``, ...: every key of
            :class:`~pycpg._http.config.ClientOptions`).

    Raises:
        PycpgUnauthorizedError: the credentials or the TOTP code were refused;
            the message ends with the account's login type.
        PycpgError: the account signs in with SSO, which this method cannot do.
    """
    client = SDKClient.from_local_account(host_address, username, password, totp, **options)
    try:
        client.users.get_current()
    except PycpgUnauthorizedError as error:
        _explain_refused_login(client, username, totp, error)
    return client


def from_api_client(
    host_address: str, client_id: str, secret: str, **options: Unpack[ClientOptions]
) -> SDKClient:
    """Sign in with an API client's ID and secret (fetches a token at once).

    Raises:
        PycpgUnauthorizedError: the client ID or secret was refused.
    """
    return SDKClient.from_api_client(host_address, client_id, secret, **options)


def from_jwt_provider(
    host_address: str, jwt_provider: Callable[[], str], **options: Unpack[ClientOptions]
) -> SDKClient:
    """Sign in with tokens from ``jwt_provider`` and check the first one.

    Args:
        host_address: The console address.
        jwt_provider: A zero-argument callable returning a bearer token; called
            now and again whenever the token is refused.

    Raises:
        PycpgUnauthorizedError: the provided token was refused.
    """
    client = SDKClient.from_jwt_provider(host_address, jwt_provider, **options)
    client.usercontext.get_current_tenant_id()
    return client


def _explain_refused_login(
    client: SDKClient, username: str, totp: TotpSource | None, error: PycpgUnauthorizedError
) -> NoReturn:
    try:
        login_type: str | None = client.loginconfig.get_for_user(username).model().login_type
    except PycpgError:
        login_type = None
    if login_type == "CLOUD_SSO":
        raise PycpgError(
            "SSO users are not supported in `from_local_account()`. "
            "Create an API client and use `from_api_client()` instead."
        ) from error
    hint = ""
    if login_type == "LOCAL_2FA" and totp is None:
        hint = " This account uses two-factor authentication: pass `totp=`."
    error.args = (
        f"Sign-in to {client.host_address} as {username!r} was refused. Check the "
        f"username, password and two-factor code, and that the host is the right "
        f"console.{hint} User LoginConfig: {login_type or 'unknown'}",
    )
    raise error


class SDKClient:
    """A signed-in CrashPlan API client; its properties are the API areas."""

    def __init__(
        self, main_connection: Connection, auth: CPGRenewableAuth | None, auth_flag: int | None = None
    ) -> None:
        self._main_connection = main_connection
        self._auth = auth
        self._auth_flag = auth_flag
        # The API areas, each built (and its module imported) on first use: a script that
        # reads users never loads the restore or legal-hold code. No I/O happens either way.
        self._areas: dict[str, Any] = {}
        self._areas_lock = threading.RLock()

    def _area(self, name: str, build: Callable[[], _A]) -> _A:
        """The API area ``name``, built once by ``build`` (thread-safe)."""
        area = self._areas.get(name)
        if area is None:
            with self._areas_lock:  # re-entrant: the archive area uses the devices area
                area = self._areas.get(name)
                if area is None:
                    area = self._areas[name] = build()
        return cast(_A, area)

    def _build_administration(self) -> AdministrationService:
        from pycpg.services.administration import AdministrationService

        return AdministrationService(self._main_connection)

    def _build_users(self) -> UserService:
        from pycpg.services.users import UserService

        return UserService(self._main_connection)

    def _build_devices(self) -> DeviceService:
        from pycpg.services.devices import DeviceService

        return DeviceService(self._main_connection)

    def _build_orgs(self) -> OrgService:
        from pycpg.services.orgs import OrgService

        return OrgService(self._main_connection)

    def _build_legalhold(self) -> LegalHoldService:
        from pycpg.services.legalhold import LegalHoldService

        return LegalHoldService(self._main_connection)

    def _build_auditlogs(self) -> AuditLogsClient:
        from pycpg.clients.auditlogs import AuditLogsClient
        from pycpg.services.auditlogs import AuditLogsService

        console = self._main_connection
        # The audit-log host is looked up in the key-value store, itself found next to the STS host.
        key_value_store = Connection(
            console.transport, auth=None, resolve_host=microservice_prefix_host(console, _KV_PREFIX)
        )
        audit_logs = Connection(
            console.transport, auth=console.auth, resolve_host=key_value_host(key_value_store, _AUDIT_LOG_KEY)
        )
        return AuditLogsClient(AuditLogsService(audit_logs))

    def _build_archive(self) -> ArchiveClient:
        from pycpg.clients._archiveaccess import RestoreFlow
        from pycpg.clients.archive import ArchiveClient
        from pycpg.services.archive import ArchiveService

        archives = ArchiveService(self._main_connection)
        return ArchiveClient(RestoreFlow(self._main_connection, self.devices, archives), archives)

    def _build_usercontext(self) -> UserContext:
        from pycpg.usercontext import UserContext

        return UserContext(self.serveradmin)

    def _build_loginconfig(self) -> LoginConfigurationClient:
        from pycpg.clients.loginconfig import LoginConfigurationClient

        return LoginConfigurationClient(Connection(self._main_connection.transport, auth=None))

    # -- construction ---------------------------------------------------------

    @classmethod
    def from_local_account(
        cls,
        host_address: str,
        username: str,
        password: str,
        totp: TotpSource | None = None,
        **options: Unpack[ClientOptions],
    ) -> Self:
        """Build a client for a local account without contacting the server.

        The token is fetched on the first request. See :func:`pycpg.sdk.from_local_account`.
        """
        transport = Transport(ClientConfig.from_settings(host_address, **options))
        basic = HTTPBasicAuth(username, password) if username and password else None
        auth = BearerAuth(Connection(transport, basic), totp)
        return cls(Connection(transport, auth), auth)

    @classmethod
    def from_api_client(
        cls, host_address: str, client_id: str, secret: str, **options: Unpack[ClientOptions]
    ) -> Self:
        """Build a client for an API client, fetching its token now."""
        transport = Transport(ClientConfig.from_settings(host_address, **options))
        auth = ApiClientAuth(Connection(transport, HTTPBasicAuth(client_id, secret)))
        auth.get_credentials()
        return cls(Connection(transport, auth), auth, auth_flag=1)

    @classmethod
    def from_jwt_provider(
        cls, host_address: str, jwt_provider: Callable[[], str], **options: Unpack[ClientOptions]
    ) -> Self:
        """Build a client whose tokens come from ``jwt_provider`` (called once now)."""
        transport = Transport(ClientConfig.from_settings(host_address, **options))
        auth = CustomJWTAuth(jwt_provider)
        auth.get_credentials()
        return cls(Connection(transport, auth), auth)

    # -- lifecycle ------------------------------------------------------------

    @property
    def host_address(self) -> str:
        """The normalised console address this client talks to."""
        return self._main_connection.host_address

    @contextmanager
    def timeout(self, seconds: float | tuple[float, float]) -> Iterator[None]:
        """Use another timeout for the requests made inside the ``with`` block.

        Args:
            seconds: One number for connect and read, or a ``(connect, read)`` pair.

        Example::

            with sdk.timeout((5, 600)):
                sdk.devices.get_page(1, include_backup_usage=True, page_size=1000)

        The override applies to this client only, and only in the current
        thread (or asyncio task): other clients and threads keep their timeouts.

        Raises:
            ValueError: ``seconds`` is not positive.
        """
        with self._main_connection.transport.timeout_override(seconds):
            yield

    def close(self) -> None:
        """Close this client's pooled connections."""
        self._main_connection.transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SDKClient {self.host_address}>"

    # -- API areas ------------------------------------------------------------

    @property
    def loginconfig(self) -> LoginConfigurationClient:
        """Login configuration lookups."""
        return self._area("loginconfig", self._build_loginconfig)

    @property
    def serveradmin(self) -> AdministrationService:
        """Tenant information."""
        return self._area("administration", self._build_administration)

    @property
    def users(self) -> UserService:
        """Users."""
        return self._area("users", self._build_users)

    @property
    def devices(self) -> DeviceService:
        """Devices (computers)."""
        return self._area("devices", self._build_devices)

    @property
    def usercontext(self) -> UserContext:
        """Facts about the signed-in session (tenant ID)."""
        return self._area("usercontext", self._build_usercontext)

    @property
    def orgs(self) -> OrgService:
        """Organizations."""
        return self._area("orgs", self._build_orgs)

    @property
    def legalhold(self) -> LegalHoldService:
        """Legal-hold policies, matters, custodians and events."""
        return self._area("legalhold", self._build_legalhold)

    @property
    def archive(self) -> ArchiveClient:
        """Archives, restore history, cold storage and restores."""
        return self._area("archive", self._build_archive)

    @property
    def auditlogs(self) -> AuditLogsClient:
        """Audit-log search."""
        return self._area("auditlogs", self._build_auditlogs)

