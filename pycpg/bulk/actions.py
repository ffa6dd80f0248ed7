"""What a bulk action is: a row model (its columns), a dry-run ``plan`` and a writing ``apply``.

An :class:`Action` names the change it makes (``"devices.deactivate"``), declares its
input columns as a pydantic row model, and implements two methods:

* :meth:`Action.plan` describes what the row would change; it may read (to resolve
  ids and the current state) but never writes;
* :meth:`Action.apply` makes the change and returns a short outcome.

A row's columns are the row model's fields. Each field's ``validation_alias``
(an :class:`~pydantic.AliasChoices`) lists the header names it accepts, the first
being the name CrashPlan's own CLI uses; headers are matched case-insensitively and
ignoring ``_``, ``-`` and spaces (:func:`normalize_header`). A row model may also
name groups of fields of which at least one column must be present
(``bulk_one_of``), e.g. a user given by ``username`` or by ``user_uid``.

Every built-in action sends at most one write per row, as its last request, so a
429 anywhere in ``apply`` means the server applied nothing for that row: the engine
may send the row again (:attr:`Action.requeue_on_429`). An action with several
writes must set that to ``False``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from pydantic import AliasChoices, BaseModel, ConfigDict

from pycpg.exceptions import PycpgError
from pycpg.sdk import SDKClient

__all__ = [
    "Action",
    "BulkRowError",
    "StateChange",
    "Column",
    "RowModel",
    "columns_of",
    "normalize_header",
]


class BulkRowError(PycpgError):
    """A row cannot be carried out (unknown user, device or role, ...); recorded as ``failed``."""


class RowModel(BaseModel):
    """Base of the row models: surrounding spaces stripped, numbers accepted as text, extra keys ignored.

    ``bulk_one_of`` lists groups of field names of which each row (and each CSV
    header) needs at least one; ``bulk_template`` is CrashPlan CLI's column order (a
    CSV without a header row that has exactly these columns is read in this order);
    ``bulk_secret`` lists the fields whose input cells
    are masked in result rows.
    """

    model_config = ConfigDict(
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        extra="ignore",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    bulk_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    bulk_template: ClassVar[tuple[str, ...]] = ()
    bulk_secret: ClassVar[frozenset[str]] = frozenset()


R = TypeVar("R", bound=RowModel)

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize_header(header: str) -> str:
    """The form headers are compared in: lower case, without ``_``, ``-``, spaces or a BOM."""
    return _SEPARATORS.sub("", header.replace("\ufeff", "").strip().lower())


@dataclass(frozen=True)
class Column:
    """One input column of an action.

    Attributes:
        field: The row model's field name.
        names: The accepted header names; the first is the canonical one (CrashPlan CLI's).
        required: Whether every row needs a value (the header must then be present).
        description: What the column holds.
    """

    field: str
    names: tuple[str, ...]
    required: bool
    description: str

    @property
    def name(self) -> str:
        """The canonical header name."""
        return self.names[0]


def columns_of(model: type[RowModel]) -> list[Column]:
    """The columns of a row model, in field order."""
    found = []
    for field_name, info in model.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names = tuple(str(choice) for choice in alias.choices if isinstance(choice, str))
        elif isinstance(alias, str):
            names = (alias,)
        else:
            names = (field_name,)
        if field_name not in names:
            names = (*names, field_name)
        found.append(Column(field_name, names, info.is_required(), info.description or ""))
    return found


class Action(ABC, Generic[R]):
    """One kind of bulk change; subclasses set the class attributes and the two methods.

    Attributes:
        name: The registry name, e.g. ``"devices.deactivate"``.
        row_model: The pydantic model one input row validates into.
        summary: One line saying what a row does.
        requeue_on_429: Whether a row that ended in HTTP 429 may be sent again by the
            engine (true when ``apply`` sends at most one write, as its last request).
    """

    name: ClassVar[str]
    row_model: type[R]
    summary: ClassVar[str]
    requeue_on_429: ClassVar[bool] = True

    @abstractmethod
    def plan(self, sdk: SDKClient, row: R) -> str:
        """Describe what ``row`` would change (reads only, never writes)."""

    @abstractmethod
    def apply(self, sdk: SDKClient, row: R) -> str:
        """Carry ``row`` out and say what was done.

        Raises:
            BulkRowError: the row cannot be carried out (recorded as ``failed``).
            PycpgError: a request failed (recorded as ``failed``; a 429 may be re-queued).
        """

    @property
    def columns(self) -> list[Column]:
        """The input columns, in the CrashPlan CLI's template order."""
        return columns_of(self.row_model)

    @property
    def one_of(self) -> tuple[tuple[str, ...], ...]:
        """Groups of fields of which at least one must be given."""
        return self.row_model.bulk_one_of

    def header_index(self) -> Mapping[str, str]:
        """Normalized header name -> field name, for every accepted header."""
        return {normalize_header(name): column.field for column in self.columns for name in column.names}

    def __repr__(self) -> str:
        return f"<bulk action {self.name}>"


T = TypeVar("T")


class StateChange(Action[R], Generic[R, T]):
    """An action that moves one thing (a device, a user) into a state, and leaves it alone when it is there.

    Subclasses say how to find the row's target, whether it is already there,
    how to describe it and how to change it; ``verb`` (``"deactivate"``) and
    ``state`` (``"deactivated"``) word the outcomes.
    """

    verb: ClassVar[str]
    state: ClassVar[str]

    @abstractmethod
    def target(self, sdk: SDKClient, row: R) -> T:
        """The row's device or user (reads; raises :class:`BulkRowError` when there is none)."""

    @abstractmethod
    def reached(self, target: T) -> bool:
        """Whether ``target`` is already in the state."""

    @abstractmethod
    def describe(self, target: T) -> str:
        """``target`` in a few words, e.g. ``device 12 'laptop'``."""

    @abstractmethod
    def current(self, target: T) -> str:
        """``target``'s present state, e.g. ``Active``."""

    @abstractmethod
    def change(self, sdk: SDKClient, target: T) -> None:
        """Make the one write."""

    def plan(self, sdk: SDKClient, row: R) -> str:
        found = self.target(sdk, row)
        if self.reached(found):
            return f"{self.describe(found)} is already {self.state}; nothing to do"
        return f"would {self.verb} {self.describe(found)} (currently {self.current(found)})"

    def apply(self, sdk: SDKClient, row: R) -> str:
        found = self.target(sdk, row)
        if self.reached(found):
            return f"{self.describe(found)} was already {self.state}"
        self.change(sdk, found)
        return f"{self.verb}d {self.describe(found)}"
