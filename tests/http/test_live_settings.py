"""Every ``pycpg.settings`` value pycpg 1.0 reads at call time is read at call time here too."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

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


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_timeout_set_after_the_client_was_built_bounds_its_calls(
    emulator: Emulator, silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pycpg._http import ClientConfig, Connection, Transport

    connection = Connection(Transport(ClientConfig.from_settings(f"http://127.0.0.1:{silent_port}", max_retries=0)))
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
