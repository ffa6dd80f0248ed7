"""Role, Permission and UserRole on ``/api/v1/role`` and ``/api/v3/users/{uid}/roles`` payloads."""

from __future__ import annotations

from datetime import timedelta

from pydantic import TypeAdapter

from pycpg.models import Permission, Role, UserRole

from ._wire import assert_wire_equal

# Keys of documented ``/api/v1/role`` and ``/api/v3/users/{uid}/roles`` items.
ROLE_WIRE_KEYS = {
    "roleId", "roleName", "locked", "numberOfUsers", "creationDate", "modificationDate", "permissions",
}  # fmt: skip
USER_ROLE_WIRE_KEYS = {"roleId", "roleName", "creationDate", "modificationDate", "permissionIds"}

_ROLES = TypeAdapter(list[Role])
_USER_ROLES = TypeAdapter(list[UserRole])


def test_model_aliases_are_exactly_the_spec_wire_keys() -> None:
    assert {f.alias for f in Role.model_fields.values()} == ROLE_WIRE_KEYS
    assert {f.alias for f in UserRole.model_fields.values()} == USER_ROLE_WIRE_KEYS
    assert {f.alias for f in Permission.model_fields.values()} == {"permission", "description"}


def test_cloud_v1_role_with_permissions() -> None:
    payload = {
        "roleId": "alert-emails",
        "roleName": "Alert Emails",
        "numberOfUsers": 1,
        "creationDate": "2019-01-10T20:29:51.241Z",
        "modificationDate": "2021-02-03T21:12:20.660Z",
        "permissions": [
            {"permission": "admin.receives_alert.email", "description": "Receives alerts by email"}
        ],
    }

    role = Role.model_validate(payload)

    assert role.role_id == "alert-emails"
    assert role.role_name == "Alert Emails"
    assert role.number_of_users == 1
    assert role.locked is None
    assert role.permissions == [
        Permission(permission="admin.receives_alert.email", description="Receives alerts by email")
    ]
    assert role.creation_date is not None and role.creation_date.utcoffset() == timedelta(0)
    assert_wire_equal(role.model_dump(by_alias=True, mode="json", exclude_unset=True), payload)


def test_on_prem_role_keeps_integer_id_and_lock() -> None:
    role = Role.model_validate(
        {"roleId": 3, "roleName": "PROe User", "locked": True, "creationDate": "2013-10-21T13:51:02.126-05:00", "permissions": []}
    )

    assert type(role.role_id) is int and role.role_id == 3
    assert role.locked is True
    assert role.permissions == []
    assert role.creation_date is not None
    assert role.creation_date.utcoffset() == timedelta(hours=-5)
    assert role.model_dump(by_alias=True, mode="json", exclude_unset=True)["roleId"] == 3


def test_numeric_string_role_id_stays_a_string() -> None:
    role = Role.model_validate({"roleId": "1234543", "roleName": "Customer Cloud Admin"})

    assert role.role_id == "1234543"
    assert isinstance(role.role_id, str)


def test_role_list_with_mixed_item_shapes() -> None:
    # pycpg's all-roles mock mixes v3-style items (permissionIds) into the v1 list.
    roles = _ROLES.validate_python(
        [
            {"roleId": "desktop-user", "roleName": "Desktop User", "permissionIds": []},
            {"roleId": "alert-emails", "roleName": "Alert Emails", "numberOfUsers": 1, "permissions": []},
        ]
    )

    assert [r.role_id for r in roles] == ["desktop-user", "alert-emails"]
    assert roles[0].model_extra == {"permissionIds": []}
    assert roles[0].permissions is None and roles[1].permissions == []


def test_v3_user_roles() -> None:
    payload = [
        {
            "roleId": "desktop-user",
            "roleName": "Desktop User",
            "modificationDate": "2022-01-14T17:30:29.227+00:00",
            "creationDate": "2019-01-10T20:29:51.343+00:00",
            "permissionIds": [],
        },
        {
            "roleId": "customer-cloud-admin",
            "roleName": "Customer Cloud Admin",
            "modificationDate": "2022-05-06T18:11:21.780+00:00",
            "creationDate": "2019-01-10T20:29:51.330+00:00",
            "permissionIds": [],
        },
    ]

    roles = _USER_ROLES.validate_python(payload)

    assert [r.role_id for r in roles] == ["desktop-user", "customer-cloud-admin"]
    assert [r.role_name for r in roles] == ["Desktop User", "Customer Cloud Admin"]
    assert all(r.permission_ids == [] for r in roles)
    assert roles[1].modification_date is not None
    assert roles[1].modification_date.utcoffset() == timedelta(0)
    assert roles[1].modification_date.microsecond == 780000
    assert [r.model_dump(by_alias=True, exclude_unset=True).keys() for r in roles] == [
        p.keys() for p in payload
    ]
    assert _USER_ROLES.validate_python(_USER_ROLES.dump_python(roles, by_alias=True, mode="json")) == roles


def test_user_role_permission_ids_of_any_type_are_kept() -> None:
    role = UserRole.model_validate({"roleId": 7, "roleName": "Seven", "permissionIds": ["computer.read", 12]})

    assert role.role_id == 7
    assert role.permission_ids == ["computer.read", 12]
