"""The peer-virtualenv helper: built once and reused, rebuilt for other requirements, skips without an index."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.peers import venvs


def test_a_virtualenv_is_built_once_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(venvs.VENVS_ENV, str(tmp_path))
    python = venvs.peer_venv("bare", [])
    assert python == tmp_path / "bare" / "bin" / "python"
    prefix = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert Path(prefix) == tmp_path / "bare"
    marker = tmp_path / "bare" / venvs.MARKER
    assert json.loads(marker.read_text())["requirements"] == []
    (tmp_path / "bare" / "kept").write_text("a rebuild would remove this")
    assert venvs.peer_venv("bare", []) == python
    assert (tmp_path / "bare" / "kept").exists()


def test_no_package_index_skips_with_pips_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(venvs.VENVS_ENV, str(tmp_path))
    # Nowhere to look: no configuration, no index, no local wheels.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        venvs.peer_venv("unreachable", ["pycpg==1.0.5"])
    assert "pip install pycpg==1.0.5 failed" in str(skipped.value)
    assert not (tmp_path / "unreachable" / venvs.MARKER).exists()


def test_virtualenvs_stay_outside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(venvs.VENVS_ENV, str(Path(__file__).parent / "venvs-here"))
    with pytest.raises(ValueError, match="outside the repository"):
        venvs.peer_venv("anything", [])
    with pytest.raises(ValueError, match="plain folder name"):
        venvs.peer_venv("../escape", [])
