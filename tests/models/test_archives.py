"""Archive, cold-storage, restore-history and web-restore models on documented wire shapes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from pycpg.models import (
    Archive,
    ArchivePage,
    BackupSetList,
    BackupSetSummary,
    ColdStorageArchive,
    ColdStoragePage,
    ConnectedServer,
    DataKeyToken,
    FileSizeJob,
    PushRestoreResult,
    PycpgModel,
    RestoreEvent,
    RestoreHistoryPage,
    RestoreJob,
    WebRestoreInfo,
    WebRestoreSession,
    WebRestoreTreeNode,
)

from ._wire import assert_wire_equal
from .strategies import epoch_millis

# Keys of the documented archive and restore payloads and those pycpg 1.0 reads; RestoreEvent
# adds the legacy RestoreRecord keys, ColdStorageArchive the documented sort keys (orgName,
# mountPointName, archiveType).
WIRE_KEYS: dict[type[PycpgModel], set[str]] = {
    Archive: {
        "archiveGuid", "userId", "userUid", "archiveBytes", "targetGuid", "lastCompletedBackup",
        "isColdStorage", "lastMaintained", "maintenanceDuration", "compactBytesRemoved",
        "storePointId", "selectedBytes", "selectedFiles", "todoBytes", "format",
    },
    ArchivePage: {"totalCount", "archives"},
    BackupSetSummary: {"backupSetId", "name"},
    BackupSetList: {"backupSets"},
    RestoreEvent: {
        "eventUid", "eventName", "restoreId", "sourceComputerGuid", "sourceComputerName",
        "acceptingComputerGuid", "userUid", "requestingUsername", "fileCount", "byteCount",
        "type", "startDate", "completedDate",
    },
    RestoreHistoryPage: {"totalCount", "restoreEvents"},
    ColdStorageArchive: {
        "archiveGuid", "archiveBytes", "archiveHoldExpireDate", "sourceComputerId",
        "sourceComputerName", "sourceUserId", "sourceUserEmail", "sourceUserFirstName",
        "sourceUserLastName", "orgId", "orgName", "mountPointName", "archiveType",
    },
    ColdStoragePage: {"totalCount", "coldStorageRows"},
    WebRestoreInfo: {"serverUrl", "nodeGuid"},
    DataKeyToken: {"dataKeyToken"},
    WebRestoreSession: {"webRestoreSessionId"},
    WebRestoreTreeNode: {
        "id", "path", "filename", "type", "deleted", "hidden", "lastModified", "lastModifiedMs",
        "lastBackup", "lastBackupMs", "date",
    },
    FileSizeJob: {"jobId", "numFiles", "numDirs", "size", "status"},
    RestoreJob: {
        "jobId", "status", "done", "canceled", "zipResult", "name", "sourceId", "userId",
        "bytesZipped", "percentComplete", "creationDate", "expirationDate",
    },
    ConnectedServer: {"serverUrl"},
    PushRestoreResult: {"jobId", "status"},
}  # fmt: skip


def _json_round_trip(model: type[PycpgModel], payload: dict[str, Any]) -> None:
    dumped = model.model_validate(payload).model_dump(by_alias=True, mode="json", exclude_unset=True)
    assert_wire_equal(dumped, payload)


@pytest.mark.parametrize("model", list(WIRE_KEYS), ids=lambda m: m.__name__)
def test_model_aliases_are_exactly_the_spec_wire_keys(model: type[PycpgModel]) -> None:
    assert {f.alias for f in model.model_fields.values()} == WIRE_KEYS[model]


# Archive -------------------------------------------------------------------------------


def _archive(**overrides: Any) -> dict[str, Any]:
    """An ``archives[]`` item (crashplancli ``TEST_ARCHIVES_RESPONSE`` shape), made-up values."""
    payload: dict[str, Any] = {
        "archiveGuid": "913000000000000001",
        "userId": None,
        "userUid": None,
        "archiveBytes": 123456789,
        "targetGuid": "632540230984925185",
        "lastCompletedBackup": "2020-10-12T16:55:40.632-05:00",
        "isColdStorage": False,
        "lastMaintained": "2020-10-08T03:10:00.000Z",
        "maintenanceDuration": 1100,
        "compactBytesRemoved": 0,
        "storePointId": 1001,
        "selectedBytes": 987654321,
        "selectedFiles": 1200,
        "todoBytes": 0,
        "format": "ARCHIVE_V1",
    }
    payload.update(overrides)
    return payload


def test_archive_page_from_the_v1_envelope() -> None:
    body: dict[str, Any] = {
        "metadata": {"timestamp": "2020-10-12T17:00:00.000-05:00", "params": {"pgNum": "1"}},
        "data": {"totalCount": 2, "archives": [_archive(), _archive(archiveGuid=42, format="ARCHIVE_V2")]},
    }

    page = ArchivePage.model_validate(body["data"])

    assert page.total_count == 2
    first, second = page.archives
    assert first.user_id is None and first.user_uid is None
    assert first.is_cold_storage is False
    assert first.last_completed_backup is not None
    assert first.last_completed_backup.utcoffset() == timedelta(hours=-5)
    assert first.last_maintained == datetime(2020, 10, 8, 3, 10, tzinfo=UTC)
    assert second.archive_guid == "42"
    assert second.format == "ARCHIVE_V2"
    _json_round_trip(ArchivePage, body["data"])


def test_archive_page_without_total_count() -> None:
    page = ArchivePage.model_validate({"archives": []})

    assert page.total_count is None and page.archives == []
    assert page.model_dump(by_alias=True, exclude_unset=True) == {"archives": []}


def test_archive_page_requires_its_archives_and_each_archive_its_guid_and_format() -> None:
    with pytest.raises(ValidationError) as missing_list:
        ArchivePage.model_validate({"totalCount": 0})
    assert [e["loc"] for e in missing_list.value.errors()] == [("archives",)]

    with pytest.raises(ValidationError) as missing_keys:
        ArchivePage.model_validate({"archives": [_archive(), {"archiveBytes": 1}]})
    assert {e["loc"] for e in missing_keys.value.errors()} == {("archives", 1, "archiveGuid"), ("archives", 1, "format")}


def test_single_archive_keeps_unknown_keys() -> None:
    archive = Archive.model_validate(_archive(userId=77, userUid="917654321098765432", coldBytes="0"))

    assert archive.user_id == 77 and archive.user_uid == "917654321098765432"
    assert archive.model_extra == {"coldBytes": "0"}


# Backup sets ---------------------------------------------------------------------------


def test_backup_set_list() -> None:
    body = {
        "backupSets": [
            {"backupSetId": "1", "name": "BackupSet 1"},
            {"backupSetId": 2, "name": "Documents", "isLegalHold": False},
        ]
    }

    sets = BackupSetList.model_validate(body)

    assert [s.backup_set_id for s in sets.backup_sets] == ["1", "2"]
    assert sets.backup_sets[1].model_extra == {"isLegalHold": False}
    assert BackupSetList.model_validate({"backupSets": []}).backup_sets == []
    with pytest.raises(ValidationError):
        BackupSetList.model_validate({})  # pycpg 1.0 indexes ["backupSets"]
    _json_round_trip(BackupSetList, body)


def test_backup_set_id_is_required() -> None:
    with pytest.raises(ValidationError) as caught:
        BackupSetSummary.model_validate({"name": "BackupSet 1"})

    assert caught.value.errors()[0]["loc"] == ("backupSetId",)
    assert BackupSetSummary(backup_set_id="1").name is None


# Restore history -----------------------------------------------------------------------


def test_restore_history_page_with_the_sampled_fields_only() -> None:
    body = {"totalCount": 1, "restoreEvents": [{"eventName": "test_event", "eventUid": "123456789"}]}

    page = RestoreHistoryPage.model_validate(body)

    assert page.total_count == 1
    (event,) = page.restore_events
    assert (event.event_name, event.event_uid) == ("test_event", "123456789")
    assert event.restore_id is None and event.start_date is None
    assert page.model_dump(by_alias=True, exclude_unset=True) == body


def test_restore_event_with_restore_record_fields() -> None:
    payload = {
        "eventUid": 9001,
        "restoreId": 1234,
        "sourceComputerGuid": 941234567890123456,
        "acceptingComputerGuid": "941234567890123457",
        "requestingUsername": "admin@example.com",
        "fileCount": 3,
        "byteCount": 4096,
        "type": "WEB",
        "startDate": "2019-04-12T12:56:55.023-05:00",
        "completedDate": None,
        "sourceUserId": 77,
    }

    event = RestoreEvent.model_validate(payload)

    assert event.event_uid == "9001"
    assert event.source_computer_guid == "941234567890123456"
    assert event.start_date == datetime(2019, 4, 12, 17, 56, 55, 23000, tzinfo=UTC)
    assert event.start_date is not None and event.start_date.utcoffset() == timedelta(hours=-5)
    assert event.completed_date is None
    assert event.model_extra == {"sourceUserId": 77}
    _json_round_trip(RestoreEvent, payload)


# Cold storage --------------------------------------------------------------------------


def _cold_row(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "archiveGuid": "913000000000000001",
        "archiveBytes": 2048,
        "archiveHoldExpireDate": "2021-03-01T00:00:00.000-06:00",
        "sourceComputerId": 4321,
        "sourceComputerName": "LAPTOP-01",
        "sourceUserId": 77,
        "sourceUserEmail": "user@example.com",
        "sourceUserFirstName": "Ada",
        "sourceUserLastName": "Lovelace",
    }
    payload.update(overrides)
    return payload


def test_cold_storage_page_with_a_null_hold_date() -> None:
    body = {
        "totalCount": 2,
        "coldStorageRows": [
            _cold_row(),
            _cold_row(archiveGuid=913000000000000002, archiveHoldExpireDate=None, orgName="Sales"),
        ],
    }

    page = ColdStoragePage.model_validate(body)

    first, second = page.cold_storage_rows
    assert first.archive_hold_expire_date is not None
    assert first.archive_hold_expire_date.utcoffset() == timedelta(hours=-6)
    assert second.archive_hold_expire_date is None
    assert second.archive_guid == "913000000000000002"
    assert second.org_name == "Sales"
    _json_round_trip(ColdStoragePage, body)


def test_cold_storage_row_by_field_name() -> None:
    row = ColdStorageArchive(archive_guid="1", archive_hold_expire_date=None)

    assert row.model_dump(by_alias=True, exclude_unset=True) == {
        "archiveGuid": "1",
        "archiveHoldExpireDate": None,
    }


# Web restore: session setup ------------------------------------------------------------


def test_session_setup_answers_inside_the_data_envelope() -> None:
    info = WebRestoreInfo.model_validate(
        {"serverUrl": "https://storage-1.crashplan.com", "nodeGuid": 880000000000000001}
    )
    token = DataKeyToken.model_validate({"data": {"dataKeyToken": "FAKE_DATA_KEY_TOKEN"}}["data"])
    session = WebRestoreSession.model_validate(
        {"data": {"webRestoreSessionId": "56729164827316"}}["data"]
    )

    assert info.server_url == "https://storage-1.crashplan.com"
    assert info.node_guid == "880000000000000001"
    assert token.data_key_token is not None
    assert token.data_key_token.get_secret_value() == "FAKE_DATA_KEY_TOKEN"
    assert "FAKE_DATA_KEY_TOKEN" not in repr(token)
    assert session.web_restore_session_id == "56729164827316"


def test_connected_server_url_may_be_null() -> None:
    assert ConnectedServer.model_validate({"serverUrl": None}).server_url is None
    connected = ConnectedServer.model_validate({"serverUrl": "https://node-2.example.com:4285"})
    assert connected.server_url == "https://node-2.example.com:4285"


# Web restore: tree nodes ---------------------------------------------------------------


def _node(**overrides: Any) -> dict[str, Any]:
    """A ``WebRestoreTreeNode`` item (pycpg ``test_init.py`` shape), made-up values."""
    payload: dict[str, Any] = {
        "deleted": False,
        "lastModified": "2019-04-12T12:56:55.023-05:00",
        "filename": "C:/",
        "lastBackup": "2019-04-12T12:56:55.023-05:00",
        "lastBackupMs": 1555091815023,
        "date": "04/12/19 12:56 PM",
        "path": "C:/",
        "hidden": False,
        "lastModifiedMs": 1555091815023,
        "type": "directory",
        "id": None,
    }
    payload.update(overrides)
    return payload


def test_windows_root_node_has_a_null_id() -> None:
    node = WebRestoreTreeNode.model_validate(_node())

    assert node.id is None
    assert node.path == "C:/" and node.type == "directory"
    assert node.date == "04/12/19 12:56 PM"
    assert node.last_modified_ms == 1555091815023
    assert node.last_modified is not None
    assert node.last_modified.utcoffset() == timedelta(hours=-5)
    # Both renderings of the date name the same instant.
    assert node.last_modified == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=1555091815023)
    _json_round_trip(WebRestoreTreeNode, _node())


def test_file_node_list() -> None:
    nodes = [
        _node(id="a" * 32, path="C:/Users", filename="Users"),
        _node(id="0123456789abcdef0123456789abcdef", path="C:/Users/a.txt", filename="a.txt", type="file"),
    ]

    parsed = [WebRestoreTreeNode.model_validate(n) for n in nodes]

    assert [n.id for n in parsed] == ["a" * 32, "0123456789abcdef0123456789abcdef"]
    assert parsed[1].type == "file"
    dumped = parsed[1].model_dump(by_alias=True, mode="json")
    assert dumped["lastBackupMs"] == 1555091815023 and dumped["date"] == "04/12/19 12:56 PM"


# Web restore: jobs ---------------------------------------------------------------------


def test_file_size_job_create_then_poll() -> None:
    created = FileSizeJob.model_validate({"jobId": "8675309"})
    polled = FileSizeJob.model_validate(
        {"numFiles": 10, "numDirs": 2, "size": 123456, "status": "DONE"}
    )

    assert created.job_id == "8675309" and created.status is None
    assert (polled.num_files, polled.num_dirs, polled.size) == (10, 2, 123456)
    assert polled.status == "DONE"


_JOB_BASE: dict[str, Any] = {
    "zipResult": True,
    "name": "WebRestore_1555091815023",
    "sourceId": "941234567890123456",
    "userId": 77,
    "bytesZipped": 0,
    "jobId": "job-1",
    "canceled": False,
    "expirationDate": 1555178215023,
    "creationDate": 1555091815023,
}
MISSING_STATUS = {**_JOB_BASE, "done": False}
NOT_DONE = {**_JOB_BASE, "done": False, "status": "preparing", "percentComplete": 40}
DONE = {**_JOB_BASE, "done": True, "status": "done", "percentComplete": 100, "bytesZipped": 4096}


def test_restore_job_without_status_or_percent_complete() -> None:
    job = RestoreJob.model_validate(MISSING_STATUS)

    assert job.status is None and job.percent_complete is None
    assert job.done is False
    assert "status" not in job.model_dump(by_alias=True, exclude_unset=True)


@pytest.mark.parametrize("payload", [NOT_DONE, DONE], ids=["not_done", "done"])
def test_restore_job_status(payload: dict[str, Any]) -> None:
    job = RestoreJob.model_validate(payload)

    assert job.status == payload["status"]
    assert job.percent_complete == payload["percentComplete"]
    assert type(job.percent_complete) is int
    assert job.model_dump(by_alias=True, exclude_unset=True) == payload


def test_restore_job_dates_stay_ms_ints_and_convert_on_demand() -> None:
    job = RestoreJob.model_validate(DONE)

    assert job.creation_date == 1555091815023
    assert job.created == datetime(2019, 4, 12, 17, 56, 55, 23000, tzinfo=UTC)
    assert job.expires == datetime(2019, 4, 13, 17, 56, 55, 23000, tzinfo=UTC)
    assert job.created is not None and job.created.utcoffset() == timedelta(0)
    assert job.model_dump(by_alias=True, mode="json")["creationDate"] == 1555091815023
    assert RestoreJob.model_validate({"jobId": "job-2"}).created is None
    assert RestoreJob(job_id="job-2").expires is None


def test_restore_job_rejects_an_iso_creation_date() -> None:
    with pytest.raises(ValidationError) as caught:
        RestoreJob.model_validate({"jobId": "1", "creationDate": "2019-04-12T17:56:55.023Z"})

    assert caught.value.errors()[0]["loc"] == ("creationDate",)


def test_restore_job_percent_complete_keeps_int_or_float() -> None:
    assert type(RestoreJob.model_validate({"jobId": "1", "percentComplete": 40}).percent_complete) is int
    as_float = RestoreJob.model_validate({"jobId": "1", "percentComplete": 40.5}).percent_complete
    assert type(as_float) is float and as_float == 40.5


def test_restore_job_create_answer_has_only_a_job_id() -> None:
    job = RestoreJob.model_validate({"jobId": 12345})

    assert job.job_id == "12345" and job.done is None
    assert job.model_dump(by_alias=True, exclude_unset=True) == {"jobId": "12345"}


@settings(max_examples=20, deadline=None)
@given(millis=epoch_millis())
def test_restore_job_created_is_exact_to_the_millisecond(millis: int) -> None:
    created = RestoreJob(job_id="1", creation_date=millis).created

    assert created is not None and created.tzinfo is UTC
    assert (created - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1) == millis


def test_push_restore_result_keeps_unknown_keys() -> None:
    result = PushRestoreResult.model_validate({"jobId": "77", "status": "QUEUED", "restoreId": 5})

    assert (result.job_id, result.status) == ("77", "QUEUED")
    assert result.model_extra == {"restoreId": 5}
