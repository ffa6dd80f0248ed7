"""Legal hold: policies, matters, memberships (custodians) and their event trail.

A user is *on legal hold* while they have an active membership in an active
matter. Every change goes through :class:`LegalHoldStore` with a :class:`Change`
(who, when, where new uids come from) and appends the matching event, so the
event list is the full history of the store.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pycpg.emulator.records import UserRecord
from pycpg.emulator.wire import iso

USER = "USER"
API_KEY = "API_KEY"

HOLD_CREATED = "HOLD_CREATED"
HOLD_DEACTIVATED = "HOLD_DEACTIVATED"
HOLD_REACTIVATED = "HOLD_REACTIVATED"
MEMBERSHIP_CREATED = "MEMBERSHIP_CREATED"
MEMBERSHIP_DEACTIVATED = "MEMBERSHIP_DEACTIVATED"
MEMBERSHIP_REACTIVATED = "MEMBERSHIP_REACTIVATED"

#: Names of what the test hooks (``Emulator.place_on_legal_hold``) create when they need to.
HOOK_MATTER_NAME = "Emulator legal hold"
HOOK_POLICY_NAME = "Emulator preservation policy"

_WEEK = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")

#: The preservation settings of a policy created through the API (the ``policy`` object).
DEFAULT_POLICY_SETTINGS: dict[str, Any] = {
    "backupOpenFiles": True,
    "compression": "ON",
    "dataDeDupAutoMaxFileSizeForLan": 1_000_000_000,
    "dataDeDupAutoMaxFileSizeForWan": 1_000_000_000,
    "dataDeDuplication": "FULL",
    "encryptionEnabled": True,
    "scanIntervalMillis": 86_400_000,
    "scanTime": "03:00",
    "watchFiles": True,
    "destinations": [],
    "backupRunWindow": {"alwaysRun": True, "startTimeOfDay": "09:00", "endTimeOfDay": "17:00", "days": list(_WEEK)},
    "backupPaths": {"paths": [], "excludePatterns": {"windows": [], "linux": [], "macintosh": [], "all": []}},
    "retentionPolicy": {
        "backupFrequencyMillis": 900_000,
        "keepDeleted": True,
        "keepDeletedMinutes": 0,
        "versionLastWeekIntervalMinutes": 15,
        "versionLastNinetyDaysIntervalMinutes": 1440,
        "versionLastYearIntervalMinutes": 10_080,
        "versionPrevYearsIntervalMinutes": 43_200,
    },
}


@dataclass(frozen=True, eq=False)
class HoldPrincipal:
    """Who acted (``actorPrincipal``, a matter's ``creator``) or who is held (``custodianPrincipal``)."""

    kind: str
    principal_id: str
    display_name: str
    user: UserRecord | None = None

    @classmethod
    def of_user(cls, user: UserRecord) -> HoldPrincipal:
        """A ``USER`` principal; it renders the user's current names."""
        return cls(USER, user.user_uid, user.username, user)

    @classmethod
    def api_key(cls, key_id: str, client_name: str = "Emulator API client") -> HoldPrincipal:
        """An ``API_KEY`` principal: ``principalId`` is the key id."""
        return cls(API_KEY, key_id, f"{key_id} ({client_name})")

    def to_wire(self) -> dict[str, Any]:
        """The principal object: ``type``, ``principalId``, ``displayName`` and, for users, ``user``."""
        user = self.user
        if user is None:
            return {"type": self.kind, "principalId": self.principal_id, "displayName": self.display_name}
        return {
            "type": self.kind,
            "principalId": user.user_uid,
            "displayName": user.email or user.username,
            "user": {"email": user.email, "firstName": user.first_name, "lastName": user.last_name},
        }


@dataclass(frozen=True, eq=False)
class Change:
    """One write: its actor, its instant and the source of fresh uids."""

    actor: HoldPrincipal
    at: datetime
    new_uid: Callable[[], str]


@dataclass(eq=False)
class PolicyRecord:
    """A preservation policy; ``creator`` is ``None`` when an API client created it."""

    policy_uid: str
    name: str
    creator: UserRecord | None
    settings: dict[str, Any]
    creation_date: datetime
    modification_date: datetime

    def to_wire(self) -> dict[str, Any]:
        """The policy object: uid, name, ``creatorUser``, ``policy`` settings and dates."""
        creator = self.creator
        return {
            "legalHoldPolicyUid": self.policy_uid,
            "name": self.name,
            "creatorUser": None if creator is None else {
                "userUid": creator.user_uid,
                "userId": creator.user_id,
                "username": creator.username,
                "email": creator.email,
                "firstName": creator.first_name,
                "lastName": creator.last_name,
            },
            "policy": copy.deepcopy(self.settings),
            "creationDate": iso(self.creation_date),
            "modificationDate": iso(self.modification_date),
        }


@dataclass(eq=False)
class MatterRecord:
    """A legal-hold matter."""

    legal_hold_uid: str
    name: str
    description: str
    notes: str | None
    hold_ext_ref: str | None
    creator: HoldPrincipal
    policy: PolicyRecord
    creation_date: datetime
    last_modified_date: datetime
    active: bool = True

    def to_wire(self) -> dict[str, Any]:
        """The v38 matter object; dates in the tenant's zone (``+00:00`` by default, like the 2025 samples)."""
        return {
            "legalHoldUid": self.legal_hold_uid,
            "name": self.name,
            "description": self.description,
            "notes": self.notes,
            "holdExtRef": self.hold_ext_ref,
            "active": self.active,
            "creationDate": iso(self.creation_date),
            "lastModifiedDate": iso(self.last_modified_date),
            "creator": self.creator.to_wire(),
            "policyId": self.policy.policy_uid,
        }


@dataclass(eq=False)
class MembershipRecord:
    """A custodian: one user in one matter."""

    membership_uid: str
    matter: MatterRecord
    user: UserRecord
    creation_date: datetime
    active: bool = True

    @property
    def holds(self) -> bool:
        """Whether this membership puts its user on legal hold."""
        return self.active and self.matter.active

    def to_wire(self) -> dict[str, Any]:
        """The membership object: uid, ``active``, ``creationDate``, ``legalHold`` and ``user``."""
        user = self.user
        return {
            "legalHoldMembershipUid": self.membership_uid,
            "active": self.active,
            "creationDate": iso(self.creation_date),
            "legalHold": {"legalHoldUid": self.matter.legal_hold_uid, "name": self.matter.name},
            "user": {"userUid": user.user_uid, "username": user.username, "email": user.email,
                     "userExtRef": user.user_ext_ref},
        }


@dataclass(eq=False)
class EventRecord:
    """One entry of the legal-hold event trail."""

    event_uid: str
    event_type: str
    event_date: datetime
    matter: MatterRecord
    actor: HoldPrincipal
    membership: MembershipRecord | None = None

    @property
    def sort_key(self) -> tuple[datetime, str]:
        """Event order: by date, then by uid."""
        return self.event_date, self.event_uid

    def to_wire(self) -> dict[str, Any]:
        """The v38 event object; membership events name the membership and custodian."""
        body: dict[str, Any] = {
            "eventUid": self.event_uid,
            "eventType": self.event_type,
            "eventDate": iso(self.event_date),
            "legalHoldUid": self.matter.legal_hold_uid,
            "actorPrincipal": self.actor.to_wire(),
        }
        if self.membership is not None:
            body["legalHoldMembershipUid"] = self.membership.membership_uid
            body["custodianPrincipal"] = HoldPrincipal.of_user(self.membership.user).to_wire()
        return body


@dataclass
class LegalHoldStore:
    """Every legal-hold record of a tenant, in creation order, with uid lookups."""

    hook_actor: HoldPrincipal = field(default_factory=lambda: HoldPrincipal.api_key("key-emulator-hooks"))
    policies: list[PolicyRecord] = field(default_factory=list)
    matters: list[MatterRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    _uids: set[str] = field(default_factory=set)
    _hook_matter: MatterRecord | None = None

    def taken(self, uid: str) -> bool:
        """Whether any legal-hold record already uses ``uid``."""
        return uid in self._uids

    def _claim(self, uid: str) -> str:
        self._uids.add(uid)
        return uid

    # -- lookups -----------------------------------------------------------------

    def policy(self, uid: str) -> PolicyRecord | None:
        """The policy with this uid, if any."""
        return next((policy for policy in self.policies if policy.policy_uid == uid), None)

    def matter(self, uid: str) -> MatterRecord | None:
        """The matter with this uid, if any."""
        return next((matter for matter in self.matters if matter.legal_hold_uid == uid), None)

    def membership(self, uid: str) -> MembershipRecord | None:
        """The membership with this uid, if any."""
        return next((member for member in self.memberships if member.membership_uid == uid), None)

    def membership_of(self, matter: MatterRecord, user: UserRecord) -> MembershipRecord | None:
        """The (only) membership of ``user`` in ``matter``, active or not."""
        return next((m for m in self.memberships if m.matter is matter and m.user is user), None)

    def memberships_of(self, user: UserRecord) -> Iterator[MembershipRecord]:
        """Every membership of ``user``."""
        return (member for member in self.memberships if member.user is user)

    def is_held(self, user: UserRecord) -> bool:
        """Whether ``user`` has an active membership in an active matter."""
        return any(member.holds for member in self.memberships_of(user))

    # -- changes -----------------------------------------------------------------

    def _event(self, change: Change, event_type: str, matter: MatterRecord,
               membership: MembershipRecord | None = None) -> None:
        uid = self._claim(change.new_uid())
        self.events.append(EventRecord(uid, event_type, change.at, matter, change.actor, membership))

    def create_policy(self, change: Change, name: str, settings: dict[str, Any] | None = None) -> PolicyRecord:
        """A new policy (no event); the creator is the actor's user, if any."""
        policy = PolicyRecord(self._claim(change.new_uid()), name, change.actor.user,
                              copy.deepcopy(settings or DEFAULT_POLICY_SETTINGS), change.at, change.at)
        self.policies.append(policy)
        return policy

    def create_matter(self, change: Change, policy: PolicyRecord, name: str, description: str = "",
                      notes: str | None = None, hold_ext_ref: str | None = None) -> MatterRecord:
        """A new active matter; ``HOLD_CREATED``."""
        matter = MatterRecord(self._claim(change.new_uid()), name, description, notes, hold_ext_ref,
                              change.actor, policy, change.at, change.at)
        self.matters.append(matter)
        self._event(change, HOLD_CREATED, matter)
        return matter

    def set_matter_active(self, change: Change, matter: MatterRecord, active: bool) -> None:
        """(De)activate a matter; ``HOLD_REACTIVATED`` / ``HOLD_DEACTIVATED``."""
        matter.active, matter.last_modified_date = active, change.at
        self._event(change, HOLD_REACTIVATED if active else HOLD_DEACTIVATED, matter)

    def add_custodian(self, change: Change, matter: MatterRecord, user: UserRecord) -> MembershipRecord:
        """Reactivate the user's membership (``MEMBERSHIP_REACTIVATED``) or create one (``MEMBERSHIP_CREATED``)."""
        member = self.membership_of(matter, user)
        if member is not None:
            member.active = True
            self._event(change, MEMBERSHIP_REACTIVATED, matter, member)
            return member
        member = MembershipRecord(self._claim(change.new_uid()), matter, user, change.at)
        self.memberships.append(member)
        self._event(change, MEMBERSHIP_CREATED, matter, member)
        return member

    def release(self, change: Change, member: MembershipRecord) -> None:
        """Deactivate a membership; ``MEMBERSHIP_DEACTIVATED``."""
        member.active = False
        self._event(change, MEMBERSHIP_DEACTIVATED, member.matter, member)

    # -- the test hooks ----------------------------------------------------------

    def hold(self, user: UserRecord, changes: Callable[[HoldPrincipal], Change]) -> None:
        """Put ``user`` on hold in the hooks' matter (a new one when it is missing or inactive)."""
        if self.is_held(user):
            return
        matter = self._hook_matter
        if matter is None or not matter.active:
            policy = self.policies[0] if self.policies else self.create_policy(
                changes(self.hook_actor), HOOK_POLICY_NAME)
            matter = self._hook_matter = self.create_matter(changes(self.hook_actor), policy, HOOK_MATTER_NAME)
        self.add_custodian(changes(self.hook_actor), matter, user)

    def release_user(self, user: UserRecord, changes: Callable[[HoldPrincipal], Change]) -> None:
        """Deactivate every active membership of ``user``."""
        for member in [member for member in self.memberships_of(user) if member.active]:
            self.release(changes(self.hook_actor), member)
