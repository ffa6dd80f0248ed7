"""Virtualenvs for peer clients, kept outside the repository and reused across runs.

``peer_venv("official-pycpg", ["pycpg==1.0.5"])`` returns the ``python`` of a
virtualenv that has exactly those requirements installed. The virtualenvs live
under ``$PYCPG_PEER_VENVS`` (default ``~/.cache/pycpg-peers``), one folder per
name; a marker file records the requirements (and the interpreter) that were
installed, so a later run reuses the virtualenv, and a change of requirements
rebuilds it. The virtualenvs have no pip of their own: the running interpreter's
pip installs into them (``pip --python``). When the virtualenv cannot be built (no package index, pip fails,
pip hangs) the calling test is skipped with pip's own words as the reason.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Environment variable naming the folder of the peer virtualenvs.
VENVS_ENV = "PYCPG_PEER_VENVS"
#: Folder of the peer virtualenvs when the variable is not set.
DEFAULT_VENVS = Path.home() / ".cache" / "pycpg-peers"
#: The file in a virtualenv that names what was installed into it.
MARKER = "pycpg-peer.json"
#: How long one pip install may take before the test is skipped.
INSTALL_TIMEOUT = 900.0

_REPO = Path(__file__).resolve().parents[2]


def venvs_root() -> Path:
    """The folder holding the peer virtualenvs (never inside this repository)."""
    root = Path(os.environ.get(VENVS_ENV) or DEFAULT_VENVS).expanduser().resolve()
    if root == _REPO or _REPO in root.parents:
        raise ValueError(f"{VENVS_ENV} must name a folder outside the repository, not {root}")
    return root


def peer_venv(name: str, requirements: list[str]) -> Path:
    """The ``python`` of the virtualenv ``name`` with ``requirements`` pip-installed.

    Reused when its marker names the same requirements and interpreter; built
    (again) otherwise. Skips the calling test when it cannot be built.
    """
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"a peer virtualenv name must be a plain folder name, not {name!r}")
    folder = venvs_root() / name
    python = folder / "bin" / "python"
    wanted = {"requirements": list(requirements), "interpreter": sys.version}
    with _locked(folder.parent / f".{name}.lock"):
        if _marker(folder) == wanted and python.exists():
            return python
        # No pip inside (making one takes seconds): this interpreter's pip installs into it.
        _run([sys.executable, "-m", "venv", "--clear", "--without-pip", str(folder)],
             f"creating the virtualenv {folder}")
        if requirements:
            _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--disable-pip-version-check",
                  "--no-input", "--timeout", "30", "--retries", "2", *requirements],
                 f"pip install {' '.join(requirements)}")
        (folder / MARKER).write_text(json.dumps(wanted, indent=2), encoding="utf-8")
    return python


def _marker(folder: Path) -> object:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (parallel runs build one virtualenv once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(command: list[str], what: str) -> None:
    """Run ``command``; skip the test (with the tail of its output) when it fails or hangs."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip(f"{what}: no answer within {INSTALL_TIMEOUT:.0f} s (package index unreachable?)")
    except OSError as exc:
        pytest.skip(f"{what}: {exc}")
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        pytest.skip(f"{what} failed (package index unreachable?):\n{tail}")
