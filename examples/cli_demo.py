"""The `pycpg` command line in action: a device report as CSV, then an incremental audit-log export.

    python examples/cli_demo.py

Runs the `pycpg` console script (installed with `pip install 'pycpg[cli]'`, and by
`make`) as a shell user would. With CRASHPLAN_HOST, CRASHPLAN_USERNAME and
CRASHPLAN_PASSWORD set it talks to that console; without them it starts the embedded
emulator and points the variables at it. The export keeps its checkpoint in a
temporary folder, so the second run shows that nothing is exported twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

COMMAND = Path(sys.executable).parent / "pycpg"


@contextmanager
def console_environment() -> Iterator[tuple[dict[str, str], str]]:
    """The environment the command line signs in with, and where the export starts.

    The configured console (exporting its last 7 days), or a fresh emulator (exporting
    its generated history: the 30 days before its clock).
    """
    if os.environ.get("CRASHPLAN_HOST"):
        yield dict(os.environ), "7d"
        return
    from pycpg.emulator import Emulator

    with Emulator(seed=7, now=os.environ.get("PYCPG_EMULATOR_NOW") or None) as emulator:
        account = emulator.plain_admin
        print(f"Embedded CrashPlan emulator at {emulator.url}", file=sys.stderr)
        environment = {**os.environ, "CRASHPLAN_HOST": emulator.url, "CRASHPLAN_USERNAME": account.username,
                       "CRASHPLAN_PASSWORD": account.password}
        yield environment, (emulator.now - timedelta(days=31)).strftime("%Y-%m-%d")


def shell(environment: dict[str, str], *arguments: str) -> None:
    """Run `pycpg ARGUMENTS`, echoing the command line first; stop on failure."""
    print(f"$ pycpg {' '.join(arguments)}", flush=True)
    done = subprocess.run([str(COMMAND), *arguments], env=environment, check=False)
    if done.returncode != 0:
        raise SystemExit(done.returncode)


def main(environment: dict[str, str], folder: Path, since: str) -> None:
    shell(environment, "devices", "list", "--active", "--include-backup-usage", "-f", "csv",
          "--columns", "computerId,name,osName,lastConnected")
    feed = ["audit-logs", "export", "--checkpoint", "demo", "--state", str(folder / "state"),
            "-o", str(folder / "audit.jsonl"), "--since", since]
    shell(environment, *feed)
    shell(environment, *feed)  # the checkpoint says everything was exported: nothing new
    with (folder / "audit.jsonl").open(encoding="utf-8") as lines:
        print(f"audit.jsonl holds {sum(1 for _ in lines)} events, each once")


if __name__ == "__main__":
    with console_environment() as (env, start), tempfile.TemporaryDirectory() as scratch:
        main(env, Path(scratch), start)
