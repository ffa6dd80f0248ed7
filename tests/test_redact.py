"""pycpg._redact: secrets never survive, everything else does."""

from __future__ import annotations

import copy
import json
import string
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycpg._redact import MASK, SENSITIVE_KEYS, is_sensitive_key, redact_json, redact_text, redact_url

MARK = "SeNtInEl"  # every secret contains it; plain values are lowercase so never do

SENSITIVE_NAMES = [
    "password", "newPassword", "privatePassword", "encryptionKey", "dataKeyToken", "v3_user_token",
    "access_token", "refresh_token", "token", "secret", "totp", "totp-auth", "authorization",
    "client_secret", "archivePassword", "X-Auth-Token", "apiKey", "cookie",
]
_SENSITIVE_LOWER = {name.lower() for name in SENSITIVE_NAMES}
_LOOKS_SENSITIVE = ("pass", "token", "secret", "totp", "auth", "key", "cookie")

sensitive_keys = st.sampled_from(SENSITIVE_NAMES).flatmap(
    lambda k: st.sampled_from([k, k.upper(), k.lower(), k.swapcase(), k.capitalize()])
)
plain_keys = st.sampled_from(
    ["name", "guid", "orgId", "tokenType", "passwordReset", "pageToken", "status", "userUid", "count"]
) | st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8).filter(
    lambda k: not any(word in k for word in _LOOKS_SENSITIVE)
)
plain_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=string.ascii_lowercase + string.digits + "-./", max_size=12)
)
secret_text = st.text(alphabet=string.printable, max_size=12).map(lambda s: MARK + s)


def secret_values(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value that contains the marker somewhere, possibly nested."""
    return (
        secret_text
        | st.tuples(secret_text, st.lists(children, max_size=3)).map(lambda p: [p[0], *p[1]])
        | st.tuples(plain_keys, secret_text, st.dictionaries(plain_keys, children, max_size=2)).map(
            lambda p: {**p[2], p[0]: p[1]}
        )
    )


def _merge(plain: dict[str, Any], secrets: list[tuple[str, Any]]) -> dict[str, Any]:
    merged = dict(plain)
    for key, value in secrets:
        merged[key] = value
    return merged


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    objects = st.builds(
        _merge,
        st.dictionaries(plain_keys, children, max_size=4),
        st.lists(st.tuples(sensitive_keys, secret_values(children)), max_size=3),
    )
    return st.lists(children, max_size=4) | objects


json_trees = st.recursive(plain_values, _extend, max_leaves=25)


def expected_redaction(value: Any) -> Any:
    """What redact_json must return, computed from what the generator put where."""
    if isinstance(value, dict):
        return {
            k: MASK if k.lower() in _SENSITIVE_LOWER else expected_redaction(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [expected_redaction(v) for v in value]
    return value


@given(json_trees)
def test_redact_json_masks_exactly_the_sensitive_values(tree: Any) -> None:
    before = copy.deepcopy(tree)
    result = redact_json(tree)
    assert MARK not in json.dumps(result)
    assert result == expected_redaction(tree)  # every other value survives unchanged
    assert tree == before  # input not mutated


@given(json_trees, st.sampled_from([None, 2]))
def test_redact_text_of_json_never_shows_a_secret(tree: Any, indent: int | None) -> None:
    text = json.dumps(tree, indent=indent)
    result = redact_text(text)
    assert MARK not in result
    if isinstance(tree, dict | list):
        assert json.loads(result) == expected_redaction(tree)


bare_secret = st.text(alphabet=string.ascii_letters + string.digits + "-._~+/%", max_size=16).map(
    lambda s: MARK + s
)


@given(sensitive_keys, bare_secret, st.sampled_from(["=", ": ", ":", " = "]))
def test_redact_text_masks_key_value_pairs(key: str, secret: str, sep: str) -> None:
    text = f"request failed: page=2&{key}{sep}{secret}&orgId=7 (retry later)"
    result = redact_text(text)
    assert MARK not in result
    assert result.startswith("request failed: page=2&")
    assert "orgId=7 (retry later)" in result


@given(sensitive_keys, secret_text, st.sampled_from(['"', "'"]))
def test_redact_text_masks_quoted_pairs_in_broken_json_and_reprs(key: str, secret: str, quote_char: str) -> None:
    escaped = json.dumps(secret)[1:-1] if quote_char == '"' else secret.replace("\\", "\\\\").replace("'", "\\'")
    text = f"{{{quote_char}name{quote_char}: {quote_char}bob{quote_char}, {quote_char}{key}{quote_char}: {quote_char}{escaped}{quote_char}"
    result = redact_text(text)
    assert MARK not in result
    assert "bob" in result


@given(st.sampled_from(["Bearer", "bearer", "Basic", "BASIC"]), bare_secret)
def test_redact_text_masks_authorization_schemes(scheme: str, secret: str) -> None:
    result = redact_text(f"sent header {scheme} {secret} and failed")
    assert MARK not in result
    assert result.endswith(" and failed")


@given(sensitive_keys, bare_secret)
def test_redact_url_masks_sensitive_query_values(key: str, secret: str) -> None:
    url = f"https://h.example:4285/api/v1/x?pgNum=2&{quote(key)}={quote(secret, safe='')}&q=ok"
    result = redact_url(url)
    assert MARK not in result
    assert result.startswith("https://h.example:4285/api/v1/x?pgNum=2&")
    assert result.endswith("&q=ok")
    assert MARK not in redact_text(f"GET {url} failed")


def test_redact_url_masks_userinfo_password() -> None:
    assert redact_url("http://alice:SeNtInEl@proxy:3128/") == "http://alice:***@proxy:3128/"
    assert MARK not in redact_text("proxy http://alice:SeNtInEl@proxy:3128 refused")


def test_redact_url_leaves_clean_urls_alone() -> None:
    url = "https://h.example/api/v1/Computer?pgNum=1&pageToken=abc"
    assert redact_url(url) == url


@pytest.mark.parametrize(
    "key",
    ["password", "PASSWORD", "newPassword", "privatePassword", "archivePassword", "encryptionKey",
     "dataKeyToken", "v3_user_token", "access_token", "refresh_token", "token", "secret", "client_secret",
     "totp", "totp-auth", "Authorization", "X-Auth-Token", "autoLoginPasswordHash"],
)
def test_sensitive_keys(key: str) -> None:
    assert is_sensitive_key(key)


@pytest.mark.parametrize(
    "key", ["name", "key", "passwordReset", "tokenType", "token_type", "pageToken", "orgUid", "", 5, None]
)
def test_not_sensitive_keys(key: Any) -> None:
    assert not is_sensitive_key(key)


def test_sensitive_keys_constant_lists_the_documented_names() -> None:
    documented = {"password", "newpassword", "privatepassword", "encryptionkey", "datakeytoken",
                  "v3_user_token", "access_token", "refresh_token", "token", "secret", "totp",
                  "totp-auth", "authorization", "client_secret"}
    assert documented <= SENSITIVE_KEYS


def test_null_secrets_stay_null() -> None:
    assert redact_json({"password": None, "encryptionKey": "k"}) == {"password": None, "encryptionKey": MASK}


def test_redact_text_returns_clean_json_verbatim() -> None:
    text = '{ "a" :1,"b":[ true ] }'
    assert redact_text(text) is text


def test_redact_text_plain_prose_untouched() -> None:
    text = "Missing bearer token; password must be 8 characters. Basic auth is disabled."
    assert redact_text(text) == text


def test_redact_json_masks_secrets_inside_plain_strings() -> None:
    assert redact_json({"url": "https://h/x?token=SeNtInEl&a=1"}) == {"url": "https://h/x?token=***&a=1"}
