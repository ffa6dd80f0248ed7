"""Field types for the API's closed string sets: known values as ``StrEnum`` members.

A field such as ``Device.status`` is annotated ``DeviceStatus | str``, so an editor
offers the known values and mypy accepts a comparison with a member as well as
with a plain string. Parsing is done by one schema built in pydantic-core (no
Python call per value in the default mode):

* lenient (the default): a known value becomes its member, any other string
  (a value a newer server introduced) stays a plain ``str``; a number becomes
  its string, as for the other string fields;
* strict (``strict=True`` on ``model_validate``/``model_validate_json`` or on
  ``PycpgResponse.model``): only the known values are accepted, anything else
  is a validation error.

The switch is pydantic-core's ``lax_or_strict`` schema, which follows the
strictness of the validation run; nothing depends on ``ValidationInfo``.
Dumps write the plain string value (a member is a ``str``).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema
from pydantic_core import core_schema as cs

from pycpg.constants import (
    AlertState,
    ArchiveFormat,
    AuditActorType,
    DeviceStatus,
    FileSizeJobStatus,
    LegalHoldEventType,
    LoginType,
    OrgStatus,
    OrgType,
    OsName,
    PrincipalType,
    RestoreJobStatus,
    TreeNodeType,
    UserStatus,
    Weekday,
)

__all__ = [
    "AlertStateValue",
    "ArchiveFormatValue",
    "AuditActorTypeValue",
    "DeviceStatusValue",
    "FileSizeJobStatusValue",
    "KnownValues",
    "LegalHoldEventTypeValue",
    "LoginTypeValue",
    "OrgStatusValue",
    "OrgTypeValue",
    "OsNameValue",
    "PrincipalTypeValue",
    "RestoreJobStatusValue",
    "TreeNodeTypeValue",
    "UserStatusValue",
    "WeekdayValue",
    "known_values_schema",
]


class KnownValues:
    """``Annotated`` marker: validate ``<enum> | str`` with :func:`known_values_schema`.

    Use as ``Annotated[DeviceStatus | str, KnownValues(DeviceStatus)]``.
    """

    __slots__ = ("enum",)

    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum

    def __repr__(self) -> str:
        return f"KnownValues({self.enum.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return known_values_schema(self.enum)


@cache
def known_values_schema(enum: type[StrEnum]) -> CoreSchema:
    """The core schema of a ``<enum> | str`` field (see the module docstring)."""
    members = list(enum)
    known = ", ".join(repr(member.value) for member in members)
    lenient = cs.union_schema(
        [cs.enum_schema(enum, members, sub_type="str"), cs.str_schema()],
        mode="left_to_right",
        custom_error_type="string_type",  # one error for a non-string, not one per member
    )
    strict = cs.custom_error_schema(
        cs.literal_schema(members),  # a known value, as a str or a member, becomes the member
        custom_error_type="unknown_value",
        custom_error_message=f"Input should be a known {enum.__name__} value ({known}) in strict mode",
    )
    return cs.lax_or_strict_schema(
        lax_schema=lenient, strict_schema=strict, serialization=cs.simple_ser_schema("str")
    )


DeviceStatusValue = Annotated[DeviceStatus | str, KnownValues(DeviceStatus)]
UserStatusValue = Annotated[UserStatus | str, KnownValues(UserStatus)]
OrgStatusValue = Annotated[OrgStatus | str, KnownValues(OrgStatus)]
OrgTypeValue = Annotated[OrgType | str, KnownValues(OrgType)]
AlertStateValue = Annotated[AlertState | str, KnownValues(AlertState)]
OsNameValue = Annotated[OsName | str, KnownValues(OsName)]
ArchiveFormatValue = Annotated[ArchiveFormat | str, KnownValues(ArchiveFormat)]
LegalHoldEventTypeValue = Annotated[LegalHoldEventType | str, KnownValues(LegalHoldEventType)]
PrincipalTypeValue = Annotated[PrincipalType | str, KnownValues(PrincipalType)]
AuditActorTypeValue = Annotated[AuditActorType | str, KnownValues(AuditActorType)]
LoginTypeValue = Annotated[LoginType | str, KnownValues(LoginType)]
RestoreJobStatusValue = Annotated[RestoreJobStatus | str, KnownValues(RestoreJobStatus)]
FileSizeJobStatusValue = Annotated[FileSizeJobStatus | str, KnownValues(FileSizeJobStatus)]
TreeNodeTypeValue = Annotated[TreeNodeType | str, KnownValues(TreeNodeType)]
WeekdayValue = Annotated[Weekday | str, KnownValues(Weekday)]
