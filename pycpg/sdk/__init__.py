"""Entry points: build an :class:`SDKClient` for a CrashPlan console.

>>> import pycpg.sdk
>>> sdk = pycpg.sdk.from_local_account("console.us1.crashplan.com", "me@example.com", "pw")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import NoReturn

from requests.auth import HTTPBasicAuth
from typing_extensions import Self, Unpack

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
from pycpg.clients._archiveaccess import RestoreFlow
from pycpg.clients.archive import ArchiveClient
from pycpg.clients.auditlogs import AuditLogsClient
from pycpg.clients.loginconfig import LoginConfigurationClient
from pycpg.exceptions import PycpgError, PycpgUnauthorizedError
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
            ``user_agent_prefix``, ``user_agent_suffix``, ``pool_maxsize``).

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
        transport = main_connection.transport
        self._administration = AdministrationService(main_connection)
        self._users = UserService(main_connection)
        self._devices = DeviceService(main_connection)
        self._orgs = OrgService(main_connection)
        self._legalhold = LegalHoldService(main_connection)
        key_value_store = Connection(
            transport, auth=None, resolve_host=microservice_prefix_host(main_connection, _KV_PREFIX)
        )
        self._key_value_store = KeyValueStoreService(key_value_store)
        audit_logs = Connection(
            transport, auth=main_connection.auth, resolve_host=key_value_host(key_value_store, _AUDIT_LOG_KEY)
        )
        self._auditlogs = AuditLogsClient(AuditLogsService(audit_logs))
        archives = ArchiveService(main_connection)
        self._archive = ArchiveClient(RestoreFlow(main_connection, self._devices, archives), archives)
        self._user_ctx = UserContext(self._administration)
        self._loginconfig = LoginConfigurationClient(Connection(transport, auth=None))

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
        return self._loginconfig

    @property
    def serveradmin(self) -> AdministrationService:
        """Tenant information."""
        return self._administration

    @property
    def users(self) -> UserService:
        """Users."""
        return self._users

    @property
    def devices(self) -> DeviceService:
        """Devices (computers)."""
        return self._devices

    @property
    def usercontext(self) -> UserContext:
        """Facts about the signed-in session (tenant ID)."""
        return self._user_ctx

    @property
    def orgs(self) -> OrgService:
        """Organizations."""
        return self._orgs

    @property
    def legalhold(self) -> LegalHoldService:
        """Legal-hold policies, matters, custodians and events."""
        return self._legalhold

    @property
    def archive(self) -> ArchiveClient:
        """Archives, restore history, cold storage and restores."""
        return self._archive

    @property
    def auditlogs(self) -> AuditLogsClient:
        """Audit-log search."""
        return self._auditlogs

