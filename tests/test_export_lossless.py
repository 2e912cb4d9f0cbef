"""Export is a complete backup: import into a new board gives back every record, field for field."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsec.cli import main
from sendsec.demo.world import build_demo
from sendsec.services.board import Board
from sendsec.spreadsheets import restoring
from sendsec.spreadsheets.exporter import export, export_report
from sendsec.storage import queries

TODAY = dt.date(2026, 11, 22)
#: What a snapshot says about itself is not a record of the board; the migration list is
#: the file's own.
NOT_RECORDS = {"_sqlite_migrations", "snapshot_info"}


def tables(path: Path) -> dict[str, dict[object, dict]]:
    """Return every record table of a board file: {table: {natural key: row}}, read with
    plain sqlite3 (not through sendsec), every column."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    out = {}
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            if name in NOT_RECORDS:
                continue
            rows = [dict(r) for r in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')]
            out[name] = {_natural(name, r): r for r in rows}
    finally:
        conn.close()
    return out


def _natural(table: str, row: dict) -> object:
    """The key people know a record by where it has one, and its key in the board besides,
    so that two records with the same name are still two."""
    for col in ("ref", "code", "uid"):
        if row.get(col):
            return (row[col], row["id"])
    return row["id"]


def assert_same_records(a: Path, b: Path) -> None:
    """Every table of `b` holds the records of `a`, every field equal; `b`'s change log is
    `a`'s with one more line, saying it was restored."""
    left, right = tables(a), tables(b)
    assert set(left) == set(right)
    for table in left:
        mine, theirs = left[table], right[table]
        if table == "change_log":
            restored = [r for r in theirs.values() if r["field"] == "(restored)"]
            assert len(restored) == 1
            theirs = {k: r for k, r in theirs.items() if r["field"] != "(restored)"}
        assert set(mine) == set(theirs), table
        for key, row in mine.items():
            for column, value in row.items():
                other = theirs[key][column]
                assert (other, type(other)) == (value, type(value)), (table, key, column)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY)


def _restore(tmp: Path, source: Path, name: str = "restored.sqlite") -> Path:
    with Board.open(source, readonly=True, backup=False) as board:
        out = export(board, tmp / f"{source.stem}.xlsx")
    target = tmp / name
    Board.create_new(target, "Empty", user="tester").close()
    with Board.open(target, backup=False) as board:
        restoring.apply(board, restoring.plan(board, out))
    return target


def test_demo_board_round_trips_every_record_field_for_field(demo, tmp_path, capsys):
    out = tmp_path / "demo.xlsx"
    assert main(["export", "--db", str(demo), "--out", str(out)]) == 0
    new = tmp_path / "new.sqlite"
    assert main(["new", "--db", str(new), "--name", "Empty"]) == 0
    assert main(["import", "--db", str(new), str(out)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert_same_records(demo, new)
    # the registers the demo fills are all there, with what migration 5 added
    held = tables(new)
    for table in ("actions", "action_updates", "action_revisions", "risks", "risk_reviews",
                  "measures", "measure_points", "trajectory_points", "impact_entries",
                  "meetings", "cycle_steps", "agenda_items", "invitees", "minutes",
                  "resolutions", "people", "organisations", "areas", "challenges", "findings"):
        assert held[table], table
    assert any(r["sro_id"] for r in held["areas"].values())
    assert any(r["agreed_minute_id"] for r in held["action_revisions"].values())
    assert any(r["rag_reason"] and r["mitigation"] for r in held["actions"].values())
    # importing it again adds nothing
    assert main(["import", "--db", str(new), str(out)]) == 0
    assert "Nothing to change." in capsys.readouterr().out
    assert_same_records(demo, new)


def test_the_export_says_what_it_holds(demo, tmp_path):
    out = tmp_path / "demo.xlsx"
    with Board.open(demo, readonly=True, backup=False) as board:
        report = export_report(board, out)
        uid = board.settings()["board_uid"]
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[0] == "About"
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r and r[0]}
    assert about["sendsec export"].startswith("A complete copy")
    assert about["Board id"] == uid and about["Schema version"] >= 5
    assert about["Actions"] == report.counts["Actions"] == len(tables(demo)["actions"])
    for sheet in ("Board settings", "People", "Organisations", "Areas", "Actions",
                  "Progress updates", "Revised due dates", "Risks", "Risk reviews", "Measures",
                  "Data points", "Impact log", "Meetings", "Timetable", "Agenda",
                  "Invitees and attendance", "Minutes", "Resolutions", "Challenges",
                  "DfE and NHS England feedback", "Change log", "Continued text", "Fields"):
        assert sheet in wb.sheetnames
    actions = list(wb["Actions"].iter_rows(values_only=True))
    header = actions[0]
    assert header[0] == "Key"
    # a person is referred to by key, with the name beside it for people to read
    owner = header.index("Accountable owner (key)")
    assert header[owner + 1] == "Accountable owner"
    assert isinstance(actions[1][owner], int) and isinstance(actions[1][owner + 1], str)
    for column in ("Action lead (key)", "Reason for the RAG", "Mitigation",
                   "Impact if not mitigated"):
        assert column in header
    due = header.index("Original due date")
    assert isinstance(actions[1][due], dt.datetime)


def test_text_longer_than_a_cell_is_continued_and_joined_again(tmp_path):
    source = tmp_path / "a.sqlite"
    long = ("Paragraph — 😀 & <b>\tend\r\n" * 2000)[:40_000]
    with Board.create_new(source, "A", user="t") as board:
        with board.batch():
            p = board.create("person", {"name": "Smith & Jones"}).id
            a = board.create("action", {"ref": "PA1", "title": "T", "owner_id": p,
                                        "lead_id": p}).id
            m = board.create("measure", {"code": "M1", "title": "EHC plans in 20 weeks",
                                         "accountable_id": p,
                                         "exception_actions": "Recruit\r\n two officers"}).id
            u = board.create("action_update", {"action_id": a, "update_date": "2026-01-05",
                                               "rag": "red", "narrative": "N"}).id
        # values longer than today's limits, as a board from before them may hold
        queries.update_row(board.db, "actions", a, {"title": long, "rag_reason": long})
        queries.update_row(board.db, "measures", m, {"exception_commentary": long})
        queries.update_row(board.db, "action_updates", u, {"narrative": long * 2})
        out = tmp_path / "a.xlsx"
        report = export_report(board, out)
    assert any("PA1" in n and "parts" in n for n in report.notes)
    wb = openpyxl.load_workbook(out, read_only=True)
    continued = list(wb["Continued text"].iter_rows(values_only=True))
    assert continued[0] == ("Sheet", "Key", "Column", "Part", "Text")
    assert {(r[0], r[2], r[3]) for r in continued[1:]} >= {
        ("Actions", "Action", 2), ("Progress updates", "Update", 2),
        ("Progress updates", "Update", 3)}
    target = _restore(tmp_path, source)
    assert_same_records(source, target)
    with Board.open(target, backup=False) as board:
        assert board.find("action", ref="PA1")["title"] == long
        assert [p["name"] for p in board.rows("person")] == ["Smith & Jones"]


def test_control_characters_are_escaped_reversibly_and_named(tmp_path):
    source = tmp_path / "a.sqlite"
    with Board.create_new(source, "A", user="t") as board:
        board.create("action", {"ref": "PA\t1\n2", "title": "Pasted\x0bfrom Word\x01 _x0041_ "
                                                              "_x0042 end"})
        out = tmp_path / "a.xlsx"
        report = export_report(board, out)
    note = next(n for n in report.notes if "escape" in n)
    assert "U+000B" in note and "U+0001" in note and "Action" in note
    target = _restore(tmp_path, source)
    assert_same_records(source, target)


def test_a_board_with_records_is_refused_in_one_line(demo, tmp_path, capsys):
    out = tmp_path / "demo.xlsx"
    assert main(["export", "--db", str(demo), "--out", str(out)]) == 0
    other = tmp_path / "other.sqlite"
    with Board.create_new(other, "Other", user="t") as board:
        board.create("action", {"ref": "X1", "title": "Ours"})
    before = tables(other)
    capsys.readouterr()
    assert main(["import", "--db", str(other), str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "already holds 1 records" in err and "new" in err and "Traceback" not in err
    assert tables(other) == before


def test_the_board_it_came_from_is_refused_once_it_has_changed(demo, tmp_path, capsys):
    live = tmp_path / "live.sqlite"
    shutil.copy(demo, live)
    out = tmp_path / "live.xlsx"
    assert main(["export", "--db", str(live), "--out", str(out)]) == 0
    assert main(["import", "--db", str(live), str(out)]) == 0  # it holds the export already
    assert "Nothing to change." in capsys.readouterr().out
    with Board.open(live, backup=False, user="t") as board:
        action = board.rows("action")[0]
        board.update("action", action["id"], {"title": "Changed since the export"})
    before = tables(live)
    assert main(["import", "--db", str(live), str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "is the board this export was taken from, and its records have changed" in err
    assert tables(live) == before


def test_an_export_from_a_newer_version_or_changed_by_hand_is_refused(tmp_path, capsys):
    source = tmp_path / "a.sqlite"
    with Board.create_new(source, "A", user="t") as board:
        board.create("action", {"ref": "PA1", "title": "One"})
        export(board, tmp_path / "a.xlsx")
    target = tmp_path / "b.sqlite"
    Board.create_new(target, "B", user="t").close()

    def edited(change, name):
        wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
        change(wb)
        wb.save(tmp_path / name)
        return tmp_path / name

    def newer(wb):
        for row in wb["About"].iter_rows():
            if row[0].value == "Schema version":
                row[1].value = 999

    def bad_status(wb):
        ws = wb["Actions"]
        col = [c.value for c in ws[1]].index("Status") + 1
        ws.cell(row=2, column=col).value = "nearly"

    def lost_person(wb):
        ws = wb["Actions"]
        col = [c.value for c in ws[1]].index("Accountable owner (key)") + 1
        ws.cell(row=2, column=col).value = 999

    for change, name, words in ((newer, "newer.xlsx", "newer version"),
                                (bad_status, "status.xlsx", "Actions, key 1 (row 2): Status"),
                                (lost_person, "lost.xlsx", "Actions, key 1, refers to one of "
                                                           "the People that the export does not "
                                                           "have")):
        capsys.readouterr()
        assert main(["import", "--db", str(target), str(edited(change, name))]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and words in err, err
    with Board.open(target, readonly=True, backup=False) as board:
        assert board.rows("action", include_archived=True) == []


_plain = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
_special = st.sampled_from([
    "Smith & Jones", "Smith and Jones", "<b>bold</b> & \"quotes\" 'single'", "=SUM(A1)",
    "מועצה ‏RTL‏ عربى", "😀👩‍👩‍👧 emoji", "tab\there", "line\nbreak", "crlf\r\nend",
    "  padded  ", "_x0041_ literal", "_x0041", "\x0bvertical tab", "bell\x07 \x1b esc",
    "\ufffe\uffff", "PA1.2\t(revised)",
])
_text = st.one_of(_plain, _special, st.tuples(_special, _plain).map("".join)).filter(
    lambda t: t.strip(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\x00"))
_long = st.tuples(_text, st.integers(30_000, 41_000)).map(
    lambda t: (t[0] * (t[1] // len(t[0]) + 1))[:t[1]])


def _held(board: Board, table: str, record_id: int, **values) -> None:
    """Put `values` in a record as a board file may hold them: written past the services,
    whose length limits came later (a board from before them keeps its longer texts)."""
    with board.db.conn:  # committed, as the file would hold it
        queries.update_row(board.db, table, record_id, values)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(_text, min_size=1, max_size=3), title=_text, narrative=st.one_of(_text,
       _long), venue=_text, resolution=st.one_of(_text, _long))
def test_any_text_round_trips(tmp_path_factory, names, title, narrative, venue, resolution):
    tmp = tmp_path_factory.mktemp("rt")
    source = tmp / "a.sqlite"
    with Board.create_new(source, "A", user="t") as board:
        with board.batch():
            people = [board.create("person", {"name": f"P{i}"}).id for i in range(len(names))]
            a = board.create("action", {"ref": "PA1", "title": "T", "owner_id": people[0]}).id
            u = board.create("action_update", {"action_id": a, "update_date": "2026-01-05",
                                               "rag": "amber", "narrative": "N",
                                               "reported_by_id": people[-1]}).id
            m = board.create("meeting", {"meeting_date": "2026-02-10"}).id
            minute = board.create("minute", {"meeting_id": m, "number": 1, "heading": "H"}).id
            r = board.create("resolution", {"minute_id": minute, "text": "R"}).id
        for person, name in zip(people, names, strict=True):
            _held(board, "people", person, name=name[:500])
        _held(board, "actions", a, title=title, organisations=title[:500])
        _held(board, "action_updates", u, narrative=narrative)
        _held(board, "meetings", m, venue=venue[:500])
        _held(board, "minutes", minute, heading=title[:500])
        _held(board, "resolutions", r, text=resolution)
    assert [x["text"] for x in tables(source)["resolutions"].values()] == [resolution]
    target = _restore(tmp, source)
    assert_same_records(source, target)


def test_every_table_of_the_board_has_its_sheet(demo, tmp_path):
    out = tmp_path / "demo.xlsx"
    with Board.open(demo, readonly=True, backup=False) as board:
        export(board, out)
    wb = openpyxl.load_workbook(out, read_only=True)
    fields = list(wb["Fields"].iter_rows(values_only=True))
    assert fields[0] == ("Sheet", "Column", "Table", "Field", "Kind")
    exported = {(r[2], r[3]) for r in fields[1:] if r[3]}
    conn = sqlite3.connect(demo)
    try:
        for table in tables(demo):
            for column in [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]:
                assert (table, column) in exported
    finally:
        conn.close()


def _tampered(tmp_path: Path, sql: str) -> Path:
    """Return a board with action PA1 changed by `sql` behind sendsec's back (what another
    tool, or a damaged file, may leave in a board)."""
    source = tmp_path / "a.sqlite"
    with Board.create_new(source, "A", user="t") as board:
        board.create("action", {"ref": "PA1", "title": "One"})
    conn = sqlite3.connect(source)
    with conn:
        conn.execute(sql)
    conn.close()
    return source


def test_values_that_cannot_round_trip_are_named(tmp_path, capsys):
    source = _tampered(tmp_path, "UPDATE actions SET description = ''")
    out = tmp_path / "a.xlsx"
    assert main(["export", "--db", str(source), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Actions, PA1 (key 1), Description: an empty text" in err


def test_a_value_sendsec_never_writes_is_refused_before_export(tmp_path, capsys):
    # checked on the way in (sendsec.storage.incoming): the file is refused whole, naming the value
    source = _tampered(tmp_path, "UPDATE actions SET due_date = '2026-02-30'")
    out = tmp_path / "a.xlsx"
    assert main(["export", "--db", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "Action PA1: original due date '2026-02-30' is not a date" in err
    assert not out.exists()


def test_text_that_is_not_utf8_is_refused_in_one_line(tmp_path, capsys):
    source = _tampered(tmp_path, "UPDATE actions SET title = CAST(X'C328' AS TEXT)")
    out = tmp_path / "a.xlsx"
    assert main(["export", "--db", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Action PA1: action holds bytes that are not text" in err
    assert not out.exists()


def test_binary_data_is_refused_by_name(tmp_path, capsys):
    source = _tampered(tmp_path, "UPDATE actions SET description = X'00FF'")
    out = tmp_path / "a.xlsx"
    assert main(["export", "--db", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "Action PA1: description holds binary data" in err
    assert not out.exists()


def test_a_snapshot_exports_the_board_it_copies(demo, tmp_path, capsys):
    live = tmp_path / "live.sqlite"
    shutil.copy(demo, live)
    assert main(["snapshot", "--db", str(live), "--out", str(tmp_path / "sent")]) == 0
    snapshot = next((tmp_path / "sent").glob("*.sendsec"))
    out = tmp_path / "snap.xlsx"
    assert main(["export", "--db", str(snapshot), "--out", str(out)]) == 0
    new = tmp_path / "new.sqlite"
    Board.create_new(new, "Empty", user="t").close()
    assert main(["import", "--db", str(new), str(out)]) == 0
    held, copied = tables(new), tables(demo)
    for table in ("actions", "people", "minutes", "findings", "action_revisions"):
        assert held[table] == copied[table]


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=_text, short=_text, long=st.one_of(_text, _long), other=st.one_of(_text, _long))
def test_the_demo_board_round_trips_whatever_its_text(demo, tmp_path_factory, name, short, long,
                                                      other):
    tmp = tmp_path_factory.mktemp("demo_text")
    source = tmp / "demo.sqlite"
    shutil.copy(demo, source)
    with Board.open(source, backup=False, user="t") as board:
        first = {e: board.rows(e)[0]["id"] for e in (
            "person", "action", "action_update", "risk_review", "minute", "impact_entry",
            "finding", "meeting", "organisation")}
        _held(board, "people", first["person"], name=name[:500])
        _held(board, "organisations", first["organisation"], notes=other)
        _held(board, "actions", first["action"], title=long, ref=short[:40], rag_reason=other,
              mitigation=short)
        _held(board, "action_updates", first["action_update"], narrative=other)
        _held(board, "risk_reviews", first["risk_review"], note=long)
        _held(board, "minutes", first["minute"], discussion=long)
        _held(board, "impact_entries", first["impact_entry"], what_changed=other)
        _held(board, "findings", first["finding"], text=long, reference=short[:500])
        _held(board, "meetings", first["meeting"], venue=short[:500], joining_details=other)
    assert any(r["title"] == long for r in tables(source)["actions"].values())
    target = _restore(tmp, source)
    assert_same_records(source, target)
