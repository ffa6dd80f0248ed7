"""The request handler: big and chunked bodies still arrive whole; no 10 MB buffer per request."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator

from pycpg.emulator import Emulator
from tests.emulator.emu_support import admin_token, call, data


def test_big_body_is_read_whole(emulator: Emulator) -> None:
    guid = emulator.tenant.devices[0].guid
    body = json.dumps({"computerGuid": guid, "filler": "x" * 3_000_000})
    response = call(emulator, "/api/v1/DataKeyToken", admin_token(emulator), "POST", data=body,
                    headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and data(response)["dataKeyToken"]
    assert emulator.journal[-1].json["filler"] == "x" * 3_000_000


def test_chunked_body_with_a_huge_chunk(emulator: Emulator) -> None:
    guid = emulator.tenant.devices[0].guid
    payload = json.dumps({"computerGuid": guid, "filler": "y" * 2_500_000}).encode()

    def chunks() -> Iterator[bytes]:
        yield payload[:10]
        yield payload[10:]

    response = call(emulator, "/api/v1/DataKeyToken", admin_token(emulator), "POST", data=chunks(),
                    headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert len(emulator.journal[-1].body) == len(payload)


def test_unread_body_is_drained(emulator: Emulator) -> None:
    response = call(emulator, "/api/v1/Computer", admin_token(emulator), params={"pgSize": 1}, data=b"z" * 2_000_000)
    assert response.status_code == 200


def test_requests_allocate_no_big_buffers(emulator: Emulator) -> None:
    token = admin_token(emulator)
    call(emulator, "/api/v1/Computer", token, params={"pgSize": 1})
    tracemalloc.start()
    try:
        for _ in range(5):
            assert call(emulator, "/api/v1/Computer", token, params={"pgSize": 1}).status_code == 200
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak
