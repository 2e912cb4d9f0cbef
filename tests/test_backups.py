"""Rotating backups and restore: nothing is lost, a bad backup changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from sendsec.domain.errors import FileRefused, SendsecError
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.storage import backups
from sendsec.storage.database import check_header


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM organisations ORDER BY name")]
    finally:
        conn.close()


@pytest.fixture
def board_path(tmp_path) -> Path:
    path = tmp_path / "West Northants board.sqlite"
    with Board.create_new(path, "SEND Improvement Board") as board:
        board.create("organisation", {"name": "Before"})
    return path


def test_backups_live_in_the_private_data_dir(board_path, tmp_path):
    with Board.open(board_path) as board:
        folder = board.backup_folder()
    assert folder.is_relative_to(backups.data_dir())
    assert not folder.is_relative_to(tmp_path)
    assert board_path.stem.replace(" ", "_") in folder.name


def test_opening_takes_one_daily_backup_a_day(board_path):
    with Board.open(board_path) as board:
        folder = board.backup_folder()
    Board.open(board_path).close()
    Board.open(board_path, readonly=True).close()
    daily = [b for b in backups.list_backups(folder) if b.reason == "daily"]
    assert len(daily) == 1
    assert daily[0].taken.date() == dt.date.today()
    assert _names(daily[0].path) == ["Before"]
    Board.open(board_path, backup=False).close()
    assert len(backups.list_backups(folder)) == 1


def _daily(folder: Path) -> list[backups.Backup]:
    return [b for b in backups.list_backups(folder) if b.reason == "daily"]


@pytest.mark.parametrize("first", ["a change", "a batch", "closing", "asked"])
def test_a_backup_put_off_is_taken_before_the_first_change_of_the_file_as_opened(board_path,
                                                                              first):
    board = Board.open(board_path, backup_later=True)  # the app: its first screen first
    folder = board.backup_folder()
    assert _daily(folder) == [] and board.backup_due
    board.rows("organisation")  # reading takes nothing
    registers.action_rows(board, dt.date(2026, 11, 22))  # nor do the registers' queries (WITH)
    registers.risk_rows(board, dt.date(2026, 11, 22))
    assert _daily(folder) == []
    if first == "a change":
        board.create("organisation", {"name": "After"})
    elif first == "a batch":
        with board.batch("organisation"):
            board.create("organisation", {"name": "After"})
    elif first == "asked":
        board.take_daily_backup()
        board.create("organisation", {"name": "After"})
    board.close()
    daily = _daily(folder)
    assert len(daily) == 1 and _names(daily[0].path) == ["Before"]
    Board.open(board_path).close()
    assert len(_daily(folder)) == 1  # one a day, as before


def test_daily_backup_skips_a_day_already_backed_up_and_rotation_keeps_fourteen(board_path):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        start = dt.datetime(2026, 10, 1, 9, 0, 0)
        for day in range(20):
            now = start + dt.timedelta(days=day)
            assert backups.daily_backup(board.db.conn, folder, now) is not None
            assert backups.daily_backup(board.db.conn, folder, now.replace(hour=17)) is None
        manual = backups.make_backup(board.db.conn, folder, "manual", start)
    kept = backups.list_backups(folder)
    daily = [b for b in kept if b.reason == "daily"]
    assert len(daily) == backups.KEEP["daily"] == 14
    assert daily[0].taken == start + dt.timedelta(days=19)  # newest first
    assert daily[-1].taken == start + dt.timedelta(days=6)  # the oldest six went
    assert manual in [b.path for b in kept]  # other reasons are rotated separately


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(board_path):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        now = dt.datetime(2026, 11, 22, 10, 0, 0)
        first = backups.make_backup(board.db.conn, folder, "manual", now)
        second = backups.make_backup(board.db.conn, folder, "manual", now)
    assert first != second and first.exists() and second.exists()
    with pytest.raises(ValueError):
        backups.make_backup(sqlite3.connect(":memory:"), folder, "whenever")


def test_backup_is_consistent_while_another_connection_is_writing(board_path):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        writer = sqlite3.connect(board_path, timeout=5)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO organisations (name) VALUES ('Uncommitted')")
            taken = backups.make_backup(board.db.conn, folder, "manual")
            writer.commit()
        finally:
            writer.close()
        assert [o["name"] for o in board.rows("organisation")] == ["Before", "Uncommitted"]
    assert _names(taken) == ["Before"]
    conn = sqlite3.connect(taken)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not taken.with_name(taken.name + ".part").exists()


def test_restore_brings_back_the_data_and_keeps_a_safety_backup(board_path):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        taken = backups.make_backup(board.db.conn, folder, "manual")
        board.create("organisation", {"name": "After"})
        board.update("organisation", board.find("organisation", name="Before")["id"],
                     {"short_name": "B"})
    safety = backups.restore_backup(taken, board_path, folder)
    with Board.open(board_path) as board:
        assert [(o["name"], o["short_name"]) for o in board.rows("organisation")] == [
            ("Before", None)]
        assert board.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert safety is not None and safety.name.endswith(" restore.sqlite")
    assert _names(safety) == ["After", "Before"]
    # the safety backup can itself be restored: a restore can be undone
    backups.restore_backup(safety, board_path, folder)
    with Board.open(board_path) as board:
        assert [o["name"] for o in board.rows("organisation")] == ["After", "Before"]


def test_restore_to_a_missing_file_recreates_it(board_path, tmp_path):
    with Board.open(board_path, backup=False) as board:
        taken = backups.make_backup(board.db.conn, board.backup_folder(), "manual")
    target = tmp_path / "recreated.sqlite"
    assert backups.restore_backup(taken, target) is None
    with Board.open(target) as board:
        assert [o["name"] for o in board.rows("organisation")] == ["Before"]


@pytest.mark.parametrize("damage", ["overwrite", "truncate", "text", "empty"])
def test_restore_over_a_damaged_board_keeps_its_bytes_and_replaces_it(board_path, damage):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        taken = backups.make_backup(board.db.conn, folder, "manual")
    data = board_path.read_bytes()
    broken = {"overwrite": data[:100] + b"\xff" * (len(data) - 100),
              "truncate": data[:50],
              "text": b"this is not a board\r\n",
              "empty": b""}[damage]
    board_path.write_bytes(broken)
    board_path.with_name(board_path.name + "-wal").write_bytes(b"stale journal")
    safety = backups.restore_backup(taken, board_path, folder)
    with Board.open(board_path) as board:
        assert [o["name"] for o in board.rows("organisation")] == ["Before"]
    assert safety is not None and safety.exists()
    if damage != "empty":  # an empty file is kept as an empty database
        assert safety.read_bytes() == broken


def test_a_damaged_backup_is_refused_and_the_board_is_untouched(board_path, tmp_path):
    with Board.open(board_path, backup=False) as board:
        folder = board.backup_folder()
        taken = backups.make_backup(board.db.conn, folder, "manual")
        board.create("organisation", {"name": "Current"})
    data = bytearray(taken.read_bytes())
    data[4096:8192] = b"\xa5" * 4096  # wreck the second page
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(bytes(data))
    before = _digest(board_path)
    count_before = len(backups.list_backups(folder))
    with pytest.raises(FileRefused, match="damaged"):
        backups.restore_backup(damaged, board_path, folder)
    assert _digest(board_path) == before
    assert len(backups.list_backups(folder)) == count_before  # no safety backup either
    with Board.open(board_path, backup=False) as board:
        assert [o["name"] for o in board.rows("organisation")] == ["Before", "Current"]


@pytest.mark.parametrize("content", [b"", b"hello", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64])
def test_a_backup_that_is_not_a_database_is_refused(board_path, tmp_path, content):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    before = _digest(board_path)
    with pytest.raises(FileRefused):
        backups.restore_backup(bad, board_path)
    assert _digest(board_path) == before


def test_a_backup_of_something_that_is_not_a_board_is_refused(board_path, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(board_path)
    with pytest.raises(FileRefused, match="not a sendsec board"):
        backups.restore_backup(other, board_path)
    assert _digest(board_path) == before


def test_restore_while_the_board_is_busy_is_refused_cleanly(board_path):
    with Board.open(board_path, backup=False) as board:
        taken = backups.make_backup(board.db.conn, board.backup_folder(), "manual")
    holder = sqlite3.connect(board_path, timeout=0.1)
    holder.execute("PRAGMA journal_mode = DELETE")  # so that an exclusive lock shuts out readers
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(SendsecError, match="in use"):
            backups.restore_backup(taken, board_path, busy_seconds=0.3)
    finally:
        holder.rollback()
        holder.close()
    with Board.open(board_path, backup=False) as board:
        assert [o["name"] for o in board.rows("organisation")] == ["Before"]


def test_a_backup_of_a_locked_file_gives_up_with_a_clear_message(board_path):
    holder = sqlite3.connect(board_path, timeout=0.1)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    reader = sqlite3.connect(board_path, timeout=0.1)
    try:
        with pytest.raises(SendsecError, match="in use"):
            backups.backup_pages(reader, sqlite3.connect(":memory:"), seconds=0.3)
    finally:
        holder.rollback()
        holder.close()
        reader.close()


def test_restore_refuses_a_folder_as_target(board_path, tmp_path):
    with Board.open(board_path, backup=False) as board:
        taken = backups.make_backup(board.db.conn, board.backup_folder(), "manual")
    with pytest.raises(FileRefused, match="folder"):
        backups.restore_backup(taken, tmp_path)


def test_list_backups_ignores_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "2026-01-01 120000 daily.sqlite.part").write_bytes(b"")
    (tmp_path / "2026-01-01 120000 daily.sqlite").write_bytes(b"")
    (tmp_path / "2026-01-02 120000 manual.sqlite").write_bytes(b"")
    found = backups.list_backups(tmp_path)
    assert [(b.reason, b.taken.day) for b in found] == [("manual", 2), ("daily", 1)]
    assert found[0].label == "02 Jan 2026 12:00 (manual)"
    assert backups.list_backups(tmp_path / "missing") == []


def test_folders_for_name_finds_a_boards_backups_without_opening_it(board_path):
    with Board.open(board_path) as board:
        folder = board.backup_folder()
    board_path.unlink()
    assert backups.folders_for_name(board_path) == [folder]
    assert backups.folders_for_name(board_path.with_name("other.sqlite")) == []


def test_backup_file_header_is_sqlite(board_path):
    with Board.open(board_path, backup=False) as board:
        taken = backups.make_backup(board.db.conn, board.backup_folder(), "manual")
    check_header(taken)
