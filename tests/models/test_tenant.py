"""Tenant and LoginConfig on ``/api/v3`` payloads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pycpg.constants import LoginType
from pycpg.models import LoginConfig, MasterServicesAgreement, Tenant


def test_tenant_from_customer_my() -> None:
    payload = {
        "name": "Example Corp",
        "registrationKey": "1234567890123456",
        "deploymentModel": "PUBLIC",
        "maintenanceMode": False,
        "tenantUid": "6f1c2a9e-1b7d-4d8a-9c3e-2f4b5a6c7d8e",
        "masterServicesAgreement": {"accepted": True, "acceptanceRequired": False},
        "error": None,
        "warnings": None,
    }

    tenant = Tenant.model_validate(payload)

    assert tenant.registration_key == "1234567890123456"
    assert tenant.tenant_uid == "6f1c2a9e-1b7d-4d8a-9c3e-2f4b5a6c7d8e"
    assert tenant.maintenance_mode is False
    assert tenant.master_services_agreement == MasterServicesAgreement(
        accepted=True, acceptance_required=False
    )
    # Envelope siblings are not fields but survive as extras.
    assert tenant.model_extra == {"error": None, "warnings": None}
    assert tenant.model_dump(by_alias=True) == payload


def test_login_config_accepts_unknown_login_types() -> None:
    known = LoginConfig.model_validate({"loginType": "LOCAL_2FA"}).login_type
    assert known == "LOCAL_2FA" and known is LoginType.LOCAL_2FA
    newer = LoginConfig.model_validate({"loginType": "SOMETHING_NEW"}).login_type
    assert newer == "SOMETHING_NEW" and type(newer) is str
    assert LoginConfig(login_type="LOCAL").model_dump(by_alias=True) == {"loginType": "LOCAL"}
    assert LoginConfig(login_type=LoginType.CLOUD_SSO).model_dump(by_alias=True, mode="json") == {
        "loginType": "CLOUD_SSO"
    }


def test_login_config_and_tenant_require_their_key() -> None:
    # pycpg 1.0 indexes response["loginType"] and response["tenantUid"].
    with pytest.raises(ValidationError):
        LoginConfig.model_validate({})
    with pytest.raises(ValidationError):
        Tenant.model_validate({"name": "Example Corp"})


def test_unknown_login_type_fails_in_strict_mode_only() -> None:
    with pytest.raises(ValidationError) as caught:
        LoginConfig.model_validate_json(b'{"loginType": "SOMETHING_NEW"}', strict=True)
    assert caught.value.errors()[0]["type"] == "unknown_value"
    assert LoginConfig.model_validate_json(b'{"loginType": "LOCAL"}', strict=True).login_type is LoginType.LOCAL
