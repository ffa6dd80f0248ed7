"""Users type-check their own scripts with the virtualenv that `make` builds.

A script outside the repository, checked by that virtualenv's mypy with
``--strict``, must find ``pycpg`` (the editable install's import hook is
invisible to mypy; the Makefile adds a path entry it can follow) and get the
SDK's real types: a wrong use is reported, a right one passes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = '''
import pycpg.sdk
from pycpg.models import Device


def device_names(sdk: pycpg.sdk.SDKClient) -> list[Device]:
    return list(sdk.devices.iter_all(active=True))


def wrong(sdk: pycpg.sdk.SDKClient) -> int:
    return sdk.devices.get_by_guid("g").model()
'''


def test_mypy_strict_on_a_script_outside_the_repo_finds_pycpg_and_its_types(tmp_path: Path) -> None:
    script = tmp_path / "admin_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         str(script)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert "Cannot find implementation or library stub" not in output, output
    assert "import-not-found" not in output and "import-untyped" not in output, output
    # Exactly the one deliberate mistake is found, with the SDK's own type in it.
    assert 'Incompatible return value type (got "Device", expected "int")' in output, output
    assert "Found 1 error in 1 file" in output, output
