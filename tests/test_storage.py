"""The board file itself: schema, pragmas, migrations, refusals and SQL-level guards."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest

from sendsec.domain.errors import FileRefused
from sendsec.services.board import Board
from sendsec.storage import backups
from sendsec.storage.database import (
    applied_migrations,
    create_database,
    open_database,
    quick_check,
)
from sendsec.storage.schema import MIGRATION_NAMES, SCHEMA_VERSION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _migration_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set='sendsec' ORDER BY rowid")]
    finally:
        conn.close()


@pytest.fixture
def board_file(tmp_path) -> Path:
    path = tmp_path / "board.sqlite"
    with Board.create_new(path, "SEND Improvement Board") as board:
        board.create("organisation", {"name": "West Northamptonshire Council"})
    return path


def _png(path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


# ------------------------------------------------------------------ a fresh file


def test_fresh_file_has_every_migration_and_safe_pragmas(board_file):
    with Board.open(board_file) as board:
        assert applied_migrations(board.db) == list(MIGRATION_NAMES)
        assert len(applied_migrations(board.db)) == SCHEMA_VERSION
        conn = board.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert quick_check(conn) == "ok"
        # the file checks leave the CHECK constraints to the value check; writes meet them
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute("UPDATE organisations SET name = ''")
    assert {"board", "actions", "risks", "change_log", "snapshots_sent"} <= _tables(board_file)


def test_create_refuses_an_existing_file_and_a_missing_folder(board_file, tmp_path):
    before = _digest(board_file)
    with pytest.raises(FileRefused, match="already exists"):
        create_database(board_file)
    assert _digest(board_file) == before
    with pytest.raises(FileRefused, match="does not exist"):
        create_database(tmp_path / "no such folder" / "b.sqlite")
    assert not (tmp_path / "no such folder").exists()


def test_create_new_refuses_an_existing_file_without_touching_it(board_file):
    before = _digest(board_file)
    with pytest.raises(FileRefused, match="already exists"):
        Board.create_new(board_file, "Another board")
    assert _digest(board_file) == before


# ------------------------------------------------------------------ migrations


def _old_board(path: Path) -> Path:
    db = create_database(path, stop_before="0002_snapshots")
    db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old board', "
               "'0123456789abcdef')")
    db.execute("INSERT INTO organisations (name) VALUES ('Kept organisation')")
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


def test_upgrade_applies_the_rest_after_a_migration_backup_of_the_old_schema(tmp_path):
    path = _old_board(tmp_path / "old.sqlite")
    assert _migration_names(path) == ["0001_initial"]
    assert "snapshots_sent" not in _tables(path)

    with Board.open(path) as board:
        assert applied_migrations(board.db) == list(MIGRATION_NAMES)
        assert [o["name"] for o in board.rows("organisation")] == ["Kept organisation"]
        folder = board.backup_folder()
    assert {"snapshots_sent", "snapshot_info"} <= _tables(path)

    found = [b for b in backups.list_backups(folder) if b.reason == "migration"]
    assert len(found) == 1
    old_copy = found[0].path
    assert _migration_names(old_copy) == ["0001_initial"]
    assert "snapshots_sent" not in _tables(old_copy)
    conn = sqlite3.connect(old_copy)
    assert conn.execute("SELECT name FROM organisations").fetchall() == [("Kept organisation",)]
    conn.close()


def test_the_upgrade_to_measure_directions_keeps_every_direction_as_it_was(tmp_path):
    # an empty direction means neither (a count of demand) from 3ff35fa, still on schema 5:
    # the upgrade to 0006 changes no direction (it rewrote a chosen 'Neither' as lower is
    # better), and a direction chosen after it stays when the board is opened again
    path = tmp_path / "old.sqlite"
    db = create_database(path, stop_before="0006_measure_direction")
    db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old board', 'abc123')")
    db.execute("INSERT INTO measures (code, title, higher_is_better) VALUES "
               "('M1', 'Requests', NULL), ('M2', 'Plans on time', 1), ('M3', 'Waits', 0)")
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    with Board.open(path) as board:
        assert applied_migrations(board.db) == list(MIGRATION_NAMES)
        directions = {m["code"]: m["higher_is_better"] for m in board.rows("measure")}
        assert directions == {"M1": None, "M2": 1, "M3": 0}
        board.update("measure", board.find("measure", code="M3")["id"],
                     {"higher_is_better": "Neither"})
    with Board.open(path) as board:
        assert {m["code"]: m["higher_is_better"] for m in board.rows("measure")} == \
            {"M1": None, "M2": 1, "M3": None}


def test_a_board_with_the_measure_direction_is_refused_by_a_version_before_it(tmp_path,
                                                                            monkeypatch):
    from sendsec.storage import database

    path = tmp_path / "new.sqlite"
    Board.create_new(path, "New board").close()
    monkeypatch.setattr(database, "MIGRATION_NAMES", MIGRATION_NAMES[:5])
    with pytest.raises(FileRefused, match="made by a newer version of sendsec"):
        Board.open(path)


def test_upgrade_is_not_repeated_and_takes_no_second_migration_backup(tmp_path):
    path = _old_board(tmp_path / "old.sqlite")
    Board.open(path).close()
    with Board.open(path) as board:
        folder = board.backup_folder()
    assert len([b for b in backups.list_backups(folder) if b.reason == "migration"]) == 1


def test_an_old_file_opened_read_only_is_refused_not_upgraded(tmp_path):
    path = _old_board(tmp_path / "old.sqlite")
    before = _digest(path)
    with pytest.raises(FileRefused, match="older version"):
        Board.open(path, readonly=True)
    assert _digest(path) == before


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
def test_a_file_from_a_newer_version_is_refused_and_left_unchanged(board_file, journal):
    conn = sqlite3.connect(board_file)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sendsec', '9999_future', '2030-01-01 00:00:00')")
    conn.commit()
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.close()
    before = _digest(board_file)
    for readonly in (False, True):
        with pytest.raises(FileRefused) as caught:
            Board.open(board_file, readonly=readonly)
        assert "newer version" in str(caught.value)
        assert "nothing was changed" in str(caught.value)
    assert _digest(board_file) == before
    # a read-only connection may leave an empty -wal behind; it must hold nothing
    assert all(w.stat().st_size == 0 for w in board_file.parent.glob("*-wal"))


# ------------------------------------------------------------------ refusals


def _refusal(path: Path) -> str:
    with pytest.raises(FileRefused) as caught:
        Board.open(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_missing_file_is_refused(tmp_path):
    path = tmp_path / "nowhere.sqlite"
    assert "There is no board file" in _refusal(path)
    assert not path.exists()


def test_folder_is_refused(tmp_path):
    assert "is a folder" in _refusal(tmp_path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    assert "is empty" in _refusal(path)
    assert path.read_bytes() == b""


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Board notes\nnot a database\n", encoding="utf-8")
    before = _digest(path)
    assert "not an SQLite database" in _refusal(path)
    assert _digest(path) == before


def test_png_is_refused(tmp_path):
    path = tmp_path / "logo.png"
    _png(path)
    before = _digest(path)
    assert "not an SQLite database" in _refusal(path)
    assert _digest(path) == before


def test_sqlite_file_that_is_not_a_board_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Someone')")
    conn.commit()
    conn.close()
    before = _digest(path)
    assert "not a sendsec board" in _refusal(path)
    assert _digest(path) == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_sqlite_file_of_another_sqlite_utils_app_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
                 "name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('someapp', '0001', '2024-01-01')")
    conn.execute("CREATE TABLE board (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert "not a sendsec board" in _refusal(path)


@pytest.mark.parametrize("fraction", [0.5, 0.1])
def test_truncated_board_file_is_refused(tmp_path, fraction):
    path = tmp_path / "big.sqlite"
    with Board.create_new(path, "Board") as board, board.batch():
        for i in range(300):
            board.create("organisation", {"name": f"Organisation {i} " + "x" * 200})
    data = path.read_bytes()
    assert len(data) > 100_000
    path.write_bytes(data[: int(len(data) * fraction)])
    message = _refusal(path)
    assert "damaged" in message or "malformed" in message


def test_sqlite_header_followed_by_garbage_is_refused(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    _refusal(path)


def test_open_database_refuses_without_board_row_tables(tmp_path):
    path = tmp_path / "half.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
                 "name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(FileRefused, match="not a sendsec board"):
        open_database(path)


# ------------------------------------------------------------------ SQL-level guards


@pytest.fixture
def raw(board_file):
    """A plain sqlite3 connection with foreign keys on, as another tool would open it."""
    conn = sqlite3.connect(board_file)
    conn.execute("PRAGMA foreign_keys = ON")
    yield conn
    conn.close()


def _risk(**over) -> dict:
    values = {"ref": "R1", "title": "Risk", "current_likelihood": 3, "current_impact": 3,
              "status": "open"}
    values.update(over)
    return values


def _insert(conn: sqlite3.Connection, table: str, values: dict) -> None:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values()))


@pytest.mark.parametrize("table, values", [
    ("risks", _risk(current_likelihood=6)),
    ("risks", _risk(current_impact=0)),
    ("risks", _risk(inherent_likelihood=9)),
    ("risks", _risk(status="pending")),
    ("risks", _risk(target_date="31/01/2025")),
    ("actions", {"ref": "PA1", "title": "T", "rag": "purple"}),
    ("actions", {"ref": "PA1", "title": "T", "status": "done"}),
    ("actions", {"ref": "PA1", "title": "T", "due_date": "TBC"}),
    ("actions", {"ref": "PA1", "title": "T", "due_date": "2025-1-5"}),
    ("actions", {"ref": "", "title": "T"}),
    ("actions", {"ref": "PA1", "title": None}),
    ("actions", {"ref": "PA1", "title": "T", "archived": 2}),
    ("meetings", {"meeting_date": "2025-03-12", "start_time": "10.00am"}),
    ("meetings", {"meeting_date": "12 March 2025"}),
    ("meetings", {"meeting_date": "2025-03-12", "status": "postponed"}),
    ("agenda_items", {"meeting_id": None, "title": "Item"}),
    ("board", {"id": 2, "name": "Second board"}),
    ("measures", {"code": "M1", "title": "M", "unit": "miles"}),
])
def test_check_constraints_hold_in_sqlite_itself(raw, table, values):
    with pytest.raises(sqlite3.IntegrityError):
        _insert(raw, table, values)


def test_a_valid_row_passes_the_same_constraints(raw):
    _insert(raw, "risks", _risk(inherent_likelihood=5, target_date="2025-11-30"))
    _insert(raw, "actions", {"ref": "PA1", "title": "T", "rag": "amber", "status": "in progress",
                             "due_date": "2025-11-30"})
    raw.commit()
    assert raw.execute("SELECT COUNT(*) FROM risks").fetchone()[0] == 1


def test_unique_references_hold_in_sqlite_itself(raw):
    _insert(raw, "actions", {"ref": "PA1", "title": "T"})
    with pytest.raises(sqlite3.IntegrityError):
        _insert(raw, "actions", {"ref": "PA1", "title": "Another"})


@pytest.mark.parametrize("table, values", [
    ("actions", {"ref": "PA1", "title": "T", "owner_id": 999}),
    ("actions", {"ref": "PA1", "title": "T", "area_id": 999}),
    ("action_updates", {"action_id": 999, "update_date": "2025-01-01", "rag": "red",
                        "narrative": "x"}),
    ("risk_reviews", {"risk_id": 999, "review_date": "2025-01-01", "likelihood": 1,
                      "impact": 1}),
    ("invitees", {"meeting_id": 999, "person_id": 999}),
])
def test_foreign_keys_are_enforced(raw, table, values):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        _insert(raw, table, values)


def test_foreign_keys_are_enforced_on_the_boards_own_connection(board_file):
    with Board.open(board_file) as board, pytest.raises(sqlite3.IntegrityError):
        board.db.execute("INSERT INTO actions (ref, title, owner_id) VALUES ('PA9', 'T', 4242)")


def test_migration_names_are_ordered_and_unique():
    assert list(MIGRATION_NAMES) == sorted(set(MIGRATION_NAMES))
    assert SCHEMA_VERSION == len(MIGRATION_NAMES) >= 2


@pytest.mark.parametrize("version", range(SCHEMA_VERSION + 1))
def test_the_expected_schema_is_what_sqlite_utils_migrations_make(version):
    # a board's schema is checked against one made without sqlite-utils (it is not imported
    # to open a board); it must be what sqlite-utils' migrations make, record table included
    import sqlite_utils

    from sendsec.storage.connection import Database
    from sendsec.storage.database import expected_schema, schema_of
    from sendsec.storage.schema import migrations

    made = sqlite_utils.Database(memory=True, execute_plugins=False)
    migrations.apply(Database(made.conn), stop_before=MIGRATION_NAMES[version]
                     if version < SCHEMA_VERSION else None)
    assert schema_of(made.conn) == expected_schema(version)
    assert migrations.applied(Database(made.conn)) == list(MIGRATION_NAMES[:version])


def test_the_schema_kept_for_this_version_is_what_its_migrations_make():
    from sendsec.storage import made_schema
    from sendsec.storage.database import expected_schema

    assert made_schema.VERSION == SCHEMA_VERSION, "run python scripts/made_schema.py"
    assert expected_schema(SCHEMA_VERSION) == made_schema.SCHEMA, \
        "run python scripts/made_schema.py"


def test_an_up_to_date_board_opens_without_making_the_schema_again(board_file, monkeypatch):
    from sendsec.storage import database

    def made(version: int) -> None:
        raise AssertionError(f"the schema of version {version} was made")

    monkeypatch.setattr(database, "expected_schema", made)
    with Board.open(board_file) as board:
        assert board.get("board", 1)["name"] == "SEND Improvement Board"


def test_execute_commits_a_write_at_once_and_joins_an_open_transaction(tmp_path):
    from sendsec.storage.connection import Database

    db = Database(sqlite3.connect(str(tmp_path / "x.sqlite")))
    other = sqlite3.connect(str(tmp_path / "x.sqlite"))
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (?)", [1])
    assert other.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO t VALUES (2)")
        with db.atomic():
            db.execute("INSERT INTO t VALUES (3)")
        raise RuntimeError
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t (rowid, x) VALUES (1, 9)")
    assert not db.conn.in_transaction  # the failed statement left no transaction open
    assert other.execute("SELECT x FROM t").fetchall() == [(1,)]
