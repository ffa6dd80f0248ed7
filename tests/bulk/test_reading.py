"""Reading bulk input: header aliases, quoting, unicode, BOM, blank lines, extra columns, bad rows.

Parse-only: no emulator. The property tests write a CSV (or JSON Lines) file the way
a spreadsheet or a script might and check that every data row comes back, numbered,
validated, with its extra columns intact.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycpg.bulk import ACTIONS, HeaderError, normalize_header, read_rows
from pycpg.bulk.devices import DeviceRenameRow, DeviceRow
from pycpg.bulk.legalhold import CustodianRow
from pycpg.bulk.users import UserUpdateRow

DEACTIVATE = ACTIONS["devices.deactivate"]
RENAME = ACTIONS["devices.rename"]
CUSTODIANS = ACTIONS["legal-hold.add"]
UPDATE = ACTIONS["users.update"]
KNOWN = set(DEACTIVATE.header_index()) | set(RENAME.header_index())

_cell_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
#: A name: printable text (pydantic strips fewer control characters than ``str.strip``).
_name_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Zl", "Zp")), min_size=1, max_size=12)


@st.composite
def _spelling(draw: st.DrawFn, name: str) -> str:
    """``name`` in a random case with random separators (``device_guid`` -> ``Device-GUID``, ``DEVICE GUID``)."""
    separator = draw(st.sampled_from(["_", "-", " ", ""]))
    text = name.replace("_", separator)
    return "".join(char.upper() if draw(st.booleans()) else char.lower() for char in text)


def _extra_names() -> st.SearchStrategy[list[str]]:
    name = st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=1, max_size=10).filter(
        lambda text: text.strip() != "" and normalize_header(text) not in KNOWN
        and not text.lstrip().startswith("#") and text.strip() == text
    )
    return st.lists(name, max_size=3, unique_by=lambda text: text.strip())


def _csv_line(cells: list[str], quote_all: bool) -> str:
    """One CSV record without its line end ("\r\n" as the terminator makes the writer quote either character)."""
    buffer = io.StringIO()
    if quote_all:
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(cells)
    else:
        csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().removesuffix("\r\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    guid_header=st.sampled_from(["guid", "device_guid", "deviceGuid", "computer_guid"]).flatmap(_spelling),
    name_header=st.sampled_from(["name", "new_name", "newName", "device_name"]).flatmap(_spelling),
    extras=_extra_names(),
    rows=st.lists(st.tuples(st.integers(0, 10**18), _name_text.filter(lambda t: t.strip() != ""),
                            st.lists(_cell_text, min_size=3, max_size=3)), max_size=8),
    bom=st.booleans(),
    terminator=st.sampled_from(["\n", "\r\n"]),
    blanks=st.lists(st.integers(0, 9), max_size=4),
    quote_all=st.booleans(),
    guid_first=st.booleans(),
)
def test_csv_rows_come_back_whatever_the_spelling(
    tmp_path: Path, guid_header: str, name_header: str, extras: list[str],
    rows: list[tuple[int, str, list[str]]], bom: bool, terminator: str, blanks: list[int], quote_all: bool,
    guid_first: bool,
) -> None:
    headers = [guid_header, name_header] if guid_first else [name_header, guid_header]
    headers += extras
    lines = []
    for guid, name, extra in rows:
        values = {guid_header: f" {guid} ", name_header: name}
        values.update(zip(extras, extra, strict=False))
        lines.append(_csv_line([values[h] for h in headers], quote_all))
    for position in sorted(blanks, reverse=True):  # blank lines anywhere between the records
        lines.insert(min(position, len(lines)), "")
    text = terminator.join([_csv_line(headers, quote_all), *lines]) + terminator
    path = tmp_path / "rename.csv"
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))

    read = list(read_rows(path, RENAME))

    assert [item.number for item in read] == list(range(1, len(rows) + 1))
    for item, (guid, name, extra) in zip(read, rows, strict=True):
        assert isinstance(item.row, DeviceRenameRow), item.error
        assert item.row.guid == str(guid)  # surrounding spaces stripped
        assert item.row.name == name.strip()
        assert list(item.cells) == headers  # the file's own headers, in order, BOM-free
        assert item.cells[name_header] == name  # cells are kept exactly as written
        for header, value in zip(extras, extra, strict=False):
            assert item.cells[header] == value


@settings(max_examples=80, deadline=None)
@given(
    matter_key=st.sampled_from(["matter_id", "matterId", "legal_hold_uid", "legalHoldUid", "matter"]).flatmap(_spelling),
    user_key=st.sampled_from(["username", "user", "userName", "user_uid", "userUid"]).flatmap(_spelling),
    rows=st.lists(st.tuples(st.one_of(st.integers(1, 10**15), st.text("0123456789abcdef", min_size=1, max_size=12)),
                            _name_text.filter(lambda text: text.strip() != "")), max_size=6),
    blank_lines=st.integers(0, 3),
)
def test_jsonl_rows_match_keys_like_headers(
    matter_key: str, user_key: str, rows: list[tuple[int | str, str]], blank_lines: int
) -> None:
    text = "\n".join([json.dumps({matter_key: matter, user_key: user, "note": "x"}) for matter, user in rows]
                     + [""] * blank_lines)
    read = list(read_rows(io.StringIO(text), CUSTODIANS))
    assert [item.number for item in read] == list(range(1, len(rows) + 1))
    by_uid = normalize_header(user_key) in {"useruid", "uid"}
    for item, (matter, user) in zip(read, rows, strict=True):
        assert isinstance(item.row, CustodianRow), item.error
        assert item.row.matter_id == str(matter)  # a number is accepted as the uid's text
        assert (item.row.user_uid if by_uid else item.row.username) == user.strip()
        assert item.cells["note"] == "x"


def test_crashplan_cli_files_read_unchanged(tmp_path: Path) -> None:
    # Exactly the template crashplancli's "legal-hold bulk generate-template add" writes.
    path = tmp_path / "legal_hold_bulk_add.csv"
    path.write_text("matter_id,username\n123,alice@example.com\n", encoding="utf-8")
    (item,) = read_rows(path, CUSTODIANS)
    assert isinstance(item.row, CustodianRow)
    assert (item.row.matter_id, item.row.username) == ("123", "alice@example.com")


def test_a_file_without_header_row_is_read_in_template_order(tmp_path: Path) -> None:
    path = tmp_path / "noheader.csv"
    path.write_text("# matter,user\n123,alice@example.com\n456,bob@example.com\n", encoding="utf-8")
    read = list(read_rows(path, CUSTODIANS))
    assert [(i.row.matter_id, i.row.username) for i in read if i.row] == [
        ("123", "alice@example.com"), ("456", "bob@example.com")]
    assert list(read[0].cells) == ["matter_id", "username"]


def test_a_missing_required_column_fails_up_front_naming_it_and_its_aliases(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("name,owner\nlaptop,alice\n", encoding="utf-8")
    with pytest.raises(HeaderError) as caught:
        read_rows(path, DEACTIVATE)  # raised by the call itself, before iterating
    message = str(caught.value)
    assert "'guid'" in message and "device_guid" in message and "computer_guid" in message


def test_a_header_without_any_user_column_names_both_choices(tmp_path: Path) -> None:
    path = tmp_path / "hold.csv"
    path.write_text("matter_id,email,comment\n1,a@example.com,x\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="needs one of the columns 'username'.*or 'user_uid'"):
        read_rows(path, CUSTODIANS)


def test_two_columns_meaning_the_same_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("guid,Device-GUID\n1,2\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="same thing"):
        read_rows(path, DEACTIVATE)


def test_bad_rows_become_invalid_results_and_the_others_still_read(tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("guid,note\n12,ok\nabc,not a number\n,empty guid\n\n,,\n34,ok,extra cell\n56,fine\n",
                    encoding="utf-8")
    read = list(read_rows(path, DEACTIVATE))
    assert [item.number for item in read] == [1, 2, 3, 4, 5]  # the blank and all-empty lines are not rows
    assert isinstance(read[0].row, DeviceRow) and isinstance(read[4].row, DeviceRow)
    assert read[1].row is None and "not 'abc'" in (read[1].error or "")
    assert read[2].row is None and read[2].error == "guid: missing value"
    assert read[3].row is None and "more cell" in (read[3].error or "")


def test_update_needs_something_to_change_and_masks_nothing_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "update.csv"
    path.write_text("user_uid,email,password,archive_size_quota\n1,,,\n2,a@b.example,pw,10\n3,,,lots\n",
                    encoding="utf-8")
    first, second, third = read_rows(path, UPDATE)
    assert first.row is None and "nothing to update" in (first.error or "")
    assert isinstance(second.row, UserUpdateRow)
    assert second.row.changes() == {"email": "a@b.example", "password": "pw", "archive_size_quota_bytes": 10}
    assert third.row is None and (third.error or "").startswith("archive_size_quota:")


def test_json_lines_that_are_not_objects_are_invalid_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"guid": 12}\n[1, 2]\n{broken\n\n{"deviceGuid": "34"}\n', encoding="utf-8")
    read = list(read_rows(path, DEACTIVATE))
    assert [item.number for item in read] == [1, 2, 3, 4]
    assert [item.row.guid if item.row else None for item in read] == ["12", None, None, "34"]
    assert "not a JSON object" in (read[1].error or "") and "not JSON" in (read[2].error or "")


def test_normalize_header_ignores_case_separators_and_bom() -> None:
    assert {normalize_header(name) for name in ["userUid", "user_uid", "USER-UID", " User UID ", "\ufeffuser_uid"]} \
        == {"useruid"}
