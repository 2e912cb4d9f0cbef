"""The chair's loop: comments on a snapshot, a comments file, the secretary's challenge log."""

from __future__ import annotations

import email
import json
import os
import sys
from email import policy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.exchanges import comments
from sendsec.exchanges.snapshot_files import file_sha256
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.services.board import Board
from tests.test_snapshots import RTL, build_board

HOSTILE = "Why has this slipped again? Smith & Jones <script> \U0001F600 " + RTL


@pytest.fixture
def loop(tmp_path):
    board = build_board(tmp_path / "board.sqlite")
    with Board.open(board) as b:
        snapshot = take_snapshot(b, tmp_path / "sent").path
    return board, snapshot


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_loop_snapshot_comments_file_challenge_log(loop, tmp_path, capsys):
    board, snapshot = loop
    digest = file_sha256(snapshot)
    code, out, err = _run(capsys, "comment", "--db", snapshot, "--record", "PA1.1",
                          "--text", HOSTILE)
    assert code == 0 and err == ""
    beside = Path(out.strip())
    assert beside == comments.comments_path(snapshot) and beside.parent == snapshot.parent
    assert _run(capsys, "comment", "--db", snapshot, "--record", "2025-03-12", "--kind",
                "comment", "--text", "The venue\x0bworked well")[0] == 0
    # the snapshot is untouched: same bytes, its .sha256 still checks, it still opens
    assert file_sha256(snapshot) == digest
    with open_snapshot(snapshot) as snap:
        assert snap.snapshot_info["sequence"] == 1

    code, out, err = _run(capsys, "comments", "--db", snapshot, "--out", tmp_path / "back")
    assert code == 0, err
    sent, eml = [Path(line) for line in out.strip().splitlines()]
    assert sent.suffix == ".sendsec-comments" and eml.suffix == ".eml"
    data = json.loads(sent.read_text(encoding="utf-8"))
    assert data["format"] == "sendsec-comments" and data["snapshot_sequence"] == 1
    assert data["author"] == "Chris Chair"
    assert [c["text"] for c in data["comments"]] == [HOSTILE, "The venue\nworked well"]
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and "sam@example.org" in message["To"]
    body = message.get_body(("plain",)).get_content()
    assert "  Comment: The venue\n    worked well\n" in body.replace("\r\n", "\n")  # its lines
    attached = [p.get_filename() for p in message.iter_attachments()]
    assert attached == [sent.name]

    code, out, err = _run(capsys, "challenges", "--db", board, "--read", sent)
    # one of the two asks no answer: it is not counted as a challenge
    assert code == 0 and ("1 challenge and 1 comment for the record from Chris Chair on "
                          "snapshot 1 added") in out
    code, out, err = _run(capsys, "challenges", "--db", board, "--read", sent)
    assert code == 0 and "0 challenges" in out and "2 read before" in out
    with Board.open(board, readonly=True, backup=False) as b:
        rows = comments.challenge_rows(b)
        assert len(rows) == 2
        by_text = {r["text"]: r for r in rows}
        first = by_text[HOSTILE]
        assert first["entity"] == "action" and first["status"] == "open"
        assert first["record"].startswith("Action PA1.1") and first["kind"] == "challenge"
        assert first["record_id"] == b.find("action", ref="PA1.1")["id"]
        assert by_text["The venue\nworked well"]["entity"] == "meeting"
        assert len([c for c in b.change_log() if c["entity"] == "challenge"]) > 0
    code, out, _ = _run(capsys, "summary", "--db", board, "--json")
    summary = json.loads(out)
    assert summary["counts"]["challenges"] == 2
    assert summary["challenges_by_status"] == {"open": 2, "answered": 0, "closed": 0}


def test_a_comment_on_a_board_file_or_an_unknown_record_is_refused(loop, capsys):
    board, snapshot = loop
    code, _, err = _run(capsys, "comment", "--db", board, "--record", "PA1.1", "--text", "x")
    assert code == 2 and "not a snapshot" in err and err.count("\n") == 1
    code, _, err = _run(capsys, "comment", "--db", snapshot, "--record", "PA9.9", "--text", "x")
    assert code == 2 and "'PA9.9'" in err and err.count("\n") == 1
    code, _, err = _run(capsys, "comment", "--db", snapshot, "--record", "PA1.1", "--text",
                        " \n\t ")
    assert code == 2 and "empty" in err
    code, _, err = _run(capsys, "comment", "--db", snapshot, "--record", "PA1.1", "--text",
                        "x" * 20_001)
    assert code == 2 and "20,000" in err
    code, _, err = _run(capsys, "comment", "--db", snapshot, "--record", "2025-02-30",
                        "--text", "x")
    assert code == 2 and "not a real date" in err
    assert not comments.comments_path(snapshot).exists()
    code, _, err = _run(capsys, "comments", "--db", snapshot, "--out", snapshot.parent)
    assert code == 2 and "no comments" in err


def _comments_file(tmp_path, loop) -> Path:
    _board, snapshot = loop
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        comments.add_comment(snap, "action", pa["id"], "First")
        return comments.export_comments(snap, tmp_path / "back")[0]


def _hostile_variants(good: Path, tmp_path: Path) -> dict[str, Path]:
    data = json.loads(good.read_text(encoding="utf-8"))
    out: dict[str, Path] = {}

    def write(name: str, content: bytes | str) -> None:
        p = tmp_path / f"{name}.sendsec-comments"
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        out[name] = p

    def variant(name: str, **changes) -> None:
        write(name, json.dumps({**data, **changes}))

    def comment(name: str, **changes) -> None:
        write(name, json.dumps({**data, "comments": [{**data["comments"][0], **changes}]}))

    write("empty", b"")
    write("not json", "this is not a comments file")
    write("binary", bytes(range(256)) * 10)
    write("a list", "[1, 2, 3]")
    write("deep", "[" * 100_000 + "]" * 100_000)
    variant("another format", format="sendsec-snapshot")
    variant("newer", version=99)
    variant("no sequence", snapshot_sequence="one")
    variant("comments not a list", comments={"a": 1})
    comment("bad uid", uid="../../etc/passwd")
    comment("unknown entity", entity="change_log")
    comment("bad kind", kind="DROP TABLE")
    comment("bad time", at="2025-02-30T10:00:00")
    comment("huge text", text="x" * 30_000)
    comment("empty text", text="   ")
    write("twice the same id", json.dumps({**data, "comments": data["comments"] * 2}))
    write("huge file", b" " * (comments.MAX_BYTES + 1))
    (tmp_path / "a folder.sendsec-comments").mkdir()
    out["a folder"] = tmp_path / "a folder.sendsec-comments"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.sendsec-comments"
        os.mkfifo(fifo)
        out["fifo"] = fifo
    return out


def test_hostile_and_damaged_comments_files_are_refused_whole(loop, tmp_path, capsys):
    board, _ = loop
    good = _comments_file(tmp_path, loop)
    for name, path in _hostile_variants(good, tmp_path).items():
        code, _out, err = _run(capsys, "challenges", "--db", board, "--read", path)
        assert code == 2, name
        assert err.count("\n") == 1 and "Traceback" not in err, (name, err)
    with Board.open(board, readonly=True, backup=False) as b:
        assert b.rows("challenge") == []


def test_comments_from_another_board_of_the_same_name_say_it_is_another_file(loop, tmp_path,
                                                                            capsys):
    good = _comments_file(tmp_path, loop)
    twin = build_board(tmp_path / "twin.sqlite")  # made apart, with the same name
    code, _, err = _run(capsys, "challenges", "--db", twin, "--read", good)
    assert code == 2
    assert err == (f"sendsec: '{good.name}' holds comments on another board file that has the "
                   "same name ('Test SEND Improvement Board'), not on this one; nothing was "
                   "read.\n")


def test_a_comments_file_for_another_board_is_refused(loop, tmp_path, capsys):
    other = build_board(tmp_path / "other.sqlite", name="Another Board")
    good = _comments_file(tmp_path, loop)
    code, _, err = _run(capsys, "challenges", "--db", other, "--read", good)
    assert code == 2 and "another board" in err
    with Board.open(other, readonly=True, backup=False) as b:
        assert b.rows("challenge") == []


def test_reading_is_all_or_nothing(loop, tmp_path, monkeypatch, capsys):
    board, snapshot = loop
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        for n in range(3):
            comments.add_comment(snap, "action", pa["id"], f"Comment {n}")
        sent = comments.export_comments(snap, tmp_path / "back")[0]
    real = Board.create
    calls = {"n": 0}

    def failing(self, entity_name, values):
        if entity_name == "challenge":
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device")
        return real(self, entity_name, values)

    monkeypatch.setattr(Board, "create", failing)
    code, _, err = _run(capsys, "challenges", "--db", board, "--read", sent)
    assert code == 2 and err.count("\n") == 1
    monkeypatch.setattr(Board, "create", real)
    with Board.open(board, readonly=True, backup=False) as b:
        assert b.rows("challenge") == []
    assert _run(capsys, "challenges", "--db", board, "--read", sent)[0] == 0
    with Board.open(board, readonly=True, backup=False) as b:
        assert len(b.rows("challenge")) == 3


def test_a_record_gone_from_the_board_keeps_the_challenge_with_its_name(loop, tmp_path, capsys):
    board, _snapshot = loop
    sent = _comments_file(tmp_path, loop)
    with Board.open(board) as b:
        b.archive("action", b.find("action", ref="PA1.1")["id"])
    code, _out, err = _run(capsys, "challenges", "--db", board, "--read", sent)
    assert code == 0 and "no longer in the board" in err
    with Board.open(board, readonly=True, backup=False) as b:
        (row,) = b.rows("challenge")
        assert row["record_id"] is None and row["record"].startswith("Action PA1.1")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_survives_the_loop_or_is_refused_in_one_line(loop, tmp_path_factory, text):
    _board, snapshot = loop
    folder = tmp_path_factory.mktemp("loop")
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        try:
            comment, _ = comments.add_comment(snap, "action", pa["id"], text)
        except SendsecError as exc:
            assert "empty" in str(exc) and "\n" not in str(exc)
            return
        sent = comments.export_comments(snap, folder)[0]
        comments.remove_comment(snap, comment.uid)
    kept = comments.load(sent)
    assert kept.comments[-1].text == comment.text
    assert comment.text.strip()
    expected = "".join(ch for ch in text.replace("\x0b", "\n")
                       if ch in "\n\t" or ord(ch) >= 32)
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        assert comment.text == expected


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unwritable_snapshot_folder_is_one_line(loop, capsys, monkeypatch):
    _, snapshot = loop

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("sendsec.exchanges.comments.replace_file", refuse)
    code, _, err = _run(capsys, "comment", "--db", snapshot, "--record", "PA1.1", "--text", "x")
    assert code == 2 and err.count("\n") == 1 and "Cannot write" in err


def _pack_with_answer(board, challenge_text: str, response: str):
    """Answer the challenge `challenge_text` today with `response`; return the board pack of
    the board's first meeting."""
    import datetime as dt

    from sendsec.papers import content

    with Board.open(board) as b:
        challenge = b.find("challenge", text=challenge_text)
        b.update("challenge", challenge["id"], {"response": response, "status": "answered",
                                                "answered_on": dt.date.today().isoformat()})
        data = content.gather(b, b.rows("meeting")[0]["id"], dt.date.today())
        return content.board_pack(data, content.board_labels_for(b))


def test_the_next_pack_shows_the_challenges_and_their_answers(loop, tmp_path, capsys):
    board, snapshot = loop
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        comments.add_comment(snap, "action", pa["id"], HOSTILE)
        comments.add_comment(snap, "action", pa["id"], "And the budget?", kind="comment")
        sent = comments.export_comments(snap, tmp_path / "back")[0]
    assert main(["challenges", "--db", str(board), "--read", str(sent)]) == 0
    pack = _pack_with_answer(board, HOSTILE, "A recovery plan is agreed.")
    assert "The chair's challenges" in " ".join(pack.headings(1))
    text = pack.text()
    assert HOSTILE in text and "A recovery plan is agreed." in text
    assert "And the budget?" in text and "No answer asked for." in text
    assert "1 challenge from the chair: 0 still open, 1 answered or closed" in text


def test_a_comment_for_the_record_is_not_an_open_challenge_in_the_pack(loop, tmp_path):
    """The chair chose 'Comment: for the record', not 'Challenge: needs an answer': the pack
    must not tell the board it is a challenge still waiting for a response."""
    import datetime as dt

    from sendsec.papers import content

    board, snapshot = loop
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        comments.add_comment(snap, "action", pa["id"], "Why so late?")
        comments.add_comment(snap, "action", pa["id"], "Good to see the plan agreed.",
                             kind="comment")
        sent = comments.export_comments(snap, tmp_path / "back")[0]
    assert main(["challenges", "--db", str(board), "--read", str(sent)]) == 0
    with Board.open(board) as b:
        meeting = b.rows("meeting")[0]
        data = content.gather(b, meeting["id"], dt.date.today())
        pack = content.board_pack(data, content.board_labels_for(b))
    table = next(t for t in pack.blocks if getattr(t, "headers", None)
                 and "Challenge" in t.headers)
    rows = {row[2]: row for row in table.rows}
    assert rows["Why so late?"][3:] == ("Open", "Not assigned", "No response yet.")
    assert rows["Good to see the plan agreed."][3] == "Comment for the record"
    assert rows["Good to see the plan agreed."][5] == "No answer asked for."
    text = pack.text()
    assert "1 challenge from the chair: 1 still open, 0 answered or closed" in text
    assert "and 1 comment for the record" in text


def test_the_chairs_lines_are_kept_in_the_pack(loop, tmp_path):
    """A challenge written as points on lines (and an answer the same) keeps its lines in the
    pack's table, as line breaks in the cell; only the gaps and indents go."""
    from docx import Document

    from sendsec.papers import docx_writer
    from sendsec.papers.template import template_source

    board, snapshot = loop
    asked = "Two points:\n  1. the plan is late\n\n  2. the money\u2028is short"
    with open_snapshot(snapshot) as snap:
        pa = snap.find("action", ref="PA1.1")
        comments.add_comment(snap, "action", pa["id"], asked)
        sent = comments.export_comments(snap, tmp_path / "back")[0]
    assert main(["challenges", "--db", str(board), "--read", str(sent)]) == 0
    pack = _pack_with_answer(board, asked, "Agreed.\r\nA plan by March.")
    table = next(t for t in pack.blocks if getattr(t, "headers", None)
                 and "Challenge" in t.headers)
    row = next(r for r in table.rows if r[2].startswith("Two points"))
    assert row[2] == "Two points:\n1. the plan is late\n2. the money\nis short"
    assert row[5].startswith("Agreed.\nA plan by March. (")
    path = tmp_path / "pack.docx"
    docx_writer.write_paper(pack, template_source(None), path)
    cell = next(c for t in Document(path).tables for r in t.rows for c in r.cells
                if c.text.startswith("Two points"))
    assert cell.text == "Two points:\n1. the plan is late\n2. the money\nis short"
    assert len(cell._tc.xpath(".//w:br")) == 3  # line breaks, not paragraphs run together
