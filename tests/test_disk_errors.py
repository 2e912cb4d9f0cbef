"""Full disks, read-only files and folders, names too long: one line and exit 2, nothing
half-written; a backup that cannot be taken is said in one line and does not stop the work.

Faults are injected where the operating system or SQLite would raise them (a database
capped at its current size is a full disk to SQLite), so the tests run anywhere; the
real read-only folder tests need a user other than root."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from sendsec.cli import main
from sendsec.services.board import Board
from sendsec.storage import backups, database, snapshot_store
from tests.test_cli import assert_refused as refused


@pytest.fixture
def call(capsys):
    """Run the command line in this process, so faults can be injected; return the result."""
    def _call(*args: str | Path) -> subprocess.CompletedProcess:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)
    return _call


@pytest.fixture
def board(tmp_path) -> Path:
    path = tmp_path / "board.sqlite"
    b = Board.create_new(path, "Test SEND Improvement Board")
    area = b.create("area", {"code": "a", "title": "Leadership",
                             "kind": "area for priority action"}).id
    b.create("action", {"ref": "PA1.1", "area_id": area, "title": "Agree the strategy"})
    b.close()
    return path


@pytest.fixture
def sheet(tmp_path) -> Path:
    path = tmp_path / "plan.csv"
    rows = ["Ref,Action,Area,Due"] + [f"PA2.{n},Action number {n},a,31/03/2027"
                                      for n in range(1, 41)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def count(path: Path, table: str = "actions") -> int:
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if ".part" in p.name or "sendsec-" in p.name]


def no_write_connect(monkeypatch, pragma: str) -> None:
    """Make every board connection run `pragma` (a cap on its size, read-only ...)."""
    real = database.connect

    def capped(path, **kwargs):
        conn = real(path, **kwargs)
        conn.execute(pragma)
        return conn

    monkeypatch.setattr(database, "connect", capped)


# ------------------------------------------------------------------ the board's own disk

def test_a_full_disk_during_import_says_so_and_changes_nothing(call, board, sheet, monkeypatch):
    # SQLite answers 'database or disk is full' as it would on a full disk
    pages = sqlite3.connect(str(board)).execute("PRAGMA page_count").fetchone()[0]
    no_write_connect(monkeypatch, f"PRAGMA max_page_count = {pages + 1}")
    line = refused(call("import", "--db", board, sheet), "full", str(board))
    assert "nothing was changed" in line.lower()
    assert count(board) == 1
    assert not leftovers(board.parent)


def test_a_read_only_board_says_so_and_changes_nothing(call, board, sheet, monkeypatch):
    no_write_connect(monkeypatch, "PRAGMA query_only = ON")
    refused(call("import", "--db", board, sheet), "Nothing was changed")
    assert count(board) == 1


@pytest.mark.parametrize("message, words", [
    ("disk I/O error", ("disk error",)),
    ("database or disk is full", ("full",)),
    ("attempt to write a readonly database", ("read-only",)),
    ("database is locked", ("The board is busy",)),
])
def test_every_sqlite_write_error_is_one_line(call, board, sheet, monkeypatch, message, words):
    def fail(self, *args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(Board, "batch", fail)
    refused(call("import", "--db", board, sheet), *words)
    assert count(board) == 1


# ------------------------------------------------------------------ backups

def _full_backup_folder(monkeypatch, error: BaseException) -> None:
    real = backups.backup_pages

    def fill(source, target, *args, **kwargs):
        real(source, target, *args, **kwargs)  # a partial file is on disk when it fails
        raise error

    monkeypatch.setattr(backups, "backup_pages", fill)


@pytest.mark.parametrize("error", [
    sqlite3.OperationalError("database or disk is full"),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_a_full_backup_folder_is_reported_and_does_not_stop_the_import(call, board, sheet,
                                                                       monkeypatch, error):
    _full_backup_folder(monkeypatch, error)
    result = call("import", "--db", board, sheet)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "backup" in line.lower()]
    assert warnings == [f"sendsec: warning: No backup was taken: the backups folder is full "
                        f"('{backups.backup_folder(board, _uid(board))}')."]
    assert count(board) == 41  # the work was done
    assert not leftovers(backups.data_dir())  # and no half backup stays


def _uid(board: Path) -> str:
    with Board.open(board, readonly=True, backup=False) as b:
        return b.settings()["board_uid"]


def test_a_backup_asked_for_on_a_full_folder_is_refused_in_one_line(call, board, monkeypatch):
    _full_backup_folder(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    refused(call("backup", "--db", board), "No backup was taken: the backups folder is full")
    assert backups.list_backups(backups.backup_folder(board, _uid(board))) == []


def test_a_restore_without_room_for_the_safety_copy_restores_nothing(call, board, monkeypatch):
    assert call("backup", "--db", board).returncode == 0
    with Board.open(board) as b:
        b.create("organisation", {"name": "After the backup"})
    before = board.read_bytes()
    _full_backup_folder(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    refused(call("restore", "--db", board, "1"), "No backup was taken")
    assert board.read_bytes() == before


def test_the_app_shows_a_backup_that_could_not_be_taken(board, monkeypatch):
    _full_backup_folder(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with Board.open(board) as b:
        assert b.backup_problem.startswith("No backup was taken: the backups folder is full")
        b.create("organisation", {"name": "Still works"})  # the board is not blocked


# ------------------------------------------------------------------ output folders

def test_export_into_a_folder_that_cannot_be_written_is_one_line(call, board, tmp_path,
                                                                 monkeypatch):
    from sendsec.services import folders

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "locked"))

    monkeypatch.setattr(folders.tempfile, "mkstemp", denied)
    refused(call("export", "--db", board, "--out", tmp_path / "x.xlsx"),
            "cannot be written", "permission denied")
    assert not (tmp_path / "x.xlsx").exists()


def test_export_on_a_full_disk_leaves_no_half_workbook(call, board, tmp_path, monkeypatch):
    import tempfile

    from openpyxl import Workbook

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    real = Workbook.save
    scratch = []

    def full(self, filename):
        scratch.extend(p.name for p in tmp_path.iterdir() if p.name.startswith(".sendsec-xlsx"))
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device", str(filename))

    monkeypatch.setattr(Workbook, "save", full)
    (tmp_path / "x.xlsx").write_bytes(b"the old export")
    refused(call("export", "--db", board, "--out", tmp_path / "x.xlsx"), "the disk is full")
    assert (tmp_path / "x.xlsx").read_bytes() == b"the old export"
    assert not leftovers(tmp_path)
    # the sheets' scratch copies were beside the export, never in the system temp folder
    assert scratch and list(system_temp.iterdir()) == []
    monkeypatch.setattr(Workbook, "save", real)
    assert call("export", "--db", board, "--out", tmp_path / "x.xlsx").returncode == 0
    assert list(system_temp.iterdir()) == [] and not leftovers(tmp_path)


@pytest.mark.parametrize("name, words", [
    ("a" * 300 + ".xlsx", ("the name is too long",)),
    ("folder.xlsx", ("is a folder",)),
])
def test_export_to_a_name_that_cannot_be_a_file_is_one_line(call, board, tmp_path, name, words):
    (tmp_path / "folder.xlsx").mkdir()
    refused(call("export", "--db", board, "--out", tmp_path / name), *words)


def test_a_snapshot_on_a_full_disk_is_one_line_and_leaves_nothing(call, board, tmp_path,
                                                                  monkeypatch):
    def full(source, target):
        Path(target).write_bytes(b"SQLite format 3\x00 half")
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(snapshot_store, "vacuum_into", full)
    out = tmp_path / "out"
    refused(call("snapshot", "--db", board, "--out", out), "full")
    assert list(out.iterdir()) == []
    assert count(board, "snapshots_sent") == 0


def test_a_report_on_a_full_disk_leaves_the_snapshot_sent_and_says_so(call, board, tmp_path,
                                                                      monkeypatch):
    # the snapshot is sealed, recorded and in place before its report and email are written:
    # a disk that fills up then loses neither the snapshot nor its number
    from sendsec.papers import snapshot_report

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(snapshot_report, "report_bytes", full)
    out = tmp_path / "out"
    done = call("snapshot", "--db", board, "--out", out)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith(".sendsec") and lines[1].endswith(".sendsec.sha256")
    assert lines[2].startswith("SHA-256 ") and len(lines) == 3
    [message] = done.stderr.splitlines()
    assert "was written and recorded" in message and "No space left on device" in message
    assert sorted(p.suffix for p in out.iterdir()) == [".sendsec", ".sha256"]
    assert count(board, "snapshots_sent") == 1


def test_papers_into_a_name_too_long_is_one_line(call, board, tmp_path):
    assert call("papers", "--db", board, "--meeting", "next", "--out",
                tmp_path / ("p" * 300)).returncode == 2


# ------------------------------------------------------------------ real permissions

needs_a_user = pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                                  reason="root can write anywhere")


@needs_a_user
def test_a_board_in_a_read_only_folder_is_refused_in_one_line(call, board, sheet):
    os.chmod(board.parent, 0o555)
    try:
        refused(call("import", "--db", board, sheet), "Nothing was changed")
        refused(call("export", "--db", board, "--out", board.parent / "x.xlsx"),
                "cannot be written")
    finally:
        os.chmod(board.parent, 0o755)
    assert count(board) == 1


@needs_a_user
def test_a_read_only_board_file_is_refused_in_one_line(call, board, sheet):
    os.chmod(board, 0o444)
    try:
        refused(call("import", "--db", board, sheet))
    finally:
        os.chmod(board, 0o644)
    assert count(board) == 1


def test_papers_on_a_full_disk_are_one_line_and_leave_nothing(call, board, tmp_path,
                                                               monkeypatch):
    with Board.open(board) as b:
        for name, role in (("Dana Adviser", "DfE adviser"), ("Nia England", "NHS England adviser"),
                           ("Cas Lead", "DfE case lead")):
            b.create("person", {"name": name, "role": role, "email": "x@example.gov.uk"})
        b.create("meeting", {"meeting_date": "2027-01-13"})

    def full(src, dst, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "papers"
    result = call("papers", "--db", board, "--meeting", "next", "--out", out, "--today",
                  "2027-01-01")
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(errors) == 1 and "the disk is full" in errors[0] \
        and "No papers were changed" in errors[0], result.stderr
    assert list(out.iterdir()) == []
