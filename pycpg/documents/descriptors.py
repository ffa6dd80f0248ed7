"""The descriptors settings documents are built from, and their key-path helpers.

A settings document (:class:`~pycpg.documents.DeviceSettings`,
:class:`~pycpg.documents.OrgSettings`) is a dict-like view of the JSON document
the API returns. Its properties are descriptors that read and write one location
of that document, convert values (``"true"`` <-> ``True``, minutes <-> days) and
log each change in the object's ``changes`` dict as ``"<old> -> <new>"``, both in
their wire form as pycpg 1.0 shows them (``"\"false\" -> \"true\""``,
``"10080 -> 4320"``): the value the document held before the first change, and
the value now written into it.

A descriptor declared with :meth:`SettingProperty.at` / :meth:`TSettingProperty.at`
learns its name from the class attribute it is assigned to; the pycpg 1.0
constructor, which takes the name first, still works and keeps the name given.

Each object keeps its own record of initial values, so two objects never mix up
their change logs (pycpg 1.0 kept them on the shared class-level descriptor).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, overload

if TYPE_CHECKING:  # not imported at run time, where it is only import time
    from typing_extensions import Self, TypeVar
else:
    from typing import TypeVar

__all__ = [
    "SettingProperty",
    "TSettingProperty",
    "check_lock",
    "get_val",
    "set_val",
    "show_change",
]

T = TypeVar("T")
if TYPE_CHECKING:  # a default (PEP 696) is for type checkers; 3.11's typing.TypeVar takes none
    S = TypeVar("S", default=T)
else:
    S = TypeVar("S")
P = ParamSpec("P")
R = TypeVar("R")
Owner = TypeVar("Owner")

_INITIAL_VALUES = "_setting_initial_values"
_MISSING: Any = object()


def get_val(d: Mapping[str, Any], keys: Sequence[str]) -> Any:
    """The value at the nested path ``keys`` of ``d`` (``KeyError`` when a step is missing)."""
    value: Any = d
    for key in keys:
        value = value[key]
    return value


def set_val(d: MutableMapping[str, Any], keys: Sequence[str], value: Any) -> None:
    """Store ``value`` at the nested path ``keys`` of ``d``, creating missing intermediate dicts."""
    target: Any = d
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def show_change(val1: Any, val2: Any) -> str:
    """``"<val1> -> <val2>"``, with string values in double quotes."""

    def shown(value: Any) -> str:
        return f'"{value}"' if isinstance(value, str) else str(value)

    return f"{shown(val1)} -> {shown(val2)}"


class _Settings(Protocol):
    """What a settings descriptor needs from the object it lives on."""

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def changes(self) -> dict[str, str]: ...


class _TSettings(_Settings, Protocol):
    """A settings object that also holds org t-settings and pending packets."""

    @property
    def _t_settings(self) -> Mapping[str, Any]: ...

    @property
    def _packets(self) -> dict[str, dict[str, Any]]: ...


def _initial_values(instance: object) -> dict[str, Any]:
    """The per-instance record of each property's value before its first change."""
    store: dict[str, Any] = vars(instance).setdefault(_INITIAL_VALUES, {})
    return store


def _is_inherited(instance: object, flag: str) -> bool:
    """Whether the inheritance flag property ``flag`` is on (a missing flag counts as off)."""
    try:
        return bool(getattr(instance, flag))
    except (KeyError, TypeError):
        return False


def _record_change(instance: _Settings, name: str, initial: Any, new: Any) -> None:
    key = name.lstrip("_")
    if new == initial:
        instance.changes.pop(key, None)
    else:
        instance.changes[key] = show_change(initial, new)


class _Named:
    """The naming rule both descriptors share.

    ``name`` keys the change log (leading underscores dropped) and the record of
    initial values. A descriptor built by ``at(...)`` takes the name of the class
    attribute it is assigned to (``__set_name__``); one built by the pycpg 1.0
    constructor keeps the name it was given, even when the attribute is named
    differently.
    """

    name: str
    #: True for a descriptor whose name comes from its attribute (set by ``at``).
    _learns_name: bool = False

    def __set_name__(self, owner: type[Any], name: str) -> None:
        if not self._learns_name:
            return
        if self.name and self.name != name:
            raise TypeError(
                f"{type(self).__name__} {self.name!r} cannot also be assigned to {owner.__name__}.{name}; "
                "declare a separate one."
            )
        self.name = name

    def _setting_name(self) -> str:
        """``name``; ``TypeError`` for a descriptor that never learned it (not declared in a class body)."""
        if self._learns_name and not self.name:
            raise TypeError(
                f"This {type(self).__name__} has no name: declare it in a class body, or pass the name first."
            )
        return self.name


class SettingProperty(_Named, Generic[T, S]):
    """A property stored at ``location`` (a key path) in the settings object's ``data``.

    Declare one with :meth:`at` (the name comes from the attribute), or, as in
    pycpg 1.0, with ``SettingProperty(name, location, ...)``.

    Reading unwraps a locked value (``{"#text": v, "@locked": "true"}`` -> ``v``)
    and applies ``get_converter``; other dicts (``{"@nil": "true"}``) are
    returned whole. Writing applies ``set_converter``, writes into ``#text``
    when the stored value is locked (keeping the lock: the server decides), and
    logs the change. When ``inheritance_attr`` names a flag that is currently
    true (the value is inherited from the parent org), the flag is set to
    ``False`` first, so the new value takes effect.

    ``T`` is the type read, ``S`` the type accepted on write (default ``T``).
    """

    def __init__(
        self,
        name: str,
        location: Sequence[str],
        get_converter: Callable[[Any], T] | None = None,
        set_converter: Callable[[S], Any] | None = None,
        inheritance_attr: str | None = None,
    ) -> None:
        self.name = name
        self.location = list(location)
        self.get_converter = get_converter
        self.set_converter = set_converter
        self.inheritance_attr = inheritance_attr

    @classmethod
    def at(
        cls,
        location: Sequence[str],
        get_converter: Callable[[Any], T] | None = None,
        set_converter: Callable[[S], Any] | None = None,
        inheritance_attr: str | None = None,
    ) -> SettingProperty[T, S]:
        """A property at ``location`` named after the class attribute it is assigned to."""
        prop = cls("", location, get_converter, set_converter, inheritance_attr)
        prop._learns_name = True
        return prop

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: _Settings, owner: type[Any]) -> T: ...

    def __get__(self, instance: _Settings | None, owner: type[Any]) -> Self | T:
        if instance is None:
            return self
        return self._read(instance)  # type: ignore[no-any-return]

    def __set__(self, instance: _Settings, value: S) -> None:
        name = self._setting_name()
        stored = value if self.set_converter is None else self.set_converter(value)
        if self.inheritance_attr is not None and _is_inherited(instance, self.inheritance_attr):
            setattr(instance, self.inheritance_attr, False)
        initials = _initial_values(instance)
        current = self._raw(instance)
        locked = isinstance(current, dict) and "#text" in current
        if name not in initials:
            initials[name] = None if current is _MISSING else current["#text"] if locked else current
        if locked:
            current["#text"] = stored
        else:
            set_val(instance.data, self.location, stored)
        _record_change(instance, name, initials[name], stored)

    def _raw(self, instance: _Settings) -> Any:
        try:
            return get_val(instance.data, self.location)
        except (KeyError, TypeError, IndexError):
            return _MISSING

    def _read(self, instance: _Settings) -> Any:
        value = get_val(instance.data, self.location)
        if isinstance(value, dict):
            if "#text" not in value:
                return value
            value = value["#text"]
        return value if self.get_converter is None else self.get_converter(value)


class TSettingProperty(_Named, Generic[T, S]):
    """An org "t-setting" (``/api/v1/OrgSetting``) stored under ``key``.

    Declare one with :meth:`at` (the name comes from the attribute), or, as in
    pycpg 1.0, with ``TSettingProperty(name, key, ...)``.

    Reading returns the pending packet's value if one was set, else the
    server's, converted by ``get_converter``; ``None`` when the org has no such
    setting. Writing queues the packet ``{"key", "value", "locked": False}``
    (sent by ``orgs.update_settings``) and logs the change.
    """

    def __init__(
        self,
        name: str,
        key: str,
        get_converter: Callable[[Any], T] | None = None,
        set_converter: Callable[[S], Any] | None = None,
    ) -> None:
        self.name = name
        self.key = key
        self.get_converter = get_converter
        self.set_converter = set_converter

    @classmethod
    def at(
        cls,
        key: str,
        get_converter: Callable[[Any], T] | None = None,
        set_converter: Callable[[S], Any] | None = None,
    ) -> TSettingProperty[T, S]:
        """A t-setting stored under ``key``, named after the class attribute it is assigned to."""
        prop = cls("", key, get_converter, set_converter)
        prop._learns_name = True
        return prop

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: _TSettings, owner: type[Any]) -> T | None: ...

    def __get__(self, instance: _TSettings | None, owner: type[Any]) -> Self | T | None:
        if instance is None:
            return self
        return self._read(instance)  # type: ignore[no-any-return]

    def __set__(self, instance: _TSettings, value: S) -> None:
        name = self._setting_name()
        stored = value if self.set_converter is None else self.set_converter(value)
        initials = _initial_values(instance)
        if name not in initials:
            server = instance._t_settings.get(self.key)
            initials[name] = server.get("value") if isinstance(server, Mapping) else None
        instance._packets[self.key] = {"key": self.key, "value": stored, "locked": False}
        _record_change(instance, name, initials[name], stored)

    def _read(self, instance: _TSettings) -> Any:
        packet = instance._packets.get(self.key)
        if packet is None:
            packet = instance._t_settings.get(self.key)
        if not isinstance(packet, Mapping) or "value" not in packet:
            return None
        value = packet["value"]
        return value if self.get_converter is None else self.get_converter(value)


def check_lock(
    locked_attr: str,
) -> Callable[[Callable[Concatenate[Owner, P], R]], Callable[Concatenate[Owner, P], R]]:
    """Decorator for methods that change a backup set's selections.

    The wrapped method raises ``AttributeError("Unable to modify locked backup
    set.")`` when ``getattr(self, locked_attr).locked`` is true; otherwise it runs
    with all its positional and keyword arguments (pycpg 1.0 dropped keyword
    arguments, so ``pop(index=0)`` failed there).
    """

    def decorate(method: Callable[Concatenate[Owner, P], R]) -> Callable[Concatenate[Owner, P], R]:
        @functools.wraps(method)
        def guarded(self: Owner, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if getattr(getattr(self, locked_attr), "locked", False):
                raise AttributeError("Unable to modify locked backup set.")
            return method(self, *args, **kwargs)

        return guarded

    return decorate
