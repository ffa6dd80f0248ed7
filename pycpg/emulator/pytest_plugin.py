"""pytest plugin: ``pytest_plugins = ["pycpg.emulator.pytest_plugin"]``.

Provides the function-scoped ``emulator`` fixture: a started ``Emulator(seed=7)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pycpg.emulator.server import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A running emulator with the default tenant of seed 7; stopped afterwards."""
    with Emulator(seed=7) as running:
        yield running
