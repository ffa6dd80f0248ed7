"""Auth flows: user JWT (+TOTP), API client, bearer checks, login configuration."""

from __future__ import annotations

import time

import pytest
import requests

from pycpg.emulator import Emulator, totp_code
from tests.emulator.emu_support import admin_token, call, data

INVALID_CREDENTIALS = [{"name": "SYSTEM", "description": "Invalid or missing credentials"}]


def jwt(emu: Emulator, username: str, password: str, totp: str | None = None,
        use_body: str = "True") -> requests.Response:
    headers = {"totp-auth": totp} if totp is not None else {}
    return call(emu, "/api/v3/auth/jwt", params={"useBody": use_body}, auth=(username, password), headers=headers)


def v3_error_key(response: requests.Response) -> str:
    body = response.json()
    assert body["data"] is None and body["warnings"] is None
    assert body["error"][0]["otherErrors"] is None
    key: str = body["error"][0]["primaryErrorKey"]
    return key


# -- user JWT ----------------------------------------------------------------


@pytest.mark.parametrize("use_body", ["true", "True", "TRUE"])
def test_admin_login_with_current_totp_returns_a_usable_token(emulator: Emulator, use_body: str) -> None:
    response = jwt(emulator, emulator.admin.username, emulator.admin.password, emulator.totp(), use_body)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    body = response.json()
    assert body["error"] is None and body["warnings"] is None
    token = body["data"]["v3_user_token"]
    me = call(emulator, "/api/v1/User/my", token)
    assert me.status_code == 200
    assert data(me)["username"] == emulator.admin.username


def test_totp_of_the_previous_step_is_still_accepted(emulator: Emulator) -> None:
    previous = totp_code(emulator.admin.totp_secret or "", time.time() - 30)
    assert jwt(emulator, emulator.admin.username, emulator.admin.password, previous).status_code == 200


def test_missing_totp_is_refused_with_required_key(emulator: Emulator) -> None:
    response = jwt(emulator, emulator.admin.username, emulator.admin.password)
    assert response.status_code == 401
    assert v3_error_key(response) == "TIME_BASED_ONE_TIME_PASSWORD_REQUIRED"


def test_wrong_totp_is_refused_with_invalid_key(emulator: Emulator) -> None:
    stale = emulator.totp(at=time.time() - 600)
    if stale == emulator.totp():  # pragma: no cover - one chance in a million
        stale = str((int(stale) + 1) % 1_000_000).zfill(6)
    response = jwt(emulator, emulator.admin.username, emulator.admin.password, stale)
    assert response.status_code == 401
    assert v3_error_key(response) == "INVALID_TIME_BASED_ONE_TIME_PASSWORD"


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", "12345\u00e9"])
def test_malformed_totp_is_refused_not_crashing(emulator: Emulator, code: str) -> None:
    response = jwt(emulator, emulator.admin.username, emulator.admin.password, code)
    assert response.status_code == 401
    assert v3_error_key(response) == "INVALID_TIME_BASED_ONE_TIME_PASSWORD"


def test_wrong_password_is_refused_before_totp(emulator: Emulator) -> None:
    response = jwt(emulator, emulator.admin.username, "not-the-password", emulator.totp())
    assert response.status_code == 401
    assert v3_error_key(response) == "INVALID_USERNAME_OR_PASSWORD"


def test_unknown_user_is_refused(emulator: Emulator) -> None:
    response = jwt(emulator, "nobody@example.com", "whatever")
    assert response.status_code == 401
    assert v3_error_key(response) == "INVALID_USERNAME_OR_PASSWORD"


def test_missing_basic_credentials_are_refused(emulator: Emulator) -> None:
    response = call(emulator, "/api/v3/auth/jwt", params={"useBody": "true"})
    assert response.status_code == 401
    assert v3_error_key(response) == "INVALID_USERNAME_OR_PASSWORD"


def test_sso_user_is_refused_even_with_its_password(emulator: Emulator) -> None:
    response = jwt(emulator, emulator.sso_user.username, emulator.sso_user.password)
    assert response.status_code == 401
    assert emulator.sso_user.login_type == "CLOUD_SSO"


@pytest.mark.parametrize("which", ["plain_admin", "restricted"])
def test_local_accounts_log_in_without_totp(emulator: Emulator, which: str) -> None:
    account = getattr(emulator, which)
    assert account.totp_secret is None and account.login_type == "LOCAL"
    response = jwt(emulator, account.username, account.password)
    assert response.status_code == 200
    me = call(emulator, "/api/v1/User/my", data(response)["v3_user_token"])
    assert data(me)["userUid"] == account.user_uid


def test_custom_admin_credentials_are_honoured() -> None:
    with Emulator(seed=3, users=5, devices=2, admin_username="boss@corp.example", admin_password="s3cret",
                  totp_secret="JBSWY3DPEHPK3PXP") as emu:
        assert emu.admin.username == "boss@corp.example"
        assert jwt(emu, "boss@corp.example", "s3cret", emu.totp()).status_code == 200
        assert jwt(emu, "admin@example.com", "s3cret", emu.totp()).status_code == 401


def test_tokens_are_random_not_seeded() -> None:
    with Emulator(seed=5, users=4, devices=0) as first, Emulator(seed=5, users=4, devices=0) as second:
        one = jwt(first, first.plain_admin.username, first.plain_admin.password)
        two = jwt(second, second.plain_admin.username, second.plain_admin.password)
        assert data(one)["v3_user_token"] != data(two)["v3_user_token"]


# -- API client ----------------------------------------------------------------


def client_token(emu: Emulator, client_id: str, secret: str, grant: str = "client_credentials") -> requests.Response:
    return call(emu, "/api/v3/oauth/token", method="POST", params={"grant_type": grant}, auth=(client_id, secret),
                headers={"Content-Type": "application/json"})


def test_api_client_gets_a_bare_oauth_token(emulator: Emulator) -> None:
    response = client_token(emulator, emulator.api_client_id, emulator.api_client_secret)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    customer = call(emulator, "/api/v3/customer/my", body["access_token"])
    assert customer.status_code == 200


def test_api_client_token_lists_users_but_has_no_user_record(emulator: Emulator) -> None:
    token = client_token(emulator, emulator.api_client_id, emulator.api_client_secret).json()["access_token"]
    assert call(emulator, "/api/v1/User", token).status_code == 200
    me = call(emulator, "/api/v1/User/my", token)
    assert me.status_code == 404
    assert me.json() == [{"name": "SYSTEM", "description": "User not found"}]


@pytest.mark.parametrize(("client_id", "secret"), [("key-wrong", None), (None, "wrong-secret")])
def test_api_client_with_wrong_credentials_is_refused(emulator: Emulator, client_id: str | None,
                                                      secret: str | None) -> None:
    response = client_token(emulator, client_id or emulator.api_client_id, secret or emulator.api_client_secret)
    assert response.status_code == 401
    assert "access_token" not in response.json()


def test_api_client_needs_client_credentials_grant(emulator: Emulator) -> None:
    response = client_token(emulator, emulator.api_client_id, emulator.api_client_secret, grant="password")
    assert response.status_code == 400


def test_api_client_token_endpoint_is_post_only(emulator: Emulator) -> None:
    response = call(emulator, "/api/v3/oauth/token", params={"grant_type": "client_credentials"},
                    auth=(emulator.api_client_id, emulator.api_client_secret))
    assert response.status_code == 405


# -- bearer checks ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/User/my", "/api/v1/Computer", "/api/v3/customer/my", "/api/v1/User/1"])
def test_endpoints_require_a_bearer_token(emulator: Emulator, path: str) -> None:
    response = call(emulator, path)
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic YWRtaW46eA==", "Bearer", ""])
def test_unknown_or_malformed_authorization_is_refused(emulator: Emulator, header: str) -> None:
    response = call(emulator, "/api/v1/User/my", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_expire_tokens_invalidates_every_issued_token(emulator: Emulator) -> None:
    user_token = admin_token(emulator)
    api_token = client_token(emulator, emulator.api_client_id, emulator.api_client_secret).json()["access_token"]
    assert call(emulator, "/api/v1/User/my", user_token).status_code == 200
    emulator.expire_tokens()
    for token in (user_token, api_token):
        response = call(emulator, "/api/v3/customer/my", token)
        assert response.status_code == 401
        assert response.json() == INVALID_CREDENTIALS
    assert call(emulator, "/api/v1/User/my", admin_token(emulator)).status_code == 200


def test_user_token_expires_after_its_lifetime() -> None:
    with Emulator(seed=2, users=4, devices=0, user_token_lifetime=0.15) as emu:
        token = data(jwt(emu, emu.plain_admin.username, emu.plain_admin.password))["v3_user_token"]
        assert call(emu, "/api/v1/User/my", token).status_code == 200
        time.sleep(0.2)
        assert call(emu, "/api/v1/User/my", token).status_code == 401


def test_api_token_expires_after_its_lifetime_and_reports_it() -> None:
    with Emulator(seed=2, users=4, devices=0, api_token_lifetime=0.15) as emu:
        body = client_token(emu, emu.api_client_id, emu.api_client_secret).json()
        assert body["expires_in"] == 1
        assert call(emu, "/api/v3/customer/my", body["access_token"]).status_code == 200
        time.sleep(0.2)
        assert call(emu, "/api/v3/customer/my", body["access_token"]).status_code == 401


def test_issue_token_gives_a_token_for_any_tenant_user(emulator: Emulator) -> None:
    user = next(u for u in emulator.tenant.users if u.username not in {a.username for a in (
        emulator.admin, emulator.plain_admin, emulator.restricted, emulator.sso_user)})
    token = emulator.issue_token(user.username)
    assert data(call(emulator, "/api/v1/User/my", token))["userUid"] == user.user_uid
    assert call(emulator, "/api/v1/User", token).status_code == 403
    with pytest.raises(KeyError):
        emulator.issue_token("ghost@example.com")


# -- login configuration and tenant --------------------------------------------------


@pytest.mark.parametrize(("which", "expected"), [("admin", "LOCAL_2FA"), ("plain_admin", "LOCAL"),
                                                ("restricted", "LOCAL"), ("sso_user", "CLOUD_SSO")])
def test_login_configuration_reports_the_account_type_without_auth(emulator: Emulator, which: str,
                                                                   expected: str) -> None:
    username = getattr(emulator, which).username
    response = call(emulator, "/api/v3/LoginConfiguration", params={"username": username})
    assert response.status_code == 200
    assert response.json() == {"data": {"loginType": expected}, "error": None, "warnings": None}


def test_login_configuration_of_unknown_user_is_local_2fa(emulator: Emulator) -> None:
    response = call(emulator, "/api/v3/LoginConfiguration", params={"username": "ghost@example.com"})
    assert data(response) == {"loginType": "LOCAL_2FA"}


def test_login_configuration_tolerates_the_double_slash_pycpg_sends(emulator: Emulator) -> None:
    response = requests.get(emulator.url + "//api/v3/LoginConfiguration",
                            params={"username": emulator.sso_user.username}, timeout=10)
    assert response.status_code == 200
    assert data(response)["loginType"] == "CLOUD_SSO"


def test_customer_my_describes_the_tenant(emulator: Emulator) -> None:
    body = call(emulator, "/api/v3/customer/my", admin_token(emulator)).json()
    assert body["error"] is None and body["warnings"] is None
    customer = body["data"]
    assert customer["tenantUid"] == emulator.tenant_uid
    assert len(customer["registrationKey"]) == 16 and customer["registrationKey"].isdigit()
    assert customer["deploymentModel"] == "PUBLIC"
    assert customer["maintenanceMode"] is False
    assert set(customer["masterServicesAgreement"]) == {"accepted", "acceptanceRequired"}
    assert isinstance(customer["name"], str) and customer["name"]
