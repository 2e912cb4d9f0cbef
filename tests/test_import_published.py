"""Plans laid out as councils publish them: references inside the action text, an action lead
and a senior responsible officer, success criteria as bullet lists, progress columns named by
month, month-only dates. Each is imported twice (nothing changes the second time)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_import_helpers import new_board, write_rows

from sendsec.domain.dates import MONTH_NAMES
from sendsec.services import registers
from sendsec.services.board import Board
from sendsec.spreadsheets import exporter, importer, restoring
from sendsec.spreadsheets.periods import month_end, read_period
from sendsec.spreadsheets.references import split_leading_ref

TODAY = dt.date(2026, 1, 15)
CRITERIA = "• Backlog under 50 by March\n• 90% of plans within 20 weeks\n• Families told weekly"


def _actions(board: Board) -> dict[str, dict]:
    return {a["ref"]: a for a in registers.action_rows(board, TODAY)}


def _twice(board: Board, path: Path) -> importer.ImportPlan:
    """Import `path`, then plan it again and check the second import would change nothing."""
    plan = importer.plan(board, path, today=TODAY)
    importer.apply(board, plan)
    again = importer.plan(board, path, today=TODAY)
    assert not again.has_changes, again.summary_lines()
    assert not again.new_people and not again.new_areas
    assert len(again.unchanged) == len(plan.adds)
    return plan


def devon_style(path: Path) -> Path:
    """A plan as Devon's accelerated progress plan lays it out: the reference inside the action
    text, an action lead and a senior responsible officer, success criteria as a bullet list,
    month-named progress columns with a RAG beside each, and 'Sept 2025' due dates."""
    return write_rows(path, [
        ["Devon SEND Accelerated Progress Plan 2025/26"],
        ["Priority 2: Timeliness of EHC needs assessments"],
        ["Action", "Action lead", "Senior responsible officer", "Success criteria", "Due",
         "October progress update", "October RAG",
         "November progress update (from action lead)", "RAG"],
        ["Action 2.1: Clear the backlog of assessments", "Amy Lead", "Sarah Sro", CRITERIA,
         "Sept 2025", "Recruited two EPs", "Amber", "Backlog down to 120", "Green"],
        ["PA2.2 - Quality assure every new plan", "Ben Officer", "Sarah Sro",
         "• All plans audited", "Q3 2025/26", None, None, "Audit tool agreed", "Amber"],
        ["Priority 2 action 3: Publish a timeliness dashboard", "Amy Lead", "Sarah Sro",
         "Dashboard live", "end of March 2026", "Scoped", "Red", None, None],
        ["2.4) Weekly letters to families waiting", "Ben Officer", "Sarah Sro", "Letters sent",
         "Spring 2026", None, None, "Template drafted", "Green"],
    ])


def test_references_in_the_action_text_are_taken_out_of_the_title_and_matched(tmp_path):
    board = new_board(tmp_path)
    plan = _twice(board, devon_style(tmp_path / "devon.xlsx"))
    assert [r.ref for r in plan.adds] == ["2.1", "PA2.2", "2.3", "2.4"]
    acts = _actions(board)
    assert acts["2.1"]["title"] == "Clear the backlog of assessments"
    assert acts["PA2.2"]["title"] == "Quality assure every new plan"
    assert acts["2.3"]["title"] == "Publish a timeliness dashboard"
    assert acts["2.4"]["title"] == "Weekly letters to families waiting"
    assert {a["area_code"] for a in acts.values()} == {"P2"}
    lines = "\n".join(plan.summary_lines())
    assert "References are taken from the start of 'Action'" in lines


def test_lead_and_sro_kept_apart_and_success_criteria_keep_their_lines(tmp_path):
    board = new_board(tmp_path)
    _twice(board, devon_style(tmp_path / "devon.xlsx"))
    a = board.find("action", ref="2.1")
    people = {p["id"]: p["name"] for p in board.rows("person")}
    assert people[a["owner_id"]] == "Sarah Sro"  # the SRO is accountable (notice 5b)
    assert people[a["lead_id"]] == "Amy Lead"
    assert a["success_measure"] == CRITERIA
    assert people[board.find("action", ref="PA2.2")["lead_id"]] == "Ben Officer"


def test_month_named_progress_columns_are_dated_in_the_plans_year_with_their_rag(tmp_path):
    board = new_board(tmp_path)
    plan = _twice(board, devon_style(tmp_path / "devon.xlsx"))
    lines = "\n".join(plan.summary_lines())
    assert "'November progress update (from action lead)' is read as progress updates dated " \
           "30/11/2025, the last day of November (the plan's year: the financial year 2025/26" \
        in lines
    updates = board.rows("action_update")
    by_action: dict[int, list] = {}
    for u in updates:
        by_action.setdefault(u["action_id"], []).append((u["update_date"], u["rag"],
                                                         u["narrative"]))
    a21 = board.find("action", ref="2.1")["id"]
    assert sorted(by_action[a21]) == [("2025-10-31", "amber", "Recruited two EPs"),
                                      ("2025-11-30", "green", "Backlog down to 120")]
    a23 = board.find("action", ref="2.3")["id"]
    assert by_action[a23] == [("2025-10-31", "red", "Scoped")]
    assert board.find("action", ref="2.1")["rag"] == "green"


def test_month_only_dates_are_read_to_the_last_day_and_flagged(tmp_path):
    board = new_board(tmp_path)
    plan = _twice(board, devon_style(tmp_path / "devon.xlsx"))
    acts = _actions(board)
    assert acts["2.1"]["due_date"] == "2025-09-30"
    assert acts["PA2.2"]["due_date"] == "2025-12-31"  # Q3 of the financial year: Oct-Dec
    assert acts["2.3"]["due_date"] == "2026-03-31"
    assert acts["2.4"]["due_date"] is None  # a season is not read: blank, flagged
    adds = {r.ref: importer.add_line(r) for r in plan.adds}
    assert "'Due' 'Sept 2025' read as 30/09/2025 (the end of September 2025)" in adds["2.1"]
    assert "read as 31/12/2025 (the end of Q3 of the financial year 2025/26)" in adds["PA2.2"]
    assert "'Due' 'Spring 2026' not read" in adds["2.4"] and "no due date" in adds["2.4"]
    warnings = {w.ref: w.message for w in plan.warnings}
    assert "cannot be read as a date" in warnings["2.4"]


def test_reference_column_layout_with_lead_officer_only_reads_it_as_accountable(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "plan.xlsx", [
        ["No.", "Action", "Lead officer", "Target date", "RAG status"],
        ["1.1", "1.1 Agree the SEND strategy", "Jane Smith", "w/c 3 Nov 2025", "Green"],
        ["1.2", "Publish the local offer", "Dr Ola Okafor", "31/03/2026", "Amber"],
    ])
    plan = _twice(board, path)
    acts = _actions(board)
    assert acts["1.1"]["title"] == "Agree the SEND strategy"  # the repeated ref is left out
    assert acts["1.1"]["owner_name"] == "Jane Smith"
    assert board.find("action", ref="1.1")["lead_id"] is None
    assert acts["1.1"]["due_date"] == "2025-11-07"
    assert "the Friday of the week commencing 03/11/2025" in importer.add_line(plan.adds[0])


def test_a_plan_with_neither_reference_column_nor_references_in_the_text_is_refused(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "plan.xlsx", [
        ["Action", "Lead", "Due"], ["Agree the strategy", "Jane Smith", "31/03/2026"]])
    try:
        importer.plan(board, path, today=TODAY)
    except importer.SendsecError as exc:
        assert "no reference column" in str(exc) and "Action 2.1:" in str(exc)
    else:
        raise AssertionError("a plan without references was planned")


def test_round_trip_through_export_changes_nothing(tmp_path):
    board = new_board(tmp_path)
    path = devon_style(tmp_path / "devon.xlsx")
    importer.apply(board, importer.plan(board, path, today=TODAY))
    out = tmp_path / "export.xlsx"
    exporter.export(board, out)
    fresh = Board.create_new(tmp_path / "restored.sqlite", "Restored", user="tester")
    restoring.apply(fresh, restoring.plan(fresh, out))
    again = importer.plan(fresh, path, today=TODAY)
    assert not again.has_changes and len(again.unchanged) == 4, again.summary_lines()
    a = fresh.find("action", ref="2.1")
    assert a["lead_id"] and a["owner_id"] != a["lead_id"] and a["success_measure"] == CRITERIA


def test_periods_and_leading_references():
    assert read_period("September 2025").date == dt.date(2025, 9, 30)
    assert read_period("Q4 2025/26").date == dt.date(2026, 3, 31)
    assert read_period("Q3 2025") is None  # calendar or financial? not guessed
    assert read_period("March 26") is None  # 26 March? not guessed
    assert read_period("Spring 2026") is None
    assert split_leading_ref("Priority 2 action 1: Clear") == ("2.1", "Clear")
    assert split_leading_ref("20 weeks for new plans") is None
    assert split_leading_ref("KS2 Results improve") is None


def word_plan(path: Path) -> Path:
    """A plan as a Word document: a title with the plan's year, a version table (not a plan),
    then the plan table: a header row, area rows merged across the table, success criteria as
    bulleted paragraphs, a line break inside a cell and a lead merged down two rows."""
    import docx

    document = docx.Document()
    document.add_heading("SEND Accelerated Progress Plan 2025/26", 0)
    version = document.add_table(rows=2, cols=2)
    version.cell(0, 0).text, version.cell(0, 1).text = "Version", "Date"
    version.cell(1, 0).text, version.cell(1, 1).text = "7", "03/11/2025"
    document.add_paragraph("The plan")
    headers = ["Action", "Action lead", "SRO", "Success criteria", "Timescale",
               "November progress update (from action lead)", "RAG"]
    rows = [
        ["Priority 1: Leadership and oversight"],
        ["1.1 Agree the SEND strategy with families", "Amy Lead", "Sarah Sro",
         ["Strategy published", "Forum signs it off"], "Sept 2025", "Agreed at forum", "Green"],
        ["1.2 Publish the local offer refresh", None, "Sarah Sro", ["Hits up 20%"],
         "Q3 2025/26", "Pages drafted", "Amber"],
        ["Priority 2: Timeliness of assessments"],
        ["Action 2.1: Clear the backlog", "Ben Officer", "Sarah Sro",
         ["Backlog under 50", "90% within 20 weeks"], "next spring", None, None],
    ]
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    for i, h in enumerate(headers):
        table.cell(0, i).text = h
    for r, values in enumerate(rows, 1):
        if len(values) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, len(headers) - 1))
            merged.text = values[0]
            continue
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            if isinstance(value, list):
                cell.paragraphs[0].text = value[0]
                cell.paragraphs[0].style = "List Bullet"
                for more in value[1:]:
                    cell.add_paragraph(more, style="List Bullet")
            elif value is not None:
                cell.text = value
    table.cell(2, 1).merge(table.cell(3, 1))  # Amy leads 1.1 and 1.2 (merged down)
    run = table.cell(3, 5).paragraphs[0].add_run()
    run.add_break()
    run.add_text("Launch in January")  # a line break inside the cell
    document.save(path)
    return path


def test_word_plan_tables_read_as_sheets_with_merged_rows_bullets_and_places(tmp_path):
    board = new_board(tmp_path)
    plan = _twice(board, word_plan(tmp_path / "plan.docx"))
    assert [r.ref for r in plan.adds] == ["1.1", "1.2", "2.1"]
    assert [r.sheet for r in plan.adds] == ["Table 2"] * 3
    lines = plan.summary_lines()
    assert "Table 2: actions, header on row 1." in lines
    assert "Not imported: table 1 (not an action plan or risk register)" in lines
    text = "\n".join(lines)
    assert "Add table 2, row 3 (1.1): Agree the SEND strategy with families; area P1; " \
           "due 30/09/2025; 'Timescale' 'Sept 2025' read as 30/09/2025" in text
    assert "Warning table 2, row 6 (2.1): 'Timescale' is 'next spring', which cannot be read" \
        in text
    acts = {a["ref"]: a for a in board.rows("action")}
    people = {p["id"]: p["name"] for p in board.rows("person")}
    assert acts["1.1"]["success_measure"] == "• Strategy published\n• Forum signs it off"
    assert people[acts["1.2"]["lead_id"]] == "Amy Lead"  # merged down from row 3
    assert people[acts["1.2"]["owner_id"]] == "Sarah Sro"
    assert acts["2.1"]["title"] == "Clear the backlog" and acts["2.1"]["due_date"] is None
    areas = {a["id"]: a["code"] for a in board.rows("area")}
    assert [areas[acts[r]["area_id"]] for r in ("1.1", "1.2", "2.1")] == ["P1", "P1", "P2"]
    updates = {u["action_id"]: u for u in board.rows("action_update")}
    assert updates[acts["1.2"]["id"]]["narrative"] == "Pages drafted\nLaunch in January"
    assert updates[acts["1.1"]["id"]]["update_date"] == "2025-11-30"


def test_word_document_without_tables_is_refused_in_one_line(tmp_path, capsys):
    import docx

    from sendsec.cli import main

    path = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear colleague")
    document.save(path)
    db = tmp_path / "board.sqlite"
    new_board(tmp_path, "board.sqlite").close()
    assert main(["import", "--db", str(db), str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "'letter.docx' is a Word document with no tables" in err and "\n" not in err


def test_word_plan_over_several_tables_keeps_each_tables_area(tmp_path):
    import docx

    def table(rows):
        t = document.add_table(rows=1 + len(rows), cols=3)
        for r, values in enumerate([["Ref", "Action", "Lead officer"], *rows]):
            for c, v in enumerate(values):
                t.cell(r, c).text = v
        document.add_paragraph("")

    document = docx.Document()
    document.add_heading("Priority Action Plan 2025/26", 0)
    document.add_heading("Priority 2: Timeliness of assessments", 1)
    table([["2.1", "Clear the backlog", "Jane Smith"],
           ["Priority 3: Preparing for adulthood", "", ""],
           ["3.1", "Transition plans from Year 9", "Jane Smith"]])
    table([["3.2", "Supported internships", "Jane Smith"]])  # continues Priority 3
    document.add_heading("Priority 4: Health", 1)
    table([["4.1", "Therapy waits", "Jane Smith"]])
    path = tmp_path / "plan.docx"
    document.save(path)
    board = new_board(tmp_path)
    plan = _twice(board, path)
    assert [(r.ref, r.sheet, r.area_label) for r in plan.adds] == [
        ("2.1", "Table 1", "P2"), ("3.1", "Table 1", "P3"), ("3.2", "Table 2", "P3"),
        ("4.1", "Table 3", "P4")]
    assert "  'Lead officer' is read as the accountable owner: the plan names no senior " \
           "responsible officer." in plan.summary_lines()


def test_word_rows_and_cells_inside_content_controls_are_read(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    from sendsec.spreadsheets.reading import read_workbook

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for r, values in enumerate((["Ref", "Action"], ["1.1", "Agree the strategy"],
                                ["1.2", "Publish the offer"])):
        for c, v in enumerate(values):
            table.cell(r, c).text = v
    row = table.rows[2]._tr  # a row wrapped in a content control, as templates do
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    row.addprevious(sdt)
    sdt.append(content)
    content.append(row)
    path = tmp_path / "plan.docx"
    document.save(path)
    assert read_workbook(path).sheets[0].rows[2] == ["1.2", "Publish the offer"]
    assert qn("w:sdt") in {el.tag for el in docx.Document(str(path)).tables[0]._tbl}


def test_cli_imports_a_word_plan_table_by_name_and_twice_changes_nothing(tmp_path, capsys):
    from sendsec.cli import main

    db = tmp_path / "board.sqlite"
    new_board(tmp_path, "board.sqlite").close()
    path = word_plan(tmp_path / "plan.docx")
    args = ["import", "--db", str(db), str(path), "--sheet", "table 2", "--today", "2026-01-15"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Table 2: actions, header on row 1." in out and "Not imported" not in out
    assert "  Add table 2, row 4 (1.2): Publish the local offer refresh; area P1; " \
           "due 31/12/2025" in out
    assert main(args) == 0 and "Imported: 3 added" in capsys.readouterr().out
    assert main(args) == 0
    assert "0 to add, 0 to update, 3 unchanged" in capsys.readouterr().out


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(2000, 2100), st.sampled_from(["", "end of ", "by "]),
       st.booleans())
def test_a_month_and_year_read_as_the_last_day_of_that_month(month, year, lead_in, short):
    name = MONTH_NAMES[month - 1]
    found = read_period(f"{lead_in}{name[:3] if short else name} {year}")
    assert found is not None and found.date == month_end(year, month)
    assert (found.date + dt.timedelta(days=1)).day == 1  # the last day, never a guess inside it


def test_actions_numbered_again_under_each_priority_take_the_prioritys_number(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "plan.xlsx", [
        ["Action", "Lead", "Due"],
        ["Priority 1: Leadership"],
        ["1. Agree the strategy", "Jane Smith", "31/03/2026"],
        ["2. Publish the offer", "Jane Smith", "31/03/2026"],
        ["Priority 2: Timeliness"],
        ["1. Clear the backlog", "Jane Smith", "Sept 2025"],
    ])
    plan = _twice(board, path)
    assert [(r.ref, r.values["title"], r.area_label) for r in plan.adds] == [
        ("1.1", "Agree the strategy", "P1"), ("1.2", "Publish the offer", "P1"),
        ("2.1", "Clear the backlog", "P2")]
    assert "  Actions numbered 1, 2 ... under each area are read with the area's number first " \
           "('1' under P1 is 1.1)." in plan.summary_lines()
    assert not plan.skipped


def test_each_months_update_takes_the_rag_column_beside_it(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "plan.xlsx", [
        ["Ref", "Action", "Lead", "October 2025 update", "RAG", "November 2025 update", "RAG"],
        ["1.1", "Agree the strategy", "Jane Smith", "Drafted", "Red", "Agreed", "Green"],
    ])
    plan = _twice(board, path)
    assert plan.sheets[0].ignored_columns == []
    updates = sorted((u["update_date"], u["rag"], u["narrative"])
                     for u in board.rows("action_update"))
    assert updates == [("2025-10-31", "red", "Drafted"), ("2025-11-30", "green", "Agreed")]
    assert board.find("action", ref="1.1")["rag"] == "green"  # the latest month's RAG


def test_an_excel_date_shown_as_a_month_is_read_as_that_months_last_day(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "Lead", "Due", "Revised due date"])
    ws.append(["1.1", "Agree the strategy", "Jane Smith", dt.datetime(2025, 9, 1),
               dt.datetime(2025, 9, 1)])
    ws.append(["1.2", "Publish the offer", "Jane Smith", dt.datetime(2025, 9, 15), None])
    ws["D2"].number_format = "mmm-yy"  # 'Sept 2025' typed into Excel becomes this
    ws["E2"].number_format = "dd/mm/yyyy"  # the first of the month, shown as such
    ws["D3"].number_format = "[$-809]mmmm yyyy;@"  # a real day under a month format is kept
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    board = new_board(tmp_path)
    plan = _twice(board, path)
    acts = _actions(board)
    assert acts["1.1"]["due_date"] == "2025-09-30"
    assert acts["1.1"]["revised_due_date"] == "2025-09-01"
    assert acts["1.2"]["due_date"] == "2025-09-15"
    assert "'Due' 'September 2025' read as 30/09/2025 (the end of September 2025)" in \
        importer.add_line(plan.adds[0])


def test_an_evidence_column_goes_with_the_latest_months_update(tmp_path):
    board = new_board(tmp_path)
    path = write_rows(tmp_path / "plan.xlsx", [
        ["SEND Priority Action Plan 2025/26"],
        ["Ref", "Action", "Owner", "October progress update", "October RAG",
         "November progress update", "November RAG", "Evidence"],
        ["PA1", "Clear the backlog", "Jane Smith", "Agency staff started", "Amber",
         "Backlog down to 120", "Green", "Weekly backlog tracker"],
    ])
    _twice(board, path)
    updates = sorted((u["update_date"], u["evidence"]) for u in board.rows("action_update"))
    assert updates == [("2025-10-31", None), ("2025-11-30", "Weekly backlog tracker")]
