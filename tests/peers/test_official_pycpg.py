"""CrashPlan's own SDK, pycpg 1.0.5 from the package index, against the https emulator.

The official SDK joins absolute paths onto every host it is given (dropping any path
prefix) and speaks https only, so this is the proof that the emulator's services each
live on an origin of their own, with TLS. The SDK runs in a virtualenv of its own
(outside the repository, reused across runs; see ``tests.peers.venvs``) and drives one
script there: sign-in with TOTP, users/devices/orgs paged, legal-hold matters and
memberships, the audit-log search (found through the key-value store) and a web
restore. The script prints JSON; the assertions hold it against the emulator's state.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.peers.venvs import peer_venv

OFFICIAL = "pycpg==1.0.5"
#: Small pages, so every ``get_all`` takes several requests (the tenant has 3 orgs).
PAGE = 2

SCRIPT = textwrap.dedent('''
    import hashlib, json, sys
    from importlib.metadata import version

    import requests
    import pycpg, pycpg.sdk, pycpg.settings

    config = json.load(sys.stdin)
    out = {"version": version("pycpg"), "module": pycpg.__file__}

    # Verification is on: without the emulator's certificate the sign-in is refused.
    try:
        pycpg.sdk.from_local_account(config["url"], config["username"], config["password"], totp=config["totp"])
        out["untrusted"] = "connected"
    except requests.exceptions.SSLError:
        out["untrusted"] = "SSLError"

    # pycpg 1.0 sends with Session.send, which reads no REQUESTS_CA_BUNDLE: name the file in its settings.
    pycpg.settings.verify_ssl_certs = config["ca"]
    pycpg.settings.items_per_page = config["page"]
    sdk = pycpg.sdk.from_local_account(config["url"], config["username"], config["password"], totp=config["totp"])
    out["me"] = sdk.users.get_current()["username"]

    out["user_pages"] = [[u["userUid"] for u in page["users"]] for page in sdk.users.get_all()]
    out["device_pages"] = [[d["guid"] for d in page["computers"]] for page in sdk.devices.get_all()]
    out["org_pages"] = [[o["orgUid"] for o in page["orgs"]] for page in sdk.orgs.get_all()]

    matters = [m for page in sdk.legalhold.get_all_matters(active=None) for m in page.data]
    out["matters"] = [m["legalHoldUid"] for m in matters]
    out["memberships"] = {
        m["legalHoldUid"]: [c["legalHoldMembershipUid"]
                            for page in sdk.legalhold.get_all_matter_custodians(m["legalHoldUid"], active=None)
                            for c in page.data]
        for m in matters
    }

    restored = sdk.archive.stream_from_backup(config["path"], config["device"])
    content = b"".join(restored.iter_content(chunk_size=65536))
    out["restored"] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}

    out["audit_first_page"] = sdk.auditlogs.get_page(page_num=1, page_size=5)["events"]
    pycpg.settings.items_per_page = 100
    out["audit_all"] = [event for page in sdk.auditlogs.get_all() for event in page["events"]]
    print(json.dumps(out))
''')


@pytest.fixture(scope="module")
def official_python() -> Path:
    """The python of a virtualenv with the official SDK (skips the module without a package index)."""
    return peer_venv("official-pycpg", [OFFICIAL])


@pytest.fixture(scope="module")
def tls_emu() -> Iterator[Emulator]:
    with Emulator(seed=7, tls=True, legal_hold_lists="bare") as emu:
        emu.place_on_legal_hold(emu.restricted.user_uid)  # at least one matter with a custodian
        yield emu


def _restorable(emu: Emulator) -> tuple[DeviceRecord, str]:
    """An active device whose archive needs no secret, and a non-empty file in it."""
    for device in emu.tenant.devices:
        if device.active and device.backup_usage and emu.archive_secret(device.guid) == (None, None):
            files = [path for path, size in emu.archive_files(device.guid) if size > 0]
            if files:
                return device, files[0]
    raise AssertionError("no restorable device in the tenant")


@pytest.fixture(scope="module")
def run(official_python: Path, tls_emu: Emulator, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the script once in the official SDK's virtualenv; its JSON output."""
    device, path = _restorable(tls_emu)
    tls_emu.clear_journal()
    config = {"url": tls_emu.url, "username": tls_emu.admin.username, "password": tls_emu.admin.password,
              "totp": tls_emu.totp(), "ca": str(tls_emu.ca_cert_path), "page": PAGE,
              "device": device.guid, "path": path}
    folder = tmp_path_factory.mktemp("official-pycpg")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["REQUESTS_CA_BUNDLE"] = str(tls_emu.ca_cert_path)
    result = subprocess.run([str(official_python), "-I", "-c", SCRIPT], input=json.dumps(config), cwd=folder, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    output: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    output["device"], output["path"] = device, path
    return output


def test_it_is_the_official_sdk(run: dict[str, Any]) -> None:
    assert run["version"] == "1.0.5"
    repository = Path(__file__).resolve().parents[2]
    assert not Path(run["module"]).resolve().is_relative_to(repository)  # not this repository's pycpg
    assert run["untrusted"] == "SSLError"


def test_sign_in_with_totp(run: dict[str, Any], tls_emu: Emulator) -> None:
    assert run["me"] == tls_emu.admin.username


def test_paging_users_devices_and_orgs(run: dict[str, Any], tls_emu: Emulator) -> None:
    tenant = tls_emu.tenant
    expected = {
        "user_pages": [user.user_uid for user in tenant.users],
        "device_pages": [device.guid for device in tenant.devices],
        "org_pages": [org.org_uid for org in tenant.orgs],
    }
    for key, uids in expected.items():
        pages = run[key]
        assert len(pages) == len(uids) // PAGE + 1, key  # pycpg 1.0 stops at the first short page
        assert all(len(page) == PAGE for page in pages[:-1]), key
        assert sorted(uid for page in pages for uid in page) == sorted(uids), key


def test_legal_hold_matters_and_memberships(run: dict[str, Any], tls_emu: Emulator) -> None:
    store = tls_emu.tenant.legal_hold
    assert run["matters"] and sorted(run["matters"]) == sorted(m.legal_hold_uid for m in store.matters)
    for matter in store.matters:
        expected = [m.membership_uid for m in store.memberships if m.matter is matter]
        assert sorted(run["memberships"][matter.legal_hold_uid]) == sorted(expected)
    assert any(run["memberships"].values())


def test_audit_log_search_through_the_key_value_store(run: dict[str, Any], tls_emu: Emulator) -> None:
    # The search is the script's last step: it sees every event, sign-ins and restore included.
    events = [event.to_wire() for event in tls_emu.tenant.audit_log.newest_first()]
    assert len(events) > 100 and run["audit_all"] == events
    assert run["audit_first_page"] == events[:5]


def test_web_restore_bytes(run: dict[str, Any], tls_emu: Emulator) -> None:
    expected = b"".join(tls_emu.file_content(run["device"].guid, run["path"]))
    assert run["restored"] == {"size": len(expected), "sha256": hashlib.sha256(expected).hexdigest()}


def test_every_service_was_reached_on_its_own_https_origin(run: dict[str, Any], tls_emu: Emulator) -> None:
    """The journal names each request under its service's path prefix; the Host header shows the origin it came to."""
    services = {prefix: urlsplit(url) for prefix, url in tls_emu.service_origins.items()}
    assert all(parts.scheme == "https" and parts.path == "" for parts in services.values())
    origin_of = {prefix: parts.netloc for prefix, parts in services.items()}
    console = urlsplit(tls_emu.url).netloc
    assert len({console, *origin_of.values()}) == 1 + len(origin_of)  # all different ports

    reached: set[str] = set()
    for entry in tls_emu.journal:
        prefix = next((p for p in origin_of if entry.path.startswith(p + "/")), None)
        assert entry.headers["host"] == (console if prefix is None else origin_of[prefix]), entry.path
        reached.add(prefix or "console")
    kinds = {"console", "/simple-key-value-store", "/audit-log"}
    assert kinds < reached and any(kind.startswith("/storage/") for kind in reached)
