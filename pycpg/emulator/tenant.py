"""The in-memory tenant: orgs, users, devices and their lookups.

Tests may read ``tenant.orgs``, ``tenant.users`` and ``tenant.devices`` (lists of
records in id order; ``record.to_wire()`` gives the camelCase JSON the API sends)
and use the ``*_by_*`` lookups. Handlers hold ``tenant.lock`` while they run, so a
test that changes records while the server is running should hold it too.

``tenant.legal_hold`` holds the legal-hold policies, matters, memberships and
events; ``tenant.audit_log`` the audit-log events; ``tenant.settings_docs`` the
device and org settings documents (built on first use).

Records created while running take their ids from :meth:`Tenant.new_user_id`,
:meth:`Tenant.new_org_id` and :meth:`Tenant.new_uid`, and their dates from
``tenant.mint`` (the tenant clock: logical when ``now`` is pinned), so pinned runs stay reproducible.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pycpg.emulator.audit_log import AuditLog
from pycpg.emulator.legal_hold import Change, HoldPrincipal, LegalHoldStore
from pycpg.emulator.mint import Mint
from pycpg.emulator.records import (
    DestinationRecord,
    DeviceRecord,
    OrgCounts,
    OrgRecord,
    RoleRecord,
    UserRecord,
)
from pycpg.emulator.settings_store import SettingsStore

_UID_DIGITS = 18


@dataclass(frozen=True)
class CustomerInfo:
    """What ``/api/v3/customer/my`` reports about the tenant."""

    name: str
    registration_key: str
    tenant_uid: str
    deployment_model: str = "PUBLIC"
    maintenance_mode: bool = False
    msa_accepted: bool = True
    msa_acceptance_required: bool = False

    def to_wire(self) -> dict[str, Any]:
        """The customer object (inside the v3 envelope)."""
        return {
            "name": self.name,
            "registrationKey": self.registration_key,
            "deploymentModel": self.deployment_model,
            "maintenanceMode": self.maintenance_mode,
            "tenantUid": self.tenant_uid,
            "masterServicesAgreement": {
                "accepted": self.msa_accepted,
                "acceptanceRequired": self.msa_acceptance_required,
            },
        }


class Tenant:
    """The store behind every endpoint; ids are unique per record kind."""

    def __init__(self, customer: CustomerInfo, roles: Iterable[RoleRecord], destinations: Iterable[DestinationRecord],
                 mint: Mint | None = None) -> None:
        self.lock = threading.RLock()
        self.customer = customer
        self.mint = mint or Mint.seeded(0)
        self.roles: list[RoleRecord] = list(roles)
        self.destinations: list[DestinationRecord] = list(destinations)
        self.orgs: list[OrgRecord] = []
        self.users: list[UserRecord] = []
        self.devices: list[DeviceRecord] = []
        self._orgs_by_id: dict[int, OrgRecord] = {}
        self._orgs_by_uid: dict[str, OrgRecord] = {}
        self._orgs_by_guid: dict[str, OrgRecord] = {}
        self._users_by_id: dict[int, UserRecord] = {}
        self._users_by_uid: dict[str, UserRecord] = {}
        self._users_by_name: dict[str, UserRecord] = {}
        self._devices_by_id: dict[int, DeviceRecord] = {}
        self._devices_by_guid: dict[str, DeviceRecord] = {}
        self.legal_hold = LegalHoldStore()
        self.audit_log = AuditLog()
        self.settings_docs = SettingsStore()

    @property
    def tenant_uid(self) -> str:
        """The tenant's UUID."""
        return self.customer.tenant_uid

    @property
    def root_org(self) -> OrgRecord:
        """The org without a parent."""
        return next(org for org in self.orgs if org.parent is None)

    def add_org(self, org: OrgRecord) -> OrgRecord:
        """Store a new org."""
        self.orgs.append(org)
        self._orgs_by_id[org.org_id] = org
        self._orgs_by_uid[org.org_uid] = org
        self._orgs_by_guid[org.org_guid] = org
        return org

    def add_user(self, user: UserRecord) -> UserRecord:
        """Store a new user."""
        self.users.append(user)
        self._users_by_id[user.user_id] = user
        self._users_by_uid[user.user_uid] = user
        self._users_by_name[user.username.lower()] = user
        return user

    def add_device(self, device: DeviceRecord) -> DeviceRecord:
        """Store a new device."""
        self.devices.append(device)
        self._devices_by_id[device.computer_id] = device
        self._devices_by_guid[device.guid] = device
        return device

    def role(self, role_id: str) -> RoleRecord:
        """The role with this id (``KeyError`` when unknown)."""
        for role in self.roles:
            if role.role_id == role_id:
                return role
        raise KeyError(role_id)

    def org_by_id(self, org_id: int) -> OrgRecord | None:
        """The org with this ``orgId``, if any."""
        return self._orgs_by_id.get(org_id)

    def org_by_uid(self, org_uid: str) -> OrgRecord | None:
        """The org with this ``orgUid``, if any."""
        return self._orgs_by_uid.get(org_uid)

    def org_by_guid(self, org_guid: str) -> OrgRecord | None:
        """The org with this ``orgGuid``, if any."""
        return self._orgs_by_guid.get(org_guid)

    def user_by_id(self, user_id: int) -> UserRecord | None:
        """The user with this ``userId``, if any."""
        return self._users_by_id.get(user_id)

    def user_by_uid(self, user_uid: str) -> UserRecord | None:
        """The user with this ``userUid``, if any."""
        return self._users_by_uid.get(user_uid)

    def user_by_username(self, username: str) -> UserRecord | None:
        """The user with this username (case-insensitive), if any."""
        return self._users_by_name.get(username.lower())

    def device_by_id(self, computer_id: int) -> DeviceRecord | None:
        """The device with this ``computerId``, if any."""
        return self._devices_by_id.get(computer_id)

    def device_by_guid(self, guid: str) -> DeviceRecord | None:
        """The device with this ``guid``, if any."""
        return self._devices_by_guid.get(guid)

    def devices_of(self, user: UserRecord) -> list[DeviceRecord]:
        """The devices owned by ``user``."""
        return [device for device in self.devices if device.user is user]

    # -- relations and live counts -------------------------------------------

    def children_of(self, org: OrgRecord) -> list[OrgRecord]:
        """The orgs whose parent is ``org``."""
        return [child for child in self.orgs if child.parent is org]

    def org_counts(self, org: OrgRecord) -> OrgCounts:
        """Users and devices directly in ``org``, and its direct child orgs."""
        users = sum(user.org is org for user in self.users)
        computers = sum(device.user.org is org for device in self.devices)
        return OrgCounts(users=users, computers=computers, orgs=len(self.children_of(org)))

    def role_holders(self, role: RoleRecord) -> int:
        """How many users hold ``role``."""
        return sum(role in user.roles for user in self.users)

    # -- changes --------------------------------------------------------------

    def rename_user(self, user: UserRecord, username: str) -> None:
        """Change a stored user's username and its lookup entry."""
        del self._users_by_name[user.username.lower()]
        user.username = username
        self._users_by_name[username.lower()] = user

    def new_user_id(self) -> int:
        """The next free ``userId`` (one above the highest)."""
        return max((user.user_id for user in self.users), default=0) + 1

    def new_org_id(self) -> int:
        """The next free ``orgId`` (one above the highest)."""
        return max((org.org_id for org in self.orgs), default=0) + 1

    def new_uid(self) -> str:
        """A fresh 18-digit uid used by no user or org."""
        return self.mint.digits(_UID_DIGITS, lambda value: value in self._users_by_uid or value in self._orgs_by_uid)

    def new_hold_uid(self) -> str:
        """A fresh 18-digit uid used by no legal-hold record."""
        return self.mint.digits(_UID_DIGITS, self.legal_hold.taken)

    def hold_change(self, actor: HoldPrincipal) -> Change:
        """A legal-hold write by ``actor``, stamped with the next instant of the tenant clock."""
        return Change(actor, self.mint.now(), self.new_hold_uid)

    # -- legal hold -----------------------------------------------------------

    def place_on_legal_hold(self, user_uid: str) -> None:
        """Make the user (and so their devices) a legal-hold custodian; ``KeyError`` when unknown.

        A no-op when the user is already held; otherwise the user joins the hooks'
        own matter (created, with events, when missing or deactivated).
        """
        self.legal_hold.hold(self._held_user(user_uid), self.hold_change)

    def release_from_legal_hold(self, user_uid: str) -> None:
        """Deactivate every active membership of the user (a no-op when none); ``KeyError`` when unknown."""
        self.legal_hold.release_user(self._held_user(user_uid), self.hold_change)

    def is_on_legal_hold(self, user: UserRecord) -> bool:
        """Whether ``user`` has an active membership in an active legal-hold matter."""
        return self.legal_hold.is_held(user)

    def _held_user(self, user_uid: str) -> UserRecord:
        user = self.user_by_uid(user_uid)
        if user is None:
            raise KeyError(user_uid)
        return user
