"""Values another program put in a board or snapshot are checked on the way in.

A file can pass every file check (it is a sendsec board, its schema is the one
sendsec makes) and still hold values sendsec never writes. Each is refused on
opening with one line naming the record and the field, exit 2, never a
traceback, whatever the command; the corpus is generated over every column of
every register table.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.cli import main
from sendsec.demo.world import build_demo
from sendsec.domain.entities import ENTITIES
from sendsec.domain.errors import FileRefused
from sendsec.exchanges import snapshot_files
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(folder / "data"))
        board = build_demo(folder / "demo.sqlite", TODAY)
        with Board.open(board, backup=False) as b:
            snap = take_snapshot(b, folder / "out").path
    return {"board": board, "snapshot": snap}


def plant(path: Path, table: str, column: str, value_sql: str, params: list | None = None,
          reseal: bool = False) -> int:
    """Put a value in the first row of `table` as another program could (CHECK constraints
    and foreign keys off); return the row's id."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("PRAGMA foreign_keys = OFF")
        row_id = conn.execute(f"SELECT MIN(id) FROM {table}").fetchone()[0]
        conn.execute(f"UPDATE {table} SET {column} = {value_sql} WHERE id = ?",
                     [*(params or []), row_id])
        if reseal:
            conn.execute("UPDATE snapshot_info SET content_sha256 = ?", [snapshot_files.PLACEHOLDER])
    finally:
        conn.close()
    if reseal:
        assert snapshot_files.seal(path) == "passed"  # anyone with an editor can re-fingerprint
    return row_id


def refused_line(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


# ------------------------------------------------ the cases the issue saw

CASES = {
    "a date that does not exist": ("actions", "due_date", "'2026-02-30'", [],
                                   "due date '2026-02-30' is not a date"),
    "invalid UTF-8": ("actions", "title", "CAST(? AS TEXT)", [b"Bad \xff\xfe text"],
                      "holds bytes that are not text (not valid UTF-8)"),
    "a likelihood as text": ("risks", "current_likelihood", "'very likely'", [],
                             "'very likely' is not a whole number"),
    "a 2 MB value": ("actions", "description", "printf('%.*c', 2000000, 'x')", [],
                     "is longer than anything sendsec writes"),
    "too long for its field": ("people", "name", "printf('%.*c', 600, 'x')", [],
                               "is 600 characters; the limit is 500"),
    "nothing where required": ("actions", "owner_id", "owner_id", [], None),  # allowed
    "binary data": ("meetings", "venue", "x'00ff10'", [], "holds binary data"),
    "infinity": ("measure_points", "value", "9e999", [], "not a number"),
    "a choice that is not one": ("actions", "rag", "'purple'", [], "'purple' is not one of"),
    "an empty title": ("actions", "title", "''", [], "action is missing"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("as_", ["board", "snapshot"])
def test_each_bad_value_is_refused_by_every_command_in_one_line(case, as_, demo, tmp_path,
                                                               capsys):
    table, column, value_sql, params, expected = CASES[case]
    path = tmp_path / ("board.sqlite" if as_ == "board" else "snap.sendsec")
    shutil.copyfile(demo[as_], path)
    plant(path, table, column, value_sql, params, reseal=as_ == "snapshot")
    if expected is None:
        assert main(["summary", "--db", str(path)]) == 0
        return
    before = path.read_bytes()
    for argv in (["summary", "--db", str(path)], ["check", "--db", str(path)],
                 ["export", "--db", str(path), "--out", str(tmp_path / "x.xlsx")],
                 ["papers", "--db", str(path), "--out", str(tmp_path / "papers")]):
        line = refused_line(capsys, *argv)
        assert expected in line
        entity = next(e for e in ENTITIES.values() if e.table == table)
        assert line.startswith(f"sendsec: '{path.name}" if as_ == "snapshot"
                               else f"sendsec: '{path}': {entity.label} "), line
    assert path.read_bytes() == before
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "papers").exists()


def test_the_app_shows_the_same_line_in_a_message(demo, tmp_path, qtbot, monkeypatch):
    from ui import main_window as mw
    from ui.dialogs.errors import ErrorDialog

    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "show_message",
                        classmethod(lambda cls, parent, text, title="": shown.append(text)))
    path = tmp_path / "board.sqlite"
    shutil.copyfile(demo["board"], path)
    plant(path, "actions", "due_date", "'2026-02-30'")
    window = mw.MainWindow()
    qtbot.addWidget(window)
    assert not window.open_interactive(path)
    assert len(shown) == 1
    assert "Action PA1.1: original due date '2026-02-30' is not a date" in shown[0]
    with pytest.raises(FileRefused):
        Board.open(path)


# ------------------------------------------ a generated corpus over every column

REGISTER_TABLES = sorted({e.table for e in ENTITIES.values()})


def _columns(path: Path) -> list[tuple[str, str, bool]]:
    conn = sqlite3.connect(str(path))
    try:
        return [(t, r[1], bool(r[3])) for t in REGISTER_TABLES
                for r in conn.execute(f"PRAGMA table_info({t})") if r[1] != "id"]
    finally:
        conn.close()


BAD = st.one_of(
    st.binary(min_size=1, max_size=8).filter(lambda b: _not_utf8(b)).map(
        lambda b: ("CAST(? AS TEXT)", [b], "not valid UTF-8")),
    st.sampled_from(["2026-02-30", "2025-13-01", "31/12/2025", "soon", "purple", "Red "]).map(
        lambda s: ("?", [s], None)),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()).map(
        lambda f: ("?", [f], None)),
    st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1).map(lambda i: ("?", [i], None)),
    st.just(("x'00ff'", [], "binary data")),
    st.just(("printf('%.*c', 1200000, 'y')", [], "longer than anything sendsec writes")),
    st.just(("printf('%.*c', 100001, 'z')", [], None)),
    st.just(("NULL", [], None)),
)


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _is_valid_as_stored(path: Path, table: str, column: str, row_id: int) -> bool:
    """True when the planted value happens to be one sendsec could have written."""
    from sendsec.storage.incoming import value_problem

    entity = next(e for e in ENTITIES.values() if e.table == table)
    conn = sqlite3.connect(str(path))
    try:
        kind, value = conn.execute(f"SELECT typeof({column}), CAST({column} AS BLOB) FROM "
                                   f"{table} WHERE id = ?", [row_id]).fetchone()
        value = conn.execute(f"SELECT {column} FROM {table} WHERE id = ?", [row_id]
                             ).fetchone()[0] if kind in ("integer", "real", "null") else value
    finally:
        conn.close()
    if kind in ("blob",):
        return False
    if kind == "text":
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return False
    if column in ("created_at", "updated_at"):
        return kind in ("text", "null") and (value is None or len(value) <= 500)
    if column == "archived":
        return value in (0, 1) and kind == "integer"
    return value_problem(entity.field(column), value) is None


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_a_bad_value_in_any_column_is_named_by_record_and_field(demo, tmp_path_factory,
                                                               capsys, data):
    columns = _columns(demo["board"])
    table, column, not_null = data.draw(st.sampled_from(columns), label="column")
    value_sql, params, expected = data.draw(BAD, label="value")
    if value_sql == "NULL" and not_null:
        return  # the schema itself forbids it, and a changed schema is refused whole
    path = tmp_path_factory.mktemp("case") / "board.sqlite"
    shutil.copyfile(demo["board"], path)
    row_id = plant(path, table, column, value_sql, params)
    capsys.readouterr()
    code = main(["summary", "--db", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if _is_valid_as_stored(path, table, column, row_id):
        assert code == 0, captured.err
        return
    assert code == 2, captured.err
    assert captured.err.count("\n") == 1, captured.err
    entity = next(e for e in ENTITIES.values() if e.table == table)
    assert f": {entity.label}" in captured.err
    if column not in ("created_at", "updated_at", "archived"):
        label = entity.field(column).label
        label = label if label[:2].isupper() else label[:1].lower() + label[1:]
        assert f": {label} " in captured.err or f" {label} " in captured.err, captured.err
    if expected:
        assert expected in captured.err


def test_every_column_of_every_register_table_is_checked(demo, tmp_path):
    """Text that is not UTF-8 is wrong in any column: planted in each in turn (and put
    back), it is refused naming that record and that field."""
    path = tmp_path / "board.sqlite"
    shutil.copyfile(demo["board"], path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    checked = 0
    try:
        for table, column, _not_null in _columns(demo["board"]):
            entity = next(e for e in ENTITIES.values() if e.table == table)
            row_id = conn.execute(f"SELECT MIN(id) FROM {table}").fetchone()[0]
            old = conn.execute(f"SELECT {column} FROM {table} WHERE id = ?", [row_id]
                               ).fetchone()[0]
            conn.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE id = ?",
                         [b"\xc3\x28 broken", row_id])
            with pytest.raises(FileRefused) as refused:
                Board.open(path, readonly=True, backup=False)
            message = str(refused.value)
            assert f": {entity.label}" in message, (table, column, message)
            label = entity.field(column).label if column in entity.field_names else None
            if label:
                label = label if label[:2].isupper() else label[:1].lower() + label[1:]
                assert f": {label} holds bytes that are not text" in message, message
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [old, row_id])
            checked += 1
    finally:
        conn.close()
    assert checked > 200
    with Board.open(path, readonly=True, backup=False):
        pass  # every value put back: the board opens again
