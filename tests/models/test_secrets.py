"""Secrets in models are hidden from repr, str and dumps, and revealed only on request."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr, ValidationError

from pycpg.models import REVEAL_SECRETS, DataKeyToken, Device, DevicePage, Org, PycpgModel, Tenant, User
from pycpg.response import PycpgResponse

from .test_roundtrip import CASES, PARTS

SECRET = "SeNtInEl-7f3a"
REVEAL = {REVEAL_SECRETS: True}


def _shown(model: PycpgModel) -> list[str]:
    """Every way a model is shown or dumped without asking for its secrets."""
    return [
        repr(model),
        str(model),
        repr(model.model_dump()),
        str(model.model_dump(by_alias=True)),
        json.dumps(model.model_dump(mode="json")),
        json.dumps(model.model_dump(mode="json", by_alias=True, exclude_unset=True)),
        model.model_dump_json(),
        model.model_dump_json(by_alias=True),
    ]


def _response(body: Any) -> PycpgResponse[Any]:
    raw = requests.Response()
    raw.status_code = 200
    raw.url = "https://console.example.com/api/v1/DataKeyToken"
    raw.encoding = "utf-8"
    raw._content = json.dumps(body).encode()
    return PycpgResponse(raw, DataKeyToken)


# --- known secret fields -------------------------------------------------------------


def test_data_key_token_is_hidden_everywhere() -> None:
    token = DataKeyToken.model_validate({"dataKeyToken": SECRET})

    for text in _shown(token):
        assert SECRET not in text
    assert isinstance(token.data_key_token, SecretStr)
    assert token.data_key_token.get_secret_value() == SECRET
    assert token.model_dump(mode="json", by_alias=True) == {"dataKeyToken": "***"}


def test_data_key_token_is_revealed_on_request() -> None:
    token = DataKeyToken.model_validate({"dataKeyToken": SECRET})

    assert token.model_dump(context=REVEAL) == {"data_key_token": SECRET}
    assert token.model_dump(by_alias=True, mode="json", context=REVEAL) == {"dataKeyToken": SECRET}
    assert json.loads(token.model_dump_json(by_alias=True, context=REVEAL)) == {"dataKeyToken": SECRET}
    # A revealed dump validates back to the same token; so does a plain Python-mode
    # dump, which keeps the SecretStr object.
    assert DataKeyToken.model_validate_json(token.model_dump_json(by_alias=True, context=REVEAL)) == token
    assert DataKeyToken.model_validate(token.model_dump(by_alias=True)) == token
    # Other context keys, or a false value, reveal nothing.
    assert token.model_dump(mode="json", context={"reveal_secrets": False}) == {"data_key_token": "***"}
    assert token.model_dump(mode="json", context={"other": 1}) == {"data_key_token": "***"}


@pytest.mark.parametrize("payload", [{"dataKeyToken": None}, {}])
def test_a_null_or_missing_data_key_token_is_rejected(payload: dict[str, Any]) -> None:
    # pycpg 1.0 indexes response["dataKeyToken"]: the answer always carries one.
    with pytest.raises(ValidationError) as caught:
        DataKeyToken.model_validate(payload)
    assert [e["loc"] for e in caught.value.errors()] == [("dataKeyToken",)]


def test_the_response_still_shows_the_raw_body() -> None:
    body = {"data": {"dataKeyToken": SECRET, "password": SECRET}}
    response = _response(body)

    assert response.data == body["data"]  # pycpg 1.0: .data and subscripting are the raw body
    assert response["dataKeyToken"] == SECRET
    assert SECRET in str(response) and SECRET in response.text
    model = response.model()
    assert model.data_key_token.get_secret_value() == SECRET
    assert SECRET not in repr(model) and SECRET not in repr(response)


# --- unknown (extra) keys that name a secret -------------------------------------------


def test_sensitive_extra_fields_are_hidden_and_revealed_on_request() -> None:
    payload = {
        "computerId": 42,
        "name": "laptop",
        "guid": "9",
        "status": "Active",
        "active": True,
        "userId": 1,
        "userUid": "8",
        "orgId": 2,
        "password": SECRET,
        "archivePassword": SECRET,
        "X-Auth-Token": SECRET,
        "pageToken": "cursor-1",  # a paging cursor, not a secret
        "oldPassword": None,
        "agentConfig": {"apiKey": SECRET, "port": 4242, "nested": [{"encryptionKey": SECRET}]},
        "settings": {"serviceConfig": {"privateKey": SECRET, "interval": 15}},
    }
    device = Device.model_validate(payload)

    for text in _shown(device):
        assert SECRET not in text
    dumped = device.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped["password"] == dumped["archivePassword"] == dumped["X-Auth-Token"] == "***"
    assert dumped["oldPassword"] is None
    assert dumped["pageToken"] == "cursor-1" and dumped["name"] == "laptop"
    assert dumped["agentConfig"] == {"apiKey": "***", "port": 4242, "nested": [{"encryptionKey": "***"}]}
    assert dumped["settings"] == {"serviceConfig": {"privateKey": "***", "interval": 15}}
    # The model itself keeps the values (attribute access is not hidden).
    assert device.password == SECRET  # type: ignore[attr-defined]

    assert device.model_dump(mode="json", by_alias=True, exclude_unset=True, context=REVEAL) == payload
    assert json.loads(device.model_dump_json(by_alias=True, exclude_unset=True, context=REVEAL)) == payload


def test_secrets_inside_nested_models_are_hidden() -> None:
    device = {"computerId": 1, "name": "a", "guid": "9", "status": "Active", "active": True,
              "userId": 1, "userUid": "8", "orgId": 2, "password": SECRET}
    page = DevicePage.model_validate({"totalCount": 1, "computers": [device]})
    for text in _shown(page):
        assert SECRET not in text
    assert page.model_dump(by_alias=True, context=REVEAL)["computers"][0]["password"] == SECRET


def test_free_text_secrets_in_extra_strings_are_hidden_from_repr() -> None:
    user = User.model_validate({
        "userId": 1, "userUid": "8", "username": "alice", "status": "Active", "active": True,
        "loginUrl": f"https://alice:{SECRET}@console.example.com/",
    })
    assert SECRET not in repr(user) and SECRET not in str(user)
    # Dumps keep ordinary strings as received: only values under secret keys are masked.
    assert SECRET in user.model_dump(mode="json")["loginUrl"]


@pytest.mark.parametrize(("model", "payload_strategy"), CASES + PARTS, ids=[m.__name__ for m, _ in CASES + PARTS])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_model_hides_secret_extras(model: type[PycpgModel], payload_strategy: Any, data: st.DataObject) -> None:
    payload = {**data.draw(payload_strategy), "password": SECRET, "xConfig": {"token": SECRET}}
    parsed = model.model_validate(payload)

    for text in _shown(parsed):
        assert SECRET not in text
    revealed = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True, context=REVEAL)
    assert revealed["password"] == SECRET and revealed["xConfig"] == {"token": SECRET}


# --- registration keys stay visible (see the Org docstring) -----------------------------


def test_registration_keys_are_not_secrets() -> None:
    org = Org.model_validate({"orgId": 1, "orgUid": "1", "orgName": "o", "registrationKey": "ABCD-EFGH-JKLM-NPQR"})
    tenant = Tenant.model_validate({"tenantUid": "t", "registrationKey": "1234567890123456"})

    assert org.registration_key == "ABCD-EFGH-JKLM-NPQR" and "ABCD-EFGH-JKLM-NPQR" in repr(org)
    assert tenant.model_dump(by_alias=True, exclude_unset=True) == {
        "tenantUid": "t", "registrationKey": "1234567890123456"
    }
