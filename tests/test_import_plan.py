"""Planning and applying imports: the messy real-world PAP, idempotency, updates, risks, failures."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from test_import_helpers import MESSY_HEADER, messy_pap, new_board, write_rows

from sendsec.cli import main
from sendsec.domain import rules
from sendsec.domain.errors import SendsecError
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.spreadsheets import importer

TODAY = dt.date(2026, 11, 22)


def _actions(board):
    return {a["ref"]: a for a in registers.action_rows(board, TODAY)}


def test_messy_pap_imports_good_rows_and_lists_every_bad_row(tmp_path):
    board = new_board(tmp_path)
    plan = importer.plan(board, messy_pap(tmp_path / "pap.xlsx"), today=TODAY)
    assert plan.sheets[0].header_row == 5
    assert [r.ref for r in plan.adds] == ["PA1.1", "PA1.2", "PA1.3", "PA6.1", "PA6.2", "PA6.3"]
    skipped = {n.row: n.message for n in plan.skipped}
    assert set(skipped) == {13, 14, 16, 17}
    assert "duplicate reference" in skipped[13] and "row 11" in skipped[13]
    assert skipped[14].startswith("no reference")
    assert "no action text" in skipped[16]
    assert "not a record" in skipped[17]
    # a date that cannot be read is left blank and flagged, never guessed
    assert [(w.row, "TBC" in w.message) for w in plan.warnings] == [(11, True), (15, False)]
    assert "'32/13/2025', which cannot be read as a date" in plan.warnings[1].message
    assert "no date recorded" in plan.warnings[1].message
    assert [p.name for p in plan.new_people.values()] == ["Sam Patel"]
    assert [(a.code, a.title, a.kind) for a in plan.new_areas.values()] == \
        [("AFI6", "Preparation for adulthood", "area for improvement")]
    lines = "\n".join(plan.summary_lines())
    assert "6 to add, 0 to update, 0 unchanged, 4 skipped." in lines

    result = importer.apply(board, plan)
    assert (result.added, result.updated, result.people_created) == (6, 0, ["Sam Patel"])
    acts = _actions(board)
    assert acts["PA1.1"]["owner_name"] == "Jane Smith"  # 'jane  smith' matched
    assert acts["PA1.2"]["owner_name"] == "Dr Ola Okafor"  # 'Dr Ola Okafor (ICB)'
    assert acts["PA1.2"]["rag"] == "red"  # 'Amber/Red' -> the worse
    assert acts["PA1.2"]["revised_due_date"] == "2025-06-30"
    assert acts["PA1.3"]["due_date"] == "2025-01-31"  # Excel serial number
    assert acts["PA6.1"]["due_date"] is None  # TBC is not invented
    assert acts["PA6.2"]["status"] == "complete"
    assert acts["PA1.1"]["area_code"] == "a" and acts["PA6.1"]["area_code"] == "AFI6"
    assert acts["PA1.1"]["latest_narrative"] == "Draft agreed with the forum"
    sam = board.find("person", name="Sam Patel")
    assert (sam["role"], sam["title"]) == ("officer in attendance", "Head of Commissioning")

    again = importer.plan(board, tmp_path / "pap.xlsx", today=TODAY)
    assert again.counts()["add"] == 0 and again.counts()["update"] == 0
    assert len(again.unchanged) == 6 and not again.new_people and not again.new_areas


def test_changed_file_updates_only_what_changed_and_records_a_progress_update(tmp_path):
    board = new_board(tmp_path)
    path = tmp_path / "pap.csv"
    path.write_text("Ref,Action,Owner,Due date,RAG,Update\n"
                    "PA1,Agree strategy,Jane Smith,31/01/2025,Green,Started\n"
                    "PA2,Publish offer,Jane Smith,28/02/2025,Amber,Delayed\n", encoding="utf-8")
    importer.apply(board, importer.plan(board, path, today=TODAY))
    log_before = len(board.change_log())
    path.write_text("Ref,Action,Owner,Due date,RAG,Update\n"
                    "PA1,Agree strategy,Jane Smith,31/01/2025,Red,Consultation paused\n"
                    "PA2,Publish offer,Jane Smith,28/02/2025,Amber,Delayed\n", encoding="utf-8")
    plan = importer.plan(board, path, today=TODAY)
    assert [r.ref for r in plan.updates] == ["PA1"]
    assert plan.updates[0].changes == {"RAG": ("green", "red")}
    assert plan.unchanged == [(3, "PA2")]
    importer.apply(board, plan)
    pa1 = _actions(board)["PA1"]
    assert pa1["rag"] == "red"
    assert next((u["update_date"], u["rag"], u["narrative"]) for u in pa1["updates"]) == \
        (TODAY.isoformat(), "red", "Consultation paused")
    changed = board.change_log()[: len(board.change_log()) - log_before]
    assert {c["field"] for c in changed} >= {"rag", "(created)"}
    # the new progress update is named by its day, as people read it
    assert all(c["record"] in ("PA1", rules.long_date(TODAY)) for c in changed)


def test_blank_and_tbc_cells_never_erase_what_the_board_holds(tmp_path):
    board = new_board(tmp_path)
    path = tmp_path / "pap.csv"
    path.write_text("Ref,Action,Owner,Due date\nPA1,Agree strategy,Jane Smith,31/01/2025\n",
                    encoding="utf-8")
    importer.apply(board, importer.plan(board, path, today=TODAY))
    path.write_text("Ref,Action,Owner,Due date\nPA1,,,TBC\n", encoding="utf-8")
    plan = importer.plan(board, path, today=TODAY)
    assert not plan.updates and plan.unchanged == [(2, "PA1")]
    assert "TBC" in plan.warnings[0].message


def test_risk_register_imports_and_a_changed_score_becomes_a_review(tmp_path):
    board = new_board(tmp_path)
    rows = [["Risk Register"], [],
            ["Risk ref", "Risk", "Cause", "Consequence", "Risk owner", "Inherent likelihood",
             "Inherent impact", "Likelihood", "Impact", "Score", "Controls", "Mitigation",
             "Target date"],
            ["R1", "Demand outstrips capacity", "Rising requests", "Plans late", "Jane Smith",
             5, 5, "4", "Major (4)", 16, "Weekly panel", "Recruit", "31/03/2026"],
            ["R2", "Tribunal costs", None, None, "Jane Smith", 3, 3, 3, 4, 11, "", "", ""]]
    path = write_rows(tmp_path / "risks.xlsx", rows, title="Risks")
    plan = importer.plan(board, path, today=TODAY)
    assert plan.sheets[0].kind == "risks"
    assert any("says 11" in w.message for w in plan.warnings)
    importer.apply(board, plan)
    r1 = board.find("risk", ref="R1")
    assert (r1["current_likelihood"], r1["current_impact"], r1["inherent_likelihood"]) == (4, 4, 5)
    assert r1["description"] == "Cause: Rising requests\nConsequence: Plans late"
    assert r1["target_date"] == "2026-03-31"
    rows[3][7] = 3
    write_rows(path, rows, title="Risks")
    plan = importer.plan(board, path, today=TODAY)
    assert [r.ref for r in plan.updates] == ["R1"]
    importer.apply(board, plan)
    r1 = board.find("risk", ref="R1")
    assert (r1["current_likelihood"], r1["current_impact"]) == (3, 4)
    reviews = board.rows("risk_review", parent_id=r1["id"])
    assert [(v["review_date"], v["likelihood"], v["impact"]) for v in reviews] == \
        [(TODAY.isoformat(), 3, 4)]
    assert importer.plan(board, path, today=TODAY).counts()["update"] == 0


def test_risk_without_scores_is_skipped_with_reason(tmp_path):
    board = new_board(tmp_path)
    path = tmp_path / "r.csv"
    path.write_text("Ref,Risk,Likelihood,Impact,Controls\nR9,No scores,,,x\nR8,Bad,7,2,x\n",
                    encoding="utf-8")
    plan = importer.plan(board, path, today=TODAY)
    reasons = {n.ref: n.message for n in plan.skipped}
    assert "no current likelihood and impact" in reasons["R9"]
    assert "not a score from 1 to 5" in reasons["R8"]


def test_a_failed_import_leaves_the_board_file_byte_for_byte(tmp_path, monkeypatch):
    board = new_board(tmp_path)
    path = messy_pap(tmp_path / "pap.xlsx")
    plan = importer.plan(board, path, today=TODAY)
    board.close()
    before = (tmp_path / "board.sqlite").read_bytes()
    board = Board.open(tmp_path / "board.sqlite", backup=False)
    real_create_many = board.create_many
    calls = []

    def failing_create_many(entity_name, rows):
        # the new owners and areas are written first; the actions are written, then it fails
        change = real_create_many(entity_name, rows)
        calls.append(entity_name)
        if entity_name in ("action", "risk"):
            raise SendsecError("disk full (simulated)")
        return change

    monkeypatch.setattr(board, "create_many", failing_create_many)
    with pytest.raises(SendsecError, match="simulated"):
        importer.apply(board, plan)
    assert calls[0] in ("person", "area"), calls
    board.close()
    assert (tmp_path / "board.sqlite").read_bytes() == before


def test_a_plan_made_before_the_board_changed_is_refused(tmp_path):
    board = new_board(tmp_path)
    plan = importer.plan(board, messy_pap(tmp_path / "pap.xlsx"), today=TODAY)
    board.create("person", {"name": "Someone New"})
    with pytest.raises(SendsecError, match="preview the import again"):
        importer.apply(board, plan)
    assert board.rows("action") == []


def test_unmatched_column_can_be_mapped_in_the_preview(tmp_path):
    board = new_board(tmp_path)
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Action,Who is on it,Finish by\nPA1,Do it,Jane Smith,31/01/2025\n",
                    encoding="utf-8")
    plan = importer.plan(board, path, today=TODAY)
    assert plan.sheets[0].ignored_columns == ["Who is on it", "Finish by"]
    plan = importer.plan(board, path, today=TODAY, mapping={2: "owner", 3: "due_date"})
    importer.apply(board, plan)
    a = _actions(board)["PA1"]
    assert (a["owner_name"], a["due_date"]) == ("Jane Smith", "2025-01-31")
    with pytest.raises(SendsecError, match="not a column"):
        importer.plan(board, path, today=TODAY, mapping={2: "password"})


def test_odd_text_is_kept_as_it_is(tmp_path):
    board = new_board(tmp_path)
    huge = "x" * 20_000  # a narrative's limit (Excel holds at most 32,767 in a cell)
    odd = "line one\x0bline two \U0001F600 \u05e9\u05dc\u05d5\u05dd & <b> \"q\""
    # openpyxl cannot write \x0b or NUL: store them as Excel does
    from sendsec.spreadsheets.values import excel_escape
    path = write_rows(tmp_path / "odd.xlsx", [MESSY_HEADER, ["PA1", excel_escape(odd), "Jane Smith", None, None, "G",
                                     huge, excel_escape("nul\x00gone")]])
    importer.apply(board, importer.plan(board, path, today=TODAY))
    a = _actions(board)["PA1"]
    assert a["title"] == odd
    assert a["success_measure"] == huge
    assert a["latest_narrative"] == "nulgone"


def test_owner_name_too_long_for_its_field_skips_the_row(tmp_path):
    board = new_board(tmp_path)
    path = tmp_path / "o.csv"
    path.write_text("Ref,Action,Contributing organisations\nPA1,Do it," + "y" * 600 + "\n",
                    encoding="utf-8")
    plan = importer.plan(board, path, today=TODAY)
    assert plan.skipped[0].message == ("Contributing organisations is 600 characters; the "
                                       "limit is 300.") and not plan.adds


def test_area_headings_of_each_style_and_area_column_values(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "areas.xlsx", [
        ["Ref", "Action", "Area"],
        ["Priority 1: Strategic leadership"],
        ["P1.1", "one", None],
        ["Area b: Identification of needs"],
        ["B1", "two", None],
        ["C1", "three", "Leaders' strategic oversight"],
        ["D1", "four", "k"],
    ])
    importer.apply(board, importer.plan(board, path, today=TODAY))
    acts = _actions(board)
    assert acts["P1.1"]["area_code"] == "P1"
    assert acts["P1.1"]["area_title"] == "Strategic leadership"
    assert acts["B1"]["area_code"] == "b"  # matched to the existing area
    assert acts["C1"]["area_code"] == "a"  # matched by title
    assert acts["D1"]["area_code"] == "k"  # a new area by code


def test_thousands_of_rows_plan_and_apply_with_progress(tmp_path):
    # 10,000 rows: read 2.5s, plan 1.9s, apply ~45s (services' per-call cost; see the report)
    board = new_board(tmp_path)
    rows = [["Ref", "Action", "Lead", "Due date", "RAG", "Update"]]
    rows += [[f"PA{i}", f"Action {i}", f"Owner {i % 50}", "31/01/2026", "GARB"[i % 4],
              f"Update {i}"] for i in range(2_000)]
    path = write_rows(tmp_path / "big.xlsx", rows)
    seen = []
    started = time.perf_counter()
    plan = importer.plan(board, path, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    importer.apply(board, plan, progress=lambda d, t: seen.append((d, t)))
    elapsed = time.perf_counter() - started
    assert len(board.rows("action")) == 2_000
    assert len(board.rows("person")) == 52
    assert seen and seen[-1][0] == seen[-1][1]
    print(f"2,000 rows planned and applied in {elapsed:.1f}s")
    plan = importer.plan(board, path, today=TODAY)
    assert plan.counts()["unchanged"] == 2_000


# ------------------------------------------------------------------ the command line

def _cli(*args):
    return main([str(a) for a in args])


def test_cli_imports_prints_the_preview_and_dry_run_changes_nothing(tmp_path, capsys):
    new_board(tmp_path).close()
    db, pap = tmp_path / "board.sqlite", messy_pap(tmp_path / "pap.xlsx")
    assert _cli("import", "--db", db, pap, "--dry-run", "--today", "2026-11-22") == 0
    out = capsys.readouterr().out
    assert "6 to add, 0 to update, 0 unchanged, 4 skipped." in out
    assert "Skipped row 16 (PA6.4)" in out and "Warning row 15 (PA6.3)" in out and "Dry run" in out
    assert "Add row 7 (PA1.1): Agree a SEND strategy with families; area a; due 31/01/2025" in out
    with Board.open(db, readonly=True) as board:
        assert board.rows("action") == []
    assert _cli("import", "--db", db, pap) == 0
    assert "Imported: 6 added" in capsys.readouterr().out
    assert _cli("import", "--db", db, pap) == 0
    assert "0 to add, 0 to update, 6 unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"PK\x03\x04rubbish", "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password"),
])
def test_cli_refuses_unreadable_files_with_exit_2_and_changes_nothing(tmp_path, capsys, content,
                                                                      words):
    new_board(tmp_path).close()
    db = tmp_path / "board.sqlite"
    with Board.open(db, readonly=True) as board:
        log = board.change_log()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    assert _cli("import", "--db", db, bad) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    with Board.open(db, readonly=True) as board:
        assert board.change_log() == log


def test_cli_no_header_and_wrong_sheet(tmp_path, capsys):
    new_board(tmp_path).close()
    db = tmp_path / "board.sqlite"
    path = write_rows(tmp_path / "x.xlsx", [["just", "some"], ["words", "here"]])
    assert _cli("import", "--db", db, path) == 2
    assert "No header row" in capsys.readouterr().err
    assert _cli("import", "--db", db, messy_pap(tmp_path / "p.xlsx"), "--sheet", "Nope") == 2
    assert "no sheet called 'Nope'" in capsys.readouterr().err


def test_forcing_a_kind_names_sheets_of_neither_kind_as_such(tmp_path):
    import openpyxl

    path = tmp_path / "registers.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    wb["Actions"].append(["Ref", "Action", "Lead", "Due date", "RAG"])
    wb["Actions"].append(["PA1.1", "Agree commissioning", "Ann Owner", "31/03/2027", "Green"])
    risks = wb.create_sheet("Risks")
    risks.append(["Ref", "Risk", "Owner", "Likelihood", "Impact"])
    risks.append(["R01", "Capacity falls short", "Ann Owner", 3, 4])
    meetings = wb.create_sheet("Meetings")
    # the Meetings sheet that 'export' writes
    meetings.append(["Meeting", "Kind", "Number", "Title", "Date", "Start", "End", "Venue",
                     "Online joining details", "Status", "Invitees"])
    meetings.append(["Meeting 1, 12 March 2025", "board", 1, None, "12/03/2025", "10:00",
                     "12:30", "One Angel Square", None, "held", 20])
    wb.save(path)
    plan = importer.plan(new_board(tmp_path), path, kind="risks", today=TODAY)
    assert [r.ref for r in plan.adds] == ["R01"]
    assert sorted(plan.not_imported) == [
        "sheet 'Actions' (it holds actions, not risks)",
        "sheet 'Meetings' (not an action plan or risk register)"]


def test_preview_and_result_agree_in_number_and_list_areas_in_order(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "pap.xlsx", [
        ["Ref", "Action", "Lead", "Due date", "RAG", "Area"],
        ["PA10.1", "Tenth", "Ann Owner", "31/03/2027", "Green", "j"],
        ["PA3.1", "Third", "Ann Owner", "31/03/2027", "Green", "c"],
        ["PA1.1", "First", "Ann Owner", "31/03/2027", "Green", "a"]])
    plan = importer.plan(board, path, today=TODAY)
    text = "\n".join(plan.summary_lines())
    assert "1 person to create (as an officer, not a board member): Ann Owner" in text
    assert "2 areas to create: c (c), j (j)" in text
    result = importer.apply(board, plan)
    assert result.summary() == "Imported: 3 added, 0 updated, 1 person created, 2 areas created."
    path = write_rows(tmp_path / "one.xlsx", [
        ["Ref", "Action", "Lead", "Due date", "RAG", "Area"],
        ["PA4.1", "Fourth", "Bo Owner", "31/03/2027", "Green", "d"]])
    plan = importer.plan(board, path, today=TODAY)
    assert "1 area to create: d (d)" in plan.summary_lines()
    assert importer.apply(board, plan).summary() == \
        "Imported: 1 added, 0 updated, 1 person created, 1 area created."
