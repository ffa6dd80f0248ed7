"""Sign-in flows: token endpoints, TOTP, validation, renewal, refusal messages."""

from __future__ import annotations

import base64

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgForbiddenError, PycpgUnauthorizedError
from tests.journal import requests_to


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_local_account_with_totp_fetches_token_then_validates(emulator: Emulator) -> None:
    admin = emulator.admin
    code = emulator.totp()
    sdk = pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=code)
    token_request, validation = emulator.journal
    assert (token_request.method, token_request.path, token_request.query) == (
        "GET", "/api/v3/auth/jwt", [("useBody", "True")],
    )
    assert token_request.headers["totp-auth"] == code
    assert token_request.headers["authorization"] == _basic(admin.username, admin.password)
    assert (validation.method, validation.path, validation.status) == ("GET", "/api/v1/User/my", 200)
    assert validation.headers["authorization"].startswith("Bearer ")
    assert "totp-auth" not in validation.headers
    assert sdk.users.get_current()["username"] == admin.username


def test_integer_totp_is_sent_as_text(emulator: Emulator) -> None:
    admin = emulator.admin
    with pytest.raises(PycpgUnauthorizedError):
        pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=123)
    assert requests_to(emulator, "/api/v3/auth/jwt")[0].headers["totp-auth"] == "123"


def test_callable_totp_is_called_for_every_token(emulator: Emulator) -> None:
    calls: list[str] = []

    def totp() -> str:
        calls.append(emulator.totp())
        return calls[-1]

    admin = emulator.admin
    sdk = pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=totp)
    assert len(calls) == 1
    emulator.expire_tokens()
    emulator.clear_journal()
    assert sdk.users.get_current()["username"] == admin.username
    assert len(calls) == 2
    assert [(e.path, e.status) for e in emulator.journal] == [
        ("/api/v1/User/my", 401),
        ("/api/v3/auth/jwt", 200),
        ("/api/v1/User/my", 200),
    ]


def test_client_classmethod_sends_nothing_until_first_call(emulator: Emulator) -> None:
    account = emulator.plain_admin
    sdk = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    assert emulator.journal == []
    sdk.devices.get_page(1)
    assert [e.path for e in emulator.journal] == ["/api/v3/auth/jwt", "/api/v1/Computer"]


def test_wrong_password_is_refused_with_login_type_and_one_token_request(emulator: Emulator) -> None:
    account = emulator.plain_admin
    with pytest.raises(PycpgUnauthorizedError) as caught:
        pycpg.sdk.from_local_account(emulator.url, account.username, "wrong-password")
    assert str(caught.value).endswith("User LoginConfig: LOCAL")
    assert caught.value.response.status_code == 401
    assert [(e.path, e.status) for e in emulator.journal] == [
        ("/api/v3/auth/jwt", 401),
        ("/api/v3/LoginConfiguration", 200),
    ]
    lookup = emulator.journal[1]
    assert lookup.query == [("username", account.username)]
    assert "authorization" not in lookup.headers


def test_missing_totp_for_2fa_account_says_so(emulator: Emulator) -> None:
    admin = emulator.admin
    with pytest.raises(PycpgUnauthorizedError) as caught:
        pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password)
    message = str(caught.value)
    assert "totp=" in message
    assert message.endswith("User LoginConfig: LOCAL_2FA")


def test_sso_account_is_not_supported(emulator: Emulator) -> None:
    user = emulator.sso_user
    with pytest.raises(PycpgError, match="SSO users are not supported in `from_local_account\\(\\)`") as caught:
        pycpg.sdk.from_local_account(emulator.url, user.username, user.password)
    assert not isinstance(caught.value, PycpgUnauthorizedError)


def test_api_client_token_request_is_eager_and_exact(emulator: Emulator) -> None:
    sdk = pycpg.sdk.from_api_client(emulator.url, emulator.api_client_id, emulator.api_client_secret)
    (token_request,) = emulator.journal
    assert (token_request.method, token_request.path, token_request.query) == (
        "POST", "/api/v3/oauth/token", [("grant_type", "client_credentials")],
    )
    assert token_request.headers["content-type"] == "application/json"
    assert token_request.headers["authorization"] == _basic(emulator.api_client_id, emulator.api_client_secret)
    assert token_request.body == b""
    page = sdk.devices.get_page(1)
    assert len(page["computers"]) == len(emulator.tenant.devices)


def test_api_client_with_wrong_secret_is_refused(emulator: Emulator) -> None:
    with pytest.raises(PycpgUnauthorizedError):
        pycpg.sdk.from_api_client(emulator.url, emulator.api_client_id, "not-the-secret")
    assert len(emulator.journal) == 1


def test_jwt_provider_is_called_once_and_validated_with_tenant(emulator: Emulator) -> None:
    calls: list[str] = []

    def provider() -> str:
        calls.append(emulator.issue_token(emulator.plain_admin.username))
        return calls[-1]

    sdk = pycpg.sdk.from_jwt_provider(emulator.url, provider)
    assert len(calls) == 1
    (validation,) = emulator.journal
    assert (validation.path, validation.headers["authorization"]) == ("/api/v3/customer/my", f"Bearer {calls[0]}")
    assert sdk.usercontext.get_current_tenant_id() == emulator.tenant_uid
    assert len(emulator.journal) == 1  # the tenant id is cached


def test_renewal_happens_once_then_the_401_is_raised(emulator: Emulator) -> None:
    good = emulator.issue_token(emulator.plain_admin.username)
    tokens = iter([good, "stale-1", "stale-2", "stale-3"])
    sdk = pycpg.sdk.SDKClient.from_jwt_provider(emulator.url, lambda: next(tokens))
    emulator.expire_tokens()
    with pytest.raises(PycpgUnauthorizedError):
        sdk.users.get_current()
    assert [(e.path, e.status) for e in emulator.journal] == [("/api/v1/User/my", 401), ("/api/v1/User/my", 401)]
    assert emulator.journal[1].headers["authorization"] == "Bearer stale-1"


def test_restricted_user_gets_forbidden_on_user_listing(emulator: Emulator) -> None:
    user = emulator.restricted
    sdk = pycpg.sdk.from_local_account(emulator.url, user.username, user.password)
    with pytest.raises(PycpgForbiddenError) as caught:
        sdk.users.get_page(1)
    assert caught.value.response.status_code == 403
    own = {d.guid for d in emulator.tenant.devices if d.user.user_uid == user.user_uid}
    assert {d.guid for d in sdk.devices.iter_all()} == own


def test_sdk_client_exposes_the_nine_areas(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    from pycpg.clients.loginconfig import LoginConfigurationClient
    from pycpg.services.administration import AdministrationService
    from pycpg.services.devices import DeviceService
    from pycpg.services.orgs import OrgService
    from pycpg.services.legalhold import LegalHoldService
    from pycpg.clients.archive import ArchiveClient
    from pycpg.clients.auditlogs import AuditLogsClient
    from pycpg.services.users import UserService
    from pycpg.usercontext import UserContext

    assert isinstance(sdk.loginconfig, LoginConfigurationClient)
    assert isinstance(sdk.serveradmin, AdministrationService)
    assert isinstance(sdk.users, UserService)
    assert isinstance(sdk.devices, DeviceService)
    assert isinstance(sdk.usercontext, UserContext)
    assert isinstance(sdk.orgs, OrgService)
    assert isinstance(sdk.legalhold, LegalHoldService)
    assert isinstance(sdk.auditlogs, AuditLogsClient)
    assert isinstance(sdk.archive, ArchiveClient)


def test_serveradmin_and_loginconfig(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    tenant = sdk.serveradmin.get_current_tenant()
    assert tenant.model().tenant_uid == emulator.tenant_uid == tenant["tenantUid"]
    config = sdk.loginconfig.get_for_user(emulator.admin.username)
    assert config.model().login_type == "LOCAL_2FA"
    assert config["loginType"] == "LOCAL_2FA"
    lookup = requests_to(emulator, "/api/v3/LoginConfiguration")[0]
    assert "authorization" not in lookup.headers
    assert lookup.headers["user-agent"].startswith("pycpg/")


def test_login_configuration_per_account(emulator: Emulator, sdk: pycpg.sdk.SDKClient) -> None:
    expected = {
        emulator.admin.username: "LOCAL_2FA",
        emulator.plain_admin.username: "LOCAL",
        emulator.restricted.username: "LOCAL",
        emulator.sso_user.username: "CLOUD_SSO",
        "nobody-here@example.com": "LOCAL_2FA",  # unknown users look like 2FA accounts
    }
    seen = {name: sdk.loginconfig.get_for_user(name).model().login_type for name in expected}
    assert seen == expected
    assert [e.query for e in requests_to(emulator, "/api/v3/LoginConfiguration")] == [
        [("username", name)] for name in expected
    ]
