"""Shared base class and field types for the pycpg response models."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["PycpgModel", "Timestamp"]


class PycpgModel(BaseModel):
    """Base for every CrashPlan payload model.

    Attributes are snake_case; the wire (camelCase) names are the aliases, so
    ``model_dump(by_alias=True)`` reproduces the payload keys. Validation is
    lenient: unknown keys are kept (and dumped back under their wire names),
    numbers arriving where a string id is expected become strings. Pass
    ``strict=True`` to ``model_validate``/``model_validate_json`` to opt in to
    strict type checking.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
    )


def _assume_utc_if_naive(value: datetime) -> datetime:
    # The API always sends an offset; a naive value can only come from a caller
    # or an odd fixture, and CrashPlan's own convention for those is UTC.
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=timezone.utc)
    return value


Timestamp = Annotated[datetime, AfterValidator(_assume_utc_if_naive)]
"""A timezone-aware ``datetime``.

Accepts whatever pydantic accepts for ``datetime`` (ISO-8601 strings with
``Z``/``±HH:MM`` offsets and any fraction digits, POSIX seconds or
milliseconds as numbers). The original offset is kept; naive input is taken
as UTC.
"""
