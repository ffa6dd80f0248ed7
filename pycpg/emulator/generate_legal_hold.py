"""Seeded legal-hold history: two policies, four matters (one closed), custodians and their events.

A separate random stream (keyed by the seed), so adding legal holds leaves every
other generated value alone. Every date lies before the frame's ``now`` (the clock's
start) and is written in the tenant's zone.

Only *inactive* users stay held (departed employees, the usual custodians): a
current user added to an active matter is released again later, and the closed
matter holds nobody. So generated holds never block deactivating a current user.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from pycpg.emulator.legal_hold import DEFAULT_POLICY_SETTINGS, Change, HoldPrincipal, LegalHoldStore, MatterRecord
from pycpg.emulator.mint import Mint, TimeFrame
from pycpg.emulator.records import UserRecord

_DAY_MS = 86_400_000
_UID_DIGITS = 18

#: name, description, notes, external reference
_MATTERS = (
    ("Northwind v. Harbor Robotics", "Breach of contract litigation", "Outside counsel: Ruiz & Partners",
     "LIT-2025-014"),
    ("SEC inquiry 2025-07", "Regulatory document request", None, "REG-0007"),
    ("Employment dispute (Finance)", "", "Preserve mailbox and laptop", None),
    ("Patent review: sensor housing", "Prior-art investigation", None, "IP-221"),
)
_EXECUTIVE_SETTINGS = {
    **DEFAULT_POLICY_SETTINGS,
    "scanTime": "01:30",
    "backupRunWindow": {"alwaysRun": False, "startTimeOfDay": "20:00", "endTimeOfDay": "06:00",
                        "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]},
}


class _History:
    """Draws uids and past instants from one seeded stream and applies changes to the store."""

    def __init__(self, seed: int, store: LegalHoldStore, frame: TimeFrame) -> None:
        self.rng = random.Random(f"pycpg-emulator-legal-hold:{seed}")
        self.mint = Mint(self.rng, frame)
        self.store = store
        self.frame = frame
        self.now = frame.now

    def uid(self) -> str:
        return self.mint.digits(_UID_DIGITS, self.store.taken)

    def between(self, start: datetime, end: datetime) -> datetime:
        """An instant (whole milliseconds after ``start``, in the tenant's zone) in ``[start, end]``."""
        start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
        span = max((end - start) // timedelta(milliseconds=1), 0)
        return self.frame.local(start + timedelta(milliseconds=self.rng.randrange(span + 1)))

    def days_ago(self, low: int, high: int) -> datetime:
        return self.between(self.now - timedelta(days=high), self.now - timedelta(days=low))

    def change(self, actor: HoldPrincipal, at: datetime) -> Change:
        return Change(actor, at, self.uid)


def _custodians(history: _History, matter: MatterRecord, users: Sequence[UserRecord], actor: HoldPrincipal,
                closed: bool) -> datetime:
    """Add custodians after the matter's creation; returns the last instant used."""
    last = matter.creation_date
    chosen = history.rng.sample(list(users), k=min(len(users), history.rng.randint(2, 4)))
    for user in chosen:
        joined = history.between(matter.creation_date + timedelta(hours=1), history.now - timedelta(days=20))
        member = history.store.add_custodian(history.change(actor, joined), matter, user)
        last = max(last, joined)
        if user.active and not closed:
            released = history.between(joined + timedelta(hours=1), history.now - timedelta(days=10))
            history.store.release(history.change(actor, released), member)
            last = max(last, released)
    return last


def seed_legal_holds(seed: int, store: LegalHoldStore, admins: Sequence[UserRecord],
                     custodians: Sequence[UserRecord], api_client_id: str, frame: TimeFrame | None = None) -> None:
    """Fill ``store`` with a history made by ``admins`` and the API client, holding some ``custodians``."""
    history = _History(seed, store, frame or TimeFrame())
    store.hook_actor = HoldPrincipal.api_key(api_client_id)
    actors = [HoldPrincipal.of_user(user) for user in admins] or [store.hook_actor]
    policies = [store.create_policy(history.change(actors[0], history.days_ago(400, 700)), name, settings)
                for name, settings in (("Standard preservation", DEFAULT_POLICY_SETTINGS),
                                       ("Executive preservation", _EXECUTIVE_SETTINGS))]
    closed, reopened = history.rng.sample(range(len(_MATTERS)), k=2)
    for index, (name, description, notes, ext_ref) in enumerate(_MATTERS):
        actor = store.hook_actor if index == len(_MATTERS) - 1 else history.rng.choice(actors)
        created = history.days_ago(60, 380)
        matter = store.create_matter(history.change(actor, created), policies[index % len(policies)], name,
                                     description, notes, ext_ref)
        last = _custodians(history, matter, custodians, actor, closed=index == closed)
        if index in (closed, reopened):
            ended = history.between(last + timedelta(hours=1), history.now - timedelta(days=5))
            store.set_matter_active(history.change(actor, ended), matter, False)
        if index == reopened:
            again = history.between(matter.last_modified_date + timedelta(hours=1), history.now - timedelta(days=1))
            store.set_matter_active(history.change(actor, again), matter, True)
