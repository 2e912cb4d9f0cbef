"""Export: one sheet per table of the board, as people expect in Excel, and import reads it
back (the complete round trip of every record is in test_export_lossless)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_helpers import messy_pap, new_board

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.spreadsheets import importer, restoring
from sendsec.spreadsheets.exporter import export

TODAY = dt.date(2026, 11, 22)
FIELDS = ("ref", "kind", "title", "description", "organisations", "success_measure", "target",
          "baseline", "start_date", "due_date", "revised_due_date", "revision_reason", "status",
          "rag")
RISK_FIELDS = ("ref", "title", "description", "category", "inherent_likelihood",
               "inherent_impact", "controls", "mitigation", "linked_actions",
               "current_likelihood", "current_impact", "target_likelihood", "target_impact",
               "target_date", "status")


def _populated(tmp_path):
    board = new_board(tmp_path)
    importer.apply(board, importer.plan(board, messy_pap(tmp_path / "pap.xlsx"), today=TODAY))
    owner = board.find("person", name="Jane Smith")["id"]
    with board.batch():
        r = board.create("risk", {"ref": "R1", "title": "Demand outstrips capacity",
                                  "owner_id": owner, "current_likelihood": 4,
                                  "current_impact": 5, "inherent_likelihood": 5,
                                  "inherent_impact": 5, "target_date": "2026-03-31",
                                  "controls": "=SUM(A1) is text, not a formula"}).id
        board.create("risk_review", {"risk_id": r, "review_date": "2026-10-01",
                                     "likelihood": 4, "impact": 4, "note": "Panel weekly"})
        m = board.create("measure", {"code": "M1", "title": "EHC plans issued within 20 weeks (%)",
                                     "unit": "%", "target": 60}).id
        board.create("measure_point", {"measure_id": m, "period": "2026-09-30", "value": 41.5})
        board.create("impact_entry", {"entry_date": "2026-10-01", "title": "Parents heard"})
        board.create("meeting", {"meeting_date": "2026-12-10"})
    return board


def test_export_writes_one_formatted_sheet_per_register(tmp_path):
    board = _populated(tmp_path)
    out = export(board, tmp_path / "registers.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(out)
    # every table of the board, one sheet each (the complete list is in test_export_lossless)
    for name in ("About", "Board settings", "People", "Areas", "Actions", "Progress updates",
                 "Risks", "Risk reviews", "Impact log", "Measures", "Data points", "Meetings",
                 "Timetable", "Agenda", "Invitees and attendance", "Change log",
                 "Continued text", "Fields"):
        assert name in wb.sheetnames
    ws = wb["Actions"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.endswith("7")  # a header and six actions
    assert all(c.font.b for c in ws[1])
    headers = [c.value for c in ws[1]]
    due = ws.cell(row=2, column=headers.index("Original due date") + 1)
    assert due.value == dt.datetime(2025, 1, 31) and due.number_format == "dd/mm/yyyy"
    title = headers.index("Action") + 1
    assert ws.column_dimensions[ws.cell(row=1, column=title).column_letter].width > 20
    risks = wb["Risks"]
    rh = [c.value for c in risks[1]]
    controls = risks.cell(row=2, column=rh.index("Controls in place") + 1)
    assert controls.data_type == "s" and controls.value.startswith("=SUM")
    assert risks.cell(row=2, column=rh.index("Current likelihood") + 1).value == 4
    reviews = wb["Risk reviews"]
    assert [c.value for c in reviews[2]][[c.value for c in reviews[1]].index("Note")] \
        == "Panel weekly"
    points = wb["Data points"]
    ph = [c.value for c in points[1]]
    row = [c.value for c in points[2]]
    assert (row[ph.index("Measure")], row[ph.index("Period")], row[ph.index("Value")]) == (
        "M1", dt.datetime(2026, 9, 30), 41.5)
    assert wb["Meetings"].max_row == 2 and wb["Impact log"].max_row == 2


def test_export_then_import_into_a_new_board_gives_the_same_records(tmp_path):
    board = _populated(tmp_path)
    out = export(board, tmp_path / "registers.xlsx", today=TODAY)
    other = Board.create_new(tmp_path / "other.sqlite", "Other", user="tester")
    restoring.apply(other, restoring.plan(other, out))
    _assert_same(board, other)
    # an export is restored, never merged into a board that has records of its own
    with pytest.raises(SendsecError, match="complete sendsec export"):
        importer.plan(board, out, today=TODAY)
    assert restoring.plan(other, out).nothing_to_do


def _assert_same(a: Board, b: Board) -> None:
    def actions(board):
        people = {p["id"]: p["name"] for p in board.rows("person")}
        areas = {x["id"]: x["code"] for x in board.rows("area")}
        return {r["ref"]: ({f: r[f] for f in FIELDS}, people.get(r["owner_id"]),
                           areas.get(r["area_id"])) for r in board.rows("action")}

    def risks(board):
        people = {p["id"]: p["name"] for p in board.rows("person")}
        return {r["ref"]: ({f: r[f] for f in RISK_FIELDS}, people.get(r["owner_id"]))
                for r in board.rows("risk")}

    assert actions(a) == actions(b)
    assert risks(a) == risks(b)


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda t: t.strip() and "\x00" not in t)
_ref = st.from_regex(r"[A-Z]{1,3}[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True)
_day = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=st.lists(st.tuples(_ref, _text, st.none() | _day, st.none() | _day,
                                  st.none() | st.sampled_from(["red", "amber", "green", "blue"]),
                                  st.none() | _text, st.integers(1, 5), st.integers(1, 5)),
                        min_size=1, max_size=6, unique_by=lambda r: r[0].casefold()))
def test_round_trip_of_generated_records(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("rt")
    board = Board.create_new(tmp / "a.sqlite", "A", user="t")
    with board.batch():
        for ref, title, due, revised, rag, description, lk, im in records:
            board.create("action", {"ref": ref, "title": title, "due_date": due,
                                    "revised_due_date": revised, "rag": rag,
                                    "description": description})
            board.create("risk", {"ref": f"R-{ref}", "title": title, "description": description,
                                  "current_likelihood": lk, "current_impact": im})
    out = export(board, tmp / "x.xlsx", today=TODAY)
    other = Board.create_new(tmp / "b.sqlite", "B", user="t")
    restoring.apply(other, restoring.plan(other, out))
    _assert_same(board, other)


def test_export_refuses_bad_targets(tmp_path):
    board = new_board(tmp_path)
    with pytest.raises(SendsecError, match=r"name it \.xlsx"):
        export(board, tmp_path / "out.csv")
    with pytest.raises(SendsecError, match="no folder"):
        export(board, tmp_path / "missing" / "out.xlsx")


def test_export_into_a_file_used_as_a_folder_says_so_and_leaves_nothing(tmp_path):
    board = new_board(tmp_path)
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    with pytest.raises(SendsecError) as caught:
        export(board, tmp_path / "notes" / "out.xlsx")
    assert str(caught.value) == f"'{tmp_path / 'notes'}' is a file, not a folder: " \
                                "'out.xlsx' cannot be written into it."
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "x"


def test_cli_export_prints_the_file_written(tmp_path, capsys):
    _populated(tmp_path).close()
    out = tmp_path / "reg.xlsx"
    assert main(["export", "--db", str(tmp_path / "board.sqlite"), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert openpyxl.load_workbook(out)["Actions"].max_row == 7
    assert main(["export", "--db", str(tmp_path / "nothing.sqlite"), "--out", str(out)]) == 2
