"""Ids and names in URL paths: one encoded segment each, or refused before anything is sent.

Three layers: ``path_segment`` itself (properties over arbitrary text and
integers), every path-bearing SDK method against the emulator (a bad id sends
nothing; any other id reaches only its own endpoint), and values coming back
from a server (an org guid, a userUid, a settings document, a restore job id)
that could otherwise steer a later request.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import pycpg.sdk
from pycpg._http import ClientConfig, Connection, Transport
from pycpg._http.discovery import key_value_host
from pycpg._http.paths import api_path, id_text, path_segment
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgHTTPError, PycpgInvalidIdError, PycpgModelError
from pycpg.sdk import SDKClient
from pycpg.services.keyvaluestore import KeyValueStoreService
from pycpg.services.storage import StorageArchiveService

# --- path_segment ---------------------------------------------------------------------

TRICKY = [
    "..", ".", "...", "a/b", "/", "\\", "a\\b", "%2F", "%2e%2e", "%", "?x=1", "#f", " ", "\t", "\u3000",
    "\u2028", "\u2029", "\x85", "\x00", "\x7f", "1\r\nX-Injected: 1", "\ud800", "a\udfffb", "é", "日本",
    "\U0001f600", "~", "a b", "7", "-1", "+1", "\ufeff", "\u200b",
]
tricky = st.sampled_from(TRICKY)
# Text mixing the characters that matter (separators, controls, line breaks, surrogates) with plain ones.
awkward_text = st.text(
    st.one_of(
        st.sampled_from("/\\.?#% \r\n\x00\x85\u2028\u2029\ud800"),
        st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Zs", "Po", "Lo"]),
        st.characters(min_codepoint=32, max_codepoint=126),
    ),
    max_size=12,
)
any_text = st.one_of(st.text(), tricky, awkward_text)
not_ids = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=False), st.binary(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1), st.just(object()),
)
REFUSED_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}


def should_refuse(value: object) -> bool:
    """The rule, written independently of the implementation."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return True
    if isinstance(value, int):
        return value.bit_length() > 128
    return (
        value.strip() == ""
        or value in (".", "..")
        or any(char in "/\\" or unicodedata.category(char) in REFUSED_CATEGORIES for char in value)
    )


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(any_text, st.integers(), st.integers(min_value=2**120, max_value=2**140)))
def test_path_segment_is_one_segment_that_decodes_to_the_id_or_is_refused(value: str | int) -> None:
    try:
        segment = path_segment(value, "some_id")
    except PycpgInvalidIdError:
        assert should_refuse(value)
        return
    assert not should_refuse(value)
    assert unquote(segment, errors="strict") == str(value)
    assert segment.isascii()
    assert not any(char in "/\\?# " or unicodedata.category(char) == "Cc" for char in segment)
    assert segment not in (".", "..")
    assert unquote(segment) not in (".", "..")


@settings(max_examples=100, deadline=None)
@given(value=not_ids)
def test_anything_but_str_and_int_is_refused(value: object) -> None:
    with pytest.raises(PycpgInvalidIdError, match="^Invalid device_id: .* not a str or int"):
        path_segment(value, "device_id")


@pytest.mark.parametrize(
    ("value", "segment"),
    [(7, "7"), ("7", "7"), (-3, "-3"), ("a b?c#d%e", "a%20b%3Fc%23d%25e"), ("é", "%C3%A9"), ("...", "...")],
)
def test_valid_ids_are_percent_encoded(value: str | int, segment: str) -> None:
    assert path_segment(value, "x") == segment


def test_int_and_str_subclasses_are_their_value() -> None:
    class Text(str):
        def __str__(self) -> str:
            return "../elsewhere"

    assert path_segment(Text("abc"), "x") == "abc"
    assert id_text(Text("abc"), "x") == "abc"


def test_the_message_names_the_parameter_and_shows_a_short_repr() -> None:
    with pytest.raises(PycpgInvalidIdError) as caught:
        path_segment("1\r\nX-Injected: 1", "device_id")
    message = str(caught.value)
    assert "device_id" in message and repr("1\r\nX-Injected: 1") in message
    assert "\r" not in message and "\n" not in message
    for huge in ("/" * 1_000_000, b"x" * 1_000_000, ["x" * 1000] * 1000, 2**100_000):
        with pytest.raises(PycpgInvalidIdError, match="user_id") as caught:
            path_segment(huge, "user_id")
        assert len(str(caught.value)) < 400


def test_the_error_is_a_pycpg_value_and_type_error() -> None:
    for expected in (PycpgError, ValueError, TypeError):
        with pytest.raises(expected):
            path_segment(None, "x")


def test_api_path_fills_each_placeholder_with_one_segment() -> None:
    path = api_path("/api/v3/BackupSets/{device}/{destination}", device=42, destination="a b")
    assert path == "/api/v3/BackupSets/42/a%20b"
    with pytest.raises(PycpgInvalidIdError, match="destination"):
        api_path("/api/v3/BackupSets/{device}/{destination}", device=42, destination="..")
    with pytest.raises(KeyError):
        api_path("/api/v1/Computer/{device_id}")
    with pytest.raises(TypeError, match="guid"):
        api_path("/api/v1/Computer/{device_id}", device_id=1, guid="g")


def test_a_discovery_key_is_checked_when_the_resolver_is_made() -> None:
    transport = Transport(ClientConfig.from_settings("http://127.0.0.1:9"))
    with pytest.raises(PycpgInvalidIdError, match="key"):
        key_value_host(Connection(transport), "../api/v1/User")


# --- the attacks, against the emulator ------------------------------------------------


def test_a_device_id_cannot_deauthorize_another_device(emulator: Emulator, sdk: SDKClient) -> None:
    victim = emulator.tenant.devices[1]
    with pytest.raises(PycpgInvalidIdError, match="device_id"):
        sdk.devices.block(f"../ComputerDeauthorization/{victim.guid}")
    assert emulator.journal == []
    assert "Deauthorized" not in str(sdk.devices.get_by_guid(victim.guid).model().status)


def test_an_archive_guid_cannot_block_a_device(emulator: Emulator, sdk: SDKClient) -> None:
    victim = emulator.tenant.devices[1]
    with pytest.raises(PycpgInvalidIdError, match="archive_guid"):
        sdk.archive.update_cold_storage_purge_date(f"../ComputerBlock/{victim.computer_id}", "2030-01-01")
    assert emulator.journal == []
    assert sdk.devices.get_by_id(victim.computer_id).model().blocked is False


def test_an_empty_user_id_does_not_read_the_user_list(emulator: Emulator, sdk: SDKClient) -> None:
    for empty in ("", "   "):
        with pytest.raises(PycpgInvalidIdError, match="user_id"):
            sdk.users.get_by_id(empty)
    assert emulator.journal == []


@pytest.mark.parametrize(
    "bad", [None, "1\r\nX-Injected: 1", "7\n", True, 7.0, b"7", [7], {"id": 7}], ids=repr
)
def test_none_line_breaks_and_wrong_types_send_nothing(emulator: Emulator, sdk: SDKClient, bad: Any) -> None:
    for call in (sdk.users.get_by_id, sdk.users.block, sdk.devices.block, sdk.devices.get_by_guid, sdk.orgs.get_by_id):
        with pytest.raises(PycpgInvalidIdError):
            call(bad)
    with pytest.raises(PycpgInvalidIdError):
        sdk.archive.update_cold_storage_purge_date(bad, "2030-01-01")
    assert emulator.journal == []


def test_a_restore_with_a_bad_device_or_destination_guid_sends_nothing(emulator: Emulator, sdk: SDKClient) -> None:
    device = emulator.tenant.devices[0]
    with pytest.raises(PycpgInvalidIdError, match="device_guid"):
        sdk.archive.stream_from_backup("/a.txt", "../ComputerBlock/1", destination_guid="dest")
    with pytest.raises(PycpgInvalidIdError, match="destination_guid"):
        sdk.archive.stream_from_backup("/a.txt", device.guid, destination_guid="a/b")
    assert emulator.journal == []


# --- every path-bearing method stays on its endpoint ----------------------------------


@dataclass
class Env:
    emulator: Emulator
    sdk: SDKClient
    key_value_store: KeyValueStoreService
    storage: StorageArchiveService
    real_ids: frozenset[str]


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with Emulator(seed=3, users=6, devices=4) as emulator:
        account = emulator.plain_admin
        sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
        transport = Transport(ClientConfig.from_settings(emulator.url))
        tenant = emulator.tenant
        real = {str(org.org_id) for org in tenant.orgs} | {str(user.user_id) for user in tenant.users}
        real |= {str(device.computer_id) for device in tenant.devices}
        real |= {user.user_uid for user in tenant.users} | {device.guid for device in tenant.devices}
        yield Env(
            emulator,
            sdk,
            KeyValueStoreService(Connection(transport, host=f"{emulator.url}/simple-key-value-store")),
            StorageArchiveService(Connection(transport, host=emulator.url)),
            frozenset(real),
        )
        sdk.close()
        transport.close()


Call = Callable[[Env, Any], object]

# (method, call with the id, the path it must reach: "{id}" is the id)
PATH_METHODS: list[tuple[str, Call, str]] = [
    ("users.get_by_id", lambda e, v: e.sdk.users.get_by_id(v), "/api/v1/User/{id}"),
    ("users.get_by_uid", lambda e, v: e.sdk.users.get_by_uid(v), "/api/v1/User/{id}"),
    ("users.update_user", lambda e, v: e.sdk.users.update_user(v, notes="n"), "/api/v1/User/{id}"),
    # The next ones look the user up by id first; an unknown id stops there.
    ("users.get_roles", lambda e, v: e.sdk.users.get_roles(v), "/api/v1/User/{id}"),
    ("users.add_role", lambda e, v: e.sdk.users.add_role(v, "Desktop User"), "/api/v1/User/{id}"),
    ("users.remove_role", lambda e, v: e.sdk.users.remove_role(v, "Desktop User"), "/api/v1/User/{id}"),
    ("users.block", lambda e, v: e.sdk.users.block(v), "/api/v1/User/{id}"),
    ("users.unblock", lambda e, v: e.sdk.users.unblock(v), "/api/v1/User/{id}"),
    ("users.deactivate", lambda e, v: e.sdk.users.deactivate(v), "/api/v1/User/{id}"),
    ("users.reactivate", lambda e, v: e.sdk.users.reactivate(v), "/api/v1/User/{id}"),
    ("users.change_org_assignment", lambda e, v: e.sdk.users.change_org_assignment(v, 1), "/api/v1/User/{id}"),
    ("devices.get_by_id", lambda e, v: e.sdk.devices.get_by_id(v), "/api/v1/Computer/{id}"),
    ("devices.get_by_guid", lambda e, v: e.sdk.devices.get_by_guid(v), "/api/v1/Computer/{id}"),
    ("devices.get_settings", lambda e, v: e.sdk.devices.get_settings(v), "/api/v1/Computer/{id}"),
    ("devices.update_settings", lambda e, v: e.sdk.devices.update_settings({"computerId": v}), "/api/v1/Computer/{id}"),
    ("devices.block", lambda e, v: e.sdk.devices.block(v), "/api/v1/ComputerBlock/{id}"),
    ("devices.unblock", lambda e, v: e.sdk.devices.unblock(v), "/api/v1/ComputerBlock/{id}"),
    ("devices.deauthorize", lambda e, v: e.sdk.devices.deauthorize(v), "/api/v1/ComputerDeauthorization/{id}"),
    ("archive.get_by_archive_guid", lambda e, v: e.sdk.archive.get_by_archive_guid(v), "/api/v1/Archive/{id}"),
    ("archive.get_backup_sets device", lambda e, v: e.sdk.archive.get_backup_sets(v, "d"), "/api/v3/BackupSets/{id}/d"),
    ("archive.get_backup_sets dest", lambda e, v: e.sdk.archive.get_backup_sets("d", v), "/api/v3/BackupSets/d/{id}"),
    (
        "archive.update_cold_storage_purge_date",
        lambda e, v: e.sdk.archive.update_cold_storage_purge_date(v, "2030-01-01"),
        "/api/v1/coldStorage/{id}",
    ),
    ("key_value_store.get_stored_value", lambda e, v: e.key_value_store.get_stored_value(v),
     "/simple-key-value-store/v1/{id}"),
    ("storage.get_restore_status", lambda e, v: e.storage.get_restore_status(v), "/api/v1/WebRestoreJob/{id}"),
    ("storage.stream_restore_result", lambda e, v: e.storage.stream_restore_result(v),
     "/api/v1/WebRestoreJobResult/{id}"),
]

# Org methods turn the id into an org guid through the org list first: an unknown id
# reads the list and fails; the id itself only reaches /api/v1/OrgSetting/{id}.
ORG_METHODS: list[tuple[str, Call]] = [
    ("orgs.get_by_id", lambda e, v: e.sdk.orgs.get_by_id(v)),
    ("orgs.update_org", lambda e, v: e.sdk.orgs.update_org(v, name="n")),
    ("orgs.block", lambda e, v: e.sdk.orgs.block(v)),
    ("orgs.unblock", lambda e, v: e.sdk.orgs.unblock(v)),
    ("orgs.deactivate", lambda e, v: e.sdk.orgs.deactivate(v)),
    ("orgs.reactivate", lambda e, v: e.sdk.orgs.reactivate(v)),
    ("orgs.get_settings", lambda e, v: e.sdk.orgs.get_settings(v)),
]


def _sent(env: Env) -> list[tuple[str, str]]:
    return [(entry.method, entry.path) for entry in env.emulator.journal]


def _run(env: Env, call: Call, value: object) -> bool:
    """Call; True when it was refused as an invalid id (then nothing may have been sent)."""
    env.emulator.clear_journal()
    try:
        call(env, value)
    except PycpgInvalidIdError:
        assert _sent(env) == []
        return True
    except PycpgHTTPError:  # e.g. 404 for an id the emulator does not know
        pass
    return False


@pytest.mark.parametrize(("name", "call", "template"), PATH_METHODS, ids=[row[0] for row in PATH_METHODS])
@settings(max_examples=12, deadline=None)
@given(value=any_text)
def test_every_request_stays_on_its_endpoint(env: Env, name: str, call: Call, template: str, value: str) -> None:
    assume(value.strip() not in env.real_ids)  # a real id may go on to its next step
    refused = _run(env, call, value)
    assert refused == should_refuse(value), name
    expected = template.replace("{id}", value)
    assert all(path == expected for _, path in _sent(env)), (name, _sent(env))


@pytest.mark.parametrize(("name", "call"), ORG_METHODS, ids=[row[0] for row in ORG_METHODS])
@settings(max_examples=8, deadline=None)
@given(value=any_text)
def test_org_methods_read_only_the_org_list_for_an_unknown_id(env: Env, name: str, call: Call, value: str) -> None:
    assume(value.strip() not in env.real_ids)
    env.emulator.clear_journal()
    try:
        call(env, value)
    except PycpgInvalidIdError:
        assert should_refuse(value) and _sent(env) == [], name
        return
    except PycpgError as error:
        assert "Couldn't find an Org" in str(error), name
    assert not should_refuse(value), name
    assert {path for _, path in _sent(env)} == {"/api/v1/Org"}, (name, _sent(env))


ALL_METHODS = [pytest.param(name, call, id=name) for name, call, _ in PATH_METHODS] + [
    pytest.param(name, call, id=name) for name, call in ORG_METHODS
]


@pytest.mark.parametrize(("name", "call"), ALL_METHODS)
def test_every_method_refuses_non_ids_without_sending(env: Env, name: str, call: Call) -> None:
    for bad in (None, True, 1.5, b"7", ["7"], "", " ", ".", "..", "a/b", "a\\b", "7\r\n", "\u2028"):
        assert _run(env, call, bad), (name, bad)


def test_valid_ids_reach_the_same_paths_as_before(emulator: Emulator, sdk: SDKClient) -> None:
    tenant = emulator.tenant
    device, user, org = tenant.devices[0], tenant.users[0], tenant.orgs[0]
    sdk.devices.get_by_id(device.computer_id)
    sdk.devices.get_by_guid(device.guid)
    sdk.users.get_by_id(str(user.user_id))
    sdk.users.get_roles(user.user_id)
    sdk.orgs.get_by_id(org.org_id)
    sdk.orgs.get_settings(str(org.org_id))
    assert [entry.path for entry in emulator.journal] == [
        f"/api/v1/Computer/{device.computer_id}",
        f"/api/v1/Computer/{device.guid}",
        f"/api/v1/User/{user.user_id}",
        f"/api/v1/User/{user.user_id}",
        f"/api/v3/users/{user.user_uid}/roles",
        "/api/v1/Org",
        f"/api/v3/orgs/{org.org_guid}",
        f"/api/v3/orgs/{org.org_guid}",
        f"/api/v1/OrgSetting/{org.org_id}",
    ]


# --- hostile values from the server ---------------------------------------------------

HOSTILE = ["../../v1/ComputerBlock/{victim}", "..", "a/b", "x\r\nX-Injected: 1", " ", None, 7.5]
# The org and user lookups read the server's answer through the models, which keep a
# number sent for a text id as its text ("7.5"): one harmless path segment, so no case.
HOSTILE_TEXT = [value for value in HOSTILE if not isinstance(value, float)]


def _hostile(value: object, emulator: Emulator) -> object:
    return value.replace("{victim}", str(emulator.tenant.devices[1].computer_id)) if isinstance(value, str) else value


@pytest.mark.parametrize("hostile", HOSTILE_TEXT, ids=repr)
def test_an_org_guid_from_the_server_cannot_steer_a_request(emulator: Emulator, sdk: SDKClient, hostile: object) -> None:
    org = emulator.tenant.orgs[-1]
    with emulator.tenant.lock:
        setattr(org, "org_guid", _hostile(hostile, emulator))  # what the org list will now say
    calls: list[Callable[[], object]] = [
        lambda: sdk.orgs.get_by_id(org.org_id),
        lambda: sdk.orgs.block(org.org_id),
        lambda: sdk.orgs.update_org(org.org_id, name="n"),
        lambda: sdk.orgs.get_settings(org.org_id),
        lambda: sdk.orgs.get_by_uid(org.org_uid),
    ]
    # A null guid leaves the org unknown (nothing to put in a path); anything else is refused.
    expected = (PycpgError, "Couldn't find an Org") if hostile is None else (PycpgInvalidIdError, "orgGuid")
    for call in calls:
        emulator.clear_journal()
        with pytest.raises(expected[0], match=expected[1]):
            call()
        assert {(entry.method, entry.path) for entry in emulator.journal} <= {("GET", "/api/v1/Org")}
    assert org.blocked is False and emulator.tenant.devices[1].blocked is False


@pytest.mark.parametrize("hostile", HOSTILE_TEXT, ids=repr)
def test_a_user_uid_from_the_server_cannot_steer_a_request(emulator: Emulator, sdk: SDKClient, hostile: object) -> None:
    user = next(u for u in emulator.tenant.users if u.username != emulator.plain_admin.username)
    with emulator.tenant.lock:
        setattr(user, "user_uid", _hostile(hostile, emulator))  # what GET /api/v1/User/{id} will now say
    calls: list[Callable[[], object]] = [
        lambda: sdk.users.block(user.user_id),
        lambda: sdk.users.deactivate(user.user_id),
        lambda: sdk.users.get_roles(user.user_id),
        lambda: sdk.users.add_role(user.user_id, "Desktop User"),
    ]
    # A null uid breaks the User model (the field is required); anything else is refused as an id.
    expected = PycpgModelError if hostile is None else PycpgInvalidIdError
    for call in calls:
        emulator.clear_journal()
        with pytest.raises(expected, match="userUid"):
            call()
        assert [(entry.method, entry.path) for entry in emulator.journal] == [("GET", f"/api/v1/User/{user.user_id}")]
    assert user.blocked is False and user.active is True


def test_a_number_sent_for_a_user_uid_is_used_as_its_text(emulator: Emulator, sdk: SDKClient) -> None:
    user = next(u for u in emulator.tenant.users if u.username != emulator.plain_admin.username)
    with emulator.tenant.lock:
        setattr(user, "user_uid", 7.5)
    emulator.clear_journal()
    with pytest.raises(PycpgError):
        sdk.users.block(user.user_id)  # no such user as "7.5"
    assert [entry.path for entry in emulator.journal] == [f"/api/v1/User/{user.user_id}", "/api/v3/users/7.5/block"]
    assert user.blocked is False


class CannedServer:
    """A loopback HTTP server answering ``(method, path) -> JSON``; 404 otherwise. Records raw request targets."""

    def __init__(self, routes: dict[tuple[str, str], Any]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.requests.append((self.command, self.path))
                key = (self.command, urlsplit(self.path).path)
                found = key in server.routes
                body = json.dumps(server.routes[key] if found else {"error": "not found"}).encode()
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    def __enter__(self) -> CannedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def paths(self) -> list[tuple[str, str]]:
        return [(method, urlsplit(target).path) for method, target in self.requests]


def _client(server: CannedServer) -> SDKClient:
    return SDKClient.from_jwt_provider(server.url, lambda: "jwt-token", max_retries=0)


def test_a_computer_id_in_a_settings_document_cannot_steer_the_update() -> None:
    document = {
        "computerId": "../ComputerBlock/7", "guid": "dev", "name": "laptop", "status": "Active", "active": True,
        "userId": 2, "userUid": "u2", "orgId": 3,
        "settings": {"serviceBackupConfig": {"backupConfig": {"backupSets": []}}},
    }
    with CannedServer({("GET", "/api/v1/Computer/dev"): {"data": document}}) as server:
        sdk = _client(server)
        # The identity fields are read through the Device model (parsed on first use, so
        # reading settings needs no pydantic): a computerId that is no number fails there.
        settings = sdk.devices.get_settings("dev")
        with pytest.raises(PycpgModelError, match=r"GET /api/v1/Computer/dev .*computerId"):
            settings.computer_id
        # Sent back, the document's computerId is checked as an id before any request.
        with pytest.raises(PycpgInvalidIdError, match="computerId"):
            sdk.devices.update_settings(settings)
        # A caller's own mapping is sent as is, so its computerId is checked as an id.
        with pytest.raises(PycpgInvalidIdError, match="computerId"):
            sdk.devices.update_settings(document)
        sdk.close()
    assert server.paths() == [("GET", "/api/v1/Computer/dev")]


def test_an_org_id_in_an_org_document_cannot_steer_the_update() -> None:
    org = {"orgId": 7, "orgUid": "u7", "orgGuid": "g7", "orgName": "Org"}
    routes = {
        ("GET", "/api/v1/Org"): {"data": {"totalCount": 1, "orgs": [org]}},
        ("GET", "/api/v3/orgs/g7"): {**org, "orgId": "../../v1/ComputerBlock/7", "settings": {}},
        ("GET", "/api/v1/OrgSetting/7"): {"data": {}},
    }
    with CannedServer(routes) as server:
        sdk = _client(server)
        with pytest.raises(PycpgModelError, match="orgId"):
            sdk.orgs.get_settings(7)
        sdk.close()
    assert [path for _, path in server.paths()] == ["/api/v1/Org", "/api/v3/orgs/g7"]


def test_a_destination_guid_from_the_server_cannot_steer_the_restore() -> None:
    device = {
        "computerId": 1, "guid": "dev", "name": "laptop", "status": "Active", "active": True,
        "userId": 2, "userUid": "u2", "orgId": 3,
        "backupUsage": [
            {"targetComputerGuid": "../../v1/ComputerBlock/7", "archiveBytes": 0, "archiveFormat": "ARCHIVE_V2"}
        ],
    }
    with CannedServer({("GET", "/api/v1/Computer/dev"): {"data": device}}) as server:
        sdk = _client(server)
        with pytest.raises(PycpgInvalidIdError, match="targetComputerGuid"):
            sdk.archive.stream_from_backup("/a.txt", "dev")
        sdk.close()
    assert server.paths() == [("GET", "/api/v1/Computer/dev")]


def test_a_restore_job_id_from_the_server_cannot_steer_the_download() -> None:
    routes: dict[tuple[str, str], Any] = {}
    with CannedServer(routes) as server:
        routes.update({
            ("GET", "/api/v1/WebRestoreInfo"): {"data": {"serverUrl": server.url, "nodeGuid": "node"}},
            ("POST", "/api/v1/DataKeyToken"): {"data": {"dataKeyToken": "token"}},
            ("POST", "/api/v1/WebRestoreSession"): {"data": {"webRestoreSessionId": "session"}},
            ("GET", "/api/v3/BackupSets/dev/dest"): {"backupSets": [{"backupSetId": "1"}]},
            ("GET", "/api/v1/WebRestoreTreeNode"): {"data": [
                {"path": "/", "id": "root", "type": "directory"},
                {"path": "/a.txt", "id": "file", "type": "file"},
            ]},
            ("POST", "/api/v9/restore/web"): {"data": {"jobId": "../WebRestoreJobResult/someone-elses-job"}},
        })
        sdk = _client(server)
        with pytest.raises(PycpgInvalidIdError, match="jobId"):
            sdk.archive.stream_from_backup("/a.txt", "dev", destination_guid="dest", file_size_calc_timeout=0)
        sdk.close()
    paths = [path for _, path in server.paths()]
    assert paths[-1] == "/api/v9/restore/web"
    assert not any(path.startswith("/api/v1/WebRestoreJob") for path in paths)
