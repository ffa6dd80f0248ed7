"""Validation of user creates and updates (docs/wire-shapes.md "Validation rules").

Each rule names the v1 error code it raises. Rules are checked in table order and
the first broken one answers ``500`` with a ``BuilderException`` body naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pycpg.emulator.records import UserRecord
from pycpg.emulator.tenant import Tenant
from pycpg.emulator.wire import ApiError

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class UserDraft:
    """A user as it would be after the request.

    ``password`` is only the password being set (``None``: unchanged or none);
    ``existing`` is the user being updated (``None`` for a create).
    """

    username: str | None
    email: str | None
    password: str | None
    username_is_an_email: bool
    existing: UserRecord | None = None


def _invalid_username(draft: UserDraft, tenant: Tenant) -> bool:
    name = draft.username
    return name is None or name.strip() == "" or any(char.isspace() for char in name)


def _username_not_an_email(draft: UserDraft, tenant: Tenant) -> bool:
    return draft.username_is_an_email and "@" not in (draft.username or "")


def _email_invalid(draft: UserDraft, tenant: Tenant) -> bool:
    return draft.email is not None and "@" not in draft.email


def _password_invalid(draft: UserDraft, tenant: Tenant) -> bool:
    return draft.password is not None and len(draft.password) < MIN_PASSWORD_LENGTH


def _duplicate(draft: UserDraft, tenant: Tenant) -> bool:
    holder = tenant.user_by_username(draft.username or "")
    return holder is not None and holder is not draft.existing


RULES: tuple[tuple[str, Callable[[UserDraft, Tenant], bool]], ...] = (
    ("INVALID_USERNAME", _invalid_username),
    ("USERNAME_NOT_AN_EMAIL", _username_not_an_email),
    ("EMAIL_INVALID", _email_invalid),
    ("NEW_PASSWORD_INVALID", _password_invalid),
    ("USER_DUPLICATE", _duplicate),
)


def validate(draft: UserDraft, tenant: Tenant) -> None:
    """Raise the error of the first rule ``draft`` breaks."""
    for code, broken in RULES:
        if broken(draft, tenant):
            raise ApiError.validation(code)
