"""TOTP against RFC 6238 and round trips."""

from __future__ import annotations

import base64

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pycpg.emulator import Emulator, totp_code
from pycpg.emulator.totp import totp_matches

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_rfc_secret_encodes_as_documented() -> None:
    assert RFC_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("at", "expected"),
    [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
     (1234567890, "89005924"), (2000000000, "69279037"), (20000000000, "65353130")],
)
def test_totp_matches_rfc6238_sha1_vectors(at: int, expected: str) -> None:
    assert totp_code(RFC_SECRET, at=at, digits=8) == expected


def test_six_digit_code_is_the_last_six_digits() -> None:
    assert totp_code(RFC_SECRET, at=59) == "287082"


def test_secret_without_padding_and_lower_case_is_accepted() -> None:
    secret = base64.b32encode(b"hello!").decode()  # has '=' padding
    assert "=" in secret
    assert totp_code(secret.rstrip("=").lower(), at=1000) == totp_code(secret, at=1000)


def test_code_changes_with_the_time_step() -> None:
    assert totp_code(RFC_SECRET, at=0) == totp_code(RFC_SECRET, at=29)
    assert totp_code(RFC_SECRET, at=29) != totp_code(RFC_SECRET, at=30)


def test_emulator_totp_uses_the_admin_secret() -> None:
    emu = Emulator(seed=1, users=4, devices=0, totp_secret="JBSWY3DPEHPK3PXP")
    assert emu.admin.totp_secret == "JBSWY3DPEHPK3PXP"
    assert emu.totp(at=1_700_000_000) == totp_code("JBSWY3DPEHPK3PXP", at=1_700_000_000)
    with pytest.raises(ValueError):
        emu.totp(emu.plain_admin)


secrets_ = st.binary(min_size=10, max_size=40).map(lambda raw: base64.b32encode(raw).decode().rstrip("="))
moments = st.floats(min_value=60, max_value=4_000_000_000, allow_nan=False)


@given(secret=secrets_, at=moments)
def test_code_round_trips_within_one_step(secret: str, at: float) -> None:
    code = totp_code(secret, at)
    assert len(code) == 6 and code.isdigit()
    assert totp_matches(secret, code, at=at)
    assert totp_matches(secret, code, at=at + 30)
    assert totp_matches(secret, code, at=at - 30)


@given(secret=secrets_, at=moments)
def test_code_two_steps_away_is_refused(secret: str, at: float) -> None:
    code = totp_code(secret, at)
    later = at + 60
    assume(code not in {totp_code(secret, later + shift) for shift in (-30, 0, 30)})
    assert not totp_matches(secret, code, at=later)
