"""mypy contract for the API areas: users, devices, orgs, legal hold, audit logs, tenant, login config.

Every public method is pinned by calling it directly inside ``assert_type``, so
the response type itself (not only its ``.model()``) is checked. Checked by
``mypy --strict tests/typing``; the ``check_*`` functions are never called.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, assert_type

from pycpg.clients.auditlogs import AuditLogsClient
from pycpg.clients.loginconfig import LoginConfigurationClient
from pycpg.clients.settings.device_settings import DeviceSettings
from pycpg.clients.settings.org_settings import OrgSettings
from pycpg.exceptions import PycpgError
from pycpg.models import (
    AgentState,
    AuditLogEvent,
    AuditLogPage,
    Device,
    DevicePage,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    LegalHoldPolicy,
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
from pycpg.response import PycpgResponse, PycpgTextResponse
from pycpg.services.administration import AdministrationService
from pycpg.services.devices import DeviceService
from pycpg.services.legalhold import LegalHoldService
from pycpg.services.orgs import OrgService, OrgSettingsResponse
from pycpg.services.users import UserService
from pycpg.usercontext import UserContext


def check_users(users: UserService) -> None:
    assert_type(users.create_user("o", "u", "e"), PycpgResponse[User])
    assert_type(users.create_user("o", "u", "e", "pw", "First", "Last", "notes"), PycpgResponse[User])
    assert_type(users.get_by_id(1), PycpgResponse[User])
    assert_type(users.get_by_id("1", incRoles=True), PycpgResponse[User])
    assert_type(users.get_by_uid("u"), PycpgResponse[User])
    assert_type(users.get_by_username("a@b.c"), PycpgResponse[UserPage])
    assert_type(users.get_current(), PycpgResponse[User])
    assert_type(users.get_page(1), PycpgResponse[UserPage])
    assert_type(users.get_page(1, True, "e", "o", 3, 100, "q"), PycpgResponse[UserPage])
    assert_type(users.get_all(), Iterator[PycpgResponse[UserPage]])
    assert_type(users.iter_all(), Iterator[User])
    assert_type(users.get_scim_data_by_uid("u"), PycpgResponse[ScimUser])
    assert_type(users.block(1), PycpgResponse[None])
    assert_type(users.unblock("1"), PycpgResponse[None])
    assert_type(users.deactivate(1), PycpgResponse[None])
    assert_type(users.deactivate(1, block_user=True), PycpgResponse[None])
    assert_type(users.reactivate(1), PycpgResponse[None])
    assert_type(users.reactivate(1, unblock_user=False), PycpgResponse[None])
    assert_type(users.change_org_assignment(1, 2), PycpgResponse[None])
    assert_type(users.get_available_roles(), PycpgResponse[list[Role]])
    assert_type(users.get_roles(1), PycpgResponse[list[UserRole]])
    assert_type(users.add_role(1, "Desktop User"), PycpgResponse[list[UserRole]])
    assert_type(users.remove_role(1, "Desktop User"), PycpgResponse[list[UserRole]])
    assert_type(users.update_user("u"), PycpgResponse[User])
    assert_type(users.update_user("u", archive_size_quota_bytes=10**9), PycpgResponse[User])


def check_devices(devices: DeviceService, settings: DeviceSettings, raw: dict[str, Any]) -> None:
    assert_type(devices.get_page(1), PycpgResponse[DevicePage])
    assert_type(devices.get_page(1, include_backup_usage=True, page_size=1000), PycpgResponse[DevicePage])
    assert_type(devices.get_all(), Iterator[PycpgResponse[DevicePage]])
    assert_type(devices.iter_all(org_uid="o"), Iterator[Device])
    assert_type(devices.get_by_id(1), PycpgResponse[Device])
    assert_type(devices.get_by_id("1", include_backup_usage=True), PycpgResponse[Device])
    assert_type(devices.get_by_guid("g"), PycpgResponse[Device])
    assert_type(devices.get_by_guid(42, incSettings=True), PycpgResponse[Device])
    assert_type(devices.block(1), PycpgResponse[None])
    assert_type(devices.unblock(1), PycpgResponse[None])
    assert_type(devices.deactivate(1), PycpgResponse[None])
    assert_type(devices.reactivate(1), PycpgResponse[None])
    assert_type(devices.deauthorize(1), PycpgResponse[None])
    assert_type(devices.get_agent_state("g", "fullDiskAccess"), PycpgResponse[list[AgentState]])
    assert_type(devices.get_agent_full_disk_access_state("g"), PycpgResponse[list[AgentState]])
    assert_type(devices.upgrade("g"), PycpgResponse[None])
    assert_type(devices.get_settings("g"), DeviceSettings)
    assert_type(devices.update_settings(settings), PycpgResponse[Device])
    assert_type(devices.update_settings(raw), PycpgResponse[Device])


def check_orgs(orgs: OrgService, settings: OrgSettings) -> None:
    assert_type(orgs.org_id_map, dict[int | str, str])
    assert_type(orgs.create_org("n"), PycpgResponse[Org])
    assert_type(orgs.create_org("n", "ext", "notes", "parent"), PycpgResponse[Org])
    assert_type(orgs.get_by_id(1), PycpgResponse[Org])
    assert_type(orgs.get_by_uid("u"), PycpgResponse[Org])
    assert_type(orgs.get_page(), PycpgResponse[OrgPage])
    assert_type(orgs.get_page(2, 50), PycpgResponse[OrgPage])
    assert_type(orgs.get_all(), Iterator[PycpgResponse[OrgPage]])
    assert_type(orgs.iter_all(), Iterator[Org])
    assert_type(orgs.block(1), PycpgResponse[None])
    assert_type(orgs.unblock(1), PycpgResponse[None])
    assert_type(orgs.deactivate(1), PycpgResponse[None])
    assert_type(orgs.reactivate(1), PycpgResponse[None])
    assert_type(orgs.get_current(), PycpgResponse[Org])
    assert_type(orgs.get_agent_state(1, "fullDiskAccess"), PycpgResponse[list[AgentState]])
    assert_type(orgs.get_agent_full_disk_access_states(1), PycpgResponse[list[AgentState]])
    assert_type(orgs.update_org(1), PycpgResponse[Org])
    assert_type(orgs.update_org(1, name="n", notes="x", ext_ref="e"), PycpgResponse[Org])
    assert_type(orgs.get_settings(7), OrgSettings)
    assert_type(orgs.update_settings(settings), OrgSettingsResponse)


def check_org_settings_response(result: OrgSettingsResponse) -> None:
    assert_type(result.error, bool)
    assert_type(result.org_response, PycpgResponse[Org] | PycpgError | None)
    assert_type(result.org_settings_response, PycpgResponse[dict[str, Any]] | PycpgError | None)
    error, org_response, org_settings_response = result  # pycpg 1.0's tuple unpacking
    assert_type(error, bool)
    assert_type(org_response, PycpgResponse[Org] | PycpgError | None)
    assert_type(org_settings_response, PycpgResponse[dict[str, Any]] | PycpgError | None)


def check_legal_hold(lh: LegalHoldService) -> None:
    assert_type(lh.create_policy("p"), PycpgResponse[LegalHoldPolicy])
    assert_type(lh.get_policy_by_uid("u"), PycpgResponse[LegalHoldPolicy])
    assert_type(lh.get_policy_list(), PycpgResponse[list[LegalHoldPolicy]])
    assert_type(lh.create_matter("m", "p"), PycpgResponse[LegalHoldMatter])
    assert_type(lh.create_matter("m", "p", "desc", "notes", "ext"), PycpgResponse[LegalHoldMatter])
    assert_type(lh.get_matter_by_uid("m"), PycpgResponse[LegalHoldMatter])
    assert_type(lh.get_matters_page(1), PycpgResponse[list[LegalHoldMatter]])
    assert_type(lh.get_matters_page(1, "c", None, "n", "e", 10), PycpgResponse[list[LegalHoldMatter]])
    assert_type(lh.get_all_matters(), Iterator[PycpgResponse[list[LegalHoldMatter]]])
    assert_type(lh.iter_all_matters(active=False), Iterator[LegalHoldMatter])
    assert_type(lh.deactivate_matter("m"), PycpgResponse[None])
    assert_type(lh.reactivate_matter("m"), PycpgResponse[None])
    assert_type(lh.get_custodians_page(1), PycpgResponse[list[LegalHoldMembership]])
    assert_type(lh.get_custodians_page(1, "m", "u", "name", None, 10), PycpgResponse[list[LegalHoldMembership]])
    assert_type(lh.get_all_matter_custodians(user_uid="u"), Iterator[PycpgResponse[list[LegalHoldMembership]]])
    assert_type(lh.iter_all_matter_custodians("m"), Iterator[LegalHoldMembership])
    assert_type(lh.add_to_matter("u", "m"), PycpgResponse[LegalHoldMembership])
    assert_type(lh.remove_from_matter("x"), PycpgResponse[None])
    assert_type(lh.get_events_page(), PycpgResponse[list[LegalHoldEvent]])
    assert_type(lh.get_events_page("m", datetime.now(), date.today(), 2, 50), PycpgResponse[list[LegalHoldEvent]])
    assert_type(lh.get_all_events("m", 0.0, "2020-01-01"), Iterator[PycpgResponse[list[LegalHoldEvent]]])
    assert_type(lh.iter_all_events(max_event_date=datetime.now()), Iterator[LegalHoldEvent])


def check_audit_logs(audit: AuditLogsClient, fmt: str | None) -> None:
    # format= picks the overload: JSON (default) pages are typed, CSV/CEF pages are text.
    assert_type(audit.get_page(), PycpgResponse[AuditLogPage])
    assert_type(audit.get_page(1, 100, 0.0, datetime.now(), format="JSON"), PycpgResponse[AuditLogPage])
    assert_type(audit.get_page(format="CSV"), PycpgTextResponse)
    assert_type(audit.get_page(format="CEF"), PycpgTextResponse)
    assert_type(audit.get_page(format=fmt), PycpgResponse[AuditLogPage] | PycpgTextResponse)
    assert_type(audit.get_all(), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(audit.get_all(usernames="a", format="json"), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(audit.get_all(format="csv"), Iterator[PycpgTextResponse])
    assert_type(audit.get_all(format="cef"), Iterator[PycpgTextResponse])
    assert_type(audit.get_all(format=fmt), Iterator[PycpgResponse[AuditLogPage] | PycpgTextResponse])
    assert_type(audit.iter_all(), Iterator[AuditLogEvent])
    assert_type(audit.iter_all(date.today(), event_types=["logged_in"], page_size=10), Iterator[AuditLogEvent])


def check_tenant_and_login(
    serveradmin: AdministrationService, usercontext: UserContext, loginconfig: LoginConfigurationClient
) -> None:
    assert_type(serveradmin.get_current_tenant(), PycpgResponse[Tenant])
    assert_type(usercontext.get_current_tenant_id(), str)
    assert_type(loginconfig.get_for_user("a@b.c"), PycpgResponse[LoginConfig])
