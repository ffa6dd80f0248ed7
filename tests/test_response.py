"""PycpgResponse: pycpg 1.0's view on arbitrary bodies, and typed .model()."""

from __future__ import annotations

import json
import reprlib
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from pycpg._redact import redact_json
from pycpg.exceptions import PycpgError, PycpgIndexError, PycpgKeyError, PycpgModelError, PycpgResponseError
from pycpg.models import Device, DevicePage, User
from pycpg.response import PycpgResponse
from tests.models.strategies import device_page_wire, device_wire, user_wire

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
objects_with_data = st.builds(
    lambda data, siblings: {**siblings, "data": data},
    json_values,
    st.dictionaries(st.sampled_from(["error", "warnings", "metadata", "x"]), json_values, max_size=3),
)
non_json_text = st.text().filter(lambda t: not _is_json(t))


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def make_response(body: bytes, status: int = 200, streamed: bool = False) -> requests.Response:
    """A real requests.Response carrying ``body`` (a parser input, not a transport stand-in)."""
    response = requests.Response()
    response.status_code = status
    response.url = "https://console.example.com/api/v1/Computer"
    response.encoding = "utf-8"
    response.headers["Content-Type"] = "application/json"
    if streamed:
        import io

        response.raw = io.BytesIO(body)
        response._content = False  # type: ignore[assignment]
    else:
        response._content = body
    return response


def expected_root(parsed: Any) -> Any:
    """As in pycpg 1.0: one `data` level is removed from objects that have it; anything else is the root."""
    if isinstance(parsed, dict) and "data" in parsed:
        return parsed["data"]
    return parsed


@settings(max_examples=150)
@given(st.one_of(json_values, objects_with_data))
def test_json_bodies_follow_pycpg_data_rules(value: Any) -> None:
    body = json.dumps(value)
    response = PycpgResponse(make_response(body.encode()))
    root = expected_root(value)
    assert response.data == root
    assert response.raw_text == body
    assert response.content == body.encode()
    assert response.text == (root if isinstance(root, str) else json.dumps(root))
    assert str(response) == str(root)
    assert repr(response) == f"<PycpgResponse [status=200, data={reprlib.repr(redact_json(root))}]>"
    if isinstance(root, (list, dict, str)):
        assert list(response) == list(iter(root))


@given(non_json_text)
def test_non_json_bodies_are_their_text(text: str) -> None:
    response = PycpgResponse(make_response(text.encode()))
    assert response.data == text
    assert response.text == text
    assert str(response) == text


def test_documented_edge_cases() -> None:
    cases: list[tuple[bytes, Any, str]] = [
        (b'{"data":null}', None, "null"),
        (b'{"data":[]}', [], "[]"),
        (b'{"data":{"a":1},"error":null,"warnings":[]}', {"a": 1}, '{"a": 1}'),
        (b'"just a string"', "just a string", "just a string"),
        (b"not json", "not json", "not json"),
        (b"", "", ""),
        (b"0", 0, "0"),
        (b'{"data":{"data":5}}', {"data": 5}, '{"data": 5}'),
    ]
    for body, data, text in cases:
        response = PycpgResponse(make_response(body))
        assert (response.data, response.text) == (data, text), body


@given(st.one_of(json_scalars, st.lists(json_scalars, max_size=3)), st.text(max_size=5))
def test_incompatible_key_raises_pycpg_error(root: Any, key: str) -> None:
    response = PycpgResponse(make_response(json.dumps({"data": root}).encode()))
    if isinstance(root, str):
        return  # a str root with a str key is a TypeError too, checked below
    with pytest.raises(PycpgError, match="PycpgResponse root is of type"):
        response[key]


def test_getitem_errors_are_as_in_pycpg() -> None:
    response = PycpgResponse(make_response(b'{"data":{"a":[1,2]}}'))
    assert response["a"] == [1, 2]
    with pytest.raises(KeyError):
        response["missing"]
    with pytest.raises(PycpgError, match="type str"):
        PycpgResponse(make_response(b'"text"'))["key"]
    with pytest.raises(IndexError):
        PycpgResponse(make_response(b"[1]"))[5]


def test_setitem_mutates_the_cached_root_even_when_falsy() -> None:
    response = PycpgResponse(make_response(b'{"data":{}}'))
    response["added"] = 1
    assert response.data == {"added": 1}
    assert response.text == '{"added": 1}'
    with pytest.raises(PycpgError):
        PycpgResponse(make_response(b"null"))["k"] = 1


def test_streamed_repr_never_reads_or_raises() -> None:
    response = PycpgResponse(make_response(b"abcdef", streamed=True))
    assert repr(response) == "<PycpgResponse [status=200, data='<streamed>']>"
    assert b"".join(response.iter_content(chunk_size=2)) == b"abcdef"
    assert repr(response) == "<PycpgResponse [status=200, data='<streamed>']>"


@settings(max_examples=60)
@given(device_wire(), st.booleans())
def test_model_parses_with_or_without_the_data_envelope(wire: dict[str, Any], wrapped: bool) -> None:
    body = {"metadata": {"timestamp": "2026-01-01T00:00:00.000Z"}, "data": wire} if wrapped else wire
    response: PycpgResponse[Device] = PycpgResponse(make_response(json.dumps(body).encode()), Device)
    model = response.model()
    assert model == Device.model_validate(wire)
    assert response.model() is model  # parsed once, cached


@settings(max_examples=30)
@given(device_page_wire())
def test_page_model_matches_subscripting(wire: dict[str, Any]) -> None:
    response = PycpgResponse(make_response(json.dumps({"data": wire}).encode()), DevicePage)
    page = response.model()
    assert len(page.computers) == len(response.data.get("computers") or [])
    assert page.total_count == response.data.get("totalCount")


@settings(max_examples=30)
@given(user_wire())
def test_model_accepts_a_caller_chosen_type(wire: dict[str, Any]) -> None:
    response = PycpgResponse(make_response(json.dumps({"data": wire}).encode()), Device)
    assert response.model(User) == User.model_validate(wire)
    assert response.model(dict[str, Any]) == wire


def test_model_failures_raise_model_error_without_input_values() -> None:
    secret = "top-secret-value-9931"
    body = json.dumps({"data": {"computerId": secret, "name": ["not", "a", "string"]}}).encode()
    response = PycpgResponse(make_response(body), Device)
    with pytest.raises(PycpgModelError) as caught:
        response.model()
    error = caught.value
    assert isinstance(error, PycpgResponseError)
    assert {tuple(e["loc"]) for e in error.errors} >= {("computerId",)}
    assert error.response.status_code == 200
    assert "Device" in str(error)
    assert secret not in str(error) and secret not in repr(error.errors)


@given(non_json_text)
def test_model_of_non_json_body_raises_model_error(text: str) -> None:
    with pytest.raises(PycpgModelError):
        PycpgResponse(make_response(text.encode()), Device).model()


def test_untyped_response_model_is_the_unwrapped_json() -> None:
    response = PycpgResponse(make_response(b'{"data":[1,{"a":null}]}'))
    assert response.model() == [1, {"a": None}]


# The keys every device carries (Device's required fields), besides "guid".
DEVICE_KEYS = b'"computerId":1,"name":"d","status":"Active","active":true,"userId":2,"userUid":"8","orgId":3'


def test_strict_model_is_opt_in() -> None:
    body = b'{"data":{' + DEVICE_KEYS + b',"guid":123456,"creationDate":"2026-01-02T03:04:05.678-06:00"}}'
    response = PycpgResponse(make_response(body), Device)
    lenient = response.model()
    assert lenient.guid == "123456"
    assert lenient.creation_date is not None and lenient.creation_date.utcoffset() is not None
    with pytest.raises(PycpgModelError) as caught:
        response.model(strict=True)
    assert [tuple(e["loc"]) for e in caught.value.errors] == [("guid",)]
    ok = PycpgResponse(make_response(body.replace(b"123456", b'"123456"')), Device)
    strict = ok.model(strict=True)
    assert strict.guid == "123456" and strict.creation_date == lenient.creation_date


def test_a_data_envelope_that_does_not_fit_is_an_error_not_a_bare_parse() -> None:
    body = b'{"data":{' + DEVICE_KEYS.replace(b'"name":"d"', b'"name":["x"]') + b',"guid":"9"}}'
    response = PycpgResponse(make_response(body), Device)
    with pytest.raises(PycpgModelError) as caught:
        response.model()
    assert [tuple(e["loc"]) for e in caught.value.errors] == [("name",)]


def test_repr_masks_secrets_but_data_keeps_them() -> None:
    response = PycpgResponse(make_response(b'{"data":{"dataKeyToken":"s3cr3t-token","name":"x"}}'))
    assert "s3cr3t-token" not in repr(response)
    assert response["dataKeyToken"] == "s3cr3t-token"


def test_missing_keys_and_indexes_are_pycpg_errors_and_builtin_errors() -> None:
    response = PycpgResponse(make_response(b'{"data":{"a":[1]}}'))
    with pytest.raises(PycpgKeyError) as missing:
        response["b"]
    assert isinstance(missing.value, KeyError) and isinstance(missing.value, PycpgError)
    listed = PycpgResponse(make_response(b"[1]"))
    with pytest.raises(PycpgIndexError) as out_of_range:
        listed[3]
    assert isinstance(out_of_range.value, IndexError)


# --- required fields: the error names the call, the model, the item and the field ------------


def _device_page(count: int) -> list[dict[str, Any]]:
    keys = json.loads(b"{" + DEVICE_KEYS + b"}")
    return [{**keys, "computerId": n, "guid": str(900 + n)} for n in range(count)]


def test_a_missing_required_field_is_named_with_the_call_model_item_and_field() -> None:
    computers = _device_page(5)
    del computers[3]["guid"]
    raw = make_response(json.dumps({"data": {"totalCount": 5, "computers": computers}}).encode())
    raw.url = "https://console.example.com/api/v1/Computer?pgNum=1&pgSize=5"
    raw.request = requests.Request("GET", raw.url).prepare()
    response = PycpgResponse(raw, DevicePage)

    with pytest.raises(PycpgModelError) as caught:
        response.model()

    message = str(caught.value)
    assert message.startswith("GET /api/v1/Computer (200 response, parsed as DevicePage): ")
    assert "Device at computers[3] is missing required field 'guid'" in message
    assert "(1 validation error)" in message
    (error,) = caught.value.errors
    assert (error["loc"], error["type"]) == (("computers", 3, "guid"), "missing")
    assert (error["subject"], error["field"]) == ("Device at computers[3]", "guid")
    assert response["computers"][3]["name"] == "d"  # pycpg 1.0's view is untouched


def test_a_missing_field_at_the_top_and_in_nested_models_is_located() -> None:
    single = PycpgResponse(make_response(b'{"data":{' + DEVICE_KEYS + b"}}"), Device)
    with pytest.raises(PycpgModelError) as top:
        single.model()
    assert "Device is missing required field 'guid'" in str(top.value)

    device = {**_device_page(1)[0], "backupUsage": [{"targetComputerGuid": "1", "archiveBytes": 0}]}
    nested = PycpgResponse(make_response(json.dumps({"data": device}).encode()), Device)
    with pytest.raises(PycpgModelError) as inner:
        nested.model()
    assert "BackupUsage at backupUsage[0] is missing required field 'archiveFormat'" in str(inner.value)


def test_a_bare_list_of_models_is_located_by_index() -> None:
    from pycpg.models import LegalHoldEvent

    events = [{"eventUid": "1", "eventType": "HOLD_CREATED", "eventDate": "2019-05-17T15:07:44.820Z",
               "legalHoldUid": "5"}, {"eventUid": "2", "legalHoldUid": "5", "eventDate": "2019-05-17T15:07:44.820Z"}]
    raw = make_response(json.dumps(events).encode())
    raw.url = "https://console.example.com/api/v38/legal-hold-event/list?page=1"
    response = PycpgResponse(raw, list[LegalHoldEvent])

    with pytest.raises(PycpgModelError) as caught:
        response.model()

    message = str(caught.value)
    assert message.startswith("GET /api/v38/legal-hold-event/list (200 response, parsed as list[LegalHoldEvent]): ")
    assert "LegalHoldEvent at [1] is missing required field 'eventType'" in message


def test_other_errors_keep_their_reason_and_name_the_model() -> None:
    computers = _device_page(2)
    computers[1]["computerId"] = "not a number"
    response = PycpgResponse(make_response(json.dumps({"data": {"computers": computers}}).encode()), DevicePage)

    with pytest.raises(PycpgModelError) as caught:
        response.model()

    message = str(caught.value)
    assert "Device at computers[1], field 'computerId': Input should be a valid integer" in message
    assert "not a number" not in message


def test_emulator_fault_missing_guid_is_reported_with_the_call(emulator: Any) -> None:
    import pycpg.sdk
    from pycpg.emulator.faults import Fault

    account = emulator.plain_admin
    sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password)
    body = json.loads(sdk.devices.get_page(1, page_size=5).raw_text)
    del body["data"]["computers"][3]["guid"]
    emulator.faults.add(Fault(path="/api/v1/Computer", body=json.dumps(body).encode()))

    page = sdk.devices.get_page(1, page_size=5)
    assert page["computers"][3]["computerId"] == body["data"]["computers"][3]["computerId"]
    with pytest.raises(PycpgModelError) as caught:
        page.model()

    message = str(caught.value)
    assert message.startswith("GET /api/v1/Computer (200 response, parsed as DevicePage): ")
    assert "Device at computers[3] is missing required field 'guid'" in message
    sdk.close()
