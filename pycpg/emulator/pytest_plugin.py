"""pytest plugin: ``pytest_plugins = ["pycpg.emulator.pytest_plugin"]``.

Provides three function-scoped fixtures. Their clocks are pinned at
:data:`PINNED_NOW` (2026-01-01 UTC), so every run sees the same tenant and dates:

* ``emulator``: a started ``Emulator(seed=7)`` serving plain http;
* ``tls_emulator``: a started ``Emulator(seed=7, tls=True)`` serving https with a
  self-signed certificate; trust ``tls_emulator.ca_cert_path`` (for example
  ``verify_ssl_certs=str(tls_emulator.ca_cert_path)``, or ``REQUESTS_CA_BUNDLE``);
* ``emulator_factory``: a function that starts an emulator with any
  ``Emulator`` arguments (a tenant of any size and seed:
  ``emulator_factory(seed=3, users=500, devices=2000)``); every one it started is
  stopped after the test. ``now`` defaults to :data:`PINNED_NOW`; pass
  ``now=None`` for the real clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from pycpg.emulator.server import Emulator


#: The instant the fixtures pin the clock at.
PINNED_NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., Emulator]]:
    """Start emulators with any ``Emulator`` arguments; all are stopped after the test."""
    with ExitStack() as started:
        def start(seed: int = 7, **options: Any) -> Emulator:
            options.setdefault("now", PINNED_NOW)
            return started.enter_context(Emulator(seed, **options))

        yield start


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A running emulator with the default tenant of seed 7; stopped afterwards."""
    with Emulator(seed=7, now=PINNED_NOW) as running:
        yield running


@pytest.fixture
def tls_emulator() -> Iterator[Emulator]:
    """A running https emulator (self-signed certificate at ``ca_cert_path``), tenant of seed 7; stopped afterwards."""
    with Emulator(seed=7, tls=True, now=PINNED_NOW) as running:
        yield running
