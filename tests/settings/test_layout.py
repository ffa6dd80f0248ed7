"""Where the settings documents live: pycpg.documents, re-exported at the pycpg 1.0 paths.

The services sit below the clients, so nothing under ``pycpg/services`` may import
``pycpg.clients``; the documents are pure data and import only the models, the
exceptions and the utilities of pycpg.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import pycpg
import pycpg.clients.settings._converters as old_converters
import pycpg.documents
import pycpg.documents.converters as new_converters

_PYCPG_ROOT = Path(pycpg.__file__).parent

#: pycpg 1.0 module path -> the names it exposes -> the module of pycpg.documents holding them.
_OLD_PATHS: dict[str, tuple[str, list[str]]] = {
    "pycpg.clients.settings": (
        "pycpg.documents.descriptors",
        ["SettingProperty", "TSettingProperty", "get_val", "set_val", "show_change", "check_lock"],
    ),
    "pycpg.clients.settings.device_settings": (
        "pycpg.documents.device_settings",
        ["DeviceSettings"],
    ),
    "pycpg.clients.settings.org_settings": ("pycpg.documents.org_settings", ["OrgSettings"]),
}
_OLD_DEVICE_MODULE_EXTRAS = {
    "DeviceSettingsDefaults": "pycpg.documents.device_defaults",
    "BackupSet": "pycpg.documents.backup_sets",
    "TrackedFileSelectionList": "pycpg.documents.backup_sets",
}
_CASES = [
    (old, name, new) for old, (new, names) in _OLD_PATHS.items() for name in names
] + [("pycpg.clients.settings.device_settings", name, new) for name, new in _OLD_DEVICE_MODULE_EXTRAS.items()]


@pytest.mark.parametrize(("old_module", "name", "new_module"), _CASES)
def test_pycpg_1_names_are_the_documents_objects(old_module: str, name: str, new_module: str) -> None:
    old = importlib.import_module(old_module)
    obj = getattr(old, name)
    assert obj is getattr(importlib.import_module(new_module), name)
    assert obj is getattr(pycpg.documents, name)
    assert name in old.__all__


@pytest.mark.parametrize("name", [*old_converters.__all__, "UNLIMITED"])
def test_converters_are_the_documents_objects(name: str) -> None:
    assert getattr(old_converters, name) is getattr(new_converters, name)


def test_the_converter_set_is_unchanged() -> None:
    assert sorted(old_converters.__all__) == sorted(new_converters.__all__) == [
        "bool_to_str", "bytes_to_gb", "days_to_minutes", "gb_to_bytes", "minutes_to_days", "str_to_bool", "to_list",
    ]


def test_descriptor_constructors_keep_the_pycpg_1_parameters() -> None:
    setting = inspect.signature(pycpg.documents.SettingProperty)
    t_setting = inspect.signature(pycpg.documents.TSettingProperty)
    assert list(setting.parameters) == ["name", "location", "get_converter", "set_converter", "inheritance_attr"]
    assert list(t_setting.parameters) == ["name", "key", "get_converter", "set_converter"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(_PYCPG_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (anywhere in the file, relative imports resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _sources(package: str) -> list[Path]:
    files = sorted((_PYCPG_ROOT / package).rglob("*.py"))
    assert files, f"no sources found under pycpg/{package}"
    return files


@pytest.mark.parametrize("path", _sources("services"), ids=lambda path: path.name)
def test_services_do_not_import_the_clients(path: Path) -> None:
    assert [name for name in _imports(path) if _within(name, "pycpg.clients")] == []


@pytest.mark.parametrize("path", _sources("documents"), ids=lambda path: path.name)
def test_documents_import_only_models_exceptions_and_util(path: Path) -> None:
    allowed = ("pycpg.documents", "pycpg.models", "pycpg.exceptions", "pycpg.util")
    internal = [name for name in _imports(path) if _within(name, "pycpg") and name != "pycpg"]
    assert [name for name in internal if not any(_within(name, package) for package in allowed)] == []


def test_documents_modules_do_not_import_each_other_in_a_cycle() -> None:
    modules = {_module_name(path): path for path in _sources("documents")}
    graph = {
        module: {name for name in _imports(path) if name in modules and name != module}
        for module, path in modules.items()
    }
    done: set[str] = set()

    def visit(module: str, stack: tuple[str, ...]) -> None:
        assert module not in stack, f"import cycle: {' -> '.join((*stack, module))}"
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*stack, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
