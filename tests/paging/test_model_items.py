"""Typed iterators count pages on their models: each page body is parsed once, into its model."""

from __future__ import annotations

from typing import Any

import pytest

import pycpg.response
import pycpg.sdk
from pycpg._redact import load_json
from pycpg.emulator import Emulator
from pycpg.emulator.faults import Fault
from pycpg.exceptions import PycpgModelError
from pycpg.models import Device


def client(emu: Emulator, **options: Any) -> pycpg.sdk.SDKClient:
    account = emu.plain_admin
    return pycpg.sdk.from_local_account(emu.url, account.username, account.password, **options)


@pytest.fixture
def json_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the plain-JSON parses of response bodies (the pycpg 1.0 view, ``.data``)."""
    calls: list[int] = []
    original = load_json

    def counting(text: str) -> Any:
        calls.append(len(text))
        return original(text)

    monkeypatch.setattr(pycpg.response, "load_json", counting)
    return calls


@pytest.mark.parametrize("concurrency", [1, 4])
def test_iter_all_parses_each_page_once(emulator_factory: Any, json_parses: list[int], concurrency: int) -> None:
    emu: Emulator = emulator_factory(users=30, devices=57)
    sdk = client(emu, items_per_page=10)
    json_parses.clear()
    devices = list(sdk.devices.iter_all(page_concurrency=concurrency))
    users = list(sdk.users.iter_all(page_concurrency=concurrency))
    orgs = list(sdk.orgs.iter_all(page_size=2, page_concurrency=concurrency))
    assert [len(devices), len(users), len(orgs)] == [57, 30, len(emu.tenant.orgs)]
    assert all(isinstance(device, Device) for device in devices)
    assert json_parses == []  # no second, plain-JSON parse of any page
    # get_all keeps pycpg 1.0's view: its pages are read as JSON to count them.
    assert sum(len(page["computers"]) for page in sdk.devices.get_all(page_concurrency=concurrency)) == 57
    assert len(json_parses) == 6


def test_the_stop_rule_reads_the_models_total(emulator_factory: Any) -> None:
    emu: Emulator = emulator_factory(devices=25, max_page_size=7)  # a server that caps pages at 7
    sdk = client(emu, items_per_page=10)
    emu.clear_journal()
    assert len(list(sdk.devices.iter_all())) == 25  # short pages do not end the run while totalCount says more
    pages = [entry for entry in emu.journal if entry.path == "/api/v1/Computer"]
    assert len(pages) == 4


def test_a_page_that_does_not_fit_its_model_fails_at_that_page(emulator_factory: Any) -> None:
    emu: Emulator = emulator_factory(devices=30)
    sdk = client(emu, items_per_page=10)
    emu.faults.add(Fault(path="/api/v1/Computer", calls={2},
                         body=b'{"data": {"totalCount": 30, "computers": [{"computerId": "x"}]}}'))
    seen: list[Device] = []
    with pytest.raises(PycpgModelError, match="computers"):
        for device in sdk.devices.iter_all(page_concurrency=1):
            seen.append(device)
    assert len(seen) == 10  # the first page's devices came before the error
