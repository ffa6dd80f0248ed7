"""mypy contract: run with `mypy --strict tests/typing`; assert_type fails the check on drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_type

import pycpg.sdk
from pycpg.models import Device, DevicePage, LoginConfig, Tenant, User, UserPage
from pycpg.response import PycpgResponse


def check_sdk(sdk: pycpg.sdk.SDKClient) -> None:
    assert_type(sdk.users.get_current(), PycpgResponse[User])
    assert_type(sdk.users.get_current().model(), User)
    assert_type(sdk.users.get_by_id(1).model(), User)
    assert_type(sdk.users.get_by_uid("u").model(), User)
    assert_type(sdk.users.get_by_username("a@b.c").model(), UserPage)
    assert_type(sdk.users.get_page(1).model(), UserPage)
    assert_type(sdk.users.get_all(), Iterator[PycpgResponse[UserPage]])
    assert_type(sdk.users.iter_all(active=True), Iterator[User])

    assert_type(sdk.devices.get_all(), Iterator[PycpgResponse[DevicePage]])
    for page in sdk.devices.get_all(active=True):
        assert_type(page.model(), DevicePage)
        assert_type(page.model().computers, list[Device])
        assert_type(page["computers"], Any)
    assert_type(sdk.devices.get_page(1).model(), DevicePage)
    assert_type(sdk.devices.get_by_id(1).model(), Device)
    assert_type(sdk.devices.get_by_guid("g").model(), Device)
    assert_type(sdk.devices.iter_all(), Iterator[Device])

    assert_type(sdk.serveradmin.get_current_tenant().model(), Tenant)
    assert_type(sdk.usercontext.get_current_tenant_id(), str)
    assert_type(sdk.loginconfig.get_for_user("a").model(), LoginConfig)
    assert_type(sdk.devices.get_by_guid("g").model(dict[str, Any]), dict[str, Any])


def check_factories() -> None:
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp=lambda: "123456"), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp="123456", timeout=(3, 30)), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_api_client("h", "id", "secret", verify_ssl_certs=False), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_jwt_provider("h", lambda: "token"), pycpg.sdk.SDKClient)


def check_untyped_response(response: PycpgResponse) -> None:
    assert_type(response.model(), Any)
    assert_type(response.model(Device), Device)
