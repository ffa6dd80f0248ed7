"""Legal hold models: ``/api/v38/legal-hold-*`` payloads (and the older v1 shapes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Tag

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models._values import LegalHoldEventTypeValue, PrincipalTypeValue, WeekdayValue

__all__ = [
    "BackupPaths",
    "BackupRunWindow",
    "ExcludePatterns",
    "LegalHoldEvent",
    "LegalHoldMatter",
    "LegalHoldMembership",
    "LegalHoldPolicy",
    "LegalHoldRef",
    "LegalHoldUser",
    "MatterList",
    "MembershipList",
    "PreservationPolicy",
    "Principal",
    "PrincipalUser",
    "RetentionPolicy",
]


class PrincipalUser(PycpgModel):
    """The person behind a ``USER`` principal: ``user`` of a principal object.

    Part of the v38 matter ``creator`` and the event ``actorPrincipal``/
    ``custodianPrincipal`` (``/api/v38/legal-hold-matter/*``,
    ``/api/v38/legal-hold-event/list``). First and last names may be missing.
    """

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class Principal(PycpgModel):
    """Who did something in the v38 legal-hold API: a principal object.

    The ``creator`` of a matter (``GET /api/v38/legal-hold-matter/view``,
    ``/list``), the ``actorPrincipal``/``custodianPrincipal`` of an event
    (``GET /api/v38/legal-hold-event/list``) and the ``creatorPrincipal`` of a
    policy. ``type`` is a :class:`~pycpg.constants.PrincipalType`: ``"USER"``
    and ``"API_KEY"`` are seen, the Incydr twin also lists ``"DEVICE"``,
    ``"SERVICE"`` and ``"EMPLOYEE"``; another value stays a plain string.
    ``principal_id`` is a user uid or ``key-<uuid>`` for an API client;
    ``user`` is present only for ``USER`` principals.
    """

    type: PrincipalTypeValue | None = None
    principal_id: str | None = None
    display_name: str | None = None
    user: PrincipalUser | None = None


class LegalHoldUser(PycpgModel):
    """A v1-style user object in legal-hold payloads.

    The ``user`` of a membership (``GET /api/v38/legal-hold-membership/list``,
    ``POST /api/v38/legal-hold-membership/create``), the ``creatorUser`` of a
    policy (``GET /api/v38/legal-hold-policy/view``) and the ``creator`` of an
    older matter. Each source sends a different subset of the keys; every one
    sends ``user_uid`` and ``username``, which are required.
    """

    user_uid: str
    user_id: int | None = None
    username: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    user_ext_ref: str | None = None


class BackupRunWindow(PycpgModel):
    """When backups may run: ``policy.backupRunWindow`` of ``GET /api/v38/legal-hold-policy/view``.

    Times of day are ``"HH:MM"`` strings; ``days`` are
    :class:`~pycpg.constants.Weekday` values, ``"SUNDAY"`` … ``"SATURDAY"``.
    """

    always_run: bool | None = None
    start_time_of_day: str | None = None
    end_time_of_day: str | None = None
    days: list[WeekdayValue] | None = None


class ExcludePatterns(PycpgModel):
    """Exclusions per OS: ``policy.backupPaths.excludePatterns`` of ``GET /api/v38/legal-hold-policy/view``.

    The item shape is unknown (only empty lists were seen), so items are kept
    as plain JSON.
    """

    windows: list[Any] | None = None
    linux: list[Any] | None = None
    macintosh: list[Any] | None = None
    all: list[Any] | None = None


class BackupPaths(PycpgModel):
    """What is preserved: ``policy.backupPaths`` of ``GET /api/v38/legal-hold-policy/view``.

    The item shape of ``paths`` is unknown, so items are kept as plain JSON.
    """

    paths: list[Any] | None = None
    exclude_patterns: ExcludePatterns | None = None


class RetentionPolicy(PycpgModel):
    """Version retention: ``policy.retentionPolicy`` of ``GET /api/v38/legal-hold-policy/view``.

    ``backup_frequency_millis`` is in milliseconds, the other durations in minutes.
    """

    backup_frequency_millis: int | None = None
    keep_deleted: bool | None = None
    keep_deleted_minutes: int | None = None
    version_last_week_interval_minutes: int | None = None
    version_last_ninety_days_interval_minutes: int | None = None
    version_last_year_interval_minutes: int | None = None
    version_prev_years_interval_minutes: int | None = None


class PreservationPolicy(PycpgModel):
    """The backup settings a hold enforces: ``policy`` of ``GET /api/v38/legal-hold-policy/view``.

    ``compression`` (``"ON"``) and ``data_de_duplication`` (``"FULL"``) are kept
    as sent; ``scan_time`` is ``"HH:MM"``; ``scan_interval_millis`` is in
    milliseconds. The item shape of ``destinations`` is unknown.
    """

    backup_open_files: bool | None = None
    compression: str | None = None
    data_de_dup_auto_max_file_size_for_lan: int | None = None
    data_de_dup_auto_max_file_size_for_wan: int | None = None
    data_de_duplication: str | None = None
    encryption_enabled: bool | None = None
    scan_interval_millis: int | None = None
    scan_time: str | None = None
    watch_files: bool | None = None
    destinations: list[Any] | None = None
    backup_run_window: BackupRunWindow | None = None
    backup_paths: BackupPaths | None = None
    retention_policy: RetentionPolicy | None = None


class LegalHoldPolicy(PycpgModel):
    """A preservation policy.

    From ``POST /api/v38/legal-hold-policy/create``,
    ``GET /api/v38/legal-hold-policy/view`` and the items of
    ``GET /api/v38/legal-hold-policy/list``. CrashPlan sends ``creator_user``
    (a v1-style user); the Incydr twin sends ``creator_principal`` instead.
    """

    legal_hold_policy_uid: str
    name: str
    creator_user: LegalHoldUser | None = None
    creator_principal: Principal | None = None
    policy: PreservationPolicy | None = None
    creation_date: Timestamp | None = None
    modification_date: Timestamp | None = None


def _wire_keys(model: type[PycpgModel]) -> frozenset[str]:
    """Every top-level key that binds to a field of ``model`` (aliases and names)."""
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        if field.alias is not None:
            keys.add(field.alias)
    return frozenset(keys)


_PRINCIPAL_KEYS = _wire_keys(Principal)
_USER_KEYS = _wire_keys(LegalHoldUser)


def _creator_kind(value: Any) -> str | None:
    # A v38 creator is a principal; older matters carry a v1 user object. The
    # two share no top-level key, so any principal key decides; a creator with
    # neither kind of key (``{}``) is taken as the current (principal) shape.
    if isinstance(value, Principal):
        return "principal"
    if isinstance(value, LegalHoldUser):
        return "user"
    if isinstance(value, dict):
        if _PRINCIPAL_KEYS & value.keys():
            return "principal"
        if _USER_KEYS & value.keys():
            return "user"
        return "principal"
    return None


_Creator = Annotated[
    Annotated[Principal, Tag("principal")] | Annotated[LegalHoldUser, Tag("user")],
    Discriminator(
        _creator_kind,
        custom_error_type="invalid_creator",
        custom_error_message="creator must be a principal or a user object",
    ),
]


class LegalHoldMatter(PycpgModel):
    """A legal hold matter.

    From ``POST /api/v38/legal-hold-matter/create``,
    ``GET /api/v38/legal-hold-matter/view`` and the items of
    ``GET /api/v38/legal-hold-matter/list`` (see :data:`MatterList`), and the
    older v1 matters. Variants kept as sent: the last change is
    ``last_modified`` on older items and ``last_modified_date`` on 2025 ones
    (read :attr:`modified` for either); ``creator`` is a :class:`Principal` in
    v38 and a :class:`LegalHoldUser` on older matters; the policy is
    ``policy_id`` (v38) or ``hold_policy_uid`` (v1); the external reference is
    ``hold_ext_ref`` on the wire, ``external_reference`` in v38 requests.
    """

    legal_hold_uid: str
    name: str
    description: str | None = None
    notes: str | None = None
    hold_ext_ref: str | None = None
    external_reference: str | None = None
    active: bool
    creation_date: Timestamp | None = None
    last_modified: Timestamp | None = None
    last_modified_date: Timestamp | None = None
    creator: _Creator | None = None
    policy_id: str | None = None
    hold_policy_uid: str | None = None

    @property
    def modified(self) -> datetime | None:
        """When the matter last changed, whichever of the two wire keys carried it."""
        if self.last_modified_date is not None:
            return self.last_modified_date
        return self.last_modified


class LegalHoldRef(PycpgModel):
    """The matter a membership belongs to: ``legalHold`` of ``GET /api/v38/legal-hold-membership/list`` items."""

    legal_hold_uid: str
    name: str


class LegalHoldMembership(PycpgModel):
    """A custodian's membership in a matter.

    From ``POST /api/v38/legal-hold-membership/create`` and the items of
    ``GET /api/v38/legal-hold-membership/list`` (see :data:`MembershipList`).
    ``active`` turns false when the custodian is released.
    """

    legal_hold_membership_uid: str
    active: bool
    creation_date: Timestamp | None = None
    legal_hold: LegalHoldRef
    user: LegalHoldUser


class LegalHoldEvent(PycpgModel):
    """A legal hold event: an item of the bare list of ``GET /api/v38/legal-hold-event/list``.

    ``event_type`` is a :class:`~pycpg.constants.LegalHoldEventType` (v38:
    ``HOLD_CREATED``, ``MEMBERSHIP_CREATED``, …, ``RESTORE``; v1:
    ``HoldCreated``, …) or, for a value this version does not know, a plain
    string. ``event_uid``, ``event_type``, ``event_date`` and
    ``legal_hold_uid`` are required. Hold events lack
    ``legal_hold_membership_uid`` and ``custodian_principal``. Older v1 events
    (``/api/v1/LegalHoldEventReport``) carry no principals but flattened
    ``actor_*``/``custodian_*`` user fields, which are kept as well.
    """

    event_uid: str
    event_type: LegalHoldEventTypeValue
    event_date: Timestamp
    legal_hold_uid: str
    legal_hold_membership_uid: str | None = None
    actor_principal: Principal | None = None
    custodian_principal: Principal | None = None
    actor_user_uid: str | None = None
    actor_username: str | None = None
    actor_first_name: str | None = None
    actor_last_name: str | None = None
    actor_user_ext_ref: str | None = None
    actor_email: str | None = None
    custodian_user_uid: str | None = None
    custodian_username: str | None = None
    custodian_first_name: str | None = None
    custodian_last_name: str | None = None
    custodian_user_ext_ref: str | None = None
    custodian_email: str | None = None


def _items_under(key: str) -> Callable[[Any], Any]:
    def unwrap(value: Any) -> Any:
        # The v38 list envelope is disputed (pycpg 1.0 expects a bare array,
        # CrashPlan's own CLI reads a wrapped object): a bare array, or an
        # object holding the array under ``key``. Either yields the list.
        if isinstance(value, dict):
            if key not in value:
                raise ValueError(f"expected a list or an object with a {key!r} list")
            return value[key]
        return value

    return unwrap


MatterList = Annotated[list[LegalHoldMatter], BeforeValidator(_items_under("matters"))]
"""One page of ``GET /api/v38/legal-hold-matter/list``: a bare array or ``{"matters": [...]}``."""

MembershipList = Annotated[list[LegalHoldMembership], BeforeValidator(_items_under("memberships"))]
"""One page of ``GET /api/v38/legal-hold-membership/list``: a bare array or ``{"memberships": [...]}``."""
