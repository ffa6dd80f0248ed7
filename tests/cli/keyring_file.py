"""A keyring backend for the command-line tests: passwords in the JSON file named by PYCPG_TEST_KEYRING.

Selected in a subprocess with ``PYTHON_KEYRING_BACKEND=tests.cli.keyring_file.FileKeyring``,
so the command line reads crashplancli's keyring entry through the real keyring API.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    """``{"service": {"username": "password"}}`` in a JSON file."""

    priority = 1

    def _entries(self) -> dict[str, dict[str, str]]:
        path = Path(os.environ["PYCPG_TEST_KEYRING"])
        loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return loaded

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries.setdefault(service, {})[username] = password
        Path(os.environ["PYCPG_TEST_KEYRING"]).write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        entries.get(service, {}).pop(username, None)
        Path(os.environ["PYCPG_TEST_KEYRING"]).write_text(json.dumps(entries), encoding="utf-8")
