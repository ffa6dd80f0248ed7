"""Destinations: atomic file writes, streams, and what is left behind when anything fails."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pycpg.export import write_csv, write_json, write_jsonl

Writer = Callable[..., int]
WRITERS: list[Writer] = [write_jsonl, write_json, write_csv]
ROWS = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]


def _entries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_a_path_is_written_and_nothing_else_is_left(write: Writer, tmp_path: Path) -> None:
    target = tmp_path / "out.data"
    assert write(ROWS, target) == 2
    assert _entries(tmp_path) == ["out.data"]
    assert target.read_text(encoding="utf-8")
    assert write(ROWS, str(target)) == 2  # a str path too, replacing the file


def _failing(after: int, error: BaseException) -> Iterator[dict[str, Any]]:
    yield from ROWS[:after]
    raise error


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("error", [RuntimeError("page 3 failed"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failing_iterator_leaves_the_old_file_untouched(write: Writer, error: BaseException, tmp_path: Path) -> None:
    target = tmp_path / "out.data"
    target.write_text("the old export\n", encoding="utf-8")
    with pytest.raises(type(error)):
        write(_failing(1, error), target)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert _entries(tmp_path) == ["out.data"]  # the temporary file is gone


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_a_bad_item_creates_no_file(write: Writer, tmp_path: Path) -> None:
    target = tmp_path / "new.data"
    with pytest.raises(TypeError) as caught:
        write([ROWS[0], ROWS[1], {"bad": {1, 2}}], target)
    assert any("index 2" in note for note in getattr(caught.value, "__notes__", []))
    assert _entries(tmp_path) == []


def test_an_unencodable_string_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(ValueError, match="surrogates not allowed") as caught:
        write_jsonl([{"a": "ok"}, {"a": "lone \ud800 surrogate"}], target)
    assert any("index 1" in note for note in getattr(caught.value, "__notes__", []))
    assert _entries(tmp_path) == []


def test_the_existing_files_permissions_are_kept_and_new_files_are_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text("", encoding="utf-8")
    shared.chmod(0o644)
    write_csv(ROWS, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    fresh = tmp_path / "fresh.csv"
    write_csv(ROWS, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_a_folder_or_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_jsonl(ROWS, tmp_path)
    with pytest.raises(FileNotFoundError):
        write_jsonl(ROWS, tmp_path / "missing" / "out.jsonl")


def test_a_stream_is_written_flushed_and_left_open(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("# before\n")
        assert write_jsonl(ROWS, stream) == 2
        assert not stream.closed
        assert path.read_text(encoding="utf-8").count("\n") == 3  # flushed: on disk before closing
        stream.write("# after\n")
    assert path.read_text(encoding="utf-8").splitlines()[-1] == "# after"


def test_stdout_is_a_destination(capsys: pytest.CaptureFixture[str]) -> None:
    assert write_csv(ROWS, sys.stdout) == 2
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [["id", "name", "extra"], ["1", "a", ""],
                                                                       ["2", "b", ""]]


def test_binary_streams_and_other_objects_are_refused(tmp_path: Path) -> None:
    with open(tmp_path / "b", "wb") as binary, pytest.raises(TypeError, match="binary stream"):
        write_jsonl(ROWS, binary)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot write to a int"):
        write_jsonl(ROWS, 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bytes"):
        write_jsonl(ROWS, os.fsencode(tmp_path / "x"))  # type: ignore[arg-type]
    assert _entries(tmp_path) == ["b"]


# -- JSON and JSON Lines files ----------------------------------------------------------------


def test_json_is_one_array(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_json(ROWS, target) == 2
    assert json.loads(target.read_text(encoding="utf-8")) == ROWS
    assert write_json([], target) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == []


def test_jsonl_is_one_object_per_line_in_utf8(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    rows = [{"name": "Zoë\nnew line"}, {"name": "☃"}]
    assert write_jsonl(rows, target) == 2
    raw = target.read_bytes()
    assert raw.decode("utf-8").splitlines() == ['{"name":"Zoë\\nnew line"}', '{"name":"☃"}']
    assert b"\r" not in raw


def test_json_and_jsonl_hold_the_same_objects(tmp_path: Path) -> None:
    rows = [{"a": i, "b": {"c": [i, None]}} for i in range(5)]
    write_json(rows, tmp_path / "a.json")
    write_jsonl(rows, tmp_path / "a.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8")) == lines == rows


def test_model_argument_must_be_a_model_class() -> None:
    with pytest.raises(TypeError, match="pydantic model class"):
        write_jsonl(ROWS, io.StringIO(), model=dict)  # type: ignore[arg-type]
