"""The public surface of ``pycpg.models``."""

from __future__ import annotations

import pycpg.models

EXPECTED = {
    "AgentState",
    "BackupActivity",
    "BackupUsage",
    "Device",
    "DevicePage",
    "LoginConfig",
    "MasterServicesAgreement",
    "Org",
    "OrgPage",
    "OrgReporting",
    "OrgSettingsSummary",
    "Permission",
    "PycpgModel",
    "Role",
    "ScimUser",
    "Tenant",
    "Timestamp",
    "User",
    "UserPage",
    "UserRole",
}


def test_all_lists_every_public_name_and_each_resolves() -> None:
    assert set(pycpg.models.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(pycpg.models, name) is not None


def test_every_model_derives_from_pycpg_model_and_documents_its_endpoint() -> None:
    for name in EXPECTED - {"PycpgModel", "Timestamp"}:
        cls = getattr(pycpg.models, name)
        assert issubclass(cls, pycpg.models.PycpgModel)
        assert cls.__doc__ and "/api/" in cls.__doc__, name
