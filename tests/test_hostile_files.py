"""Hostile and damaged files, built here, given to the command line as boards and as snapshots.

Each is refused with exit 2 and one line, at once (a subprocess given 10 seconds:
a named pipe or a device must never be waited on), and nothing inside a refused
file ever runs: a trigger planted in a live board is refused, not fired.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sendsec.domain.errors import FileRefused
from sendsec.exchanges import snapshot_files
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board
from sendsec.storage.database import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent


def build_board(path: Path, name: str = "Hostile Test Board") -> Path:
    with Board.create_new(path, name) as b:
        owner = b.create("person", {"name": "Olive Owner", "email": "olive@example.org"}).id
        area = b.create("area", {"code": "a", "title": "Area a"}).id
        for i in (1, 2, 3):
            b.create("action", {"ref": f"PA1.{i}", "title": f"Action {i}", "owner_id": owner,
                                "due_date": "2025-06-30", "area_id": area})
        b.create("risk", {"ref": "R1", "title": "Risk one", "current_likelihood": 3,
                          "current_impact": 3})
    return path


def run_cli(*args: str, timeout: float = 10) -> subprocess.CompletedProcess:
    """Run `python -m sendsec ARGS` in a fresh process; fail (not hang) after `timeout` s."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sendsec", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=str(ROOT),
                          stdin=subprocess.DEVNULL)


def assert_refused(result: subprocess.CompletedProcess, expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr, result.stderr


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def edit_schema(path: Path, table: str, old: str, new: str) -> None:
    """Change the stored CREATE statement of `table` as an editor can (writable_schema)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        found = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [table]).fetchone()
        assert old in found[0]
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE name = ?",
                     [old, new, table])
        conn.execute(f"PRAGMA schema_version = {version + 1}")
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()


# -------------------------------------------------- what is done to a good file

#: name -> (change the file in place, words the refusal must hold)
CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "trigger": (lambda p: sql(p, "CREATE TRIGGER x AFTER INSERT ON change_log "
                                 "BEGIN UPDATE actions SET title = 'pwned'; END"),
                "trigger 'x' that sendsec did not make"),
    "view": (lambda p: sql(p, "CREATE VIEW v AS SELECT * FROM actions"),
             "view 'v' that sendsec did not make"),
    "extra index": (lambda p: sql(p, "CREATE INDEX idx_extra ON actions(title)"),
                    "index 'idx_extra' that sendsec did not make"),
    "dropped index": (lambda p: sql(p, "DROP INDEX idx_actions_owner_id"),
                      "missing an index 'idx_actions_owner_id'"),
    "changed default": (lambda p: edit_schema(p, "actions", "DEFAULT 'plan'",
                                              "DEFAULT 'board'"),
                        "table 'actions' that is not as sendsec made it"),
    "changed CHECK": (lambda p: edit_schema(p, "risks", "BETWEEN 1 AND 5",
                                            "BETWEEN 1 AND 50"),
                      "table 'risks' that is not as sendsec made it"),
    "crafted sqlite_stat1": (lambda p: sql(p, "ANALYZE",
                                           "UPDATE sqlite_stat1 SET stat = '1000000 1'"),
                             "query-planner statistics ('sqlite_stat1')"),
    "extra table": (lambda p: sql(p, "CREATE TABLE payload (x)"),
                    "table 'payload' that sendsec did not make"),
    "virtual table": (lambda p: sql(p, "CREATE VIRTUAL TABLE vt USING fts4(x)"),
                      "virtual table"),
    "truncated": (lambda p: _truncate(p), "damaged"),
    "random bytes": (lambda p: p.write_bytes(os.urandom(8192)), "not an SQLite database"),
    "zero length": (lambda p: p.write_bytes(b""), "is empty"),
    "wrong header": (lambda p: p.write_bytes(b"SQLite format 2\x00" + p.read_bytes()[16:]),
                     "not an SQLite database"),
    "huge (sparse)": (lambda p: os.truncate(p, MAX_FILE_BYTES + 1), "far bigger than any board"),
}


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    """A live board and a snapshot of it, made once; tests change copies."""
    folder = tmp_path_factory.mktemp("good")
    data = folder / "data"
    data.mkdir()
    old = os.environ.get("SENDSEC_DATA_DIR")
    os.environ["SENDSEC_DATA_DIR"] = str(data)
    try:
        board = build_board(folder / "board.sqlite")
        with Board.open(board, backup=False) as b:
            snap = take_snapshot(b, folder / "out")
    finally:
        if old is None:
            os.environ.pop("SENDSEC_DATA_DIR", None)
        else:
            os.environ["SENDSEC_DATA_DIR"] = old
    return {"board": board, "snapshot": snap.path, "email": snap.eml_path}


def _reseal(path: Path) -> None:
    """Recompute the fingerprint inside a changed snapshot, as anyone with an editor can."""
    sql(path, f"UPDATE snapshot_info SET content_sha256 = '{snapshot_files.PLACEHOLDER}'")
    assert snapshot_files.seal(path) == "passed"


@pytest.mark.parametrize("kind", sorted(CHANGES))
@pytest.mark.parametrize("as_", ["board", "snapshot"])
def test_a_changed_file_is_refused_in_one_line(kind, as_, good, tmp_path):
    change, expected = CHANGES[kind]
    path = tmp_path / ("x.sqlite" if as_ == "board" else "x.sendsec")
    shutil.copyfile(good[as_], path)
    change(path)
    if as_ == "snapshot" and kind in ("trigger", "view", "extra index", "dropped index",
                                      "changed default", "changed CHECK",
                                      "crafted sqlite_stat1", "extra table"):
        _reseal(path)
    before = path.read_bytes() if path.stat().st_size < 10_000_000 else None
    assert_refused(run_cli("summary", "--db", str(path)), expected)
    if before is not None:
        assert path.read_bytes() == before  # nothing written to a refused file


def test_a_trigger_in_a_live_board_never_runs(good, tmp_path):
    path = tmp_path / "board.sqlite"
    shutil.copyfile(good["board"], path)
    sql(path, "CREATE TRIGGER x AFTER INSERT ON change_log "
              "BEGIN UPDATE actions SET title = 'pwned'; UPDATE people SET email = "
              "'thief@example.com'; DELETE FROM change_log; END",
        "CREATE TRIGGER y AFTER UPDATE ON board BEGIN UPDATE actions SET title = 'pwned'; END")
    sheet = tmp_path / "plan.csv"
    sheet.write_text("Ref,Title,Owner,Due date\nPA1.1,New title,Olive Owner,2025-07-31\n",
                     encoding="utf-8")
    assert_refused(run_cli("import", "--db", str(path), str(sheet)),
                   "has a trigger 'x' that sendsec did not make; it will not be opened")
    assert_refused(run_cli("backup", "--db", str(path)), "trigger 'x'")
    with pytest.raises(FileRefused):
        Board.open(path)
    conn = sqlite3.connect(str(path))
    try:
        titles = [r[0] for r in conn.execute("SELECT title FROM actions ORDER BY id")]
        emails = {r[0] for r in conn.execute("SELECT email FROM people")}
    finally:
        conn.close()
    assert titles == ["Action 1", "Action 2", "Action 3"]
    assert emails == {"olive@example.org"}


def test_the_backups_of_a_refused_board_still_open(good, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "board.sqlite"
    shutil.copyfile(good["board"], path)
    with Board.open(path) as b:  # takes the day's backup
        b.create("action", {"ref": "PA9", "title": "Kept"})
    sql(path, "CREATE TRIGGER x AFTER INSERT ON change_log BEGIN DELETE FROM actions; END")
    assert_refused(run_cli("summary", "--db", str(path)), "Restore a backup (sendsec restore")
    assert "its backups are in" in run_cli("summary", "--db", str(path)).stderr
    listed = run_cli("restore", "--db", str(path), "--list")
    assert listed.returncode == 0, listed.stderr
    restored = run_cli("restore", "--db", str(path), "1")
    assert restored.returncode == 0, restored.stderr
    assert run_cli("summary", "--db", str(path)).returncode == 0


# ------------------------------------------------- things that are not files

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    other = path.with_name("other" + path.suffix)
    os.symlink(other, path)
    os.symlink(path, other)


SPECIAL = {"a named pipe": (_fifo, "named pipe"), "a folder": (_folder, "is a folder"),
           "a symbolic-link loop": (_loop, "loop")}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("suffix", [".sqlite", ".sendsec"])
def test_what_is_not_an_ordinary_file_is_refused_at_once(kind, suffix, tmp_path):
    make, expected = SPECIAL[kind]
    path = tmp_path / f"x{suffix}"
    make(path)
    assert_refused(run_cli("summary", "--db", str(path)), expected)
    assert_refused(run_cli("check", "--db", str(path)), expected)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_at_once():
    assert_refused(run_cli("summary", "--db", "/dev/zero"), "is a device")


# ---------------------------------------------------------- snapshots only

def test_a_snapshot_with_broken_references_is_refused(good, tmp_path):
    path = tmp_path / "x.sendsec"
    shutil.copyfile(good["snapshot"], path)
    sql(path, "UPDATE actions SET owner_id = 999 WHERE ref = 'PA1.1'")
    _reseal(path)
    assert_refused(run_cli("summary", "--db", str(path)),
                   "points at a record of 'people' that is not there")


def test_a_snapshot_of_another_board_is_refused_where_the_board_is_known(good, tmp_path):
    other = build_board(tmp_path / "other.sqlite", "Another Board")
    with Board.open(other, backup=False) as b:
        theirs = take_snapshot(b, tmp_path / "out").path
    with open_snapshot(good["snapshot"]) as mine:
        uid = mine.snapshot_info["board_uid"]
    with open_snapshot(good["snapshot"], board_uid=uid):
        pass
    with pytest.raises(FileRefused, match="belongs to another board"):
        open_snapshot(theirs, board_uid=uid)


def test_an_older_board_is_checked_against_its_own_version_then_upgraded(tmp_path):
    from sendsec.storage.database import create_database
    from sendsec.storage.schema import MIGRATION_NAMES

    def older(name: str) -> Path:
        path = tmp_path / name
        db = create_database(path, stop_before=MIGRATION_NAMES[-1])
        db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old Board', 'u1')")
        db.conn.commit()
        db.close()
        return path

    clean, hostile = older("clean.sqlite"), older("hostile.sqlite")
    sql(hostile, "CREATE TRIGGER x AFTER INSERT ON change_log BEGIN DELETE FROM actions; END")
    assert_refused(run_cli("summary", "--db", str(hostile)), "trigger 'x'")
    result = run_cli("summary", "--db", str(clean))
    assert result.returncode == 0, result.stderr
    assert "was upgraded" in result.stderr and "backup" in result.stderr
    with Board.open(clean, readonly=True, backup=False) as b:
        assert b.name == "Old Board"


def test_the_record_of_migrations_is_compared_by_structure(good, tmp_path):
    path = tmp_path / "board.sqlite"
    shutil.copyfile(good["board"], path)
    # the same table worded differently (as another sqlite-utils version might) opens...
    edit_schema(path, "_sqlite_migrations", '"applied_at" TEXT', '[applied_at] text')
    with Board.open(path, readonly=True, backup=False):
        pass
    # ...a changed column does not
    edit_schema(path, "_sqlite_migrations", '[applied_at] text', '[applied_at] BLOB')
    assert_refused(run_cli("summary", "--db", str(path)),
                   "table '_sqlite_migrations' that is not as sendsec made it")


def test_the_email_to_the_chair_promises_exactly_what_is_checked(good):
    import email
    import email.policy

    message = email.message_from_bytes(good["email"].read_bytes(), policy=email.policy.default)
    body = " ".join(message.get_body(("plain",)).get_content().split())
    for promise in ("refuses it if it is damaged or was changed after it was taken without its "
                    "fingerprint being worked out again",
                    "a file whose structure is not exactly what sendsec makes",
                    "whose records point at records that are not there",
                    "holds values sendsec never writes",
                    "What sendsec cannot tell on its own is a file edited by someone who then "
                    "worked out its fingerprint and .sha256 file again"):
        assert promise in body


def test_the_app_offers_a_backup_in_place_of_a_refused_board(good, tmp_path, qtbot,
                                                            monkeypatch):
    from ui import main_window as mw
    from ui import main_window_files as files
    from ui.dialogs.errors import ConfirmDialog

    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "board.sqlite"
    shutil.copyfile(good["board"], path)
    Board.open(path).close()  # takes the day's backup
    sql(path, "CREATE TRIGGER x AFTER INSERT ON change_log BEGIN DELETE FROM actions; END")
    asked: list[str] = []
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(
        lambda cls, parent, text, title="": asked.append(text) or True))
    monkeypatch.setattr(files.BackupChooser, "ask", classmethod(
        lambda cls, parent, choices: choices[0]))
    window = mw.MainWindow()
    qtbot.addWidget(window)
    assert window.open_interactive(path)
    assert "has a trigger 'x' that sendsec did not make" in asked[0]
    assert "Put one of its backups in its place?" in asked[0]
    assert window.ctx.board is not None and window.path == path
    window.close_board()
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 3
    finally:
        conn.close()
    window.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_given_as_a_spreadsheet_or_comments_file_is_refused_at_once(good,
                                                                                 tmp_path):
    path = tmp_path / "board.sqlite"
    shutil.copyfile(good["board"], path)
    for name in ("plan.xlsx", "plan.csv", "return.xlsx", "x.sendsec-comments"):
        os.mkfifo(tmp_path / name)
    assert_refused(run_cli("import", "--db", str(path), str(tmp_path / "plan.xlsx")),
                   "named pipe (FIFO), not a spreadsheet")
    assert_refused(run_cli("import", "--db", str(path), str(tmp_path / "plan.csv")),
                   "named pipe (FIFO), not a spreadsheet")
    assert_refused(run_cli("requests", "--db", str(path), "--read",
                           str(tmp_path / "return.xlsx")), "named pipe (FIFO)")
    assert_refused(run_cli("challenges", "--db", str(path), "--read",
                           str(tmp_path / "x.sendsec-comments")), "not a regular file")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_board_naming_a_device_as_its_word_template_is_refused_at_once(good, tmp_path):
    import datetime as dt

    from sendsec.demo.world import build_demo

    path = build_demo(tmp_path / "demo.sqlite", dt.date(2026, 3, 2))
    sql(path, "UPDATE board SET template_path = '/dev/zero'")
    assert_refused(run_cli("papers", "--db", str(path), "--today", "2026-03-02",
                           "--out", str(tmp_path / "out")),
                   "'/dev/zero' is a device, not a Word template")
