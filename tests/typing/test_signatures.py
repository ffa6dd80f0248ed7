"""mypy contract for exact signatures: documented keywords, text pages, restore streams, backup sets.

The ``check_*`` functions are type-checked only (``mypy --strict tests``):
``assert_type`` fails the check when a signature drifts. The tests below run
under pytest: they pin pycpg 1.0's positional order at runtime, and prove with
one mypy run that ``.model()`` on a CSV/CEF text page is a type error.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import assert_type

import pycpg.sdk
from pycpg.clients.archive import ArchiveClient
from pycpg.clients.auditlogs import AuditLogsClient
from pycpg.clients.settings.device_settings import BackupSet
from pycpg.exceptions import PycpgError, PycpgModelError
from pycpg.models import (
    Archive,
    ArchivePage,
    AuditLogEvent,
    AuditLogPage,
    ColdStorageArchive,
    ColdStoragePage,
    Device,
    DevicePage,
    LegalHoldEvent,
    LegalHoldMatter,
    LegalHoldMembership,
    Org,
    OrgPage,
    PushRestoreResult,
    RestoreEvent,
    RestoreHistoryPage,
    User,
    UserPage,
)
from pycpg.response import NoModel, PycpgResponse, PycpgStreamResponse, PycpgTextResponse
from pycpg.services.archive import ArchiveService
from pycpg.services.devices import DeviceService
from pycpg.services.legalhold import LegalHoldService
from pycpg.services.orgs import OrgService
from pycpg.services.storage import StorageArchiveService
from pycpg.services.users import UserService

REPO = Path(__file__).resolve().parents[2]


# -- static contract (type-checked, never called) -----------------------------


def check_audit_log_formats(sdk: pycpg.sdk.SDKClient, fmt: str) -> None:
    audit = sdk.auditlogs
    # JSON (the default, or format="JSON"): typed pages.
    assert_type(audit.get_page(), PycpgResponse[AuditLogPage])
    assert_type(audit.get_page(2, 50, customParam="x").model(), AuditLogPage)
    assert_type(audit.get_page(format="JSON").model(), AuditLogPage)
    assert_type(audit.get_all(), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(audit.get_all(event_types="logged_in", page_size=100, format="json"), Iterator[PycpgResponse[AuditLogPage]])
    for page in audit.get_all(page_size=100):
        assert_type(page.model(), AuditLogPage)
        assert_type(page.model().events, list[AuditLogEvent])
    assert_type(audit.iter_all(page_size=100), Iterator[AuditLogEvent])
    # CSV / CEF: text pages without a usable model.
    assert_type(audit.get_page(format="CSV"), PycpgTextResponse)
    assert_type(audit.get_page(1, 10, format="cef"), PycpgTextResponse)
    assert_type(audit.get_page(format="CSV").model, NoModel)
    assert_type(audit.get_page(format="CSV").text, str)
    assert_type(audit.get_page(format="CEF").iter_content(256), Iterator[bytes])
    assert_type(audit.get_all(format="CSV"), Iterator[PycpgTextResponse])
    assert_type(audit.get_all(usernames=["a"], page_size=10, format="CEF"), Iterator[PycpgTextResponse])
    # A format only known at run time: either page type, narrowed with isinstance.
    assert_type(audit.get_page(format=fmt), PycpgResponse[AuditLogPage] | PycpgTextResponse)
    for either in audit.get_all(format=fmt):
        if isinstance(either, PycpgTextResponse):
            assert_type(either.text, str)
        else:
            assert_type(either.model(), AuditLogPage)


def check_page_size_keywords(sdk: pycpg.sdk.SDKClient, archives: ArchiveService) -> None:
    assert_type(sdk.devices.get_all(active=True, page_size=5), Iterator[PycpgResponse[DevicePage]])
    assert_type(sdk.devices.get_all(page_size=5, srtKey="name"), Iterator[PycpgResponse[DevicePage]])
    assert_type(sdk.devices.iter_all(q="mac", page_size=5), Iterator[Device])
    assert_type(sdk.users.get_all(org_uid="o", page_size=5), Iterator[PycpgResponse[UserPage]])
    assert_type(sdk.users.iter_all(page_size=5, incRoles=True), Iterator[User])
    assert_type(sdk.orgs.get_all(page_size=5), Iterator[PycpgResponse[OrgPage]])
    assert_type(sdk.orgs.iter_all(page_size=5, q="x"), Iterator[Org])
    assert_type(
        archives.get_all_restore_history(7, "orgId", 1, page_size=5), Iterator[PycpgResponse[RestoreHistoryPage]]
    )


def check_page_concurrency_keywords(sdk: pycpg.sdk.SDKClient, archives: ArchiveService) -> None:
    assert_type(sdk.devices.get_all(active=True, page_concurrency=1), Iterator[PycpgResponse[DevicePage]])
    assert_type(sdk.devices.iter_all(page_size=5, page_concurrency=8), Iterator[Device])
    assert_type(sdk.users.get_all(page_concurrency=2, incRoles=True), Iterator[PycpgResponse[UserPage]])
    assert_type(sdk.users.iter_all(page_concurrency=None), Iterator[User])
    assert_type(sdk.orgs.get_all(page_concurrency=4), Iterator[PycpgResponse[OrgPage]])
    assert_type(sdk.orgs.iter_all(page_size=5, page_concurrency=4), Iterator[Org])
    assert_type(sdk.auditlogs.get_all(page_concurrency=1), Iterator[PycpgResponse[AuditLogPage]])
    assert_type(sdk.auditlogs.get_all(format="CSV", page_concurrency=1), Iterator[PycpgTextResponse])
    assert_type(sdk.auditlogs.iter_all(page_concurrency=1), Iterator[AuditLogEvent])
    assert_type(sdk.legalhold.get_all_matters(page_concurrency=1), Iterator[PycpgResponse[list[LegalHoldMatter]]])
    assert_type(sdk.legalhold.iter_all_matters(page_concurrency=1), Iterator[LegalHoldMatter])
    assert_type(
        sdk.legalhold.get_all_matter_custodians("m", page_concurrency=1),
        Iterator[PycpgResponse[list[LegalHoldMembership]]],
    )
    assert_type(sdk.legalhold.iter_all_matter_custodians("m", page_concurrency=1), Iterator[LegalHoldMembership])
    assert_type(sdk.legalhold.get_all_events(page_concurrency=1), Iterator[PycpgResponse[list[LegalHoldEvent]]])
    assert_type(sdk.legalhold.iter_all_events(page_concurrency=1), Iterator[LegalHoldEvent])
    assert_type(archives.get_all_archives_from_value("g", "backupSourceGuid", page_concurrency=2), Iterator[PycpgResponse[ArchivePage]])
    assert_type(archives.get_all_restore_history(7, "orgId", 1, page_concurrency=2), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archives.get_all_org_cold_storage_archives(1, page_concurrency=2), Iterator[PycpgResponse[ColdStoragePage]])
    archive = sdk.archive
    assert_type(archive.get_all_by_device_guid("d", page_concurrency=2), Iterator[PycpgResponse[ArchivePage]])
    assert_type(archive.iter_all_by_device_guid("d", page_concurrency=2), Iterator[Archive])
    assert_type(archive.get_all_org_restore_history(7, 1, page_concurrency=2), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_user_restore_history(7, 1, page_concurrency=2), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.get_all_device_restore_history(7, 1, page_concurrency=2), Iterator[PycpgResponse[RestoreHistoryPage]])
    assert_type(archive.iter_all_org_restore_history(7, 1, page_concurrency=2), Iterator[RestoreEvent])
    assert_type(archive.iter_all_user_restore_history(7, 1, page_concurrency=2), Iterator[RestoreEvent])
    assert_type(archive.iter_all_device_restore_history(7, 1, page_concurrency=2), Iterator[RestoreEvent])
    assert_type(
        archive.get_all_org_cold_storage_archives(1, False, page_concurrency=2), Iterator[PycpgResponse[ColdStoragePage]]
    )
    assert_type(archive.iter_all_org_cold_storage_archives(1, page_concurrency=2), Iterator[ColdStorageArchive])


def check_snapshot_keywords(sdk: pycpg.sdk.SDKClient) -> None:
    # snapshot=True reads every page first; the item type is the same as without it.
    assert_type(sdk.users.iter_all(active=True, snapshot=True), Iterator[User])
    assert_type(sdk.devices.iter_all(active=True, snapshot=True), Iterator[Device])
    assert_type(sdk.devices.iter_all(page_size=100, page_concurrency=4, snapshot=False), Iterator[Device])
    assert_type(sdk.orgs.iter_all(snapshot=True), Iterator[Org])
    lh = sdk.legalhold
    assert_type(lh.iter_all_matters(active=True, snapshot=True), Iterator[LegalHoldMatter])
    assert_type(lh.iter_all_matter_custodians("m", snapshot=True), Iterator[LegalHoldMembership])
    assert_type(lh.iter_all_events("m", snapshot=True), Iterator[LegalHoldEvent])
    archive = sdk.archive
    assert_type(archive.iter_all_by_device_guid("d", snapshot=True), Iterator[Archive])
    assert_type(archive.iter_all_org_restore_history(7, 1, snapshot=True), Iterator[RestoreEvent])
    assert_type(archive.iter_all_user_restore_history(7, 1, snapshot=True), Iterator[RestoreEvent])
    assert_type(archive.iter_all_device_restore_history(7, 1, snapshot=True), Iterator[RestoreEvent])
    assert_type(archive.iter_all_org_cold_storage_archives(1, snapshot=True), Iterator[ColdStorageArchive])
    for device in sdk.devices.iter_all(active=True, snapshot=True):
        assert_type(device, Device)
        assert_type(sdk.devices.deactivate(device.computer_id), PycpgResponse[None])


def check_restore_streams(sdk: pycpg.sdk.SDKClient, storage: StorageArchiveService, flag: bool) -> None:
    stream = sdk.archive.stream_from_backup("/a", "d")
    assert_type(stream, PycpgStreamResponse)
    assert_type(stream.iter_content(), Iterator[bytes])
    assert_type(stream.iter_content(1024), Iterator[bytes])
    assert_type(stream.iter_content(chunk_size=None, decode_unicode=False), Iterator[bytes])
    assert_type(stream.iter_content(1024, decode_unicode=flag), Iterator[bytes | str])
    assert_type(stream.content, bytes)
    assert_type(stream["key"], Any)  # pycpg 1.0's subscripting
    assert_type(stream.model(), None)
    assert_type(storage.stream_restore_result("job"), PycpgStreamResponse)
    for chunk in storage.stream_restore_result("job").iter_content(chunk_size=65536):
        assert_type(chunk, bytes)
    assert_type(sdk.archive.stream_to_device("/a", "d", "e", "ORIGINAL_LOCATION").model(), PushRestoreResult)


def check_backup_sets(sdk: pycpg.sdk.SDKClient) -> None:
    backup_set = sdk.devices.get_settings("g").backup_sets[0]
    assert_type(backup_set.name, str)
    assert_type(backup_set.id, str)
    assert_type(backup_set["name"], Any)  # pycpg 1.0's subscripting
    defaults = sdk.orgs.get_settings(7).device_defaults
    if defaults is not None:
        assert_type(defaults.backup_sets[0].name, str)


# -- runtime: pycpg 1.0's positional order, the new keyword-only parameters ---

#: (method, pycpg 1.0's positional parameters in order, parameters now keyword-only)
SIGNATURES: list[tuple[Callable[..., Any], list[str], list[str]]] = [
    (
        AuditLogsClient.get_page,
        ["page_num", "page_size", "begin_time", "end_time", "event_types", "user_ids", "usernames",
         "user_ip_addresses", "affected_user_ids", "affected_usernames"],
        [],
    ),
    (
        AuditLogsClient.get_all,
        ["begin_time", "end_time", "event_types", "user_ids", "usernames", "user_ip_addresses",
         "affected_user_ids", "affected_usernames"],
        ["page_size", "format", "page_concurrency"],
    ),
    (
        DeviceService.get_page,
        ["page_num", "active", "blocked", "org_uid", "user_uid", "destination_guid", "include_backup_usage",
         "include_counts", "page_size", "q"],
        [],
    ),
    (
        DeviceService.get_all,
        ["active", "blocked", "org_uid", "user_uid", "destination_guid", "include_backup_usage",
         "include_counts", "q"],
        ["page_size", "page_concurrency"],
    ),
    (UserService.get_page, ["page_num", "active", "email", "org_uid", "role_id", "page_size", "q"], []),
    (UserService.get_all, ["active", "email", "org_uid", "role_id", "q"], ["page_size", "page_concurrency"]),
    (OrgService.get_page, ["page_num", "page_size"], []),
    (OrgService.get_all, [], ["page_size", "page_concurrency"]),
    (ArchiveService.get_all_restore_history, ["days", "id_type", "id_value"], ["page_size", "page_concurrency"]),
    (AuditLogsClient.iter_all, ["begin_time", "end_time", "event_types", "user_ids", "usernames",
                                "user_ip_addresses", "affected_user_ids", "affected_usernames"],
     ["page_size", "page_concurrency"]),
    (DeviceService.iter_all, ["active", "blocked", "org_uid", "user_uid", "destination_guid", "include_backup_usage",
                              "include_counts", "q"], ["page_size", "page_concurrency", "snapshot"]),
    (UserService.iter_all, ["active", "email", "org_uid", "role_id", "q"], ["page_size", "page_concurrency", "snapshot"]),
    (OrgService.iter_all, [], ["page_size", "page_concurrency", "snapshot"]),
    (LegalHoldService.get_all_matters, ["creator_user_uid", "active", "name", "externalReference"], ["page_concurrency"]),
    (LegalHoldService.iter_all_matters, ["creator_user_uid", "active", "name", "externalReference"],
     ["page_concurrency", "snapshot"]),
    (LegalHoldService.get_all_matter_custodians, ["legal_hold_matter_uid", "user_uid", "user", "active"],
     ["page_concurrency"]),
    (LegalHoldService.iter_all_matter_custodians, ["legal_hold_matter_uid", "user_uid", "user", "active"],
     ["page_concurrency", "snapshot"]),
    (LegalHoldService.get_all_events, ["legal_hold_uid", "min_event_date", "max_event_date"], ["page_concurrency"]),
    (LegalHoldService.iter_all_events, ["legal_hold_uid", "min_event_date", "max_event_date"],
     ["page_concurrency", "snapshot"]),
    (ArchiveService.get_all_archives_from_value, ["id_value", "id_type"], ["page_concurrency"]),
    (ArchiveService.get_all_org_cold_storage_archives, ["org_id", "include_child_orgs", "sort_key", "sort_dir"],
     ["page_concurrency"]),
    (ArchiveClient.get_all_by_device_guid, ["device_guid"], ["page_concurrency"]),
    (ArchiveClient.iter_all_by_device_guid, ["device_guid"], ["page_concurrency", "snapshot"]),
    (ArchiveClient.get_all_org_restore_history, ["days", "org_id"], ["page_concurrency"]),
    (ArchiveClient.get_all_user_restore_history, ["days", "user_id"], ["page_concurrency"]),
    (ArchiveClient.get_all_device_restore_history, ["days", "device_id"], ["page_concurrency"]),
    (ArchiveClient.iter_all_org_restore_history, ["days", "org_id"], ["page_concurrency", "snapshot"]),
    (ArchiveClient.iter_all_user_restore_history, ["days", "user_id"], ["page_concurrency", "snapshot"]),
    (ArchiveClient.iter_all_device_restore_history, ["days", "device_id"], ["page_concurrency", "snapshot"]),
    (ArchiveClient.get_all_org_cold_storage_archives, ["org_id", "include_child_orgs", "sort_key", "sort_dir"],
     ["page_concurrency"]),
    (ArchiveClient.iter_all_org_cold_storage_archives, ["org_id", "include_child_orgs", "sort_key", "sort_dir"],
     ["page_concurrency", "snapshot"]),
    (
        ArchiveClient.stream_from_backup,
        ["file_paths", "device_guid", "destination_guid", "archive_password", "encryption_key", "show_deleted",
         "file_size_calc_timeout", "backup_set_id"],
        ["restore_timeout"],
    ),
    (
        ArchiveClient.stream_to_device,
        ["file_paths", "device_guid", "accepting_device_guid", "restore_path", "destination_guid",
         "archive_password", "encryption_key", "show_deleted", "overwrite_existing_files",
         "file_size_calc_timeout", "backup_set_id"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("method", "positional", "keyword_only"), SIGNATURES, ids=[m.__qualname__ for m, _, _ in SIGNATURES]
)
def test_pycpg_positional_order_is_kept_and_new_parameters_are_keywords(
    method: Callable[..., Any], positional: list[str], keyword_only: list[str]
) -> None:
    parameters = list(inspect.signature(method).parameters.values())[1:]  # without self
    by_position = [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert by_position[: len(positional)] == positional
    assert [p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY] == keyword_only
    for name in keyword_only:
        # Every new keyword defaults to pycpg 1.0's behaviour: None (the client's option), or False for snapshot.
        assert inspect.signature(method).parameters[name].default is (False if name == "snapshot" else None)


def test_pycpg_defaults_are_kept() -> None:
    def default(method: Callable[..., Any], name: str) -> Any:
        return inspect.signature(method).parameters[name].default

    assert default(AuditLogsClient.get_page, "page_num") == 1
    assert default(AuditLogsClient.get_page, "format") is None
    assert default(DeviceService.get_all, "include_counts") is True
    assert default(ArchiveClient.stream_from_backup, "file_size_calc_timeout") == 10
    assert default(ArchiveClient.stream_to_device, "overwrite_existing_files") is False


def test_no_model_raises_a_clear_pycpg_error_when_called_anyway() -> None:
    no_model: Any = NoModel("The page is CSV or CEF text, not JSON: it has no model.")
    with pytest.raises(PycpgError, match="no model") as info:
        no_model()
    assert not isinstance(info.value, PycpgModelError)
    assert "CSV or CEF" in repr(no_model)


def test_backup_set_name_and_id_are_strings() -> None:
    class Owner:
        changes: dict[str, str] = {}
        available_destinations: dict[str, str] = {}

    locked = BackupSet(Owner(), {"@id": 1, "name": {"#text": "Locked", "@locked": "true"}})
    assert_type(locked.name, str)
    assert (locked.id, locked.name, locked["name"]["#text"]) == ("1", "Locked", "Locked")
    assert BackupSet(Owner(), {"@id": "9", "name": {"@nil": "true"}}).name == ""
    with pytest.raises(KeyError, match="@id"):
        _ = BackupSet(Owner(), {"name": "x"}).id


# -- mypy: .model() on a text page is a type error ------------------------------

SNIPPET = '''\
import pycpg.sdk


def use(sdk: pycpg.sdk.SDKClient, fmt: str) -> None:
    sdk.auditlogs.get_page().model()
    sdk.auditlogs.get_page(format="JSON").model()
    sdk.auditlogs.get_page(format="CSV").model()
    for page in sdk.auditlogs.get_all(format="CEF", page_size=10):
        page.model()
    for either in sdk.auditlogs.get_all(format=fmt):
        either.model()
    sdk.auditlogs.get_page(format="CSV").text.splitlines()
    b"".join(sdk.archive.stream_from_backup("/a", "d").iter_content(1024))
'''


def test_model_of_a_text_page_is_a_mypy_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mypy import api

    snippet = tmp_path / "text_pages.py"
    snippet.write_text(SNIPPET, encoding="utf-8")
    monkeypatch.chdir(REPO)  # mypy.ini's paths are relative to the repository
    stdout, stderr, status = api.run([
        "--config-file", str(REPO / "mypy.ini"), "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
        "--no-error-summary", str(snippet),
    ])
    errors = re.findall(r"^.*text_pages\.py:(\d+): error: (.*)$", stdout, flags=re.MULTILINE)
    assert status == 1, stdout + stderr
    # Exactly the three .model() calls on (possibly) text pages; JSON pages and streams pass.
    assert errors == [
        ("7", '"NoModel" not callable  [operator]'),
        ("9", '"NoModel" not callable  [operator]'),
        ("11", '"NoModel" not callable  [operator]'),
    ], stdout + stderr
