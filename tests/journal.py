"""Helpers to read the emulator's request journal in tests."""

from __future__ import annotations

from pycpg.emulator import Emulator, JournalEntry


def requests_to(emulator: Emulator, path: str) -> list[JournalEntry]:
    """The journal entries for ``path``, in order."""
    return [entry for entry in emulator.journal if entry.path == path]


def only_request(emulator: Emulator) -> JournalEntry:
    """The single request the emulator received since the journal was cleared."""
    journal = emulator.journal
    assert len(journal) == 1, [(e.method, e.path) for e in journal]
    return journal[0]
