"""The pycpg "Basics" guide's examples, run as written against the emulator.

Only the console address and the credentials are replaced. The "Dates" example
needs sdk.legalhold, which is not built yet (see docs/compatibility.md).
"""

from __future__ import annotations

import json

import pytest
import requests
from requests.auth import HTTPBasicAuth

import pycpg.sdk
import pycpg.sdk.exceptions
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgUnauthorizedError
from pycpg.response import PycpgResponse


def test_initialization_examples(emulator: Emulator) -> None:
    plain, admin = emulator.plain_admin, emulator.admin
    sdk = pycpg.sdk.from_local_account(emulator.url, plain.username, plain.password)
    assert sdk.users.get_current()["username"] == plain.username

    sdk = pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=emulator.totp())
    assert sdk.users.get_current()["username"] == admin.username

    def promptForPassword() -> str:  # noqa: N802 - the guide's name
        return emulator.totp()

    sdk = pycpg.sdk.from_local_account(emulator.url, admin.username, admin.password, totp=promptForPassword)
    assert sdk.users.get_current()["username"] == admin.username


def test_jwt_provider_example(emulator: Emulator) -> None:
    account = emulator.plain_admin

    def jwt_provider() -> str:
        res = requests.get(
            f"{emulator.url}/api/v3/auth/jwt?useBody=true",
            auth=HTTPBasicAuth(account.username, account.password),
        )
        res_json = json.loads(res.text)
        return str(res_json["data"]["v3_user_token"])

    sdk_client = pycpg.sdk.from_jwt_provider(emulator.url, jwt_provider)
    assert sdk_client.usercontext.get_current_tenant_id() == emulator.tenant_uid


def test_paging_example(emulator: Emulator, sdk: pycpg.sdk.SDKClient, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sdk.devices.get_all(active=True, include_backup_usage=True)  # pages has 'generator' type
    for page in pages:  # page has 'PycpgResponse' type
        devices = page["computers"]
        for device in devices:
            userUid = device["userUid"]  # noqa: N806 - the guide's name
            name = device["name"]
            print(f"{userUid}: {name}")
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines) == sorted(f"{d.user.user_uid}: {d.name}" for d in emulator.tenant.devices if d.active)


def test_response_example(emulator: Emulator, sdk: pycpg.sdk.SDKClient, capsys: pytest.CaptureFixture[str]) -> None:
    record = next(d for d in emulator.tenant.devices if d.alert_states != ["OK"])
    response = sdk.devices.get_by_guid(record.guid)
    print(response)
    print(response.raw_text)
    print(response.status_code)
    alert_state = response["alertStates"]
    assert alert_state == record.alert_states
    alert_state = response.data.get("alertStates")
    if alert_state:
        print(alert_state)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(response.data)
    assert json.loads(out[1])["data"]["guid"] == record.guid
    assert out[2] == "200"
    assert out[3] == str(record.alert_states)
    assert isinstance(response, PycpgResponse)


def test_exceptions_example(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    def create_sdk(username: str) -> pycpg.sdk.SDKClient:
        """Tries to initialize SDK. If unauthorized, prints message and exits."""
        try:
            password = "not-the-password"  # the guide reads it from keyring
            return pycpg.sdk.from_local_account(emulator.url, username, password)
        except PycpgUnauthorizedError:
            print("Invalid username or password.")
            exit(1)

    with pytest.raises(SystemExit) as exited:
        create_sdk(emulator.plain_admin.username)
    assert exited.value.code == 1
    assert capsys.readouterr().out == "Invalid username or password.\n"
    assert pycpg.sdk.exceptions.PycpgUnauthorizedError is PycpgUnauthorizedError
    assert pycpg.sdk.exceptions.PycpgForbiddenError.__mro__[1] is pycpg.sdk.exceptions.PycpgHTTPError
    assert pycpg.sdk.exceptions.PycpgInternalServerError.__mro__[1] is pycpg.sdk.exceptions.PycpgHTTPError
