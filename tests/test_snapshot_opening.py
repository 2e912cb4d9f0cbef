"""Opening a snapshot: read-only, and anything unsound refused with one line: hostile and damaged
files, a checksum file that does not match, and damage only the fingerprint inside can see."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.cli import main
from sendsec.commands.common import open_board
from sendsec.domain.errors import FileRefused, ReadOnlyError, SendsecError
from sendsec.exchanges import snapshot_files, snapshots
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board
from sendsec.storage import snapshot_store
from sendsec.storage.database import create_database
from tests.test_snapshots import RTL, build_board


@pytest.fixture
def snap(tmp_path):
    """A snapshot of the small board of tests/test_snapshots.py, taken with a note."""
    with Board.open(build_board(tmp_path / "board.sqlite")) as b:
        return take_snapshot(b, tmp_path / "out", note="For the March meeting")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path: Path) -> str:
    with pytest.raises(FileRefused) as info:
        open_snapshot(path)
    return str(info.value)


# --------------------------------------------------------------------- opening

def test_snapshot_is_read_only_and_cleans_up(snap):
    board = open_snapshot(snap.path)
    private = board.private_dir
    assert board.readonly and private.is_dir()
    action = board.find("action", ref="PA1.1")
    with pytest.raises(ReadOnlyError):
        board.update("action", action["id"], {"rag": "red"})
    with pytest.raises(ReadOnlyError):
        board.create("organisation", {"name": "New"})
    with pytest.raises(ReadOnlyError):
        board.archive("action", action["id"])
    with pytest.raises(SendsecError, match="itself a snapshot"):
        take_snapshot(board, snap.path.parent)
    with pytest.raises(sqlite3.OperationalError):
        board.db.execute("DELETE FROM actions")
    board.close()
    assert not private.exists()
    with pytest.raises(SendsecError, match="read-only"):
        open_board(snap.path, write=True)


def test_summary_and_papers_read_a_snapshot(snap, capsys, tmp_path):
    assert main(["summary", "--db", str(snap.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Test SEND Improvement Board")
    assert "2 actions" in out

    # the papers, to read: the invitations (letters, calendar file, drafts) are the
    # secretary's to send, not the chair's from a snapshot
    assert main(["papers", "--db", str(snap.path), "--meeting", "2025-03-12",
                 "--out", str(tmp_path / "read")]) == 0
    written = sorted(p.name for p in (tmp_path / "read").iterdir())
    assert any(n.endswith("Agenda.docx") for n in written)
    assert any(n.endswith("Board pack.docx") for n in written)
    assert not [n for n in written if "Invitation" in n or n.endswith((".eml", ".ics"))]
    # from the board itself, the same meeting's papers include them
    assert main(["papers", "--db", str(tmp_path / "board.sqlite"), "--meeting", "2025-03-12",
                 "--out", str(tmp_path / "sent")]) == 0
    sent = [p.name for p in (tmp_path / "sent").iterdir()]
    assert [n for n in sent if n.endswith(".eml")] and [n for n in sent if n.endswith(".ics")]
    assert set(written) < set(sent)


def _copy(snap, tmp_path: Path, name: str = "copy.sendsec") -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir(exist_ok=True)
    target = folder / name
    shutil.copyfile(snap.path, target)
    return target


def _alter(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()


def _table_page(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(str(path))
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                            [table]).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return root, page_size


def _flip(path: Path, offset: int, count: int = 4) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


HOSTILE = {}


def hostile(name):
    def register(fn):
        HOSTILE[name] = fn
        return fn
    return register


@hostile("not SQLite")
def _text_file(snap, tmp_path):
    p = tmp_path / "notes.sendsec"
    p.write_text("Minutes of the meeting\n", encoding="utf-8")
    return p, "not an SQLite database"


@hostile("empty")
def _empty(snap, tmp_path):
    p = tmp_path / "empty.sendsec"
    p.write_bytes(b"")
    return p, "is empty"


@hostile("folder")
def _folder(snap, tmp_path):
    p = tmp_path / "folder.sendsec"
    p.mkdir()
    return p, "is a folder"


@hostile("truncated")
def _truncated(snap, tmp_path):
    p = _copy(snap, tmp_path)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p, "cut short"


@hostile("truncated mid-page")
def _truncated_odd(snap, tmp_path):
    p = _copy(snap, tmp_path)
    p.write_bytes(p.read_bytes()[:5000])
    return p, "cut short"


@hostile("bytes flipped, checksum beside")
def _flipped_with_sha(snap, tmp_path):
    p = _copy(snap, tmp_path)
    shutil.copyfile(snap.sha256_path, p.with_name(p.name + ".sha256"))
    root, size = _table_page(p, "actions")
    _flip(p, (root - 1) * size + size // 2)  # inside the page that holds the actions
    return p, "has changed since it was sent"


@hostile("b-tree page header flipped")
def _flipped_page(snap, tmp_path):
    p = _copy(snap, tmp_path)
    root, size = _table_page(p, "actions")
    _flip(p, (root - 1) * size + 3, 2)  # the page's cell count
    return p, "damaged"


@hostile("indexed value flipped")
def _flipped_value(snap, tmp_path):
    p = _copy(snap, tmp_path)
    data = p.read_bytes()
    at = data.index(b"PA1.2")  # the action's ref, also held in its UNIQUE index
    _flip(p, at + 2, 1)
    return p, "damaged"


@hostile("one byte flipped in free space, no checksum beside")
def _flipped_free_space(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _flip(p, _free_byte(p, "actions"), 1)
    return p, "has been changed or damaged since it was taken"


@hostile("one byte flipped in a text, no checksum beside")
def _flipped_text(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _flip(p, p.read_bytes().index(b"Leave this alone") + 6, 1)  # 'this' -> 't\x96is'
    return p, "has been changed or damaged since it was taken"


@hostile("a value edited through SQLite, no checksum beside")
def _edited(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "UPDATE actions SET title = 'Forged' WHERE ref = 'PA1.2'")
    return p, "has been changed or damaged since it was taken"


@hostile("fingerprint garbled")
def _garbled_fingerprint(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "UPDATE snapshot_info SET content_sha256 = upper(content_sha256)")
    return p, "has been changed or damaged since it was taken"


@hostile("plain SQLite")
def _plain(snap, tmp_path):
    p = tmp_path / "plain.sendsec"
    _alter(p, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
    return p, "not a sendsec board"


@hostile("trigger")
def _trigger(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "CREATE TRIGGER t AFTER INSERT ON actions BEGIN DELETE FROM risks; END")
    return p, "trigger 't'"


@hostile("view")
def _view(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "CREATE VIEW v AS SELECT * FROM actions")
    return p, "view 'v'"


@hostile("extra table")
def _extra_table(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "CREATE TABLE payload (x)")
    return p, "table 'payload' that sendsec did not make"


@hostile("changed columns")
def _columns(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "ALTER TABLE risks ADD COLUMN extra TEXT")
    return p, "table 'risks' that is not as sendsec made it"


@hostile("newer version")
def _newer(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
              "VALUES ('sendsec', '0099_future', '2030-01-01')")
    return p, "newer version of sendsec"


@hostile("live board renamed")
def _live(snap, tmp_path):
    p = tmp_path / "live.sendsec"
    shutil.copyfile(Path(snap.path).parent.parent / "board.sqlite", p)
    return p, "not a snapshot"


@hostile("record of another board")
def _foreign_record(snap, tmp_path):
    p = _copy(snap, tmp_path)
    _alter(p, "UPDATE snapshot_info SET board_uid = 'someone-else'")
    return p, "tampered"


@hostile("checksum mismatch")
def _sha_mismatch(snap, tmp_path):
    p = _copy(snap, tmp_path)
    p.with_name(p.name + ".sha256").write_text(f"{'0' * 64}  {p.name}\n", encoding="utf-8")
    return p, "has changed since it was sent"


@hostile("checksum file garbled")
def _sha_garbled(snap, tmp_path):
    p = _copy(snap, tmp_path)
    p.with_name(p.name + ".sha256").write_text("\U0001F600 nonsense", encoding="utf-8")
    return p, "not in the expected form"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_files_are_refused_with_one_clear_line(kind, snap, tmp_path, capsys):
    path, expected = HOSTILE[kind](snap, tmp_path)
    before = set(Path(os.environ["SENDSEC_DATA_DIR"]).rglob("*"))
    message = _refused(path)
    assert expected in message
    assert main(["summary", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert set(Path(os.environ["SENDSEC_DATA_DIR"]).rglob("*")) == before


def test_refused_file_leaves_no_private_copy(snap, tmp_path, monkeypatch):
    made = []
    real = tempfile.mkdtemp

    def spy(*args, **kwargs):
        made.append(Path(real(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(tempfile, "mkdtemp", spy)
    path, _ = HOSTILE["trigger"](snap, tmp_path)
    _refused(path)
    assert made and not made[0].exists()


# ------------------------------------------------------ the fingerprint inside

CHANGED = "has been changed or damaged since it was taken (its contents no longer match the " \
          "fingerprint inside it). Ask for the snapshot to be sent again."
DAMAGED = re.compile(r"^'[^']*copy[^']*\.sendsec' (cannot be opened as a snapshot: .*(damaged|"
                     r"cut short|not a sendsec board|not those of a sendsec board|not as sendsec made it|"
                     r"that sendsec did not make|that sendsec makes|newer "
                     r"version)|is not a sendsec board file \(it is not an SQLite database\))")


def _stored_fingerprint(path: Path) -> str:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT content_sha256 FROM snapshot_info").fetchone()[0]
    finally:
        conn.close()


def _free_byte(path: Path, table: str) -> int:
    """Return the offset of the middle of the unused gap in the root page of `table`."""
    root, size = _table_page(path, table)
    data = path.read_bytes()
    start = (root - 1) * size
    head = start + (100 if root == 1 else 0)
    kind = data[head]
    cells = int.from_bytes(data[head + 3:head + 5], "big")
    content = int.from_bytes(data[head + 5:head + 7], "big") or 65536
    gap_from = head + (8 if kind in (10, 13) else 12) + 2 * cells
    gap_to = start + content
    assert gap_to - gap_from > 16, "the page has no free gap to damage"
    assert set(data[gap_from:gap_to]) == {0}
    return (gap_from + gap_to) // 2


def _flip_copy(snap, folder: Path, offset: int, mask: int = 0x01) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"copy at {offset}.sendsec"
    data = bytearray(snap.path.read_bytes())
    data[offset] ^= mask
    target.write_bytes(bytes(data))
    return target


def _assert_refused(path: Path) -> str:
    message = _refused(path)
    assert message == f"'{path.name}' {CHANGED}" or DAMAGED.match(message), message
    assert "\n" not in message
    return message


def test_the_fingerprint_is_the_digest_of_the_file_with_it_read_as_zeros(snap):
    stored = _stored_fingerprint(snap.path)
    assert re.fullmatch(r"[0-9a-f]{64}", stored) and stored != "0" * 64
    data = snap.path.read_bytes()
    assert data.count(stored.encode()) == 1
    assert hashlib.sha256(data.replace(stored.encode(), b"0" * 64)).hexdigest() == stored
    assert snap.self_check == "passed" and not snap.notes


def test_an_untouched_copy_without_its_checksum_opens_and_says_it_was_checked(snap, tmp_path):
    p = _copy(snap, tmp_path)
    assert not p.with_name(p.name + ".sha256").exists()
    with open_snapshot(p) as s:
        assert s.snapshot_info["self_check"] == "passed"
        assert s.snapshot_info["sha256_checked"] is False
        assert s.find("action", ref="PA1.1")["title"] == "Do the thing"
    assert _sha(p) == snap.sha256


def test_a_byte_flipped_anywhere_in_a_copy_without_its_checksum_is_refused(snap, tmp_path):
    size = snap.path.stat().st_size
    data = snap.path.read_bytes()
    index_root, page_size = _table_page(snap.path, "sqlite_autoindex_actions_1")
    fingerprint = data.index(_stored_fingerprint(snap.path).encode())
    places = {
        "very middle": size // 2,
        "free space in the actions page": _free_byte(snap.path, "actions"),
        "free space in the snapshot record's page": _free_byte(snap.path, "snapshot_info"),
        "a text cell": data.index(b"Leave this alone") + 3,
        "the secretary's note": data.index(b"For the March meeting") + 8,
        "an index page": (index_root - 1) * page_size + page_size // 2,
        "an index entry": (index_root - 1) * page_size + data[
            (index_root - 1) * page_size:index_root * page_size].index(b"PA1.1") + 4,
        "the last page": size - page_size // 2,
        "the last byte": size - 1,
        "the header's change counter": 24,
        "the header's version-valid-for": 93,
        "the header's SQLite version": 99,
        "the header's schema cookie": 43,
        "the schema text": data.index(b"CREATE TABLE risks") + 15,
        "the fingerprint itself": fingerprint + 31,
        "a date": data.index(b"2025-06-30") + 9,
        "a number": _free_byte(snap.path, "measure_points") - 1,
        "just after the header": 100,
        "a quarter in": size // 4,
        "three quarters in": size * 3 // 4,
    }
    assert len(set(places.values())) == 20
    folder = tmp_path / "flipped"
    messages = {name: _assert_refused(_flip_copy(snap, folder, at))
                for name, at in places.items()}
    # damage SQLite cannot see by itself is caught by the fingerprint
    for name in ("free space in the actions page", "a text cell", "the secretary's note",
                 "the header's change counter", "the fingerprint itself"):
        assert CHANGED in messages[name], (name, messages[name])
    untouched = folder / "untouched.sendsec"
    shutil.copyfile(snap.path, untouched)
    with open_snapshot(untouched) as s:
        assert s.snapshot_info["self_check"] == "passed"


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), mask=st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_refused(snap, tmp_path, data, mask):
    offset = data.draw(st.integers(min_value=0, max_value=snap.path.stat().st_size - 1),
                       label="offset")
    path = _flip_copy(snap, tmp_path / "any", offset, mask)
    try:
        _assert_refused(path)
    finally:
        path.unlink()


def test_the_cli_refuses_a_flipped_copy_with_one_line(snap, tmp_path, capsys):
    path = _flip_copy(snap, tmp_path / "cli", _free_byte(snap.path, "actions"))
    assert main(["summary", "--db", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"sendsec: '{path.name}' {CHANGED}\n"
    good = _copy(snap, tmp_path)
    assert main(["summary", "--db", str(good)]) == 0
    assert capsys.readouterr().out.startswith("Test SEND Improvement Board")


def test_the_checksum_file_still_checks_with_sha256sum(snap):
    line = snap.sha256_path.read_text(encoding="utf-8")
    assert line == f"{_sha(snap.path)}  {snap.path.name}\n"
    tool = shutil.which("sha256sum")
    if tool is None:
        pytest.skip("sha256sum is not installed")
    done = subprocess.run([tool, "-c", snap.sha256_path.name], cwd=snap.path.parent,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip().endswith(": OK")


def test_a_long_note_that_spills_onto_overflow_pages_is_still_sealed(tmp_path):
    board_path = build_board(tmp_path / "board.sqlite")
    note = ("\U0001F600" * 3 + " " + RTL + "\x0b") * 200
    assert len(note) == snapshots.MAX_NOTE
    assert len(note.encode()) > _table_page(board_path, "actions")[1]  # more than a page
    with Board.open(board_path) as b:
        result = take_snapshot(b, tmp_path / "out", note=note)
    assert result.self_check == "passed"
    with open_snapshot(result.path) as s:
        assert s.snapshot_info["self_check"] == "passed"
        assert s.snapshot_info["note"] == note.strip()
    data = result.path.read_bytes()
    # the end of the note lies on an overflow page; damage there is caught too
    at = data.rfind("\U0001F600 ".encode() + RTL.encode())
    assert at > 0
    assert CHANGED in _assert_refused(_flip_copy(result, tmp_path / "long", at + 2))


@pytest.fixture(params=["mapped", "read"])
def mapping(request, monkeypatch):
    """Files hashed where they lie in memory (mapped), or, where a file cannot be mapped
    (some file systems), read block by block: the same digests either way."""
    if request.param == "read":
        monkeypatch.setattr(snapshot_files, "_mapped", lambda path: None)
    return request.param


def test_a_snapshot_is_sealed_and_checked_alike_whether_or_not_files_can_be_mapped(
        mapping, tmp_path):
    with Board.open(build_board(tmp_path / "board.sqlite")) as b:
        result = take_snapshot(b, tmp_path / "out")
    assert result.self_check == "passed" and result.sha256 == _sha(result.path)
    stored = _stored_fingerprint(result.path)
    data = result.path.read_bytes()
    assert data.count(stored.encode()) == 1
    assert hashlib.sha256(data.replace(stored.encode(), b"0" * 64)).hexdigest() == stored
    with open_snapshot(result.path) as s:
        assert s.snapshot_info["self_check"] == "passed"
        assert s.snapshot_info["sha256_checked"] is True
    at = data.index(b"Leave this alone")
    assert CHANGED in _assert_refused(_flip_copy(result, tmp_path / "flipped", at + 2))
    # the stored fingerprint written twice over: found twice, refused
    twice = tmp_path / "twice" / "copy twice.sendsec"
    twice.parent.mkdir()
    twice.write_bytes(data.replace(b"Leave this alone", stored.encode()[:16], 1))
    _assert_refused(twice)


def test_when_sealing_fails_the_placeholder_stays_and_the_secretary_is_told(
        mapping, tmp_path, monkeypatch):
    # as if this SQLite moved other bytes than the fingerprint and the header's counters when
    # it wrote the fingerprint (here: the header's counters, the file written twice)
    write = snapshot_store.set_content_sha256

    def write_twice(path, value):
        if value != snapshot_files.PLACEHOLDER:
            write(path, "e" * 64)
        write(path, value)

    monkeypatch.setattr(snapshot_store, "set_content_sha256", write_twice)
    with Board.open(build_board(tmp_path / "board.sqlite")) as b:
        result = take_snapshot(b, tmp_path / "out")
    assert result.self_check == "not available"
    assert snapshots.NO_FINGERPRINT in result.notes
    assert _stored_fingerprint(result.path) == "0" * 64
    assert result.sha256 == _sha(result.path)
    with open_snapshot(result.path) as s:
        assert s.snapshot_info["self_check"] == "not available"
        assert s.snapshot_info["sha256_checked"] is True


def test_a_snapshot_from_before_the_fingerprint_opens_and_says_it_was_not_checked(tmp_path):
    path = tmp_path / "old.sqlite"
    db = create_database(path, stop_before="0003_snapshot_self_hash")
    db.execute("INSERT INTO board (id, name, board_uid) VALUES (1, 'Old board', 'uid-1')")
    db.execute("INSERT INTO actions (ref, title) VALUES ('PA1.1', 'Old action')")
    db.execute("INSERT INTO snapshot_info (id, board_uid, sequence, taken_at, taken_by, "
               "source_path, note, app_version) VALUES (1, 'uid-1', 3, '2025-01-02 10:00:00', "
               "'sam', 'C:\\board.sqlite', NULL, '0.1')")
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    old = tmp_path / "old.sendsec"
    path.rename(old)
    before = _sha(old)
    with open_snapshot(old) as s:
        assert s.snapshot_info["self_check"] == "not available"
        assert s.snapshot_info["sequence"] == 3
        assert s.find("action", ref="PA1.1")["title"] == "Old action"
    assert _sha(old) == before


def test_damaged_names_that_are_not_utf8_are_refused_not_a_crash(snap, tmp_path, capsys):
    data = snap.path.read_bytes()
    name = b"idx_agenda_items_meeting_id"
    places = [m.start() + len(b"idx_agenda_items") for m in re.finditer(name, data)]
    assert len(places) >= 2  # its name and its CREATE INDEX text in the schema
    for at in places:
        path = _flip_copy(snap, tmp_path / "names", at, 0x80)  # '_' becomes 0xDF
        _assert_refused(path)
        assert main(["summary", "--db", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err



def test_a_cancelled_meetings_papers_from_a_snapshot_are_none(tmp_path):
    """A cancelled meeting's papers are its cancellation letters, calendar file and drafts, all
    the secretary's to send: from a snapshot, nothing is written (and no error)."""
    import datetime as dt

    from sendsec.papers import papers_for_meeting

    with Board.open(build_board(tmp_path / "board.sqlite")) as b:
        meeting = b.rows("meeting")[0]
        b.update("meeting", meeting["id"], {"status": "cancelled"})
        taken = take_snapshot(b, tmp_path / "out").path
    with open_snapshot(taken) as snap:
        out = tmp_path / "read"
        out.mkdir()
        assert papers_for_meeting(snap, meeting["id"], out, dt.date(2025, 3, 1)) == []
    assert list(out.iterdir()) == []
