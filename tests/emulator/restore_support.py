"""Plain-HTTP helpers for the archive and restore tests: the web-restore sequence step by step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from pycpg.emulator import Emulator
from pycpg.emulator.records import DeviceRecord
from tests.emulator.emu_support import admin_token, call, data

SERVER_LOGS = "An error has occurred. See server logs for more information."


def device_where(emu: Emulator, test: Callable[[DeviceRecord], bool]) -> DeviceRecord:
    """The first device passing ``test``."""
    return next(device for device in emu.tenant.devices if test(device))


def plain(emu: Emulator, device: DeviceRecord) -> bool:
    """Whether the device's archives need neither a password nor a custom key."""
    return emu.archive_secret(device.guid) == (None, None)


def storage_url(emu: Emulator, token: str, device: DeviceRecord, index: int = 0) -> str:
    """``WebRestoreInfo`` → ``serverUrl`` of the device's ``index``-th destination."""
    destination = device.backup_usage[index].destination.guid
    response = call(emu, "/api/v1/WebRestoreInfo", token, params={"srcGuid": device.guid, "destGuid": destination})
    assert response.status_code == 200, response.text
    url: str = data(response)["serverUrl"]
    return url


def data_key(emu: Emulator, token: str, device_guid: str) -> str:
    """A data-key token from ``POST /api/v1/DataKeyToken``."""
    response = call(emu, "/api/v1/DataKeyToken", token, "POST", json={"computerGuid": device_guid})
    assert response.status_code == 200, response.text
    value: str = data(response)["dataKeyToken"]
    return value


def session_body(emu: Emulator, token: str, device: DeviceRecord) -> dict[str, Any]:
    """The session body the SDK would send, with the device's right secrets."""
    password, key = emu.archive_secret(device.guid)
    return {"computerGuid": device.guid, "dataKeyToken": None if key else data_key(emu, token, device.guid),
            "privatePassword": password, "encryptionKey": key}


@dataclass
class Storage:
    """A restore session on one host (a storage node or a connected server)."""

    base: str
    token: str
    device: DeviceRecord
    session_id: str
    backup_set_id: str = "1"
    http: requests.Session = field(default_factory=requests.Session)

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.http.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def children(self, file_id: str | None = None, **params: Any) -> list[dict[str, Any]]:
        """``WebRestoreTreeNode``: the roots, or the children of ``file_id``."""
        query = {"webRestoreSessionId": self.session_id, "guid": self.device.guid,
                 "backupSetId": self.backup_set_id, "fileId": file_id, "showDeleted": "True", **params}
        response = self.send("GET", "/api/v1/WebRestoreTreeNode", params=query)
        assert response.status_code == 200, response.text
        nodes: list[dict[str, Any]] = data(response)
        return nodes

    def walk(self) -> Iterator[dict[str, Any]]:
        """Every node, depth first from the roots."""
        pending = self.children()
        while pending:
            node = pending.pop()
            yield node
            if node["type"] == "directory":
                pending.extend(self.children(node["id"]))

    def find(self, path: str) -> dict[str, Any]:
        """The node at ``path``, walking one level per component as the SDK does."""
        [root] = self.children()
        node = root
        for part in path[len(root["path"]) :].split("/"):
            node = next(child for child in self.children(node["id"]) if child["filename"] == part)
        return node

    def file_size(self, file_id: str, polls: int = 10) -> dict[str, Any]:
        """Start a file-size job and poll it until ``DONE``."""
        body = {"guid": self.device.guid, "fileId": file_id, "timestamp": None, "showDeleted": None}
        response = self.send("POST", "/api/v1/WebRestoreFileSizePolling", json=body)
        assert response.status_code == 200, response.text
        job_id = data(response)["jobId"]
        for _ in range(polls):
            query = {"jobId": job_id, "guid": self.device.guid}
            sizes = self.send("GET", "/api/v1/WebRestoreFileSizePolling", params=query)
            result: dict[str, Any] = data(sizes)
            if result["status"] == "DONE":
                return result
        raise AssertionError(f"file-size job {job_id} never finished")

    def start(self, *selections: tuple[str, str], deselect: tuple[str, ...] = ()) -> requests.Response:
        """``POST /api/v9/restore/web`` for ``(path, FILE|DIRECTORY)`` selections."""
        files = [{"fileType": kind, "path": path, "selected": True} for path, kind in selections]
        files += [{"fileType": "DIRECTORY", "path": path, "selected": False} for path in deselect]
        body = {"sourceComputerGuid": self.device.guid, "webRestoreSessionId": self.session_id,
                "restoreGroups": [{"backupSetId": self.backup_set_id, "files": files}],
                "numFiles": 1, "numDirs": 1, "numBytes": 1, "expireJob": None, "showDeleted": True,
                "restoreFullPath": None, "restoreToServer": None}
        return self.send("POST", "/api/v9/restore/web", json=body)

    def restore(self, *selections: tuple[str, str], deselect: tuple[str, ...] = ()) -> str:
        """Start a web restore; its job id."""
        response = self.start(*selections, deselect=deselect)
        assert response.status_code == 200, response.text
        job_id: str = data(response)["jobId"]
        return job_id

    def status(self, job_id: str) -> dict[str, Any]:
        """One ``WebRestoreJob`` status read."""
        response = self.send("GET", f"/api/v1/WebRestoreJob/{job_id}")
        assert response.status_code == 200, response.text
        status: dict[str, Any] = data(response)
        return status

    def wait(self, job_id: str, polls: int = 10) -> dict[str, Any]:
        """Poll until ``done``."""
        for _ in range(polls):
            status = self.status(job_id)
            if status["done"]:
                return status
        raise AssertionError(f"restore job {job_id} never finished")

    def result(self, job_id: str, **kwargs: Any) -> requests.Response:
        """``GET /api/v1/WebRestoreJobResult/{jobId}``."""
        return self.send("GET", f"/api/v1/WebRestoreJobResult/{job_id}",
                         headers={"Accept": "application/octet-stream"}, **kwargs)

    def download(self, *selections: tuple[str, str]) -> requests.Response:
        """Restore, wait, fetch the result."""
        job_id = self.restore(*selections)
        self.wait(job_id)
        response = self.result(job_id)
        assert response.status_code == 200, response.text
        return response


def open_storage(emu: Emulator, device: DeviceRecord, token: str | None = None) -> Storage:
    """A session on the storage node of the device's first archive, opened with the right secrets."""
    token = token or admin_token(emu)
    base = storage_url(emu, token, device)
    response = requests.post(base + "/api/v1/WebRestoreSession", json=session_body(emu, token, device),
                             headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    sets = emu.archive_store.profile(device).backup_sets
    return Storage(base, token, device, data(response)["webRestoreSessionId"], sets[0].backup_set_id)


def content(emu: Emulator, device: DeviceRecord, path: str) -> bytes:
    """A backed-up file's bytes (small files only)."""
    return b"".join(emu.file_content(device.guid, path))


def home_of(emu: Emulator, device: DeviceRecord) -> str:
    """The owner's home folder in the device's backup (every generated backup has ``Documents``)."""
    return next(path for path, _ in emu.archive_files(device.guid) if "/Documents/" in path).split("/Documents/")[0]
