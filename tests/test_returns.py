"""Update requests to owners (.eml + .xlsx return) and reading filled-in returns back."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import zipfile

import openpyxl
import pytest

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.exchanges import returns
from sendsec.papers import update_requests as ur
from sendsec.services.board import Board
from sendsec.spreadsheets.reading import SpreadsheetRefused
from sendsec.spreadsheets.values import excel_escape

TODAY = dt.date(2026, 11, 2)


def make_board(path, name="Test SEND Improvement Board"):
    b = Board.create_new(path, name)
    council = b.create("organisation", {"name": "Test Council", "short_name": "TC",
                                        "kind": "council"}).id
    sec = b.create("person", {"name": "Sam Secretary", "role": "secretary",
                              "email": "sam@council.example", "organisation_id": council}).id
    b.update_settings({"secretary_id": sec})
    jo = b.create("person", {"name": "Jo Owner", "role": "member", "email": "jo@council.example",
                             "organisation_id": council}).id
    al = b.create("person", {"name": "Al Other", "role": "member",
                             "organisation_id": council}).id  # no email address
    area = b.create("area", {"code": "b", "title": "EHC timeliness"}).id
    a1 = b.create("action", {"ref": "PA2.1", "title": "Recruit caseworkers", "owner_id": jo,
                             "area_id": area, "due_date": "2027-01-31",
                             "status": "in progress", "rag": "amber"}).id
    b.create("action_update", {"action_id": a1, "update_date": "2026-10-01", "rag": "amber",
                               "narrative": "Three of five posts filled."})
    b.create("action", {"ref": "PA2.2", "title": "=SUM(A1) & <b>bold</b> \U0001F600",
                        "owner_id": jo, "area_id": area, "status": "not started"})
    b.create("action", {"ref": "PA2.3", "title": "Done already", "owner_id": jo,
                        "status": "complete", "rag": "blue"})
    b.create("action", {"ref": "PA2.4", "title": "Al's action", "owner_id": al,
                        "status": "in progress", "rag": "green"})
    b.create("risk", {"ref": "R1", "title": "Caseworkers leave", "owner_id": jo,
                      "current_likelihood": 4, "current_impact": 4})
    meeting = b.create("meeting", {"meeting_date": "2026-12-16", "venue": "Room 1"}).id
    b.ids = {"jo": jo, "al": al, "a1": a1, "meeting": meeting}
    return b


@pytest.fixture
def board(tmp_path):
    b = make_board(tmp_path / "b.sqlite")
    yield b
    b.close()


def _files(paths, person, ext):
    return next(p for p in paths if person in p.name and p.suffix == ext)


def test_one_return_and_one_draft_per_owner_of_open_work(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path / "out", TODAY)
    assert len(paths) == 4  # Al and Jo: return + draft each
    msg = email.message_from_bytes(_files(paths, "Jo Owner", ".eml").read_bytes(),
                                   policy=email.policy.default)
    assert msg["X-Unsent"] == "1"
    assert "jo@council.example" in msg["To"] and "sam@council.example" in msg["From"]
    due = ur.owner_requests(board, board.ids["meeting"], TODAY).updates_due
    assert msg["Subject"] == f"Test SEND Improvement Board - updates needed by " \
                             f"{due.day} {due:%B %Y}"
    body = msg.get_body(("plain",)).get_content()
    assert "PA2.1" in body and "Three of five posts filled." in body and "R1" in body
    assert "PA2.3" not in body  # complete: nothing to ask
    assert "Ahead of meeting 1 of the Test SEND Improvement Board on " in body  # mid-sentence
    attached = [p for p in msg.iter_attachments()]
    assert attached[0].get_filename().endswith("Update return - Jo Owner.xlsx")
    # Al has no email: the draft says so
    al = email.message_from_bytes(_files(paths, "Al Other", ".eml").read_bytes(),
                                  policy=email.policy.default)
    assert "No email address is recorded" in al.get_body(("plain",)).get_content()


def test_return_layout_validation_and_protection(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    wb = openpyxl.load_workbook(_files(paths, "Jo Owner", ".xlsx"))
    ws = wb[ur.ACTIONS_SHEET]
    headers = [c.value for c in ws[ur.HEADER_ROW]]
    assert headers == list(ur.ACTION_HEADERS)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert not any("Board id" in str(c.value) for r in ws.iter_rows() for c in r)  # hidden
    assert wb.properties.creator != "openpyxl" and "update return for Jo Owner" in \
        wb.properties.title
    # the meeting named once ('Meeting 1, 16 December 2026 on Wednesday 16 December 2026')
    assert ws["A2"].value.startswith("For: Jo Owner. Meeting 1 on Wednesday 16 December 2026.")
    refs = [ws.cell(r, 1).value for r in range(ur.HEADER_ROW + 1, ws.max_row + 1)]
    assert refs == ["PA2.1", "PA2.2"]
    assert ws.cell(ur.HEADER_ROW + 2, 2).value.startswith("=SUM")  # text, not a formula
    assert ws.cell(ur.HEADER_ROW + 2, 2).data_type == "s"
    assert ws.protection.sheet
    assert ws.cell(ur.HEADER_ROW + 1, 1).protection.locked
    assert not ws.cell(ur.HEADER_ROW + 1, 5).protection.locked
    rag_lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"Blue,Green,Amber,Red"' in rag_lists
    assert wb[ur.META_SHEET].sheet_state == "hidden"
    risks = wb[ur.RISKS_SHEET]
    assert [c.value for c in risks[ur.HEADER_ROW]] == list(ur.RISK_HEADERS)


def _fill(path, actions=(), risks=()):
    wb = openpyxl.load_workbook(path)
    for sheet, rows in ((ur.ACTIONS_SHEET, actions), (ur.RISKS_SHEET, risks)):
        ws = wb[sheet]
        for row, values in rows:
            for col, v in values.items():
                ws.cell(ur.HEADER_ROW + row, col, v)
    wb.save(path)
    return path


def test_reading_a_return_adds_updates_and_reviews_once(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    long = "x" * 20_000  # as long as an update may be (an Excel cell holds 32,767)
    path = _fill(_files(paths, "Jo Owner", ".xlsx"),
                 actions=[(1, {5: "Green", 6: excel_escape("All five posts filled.\x0bStarted 1 Nov. \u05e9"),
                               7: "HR report"}),
                          (2, {5: "red", 6: long})],
                 risks=[(1, {5: 3, 6: "4", 7: "Retention bonus agreed \U0001F600"})])
    plan, change = returns.read_return(board, path, dt.date(2026, 11, 20))
    assert plan.errors == []
    a1 = board.get("action", board.ids["a1"])
    assert a1["rag"] == "green"
    latest = board.rows("action_update", parent_id=a1["id"])[0]
    assert latest["narrative"] == "All five posts filled.\x0bStarted 1 Nov. \u05e9"
    assert latest["update_date"] == "2026-11-20" and latest["meeting_id"] == board.ids["meeting"]
    assert latest["reported_by_id"] == board.ids["jo"] and latest["evidence"] == "HR report"
    pa22 = board.find("action", ref="PA2.2")
    assert pa22["rag"] == "red" and pa22["status"] == "in progress"
    assert board.rows("action_update", parent_id=pa22["id"])[0]["narrative"] == long
    risk = board.find("risk", ref="R1")
    assert (risk["current_likelihood"], risk["current_impact"]) == (3, 4)
    log = board.change_log()
    assert any(r["entity"] == "risk_review" and r["field"] == "(created)" for r in log)
    # one undo takes the whole return back
    board.revert(change)
    assert board.get("action", board.ids["a1"])["rag"] == "amber"
    plan, change = returns.read_return(board, path, dt.date(2026, 11, 20))
    # reading the same return again (even another day) adds nothing
    before = len(board.rows("action_update", parent_id=a1["id"]))
    again, none = returns.read_return(board, path, dt.date(2026, 11, 21))
    assert none is None and not again.entries and len(again.already) == 3
    assert len(board.rows("action_update", parent_id=a1["id"])) == before


def test_bad_rows_are_listed_and_the_good_ones_still_read(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    path = _fill(_files(paths, "Jo Owner", ".xlsx"),
                 actions=[(1, {5: "Purple", 6: "text"}), (2, {5: "Green", 6: "Fine"}),
                          (3, {1: "PA9.9", 5: "Red", 6: "Unknown ref"}),
                          (4, {5: "Green", 6: "no ref here"})],
                 risks=[(1, {5: 7, 6: 2, 7: "too likely"})])
    plan = returns.plan_return(board, path, TODAY)
    messages = [str(p) for p in plan.errors]
    assert any("row 7 (PA2.1)" in m and "Purple" in m for m in messages)
    assert any("PA9.9" in m and "no action" in m for m in messages)
    assert any("no Ref" in m for m in messages)
    assert any("(R1)" in m and "'7' is not a score from 1 to 5" in m for m in messages)
    assert [e.ref for e in plan.entries] == ["PA2.2"]
    returns.apply_return(board, plan)
    assert board.get("action", board.ids["a1"])["rag"] == "amber"  # bad row changed nothing
    assert board.find("risk", ref="R1")["current_likelihood"] == 4


def test_an_update_without_rag_or_text_is_explained(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    path = _fill(_files(paths, "Jo Owner", ".xlsx"),
                 actions=[(1, {5: "Green"}), (2, {6: "Text but no RAG, none before"})],
                 risks=[(1, {5: 2})])
    plan = returns.plan_return(board, path, TODAY)
    text = " ".join(str(p) for p in plan.errors)
    assert "Update: write what has happened" in text
    assert "New RAG: choose" in text and "give both likelihood and impact" in text
    assert plan.entries == []


def test_a_return_from_another_board_is_refused(board, tmp_path):
    other = make_board(tmp_path / "other.sqlite", "Another Board")
    try:
        paths = ur.write_update_requests(other, other.ids["meeting"], tmp_path / "o", TODAY)
        path = _fill(_files(paths, "Jo Owner", ".xlsx"), actions=[(1, {5: "Red", 6: "x"})])
        with pytest.raises(returns.ReturnRefused, match="another board"):
            returns.plan_return(board, path, TODAY)
    finally:
        other.close()
    assert board.get("action", board.ids["a1"])["rag"] == "amber"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"not a spreadsheet at all", "not an Excel workbook"),
    (b"PK\x03\x04broken zip", "damaged"),
])
def test_damaged_files_are_refused(board, tmp_path, content, message):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetRefused, match=message):
        returns.plan_return(board, path, TODAY)


def test_a_plain_spreadsheet_is_not_a_return(board, tmp_path):
    path = tmp_path / "pap.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Ref", "Action", "RAG"])
    wb.save(path)
    with pytest.raises(returns.ReturnRefused, match="not a sendsec update return"):
        returns.plan_return(board, path, TODAY)


def test_a_return_whose_header_was_deleted_is_refused(board, tmp_path):
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    path = _files(paths, "Jo Owner", ".xlsx")
    wb = openpyxl.load_workbook(path)
    wb[ur.ACTIONS_SHEET].delete_rows(ur.HEADER_ROW)
    wb.save(path)
    with pytest.raises(returns.ReturnRefused, match="header row"):
        returns.plan_return(board, path, TODAY)


def test_cancelled_meeting_has_no_requests(board, tmp_path):
    board.update("meeting", board.ids["meeting"], {"status": "cancelled"})
    with pytest.raises(SendsecError, match="cancelled"):
        ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)


def test_command_line_writes_and_reads(board, tmp_path, capsys):
    db = board.path
    board.close()
    out = tmp_path / "requests"
    assert main(["requests", "--db", str(db), "--meeting", "next", "--out", str(out),
                 "--today", "2026-11-02"]) == 0
    printed = capsys.readouterr().out.split("\n")
    written = [p for p in printed if p.endswith(".xlsx")]
    assert len(written) == 2
    jo = next(p for p in written if "Jo Owner" in p)
    copy = tmp_path / "filled.xlsx"
    shutil.copy(jo, copy)
    _fill(copy, actions=[(1, {5: "Blue", 6: "Complete"}), (2, {5: "Magenta", 6: "x"})])
    assert main(["requests", "--db", str(db), "--read", str(copy), "--dry-run"]) == 1
    out_text = capsys.readouterr()
    assert "Dry run" in out_text.out and "Magenta" in out_text.out
    with Board.open(db) as b:
        assert b.find("action", ref="PA2.1")["rag"] == "amber"
    assert main(["requests", "--db", str(db), "--read", str(copy)]) == 1
    with Board.open(db) as b:
        assert b.find("action", ref="PA2.1")["status"] == "complete"
    assert main(["requests", "--db", str(db), "--read", str(tmp_path / "missing.xlsx")]) == 2
    assert "no file" in capsys.readouterr().err
    assert main(["requests", "--db", str(db), "--meeting", "2031-01-01", "--out",
                 str(out)]) == 2
    assert zipfile.is_zipfile(jo)


def test_a_return_from_another_board_of_the_same_name_says_it_is_another_file(board, tmp_path):
    other = make_board(tmp_path / "other.sqlite", board.name)
    try:
        paths = ur.write_update_requests(other, other.ids["meeting"], tmp_path / "o", TODAY)
        path = _fill(_files(paths, "Jo Owner", ".xlsx"), actions=[(1, {5: "Red", 6: "x"})])
        with pytest.raises(returns.ReturnRefused) as caught:
            returns.plan_return(board, path, TODAY)
    finally:
        other.close()
    assert str(caught.value) == (
        f"'{path.name}' was written from another board file that has the same name "
        f"('{board.name}'), not from this one; nothing was changed.")


def test_an_owner_who_has_left_is_not_asked_and_the_command_names_the_actions(board, tmp_path,
                                                                              capsys):
    board.archive("person", board.ids["al"])
    rs = ur.owner_requests(board, board.ids["meeting"], TODAY)
    assert [o.name for o in rs.owners] == ["Jo Owner"]
    assert rs.unowned == ["PA2.4"]
    path = board.path
    board.close()
    out = tmp_path / "requests"
    assert main(["requests", "--db", str(path), "--meeting", "2026-12-16", "--out", str(out),
                 "--today", TODAY.isoformat()]) == 0
    captured = capsys.readouterr()
    assert "Al Other" not in captured.out
    assert captured.err == ("sendsec: warning: nobody can be asked for updates on PA2.4: it "
                            "has no current owner.\n")


def test_a_red_measure_with_no_accountable_manager_is_named_not_skipped(board, tmp_path,
                                                                        capsys):
    """An exception report is due on a measure off its trajectory; with no accountable
    manager (or one who has left) nobody was asked and nothing said so."""
    for code, manager in (("M1", None), ("M2", board.ids["al"])):
        m = board.create("measure", {"code": code, "title": f"Measure {code}", "unit": "%",
                                     "target": 60, "accountable_id": manager}).id
        board.create("trajectory_point", {"measure_id": m, "period": "2026-09-30",
                                           "expected": 50})
        board.create("measure_point", {"measure_id": m, "period": "2026-09-30", "value": 20})
    board.archive("person", board.ids["al"])
    rs = ur.owner_requests(board, board.ids["meeting"], TODAY)
    assert rs.unmanaged == ["M1", "M2"]
    assert rs.warnings()[-1] == ("Nobody is asked for the exception report on M1, M2 (off "
                                 "their trajectory): they have no current accountable manager.")
    path = board.path
    board.close()
    assert main(["requests", "--db", str(path), "--meeting", "2026-12-16", "--out",
                 str(tmp_path / "requests"), "--today", TODAY.isoformat()]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == ("sendsec: warning: nobody is asked for the exception report on M1, M2 "
                       "(off their trajectory): they have no current accountable manager.")


def test_an_exception_report_is_asked_of_the_accountable_manager_and_read_back(board,
                                                                               tmp_path):
    """A measure off its trajectory (Red): its accountable manager's return has an
    'Exception reports' sheet; the commentary and planned actions come back onto the measure."""
    m = board.create("measure", {"code": "M1", "title": "EHC plans in 20 weeks (%)", "unit": "%",
                                 "target": 60, "accountable_id": board.ids["al"]}).id
    board.create("trajectory_point", {"measure_id": m, "period": "2026-09-30", "expected": 50})
    board.create("measure_point", {"measure_id": m, "period": "2026-09-30", "value": 20})
    rs = ur.owner_requests(board, board.ids["meeting"], TODAY)
    al = next(o for o in rs.owners if o.name == "Al Other")
    assert [x["code"] for x in al.measures] == ["M1"]
    assert "Exception reports" in ur.email_body(rs, al, "return.xlsx")
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path / "out", TODAY)
    ret = _files(paths, "Al Other", ".xlsx")
    wb = openpyxl.load_workbook(ret)
    ws = wb["Exception reports"]
    assert [c.value for c in ws[ur.HEADER_ROW]] == list(ur.EXCEPTION_HEADERS)
    ws.cell(ur.HEADER_ROW + 1, 6, "Fewer plans finished in the summer & two leavers")
    ws.cell(ur.HEADER_ROW + 1, 7, "Agency caseworkers from October")
    wb.save(ret)
    plan, change = returns.read_return(board, ret, TODAY)
    assert "1 exception report to record" in plan.summary_lines()[0]
    stored = board.get("measure", m)
    assert stored["exception_commentary"] == "Fewer plans finished in the summer & two leavers"
    assert stored["exception_actions"] == "Agency caseworkers from October"
    again, change = returns.read_return(board, ret, TODAY)
    assert change is None and len(again.already) == 1


def test_the_update_requests_cut_a_long_last_update_as_the_pack_does(paper_set, tmp_path):
    """The return and the email are for writing the new update: an 18,000-character report
    pasted last time is quoted near 600 characters, cut at a word, with a pointer to where the
    whole is kept (it was printed whole in the return's cell, and cut mid-word in the email),
    on the demo board and on a board whose plan was imported."""
    from papers_boards import LONG_MARK, LONG_UPDATE

    from sendsec.papers import long_updates

    with paper_set.open() as board:
        paths = ur.write_update_requests(board, paper_set.next_id, tmp_path, paper_set.today)
        narratives = [u["narrative"] for u in board.rows("action_update") if u["narrative"]]
    quoted: list[str] = []
    for path in paths:
        if path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path)[ur.ACTIONS_SHEET]
            quoted += [row[3] for row in sheet.iter_rows(min_row=ur.HEADER_ROW + 1,
                                                         values_only=True) if row[3]]
        else:
            body = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            text = body.get_body(("plain",)).get_content()
            quoted += [line for line in text.splitlines() if "Latest update (" in line]
    assert quoted
    limit = long_updates.LIMIT + len("  Latest update (31 October 2026): ") \
        + len(long_updates.IN_RECORDS) + 4
    assert max(len(q) for q in quoted) <= limit, max(quoted, key=len)[:200]
    long_ones = [q for q in quoted if LONG_MARK in q]
    assert (paper_set.name == "imported") == bool(long_ones)  # the demo's updates are short
    whole = " ".join(LONG_UPDATE.split())
    for q in long_ones:
        assert q.endswith(f"… ({long_updates.IN_RECORDS})")
        shown = q.split(": ", 1)[1].rsplit("…", 1)[0]
        assert whole.startswith(shown) and whole[len(shown)] == " "  # cut at a word
    short = [n for n in narratives if not long_updates.is_long(n)]
    assert any(n.split("\n")[0] in "\n".join(quoted) for n in short)  # short ones whole


def test_a_return_shows_text_pasted_from_word_as_the_papers_do(board, tmp_path):
    """A vertical tab from Word showed in the return as '_x000B_' (the papers show a line
    break); other control characters are left out."""
    pa21 = board.find("action", ref="PA2.1")
    board.update("action", pa21["id"], {"title": "Recruit\x0bcaseworkers\x01 now"})
    paths = ur.write_update_requests(board, board.ids["meeting"], tmp_path, TODAY)
    wb = openpyxl.load_workbook(_files(paths, "Jo Owner", ".xlsx"))
    ws = wb[ur.ACTIONS_SHEET]
    row = next(r for r in range(ur.HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(r, 1).value == "PA2.1")
    assert ws.cell(row, 2).value == "Recruit\ncaseworkers now"
    assert "_x00" not in " ".join(str(c.value) for r in ws.iter_rows() for c in r)
