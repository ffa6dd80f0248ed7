"""Which kind of id each method takes, declared once, and errors that say so.

CrashPlan has two ids for most things (a numeric ``userId`` and a ``userUid``, a
numeric ``computerId`` and a device ``guid``, ...), and a swapped id only comes
back as a bare "404 Not Found" or "400 Bad Request". Each service declares, in
one table (its ``_ids`` class attribute: method name -> :class:`TakesId`, or
just the kind of id), which methods take which kind of id; :func:`apply_ids`
(run for every service class) wraps those methods with :func:`takes_id`, which
turns the errors about that id into ones that name the method, the kind of id
it takes, the kind it is easily confused with, and the value sent::

    users.block takes a user_id (the numeric userId), not a user_uid: no user has
    userId 123456789012345678. Failure in HTTP call 404 ...

The class stays the one pycpg 1.0 raises (``PycpgNotFoundError``,
``PycpgBadRequestError``, or ``PycpgError`` for an org id the org list does not
know) and ``response`` stays available. More specific errors
(``PycpgOrgNotFoundError``, ``PycpgActiveLegalHoldError``, ...) are left alone.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from pycpg.exceptions import PycpgBadRequestError, PycpgError, PycpgHTTPError, PycpgNotFoundError

__all__ = ["ID_KINDS", "IdKind", "IdTable", "TakesId", "apply_ids", "id_miss", "takes_id"]

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class IdKind:
    """One kind of id: its parameter name, what it is, and the kind it is confused with."""

    name: str  # the parameter name methods use, e.g. "user_id"
    description: str  # e.g. "the numeric userId"
    noun: str  # what it identifies, e.g. "user"
    wire: str  # its name on the wire, e.g. "userId"
    confused_with: str  # the other kind of id for the same thing, e.g. "user_uid"


#: Every kind of id a method may take, by name.
ID_KINDS: dict[str, IdKind] = {
    kind.name: kind
    for kind in (
        IdKind("user_id", "the numeric userId", "user", "userId", "user_uid"),
        IdKind("user_uid", "the userUid", "user", "userUid", "user_id"),
        IdKind("device_id", "the numeric computerId", "device", "computerId", "device_guid"),
        IdKind("device_guid", "the device's guid", "device", "guid", "device_id"),
        IdKind("org_id", "the numeric orgId", "org", "orgId", "org_uid"),
        IdKind("org_uid", "the orgUid", "org", "orgUid", "org_id"),
        IdKind("archive_guid", "the archiveGuid", "archive", "archiveGuid", "device_guid"),
    )
}

@dataclass(frozen=True)
class TakesId:
    """One entry of a service's id table: the kind of id a method takes, and when an error is about it.

    Attributes:
        kind: the kind of id (a key of :data:`ID_KINDS`).
        param: the method's parameter holding it (default: ``kind``).
        lookup: the method first looks the id up (``users.get_by_id`` for a
            ``user_id``, the org list for an ``org_id``) and sends what it found:
            only a failed lookup is about this id, not a 404 of the request that
            follows (e.g. ``users.change_org_assignment`` to an org that does not
            exist).
        refused: text of a 400 body that says this id was refused (a 400 is
            otherwise not taken to be about the id: another argument may be at fault).
    """

    kind: str
    param: str | None = None
    lookup: bool = False
    refused: str | None = None


#: A service's table: method name -> the kind of id it takes (a :class:`TakesId`,
#: or just the kind when the parameter has its name and a 404 means "no such id").
IdTable = Mapping[str, str | TakesId]


def apply_ids(cls: type[Any]) -> None:
    """Wrap the methods ``cls._ids`` names (declared on ``cls`` itself) with :func:`takes_id`.

    Raises:
        TypeError: the table names a method ``cls`` does not define, or a
            parameter the method does not have (a bug in the table).
    """
    table: IdTable = cls.__dict__.get("_ids", {})
    for name, entry in table.items():
        method = cls.__dict__.get(name)
        if method is None or not callable(method):
            raise TypeError(f"{cls.__name__}._ids names {name!r}, which {cls.__name__} does not define")
        setattr(cls, name, takes_id(entry if isinstance(entry, TakesId) else TakesId(entry))(method))


def id_miss(message: str) -> PycpgError:
    """A ``PycpgError`` for an id that a lookup (not the server) did not find; :func:`takes_id` explains it."""
    error = PycpgError(message)
    error.pycpg_id_miss = True  # type: ignore[attr-defined]
    return error


def takes_id(entry: TakesId) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare that a service method takes an id (see :class:`TakesId`).

    An error about that id raised while the method runs (a 404, a 400 whose body
    contains ``entry.refused``, a lookup miss) is raised again, of the same
    class, with a message naming the method, the kind of id and the value sent
    (see the module docstring). The method's name is ``<area>.<name>``, where
    ``area`` is the service's ``_id_area`` attribute (e.g. ``"users"``).
    """
    id_kind = ID_KINDS[entry.kind]
    parameter = entry.param or entry.kind

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(method)
        if parameter not in signature.parameters:
            raise TypeError(f"takes_id: {method.__qualname__} has no parameter {parameter!r}")

        @functools.wraps(method)
        def explained(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except PycpgError as error:
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:
                    raise error  # noqa: B904 (the original, unchanged)
                value = bound.arguments.get(parameter)
                if not _about(error, entry, (id_kind.noun, str(value))):
                    raise
                owner = bound.arguments.get(next(iter(signature.parameters)))
                area = getattr(owner, "_id_area", "") or type(owner).__name__
                raise _explained(error, f"{area}.{method.__name__}", id_kind, value) from error

        return explained

    return decorate


def _about(error: PycpgError, entry: TakesId, sent: tuple[str, str]) -> bool:
    """Whether ``error`` says the id ``sent`` (noun, value) was not found or refused."""
    explained = getattr(error, "pycpg_id_sent", None)
    if explained is not None:  # explained by a method this one called: the same id?
        return bool(explained == sent)
    if getattr(error, "pycpg_id_miss", False):
        return True
    if entry.lookup:
        return False
    if type(error) is PycpgNotFoundError:
        return True
    if type(error) is PycpgBadRequestError and entry.refused is not None:
        return entry.refused in _body(error)
    return False


def _body(error: PycpgHTTPError) -> str:
    try:
        text = error.response.text
    except Exception:
        return ""
    return text if isinstance(text, str) else ""


def _explained(error: PycpgError, method: str, kind: IdKind, value: Any) -> PycpgError:
    # An error already explained by a method this one called keeps its original
    # message, so the hint names the method the caller called.
    original = getattr(error, "pycpg_id_original", None) or (error.args[0] if error.args else str(error))
    what = "the server refused" if isinstance(error, PycpgBadRequestError) else f"no {kind.noun} has"
    message = (
        f"{method} takes {_article(kind.name)} {kind.name} ({kind.description}), not "
        f"{_article(kind.confused_with)} {kind.confused_with}: {what} {kind.wire} {value}. {original}"
    )
    new: PycpgError
    if isinstance(error, PycpgHTTPError):
        new = type(error)(error, message)
    else:
        new = PycpgError(message)
        new.pycpg_id_miss = True  # type: ignore[attr-defined]
    new.pycpg_id_original = original  # type: ignore[attr-defined]
    new.pycpg_id_sent = (kind.noun, str(value))  # type: ignore[attr-defined]
    return new


def _article(word: str) -> str:
    return "an" if word[:1] in "aeio" else "a"  # "a user_id", "an org_id"
