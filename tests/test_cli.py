"""`python -m sendsec`: exit codes, one-line errors, never a traceback; backup and restore."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sendsec
from sendsec.cli import main
from sendsec.services.board import Board
from sendsec.storage import backups

REPO = Path(__file__).resolve().parents[1]


def run(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m sendsec ARGS` as the user would; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "sendsec", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        cwd=REPO, env={**os.environ, **(env or {})}, timeout=120,
    )


@pytest.fixture
def call(capsys):
    """Run the command line in this process (faster than a subprocess, same code path)."""
    def _call(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # --help, --version
            code = exc.code or 0
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)
    return _call


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """Assert exit 2 with exactly one line on stderr, no traceback; return that line."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert lines[0].startswith("sendsec: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def board_path(tmp_path) -> Path:
    path = tmp_path / "board.sqlite"
    with Board.create_new(path, "SEND Improvement Board", local_area="West Northamptonshire") \
            as board:
        board.create("organisation", {"name": "West Northamptonshire Council"})
        board.create("person", {"name": "Dee Adviser", "role": "DfE adviser"})
        board.create("area", {"code": "a", "title": "Timeliness"})
        board.create("meeting", {"meeting_date": "2026-12-09"})
    return path


# ------------------------------------------------------------------ basics


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sendsec {sendsec.__version__}"


def test_help_lists_the_backup_and_restore_commands(call):
    result = call("--help")
    assert result.returncode == 0
    for name in ("new", "summary", "backup", "restore"):
        assert name in result.stdout


def test_no_command_prints_help_and_exits_2():
    result = run()
    assert result.returncode == 2
    assert "usage" in result.stdout.lower()
    assert "Traceback" not in result.stderr


def test_new_creates_a_board_and_prints_its_path(tmp_path):
    path = tmp_path / "new board.sqlite"
    result = run("new", "--db", path, "--name", "SEND Improvement Board",
                 "--area", "West Northamptonshire")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(path)
    with Board.open(path) as board:
        assert board.name == "SEND Improvement Board"
        assert board.settings()["local_area"] == "West Northamptonshire"


def test_new_refuses_an_existing_file_and_leaves_it(call, board_path):
    before = _digest(board_path)
    assert_refused(call("new", "--db", board_path, "--name", "X"), "already exists")
    assert _digest(board_path) == before


def test_new_refuses_a_blank_name_and_creates_nothing(call, tmp_path):
    assert_refused(call("new", "--db", tmp_path / "b.sqlite", "--name", "   "), "is required")
    assert not (tmp_path / "b.sqlite").exists()


def test_new_and_demo_refuse_the_snapshot_extension_and_create_nothing(call, tmp_path):
    # a board named .sendsec would be taken for a snapshot by every other command
    for command in (("new", "--name", "X"), ("demo",)):
        path = tmp_path / "board.SENDSEC"
        assert_refused(call(command[0], "--db", path, *command[1:]),
                       "'.sendsec' is the extension of snapshots")
        assert not path.exists()


def test_new_refuses_a_missing_folder(call, tmp_path):
    assert_refused(call("new", "--db", tmp_path / "nope" / "b.sqlite", "--name", "X"),
                   "does not exist")


# ------------------------------------------------------------------ bad input


def test_summary_of_readme_is_refused_in_one_line():
    assert_refused(run("summary", "--db", "README.md"), "not a sendsec board file")


@pytest.mark.parametrize("args, words", [
    (["frobnicate"], ["invalid choice", "frobnicate"]),
    (["summary"], ["--db"]),
    (["summary", "--db"], ["--db"]),
    (["summary", "--db", "board.sqlite", "--today", "31/12/2026"], ["--today", "YYYY-MM-DD"]),
    (["summary", "--db", "board.sqlite", "--colour"], ["unrecognized", "--colour"]),
    (["new", "--db", "x.sqlite"], ["--name"]),
    (["backup"], ["--db"]),
    (["restore"], ["--db"]),
])
def test_usage_errors_are_one_line(call, board_path, args, words):
    args = [str(board_path) if a == "board.sqlite" else a for a in args]
    assert_refused(call(*args), *words)


@pytest.mark.parametrize("command", ["summary", "backup"])
@pytest.mark.parametrize("kind, words", [
    ("missing", ["There is no board file"]),
    ("folder", ["is a folder"]),
    ("text", ["not an SQLite database"]),
    ("empty", ["is empty"]),
    ("png", ["not an SQLite database"]),
])
def test_files_that_are_not_boards_are_refused(call, tmp_path, command, kind, words):
    path = {"missing": tmp_path / "missing.sqlite", "folder": tmp_path,
            "text": tmp_path / "notes.sqlite", "empty": tmp_path / "empty.sqlite",
            "png": tmp_path / "logo.png"}[kind]
    content = {"text": b"minutes of the meeting\n", "empty": b"",
               "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40}.get(kind)
    if content is not None:
        path.write_bytes(content)
    assert_refused(call(command, "--db", path), *words)
    if content is not None:
        assert path.read_bytes() == content
    assert not (tmp_path / "missing.sqlite").exists()


@pytest.mark.parametrize("kind", ["missing", "folder", "text"])
def test_refusals_in_a_real_process_have_no_traceback(tmp_path, kind):
    path = {"missing": tmp_path / "missing.sqlite", "folder": tmp_path,
            "text": tmp_path / "notes.sqlite"}[kind]
    if kind == "text":
        path.write_text("minutes\n", encoding="utf-8")
    assert_refused(run("summary", "--db", path))


def test_restore_over_a_text_file_without_backups_is_refused(call, tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("minutes\n", encoding="utf-8")
    assert_refused(call("restore", "--db", text, "1"), "no backup number 1")
    assert text.read_text(encoding="utf-8") == "minutes\n"


def test_a_file_from_a_newer_version_is_refused_by_the_command_line(call, board_path):
    import sqlite3
    conn = sqlite3.connect(board_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('sendsec', '9999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    assert_refused(call("summary", "--db", board_path), "newer version")


# ------------------------------------------------------------------ summary


def test_summary_json_has_the_documented_keys(call, board_path):
    result = call("summary", "--db", board_path, "--json", "--today", "2026-11-22")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"board", "counts", "actions_by_rag", "risks_by_band", "people_by_role",
            "next_meeting"} <= set(data)
    assert data["board"]["name"] == "SEND Improvement Board"
    assert data["counts"]["areas"] == 1 and data["counts"]["people"] == 1
    assert data["next_meeting"]["date"] == "2026-12-09"
    assert data["people_by_role"]["DfE adviser"] == 1


def test_summary_text_is_for_people(call, board_path):
    result = call("summary", "--db", board_path, "--today", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "SEND Improvement Board (West Northamptonshire)"
    assert "Next meeting: Wednesday 9 December 2026" in result.stdout


def test_summary_survives_an_output_that_is_not_utf8(tmp_path):
    path = tmp_path / "b.sqlite"
    Board.create_new(path, "Board 😀 עברית").close()
    env = {"PYTHONIOENCODING": "cp1252"}
    text = run("summary", "--db", path, env=env)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Board ")
    as_json = run("summary", "--db", path, "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["board"]["name"] == "Board 😀 עברית"


def test_summary_does_not_change_the_file_or_take_a_backup(call, board_path):
    before = _digest(board_path)
    assert call("summary", "--db", board_path).returncode == 0
    assert _digest(board_path) == before
    assert backups.folders_for_name(board_path) == []


# ------------------------------------------------------------------ backup and restore


def _organisations(path: Path) -> list[str]:
    with Board.open(path, readonly=True) as board:
        return [o["name"] for o in board.rows("organisation")]


def test_backup_prints_the_new_file_and_restore_lists_it(call, board_path):
    result = call("backup", "--db", board_path)
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip())
    assert made.exists() and made.name.endswith(" manual.sqlite")
    listing = call("restore", "--db", board_path, "--list")
    assert listing.returncode == 0
    assert str(made) in listing.stdout
    assert listing.stdout.lstrip().startswith("1 ")


def test_restore_round_trip_with_safety_backup(call, board_path):
    made = Path(call("backup", "--db", board_path).stdout.strip())
    with Board.open(board_path) as board:
        board.create("organisation", {"name": "Added after the backup"})
    assert "Added after the backup" in _organisations(board_path)

    result = call("restore", "--db", board_path, made.name)
    assert result.returncode == 0, result.stderr
    assert str(made) in result.stdout
    assert _organisations(board_path) == ["West Northamptonshire Council"]
    safety = [line for line in result.stdout.splitlines() if "kept in" in line]
    assert len(safety) == 1

    # the newest backup is now the safety copy: restoring number 1 undoes the restore
    listing = call("restore", "--db", board_path, "--list").stdout.splitlines()
    assert "restore" in listing[0]
    assert call("restore", "--db", board_path, "1").returncode == 0
    assert "Added after the backup" in _organisations(board_path)


def test_restore_by_path(call, board_path, tmp_path):
    made = Path(call("backup", "--db", board_path).stdout.strip())
    copy = tmp_path / "copy of backup.sqlite"
    copy.write_bytes(made.read_bytes())
    assert call("restore", "--db", board_path, copy).returncode == 0


def test_restore_refuses_a_damaged_backup_and_leaves_the_board(board_path):
    made = Path(run("backup", "--db", board_path).stdout.strip())
    data = bytearray(made.read_bytes())
    data[4096:8192] = b"\x5a" * 4096
    made.write_bytes(bytes(data))
    before = _digest(board_path)
    assert_refused(run("restore", "--db", board_path, "1"), "Nothing was restored", "damaged")
    assert _digest(board_path) == before


def test_restore_refuses_unknown_choices(call, board_path):
    call("backup", "--db", board_path)
    assert_refused(call("restore", "--db", board_path, "7"), "no backup number 7",
                   "the board has 1 backup (see")
    assert_refused(call("restore", "--db", board_path, "no such backup.sqlite"),
                   "no backup called")
    assert_refused(call("restore", "--db", board_path), "Say which backup")


def test_restore_refuses_another_boards_backup_unless_forced(call, board_path, tmp_path):
    other = tmp_path / "other.sqlite"
    Board.create_new(other, "Another board").close()
    made = Path(call("backup", "--db", other).stdout.strip())
    assert_refused(call("restore", "--db", board_path, made), "another board", "--force")
    assert _organisations(board_path) == ["West Northamptonshire Council"]
    assert call("restore", "--db", board_path, made, "--force").returncode == 0
    with Board.open(board_path, readonly=True) as board:
        assert board.name == "Another board"


def test_restore_brings_back_a_deleted_or_wrecked_board(call, board_path):
    call("backup", "--db", board_path)
    board_path.write_bytes(b"overwritten by a sync conflict")
    assert "1 " in call("restore", "--db", board_path, "--list").stdout
    result = call("restore", "--db", board_path, "1")
    assert result.returncode == 0, result.stderr
    assert _organisations(board_path) == ["West Northamptonshire Council"]
    board_path.unlink()
    result = call("restore", "--db", board_path, "2")  # 1 is now the wrecked file's bytes
    assert result.returncode == 0, result.stderr
    assert _organisations(board_path) == ["West Northamptonshire Council"]


def test_restore_list_with_no_backups(call, tmp_path):
    result = call("restore", "--db", tmp_path / "never.sqlite", "--list")
    assert result.returncode == 0
    assert "no backups" in result.stdout


def test_a_board_from_an_older_version_is_upgraded_once_by_a_reading_command(tmp_path, call):
    from sendsec.storage.database import create_database
    from sendsec.storage.schema import MIGRATION_NAMES

    path = tmp_path / "old.sqlite"
    db = create_database(path, stop_before=MIGRATION_NAMES[1])
    db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old board', "
               "'0123456789abcdef')")
    db.conn.commit()
    db.close()

    first = call("summary", "--db", path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Old board")
    assert "was upgraded" in first.stderr and "backup" in first.stderr
    folder = backups.backup_folder(path, "0123456789abcdef")
    assert [b.reason for b in backups.list_backups(folder)] == ["migration"]

    second = call("summary", "--db", path)
    assert second.returncode == 0 and second.stderr == ""


def test_a_read_only_board_from_an_older_version_is_refused_not_changed(tmp_path, call,
                                                                        monkeypatch):
    from sendsec.storage.database import create_database
    from sendsec.storage.schema import MIGRATION_NAMES

    path = tmp_path / "old.sqlite"
    db = create_database(path, stop_before=MIGRATION_NAMES[1])
    db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old board', "
               "'0123456789abcdef')")
    db.conn.commit()
    db.close()
    before = _digest(path)
    monkeypatch.setattr(os, "access", lambda p, mode: False)  # root can write anywhere
    assert_refused(call("check", "--db", path), "older version")
    assert _digest(path) == before


@pytest.mark.parametrize("command", ["papers", "requests"])
def test_papers_and_requests_name_a_missing_or_impossible_meeting_alike(call, board_path,
                                                                        tmp_path, command):
    out = tmp_path / "out"
    for spec, says in (("2026-12-10", "There is no meeting on 10 December 2026."),
                       ("10/12/2026", "There is no meeting on 10 December 2026."),
                       ("31/02/2026", "'31/02/2026' is not a real date."),
                       ("2026-02-30", "'2026-02-30' is not a real date."),
                       ("9999", "There is no meeting with id 9999.")):
        line = assert_refused(call(command, "--db", board_path, "--meeting", spec,
                                   "--out", out, "--today", "2026-11-22"))
        assert line == f"sendsec: {says}", (command, spec)
    assert not out.exists()


def test_a_today_that_is_not_a_real_day_is_named_as_such(call, board_path):
    line = assert_refused(call("summary", "--db", board_path, "--today", "2026-02-30"))
    assert "'2026-02-30' is not a real date" in line
