"""Restore one file from a device's backup to a local file.

    python examples/restore_one_file.py DEVICE_GUID /Users/ann/Documents/report.txt
    python examples/restore_one_file.py DEVICE_GUID 'C:/Users/ann/notes.md' restored-notes.md

The file streams to a temporary file next to the target, which then replaces
the target in one step: an interrupted restore never leaves a half-written
file behind. The target defaults to the file's name in the current directory.
Set CRASHPLAN_HOST, CRASHPLAN_USERNAME and CRASHPLAN_PASSWORD for a real
console, where the device and path are required. Against the embedded emulator
they may be left out: the script then restores the first file under Documents
of the emulator's first device.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path, PureWindowsPath

from _connect import connect
from pycpg.exceptions import PycpgArchiveFileNotFoundError
from pycpg.sdk import SDKClient


def restore(sdk: SDKClient, device_guid: str, path: str, target: Path) -> int:
    """Write the backed-up file to ``target`` atomically; returns its size in bytes."""
    response = sdk.archive.stream_from_backup(path, device_guid)
    # mkstemp creates the file readable by its owner only, which suits restored data.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            size = sum(out.write(chunk) for chunk in response.iter_content(chunk_size=64 * 1024))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return size


def main(sdk: SDKClient, device_guid: str, path: str, target: Path | None = None) -> int:
    # PureWindowsPath splits on both "/" and "\", so it names POSIX and Windows paths alike.
    target = target or Path(PureWindowsPath(path).name)
    try:
        size = restore(sdk, device_guid, path, target)
    except PycpgArchiveFileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Restored {path} from device {device_guid} to {target} ({size} bytes)")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("device_guid", nargs="?")
    parser.add_argument("path", nargs="?", help="the file's path in the backup")
    parser.add_argument("target", nargs="?", type=Path, help="the local file to write (default: its name, here)")
    args = parser.parse_args()
    with connect() as console:
        if args.path:
            raise SystemExit(main(console.sdk, args.device_guid, args.path, args.target))
        if console.emulator is None:
            parser.error("give the device guid and the file's path")
        guid = console.emulator.tenant.devices[0].guid
        path = next(path for path, _ in console.emulator.archive_files(guid) if "/Documents/" in path)
        raise SystemExit(main(console.sdk, guid, path))
