"""DEBUG logging of a whole session never shows a password, token or TOTP code."""

from __future__ import annotations

import logging
import re

import pytest

import pycpg.sdk
import pycpg.settings.debug as debug
from pycpg.emulator import Emulator
from pycpg.exceptions import PycpgError, PycpgUnauthorizedError

PASSWORD = "Sentinel-Password-7f3a9c"
CLIENT_SECRET = "Sentinel-Client-Secret-51be02"


def _bearer_tokens(emulator: Emulator) -> set[str]:
    return {
        e.headers["authorization"].removeprefix("Bearer ")
        for e in emulator.journal
        if e.headers.get("authorization", "").startswith("Bearer ")
    }


def test_debug_log_of_login_and_paging_contains_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    previous = debug.level
    debug.level = debug.DEBUG
    caplog.set_level(logging.DEBUG, logger="pycpg")
    codes: list[str] = []
    errors: list[str] = []
    try:
        with Emulator(seed=11, admin_password=PASSWORD, api_client_secret=CLIENT_SECRET) as emulator:
            admin = emulator.admin

            def totp() -> str:
                codes.append(emulator.totp())
                return codes[-1]

            try:
                pycpg.sdk.from_local_account(emulator.url, admin.username, PASSWORD + "-typo", totp=totp)
            except PycpgUnauthorizedError as error:
                errors.append(str(error))
            sdk = pycpg.sdk.from_local_account(emulator.url, admin.username, PASSWORD, totp=totp)
            emulator.expire_tokens()  # forces a renewal mid-run
            for _ in sdk.devices.get_all(include_backup_usage=True, page_size=7):
                pass
            list(sdk.users.iter_all(page_size=9))
            api = pycpg.sdk.from_api_client(emulator.url, emulator.api_client_id, CLIENT_SECRET)
            api.devices.get_page(1)
            tokens = _bearer_tokens(emulator)
    finally:
        debug.level = previous

    messages = [record.getMessage() for record in caplog.records] + errors
    text = "\n".join(messages)
    assert len(caplog.records) > 20, "DEBUG logging did not run"
    assert "Response data:" in text and "GET     " in text
    assert len(tokens) >= 3 and len(codes) >= 2
    for secret in [PASSWORD, CLIENT_SECRET, *tokens]:
        assert secret not in text
    for code in codes:
        assert not re.search(rf"(?<!\d){code}(?!\d)", text)
    assert "v3_user_token" in text and "access_token" in text  # the keys show, their values do not


def test_debug_log_of_restores_contains_no_archive_secret(caplog: pytest.LogCaptureFixture) -> None:
    previous = debug.level
    debug.level = debug.DEBUG
    caplog.set_level(logging.DEBUG, logger="pycpg")
    texts: list[str] = []
    try:
        with Emulator(seed=7) as emulator:
            account = emulator.plain_admin
            sdk = pycpg.sdk.from_local_account(emulator.url, account.username, account.password, poll_interval=0.01)
            secured = [d for d in emulator.tenant.devices if d.backup_usage and emulator.archive_secret(d.guid) != (None, None)]
            by_password = next(d for d in secured if emulator.archive_secret(d.guid)[0])
            by_key = next(d for d in secured if emulator.archive_secret(d.guid)[1])
            password = emulator.archive_secret(by_password.guid)[0]
            key = emulator.archive_secret(by_key.guid)[1]
            assert password and key
            for device, kwargs in ((by_password, {"archive_password": password}), (by_key, {"encryption_key": key})):
                path = next(p for p, size in emulator.archive_files(device.guid) if size)
                response = sdk.archive.stream_from_backup(path, device.guid, **kwargs)  # type: ignore[arg-type]
                texts.append(repr(response))
                b"".join(response.iter_content(65536))
            try:
                sdk.archive.stream_from_backup(path, by_key.guid, encryption_key=key + "x")
            except PycpgError as error:
                texts.append(str(error))
                texts.append(repr(error))
            tokens = _bearer_tokens(emulator)
            data_keys = {str(e.json["dataKeyToken"]) for e in emulator.journal if e.json and e.json.get("dataKeyToken")}
    finally:
        debug.level = previous
    text = "\n".join([record.getMessage() for record in caplog.records] + texts)
    assert "WebRestoreSession" in text and len(texts) == 4
    for secret in [password, key, *tokens, *data_keys]:
        assert secret not in text


def test_config_and_restore_option_reprs_hide_secrets() -> None:
    from pycpg._http import ClientConfig
    from pycpg.clients._archiveaccess import RestoreOptions

    config = ClientConfig.from_settings("console.example.com", proxies={"https": "http://me:proxy-pw-77@proxy:3128"})
    assert "proxy-pw-77" not in repr(config)
    options = RestoreOptions("guid", ["/a"], None, "archive-pw-88", "custom-key-99", None, 10, None, 60)
    assert "archive-pw-88" not in repr(options) and "custom-key-99" not in repr(options)
