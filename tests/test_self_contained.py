"""The repository stands alone: its docs, docstrings, comments and tests cite no outside file.

A reader of this repository cannot open a spec that lives elsewhere, so no tracked
file may point at one: no section numbers, no paths into a shared folder. The
markers are built from parts so that this file does not match itself.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What is checked: these folders and files of the repository.
CHECKED = ("pycpg", "docs", "tests", "examples", "bench", "README.md")

#: A section sign, a path into a shared folder, a path to the outside spec file.
FORBIDDEN = ("\u00a7", "shared" + "/", "spec" + "/" + "pycpg")

#: Folders never read when git cannot list the files.
_SKIPPED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".hypothesis"}


def _listed_by_git() -> list[Path] | None:
    """Tracked files plus new files not ignored, under ``CHECKED``; None without git."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *CHECKED],
            cwd=ROOT, capture_output=True, check=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    names = {name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    return [ROOT / name for name in sorted(names)]


def _walked() -> list[Path]:
    found: list[Path] = []
    for name in CHECKED:
        top = ROOT / name
        if top.is_file():
            found.append(top)
        elif top.is_dir():
            found.extend(path for path in sorted(top.rglob("*")) if path.is_file()
                         and not _SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts))
    return found


def _files() -> list[Path]:
    listed = _listed_by_git()
    return _walked() if listed is None else listed


def _text(path: Path) -> str | None:
    """The file's text from disk, or None for a binary, unreadable or deleted file."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if b"\0" in raw:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _offending(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of each line of ``path`` that holds a forbidden marker."""
    text = _text(path)
    if text is None:
        return []
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
            if any(marker in line for marker in FORBIDDEN)]


def test_the_check_reads_this_repository() -> None:
    files = _files()
    assert ROOT / "README.md" in files
    assert Path(__file__).resolve() in files
    assert ROOT / "pycpg" / "__init__.py" in files


def test_the_check_finds_each_marker_and_skips_binary_files(tmp_path: Path) -> None:
    for index, marker in enumerate(FORBIDDEN):
        text = tmp_path / f"text{index}.md"
        text.write_text(f"first line\nsee {marker}x for details\n", encoding="utf-8")
        assert _offending(text) == [(2, f"see {marker}x for details")]
        binary = tmp_path / f"binary{index}.bin"
        binary.write_bytes(b"\0" + marker.encode("utf-8"))
        assert _offending(binary) == []


def test_no_file_refers_to_files_outside_the_repository() -> None:
    offending = [f"{path.relative_to(ROOT)}:{number}: {line}"
                 for path in _files() for number, line in _offending(path)]
    assert not offending, (
        "These lines cite files outside the repository (spec section numbers or shared paths); "
        "say what is meant instead:\n" + "\n".join(offending)
    )
