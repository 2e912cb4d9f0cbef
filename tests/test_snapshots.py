"""Snapshots for the chair: taking them consistently, recording and publishing them, the report
and the email beside them, and what a snapshot carries inside it. (Opening one defensively is
tests/test_snapshot_opening.py.)"""

from __future__ import annotations

import email
import email.policy
import hashlib
import itertools
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshot_record import read_carried_changes
from sendsec.exchanges.snapshots import make_snapshot, take_snapshot
from sendsec.services.board import Board
from sendsec.storage import backups, snapshot_store

RTL = "\u0645\u0631\u062d\u0628\u0627"  # Arabic "hello"


def build_board(path: Path, name: str = "Test SEND Improvement Board", *,
                chair_email: str | None = "chair@example.org") -> Path:
    """Write a small board: people in the statutory roles, an area, actions, a risk, a measure."""
    b = Board.create_new(path, name)
    with b:
        org = b.create("organisation", {"name": "West Northamptonshire Council"}).id
        chair = b.create("person", {"name": "Chris Chair", "email": chair_email,
                                    "role": "independent chair", "organisation_id": org}).id
        sec = b.create("person", {"name": "Sam Secretary", "email": "sam@example.org",
                                  "role": "secretary"}).id
        owner = b.create("person", {"name": "Olive Owner", "email": "olive@example.org"}).id
        for role in ("DfE adviser", "NHS England adviser", "DfE case lead"):
            b.create("person", {"name": f"{role} person", "email": "x@example.org",
                                "role": role})
        b.update_settings({"chair_id": chair, "secretary_id": sec})
        area = b.create("area", {"code": "a", "title": "Area a"}).id
        a1 = b.create("action", {"ref": "PA1.1", "title": "Do the thing", "owner_id": owner,
                                 "due_date": "2025-06-30", "area_id": area}).id
        b.create("action", {"ref": "PA1.2", "title": "Leave this alone", "owner_id": owner,
                            "due_date": "2025-07-31", "area_id": area})
        b.create("action_update", {"action_id": a1, "update_date": "2025-02-01",
                                   "rag": "amber", "narrative": "Started"})
        b.create("risk", {"ref": "R1", "title": "Risk one", "current_likelihood": 3,
                          "current_impact": 3})
        m = b.create("measure", {"code": "M1", "unit": "%", "target": 60,
                                 "title": "EHC plans issued within 20 weeks (%)"}).id
        b.create("measure_point", {"measure_id": m, "period": "2025-01-31", "value": 20})
        b.create("meeting", {"meeting_date": "2025-03-12", "venue": "One Angel Square"})
    return path


@pytest.fixture
def board_path(tmp_path) -> Path:
    return build_board(tmp_path / "board.sqlite")


@pytest.fixture
def snap(board_path, tmp_path):
    with Board.open(board_path) as b:
        return take_snapshot(b, tmp_path / "out", note="For the March meeting")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------- taking

def test_snapshot_is_consistent_while_another_connection_is_writing(board_path, tmp_path):
    other = sqlite3.connect(str(board_path), isolation_level=None, timeout=5)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO organisations (name) VALUES ('Uncommitted Trust')")
    try:
        result = make_snapshot(board_path, tmp_path / "out", note="during a write")
    finally:
        other.execute("ROLLBACK")
        other.close()
    raw = sqlite3.connect(str(result.path))
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA journal_mode").fetchone()[0].lower() == "delete"
        assert raw.execute("SELECT COUNT(*) FROM organisations WHERE name = "
                           "'Uncommitted Trust'").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM actions").fetchone()[0] == 2
    finally:
        raw.close()
    # the file header says rollback journal (1), not WAL (2)
    assert result.path.read_bytes()[18:20] == b"\x01\x01"
    line = result.sha256_path.read_text(encoding="utf-8")
    assert re.fullmatch(r"[0-9a-f]{64}  .+\.sendsec\n", line)
    assert line == f"{_sha(result.path)}  {result.path.name}\n"
    assert result.sha256 == _sha(result.path)


def test_take_snapshot_names_records_and_numbers_each(board_path, tmp_path):
    out = tmp_path / "out"
    import datetime as dt
    with Board.open(board_path) as b:
        first = take_snapshot(b, out, now=dt.datetime(2025, 3, 5, 14, 12))
        second = take_snapshot(b, out, now=dt.datetime(2025, 3, 5, 14, 12))
        sent = b.snapshots_sent()
        log = [r for r in b.change_log() if r["entity"] == "snapshot"]
    assert first.path.name == "Test SEND Improvement Board snapshot 2025-03-05 1412.sendsec"
    assert second.path.name == "Test SEND Improvement Board snapshot 2025-03-05 1412 (2).sendsec"
    assert (first.sequence, second.sequence) == (1, 2)
    assert [(r["sequence"], r["file_name"], r["sha256"]) for r in sent] == [
        (1, first.path.name, first.sha256), (2, second.path.name, second.sha256)]
    assert len(log) == 2 and log[0]["new"] == second.path.name
    assert not list(out.glob("*.part"))
    with open_snapshot(second.path) as s:
        info = s.snapshot_info
        assert info["sequence"] == 2
        assert info["taken_at"] == "2025-03-05 14:12:00"
        assert info["taken_by"] == s.user or info["taken_by"]
        assert info["source_path"] == str(board_path.resolve())
        assert info["board_uid"] == s.settings()["board_uid"]
        assert info["board_name"] == "Test SEND Improvement Board"
        assert info["sha256_checked"] is True
        assert info["self_check"] == "passed"
    assert (first.self_check, second.self_check) == ("passed", "passed")


def test_windows_safe_names_and_hostile_notes(tmp_path):
    path = build_board(tmp_path / "b.sqlite", name='CON: A/B "board"? <x>|*')
    note = f"Line one\x0bline two \U0001F600 {RTL} & <tags>"
    with Board.open(path) as b:
        result = take_snapshot(b, tmp_path / "out", note=note)
        with pytest.raises(SendsecError, match="2,000"):
            take_snapshot(b, tmp_path / "out", note="x" * 40_000)
        assert len(b.snapshots_sent()) == 1
    assert not set('<>:"/\\|?*') & set(result.path.name)
    assert result.path.name.startswith("CON- A-B -board-- -x--- snapshot ")
    with open_snapshot(result.path) as s:
        assert s.snapshot_info["note"] == note
    doc = Document(str(result.report_path))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "line two \U0001F600" in text.replace("\n", " ")
    assert RTL in text and "& <tags>" in text and "\x0b" not in text


def test_report_is_an_accessible_document(board_path, tmp_path, snap):
    with Board.open(board_path) as b:
        action = b.find("action", ref="PA1.1")
        b.update("action", action["id"], {"rag": "red"})
        second = take_snapshot(b, tmp_path / "out")
    doc = Document(str(second.report_path))
    props = doc.core_properties
    assert props.language == "en-GB"
    assert props.title == "Test SEND Improvement Board: Changes since the last snapshot"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    levels = []
    for p in doc.paragraphs:
        name = p.style.name
        if name == "Title":
            levels.append(0)
        elif name.startswith("Heading "):
            levels.append(int(name.split()[1]))
    assert levels[0] == 0
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["About this snapshot", "What changed", "Actions (1)"]
    assert "Risks (1)" not in headings
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert rows[0] == ["Record", "What", "Before", "After"]
    assert ["PA1.1 Do the thing", "RAG", "Amber", "Red"] in rows
    intro = doc.paragraphs[2].text
    assert "compares this snapshot with snapshot 1" in intro
    assert second.compared_with.startswith("It compares this snapshot with snapshot 1")
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_report_falls_back_to_the_change_log_when_the_previous_file_is_gone(
        board_path, tmp_path, snap):
    snap.path.unlink()
    with Board.open(board_path) as b:
        action = b.find("action", ref="PA1.1")
        b.update("action", action["id"], {"title": "Do the thing better"})
        second = take_snapshot(b, tmp_path / "out")
    assert "is not in the folder" in second.compared_with
    assert "change log" in second.compared_with
    doc = Document(str(second.report_path))
    cells = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert [row[2:] for row in cells if len(row) == 6 and row[0] != "When"] == [
        ["Action PA1.1", "Action", "Do the thing", "Do the thing better"]]


def test_first_report_says_it_is_the_first(snap):
    assert "first snapshot" in snap.compared_with
    doc = Document(str(snap.report_path))
    assert "first snapshot" in doc.paragraphs[2].text


def test_email_draft_to_the_chair(snap):
    msg = email.message_from_bytes(snap.eml_path.read_bytes(), policy=email.policy.default)
    assert msg["X-Unsent"] == "1"
    assert "chair@example.org" in msg["To"] and "Chris Chair" in msg["To"]
    assert "sam@example.org" in msg["From"]
    body = msg.get_body(("plain",)).get_content()
    assert snap.sha256 in body and "read-only" in body and "For the March meeting" in body
    parts = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
    assert set(parts) == {snap.path.name, snap.sha256_path.name, snap.report_path.name}
    assert hashlib.sha256(parts[snap.path.name]).hexdigest() == snap.sha256


def test_email_without_a_chair_address_says_so(tmp_path):
    path = build_board(tmp_path / "b.sqlite", chair_email=None)
    with Board.open(path) as b:
        result = take_snapshot(b, tmp_path / "out")
    msg = email.message_from_bytes(result.eml_path.read_bytes(), policy=email.policy.default)
    assert msg["To"] is None
    assert any("no recipient" in n for n in result.notes)


def test_a_failed_check_leaves_nothing_behind(board_path, tmp_path, monkeypatch):
    before = _sha(board_path)
    monkeypatch.setattr(snapshot_store, "check", lambda conn, kind="": "page 3 bad")
    with Board.open(board_path) as b, pytest.raises(SendsecError, match="page 3 bad"):
        take_snapshot(b, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    with Board.open(board_path, readonly=True, backup=False) as b:
        assert b.snapshots_sent() == []
    assert _sha(board_path) == before


def _damage_free_page_count(path) -> None:
    """Write a wrong count of free pages into a database file's header (quick_check says so)."""
    with Path(path).open("r+b") as fh:
        fh.seek(36)
        fh.write((7).to_bytes(4, "big"))


def _then_damage(monkeypatch, module, name: str, which: int) -> None:
    """Make `module.name` do its work, then damage the file it was given as argument `which`."""
    original = getattr(module, name)

    def work_then_damage(*args):
        original(*args)
        _damage_free_page_count(args[which])

    monkeypatch.setattr(module, name, work_then_damage)


@pytest.mark.parametrize("by", ["command", "app"])
def test_a_copy_damaged_after_what_changed_is_written_into_it_is_not_sent(
        by, board_path, tmp_path, monkeypatch, capsys):
    # the copy is checked as it will be sent: after its record and what changed are written
    # (read-only when the command has just checked the board, in full in the app)
    _then_damage(monkeypatch, snapshot_store, "set_changes", 0)  # (path, changes)
    before = _sha(board_path)
    out = tmp_path / "out"
    if by == "command":
        assert main(["snapshot", "--db", str(board_path), "--out", str(out)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1 and "failed its check" in captured.err
        assert "freelist" in captured.err.lower()
    else:
        with Board.open(board_path, backup=False) as b, \
                pytest.raises(SendsecError, match="failed its check"):
            take_snapshot(b, out)
    assert list(out.iterdir()) == []
    with Board.open(board_path, readonly=True, backup=False) as b:
        assert b.snapshots_sent() == []
    if by == "app":
        assert _sha(board_path) == before


def test_the_days_backup_is_the_board_not_a_damaged_copy_made_for_the_snapshot(
        board_path, tmp_path, monkeypatch, capsys):
    # the snapshot's copy comes out of VACUUM INTO damaged: the snapshot is refused, and the
    # day's backup the command takes is a sound copy of the board itself, one restore accepts
    _then_damage(monkeypatch, snapshot_store, "vacuum_into", 1)  # (source, target)
    before = _sha(board_path)
    out = tmp_path / "out"
    assert main(["snapshot", "--db", str(board_path), "--out", str(out)]) == 2
    assert "failed its check" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    with Board.open(board_path, readonly=True, backup=False) as b:
        dailies = [k for k in backups.list_backups(b.backup_folder()) if k.reason == "daily"]
    assert len(dailies) == 1
    conn = sqlite3.connect(dailies[0].path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 2
    finally:
        conn.close()
    restored = tmp_path / "restored.sqlite"
    backups.restore_backup(dailies[0].path, restored)
    assert _sha(board_path) == before


def _kill_snapshot_at(board_path, out, where: str):
    """Take a snapshot in a child process killed at `where`: 'seal' (its copy written, with
    what changed, and checked, before its fingerprint), 'record' (just before the board
    records it) or 'publish' (as the first file is moved into place)."""
    script = textwrap.dedent(f"""
        import os, signal
        from sendsec.exchanges import snapshots
        from sendsec.services.board import Board
        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        if {where!r} == 'record':
            Board.record_snapshot = die
        elif {where!r} == 'seal':
            snapshots.seal = die
        else:
            snapshots.os.replace = die
        with Board.open({str(board_path)!r}, backup=False) as b:
            snapshots.take_snapshot(b, {str(out)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("where", ["seal", "record"])
def test_killed_before_recording_a_snapshot_leaves_the_board_and_no_final_file(board_path,
                                                                                tmp_path,
                                                                                where):
    out = tmp_path / "out"
    before = _sha(board_path)
    _kill_snapshot_at(board_path, out, where)
    assert not list(out.glob("*.sendsec")) and not list(out.glob("*.docx"))
    assert list(out.glob("*.part"))  # what the next start clears away
    assert _sha(board_path) == before
    with Board.open(board_path, readonly=True, backup=False) as b:
        assert b.snapshots_sent() == []
        assert b.find("action", ref="PA1.1") is not None
    with Board.open(board_path) as b:
        again = take_snapshot(b, out)
    assert again.sequence == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in (again.path, again.sha256_path, again.report_path, again.eml_path))


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_after_recording_a_snapshot_its_number_is_not_used_again(board_path, tmp_path):
    out = tmp_path / "out"
    _kill_snapshot_at(board_path, out, "publish")
    assert not list(out.glob("*.sendsec")) and not list(out.glob("*.docx"))
    with Board.open(board_path, readonly=True, backup=False) as b:
        assert [r["sequence"] for r in b.snapshots_sent()] == [1]
    with Board.open(board_path) as b:
        again = take_snapshot(b, out)
    assert again.sequence == 2
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_snapshot_that_cannot_be_recorded_leaves_no_file(board_path, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def refuse(self, **kwargs):
        raise SendsecError("The board is busy: another sendsec is writing to it.")

    monkeypatch.setattr(Board, "record_snapshot", refuse)
    with Board.open(board_path, backup=False) as b, pytest.raises(SendsecError, match="busy"):
        take_snapshot(b, out)
    assert list(out.iterdir()) == []


# ------------------------------------------------------------ the command line

def test_snapshot_cli_prints_the_paths(board_path, tmp_path, capsys):
    assert main(["snapshot", "--db", str(board_path), "--out", str(tmp_path / "o"),
                 "--note", "hello"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(".sendsec") and Path(lines[0]).is_file()
    assert lines[1].endswith(".sendsec.sha256") and Path(lines[1]).is_file()
    assert lines[2].endswith(".docx") and lines[3].endswith(".eml")
    assert re.fullmatch(r"SHA-256 [0-9a-f]{64}", lines[4])
    # the digest printed, and in the .sha256 file, is the SHA-256 of the file as it lies
    digest = hashlib.sha256(Path(lines[0]).read_bytes()).hexdigest()
    assert lines[4] == f"SHA-256 {digest}"
    assert Path(lines[1]).read_text() == f"{digest}  {Path(lines[0]).name}\n"


def test_snapshot_cli_refuses_a_snapshot_and_a_bad_folder(snap, board_path, tmp_path, capsys):
    assert main(["snapshot", "--db", str(snap.path), "--out", str(tmp_path / "o")]) == 2
    assert "read-only" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["snapshot", "--db", str(board_path), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "file" in err


def test_a_snapshot_folder_that_is_a_file_is_named_as_a_file(board_path, tmp_path):
    blocker = tmp_path / "for the chair"
    blocker.write_text("x", encoding="utf-8")
    with Board.open(board_path) as b, pytest.raises(SendsecError) as caught:
        take_snapshot(b, blocker)
    assert str(caught.value) == f"'{blocker}' is a file, not a folder."
    assert blocker.read_text(encoding="utf-8") == "x"


def test_snapshot_cli_gives_warnings_on_stderr_not_among_the_paths(tmp_path, capsys):
    path = tmp_path / "nochair.sqlite"
    Board.create_new(path, "No Chair Board").close()
    assert main(["snapshot", "--db", str(path), "--out", str(tmp_path / "o")]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 5
    assert captured.err.startswith("sendsec: warning: The board has no independent chair")


# ------------------------------------------------- what a snapshot carries inside it

def test_a_snapshot_carries_what_changed_and_who_sent_it(board_path, tmp_path):
    out = tmp_path / "out"
    with Board.open(board_path) as b:
        first = take_snapshot(b, out)
        action = b.find("action", ref="PA1.1")
        b.update("action", action["id"], {"title": "Do the thing & more <now> 🙂"})
        second = take_snapshot(b, out, note="After the March meeting")
    lone = tmp_path / "lone"
    lone.mkdir()
    copy = lone / second.path.name  # opened on its own: no report, no email, no .sha256
    shutil.copyfile(second.path, copy)
    with open_snapshot(copy) as s:
        info = s.snapshot_info
        assert info["taken_by_name"] == "Sam Secretary"
        assert info["note"] == "After the March meeting"
        changes = info["changes"]
        assert f"snapshot {first.sequence}" in changes["basis"]
        text = "\n".join(changes["lines"])
        assert "PA1.1" in text and "Do the thing & more <now> 🙂" in text
        assert changes["omitted"] == 0
    with open_snapshot(first.path) as s:
        assert "first snapshot" in s.snapshot_info["changes"]["basis"]
        assert s.snapshot_info["changes"]["lines"] == []
    # the email and the report name the secretary, not the computer login
    assert "by Sam Secretary." in " ".join(second.eml_path.read_text(encoding="utf-8").split())
    cells = [[c.text for c in r.cells] for t in Document(str(second.report_path)).tables
             for r in t.rows]
    assert ["Taken by", "Sam Secretary"] in cells
    assert [second.path.name] in [row[1:] for row in cells if row[0] == "File"]


def test_carried_changes_that_are_not_in_their_form_are_not_shown():
    read = read_carried_changes
    assert read(None) is None and read("not json") is None and read("[1, 2]") is None
    assert read('{"basis": 1, "lines": []}') is None
    assert read('{"basis": "b", "lines": ["a", 2]}') is None
    assert read("x" * 10_000_000) is None
    assert read('{"basis": "b", "lines": ["a"], "omitted": -4}') == {
        "basis": "b", "lines": ["a"], "omitted": 0}


def test_a_snapshot_renamed_to_a_board_name_is_not_opened_to_be_changed(snap, tmp_path, capsys):
    """A chair who renames 'board snapshot.sendsec' to '.sqlite' must not get a board she can
    change: her changes would reach no one, and the snapshot would be altered."""
    renamed = tmp_path / "board from the chair.sqlite"
    shutil.copyfile(snap.path, renamed)
    before = _sha(renamed)
    with pytest.raises(SendsecError) as caught:
        Board.open(renamed)
    assert "is a snapshot" in str(caught.value) and "read-only" in str(caught.value)
    assert main(["import", "--db", str(renamed), str(tmp_path / "plan.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a snapshot" in err
    with Board.open(renamed, readonly=True) as b:  # reading it is still fine
        assert b.find("action", ref="PA1.1")
    assert _sha(renamed) == before
