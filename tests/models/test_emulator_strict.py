"""The emulator sends every required field and only known values: its answers parse in strict mode.

Strict parsing refuses a missing required field, a number where the API sends a
string, and any value outside the known sets of ``pycpg.constants``; so each typed
answer of the emulator passing ``.model(strict=True)`` shows that the emulator's
shapes and the models' required fields and value sets agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.response import PycpgResponse

Call = Callable[[pycpg.sdk.SDKClient, Emulator], Any]


def _device_with_archives(emulator: Emulator) -> Any:
    return next(d for d in emulator.tenant.devices if d.backup_usage)


def _deactivated_device_org(emulator: Emulator) -> int:
    device = next(d for d in emulator.tenant.devices if not d.active and d.backup_usage)
    return device.user.org.org_id


def _matter_uid(sdk: pycpg.sdk.SDKClient) -> str:
    return sdk.legalhold.get_matters_page(1, active=None).model()[0].legal_hold_uid


CALLS: dict[str, Call] = {
    "users.get_current": lambda s, e: s.users.get_current(),
    "users.get_page": lambda s, e: s.users.get_page(1, incRoles=True),
    "users.get_available_roles": lambda s, e: s.users.get_available_roles(),
    "users.get_roles": lambda s, e: s.users.get_roles(e.tenant.users[0].user_id),
    "devices.get_page": lambda s, e: s.devices.get_page(1, include_backup_usage=True),
    "devices.get_by_id": lambda s, e: s.devices.get_by_id(e.tenant.devices[0].computer_id, include_backup_usage=True),
    "orgs.get_page": lambda s, e: s.orgs.get_page(),
    "orgs.get_current": lambda s, e: s.orgs.get_current(),
    "orgs.get_by_id": lambda s, e: s.orgs.get_by_id(e.tenant.orgs[-1].org_id),
    "serveradmin.get_current_tenant": lambda s, e: s.serveradmin.get_current_tenant(),
    "loginconfig.get_for_user": lambda s, e: s.loginconfig.get_for_user(e.plain_admin.username),
    "legalhold.get_policy_list": lambda s, e: s.legalhold.get_policy_list(),
    "legalhold.get_matters_page": lambda s, e: s.legalhold.get_matters_page(1, active=None),
    "legalhold.get_custodians_page": lambda s, e: s.legalhold.get_custodians_page(1, _matter_uid(s)),
    "legalhold.get_events_page": lambda s, e: s.legalhold.get_events_page(),
    "auditlogs.get_page": lambda s, e: s.auditlogs.get_page(),
    "archive.get_all_by_device_guid": lambda s, e: next(s.archive.get_all_by_device_guid(_device_with_archives(e).guid)),
    "archive.get_backup_sets": lambda s, e: s.archive.get_backup_sets(
        _device_with_archives(e).guid, _device_with_archives(e).backup_usage[0].destination.guid
    ),
    "archive.get_all_org_restore_history": lambda s, e: next(
        s.archive.get_all_org_restore_history(3650, e.tenant.orgs[0].org_id)
    ),
    "archive.get_all_org_cold_storage_archives": lambda s, e: next(
        s.archive.get_all_org_cold_storage_archives(_deactivated_device_org(e))
    ),
    # The authority's restore-flow lookups (the storage node's are exercised by the restore tests).
    "archive service.get_data_key_token": lambda s, e: s.archive._archive_service.get_data_key_token(
        _device_with_archives(e).guid
    ),
    "archive service.get_web_restore_info": lambda s, e: s.archive._archive_service.get_web_restore_info(
        _device_with_archives(e).guid, _device_with_archives(e).backup_usage[0].destination.guid
    ),
    "archive service.get_connected_server_url": lambda s, e: s.archive._archive_service.get_connected_server_url(
        _device_with_archives(e).guid
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_typed_answer_parses_strictly(emulator: Emulator, sdk: pycpg.sdk.SDKClient, name: str) -> None:
    response: PycpgResponse[Any] = CALLS[name](sdk, emulator)

    strict = response.model(strict=True)

    assert strict == response.model()
    assert strict is not None
