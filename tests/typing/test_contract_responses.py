"""mypy contract for the response classes every API method returns.

``PycpgResponse[M]`` (JSON, ``.model()`` gives ``M``), ``PycpgTextResponse`` (CSV/CEF
audit-log pages, no model) and ``PycpgStreamResponse`` (restored bytes). Checked by
``mypy --strict tests/typing``; the ``check_*`` functions are never called.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, assert_type

from requests.structures import CaseInsensitiveDict

from pycpg.models import Device, User
from pycpg.response import NoModel, PycpgResponse, PycpgStreamResponse, PycpgTextResponse


def check_json_response(response: PycpgResponse[User], untyped: PycpgResponse, flag: bool) -> None:
    assert_type(response.data, Any)
    assert_type(response["users"], Any)
    assert_type(response.text, str)
    assert_type(response.raw_text, str)
    assert_type(response.content, bytes)
    assert_type(response.status_code, int)
    assert_type(response.url, str)
    assert_type(response.headers, CaseInsensitiveDict[str])
    assert_type(response.encoding, str | None)
    assert_type(response.iter_content(), Iterator[bytes])
    assert_type(response.iter_content(1024, decode_unicode=flag), Iterator[bytes | str])
    assert_type(response.model(), User)
    assert_type(response.model(strict=True), User)
    assert_type(response.model(Device), Device)
    assert_type(response.model(dict[str, Any], strict=True), dict[str, Any])
    assert_type(untyped.model(), Any)


def check_text_response(page: PycpgTextResponse, flag: bool) -> None:
    assert_type(page.data, Any)
    assert_type(page.text, str)
    assert_type(page.raw_text, str)
    assert_type(page.content, bytes)
    assert_type(page.status_code, int)
    assert_type(page.url, str)
    assert_type(page.headers, CaseInsensitiveDict[str])
    assert_type(page.encoding, str | None)
    assert_type(page.iter_content(), Iterator[bytes])
    assert_type(page.iter_content(None, decode_unicode=False), Iterator[bytes])
    assert_type(page.iter_content(1024, decode_unicode=flag), Iterator[bytes | str])
    assert_type(page.model, NoModel)  # a property: calling it is a type error


def check_stream_response(stream: PycpgStreamResponse, flag: bool) -> None:
    assert_type(stream.data, Any)
    assert_type(stream.text, str)
    assert_type(stream.raw_text, str)
    assert_type(stream.content, bytes)
    assert_type(stream.status_code, int)
    assert_type(stream.url, str)
    assert_type(stream.headers, CaseInsensitiveDict[str])
    assert_type(stream.encoding, str | None)
    assert_type(stream.iter_content(65536), Iterator[bytes])
    assert_type(stream.iter_content(decode_unicode=flag), Iterator[bytes | str])
    assert_type(stream.model(), None)
