"""``import pycpg.sdk`` is cheap: pydantic and the models load on the first typed use.

Each check runs in a fresh interpreter (``sys.modules`` of this test process has
long had pydantic in it). The emulator runs here, in the parent; the child gets
its address and an account through the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

import pycpg.models
from pycpg.emulator import Emulator

#: Imported by the child before anything else: what is loaded, as a JSON-able fact.
_PRELUDE = """
import json, os, sys

def heavy():
    return sorted(
        name for name in sys.modules
        if name.split(".")[0] in ("pydantic", "pydantic_core", "annotated_types", "werkzeug", "hypothesis")
        or name.startswith("pycpg.models.") or name.startswith("pycpg.emulator")
    )

def expect_light(step):
    loaded = heavy()
    assert not loaded, f"after {step}: {loaded[:8]}"
"""


def _run(body: str, env: dict[str, str] | None = None) -> str:
    """Run ``body`` (after the prelude) in a fresh interpreter; its stdout, or fail with its stderr."""
    code = _PRELUDE + textwrap.dedent(body)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_importing_the_sdk_loads_neither_pydantic_nor_a_model() -> None:
    _run("""
        import pycpg.sdk
        import pycpg.models  # the package itself is lazy too
        expect_light("import pycpg.sdk")
        assert "pydantic" not in sys.modules
        assert not [m for m in sys.modules if m.startswith("pycpg.models.")]
    """)


def test_a_dict_style_script_never_imports_pydantic(emulator: Emulator) -> None:
    account = emulator.plain_admin
    env = {
        "LAZY_URL": emulator.url, "LAZY_USER": account.username, "LAZY_PASSWORD": account.password,
        "LAZY_GUID": str(emulator.tenant.devices[0].guid),
    }
    out = _run("""
        import pycpg.sdk

        sdk = pycpg.sdk.from_local_account(os.environ["LAZY_URL"], os.environ["LAZY_USER"], os.environ["LAZY_PASSWORD"])
        users = [user for page in sdk.users.get_all() for user in page["users"]]
        assert users and all("username" in user for user in users)
        me = sdk.users.get_current()
        assert me["username"] == os.environ["LAZY_USER"] and me.data["userUid"] and me.text
        settings = sdk.devices.get_settings(os.environ["LAZY_GUID"])
        assert settings["guid"] == settings.data["guid"] and isinstance(settings.name, str)
        settings.backup_sets
        settings.warning_email_enabled
        repr(settings), repr(me)
        expect_light("a dict-style script")

        # The first typed use loads pydantic and the models, and works.
        user = me.model()
        assert type(user).__name__ == "User" and user.username == os.environ["LAZY_USER"]
        assert "pydantic" in sys.modules and "pycpg.models.users" in sys.modules
        assert settings.guid == os.environ["LAZY_GUID"]  # identity fields: parsed from the response
        device = next(sdk.devices.iter_all())
        assert type(device).__name__ == "Device"
        print(json.dumps({"users": len(users)}))
    """, env)
    assert json.loads(out)["users"] >= 1


def test_iter_all_loads_the_models_on_first_use(emulator: Emulator) -> None:
    account = emulator.plain_admin
    env = {"LAZY_URL": emulator.url, "LAZY_USER": account.username, "LAZY_PASSWORD": account.password}
    _run("""
        import pycpg.sdk

        sdk = pycpg.sdk.from_local_account(os.environ["LAZY_URL"], os.environ["LAZY_USER"], os.environ["LAZY_PASSWORD"])
        users = sdk.users.iter_all()
        expect_light("iter_all() before the first item")
        first = next(users)
        assert type(first).__name__ == "User" and "pydantic" in sys.modules
    """, env)


@pytest.mark.parametrize(
    "access",
    [
        "from pycpg.models import Device",
        "import pycpg.models; Device = pycpg.models.Device",
        "from pycpg.models import *",
    ],
)
def test_a_model_import_loads_the_model(access: str) -> None:
    _run(f"""
        import pycpg.sdk
        {access}
        from pycpg.models.devices import Device as Defined
        assert Device is Defined
        document = {{
            "computerId": 1, "guid": "g", "name": "n", "status": "Active", "active": True,
            "userId": 2, "userUid": "u2", "orgId": 3,
        }}
        assert Device.model_validate(document).computer_id == 1
        assert "pydantic" in sys.modules
    """)


def test_the_area_classes_stay_importable_from_pycpg_sdk() -> None:
    _run("""
        import pycpg.sdk
        from pycpg.sdk import UserContext, UserService  # pycpg 1.0 has UserContext here
        from pycpg.usercontext import UserContext as Defined
        assert UserContext is Defined and UserService.__name__ == "UserService"
        expect_light("from pycpg.sdk import UserContext")
        try:
            pycpg.sdk.NoSuchName
        except AttributeError as error:
            assert "NoSuchName" in str(error)
        else:
            raise AssertionError("an unknown name resolved")
    """)


def test_dir_lists_every_public_name() -> None:
    out = _run("""
        import pycpg.models
        names = dir(pycpg.models)
        expect_light("dir(pycpg.models)")
        print(json.dumps(names))
    """)
    assert set(pycpg.models.__all__) <= set(json.loads(out))


def test_every_public_name_resolves_lazily() -> None:
    out = _run("""
        import pycpg.models
        expect_light("import pycpg.models")
        resolved = {}
        for name in pycpg.models.__all__:
            value = getattr(pycpg.models, name)
            module = getattr(value, "__module__", None)
            resolved[name] = module if isinstance(module, str) and module.startswith("pycpg.") else None
        try:
            pycpg.models.NoSuchModel
        except AttributeError as error:
            assert "NoSuchModel" in str(error)
        else:
            raise AssertionError("an unknown name resolved")
        print(json.dumps(resolved))
    """)
    resolved = json.loads(out)
    assert sorted(resolved) == sorted(pycpg.models.__all__)
    for name in pycpg.models.__all__:  # the same objects as the submodules define
        value = getattr(pycpg.models, name)
        assert value is not None, name
        if resolved[name] is not None:
            assert resolved[name] == value.__module__, name


def test_a_lazy_type_pickles_as_the_model_it_names() -> None:
    import copy
    import pickle

    from pycpg.models import AgentState, Device
    from pycpg.services import _lazy as lazy

    assert pickle.loads(pickle.dumps(lazy.Device)) is Device
    copied: object = copy.deepcopy(lazy.AgentStates)  # the copy is the type itself
    assert copied == list[AgentState]
    assert lazy.Device.resolve() is Device
