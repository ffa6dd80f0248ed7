"""mypy contract: run with `mypy --strict tests/typing`; assert_type fails the check on drift."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, assert_type

import pycpg.sdk
from pycpg.models import (
    AgentState,
    AuditLogEvent,
    AuditLogPage,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
    Device,
    DevicePage,
    LoginConfig,
    Org,
    OrgPage,
    Role,
    ScimUser,
    Tenant,
    User,
    UserPage,
    UserRole,
)
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


def check_writes(sdk: pycpg.sdk.SDKClient) -> None:
    assert_type(sdk.users.create_user("o", "u", "e").model(), User)
    assert_type(sdk.users.get_scim_data_by_uid("u").model(), ScimUser)
    assert_type(sdk.users.block(1).model(), None)
    assert_type(sdk.users.unblock(1), PycpgResponse[None])
    assert_type(sdk.users.deactivate(1, block_user=True).model(), None)
    assert_type(sdk.users.reactivate(1, unblock_user=True).model(), None)
    assert_type(sdk.users.change_org_assignment(1, 2).model(), None)
    assert_type(sdk.users.get_available_roles().model(), list[Role])
    assert_type(sdk.users.get_roles(1).model(), list[UserRole])
    assert_type(sdk.users.add_role(1, "Desktop User").model(), list[UserRole])
    assert_type(sdk.users.remove_role(1, "Desktop User").model(), list[UserRole])
    assert_type(sdk.users.update_user("u", email="e").model(), User)

    assert_type(sdk.devices.block(1).model(), None)
    assert_type(sdk.devices.unblock(1).model(), None)
    assert_type(sdk.devices.deactivate(1).model(), None)
    assert_type(sdk.devices.reactivate(1).model(), None)
    assert_type(sdk.devices.deauthorize(1).model(), None)
    assert_type(sdk.devices.get_agent_state("g", "fullDiskAccess").model(), list[AgentState])
    assert_type(sdk.devices.get_agent_full_disk_access_state("g").model(), list[AgentState])
    assert_type(sdk.devices.upgrade("g").model(), None)

    assert_type(sdk.orgs.org_id_map, dict[int | str, str])
    assert_type(sdk.orgs.create_org("n").model(), Org)
    assert_type(sdk.orgs.get_by_id(1).model(), Org)
    assert_type(sdk.orgs.get_by_uid("u").model(), Org)
    assert_type(sdk.orgs.get_page().model(), OrgPage)
    assert_type(sdk.orgs.get_all(), Iterator[PycpgResponse[OrgPage]])
    assert_type(sdk.orgs.iter_all(), Iterator[Org])
    assert_type(sdk.orgs.block(1).model(), None)
    assert_type(sdk.orgs.unblock(1).model(), None)
    assert_type(sdk.orgs.deactivate(1).model(), None)
    assert_type(sdk.orgs.reactivate(1).model(), None)
    assert_type(sdk.orgs.get_current().model(), Org)
    assert_type(sdk.orgs.get_agent_state(1, "p").model(), list[AgentState])
    assert_type(sdk.orgs.get_agent_full_disk_access_states(1).model(), list[AgentState])
    assert_type(sdk.orgs.update_org(1, name="n").model(), Org)


def check_legal_hold_and_audit(sdk: pycpg.sdk.SDKClient) -> None:
    lh = sdk.legalhold
    assert_type(lh.create_policy("p").model(), LegalHoldPolicy)
    assert_type(lh.get_policy_by_uid("u").model(), LegalHoldPolicy)
    assert_type(lh.get_policy_list().model(), list[LegalHoldPolicy])
    assert_type(lh.create_matter("m", "p").model(), LegalHoldMatter)
    assert_type(lh.get_matter_by_uid("m").model(), LegalHoldMatter)
    assert_type(lh.get_matters_page(1).model(), list[LegalHoldMatter])
    assert_type(lh.get_all_matters(), Iterator[PycpgResponse[list[LegalHoldMatter]]])
    assert_type(lh.iter_all_matters(active=None), Iterator[LegalHoldMatter])
    assert_type(lh.get_custodians_page(1, "m").model(), list[LegalHoldMembership])
    assert_type(lh.get_all_matter_custodians("m"), Iterator[PycpgResponse[list[LegalHoldMembership]]])
    assert_type(lh.iter_all_matter_custodians("m"), Iterator[LegalHoldMembership])
    assert_type(lh.add_to_matter("u", "m").model(), LegalHoldMembership)
    assert_type(lh.remove_from_matter("x").model(), None)
    assert_type(lh.deactivate_matter("m").model(), None)
    assert_type(lh.reactivate_matter("m").model(), None)
    assert_type(lh.get_events_page("m", 0.0, "2020-01-01").model(), list[LegalHoldEvent])
    assert_type(lh.get_all_events(min_event_date=datetime.now()), Iterator[PycpgResponse[list[LegalHoldEvent]]])
    assert_type(lh.iter_all_events(min_event_date=date.today()), Iterator[LegalHoldEvent])

    assert_type(sdk.auditlogs.get_page(begin_time=1.5).model(), AuditLogPage)
    assert_type(sdk.auditlogs.get_all(event_types="logged_in"), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(sdk.auditlogs.iter_all(usernames=["a"]), Iterator[AuditLogEvent])


def check_factories() -> None:
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp=lambda: "123456"), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_local_account("h", "u", "p", totp="123456", timeout=(3, 30)), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_api_client("h", "id", "secret", verify_ssl_certs=False), pycpg.sdk.SDKClient)
    assert_type(pycpg.sdk.from_jwt_provider("h", lambda: "token"), pycpg.sdk.SDKClient)


def check_untyped_response(response: PycpgResponse) -> None:
    assert_type(response.model(), Any)
    assert_type(response.model(Device), Device)
