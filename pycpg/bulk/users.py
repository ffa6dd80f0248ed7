"""User actions: deactivate, reactivate, move, add / remove roles, update.

Rows name a user by ``username`` (CrashPlan CLI's column) or by ``user_uid``;
``users.update`` takes ``user_uid`` only, as CrashPlan's CLI, because its
``username`` column is the new username.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field, model_validator

from pycpg.bulk import _lookup as lookup
from pycpg.bulk.actions import Action, BulkRowError, RowModel, StateChange
from pycpg.models import User
from pycpg.sdk import SDKClient

__all__ = [
    "UserRow", "UserMoveRow", "UserRoleRow", "UserUpdateRow",
    "DeactivateUsers", "ReactivateUsers", "MoveUsers", "AddRoles", "RemoveRoles", "UpdateUsers",
]

_USERNAME = AliasChoices("username", "user", "user_name", "login")
_USER_UID = AliasChoices("user_uid", "uid")


class UserRow(RowModel):
    """A user, by username or by uid."""

    bulk_one_of = (("username", "user_uid"),)
    bulk_template: ClassVar[tuple[str, ...]] = ("username",)

    username: str | None = Field(None, validation_alias=_USERNAME, description="the user's username")
    user_uid: str | None = Field(None, validation_alias=_USER_UID, description="the user's userUid")

    @model_validator(mode="after")
    def _one_user(self) -> UserRow:
        if not self.username and not self.user_uid:
            raise ValueError("a username or a user_uid is required")
        return self

    def find(self, sdk: SDKClient) -> User:
        """The user this row names."""
        return lookup.user(sdk, self.username, self.user_uid)


class UserMoveRow(UserRow):
    """A user and the org to move them to."""

    bulk_template = ("username", "org_id")

    org_id: str = Field(
        validation_alias=AliasChoices("org_id", "org_uid", "org", "organization"), min_length=1,
        description="the destination org's orgUid or numeric orgId",
    )


class UserRoleRow(UserRow):
    """A user and a role."""

    bulk_template = ("username", "role_name")

    role_name: str = Field(
        validation_alias=AliasChoices("role_name", "role", "role_id"), min_length=1,
        description="the role's name (or its roleId)",
    )


class UserUpdateRow(RowModel):
    """A user, by uid, and the details to change; an empty cell leaves that detail as it is."""

    bulk_secret = frozenset({"password"})
    bulk_template = ("user_uid", "username", "email", "password", "first_name", "last_name", "notes",
                     "archive_size_quota")

    user_uid: str = Field(validation_alias=_USER_UID, min_length=1, description="the user's userUid")
    username: str | None = Field(None, validation_alias=AliasChoices("username", "new_username"),
                                 description="the new username")
    email: str | None = Field(None, validation_alias=AliasChoices("email", "new_email"),
                              description="the new email address")
    password: str | None = Field(None, validation_alias=AliasChoices("password", "new_password"),
                                 description="the new password (masked in results)")
    first_name: str | None = Field(None, validation_alias=AliasChoices("first_name", "given_name"),
                                   description="the new first name")
    last_name: str | None = Field(None, validation_alias=AliasChoices("last_name", "surname"),
                                  description="the new last name")
    notes: str | None = Field(None, validation_alias=AliasChoices("notes", "note"), description="the new notes")
    archive_size_quota: int | None = Field(
        None, validation_alias=AliasChoices("archive_size_quota", "archive_size_quota_bytes", "quota_in_bytes",
                                            "quota"),
        ge=-1, description="the new backup quota in bytes (-1: unlimited)",
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> UserUpdateRow:
        if not self.changes():
            raise ValueError("nothing to update: every column besides user_uid is empty")
        return self

    def changes(self) -> dict[str, str | int]:
        """The details given, by their ``update_user`` argument names."""
        given: dict[str, str | int | None] = {
            "username": self.username, "email": self.email, "password": self.password,
            "first_name": self.first_name, "last_name": self.last_name, "notes": self.notes,
            "archive_size_quota_bytes": self.archive_size_quota,
        }
        return {key: value for key, value in given.items() if value is not None and value != ""}


def _status(user: User) -> str:
    return "Active" if user.active else "Deactivated"


class _UserState(StateChange[UserRow, User]):
    row_model = UserRow

    def target(self, sdk: SDKClient, row: UserRow) -> User:
        return row.find(sdk)

    def describe(self, target: User) -> str:
        return lookup.describe_user(target)

    def current(self, target: User) -> str:
        return _status(target)


class DeactivateUsers(_UserState):
    """Deactivate each user (skipped when already deactivated)."""

    name = "users.deactivate"
    summary = "deactivate users (a user already deactivated is left as is)"
    verb, state = "deactivate", "deactivated"

    def reached(self, target: User) -> bool:
        return not target.active

    def change(self, sdk: SDKClient, target: User) -> None:
        sdk.users.deactivate(target.user_id)


class ReactivateUsers(_UserState):
    """Reactivate each user (skipped when already active)."""

    name = "users.reactivate"
    summary = "reactivate users (a user already active is left as is)"
    verb, state = "reactivate", "active"

    def reached(self, target: User) -> bool:
        return target.active

    def change(self, sdk: SDKClient, target: User) -> None:
        sdk.users.reactivate(target.user_id)


class MoveUsers(Action[UserMoveRow]):
    """Move each user (and their devices) to another org, given by orgUid or orgId."""

    name = "users.move"
    row_model = UserMoveRow
    summary = "move users to another org (org_id: the org's uid or numeric id)"

    def plan(self, sdk: SDKClient, row: UserMoveRow) -> str:
        user = row.find(sdk)
        org = lookup.org(sdk, row.org_id)
        if user.org_id == org.org_id:
            return f"{lookup.describe_user(user)} is already in org {org.org_id} {org.org_name!r}; nothing to do"
        return (f"would move {lookup.describe_user(user)} from org {user.org_id} {user.org_name or ''!r} "
                f"to org {org.org_id} {org.org_name!r}")

    def apply(self, sdk: SDKClient, row: UserMoveRow) -> str:
        user = row.find(sdk)
        org = lookup.org(sdk, row.org_id)
        if user.org_id == org.org_id:
            return f"{lookup.describe_user(user)} was already in org {org.org_id} {org.org_name!r}"
        sdk.users.change_org_assignment(user.user_id, org.org_id)
        return f"moved {lookup.describe_user(user)} to org {org.org_id} {org.org_name!r}"


def _role_state(sdk: SDKClient, row: UserRoleRow) -> tuple[User, str, bool]:
    """The user, the role's canonical name, and whether the user has it."""
    user = row.find(sdk)
    role_name = None
    for role in sdk.users.get_available_roles().model():
        if row.role_name in (role.role_name, str(role.role_id)):
            role_name = role.role_name
            break
    if role_name is None:
        raise BulkRowError(f"no role is named {row.role_name!r}")
    held = any(role_name == role.role_name for role in sdk.users.get_roles(user.user_id).model())
    return user, role_name, held


class AddRoles(Action[UserRoleRow]):
    """Give each user a role (skipped when they have it)."""

    name = "users.add-roles"
    row_model = UserRoleRow
    summary = "add a role to users (a role already held is left as is)"

    def plan(self, sdk: SDKClient, row: UserRoleRow) -> str:
        user, role, held = _role_state(sdk, row)
        if held:
            return f"{lookup.describe_user(user)} already has role {role!r}; nothing to do"
        return f"would add role {role!r} to {lookup.describe_user(user)}"

    def apply(self, sdk: SDKClient, row: UserRoleRow) -> str:
        user, role, held = _role_state(sdk, row)
        if held:
            return f"{lookup.describe_user(user)} already had role {role!r}"
        sdk.users.add_role(user.user_id, role)
        return f"added role {role!r} to {lookup.describe_user(user)}"


class RemoveRoles(Action[UserRoleRow]):
    """Take a role away from each user (skipped when they do not have it)."""

    name = "users.remove-roles"
    row_model = UserRoleRow
    summary = "remove a role from users (a role not held is left as is)"

    def plan(self, sdk: SDKClient, row: UserRoleRow) -> str:
        user, role, held = _role_state(sdk, row)
        if not held:
            return f"{lookup.describe_user(user)} does not have role {role!r}; nothing to do"
        return f"would remove role {role!r} from {lookup.describe_user(user)}"

    def apply(self, sdk: SDKClient, row: UserRoleRow) -> str:
        user, role, held = _role_state(sdk, row)
        if not held:
            return f"{lookup.describe_user(user)} did not have role {role!r}"
        sdk.users.remove_role(user.user_id, role)
        return f"removed role {role!r} from {lookup.describe_user(user)}"


def _shown(key: str, value: str | int) -> str:
    return f"{key} (hidden)" if key == "password" else f"{key}={value!r}"


class UpdateUsers(Action[UserUpdateRow]):
    """Change users' details (username, email, password, names, notes, quota)."""

    name = "users.update"
    row_model = UserUpdateRow
    summary = "update users' details; an empty cell leaves that detail unchanged"

    def plan(self, sdk: SDKClient, row: UserUpdateRow) -> str:
        user = lookup.user(sdk, None, row.user_uid)
        changes = ", ".join(_shown(key, value) for key, value in row.changes().items())
        return f"would update {lookup.describe_user(user)}: {changes}"

    def apply(self, sdk: SDKClient, row: UserUpdateRow) -> str:
        changes = row.changes()
        user = lookup.user(sdk, None, row.user_uid)  # "no user has uid ..." rather than a bare 404
        sdk.users.update_user(
            row.user_uid,
            username=row.username or None, email=row.email or None, password=row.password or None,
            first_name=row.first_name or None, last_name=row.last_name or None, notes=row.notes or None,
            archive_size_quota_bytes=row.archive_size_quota,
        )
        return f"updated {lookup.describe_user(user)}: " + ", ".join(changes)
