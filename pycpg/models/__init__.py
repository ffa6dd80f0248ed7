"""Pydantic models of CrashPlan API payloads (pure data, no I/O)."""

from pycpg.models._base import PycpgModel, Timestamp
from pycpg.models.devices import BackupActivity, BackupUsage, Device, DevicePage
from pycpg.models.tenant import LoginConfig, MasterServicesAgreement, Tenant
from pycpg.models.users import User, UserPage

__all__ = [
    "BackupActivity",
    "BackupUsage",
    "Device",
    "DevicePage",
    "LoginConfig",
    "MasterServicesAgreement",
    "PycpgModel",
    "Tenant",
    "Timestamp",
    "User",
    "UserPage",
]
