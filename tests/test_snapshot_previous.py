"""The previous snapshot a new one is compared with: the file the board recorded sending is
compared without being checked again; any other file in its place is opened defensively in
full, and a hostile one is refused (the report then lists the change log)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from test_snapshots import build_board

from sendsec.domain.errors import FileRefused
from sendsec.exchanges.snapshot_files import file_sha256
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board


def _change_a_title(board_path):
    with Board.open(board_path) as b:
        action = b.find("action", ref="PA1.1")
        b.update("action", action["id"], {"title": "Do the thing better"})


def test_the_previous_snapshot_as_sent_is_compared_in_full(tmp_path):
    board_path = build_board(tmp_path / "board.sqlite")
    with Board.open(board_path) as b:
        first = take_snapshot(b, tmp_path / "out")
    _change_a_title(board_path)
    with Board.open(board_path) as b:
        second = take_snapshot(b, tmp_path / "out")
    assert second.compared_with.startswith("It compares this snapshot with snapshot 1")
    with open_snapshot(second.path) as opened:
        lines = opened.snapshot_info["changes"]["lines"]
    assert any("Do the thing better" in line for line in lines)
    assert first.path.exists()


def test_a_previous_snapshot_tampered_with_is_refused_and_the_change_log_used(tmp_path):
    board_path = build_board(tmp_path / "board.sqlite")
    with Board.open(board_path) as b:
        first = take_snapshot(b, tmp_path / "out")
    # the file in the folder is no longer the one sent: a trigger added (its .sha256 and
    # the record of it in the board say otherwise)
    hostile = tmp_path / "hostile.sqlite"
    shutil.copyfile(first.path, hostile)
    conn = sqlite3.connect(hostile)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON actions BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    shutil.copyfile(hostile, first.path)
    first.sha256_path.write_text(f"{file_sha256(first.path)}  {first.path.name}\n")
    _change_a_title(board_path)
    with Board.open(board_path) as b:
        second = take_snapshot(b, tmp_path / "out")
    assert second.compared_with.startswith("Snapshot 1 could not be opened")
    assert "change log" in second.compared_with
    # told the digest of the file sent, a file whose bytes are not that file's is still refused
    with pytest.raises(FileRefused, match="cannot be opened as a snapshot"):
        open_snapshot(first.path, made_here=first.sha256)


def test_the_snapshot_is_sealed_before_its_report_is_written(tmp_path):
    # the file and its checksum are in place, with what changed inside them, before the
    # report (and the document writer it needs) and the email are made
    import subprocess
    import sys
    import textwrap

    board_path = build_board(tmp_path / "board.sqlite")
    script = textwrap.dedent(f"""
        import sys
        from sendsec.exchanges.snapshots import take_snapshot
        from sendsec.services.board import Board

        def sealed(result):
            print(result.path.is_file(), result.sha256_path.is_file(),
                  result.report_path.exists(), result.eml_path.exists(),
                  "docx" in sys.modules, "sendsec.papers" in sys.modules)

        with Board.open({str(board_path)!r}) as b:
            result = take_snapshot(b, {str(tmp_path / "out")!r}, sealed=sealed)
        print(result.report_path.is_file(), result.eml_path.is_file())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True True False False False False", "True True"]
