"""Run a command with a pseudo-terminal as its stderr (and stdin), as a user at a terminal would."""

from __future__ import annotations

import os
import pty
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TerminalRun:
    """What the command printed to stdout (a pipe), and everything the terminal showed."""

    returncode: int
    stdout: str
    shown: bytes


def on_terminal(command: Sequence[str], env: dict[str, str], *, prompt: bytes | None = None, answer: str = "",
                timeout: float = 120) -> TerminalRun:
    """Run ``command`` with stdin and stderr on a terminal; when ``prompt`` shows, type ``answer`` and Enter."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(list(command), env=env, stdin=follower, stdout=subprocess.PIPE, stderr=follower,
                                   text=True)
    finally:
        os.close(follower)
    try:
        shown = b""
        if prompt is not None:
            while prompt not in shown:
                chunk = _read(leader)
                assert chunk, f"no prompt {prompt!r}; the terminal showed {shown!r}"
                shown += chunk
            os.write(leader, f"{answer}\n".encode())
        out = process.stdout
        assert out is not None
        collected: list[str] = []
        reader = threading.Thread(target=lambda: collected.append(out.read()))  # neither pipe may fill up
        reader.start()
        while chunk := _read(leader):  # until the command closes the terminal (it ended)
            shown += chunk
        process.wait(timeout=timeout)
        reader.join(timeout)
        stdout = "".join(collected)
    finally:
        os.close(leader)
    return TerminalRun(process.returncode, stdout, shown)


def _read(leader: int) -> bytes:
    try:
        return os.read(leader, 4096)
    except OSError:  # the command closed its end
        return b""
