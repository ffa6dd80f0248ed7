"""The tenant's settings documents: built on first use, stored, and rendered with inheritance.

``tenant.settings_docs`` is a :class:`SettingsStore`. Documents are built lazily
from a random stream keyed by the tenant and the record (so the order in which
they are first read does not matter) and then kept, so writes stick.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from pycpg.emulator.org_settings_docs import (
    INHERITED_GROUPS,
    OrgSettingsState,
    build_org_settings,
    destination_entries,
)
from pycpg.emulator.records import DeviceRecord, OrgRecord
from pycpg.emulator.settings_docs import (
    DeviceSettingsState,
    build_device_settings,
    settings_rng,
    with_legal_hold_set,
)

if TYPE_CHECKING:
    from pycpg.emulator.tenant import Tenant

__all__ = ["SettingsStore"]


class SettingsStore:
    """Settings state of every device and org of one tenant."""

    def __init__(self) -> None:
        self._devices: dict[str, DeviceSettingsState] = {}
        self._orgs: dict[str, OrgSettingsState] = {}

    # -- state ------------------------------------------------------------------

    def device(self, tenant: Tenant, device: DeviceRecord) -> DeviceSettingsState:
        """The device's stored settings (built on first use)."""
        state = self._devices.get(device.guid)
        if state is None:
            rng = settings_rng(tenant.tenant_uid, "device", device.guid, tenant.mint.frame.now)
            state = self._devices[device.guid] = build_device_settings(rng, device, _position(tenant.devices, device))
        return state

    def org(self, tenant: Tenant, org: OrgRecord) -> OrgSettingsState:
        """The org's own settings, device defaults and t-settings (built on first use)."""
        state = self._orgs.get(org.org_guid)
        if state is None:
            rng = settings_rng(tenant.tenant_uid, "org", org.org_guid, tenant.mint.frame.now)
            domain = tenant.root_org.org_name.split()[0].lower() + ".example"
            state = build_org_settings(rng, org, _position(tenant.orgs, org), tenant.destinations, domain)
            self._orgs[org.org_guid] = state
        return state

    # -- rendering --------------------------------------------------------------

    def effective_org_settings(self, tenant: Tenant, org: OrgRecord) -> dict[str, Any]:
        """The org's ``settings`` as rendered: inherited groups replaced by the parent's effective values."""
        own = self.org(tenant, org).settings
        rendered = copy.deepcopy(own)
        if org.parent is not None and any(own.get(flag) is True for flag in INHERITED_GROUPS):
            parent = self.effective_org_settings(tenant, org.parent)
            for flag, keys in INHERITED_GROUPS.items():
                if own.get(flag) is True:
                    rendered.update({key: copy.deepcopy(parent[key]) for key in keys if key in parent})
        rendered["allDestinations"] = destination_entries(tenant.destinations)
        return rendered

    def device_extras(self, tenant: Tenant, device: DeviceRecord) -> dict[str, Any]:
        """``settings``, ``availableDestinations`` and ``orgSettings`` of a device (``incSettings=true``).

        A device whose user is on legal hold shows its legal-hold backup set too.
        """
        state = self.device(tenant, device)
        settings = copy.deepcopy(state.settings)
        if tenant.is_on_legal_hold(device.user):
            with_legal_hold_set(settings, copy.deepcopy(state.legal_hold_set))
        org_settings = self.effective_org_settings(tenant, device.user.org)
        return {
            "settings": settings,
            "availableDestinations": copy.deepcopy(org_settings["destinations"]),
            "orgSettings": {
                "securityKeyLocked": org_settings["securityKeyLocked"],
                "securityKeyType": org_settings["securityKeyType"],
            },
        }

    def org_extras(self, tenant: Tenant, org: OrgRecord, *, settings: bool, device_defaults: bool,
                   inherited_info: bool) -> dict[str, Any]:
        """What ``incSettings``, ``incDeviceDefaults`` and ``incInheritedOrgInfo`` add to an org body."""
        extras: dict[str, Any] = {}
        if settings:
            extras.update(self._settings_extras(tenant, org))
        if device_defaults:
            extras["deviceDefaults"] = copy.deepcopy(self.org(tenant, org).device_defaults)
        if inherited_info:
            extras["orgInheritDto"] = self._inherit_dto(tenant, org)
        return extras

    def _settings_extras(self, tenant: Tenant, org: OrgRecord) -> dict[str, Any]:
        rendered = self.effective_org_settings(tenant, org)
        own = self.org(tenant, org).settings
        inherits_quota = org.parent is not None and own.get("isUsingQuotaDefaults") is True

        def inherited(key: str) -> str:
            return str(rendered[key]) if inherits_quota and rendered.get(key) is not None else ""

        return {
            "settings": rendered,
            "settingsInherited": {"maxSeats": inherited("maxSeats"), "maxBytes": inherited("maxBytes")},
            "settingsSummary": {"maxSeats": rendered.get("maxSeats"), "maxBytes": rendered.get("maxBytes")},
            "customConfig": not all(own.get(flag) is True for flag in INHERITED_GROUPS),
        }

    def _inherit_dto(self, tenant: Tenant, org: OrgRecord) -> dict[str, Any]:
        destinations = self._provider(tenant, org, "isUsingDestinationDefaults")
        parent = org.parent
        return {
            "orgId": org.org_id,
            "orgUid": org.org_uid,
            "orgIdProvidingOrg": parent.org_id if parent else None,
            "orgUidProvidingOrg": parent.org_uid if parent else None,
            "orgNameProvidingOrg": parent.org_name if parent else None,
            "orgIdProvidingDestinations": destinations.org_id,
            "orgUidProvidingDestinations": destinations.org_uid,
            "orgNameProvidingDestinations": destinations.org_name,
            "orgIdProvidingDeviceDefaults": org.org_id,
            "orgUidProvidingDeviceDefaults": org.org_uid,
            "orgNameProvidingDeviceDefaults": org.org_name,
        }

    def _provider(self, tenant: Tenant, org: OrgRecord, flag: str) -> OrgRecord:
        """The nearest org (``org`` or an ancestor) whose own values for ``flag``'s group are in effect."""
        current = org
        while current.parent is not None and self.org(tenant, current).settings.get(flag) is True:
            current = current.parent
        return current


def _position(records: list[Any], record: Any) -> int:
    """The record's index in the tenant list (-1 for records not stored there)."""
    for index, candidate in enumerate(records):
        if candidate is record:
            return index
    return -1
