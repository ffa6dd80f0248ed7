"""Server lifecycle, routing errors, content type, the journal, the CLI."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from werkzeug.test import Client
from werkzeug.wrappers import Response

from pycpg.emulator import Emulator, JournalEntry
from pycpg.emulator.app import EmulatorApp
from pycpg.emulator.journal import Journal
from pycpg.emulator.principal import Principal
from pycpg.emulator.routing import ApiRequest, Limits, Route, get, post
from pycpg.emulator.tenant import Tenant
from tests.emulator.emu_support import admin_token, call


def test_fixture_yields_a_running_seed_7_emulator(emulator: Emulator) -> None:
    assert emulator.seed == 7
    assert emulator.url.startswith("http://127.0.0.1:")
    assert call(emulator, "/api/v3/LoginConfiguration", params={"username": "x"}).status_code == 200


def test_start_and_stop_are_fast_and_release_the_port() -> None:
    began = time.perf_counter()
    emu = Emulator(seed=1).start()
    port = int(emu.url.rsplit(":", 1)[1])
    assert call(emu, "/api/v3/LoginConfiguration").status_code == 200
    emu.stop()
    assert time.perf_counter() - began < 1.0
    assert not emu.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/api/v3/LoginConfiguration", timeout=2)
    emu.stop()  # idempotent


def test_url_is_unavailable_before_start() -> None:
    emu = Emulator(seed=1, users=4, devices=0)
    with pytest.raises(RuntimeError):
        _ = emu.url


def test_fixed_port_is_used() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Emulator(seed=1, users=4, devices=0, port=port) as emu:
        assert emu.url == f"http://127.0.0.1:{port}"
        assert call(emu, "/api/v3/LoginConfiguration").status_code == 200


# -- routing --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/Nothing", "/", "/api/v1/User/1/extra", "/api/v2/Computer"])
def test_unknown_routes_are_json_404(emulator: Emulator, path: str) -> None:
    response = call(emulator, path, admin_token(emulator))
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert response.json()[0]["name"] == "SYSTEM"


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/api/v1/Computer"), ("POST", "/api/v3/auth/jwt"),
                                              ("PATCH", "/api/v1/User/my")])
def test_wrong_method_is_405_with_allow(emulator: Emulator, method: str, path: str) -> None:
    response = call(emulator, path, admin_token(emulator), method=method)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert isinstance(response.json(), list)


def test_error_and_success_bodies_are_json(emulator: Emulator) -> None:
    for response in (call(emulator, "/api/v1/User/my", admin_token(emulator)), call(emulator, "/api/v1/User/my")):
        assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
        json.loads(response.text)


# -- journal ---------------------------------------------------------------------------


def test_journal_records_query_pairs_in_order_with_repeats(emulator: Emulator) -> None:
    emulator.clear_journal()
    token = admin_token(emulator)
    url = emulator.url + "/api/v1/Computer?pgSize=2&active=True&pgSize=3&q=a%20b&empty="
    requests.get(url, headers={"Authorization": f"Bearer {token}", "X-Custom-Header": "Yes"}, timeout=10)
    (entry,) = emulator.journal
    assert entry.method == "GET" and entry.path == "/api/v1/Computer"
    assert entry.query == [("pgSize", "2"), ("active", "True"), ("pgSize", "3"), ("q", "a b"), ("empty", "")]
    assert entry.params == {"pgSize": "3", "active": "True", "q": "a b", "empty": ""}
    assert entry.headers["x-custom-header"] == "Yes"
    assert entry.headers["authorization"] == f"Bearer {token}"
    assert all(name == name.lower() for name in entry.headers)
    assert entry.status == 200 and entry.body == b"" and entry.json is None


def test_pages_honour_the_last_repeated_value(emulator: Emulator) -> None:
    url = emulator.url + "/api/v1/Computer?pgSize=2&pgSize=3"
    body = requests.get(url, headers={"Authorization": f"Bearer {admin_token(emulator)}"}, timeout=10).json()
    assert len(body["data"]["computers"]) == 3
    assert body["metadata"]["params"] == {"pgSize": "3"}


def test_journal_records_failures_with_their_status(emulator: Emulator) -> None:
    emulator.clear_journal()
    call(emulator, "/api/v1/User/my")
    call(emulator, "/api/v1/Missing", admin_token(emulator))
    call(emulator, "/api/v3/auth/jwt", auth=("ghost", "pw"))
    call(emulator, "/api/v1/User", admin_token(emulator), method="DELETE")
    assert [(e.path, e.status) for e in emulator.journal] == [
        ("/api/v1/User/my", 401), ("/api/v1/Missing", 404), ("/api/v3/auth/jwt", 401), ("/api/v1/User", 405)]


def test_journal_keeps_bodies_and_parses_json(emulator: Emulator) -> None:
    emulator.clear_journal()
    call(emulator, "/api/v3/oauth/token", method="POST", params={"grant_type": "client_credentials"},
         auth=(emulator.api_client_id, emulator.api_client_secret), json={"hello": [1, 2]})
    call(emulator, "/api/v3/oauth/token", method="POST", data=b"not json")
    first, second = emulator.journal
    assert first.json == {"hello": [1, 2]} and first.status == 200
    assert first.headers["content-type"] == "application/json"
    assert second.body == b"not json" and second.json is None


def test_journal_is_a_snapshot_and_clear_empties_it(emulator: Emulator) -> None:
    call(emulator, "/api/v3/LoginConfiguration")
    snapshot = emulator.journal
    assert snapshot and isinstance(snapshot[-1], JournalEntry)
    snapshot.clear()
    assert emulator.journal
    emulator.clear_journal()
    assert emulator.journal == []


def test_journal_is_complete_under_concurrent_requests(emulator: Emulator) -> None:
    from concurrent.futures import ThreadPoolExecutor

    emulator.clear_journal()
    token = admin_token(emulator)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda n: call(emulator, "/api/v1/User", token, params={"pgNum": n}).status_code,
                                 range(1, 33)))
    assert statuses == [200] * 32
    assert sorted(int(e.params["pgNum"]) for e in emulator.journal) == list(range(1, 33))


# -- command line -----------------------------------------------------------------------


def test_command_line_serves_and_prints_url_and_accounts() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pycpg.emulator", "--port", "0", "--seed", "3", "--users", "6", "--devices", "4",
         "--admin-username", "cli@example.com"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.rsplit(" ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        banner = "".join(process.stdout.readline() for _ in range(6))
        assert "cli@example.com" in banner and "TOTP" in banner
        response = requests.get(url + "/api/v3/LoginConfiguration", params={"username": "cli@example.com"},
                                timeout=10)
        assert response.json()["data"]["loginType"] == "LOCAL_2FA"
        process.send_signal(signal.SIGINT)  # Ctrl-C stops it cleanly
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()


# -- extending the route table ---------------------------------------------------------


def _app_with(*routes: Route) -> tuple[Emulator, Client]:
    emu = Emulator(seed=1, users=4, devices=0)
    app = EmulatorApp(emu.tenant, emu.auth, routes, Limits(), Journal())
    return emu, Client(app)


def test_added_routes_get_auth_parsing_and_envelopes() -> None:
    def echo(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        return req.v3({"who": principal.name, "body": req.body_json(), "org": tenant.root_org.org_name})

    emu, client = _app_with(post("/api/v3/echo", echo))
    token = emu.issue_token(emu.restricted.username)
    ok = client.post("/api/v3/echo", json={"a": 1}, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert ok.get_json()["data"] == {"who": emu.restricted.username, "body": {"a": 1},
                                     "org": emu.tenant.root_org.org_name}
    bad = client.post("/api/v3/echo", data=b"{nope", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400
    assert client.post("/api/v3/echo", json={}).status_code == 401


def test_a_failing_handler_answers_500_and_is_journaled(caplog: pytest.LogCaptureFixture) -> None:
    def boom(req: ApiRequest, principal: Principal, tenant: Tenant) -> Response:
        raise RuntimeError("handler bug")

    emu = Emulator(seed=1, users=4, devices=0)
    journal = Journal()
    client = Client(EmulatorApp(emu.tenant, emu.auth, [get("/boom", boom, auth=False)], Limits(), journal))
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.get_json()[0]["name"] == "SYSTEM"
    assert [entry.status for entry in journal.snapshot()] == [500]
    assert "handler bug" in caplog.text
