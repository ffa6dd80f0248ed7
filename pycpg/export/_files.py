"""Where an export goes: a path, written atomically, or an open text stream."""

from __future__ import annotations

import io
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Protocol, TypeAlias

__all__ = ["Destination", "TextSink", "opened"]


class TextSink(Protocol):
    """Anything with a text ``write`` method: an open text file, ``sys.stdout``, ``io.StringIO``."""

    def write(self, text: str, /) -> object:
        """Write ``text``."""
        ...


#: Where a writer writes: a file path (``str`` or ``os.PathLike``), or an open text stream.
Destination: TypeAlias = str | os.PathLike[str] | TextSink


@contextmanager
def opened(dest: Destination) -> Iterator[TextSink]:
    """The stream to write ``dest`` through.

    A path is written atomically: into a new temporary file in the same folder
    (created readable and writable by its owner only), which is flushed, synced to
    disk and then renamed over the target (``os.replace``), taking the target's
    permissions when it exists. If anything fails before that (the writer, the
    caller's iterator, an interrupt), the temporary file is removed and the target,
    if any, is left as it was. A stream is written as is, flushed at the end (when
    it has ``flush``) and never closed.
    """
    if isinstance(dest, str | os.PathLike):
        path = os.fspath(dest)
        if not isinstance(path, str):
            raise TypeError("the destination path must be text (str or os.PathLike[str]), not bytes")
        with _atomic(path) as stream:
            yield stream
        return
    given: object = dest  # typed as a text sink, but callers may pass anything
    if isinstance(given, bytes):
        raise TypeError("the destination path must be text (str or os.PathLike[str]), not bytes")
    if isinstance(given, io.RawIOBase | io.BufferedIOBase):
        raise TypeError("the destination is a binary stream; open the file in text mode "
                        "(open(path, 'w', encoding='utf-8', newline='')) or pass its path")
    if not callable(getattr(dest, "write", None)):
        raise TypeError(f"cannot write to a {type(dest).__name__}: pass a path or an open text stream")
    yield dest
    flush = getattr(dest, "flush", None)
    if callable(flush):
        flush()


@contextmanager
def _atomic(path: str) -> Iterator[TextSink]:
    if os.path.isdir(path):
        raise IsADirectoryError(f"the destination {path!r} is a directory")
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
