"""Seeded storage-side state: per-device secrets, backup sets and connections, file trees,
cold-storage hold dates and the restore history.

Each part draws from its own random stream keyed by the seed (trees by the seed and the
device guid), so none of this changes any other generated value, and a tree is the same
whenever it is first built.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pycpg.emulator.archive_tree import POSIX_ROOT, WINDOWS_ROOT, ArchiveTree, FileContent
from pycpg.emulator.archives import DEFAULT_BACKUP_SET_ID, ArchiveProfile, BackupSet
from pycpg.emulator.mint import TimeFrame
from pycpg.emulator.records import DeviceRecord, UserRecord
from pycpg.emulator.restore import PUSH, WEB, RestoreEvent
from pycpg.emulator.wire import ZONES

_DAY = timedelta(days=1)
_TEXT_SUFFIXES = (".txt", ".md", ".csv", ".json", ".html", ".py", ".css", ".m3u")
_TEXT_NAMES = ("LICENSE", "Makefile")
_SET_NAMES = ("Work files", "Photos", "Source code", "Finance", "Design assets")
#: Directory under the home folder → the file names it may hold.
_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Documents", ("report.txt", "notes.md", "budget.xlsx", "resume.docx", "contacts.csv")),
    ("Documents/Reports", ("q1-summary.pdf", "q2-summary.pdf", "annual-review.docx", "metrics.csv")),
    ("Documents/Reports/2025", ("january.txt", "february.txt", "march.txt", "board-deck.pptx")),
    ("Documents/Taxes", ("return-2024.pdf", "receipts.zip", "checklist.txt")),
    ("Desktop", ("todo.txt", "screenshot.png", "meeting notes.md")),
    ("Downloads", ("installer.pkg", "statement.pdf", "data-export.json", "photo.jpg")),
    ("Pictures", ("holiday-001.jpg", "holiday-002.jpg", "family.png", "scan.tiff")),
    ("Pictures/Trips/Lisbon", ("tram.jpg", "harbor.jpg", "itinerary.txt")),
    ("Projects/website", ("LICENSE", "requirements.txt", "Makefile")),
    ("Projects/website/src", ("index.html", "app.py", "style.css", "README.md")),
    ("Music", ("playlist.m3u", "demo.mp3")),
)
_HIDDEN = (".bash_history", ".zshrc", ".gitconfig")


# -- profiles -----------------------------------------------------------------


def generate_profiles(seed: int, devices: Sequence[DeviceRecord]) -> dict[str, ArchiveProfile]:
    """One profile per device. The first two devices (the restricted account's) need no
    secret and keep the default backup set; among the others one each is pinned to need an
    archive password, to need a custom key, to lack backup set ``"1"`` and to be offline.
    """
    rng = random.Random(f"pycpg-emulator-archives:{seed}")
    picks = rng.sample(range(2, len(devices)), k=min(4, max(len(devices) - 2, 0)))
    pinned = dict(zip(picks, ("password", "key", "custom_sets", "offline")))
    return {device.guid: _profile(rng, device, pinned.get(index), index < 2) for index, device in enumerate(devices)}


def plain_profile(device: DeviceRecord) -> ArchiveProfile:
    """The profile of a device the generator did not see: no secrets, the default set."""
    return ArchiveProfile(None, None, (BackupSet(DEFAULT_BACKUP_SET_ID, "Default"),), device.active)


def _profile(rng: random.Random, device: DeviceRecord, trait: str | None, plain: bool) -> ArchiveProfile:
    free = trait is None and not plain
    password = trait == "password" or (free and rng.random() < 0.1)
    key = trait == "key" or (free and not password and rng.random() < 0.08)
    extra = [BackupSet(str(rng.randrange(10**18, 10**19)), name)
             for name in rng.sample(_SET_NAMES, k=rng.choice((0, 0, 1, 2)))]
    if trait == "custom_sets" or (free and rng.random() < 0.15):
        sets = extra or [BackupSet(str(rng.randrange(10**18, 10**19)), _SET_NAMES[0])]
    else:
        sets = [BackupSet(DEFAULT_BACKUP_SET_ID, "Default"), *extra]
    connected = device.active and trait != "offline" and (plain or rng.random() < 0.85)
    return ArchiveProfile(
        password=f"archive-pw-{rng.getrandbits(32):08x}" if password else None,
        encryption_key=f"{rng.getrandbits(256):064x}" if key else None,
        backup_sets=tuple(sets),
        connected=connected,
    )


def generate_hold_dates(seed: int, devices: Sequence[DeviceRecord],
                        frame: TimeFrame | None = None) -> dict[str, datetime | None]:
    """A purge date for each archive of a deactivated device: the first has none, the second
    one, then a quarter have none; dates are midnights (in the tenant's zone) 5 to 365 days
    after the frame's ``now``."""
    frame = frame or TimeFrame()
    rng = random.Random(f"pycpg-emulator-cold-storage:{seed}")
    archives = [usage.archive_guid for device in devices if not device.active for usage in device.backup_usage]
    dates: dict[str, datetime | None] = {}
    for index, guid in enumerate(archives):
        empty = index == 0 or (index > 1 and rng.random() < 0.25)
        day = frame.local(frame.now + rng.randrange(5, 366) * _DAY)
        rng.choice(ZONES)  # the zone earlier releases mixed in: drawn so later draws stay the same
        dates[guid] = None if empty else day.replace(hour=0, minute=0, second=0, microsecond=0)
    return dates


# -- trees ----------------------------------------------------------------------


def tree_root(device: DeviceRecord) -> str:
    """``C:/`` for Windows devices, ``/`` for the rest."""
    return WINDOWS_ROOT if device.os_name == "win" else POSIX_ROOT


def home_dir(device: DeviceRecord) -> str:
    """The owner's home folder on the device."""
    name = device.user.username.split("@", 1)[0]
    if device.os_name == "win":
        return f"C:/Users/{name}"
    return f"/Users/{name}" if device.os_name == "mac" else f"/home/{name}"


class _TreeBuilder:
    """Draws a device's tree from its own random stream."""

    def __init__(self, seed: int, device: DeviceRecord, frame: TimeFrame) -> None:
        self.rng = random.Random(f"pycpg-emulator-archive-tree:{seed}:{device.guid}")
        self.key = f"pycpg-emulator-file|{seed}|{device.guid}"
        self.rng.choice(ZONES)  # the zone earlier releases mixed in: drawn so later draws stay the same
        self.frame = frame
        self.tree = ArchiveTree(device.guid, tree_root(device), self._moment(700, 900))

    def _moment(self, min_days: int, max_days: int) -> datetime:
        """A whole second between ``max_days`` and ``min_days`` before the frame's ``now``."""
        seconds = self.rng.randrange(min_days * 86_400, max_days * 86_400)
        return self.frame.local(self.frame.now.replace(microsecond=0) - timedelta(seconds=seconds))

    def add(self, path: str) -> None:
        name = path.rsplit("/", 1)[-1]
        text = name in _TEXT_NAMES or name.endswith(_TEXT_SUFFIXES) or name.startswith(".")
        size = self.rng.randrange(100, 6_000) if text else self.rng.randrange(1_024, 256 * 1_024)
        modified = self._moment(2, 700)
        backed_up = min(modified + timedelta(milliseconds=self.rng.randrange(60_000, 86_400_000)),
                        self.frame.local(self.frame.now - timedelta(seconds=1)))
        self.tree.add_file(path, FileContent(f"{self.key}|{path}", size, text=text), modified, backed_up)

    def build(self, home: str) -> ArchiveTree:
        for directory, names in _LAYOUT:
            if directory == "Documents" or self.rng.random() < 0.6:
                for name in self.rng.sample(names, k=self.rng.randint(1, min(4, len(names)))):
                    self.add(f"{home}/{directory}/{name}")
        for name in self.rng.sample(_HIDDEN, k=self.rng.randint(1, 2)):
            self.add(f"{home}/{name}")
        return self.tree


def generate_tree(seed: int, device: DeviceRecord, frame: TimeFrame | None = None) -> ArchiveTree:
    """The device's backed-up files under its owner's home folder."""
    return _TreeBuilder(seed, device, frame or TimeFrame()).build(home_dir(device))


# -- restore history ----------------------------------------------------------------


def seed_restore_history(seed: int, devices: Sequence[DeviceRecord], admins: Sequence[UserRecord],
                         count: int = 30, frame: TimeFrame | None = None) -> list[RestoreEvent]:
    """``count`` completed restores over the 150 days before the frame's ``now``, oldest first;
    the first one restores from the first device (the restricted account's)."""
    frame = frame or TimeFrame()
    if not devices:
        return []
    rng = random.Random(f"pycpg-emulator-restore-history:{seed}")
    drafts = sorted((_draft(rng, devices[0] if index == 0 else rng.choice(devices), devices, admins, frame)
                     for index in range(count)), key=lambda draft: draft["start"])
    first_id = rng.randrange(1_000, 5_000)
    uids = rng.sample(range(10**17, 10**18), k=len(drafts))
    return [RestoreEvent(event_uid=str(uid), restore_id=first_id + index, **draft)
            for index, (uid, draft) in enumerate(zip(uids, drafts))]


def _draft(rng: random.Random, source: DeviceRecord, devices: Sequence[DeviceRecord],
           admins: Sequence[UserRecord], frame: TimeFrame) -> dict[str, Any]:
    start = frame.now - timedelta(milliseconds=rng.randrange(3_600_000, 150 * 86_400_000))
    push = rng.random() < 0.3
    own = [device for device in devices if device.user is source.user and device.active] or [source]
    requester = source.user if rng.random() < 0.5 or not admins else rng.choice(list(admins))
    return {
        "restore_type": PUSH if push else WEB,
        "source": source,
        "accepting_guid": rng.choice(own).guid if push else None,
        "requesting_username": requester.username,
        "file_count": rng.randrange(1, 2_000),
        "byte_count": rng.randrange(10_000, 5 * 1024**3),
        "start": frame.local(start),
        "completed": frame.local(min(start + timedelta(seconds=rng.randrange(5, 7_200)), frame.now)),
    }
