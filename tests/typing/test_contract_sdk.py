"""mypy contract for the entry points: pycpg.sdk's functions and SDKClient's own members.

Checked by ``mypy --strict tests/typing``; the ``check_*`` functions are never
called. tests/test_typing_coverage.py proves that every public member is pinned.
"""

from __future__ import annotations

from contextlib import _GeneratorContextManager
from typing import assert_type

import pycpg.sdk
from pycpg.clients.archive import ArchiveClient
from pycpg.clients.auditlogs import AuditLogsClient
from pycpg.clients.loginconfig import LoginConfigurationClient
from pycpg.sdk import SDKClient
from pycpg.services.administration import AdministrationService
from pycpg.services.devices import DeviceService
from pycpg.services.legalhold import LegalHoldService
from pycpg.services.orgs import OrgService
from pycpg.services.users import UserService
from pycpg.usercontext import UserContext


def check_module_functions() -> None:
    assert_type(pycpg.sdk.from_local_account("h", "u", "p"), SDKClient)
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", "123456", items_per_page=100), SDKClient)
    assert_type(pycpg.sdk.from_api_client("h", "id", "secret"), SDKClient)
    assert_type(pycpg.sdk.from_jwt_provider("h", lambda: "token", proxies={"https": "p"}), SDKClient)


def check_constructors() -> None:
    # Self-typed class methods: a subclass gets its own type back.
    class MyClient(SDKClient):
        pass

    assert_type(SDKClient.from_local_account("h", "u", "p"), SDKClient)
    assert_type(SDKClient.from_local_account("h", "u", "p", totp=lambda: "123456"), SDKClient)
    assert_type(SDKClient.from_api_client("h", "id", "secret", timeout=30), SDKClient)
    assert_type(SDKClient.from_jwt_provider("h", lambda: "token"), SDKClient)
    assert_type(MyClient.from_local_account("h", "u", "p"), MyClient)
    assert_type(MyClient.from_api_client("h", "id", "secret"), MyClient)
    assert_type(MyClient.from_jwt_provider("h", lambda: "token"), MyClient)


def check_lifecycle(sdk: SDKClient) -> None:
    assert_type(sdk.host_address, str)
    assert_type(sdk.timeout(30), _GeneratorContextManager[None, None, None])
    assert_type(sdk.timeout((5, 600)), _GeneratorContextManager[None, None, None])
    with sdk.timeout(5.5) as entered:
        assert_type(entered, None)
    assert_type(sdk.close(), None)
    with sdk as same:
        assert_type(same, SDKClient)


def check_api_areas(sdk: SDKClient) -> None:
    assert_type(sdk.loginconfig, LoginConfigurationClient)
    assert_type(sdk.serveradmin, AdministrationService)
    assert_type(sdk.users, UserService)
    assert_type(sdk.devices, DeviceService)
    assert_type(sdk.usercontext, UserContext)
    assert_type(sdk.orgs, OrgService)
    assert_type(sdk.legalhold, LegalHoldService)
    assert_type(sdk.archive, ArchiveClient)
    assert_type(sdk.auditlogs, AuditLogsClient)
