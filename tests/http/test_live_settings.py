"""Every ``pycpg.settings`` value pycpg 1.0 reads at call time is read at call time here too."""

from __future__ import annotations


import pytest

import pycpg.sdk
import pycpg.settings
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgReadTimeoutError


def _client(emulator: Emulator) -> pycpg.sdk.SDKClient:
    account = emulator.plain_admin
    return pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)


@pytest.mark.parametrize(("name", "bad"), [("verify_ssl_certs", 5), ("timeout", "soon"), ("proxies", ["x"])])
def test_settings_changed_after_the_client_was_built_apply_to_its_next_call(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, name: str, bad: object
) -> None:
    client = _client(emulator)
    client.devices.get_page(1)
    monkeypatch.setattr(pycpg.settings, name, bad)  # changed after the client was built
    with pytest.raises(ValueError, match=name):
        client.devices.get_page(1)


def test_a_timeout_set_after_the_client_was_built_bounds_its_calls(
    emulator: Emulator, silent_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pycpg._http import ClientConfig, Connection, Transport

    connection = Connection(Transport(ClientConfig.from_settings(f"http://127.0.0.1:{silent_server}", max_retries=0)))
    monkeypatch.setattr(pycpg.settings, "timeout", (2.0, 0.2))  # default is (30, 180)
    with pytest.raises(PycpgReadTimeoutError):
        connection.request("GET", "/api/v1/User/my")


def test_debug_level_set_after_the_client_was_built_logs_its_requests(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(emulator)
    client.devices.get_page(1)
    previous = pycpg.settings.debug.level
    try:
        pycpg.settings.debug.level = pycpg.settings.debug.NONE
        caplog.clear()
        client.devices.get_page(1)
        quiet = caplog.text
        pycpg.settings.debug.level = pycpg.settings.debug.DEBUG
        caplog.clear()
        client.devices.get_page(1)
    finally:
        pycpg.settings.debug.level = previous
    assert "/api/v1/Computer" not in quiet and "/api/v1/Computer" in caplog.text
