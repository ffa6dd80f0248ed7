"""Tenant and LoginConfig on ``/api/v3`` payloads."""

from __future__ import annotations

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
    assert LoginConfig.model_validate({"loginType": "LOCAL_2FA"}).login_type == "LOCAL_2FA"
    assert LoginConfig.model_validate({"loginType": "SOMETHING_NEW"}).login_type == "SOMETHING_NEW"
    assert LoginConfig(login_type="LOCAL").model_dump(by_alias=True) == {"loginType": "LOCAL"}
