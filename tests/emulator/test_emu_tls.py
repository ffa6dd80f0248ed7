"""https, and every service on an origin of its own: the emulator side, this SDK over TLS, the CLI banner."""

from __future__ import annotations

import hashlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

import pycpg.sdk
from pycpg.emulator import Emulator
from pycpg.emulator.__main__ import _banner
from pycpg.emulator.records import DeviceRecord
from pycpg.emulator.tls import self_signed
from tests.emulator.emu_support import admin_token, data

STORE = "/simple-key-value-store"
SEARCH = "/audit-log"


def _ca(emu: Emulator) -> str:
    assert emu.ca_cert_path is not None
    return str(emu.ca_cert_path)


def _get(emu: Emulator, url: str, token: str | None = None, **kwargs: object) -> requests.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return requests.get(url, headers=headers, verify=_ca(emu) if emu.tls else True, timeout=10, **kwargs)  # type: ignore[arg-type]


def _restorable(emu: Emulator) -> tuple[DeviceRecord, str]:
    for device in emu.tenant.devices:
        if device.active and device.backup_usage and emu.archive_secret(device.guid) == (None, None):
            files = [path for path, size in emu.archive_files(device.guid) if size > 0]
            if files:
                return device, files[0]
    raise AssertionError("no restorable device in the tenant")


def _port_open(url: str) -> bool:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


# -- TLS ----------------------------------------------------------------------------------------


def test_https_with_a_generated_certificate(tls_emulator: Emulator) -> None:
    assert tls_emulator.tls and tls_emulator.scheme == "https" and tls_emulator.url.startswith("https://127.0.0.1:")
    pem = Path(_ca(tls_emulator)).read_text()
    assert pem.startswith("-----BEGIN CERTIFICATE-----") and "PRIVATE KEY" not in pem
    assert _get(tls_emulator, f"{tls_emulator.url}/api/v1/ServerEnv").status_code == 401  # answered over TLS
    # The certificate names localhost too.
    port = urlsplit(tls_emulator.url).port
    assert _get(tls_emulator, f"https://localhost:{port}/api/v1/ServerEnv").status_code == 401
    # Verification stays on: the system's CAs do not vouch for it, and plain http gets no answer.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{tls_emulator.url}/api/v1/ServerEnv", timeout=10)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/api/v1/ServerEnv", timeout=10)


def test_a_refused_certificate_does_not_disturb_the_server(tls_emulator: Emulator,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    for _ in range(3):
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{tls_emulator.url}/api/v1/ServerEnv", timeout=10)
    token = admin_token(tls_emulator)
    assert _get(tls_emulator, f"{tls_emulator.url}/api/v1/ServerEnv", token).status_code == 200
    time.sleep(0.05)
    assert "Traceback" not in capfd.readouterr().err


def test_the_generated_certificate_is_made_at_start_and_kept_across_restarts() -> None:
    emu = Emulator(seed=1, users=4, devices=2, tls=True)
    assert emu.ca_cert_path is None  # made at the first start
    with emu:
        first = Path(_ca(emu))
        assert first.exists()
        assert _get(emu, f"{emu.url}/api/v1/ServerEnv").status_code == 401
    with emu:
        assert _ca(emu) == str(first)
        assert _get(emu, f"{emu.url}/api/v1/ServerEnv").status_code == 401


def test_a_given_certificate_and_key_are_served(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path, ["127.0.0.1"])
    with Emulator(seed=1, users=4, devices=2, tls_cert=cert, tls_key=str(key)) as emu:
        assert emu.tls and emu.ca_cert_path == cert and emu.url.startswith("https://")
        response = requests.get(f"{emu.url}/api/v1/ServerEnv", verify=str(cert), timeout=10)
        assert response.status_code == 401
    with pytest.raises(ValueError, match="together"):
        Emulator(seed=1, users=4, devices=0, tls_cert=cert)


def test_plain_http_stays_the_default(emulator: Emulator) -> None:
    assert not emulator.tls and emulator.ca_cert_path is None and emulator.url.startswith("http://")
    device, _ = _restorable(emulator)
    response = _get(emulator, f"{emulator.url}/api/v1/WebRestoreInfo", admin_token(emulator),
                    params={"srcGuid": device.guid, "destGuid": device.backup_usage[0].destination.guid})
    assert urlsplit(data(response)["serverUrl"]).scheme == "http"


# -- own origins --------------------------------------------------------------------------------


def test_service_origins_serve_at_the_root_and_only_their_service(tls_emulator: Emulator) -> None:
    emu, token = tls_emulator, admin_token(tls_emulator)
    sts = _get(emu, f"{emu.url}/api/v1/ServerEnv", token).json()["stsBaseUrl"]
    store = emu.service_url(STORE)
    assert sts == f"{store}/sts" and urlsplit(store).scheme == "https" and urlsplit(store).port != urlsplit(emu.url).port
    at_root = _get(emu, f"{store}/v1/AUDIT-LOG_API-URL")
    assert at_root.status_code == 200 and at_root.text == emu.service_url(SEARCH)
    # A client that keeps the path of the swapped STS URL reaches the same value.
    kept = _get(emu, f"{sts.replace('sts', 'simple-key-value-store', 1)}/v1/AUDIT-LOG_API-URL")
    assert kept.status_code == 200 and kept.text == at_root.text
    # A service origin serves its own service only.
    assert _get(emu, f"{store}/api/v1/User/my", token).status_code == 404
    assert _get(emu, f"{emu.service_url(SEARCH)}/api/v1/ServerEnv", token).status_code == 404
    nodes = sorted({destination.server_guid for destination in emu.tenant.destinations})
    first, second = (emu.service_url(f"/storage/{node}") for node in nodes[:2])
    assert first != second
    body = {"computerGuid": _restorable(emu)[0].guid}
    crossed = requests.post(f"{first}/storage/{nodes[1]}/api/v1/WebRestoreSession", json=body,
                            headers={"Authorization": f"Bearer {token}"}, verify=_ca(emu), timeout=10)
    assert crossed.status_code == 404
    # Requests are journaled under the service's prefix.
    assert [e.path for e in emu.journal if e.headers["host"] == urlsplit(store).netloc][:1] == [
        f"{STORE}/v1/AUDIT-LOG_API-URL"]


def test_stop_closes_every_origin() -> None:
    with Emulator(seed=1, users=4, devices=2, tls=True) as emu:
        urls = [emu.url, emu.service_url(STORE), emu.service_url(SEARCH)]
        assert all(_port_open(url) for url in urls)
        assert set(emu.service_origins) == {STORE, SEARCH}
    assert not any(_port_open(url) for url in urls)
    assert emu.service_origins == {}
    with pytest.raises(RuntimeError, match="not running"):
        emu.service_url(STORE)


# -- this SDK over TLS --------------------------------------------------------------------------


@pytest.fixture
def tls_sdk(tls_emulator: Emulator) -> Iterator[pycpg.sdk.SDKClient]:
    account = tls_emulator.plain_admin
    client = pycpg.sdk.from_local_account(tls_emulator.url, account.username, account.password,
                                          verify_ssl_certs=_ca(tls_emulator), poll_interval=0.01)
    tls_emulator.clear_journal()
    yield client
    client.close()


def test_this_sdk_reaches_every_service_on_its_own_https_origin(tls_emulator: Emulator,
                                                                tls_sdk: pycpg.sdk.SDKClient) -> None:
    device, path = _restorable(tls_emulator)
    restored = tls_sdk.archive.stream_from_backup(path, device.guid)
    content = b"".join(restored.iter_content(chunk_size=65536))
    expected = b"".join(tls_emulator.file_content(device.guid, path))
    assert hashlib.sha256(content).digest() == hashlib.sha256(expected).digest()
    events = tls_sdk.auditlogs.get_page(page_size=3)["events"]
    assert events == [event.to_wire() for event in tls_emulator.tenant.audit_log.newest_first()[:3]]

    origins = {prefix: urlsplit(url) for prefix, url in tls_emulator.service_origins.items()}
    assert all(parts.scheme == "https" and parts.path == "" for parts in origins.values())
    console = urlsplit(tls_emulator.url).netloc
    seen = set()
    for entry in tls_emulator.journal:
        prefix = next((p for p in origins if entry.path.startswith(p + "/")), None)
        assert entry.headers["host"] == (console if prefix is None else origins[prefix].netloc), entry.path
        seen.add(prefix)
    assert {None, STORE, SEARCH} < seen and any(p and p.startswith("/storage/") for p in seen)


def test_this_sdk_trusts_requests_ca_bundle_and_refuses_without_it(tls_emulator: Emulator,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    account = tls_emulator.plain_admin
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(requests.exceptions.SSLError, match="verify_ssl_certs"):
        pycpg.sdk.from_local_account(tls_emulator.url, account.username, account.password)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", _ca(tls_emulator))
    client = pycpg.sdk.from_local_account(tls_emulator.url, account.username, account.password)
    try:
        assert client.users.get_current()["username"] == account.username
    finally:
        client.close()


# -- python -m pycpg.emulator -------------------------------------------------------------------


def test_the_command_line_serves_https_and_says_what_to_trust() -> None:
    command = [sys.executable, "-m", "pycpg.emulator", "--tls", "--port", "0", "--users", "4", "--devices", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("Press Ctrl-C"):
            line = process.stdout.readline()
            assert line, f"the emulator exited early: {lines}"
            lines.append(line.rstrip("\n"))
        banner = "\n".join(lines)
        url = lines[0].rsplit(" ", 1)[-1]
        cert = next(line.split("=", 1)[1] for line in lines if "export REQUESTS_CA_BUNDLE=" in line)
        assert url.startswith("https://127.0.0.1:") and Path(cert).is_file()
        assert "key-value store: https://" in banner and "audit log:       https://" in banner
        assert "storage node" in banner and f'verify_ssl_certs = "{cert}"' in banner
        assert requests.get(f"{url}/api/v1/ServerEnv", verify=cert, timeout=10).status_code == 401
        process.send_signal(signal.SIGTERM)  # stops as Ctrl-C does
        assert process.wait(timeout=30) == 0
        assert not Path(cert).exists()  # a generated certificate goes with the emulator
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
    half = subprocess.run([*command, "--cert", cert], capture_output=True, text=True, timeout=60, check=False)
    assert half.returncode == 2 and "--cert and --key go together" in half.stderr


def test_the_plain_banner_names_the_origins_and_no_certificate(emulator: Emulator) -> None:
    banner = _banner(emulator)
    assert f"listening on {emulator.url}" in banner
    assert f"key-value store: {emulator.service_url(STORE)}" in banner
    assert "REQUESTS_CA_BUNDLE" not in banner
