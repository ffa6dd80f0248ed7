"""The mypy contract in tests/typing/ pins the whole public surface, proven by introspection.

``mypy --strict tests/typing`` checks every ``assert_type`` there; this test
checks that enough of them exist:

- every public function of :mod:`pycpg.sdk`, and every public member of every
  class a script reaches from :class:`pycpg.sdk.SDKClient` (its properties, then
  what their methods and properties return, recursively: the services and
  clients, the settings documents, backup sets, the response classes), is pinned
  by ``assert_type(<receiver>.<name>(...), T)`` for a method (the call itself is
  the first argument, so its return type is what is checked) or by
  ``assert_type(<receiver>.<name>, T)`` for a property, a setting or an attribute;
- every required field of every model in ``pycpg.models.__all__`` is pinned by
  ``assert_type(<param>.<field>, T)`` in a function whose parameter ``<param>`` is
  annotated with that model.

A receiver is found by reading the contract files with ``ast``: a parameter's
annotation, a local assignment (``lh = sdk.legalhold``), a ``for`` loop, an
attribute, a property, a method's return annotation and ``[...]`` on a list are
followed; a receiver that cannot be followed pins nothing.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import enum
import importlib
import inspect
import textwrap
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pycpg.models
import pycpg.sdk
from pycpg.models import PycpgModel

TYPING_DIR = Path(__file__).resolve().parent / "typing"

Kind = Literal["call", "attr"]

_CALLABLE_MEMBERS = (types.FunctionType, classmethod, staticmethod)
_ELEMENT_ORIGINS = (
    list, tuple, set, frozenset,
    collections.abc.Iterator, collections.abc.Iterable, collections.abc.Sequence,
    collections.abc.MutableSequence, collections.abc.Generator, collections.abc.Collection,
)


# -- the public surface, by introspection ---------------------------------------


def _is_pycpg(cls: type) -> bool:
    return cls.__module__ == "pycpg" or cls.__module__.startswith("pycpg.")


def _is_api_class(candidate: object) -> bool:
    """A pycpg class whose members a script uses: not a model (fields are checked), an error, an enum, a descriptor."""
    if not isinstance(candidate, type) or not _is_pycpg(candidate):
        return False
    if issubclass(candidate, PycpgModel | BaseException | enum.Enum):
        return False
    return not hasattr(candidate, "__get__")


def _pycpg_mro(cls: type) -> list[type]:
    """``cls`` and its pycpg base classes, base first (so a subclass's definition wins)."""
    return [klass for klass in reversed(cls.__mro__) if _is_pycpg(klass)]


def _instance_attributes(klass: type) -> set[str]:
    """Public names assigned as ``self.<name> = ...`` in the methods of ``klass``'s own body."""
    try:
        source = textwrap.dedent(inspect.getsource(klass))
    except (OSError, TypeError):
        return set()
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets
                       for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                    and target.value.id == "self" and not target.attr.startswith("_")):
                names.add(target.attr)
    return names


def public_members(cls: type) -> dict[str, Kind]:
    """Every public member of ``cls`` defined in pycpg: methods are called, the rest is read."""
    members: dict[str, Kind] = {}
    for klass in _pycpg_mro(cls):
        for name in _instance_attributes(klass):
            members[name] = "attr"
        for name in klass.__dict__.get("__annotations__", {}):
            if not name.startswith("_"):
                members[name] = "attr"
        for name, value in vars(klass).items():
            if not name.startswith("_"):
                members[name] = "call" if isinstance(value, _CALLABLE_MEMBERS) else "attr"
    return members


@cache
def _checker_names(module_name: str) -> dict[str, Any]:
    """What ``module_name`` imports under ``if TYPE_CHECKING:``, by name.

    The SDK imports the models and the API-area classes for type checkers only
    (they load on first use), so its annotations resolve at run time with these.
    """
    module = importlib.import_module(module_name)
    names: dict[str, Any] = {}
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                    source = importlib.import_module(statement.module)
                    names.update({alias.asname or alias.name: getattr(source, alias.name) for alias in statement.names})
    return names


def _type_hints(obj: Any) -> dict[str, Any]:
    return typing.get_type_hints(obj, localns=_checker_names(obj.__module__))


def _return_hint(owner: type | None, function: object) -> Any:
    function = getattr(function, "__func__", function)
    try:
        hint = _type_hints(function).get("return")
    except Exception:  # an annotation that does not resolve at run time
        return None
    if hint is typing.Self and owner is not None:
        return owner
    return hint


def _member_hint(cls: type, name: str) -> Any:
    """What reading (a property, an attribute) or calling (a method) ``cls().<name>`` gives."""
    member = inspect.getattr_static(cls, name, None)  # None: an attribute set in __init__
    if isinstance(member, property):
        return _return_hint(cls, member.fget)
    if isinstance(member, _CALLABLE_MEMBERS):
        return _return_hint(cls, member)
    try:
        hint = _type_hints(cls).get(name)
    except Exception:
        return None
    origin = typing.get_origin(hint) or hint
    return None if hasattr(origin, "__get__") else hint  # a descriptor's own type is not what a read gives


def _classes_in(hint: Any) -> Iterator[type]:
    if isinstance(hint, type) and typing.get_origin(hint) is None:
        yield hint
        return
    origin = typing.get_origin(hint)
    if isinstance(origin, type):
        yield origin
    for argument in typing.get_args(hint):
        yield from _classes_in(argument)


def sdk_functions() -> list[str]:
    return [name for name in pycpg.sdk.__all__ if inspect.isfunction(getattr(pycpg.sdk, name))]


def reachable_classes() -> list[type]:
    """SDKClient and every API class a script reaches from it (or from pycpg.sdk's functions)."""
    found: list[type] = []
    queue: list[type] = [pycpg.sdk.SDKClient]
    for name in sdk_functions():
        queue.extend(_classes_in(_return_hint(None, getattr(pycpg.sdk, name))))
    while queue:
        cls = queue.pop(0)
        if cls in found or not _is_api_class(cls):
            continue
        found.append(cls)
        for name in public_members(cls):
            queue.extend(_classes_in(_member_hint(cls, name)))
    return found


def public_models() -> list[type[PycpgModel]]:
    models = (getattr(pycpg.models, name) for name in pycpg.models.__all__)
    return [m for m in models if isinstance(m, type) and issubclass(m, PycpgModel) and m is not PycpgModel]


# -- the pins, by reading tests/typing/*.py ---------------------------------------


@dataclass(frozen=True)
class Instance:
    """A value whose type is ``hint``."""

    hint: Any


@dataclass(frozen=True)
class Member:
    """``<receiver>.<name>`` where the member is a method of ``owner``."""

    owner: type
    function: object


def _single_class(hint: Any) -> type | None:
    """The class of a value typed ``hint`` (``X | None`` counts as ``X``); None when unclear."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _single_class(options[0]) if len(options) == 1 else None
    if isinstance(origin, type):
        return origin
    if isinstance(hint, type):
        return hint
    return None


def _element(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _element(options[0]) if len(options) == 1 else None
    arguments = typing.get_args(hint)
    if isinstance(origin, type) and issubclass(origin, _ELEMENT_ORIGINS) and arguments:
        return arguments[0]
    return None


def _bind_import(node: ast.Import | ast.ImportFrom, names: dict[str, object]) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            module = importlib.import_module(alias.name)
            if alias.asname:
                names[alias.asname] = module
            else:
                top = alias.name.partition(".")[0]
                names[top] = importlib.import_module(top)
        return
    if node.level or node.module is None:
        return
    module = importlib.import_module(node.module)
    for alias in node.names:
        if alias.name == "*":
            continue
        try:
            value = getattr(module, alias.name)
        except AttributeError:
            value = importlib.import_module(f"{node.module}.{alias.name}")
        names[alias.asname or alias.name] = value


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, without those of nested functions and classes."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


def _module_level(tree: ast.Module) -> Iterator[ast.AST]:
    """The module's nodes outside functions and classes (imports under ``if TYPE_CHECKING:`` included)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


class Scope:
    """The names visible in one function of a contract file, with what they hold."""

    def __init__(self, module_names: dict[str, object], function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.names: dict[str, object] = dict(module_names)
        nodes = list(_own_nodes(function))
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                _bind_import(node, self.names)
        self.parameters: dict[str, Any] = {}
        arguments = function.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if argument.annotation is not None:
                hint = self.evaluate(argument.annotation)
                if hint is not None:
                    self.parameters[argument.arg] = hint
                    self.names[argument.arg] = Instance(hint)
        self._bind_locals(nodes)

    def evaluate(self, annotation: ast.expr) -> Any:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            annotation = ast.parse(annotation.value, mode="eval").body
        try:
            code = compile(ast.Expression(annotation), "<annotation>", "eval")
            return eval(code, {"__builtins__": builtins}, dict(self.names))  # noqa: S307 - our own annotations
        except Exception:
            return None

    def _bind_locals(self, nodes: list[ast.AST]) -> None:
        # Bind until nothing new resolves, so the order of the statements does not matter.
        bound = set(self.parameters)
        changed = True
        while changed:
            changed = False
            for node in nodes:
                name, value = self._binding(node)
                if name is not None and name not in bound and value is not None:
                    self.names[name] = value
                    bound.add(name)
                    changed = True

    def _binding(self, node: ast.AST) -> tuple[str | None, object]:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id, self.resolve(node.value)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            hint = self.evaluate(node.annotation)
            return node.target.id, None if hint is None else Instance(hint)
        if isinstance(node, ast.For | ast.AsyncFor) and isinstance(node.target, ast.Name):
            iterated = self.resolve(node.iter)
            element = _element(iterated.hint) if isinstance(iterated, Instance) else None
            return node.target.id, None if element is None else Instance(element)
        return None, None

    def resolve(self, node: ast.expr) -> object:
        """A module, a class object, an :class:`Instance`, a :class:`Member`, a function, or None."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(self.resolve(node.value), node.attr)
        if isinstance(node, ast.Call):
            return self._call(self.resolve(node.func))
        if isinstance(node, ast.Subscript):
            base = self.resolve(node.value)
            element = _element(base.hint) if isinstance(base, Instance) else None
            return None if element is None else Instance(element)
        return None

    @staticmethod
    def _attribute(base: object, name: str) -> object:
        if isinstance(base, types.ModuleType):
            return getattr(base, name, None)
        if isinstance(base, type):
            member = inspect.getattr_static(base, name, None)
            return Member(base, member) if isinstance(member, classmethod | staticmethod) else None
        if isinstance(base, Instance):
            cls = _single_class(base.hint)
            if cls is None:
                return None
            member = inspect.getattr_static(cls, name, None)
            if isinstance(member, _CALLABLE_MEMBERS):
                return Member(cls, member)
            hint = _member_hint(cls, name)
            return None if hint is None else Instance(hint)
        return None

    @staticmethod
    def _call(function: object) -> object:
        if isinstance(function, type):
            return Instance(function)
        if isinstance(function, Member):
            hint = _return_hint(function.owner, function.function)
        elif inspect.isfunction(function):
            hint = _return_hint(None, function)
        else:
            return None
        return None if hint is None else Instance(hint)

    def owner(self, receiver: ast.expr) -> object:
        """What a pin on ``<receiver>.<name>`` counts for: a module, or a class."""
        value = self.resolve(receiver)
        if isinstance(value, types.ModuleType | type):
            return value
        if isinstance(value, Instance):
            return _single_class(value.hint)
        return None


def _is_assert_type(node: ast.AST) -> typing.TypeGuard[ast.Call]:
    if not isinstance(node, ast.Call) or len(node.args) != 2:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "assert_type") or (
        isinstance(func, ast.Attribute) and func.attr == "assert_type"
    )


@dataclass
class Pins:
    #: (module or class, member name, kind) for every ``assert_type(<receiver>.<name>...)``.
    members: set[tuple[object, str, Kind]]
    #: (model class, field) for every ``assert_type(<param>.<field>, T)`` on a parameter annotated with the model.
    fields: set[tuple[type, str]]


def contract_files() -> list[Path]:
    return sorted(TYPING_DIR.glob("*.py"))


def collect_pins(sources: Iterable[tuple[str, str]]) -> Pins:
    """The pins in ``(name, source)`` contract files."""
    pins = Pins(set(), set())
    for filename, source in sources:
        tree = ast.parse(source, filename=filename)
        module_names: dict[str, object] = {}
        for statement in _module_level(tree):
            if isinstance(statement, ast.Import | ast.ImportFrom):
                _bind_import(statement, module_names)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            scope = Scope(module_names, function)
            for node in _own_nodes(function):
                if _is_assert_type(node):
                    _record(scope, node.args[0], pins)
    return pins


def _record(scope: Scope, pinned: ast.expr, pins: Pins) -> None:
    kind: Kind
    if isinstance(pinned, ast.Call) and isinstance(pinned.func, ast.Attribute):
        kind, access = "call", pinned.func
    elif isinstance(pinned, ast.Attribute):
        kind, access = "attr", pinned
    else:
        return
    owner = scope.owner(access.value)
    if owner is not None:
        pins.members.add((owner, access.attr, kind))
    if kind == "attr" and isinstance(access.value, ast.Name):
        model = scope.parameters.get(access.value.id)
        if isinstance(model, type) and issubclass(model, PycpgModel):
            pins.fields.add((model, access.attr))


@cache
def repository_pins() -> Pins:
    return collect_pins((path.name, path.read_text(encoding="utf-8")) for path in contract_files())


# -- what is missing ------------------------------------------------------------


def _form(receiver: str, name: str, kind: Kind) -> str:
    return f"assert_type({receiver}.{name}(...), T)" if kind == "call" else f"assert_type({receiver}.{name}, T)"


def missing_members(pins: Pins) -> list[str]:
    missing: list[str] = []
    for name in sdk_functions():
        if (pycpg.sdk, name, "call") not in pins.members:
            missing.append(f"pycpg.sdk.{name}: no {_form('pycpg.sdk', name, 'call')}")
    for cls in reachable_classes():
        for name, kind in public_members(cls).items():
            if (cls, name, kind) not in pins.members:
                where = f"{cls.__module__}.{cls.__qualname__}"
                missing.append(f"{where}.{name}: no {_form(f'<{cls.__name__}>', name, kind)}")
    return missing


def missing_fields(pins: Pins) -> list[str]:
    missing: list[str] = []
    for model in public_models():
        for name, field in model.model_fields.items():
            if field.is_required() and (model, name) not in pins.fields:
                missing.append(
                    f"{model.__name__}.{name}: no assert_type(<param>.{name}, T) in a function "
                    f"with a parameter annotated `{model.__name__}`"
                )
    return missing


def _report(what: str, missing: list[str]) -> str:
    return f"{len(missing)} {what} not pinned in tests/typing/*.py:\n  " + "\n  ".join(missing)


# -- tests ----------------------------------------------------------------------


def test_the_walk_reaches_every_sdk_property_and_the_settings_documents() -> None:
    from pycpg.documents import BackupSet, DeviceSettings, DeviceSettingsDefaults, OrgSettings, TrackedFileSelectionList
    from pycpg.response import PycpgResponse, PycpgStreamResponse, PycpgTextResponse
    from pycpg.services.orgs import OrgSettingsResponse

    reached = set(reachable_classes())
    properties = {
        name: _single_class(_member_hint(pycpg.sdk.SDKClient, name))
        for name, member in vars(pycpg.sdk.SDKClient).items()
        if isinstance(member, property) and not name.startswith("_")
    }
    areas = {name: cls for name, cls in properties.items() if _is_api_class(cls)}
    expected_areas = {"users", "devices", "orgs", "legalhold", "archive", "auditlogs", "serveradmin",
                      "usercontext", "loginconfig"}
    assert expected_areas <= set(areas), sorted(expected_areas - set(areas))
    assert set(areas.values()) <= reached
    returned = {DeviceSettings, DeviceSettingsDefaults, OrgSettings, BackupSet, TrackedFileSelectionList,
                OrgSettingsResponse, PycpgResponse, PycpgTextResponse, PycpgStreamResponse}
    assert returned <= reached, sorted(cls.__name__ for cls in returned - reached)
    assert {"from_local_account", "from_api_client", "from_jwt_provider"} <= set(sdk_functions())


def test_every_public_method_and_attribute_is_pinned() -> None:
    missing = missing_members(repository_pins())
    assert not missing, _report("public members", missing)


def test_every_required_model_field_is_pinned() -> None:
    assert public_models(), "pycpg.models.__all__ lists no model"
    missing = missing_fields(repository_pins())
    assert not missing, _report("required model fields", missing)


def _without_pins(sources: dict[str, str], *pinned: str) -> dict[str, str]:
    """``sources`` without the ``assert_type`` lines that contain one of ``pinned``."""
    kept: dict[str, str] = {}
    removed = 0
    for name, source in sources.items():
        lines = source.splitlines()
        left = [line for line in lines if not ("assert_type(" in line and any(p in line for p in pinned))]
        removed += len(lines) - len(left)
        kept[name] = "\n".join(left)
    assert removed, f"no assert_type line contains any of {pinned}"
    return kept


def test_removing_the_pins_of_one_method_and_one_field_is_reported() -> None:
    # The checker itself is checked: drop every pin of one method and of one field from the real files.
    sources = {path.name: path.read_text(encoding="utf-8") for path in contract_files()}
    pins = collect_pins(_without_pins(sources, ".get_scim_data_by_uid(", ".tenant_uid,").items())
    assert [m for m in missing_members(pins) if ".get_scim_data_by_uid:" in m] == [
        "pycpg.services.users.UserService.get_scim_data_by_uid: "
        "no assert_type(<UserService>.get_scim_data_by_uid(...), T)"
    ]
    assert [m for m in missing_fields(pins) if m.startswith("Tenant.")] == [
        "Tenant.tenant_uid: no assert_type(<param>.tenant_uid, T) in a function with a parameter annotated `Tenant`"
    ]


def test_a_pin_through_a_local_name_or_a_chain_counts_for_the_right_class() -> None:
    source = textwrap.dedent('''
        from typing import assert_type
        import pycpg.sdk
        from pycpg.models import Tenant

        def check(sdk: pycpg.sdk.SDKClient, tenant: Tenant) -> None:
            assert_type(pycpg.sdk.from_api_client("h", "i", "s"), X)
            assert_type(pycpg.sdk.SDKClient.from_jwt_provider("h", f), X)
            assert_type(sdk.users, X)
            lh = sdk.legalhold
            assert_type(lh.get_policy_list(), X)
            settings = sdk.devices.get_settings("g")
            for backup_set in settings.backup_sets:
                assert_type(backup_set.included_files.pop(), str)
            assert_type(settings.backup_sets[0].locked, bool)
            assert_type(sdk.users.get_current().model(), X)   # pins model(), not get_current
            assert_type(tenant.tenant_uid, str)
            alias = tenant
            assert_type(alias.tenant_uid, str)                 # not a parameter: not a field pin
    ''')
    from pycpg.documents import BackupSet, TrackedFileSelectionList
    from pycpg.models import Tenant
    from pycpg.services.legalhold import LegalHoldService
    from pycpg.services.users import UserService

    pins = collect_pins([("check.py", source)])
    assert (pycpg.sdk, "from_api_client", "call") in pins.members
    assert (pycpg.sdk.SDKClient, "from_jwt_provider", "call") in pins.members
    assert (pycpg.sdk.SDKClient, "users", "attr") in pins.members
    assert (UserService, "get_current", "call") not in pins.members
    assert (LegalHoldService, "get_policy_list", "call") in pins.members
    assert (TrackedFileSelectionList, "pop", "call") in pins.members
    assert (BackupSet, "locked", "attr") in pins.members
    assert not any(name == "get_current" for _, name, _ in pins.members)
    assert pins.fields == {(Tenant, "tenant_uid")}
