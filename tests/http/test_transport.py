"""Transport: config from settings, host normalisation, User-Agent, error mapping, failures."""

from __future__ import annotations

import re
import socket
import string
import sys

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

import pycpg.sdk
import pycpg.settings
from pycpg._http import ClientConfig, Connection, Transport, normalize_host
from pycpg.emulator import Emulator
from pycpg.exceptions import (
    PycpgConnectionError,
    PycpgError,
    PycpgForbiddenError,
    PycpgHTTPError,
    PycpgNotFoundError,
    PycpgReadTimeoutError,
    PycpgTransportError,
)
from tests.journal import only_request

hostnames = st.lists(
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10), min_size=1, max_size=4
).map(".".join)


@given(
    host=hostnames,
    scheme=st.sampled_from(["", "http://", "https://", "HTTPS://", "Http://"]),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    prefix=st.sampled_from(["", "/", "/cp", "/cp/"]),
    trailing=st.sampled_from(["", "/", "//"]),
)
def test_normalize_host(host: str, scheme: str, port: int | None, prefix: str, trailing: str) -> None:
    netloc = f"{host}:{port}" if port else host
    result = normalize_host(f"{scheme}{netloc}{prefix}{trailing}")
    expected_scheme = scheme.lower() or "https://"
    assert result == f"{expected_scheme}{netloc}{prefix.rstrip('/')}"
    assert normalize_host(result) == result


@pytest.mark.parametrize("bad", ["", "   ", "https://", "http:///path"])
def test_normalize_host_rejects_empty_hosts(bad: str) -> None:
    with pytest.raises(ValueError, match="host"):
        normalize_host(bad)


def test_path_prefix_is_kept_in_front_of_api_paths(emulator: Emulator) -> None:
    config = ClientConfig.from_settings(emulator.url + "/prefix/")
    assert config.url("/api/v1/User") == f"{emulator.url}/prefix/api/v1/User"


def test_user_agent_is_sent_with_version_and_options(emulator: Emulator) -> None:
    account = emulator.plain_admin
    client = pycpg.sdk.SDKClient.from_local_account(
        emulator.url, account.username, account.password, user_agent_prefix="acme", user_agent_suffix="nightly"
    )
    client.devices.get_page(1)
    agent = emulator.journal[-1].headers["user-agent"]
    python = "{}.{}.{}".format(*sys.version_info[:3])
    assert re.fullmatch(rf"acme pycpg/[0-9][^ ]* python/{re.escape(python)} nightly", agent)
    assert emulator.journal[-1].headers["accept"] == "application/json"


def _page_sizes(emulator: Emulator) -> list[str]:
    return [e.params["pgSize"] for e in emulator.journal if e.path == "/api/v1/Computer"]


def test_settings_not_given_to_the_factory_are_read_at_call_time(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = emulator.plain_admin
    monkeypatch.setattr(pycpg.settings, "items_per_page", 3)
    live = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    fixed = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password, items_per_page=5)
    live.devices.get_page(1)
    monkeypatch.setattr(pycpg.settings, "items_per_page", 8)  # as in pycpg 1.0: changed after the client was built
    live.devices.get_page(1)
    next(live.devices.get_all())
    fixed.devices.get_page(1)
    assert _page_sizes(emulator) == ["3", "8", "8", "5"]


def test_user_agent_and_proxies_follow_the_settings_live(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    account = emulator.plain_admin
    client = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    fixed = pycpg.sdk.SDKClient.from_local_account(
        emulator.url, account.username, account.password, user_agent_prefix="own"
    )
    monkeypatch.setattr(pycpg.settings, "_custom_user_agent_prefix", "")
    pycpg.settings.set_user_agent_prefix("later")
    client.devices.get_page(1)
    fixed.devices.get_page(1)
    agents = [e.headers["user-agent"] for e in emulator.journal if e.path == "/api/v1/Computer"]
    assert agents[0].startswith("later pycpg/") and agents[1].startswith("own pycpg/")
    assert agents[0] == pycpg.settings.get_user_agent_string()
    monkeypatch.setattr(pycpg.settings, "proxies", {"http": "http://127.0.0.1:9"})  # nothing listens there
    with pytest.raises(PycpgConnectionError):
        pycpg.sdk.SDKClient.from_local_account(
            emulator.url, account.username, account.password, max_retries=0
        ).devices.get_page(1)


def test_an_invalid_live_setting_fails_at_call_time_naming_it(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    account = emulator.plain_admin
    client = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    monkeypatch.setattr(pycpg.settings, "items_per_page", 0)
    with pytest.raises(ValueError, match="items_per_page"):
        client.devices.get_page(1)


def test_unknown_and_invalid_options_are_rejected(emulator: Emulator) -> None:
    with pytest.raises(TypeError, match="page_sise"):
        pycpg.sdk.SDKClient.from_local_account(emulator.url, "u", "p", page_sise=3)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="items_per_page"):
        pycpg.sdk.SDKClient.from_local_account(emulator.url, "u", "p", items_per_page=0)
    with pytest.raises(ValueError, match="timeout"):
        pycpg.sdk.SDKClient.from_local_account(emulator.url, "u", "p", timeout=-1)


def test_each_client_has_its_own_session(emulator: Emulator) -> None:
    account = emulator.plain_admin
    one = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    two = pycpg.sdk.SDKClient.from_local_account(emulator.url, account.username, account.password)
    assert one._main_connection.transport.session is not two._main_connection.transport.session


@pytest.mark.parametrize(
    ("path", "error"),
    [("/api/v1/User/424242", PycpgNotFoundError), ("/api/v1/NoSuchThing", PycpgNotFoundError)],
)
def test_error_statuses_map_to_pycpg_errors_and_are_sent_once(
    emulator: Emulator, sdk: pycpg.sdk.SDKClient, path: str, error: type[PycpgHTTPError]
) -> None:
    with pytest.raises(error) as caught:
        sdk._main_connection.request("GET", path)
    assert caught.value.response.status_code == 404
    assert isinstance(caught.value.__cause__, requests.HTTPError)
    only_request(emulator)  # pycpg 1.0 sent every failed request twice


def test_forbidden_maps_to_forbidden_error(emulator: Emulator) -> None:
    user = emulator.restricted
    sdk = pycpg.sdk.from_local_account(emulator.url, user.username, user.password)
    other = next(u for u in emulator.tenant.users if u.user_uid != user.user_uid)
    with pytest.raises(PycpgForbiddenError):
        sdk.users.get_by_uid(other.user_uid)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_is_a_pycpg_and_a_requests_error() -> None:
    transport = Transport(ClientConfig.from_settings(f"http://127.0.0.1:{_closed_port()}", timeout=5))
    with pytest.raises(PycpgConnectionError) as caught:
        Connection(transport).request("GET", "/api/v1/User/my")
    assert isinstance(caught.value, requests.ConnectionError)
    assert isinstance(caught.value, PycpgTransportError)
    assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert "127.0.0.1" in str(caught.value)


def test_read_timeout_is_wrapped_and_uses_the_configured_timeout(silent_server: int) -> None:
    transport = Transport(ClientConfig.from_settings(f"http://127.0.0.1:{silent_server}", timeout=(2, 0.3)))
    with pytest.raises(PycpgReadTimeoutError) as caught:
        Connection(transport).request("GET", "/api/v1/User/my")
    assert isinstance(caught.value, requests.ReadTimeout)
    assert isinstance(caught.value, PycpgError)
