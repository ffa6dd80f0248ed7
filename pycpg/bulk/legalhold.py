"""Legal-hold actions: ``legal-hold.add`` and ``legal-hold.remove`` (custodians of matters).

Rows name the matter by its uid (CrashPlan CLI column ``matter_id``) and the user by
``username`` or ``user_uid``.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from pycpg.bulk import _lookup as lookup
from pycpg.bulk.actions import Action
from pycpg.bulk.users import UserRow
from pycpg.exceptions import PycpgUserAlreadyAddedError
from pycpg.sdk import SDKClient

__all__ = ["CustodianRow", "AddCustodians", "RemoveCustodians"]


class CustodianRow(UserRow):
    """A legal-hold matter and a user."""

    bulk_template = ("matter_id", "username")

    matter_id: str = Field(
        validation_alias=AliasChoices(
            "matter_id", "matter", "matter_uid", "legal_hold_uid", "legal_hold_matter_uid", "legal_hold_id",
        ),
        min_length=1, description="the matter's legalHoldUid",
    )


class AddCustodians(Action[CustodianRow]):
    """Place each user on the matter's hold (skipped when already a custodian)."""

    name = "legal-hold.add"
    row_model = CustodianRow
    summary = "add users to legal-hold matters as custodians"

    def plan(self, sdk: SDKClient, row: CustodianRow) -> str:
        matter = lookup.matter(sdk, row.matter_id)
        user = row.find(sdk)
        if lookup.active_membership(sdk, matter.legal_hold_uid, user.user_uid) is not None:
            return f"{lookup.describe_user(user)} is already a custodian of {matter.name!r}; nothing to do"
        inactive = "" if matter.active else " (the matter is inactive)"
        return f"would add {lookup.describe_user(user)} to matter {matter.name!r}{inactive}"

    def apply(self, sdk: SDKClient, row: CustodianRow) -> str:
        matter = lookup.matter(sdk, row.matter_id)
        user = row.find(sdk)
        if lookup.active_membership(sdk, matter.legal_hold_uid, user.user_uid) is not None:
            return f"{lookup.describe_user(user)} was already a custodian of {matter.name!r}"
        try:
            sdk.legalhold.add_to_matter(user.user_uid, matter.legal_hold_uid)
        except PycpgUserAlreadyAddedError:  # added meanwhile by someone else
            return f"{lookup.describe_user(user)} was already a custodian of {matter.name!r}"
        return f"added {lookup.describe_user(user)} to matter {matter.name!r}"


class RemoveCustodians(Action[CustodianRow]):
    """Release each user from the matter (skipped when not an active custodian)."""

    name = "legal-hold.remove"
    row_model = CustodianRow
    summary = "release custodians from legal-hold matters"

    def plan(self, sdk: SDKClient, row: CustodianRow) -> str:
        matter = lookup.matter(sdk, row.matter_id)
        user = row.find(sdk)
        if lookup.active_membership(sdk, matter.legal_hold_uid, user.user_uid) is None:
            return f"{lookup.describe_user(user)} is not a custodian of {matter.name!r}; nothing to do"
        return f"would release {lookup.describe_user(user)} from matter {matter.name!r}"

    def apply(self, sdk: SDKClient, row: CustodianRow) -> str:
        matter = lookup.matter(sdk, row.matter_id)
        user = row.find(sdk)
        member = lookup.active_membership(sdk, matter.legal_hold_uid, user.user_uid)
        if member is None:
            return f"{lookup.describe_user(user)} was not a custodian of {matter.name!r}"
        sdk.legalhold.remove_from_matter(member.legal_hold_membership_uid)
        return f"released {lookup.describe_user(user)} from matter {matter.name!r}"
