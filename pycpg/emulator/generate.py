"""Deterministic tenant generation: the same seed and sizes give the same tenant.

Everything random comes from one ``random.Random(seed)``; dates count back from the
tenant's :class:`~pycpg.emulator.mint.TimeFrame` ``now`` (the real current time unless
pinned) and are written in its zone. The same seed and the same ``now`` give the same tenant;
another ``now`` shifts every date and changes nothing else.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from pycpg.emulator.generate_audit_log import seed_audit_log
from pycpg.emulator.generate_legal_hold import seed_legal_holds
from pycpg.emulator.mint import Mint, TimeFrame
from pycpg.emulator.records import (
    ActivityRecord,
    BackupUsageRecord,
    DestinationRecord,
    DeviceRecord,
    OrgRecord,
    Permission,
    RoleRecord,
    UserRecord,
)
from pycpg.emulator.tenant import CustomerInfo, Tenant
from pycpg.emulator.wire import ZONES

__all__ = ["AccountSeed", "Sizes", "TimeFrame", "generate_tenant"]
#: The API client principal the generated history names when a caller does not give one.
DEFAULT_API_CLIENT_ID = "key-emulator-api-client"
_DAY_MS = 86_400_000
_GIB = 1024**3

_COMPANIES = ("Northwind Traders", "Bluefin Analytics", "Harbor Robotics", "Juniper Health", "Kestrel Logistics")
_DEPARTMENTS = ("Engineering", "Sales", "Finance", "Legal", "Marketing", "Support", "Research", "Operations")
_FIRST = ("Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Keiko",
          "Liam", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Yusuf")
_LAST = ("Abbott", "Becker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen",
         "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Varga")
_TIME_ZONES = ("America/Chicago", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Europe/London",
               "Asia/Tokyo", "Australia/Sydney")
_OS_CHOICES = (
    ("win", ("10.0.19045", "10.0.22631", "10.0.26100"), ("amd64",)),
    ("mac", ("14.6.1", "15.1", "15.3.2"), ("aarch64", "x86_64")),
    ("linux", ("6.8.0-45-generic", "5.15.0-122-generic"), ("amd64",)),
)
_PRODUCT_VERSIONS = (("11.4.1", 38, 1_722_000_000_000), ("11.5.0", 12, 1_733_000_000_000),
                     ("11.6.2", 7, 1_745_000_000_000))
_JAVA_VERSIONS = ("17.0.9", "17.0.12", "11.0.4")


@dataclass(frozen=True)
class AccountSeed:
    """A login account whose tenant user record the generator must create."""

    username: str
    first_name: str
    last_name: str
    admin: bool
    in_root_org: bool


@dataclass(frozen=True)
class Sizes:
    """How many orgs, users, devices and past audit-log events to generate."""

    orgs: int = 3
    users: int = 20
    devices: int = 40
    audit_events: int = 300


class _Generator:
    """Draws every value from one seeded ``random.Random``."""

    def __init__(self, seed: int, frame: TimeFrame) -> None:
        self.rng = random.Random(seed)
        self.frame = frame
        self.now = frame.now
        self._taken: set[str] = set()

    # -- primitive draws ---------------------------------------------------

    def digits(self, count: int) -> str:
        """A unique numeric string of ``count`` digits (no leading zero)."""
        while True:
            value = str(self.rng.randrange(10 ** (count - 1), 10**count))
            if value not in self._taken:
                self._taken.add(value)
                return value

    def uuid(self) -> str:
        """A random version-4 UUID string."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def code(self, length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
        """A random string drawn from ``alphabet``."""
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability

    def zone(self) -> tzinfo:
        """The tenant's zone.

        Still draws the offset that earlier releases mixed in, so that every later value
        (ids, names) stays what the same seed has always generated.
        """
        self.rng.choice(ZONES)
        return self.frame.zone

    def ago(self, min_days: float, max_days: float, zone: tzinfo) -> datetime:
        """An instant between ``max_days`` and ``min_days`` before the frame's ``now``."""
        offset = self.rng.randrange(int(min_days * _DAY_MS), int(max_days * _DAY_MS) + 1)
        return (self.now - timedelta(milliseconds=offset)).astimezone(zone)

    def between(self, start: datetime, end: datetime) -> datetime:
        """An instant between ``start`` and ``end``, in ``start``'s zone (absolute, not wall-clock, arithmetic)."""
        utc = start.astimezone(timezone.utc)
        span = max(int((end.astimezone(timezone.utc) - utc) / timedelta(milliseconds=1)), 0)
        return (utc + timedelta(milliseconds=self.rng.randrange(span + 1))).astimezone(start.tzinfo)

    def forced(self, traits: Sequence[str], population: int) -> dict[int, str]:
        """Pin each trait to a distinct random index so small tenants still show it."""
        picks = self.rng.sample(range(population), k=min(len(traits), population))
        return dict(zip(picks, traits))


#: role id, role name, locked, (permission, description) pairs
_ROLES: tuple[tuple[str, str, bool, tuple[tuple[str, str], ...]], ...] = (
    ("desktop-user", "Desktop User", False, (
        ("com.code42.computer.login", "Sign in to the CrashPlan app"),
        ("com.code42.restore.own", "Restore own files"))),
    ("proe-user", "PROe User", False, (
        ("com.code42.computer.server.login", "Back up servers with the CrashPlan app"),)),
    ("customer-cloud-admin", "Customer Cloud Admin", True, (
        ("com.code42.admin.all", "Manage every org, user and device of the tenant"),
        ("com.code42.role.assign", "Assign any role"))),
    ("org-admin", "Org Admin", False, (
        ("com.code42.org.manage", "Manage the own org and its child orgs"),
        ("com.code42.user.manage", "Manage users of the managed orgs"),
        ("com.code42.computer.manage", "Manage devices of the managed orgs"))),
    ("security-administrator", "Security Administrator", False, (
        ("com.code42.securitytools.read", "View security reports"),
        ("com.code42.auditlog.read", "Search the audit log"))),
    ("legal-hold-administrator", "Legal Hold Administrator", False, (
        ("com.code42.legalhold.manage", "Create and manage legal-hold matters"),
        ("com.code42.legalhold.restore", "Restore custodians' files"))),
    ("alert-emails", "Alert Emails", False, (
        ("com.code42.alert.email", "Receive alert emails"),)),
)


def _roles(frame: TimeFrame) -> list[RoleRecord]:
    created = frame.local(datetime(2019, 3, 4, 17, 2, 11, 517_000, tzinfo=timezone.utc))
    return [RoleRecord(role_id, name, created, created, tuple(Permission(*pair) for pair in permissions), locked)
            for role_id, name, locked, permissions in _ROLES]


def _destinations(gen: _Generator) -> list[DestinationRecord]:
    sites = (("CrashPlan Cloud US West", "sea"), ("CrashPlan Cloud US East", "iad"), ("CrashPlan Cloud EU", "fra"))
    destinations = []
    for index, (name, site) in enumerate(sites):
        number = gen.rng.randrange(2, 40)
        server = f"cpc-{site}-{number}"
        destinations.append(DestinationRecord(
            guid=str(gen.rng.randrange(10, 100)) if index == 1 else gen.digits(18),
            name=name,
            server_id=gen.rng.randrange(1000, 9999),
            server_guid=gen.digits(18),
            server_name=server,
            server_host_name=f"https://{server}.crashplan.com",
            store_point_id=gen.rng.randrange(10_000, 99_999),
            store_point_name=f"{server}-sp-{gen.rng.randrange(1, 9)}",
        ))
    return destinations


def _orgs(gen: _Generator, count: int) -> list[OrgRecord]:
    orgs: list[OrgRecord] = []
    names = [gen.rng.choice(_COMPANIES), *gen.rng.sample(_DEPARTMENTS, k=min(len(_DEPARTMENTS), count))]
    org_id = gen.rng.randrange(2000, 9000)
    for index in range(max(count, 1)):
        zone = gen.zone()
        created = gen.ago(900, 2500, zone)
        parent = None if index == 0 else (orgs[0] if index < 3 else gen.rng.choice(orgs))
        name = names[index] if index < len(names) else f"{gen.rng.choice(_DEPARTMENTS)} {index}"
        orgs.append(OrgRecord(
            org_id=org_id,
            org_uid=gen.digits(18),
            org_guid=gen.uuid(),
            org_name=name,
            parent=parent,
            registration_key="-".join(gen.code(4) for _ in range(4)),
            creation_date=created,
            modification_date=gen.between(created, gen.now),
            org_ext_ref=f"ORG-{gen.rng.randrange(100, 999)}" if gen.chance(0.3) else None,
        ))
        org_id += gen.rng.randrange(1, 40)
    return orgs


class _UserFactory:
    """Builds user records with increasing ids and unique usernames."""

    def __init__(self, gen: _Generator, tenant: Tenant, domain: str) -> None:
        self.gen = gen
        self.tenant = tenant
        self.domain = domain
        self.next_id = gen.rng.randrange(100_000, 900_000)

    def _base(self, username: str, first: str | None, last: str | None, org: OrgRecord,
              role_ids: Sequence[str]) -> UserRecord:
        gen = self.gen
        zone = gen.zone()
        created = gen.ago(30, 1800, zone)
        user = UserRecord(
            user_id=self.next_id,
            user_uid=gen.digits(18),
            username=username,
            email=username,
            first_name=first,
            last_name=last,
            org=org,
            roles=[self.tenant.role(role_id) for role_id in role_ids],
            creation_date=created,
            modification_date=gen.between(created, gen.now),
        )
        self.next_id += gen.rng.randrange(1, 500)
        return user

    def account(self, seed: AccountSeed, org: OrgRecord) -> UserRecord:
        """The user record behind a login account."""
        role_ids = ("customer-cloud-admin", "desktop-user") if seed.admin else ("desktop-user",)
        user = self._base(seed.username, seed.first_name, seed.last_name, org, role_ids)
        user.local_authentication_only = True
        user.licenses = ["admin.securityTools"] if seed.admin else []
        return user

    def _unused(self, draw: Callable[[], str]) -> str:
        """Draw usernames until one is not taken yet."""
        while True:
            name = draw().lower()
            if self.tenant.user_by_username(name) is None:
                return name

    def _email_username(self, first: str, last: str) -> str:
        def draw() -> str:
            suffix = "" if self.gen.chance(0.6) else str(self.gen.rng.randrange(1, 99))
            return f"{first}.{last}{suffix}@{self.domain}"

        return self._unused(draw)

    def _plain_username(self, first: str, last: str) -> str:
        return self._unused(lambda: f"{first[0]}{last}{self.gen.rng.randrange(10, 99)}")

    def random(self, org: OrgRecord, trait: str | None) -> UserRecord:
        """An ordinary user; ``trait`` forces one notable variation."""
        gen = self.gen
        first, last = gen.rng.choice(_FIRST), gen.rng.choice(_LAST)
        role_ids = ["desktop-user"] + (["proe-user"] if gen.chance(0.2) else [])
        user = self._base(self._email_username(first, last), first, last, org, role_ids)
        if trait == "no_email" or gen.chance(0.05):
            user.email, user.username_is_an_email = None, False
            user.username = self._plain_username(first, last)
        user.first_name = None if trait == "no_first_name" or gen.chance(0.05) else first
        user.last_name = None if gen.chance(0.05) else last
        user.active = not (trait == "inactive" or gen.chance(0.08))
        user.blocked = trait == "blocked" or gen.chance(0.05)
        user.quota_in_bytes = -1 if gen.chance(0.8) else gen.rng.choice((50, 100, 500)) * _GIB
        user.user_ext_ref = f"HR-{gen.rng.randrange(10_000, 99_999)}" if gen.chance(0.25) else None
        user.notes = "Contractor" if gen.chance(0.1) else None
        user.email_promo = gen.chance(0.3)
        user.invited = gen.chance(0.05)
        user.password_reset = gen.chance(0.05)
        return user


_USER_TRAITS = ("inactive", "no_email", "no_first_name", "blocked")
_DEVICE_TRAITS = ("deactivated", "blocked", "never_backed_up", "connection_alert", "backup_alert", "deauthorized")


def _alert_states(gen: _Generator, trait: str | None) -> list[str]:
    if trait == "connection_alert":
        return ["CriticalConnectionAlert"]
    if trait == "backup_alert":
        return ["CriticalBackupAlert"]
    roll = gen.rng.random()
    if roll < 0.12:
        return ["CriticalConnectionAlert"]
    return ["CriticalBackupAlert"] if roll < 0.22 else ["OK"]


def _activity(gen: _Generator, connected: bool, todo_files: int, todo_bytes: int) -> ActivityRecord:
    backing_up = connected and todo_files > 0
    return ActivityRecord(
        connected=connected,
        backing_up=backing_up,
        restoring=connected and gen.chance(0.05),
        time_remaining_in_ms=gen.rng.randrange(60_000, 7_200_000) if backing_up else 0,
        remaining_files=todo_files if backing_up else 0,
        remaining_bytes=todo_bytes if backing_up else 0,
    )


def _usage(gen: _Generator, destination: DestinationRecord, device_created: datetime, never: bool,
           active: bool) -> BackupUsageRecord:
    zone = gen.zone()
    created = gen.between(device_created, gen.now).astimezone(zone)
    last_connected = gen.between(created, gen.now).astimezone(zone)
    selected_files = gen.rng.randrange(500, 400_000)
    selected_bytes = gen.rng.randrange(10**8, 600 * _GIB)
    if never:
        percent, todo_files, todo_bytes = 0.0, selected_files, selected_bytes
        last_backup = last_completed = None
    else:
        percent = 100.0 if gen.chance(0.7) else round(gen.rng.uniform(1.0, 99.9), 1)
        todo_files = 0 if percent == 100.0 else int(selected_files * (100 - percent) / 100)
        todo_bytes = 0 if percent == 100.0 else int(selected_bytes * (100 - percent) / 100)
        last_backup = gen.between(created, last_connected)
        last_completed = gen.between(created, last_backup)
    archive_bytes = 0 if never else int(selected_bytes * gen.rng.uniform(0.4, 0.95))
    return BackupUsageRecord(
        destination=destination,
        archive_guid=gen.digits(18),
        selected_files=selected_files,
        selected_bytes=selected_bytes,
        todo_files=todo_files,
        todo_bytes=todo_bytes,
        archive_bytes=archive_bytes,
        billable_bytes=selected_bytes if not never else 0,
        send_rate_average=gen.rng.randrange(0, 40_000_000),
        completion_rate_average=gen.rng.randrange(0, 20_000_000),
        percent_complete=percent,
        last_backup=last_backup,
        last_completed_backup=last_completed,
        last_connected=last_connected,
        last_maintenance_date=gen.between(created, gen.now).astimezone(zone),
        last_compact_date=gen.between(created, gen.now).astimezone(zone),
        creation_date=created,
        modification_date=gen.between(last_connected, gen.now).astimezone(zone),
        alert_states=["CriticalBackupAlert"] if never or gen.chance(0.1) else ["OK"],
        activity=_activity(gen, active and gen.chance(0.6), todo_files, todo_bytes),
        using=active,
    )


def _device_name(gen: _Generator, os_name: str, user: UserRecord) -> str:
    first = user.first_name or "Shared"
    if os_name == "mac":
        return f"{first}'s MacBook {gen.rng.choice(('Pro', 'Air'))}"
    if os_name == "win":
        return f"DESKTOP-{gen.code(7)}"
    return f"{(user.last_name or 'dev').lower()}-workstation-{gen.rng.randrange(1, 20)}"


def _device(gen: _Generator, computer_id: int, user: UserRecord, trait: str | None,
            destinations: Sequence[DestinationRecord]) -> DeviceRecord:
    os_name, versions, arches = gen.rng.choice(_OS_CHOICES)
    product, build, released = gen.rng.choice(_PRODUCT_VERSIONS)
    name = _device_name(gen, os_name, user)
    active = user.active and trait != "deactivated" and not gen.chance(0.05)
    zone = gen.zone()
    created = gen.ago(40, 1200, zone)
    last_connected = gen.ago(0, 20, zone) if active else gen.ago(60, 400, zone)
    last_connected = max(last_connected, created)
    usages = gen.rng.sample(list(destinations), k=gen.rng.choice((1, 1, 2)))
    return DeviceRecord(
        computer_id=computer_id,
        guid=gen.digits(18),
        name=name,
        os_hostname="UNKNOWN" if gen.chance(0.08) else name.lower().replace("'", "").replace(" ", "-"),
        user=user,
        os_name=os_name,
        os_version=gen.rng.choice(versions),
        os_arch=gen.rng.choice(arches),
        address=f"10.{gen.rng.randrange(256)}.{gen.rng.randrange(256)}.{gen.rng.randrange(1, 255)}:4242",
        remote_address=f"203.0.113.{gen.rng.randrange(1, 255)}",
        java_version=gen.rng.choice(_JAVA_VERSIONS),
        time_zone=gen.rng.choice(_TIME_ZONES),
        product_version=product,
        build_version=build,
        version=released + gen.rng.randrange(0, 10**8),
        creation_date=created,
        modification_date=gen.between(created, last_connected),
        login_date=gen.between(created, last_connected),
        last_connected=last_connected,
        alert_states=_alert_states(gen, trait),
        backup_usage=[
            _usage(gen, dest, created, never=(trait == "never_backed_up" and index == 0), active=active)
            for index, dest in enumerate(usages)
        ],
        active=active,
        blocked=trait == "blocked" or (active and gen.chance(0.04)),
        deauthorized=trait == "deauthorized" and active,
        computer_ext_ref=f"ASSET-{gen.rng.randrange(1000, 9999)}" if gen.chance(0.2) else None,
        notes="Loaner" if gen.chance(0.05) else None,
    )


def _add_users(gen: _Generator, tenant: Tenant, orgs: Sequence[OrgRecord], accounts: Sequence[AccountSeed],
               total: int, domain: str) -> None:
    factory = _UserFactory(gen, tenant, domain)
    child = orgs[1] if len(orgs) > 1 else orgs[0]
    for seed in accounts:
        tenant.add_user(factory.account(seed, orgs[0] if seed.in_root_org else child))
    extra = max(total - len(accounts), 0)
    traits = gen.forced(_USER_TRAITS, extra)
    for index in range(extra):
        tenant.add_user(factory.random(gen.rng.choice(orgs), traits.get(index)))


def _add_devices(gen: _Generator, tenant: Tenant, total: int, first_owner: UserRecord | None) -> None:
    computer_id = gen.rng.randrange(1_000_000, 9_000_000)
    traits = gen.forced(_DEVICE_TRAITS, total)
    for index in range(total):
        owner = first_owner if first_owner is not None and index < 2 else gen.rng.choice(tenant.users)
        tenant.add_device(_device(gen, computer_id, owner, traits.get(index), tenant.destinations))
        computer_id += gen.rng.randrange(1, 300)


def _agent_states(seed: int, devices: Sequence[DeviceRecord]) -> None:
    """Set each Mac's ``fullDiskAccess`` state; other systems report ``"unknown"``.

    A separate random stream, so adding agent properties leaves every other value alone.
    """
    rng = random.Random(f"pycpg-emulator-agent-state:{seed}")
    macs = [device for device in devices if device.os_name == "mac"]
    # Pin one granted and one refused Mac so that small tenants still show both.
    pinned = dict(zip(rng.sample(range(len(macs)), k=min(2, len(macs))), ("true", "false")))
    for index, device in enumerate(macs):
        device.full_disk_access = pinned.get(index) or rng.choices(("true", "false", "unknown"), (60, 30, 10))[0]


def _histories(seed: int, tenant: Tenant, accounts: Sequence[AccountSeed], api_client_id: str,
               audit_events: int) -> None:
    """Legal holds and the audit log, each from its own random stream."""
    account_users = tenant.users[:len(accounts)]
    admins = [user for user, account in zip(account_users, accounts) if account.admin]
    frame = tenant.mint.frame
    seed_legal_holds(seed, tenant.legal_hold, admins, tenant.users[len(accounts):], api_client_id, frame)
    seed_audit_log(seed, tenant.audit_log, tenant.users, admins, tenant.roles, tenant.devices, api_client_id,
                   frame.now, count=audit_events)


def generate_tenant(seed: int, sizes: Sizes, accounts: Sequence[AccountSeed],
                    device_owner: str | None = None, api_client_id: str = DEFAULT_API_CLIENT_ID,
                    frame: TimeFrame | None = None) -> Tenant:
    """Build a tenant from ``seed``.

    Args:
        seed: the only source of randomness.
        sizes: org count (root included), user count (account users included; at
            least one user per account), device count and past audit-log events.
        accounts: login accounts; their users come first, in this order.
        device_owner: username that owns the first two devices (so a restricted
            account has devices of its own).
        api_client_id: the API client that the legal-hold and audit-log histories name.
        frame: when the history ends and the zone of its dates (default: pinned at
            :data:`~pycpg.emulator.mint.REFERENCE_NOW`, UTC).

    Returns:
        The populated tenant.
    """
    frame = frame or TimeFrame()
    gen = _Generator(seed, frame)
    registration_key = gen.code(16, string.digits)
    tenant_uid = gen.uuid()
    destinations = _destinations(gen)
    orgs = _orgs(gen, sizes.orgs)
    customer = CustomerInfo(name=orgs[0].org_name, registration_key=registration_key, tenant_uid=tenant_uid)
    tenant = Tenant(customer, _roles(frame), destinations, Mint.seeded(seed, frame))
    for org in orgs:
        tenant.add_org(org)
    domain = orgs[0].org_name.split()[0].lower() + ".example"
    _add_users(gen, tenant, orgs, accounts, sizes.users, domain)
    owner = tenant.user_by_username(device_owner) if device_owner else None
    _add_devices(gen, tenant, sizes.devices, owner)
    _agent_states(seed, tenant.devices)
    _histories(seed, tenant, accounts, api_client_id, sizes.audit_events)
    return tenant
