"""Local CrashPlan API emulator.

An in-process (or ``python -m pycpg.emulator``) HTTP server (https with
``tls=True``) with a stateful tenant generated from a seed, deterministic when its
``now`` is pinned (by default its history ends at the real current time); every
service the console names is served on an origin of its own. It imports nothing from
the SDK layers: it is the other side of the wire and builds its JSON from its own
records.

Example::

    with Emulator(seed=7) as emu:
        requests.get(f"{emu.url}/api/v3/auth/jwt?useBody=true",
                     auth=(emu.admin.username, emu.admin.password),
                     headers={"totp-auth": emu.totp()})
"""

from __future__ import annotations

from pycpg.emulator.auth import Account
from pycpg.emulator.faults import Fault
from pycpg.emulator.journal import JournalEntry
from pycpg.emulator.server import Emulator
from pycpg.emulator.totp import totp_code

__all__ = ["Account", "Emulator", "Fault", "JournalEntry", "totp_code"]
