"""The layering of docs/architecture.md, enforced: no import goes against it.

Every ``import``/``from ... import`` in the package (module level, in functions
and under ``TYPE_CHECKING`` alike) is checked against the layer table below.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pycpg"

# Module prefix -> layer. The longest matching prefix decides.
LAYER_OF: dict[str, str] = {
    "pycpg.cli": "cli",
    "pycpg.export": "pipelines",
    "pycpg.bulk": "pipelines",
    "pycpg.sdk": "sdk",
    "pycpg.clients": "clients",
    "pycpg.usercontext": "clients",
    "pycpg.services": "services",
    "pycpg.paging": "paging",
    "pycpg._http": "transport",
    "pycpg._http.errors": "edge",
    "pycpg.response": "response",
    "pycpg.documents": "documents",
    "pycpg.models": "models",
    "pycpg": "base",  # exceptions, _messages, _redact, util, settings, constants, choices, _version
    "pycpg.emulator": "emulator",
}

# Layer -> the layers it may import (besides itself).
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "models": {"base"},
    "edge": {"base"},
    "documents": {"models", "base"},
    "response": {"edge", "models", "base"},
    "transport": {"response", "edge", "models", "base"},
    "paging": {"response", "models", "base"},
    "services": {"paging", "transport", "response", "documents", "edge", "models", "base"},
    "clients": {"services", "paging", "transport", "response", "documents", "edge", "models", "base"},
    "sdk": {"clients", "services", "paging", "transport", "response", "documents", "edge", "models", "base"},
    "pipelines": {"sdk", "clients", "services", "paging", "transport", "response", "documents", "edge", "models",
                  "base"},
    "cli": {"pipelines", "sdk", "clients", "services", "paging", "transport", "response", "documents", "edge",
            "models", "base"},
    "emulator": set(),
}

# Deliberate, documented exceptions: (importing module, imported module) -> why.
ALLOWED: dict[tuple[str, str], str] = {
    ("pycpg.exceptions", "pycpg._http.errors"): "lazy re-export of pycpg 1.0 names (module __getattr__)",
    ("pycpg.util", "pycpg._http.errors"): "lazy re-export of parse_retry_after, public here before (module __getattr__)",
}


def layer(module: str) -> str:
    best = max((prefix for prefix in LAYER_OF if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYER_OF[best]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    module = _module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target
            for alias in node.names:  # "from pycpg import settings" imports a module too
                yield f"{target}.{alias.name}"


def _package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _violations() -> list[str]:
    found = []
    for path in _package_modules():
        source = _module_name(path)
        for target in _imports(path):
            if not _is_module_or_package(target):
                continue
            mine, theirs = layer(source), layer(target)
            if mine == theirs or theirs in MAY_IMPORT[mine] or (source, target) in ALLOWED:
                continue
            found.append(f"{source} ({mine}) imports {target} ({theirs})")
    return found


def _is_module_or_package(name: str) -> bool:
    if name.split(".")[0] != "pycpg":
        return False
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    candidate = PACKAGE / relative
    return name == "pycpg" or candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file()


def test_every_import_follows_the_layer_map() -> None:
    assert _violations() == []


def test_the_emulator_and_the_sdk_share_no_code() -> None:
    for path in _package_modules():
        source = _module_name(path)
        for target in _imports(path):
            if not _is_module_or_package(target) or target == "pycpg":
                continue
            in_emulator = source.startswith("pycpg.emulator")
            assert in_emulator == target.startswith("pycpg.emulator"), f"{source} imports {target}"


def test_every_module_has_a_layer() -> None:
    assert {_module_name(p) for p in _package_modules()}  # the package is there
    assert layer("pycpg.exceptions") == "base" and layer("pycpg._http.errors") == "edge"


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        ("pycpg.services.devices", "pycpg.clients.settings", False),
        ("pycpg.models.devices", "pycpg.response", False),
        ("pycpg.response", "pycpg._http.transport", False),
        ("pycpg.services.devices", "pycpg.documents", True),
        ("pycpg.emulator.app", "pycpg.models", False),
    ],
)
def test_the_rule_itself_refuses_upward_imports(source: str, target: str, allowed: bool) -> None:
    mine, theirs = layer(source), layer(target)
    if mine == "emulator" or theirs == "emulator":
        assert (mine == theirs) is allowed
    else:
        assert (mine == theirs or theirs in MAY_IMPORT[mine]) is allowed
