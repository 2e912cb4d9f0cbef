"""Generate papers and the meeting-cycle actions, driven as the secretary would."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from sendsec.services import registers
from ui.dialogs import cycle_actions, papers_dialog
from ui.dialogs.cycle_actions import CycleQuestions
from ui.dialogs.papers_dialog import PapersDialog, PapersQuestions


@pytest.fixture
def ctx(small_ctx):
    return small_ctx


@pytest.fixture
def answers(monkeypatch, tmp_path):
    said: dict[str, list] = {"result": [], "errors": [], "told": [], "opened": [],
                             "dialogs": []}
    monkeypatch.setattr(PapersQuestions, "choose_options", classmethod(
        lambda cls, parent, meeting, suggested, pdf, review=False: (tmp_path / "papers", False)))
    monkeypatch.setattr(PapersQuestions, "show_result", classmethod(
        lambda cls, parent, paths, warnings, folder: said["result"].append(
            (paths, warnings)) or True))
    monkeypatch.setattr(PapersQuestions, "show_error", classmethod(
        lambda cls, parent, message: said["errors"].append(message)))
    monkeypatch.setattr(PapersQuestions, "open_folder", classmethod(
        lambda cls, folder: said["opened"].append(folder)))
    monkeypatch.setattr(CycleQuestions, "choose_folder",
                        classmethod(lambda cls, parent, suggested: tmp_path / "requests"))
    monkeypatch.setattr(CycleQuestions, "tell", classmethod(
        lambda cls, parent, text, details="": said["told"].append(text)))
    monkeypatch.setattr(CycleQuestions, "confirm",
                        classmethod(lambda cls, parent, text, details="": True))
    monkeypatch.setattr(CycleQuestions, "open_folder", classmethod(
        lambda cls, folder: said["opened"].append(folder)))
    monkeypatch.setattr(CycleQuestions, "show_dialog", classmethod(
        lambda cls, dialog: said["dialogs"].append(type(dialog).__name__)))
    return said


def test_generate_papers_for_the_next_meeting_off_the_gui_thread(ctx, answers, tmp_path):
    paths = PapersDialog.run(None, ctx)
    assert answers["errors"] == []
    names = {p.name for p in paths}
    assert any(n.endswith("Agenda.docx") for n in names)
    assert any(n.endswith("Board pack.docx") for n in names)
    assert any(n.endswith(".ics") for n in names)
    assert all(p.parent == tmp_path / "papers" and p.exists() for p in paths)
    agenda = next(p for p in paths if p.name.endswith("Agenda.docx"))
    assert "Northshire SEND Improvement Board" in "\n".join(
        par.text for par in Document(agenda).paragraphs)
    assert answers["result"][0][0] == paths
    assert answers["opened"] == [tmp_path / "papers"]


def test_making_the_minutes_template_numbers_the_minutes_as_one_undo_step(ctx, answers):
    nxt = registers.cycle(ctx.board, ctx.today()).next_meeting
    assert ctx.board.rows("minute", parent_id=nxt["id"]) == []
    paths = PapersDialog.run(None, ctx, nxt["id"])
    assert any(p.name.endswith("Minutes template.docx") for p in paths)
    minutes = ctx.board.rows("minute", parent_id=nxt["id"])
    assert len(minutes) == len(ctx.board.rows("agenda_item", parent_id=nxt["id"]))
    template = next(p for p in paths if p.name.endswith("Minutes template.docx"))
    text = "\n".join(par.text for par in Document(template).paragraphs)
    assert str(minutes[0]["number"]) in text and minutes[0]["heading"] in text
    numbers = sorted(m["number"] for m in minutes)
    assert ctx.last_change.summary == (
        f"Minute numbers {numbers[0]} to {numbers[-1]} given to {len(numbers)} agenda items of "
        f"{ctx.board.label('meeting', nxt['id'])}")
    ctx.undo()
    assert ctx.board.rows("minute", parent_id=nxt["id"]) == []


def test_papers_for_a_held_meeting_are_its_minutes_and_the_chairs_update(ctx, answers):
    held = next(m for m in ctx.board.rows("meeting") if m["status"] == "held")
    paths = PapersDialog.run(None, ctx, held["id"])
    assert [p.name.split(" - ")[-1] for p in paths] == [
        "Minutes.docx", "Actions from the minutes.docx", "Chair's update.docx",
        "Chair's update.html"]


def test_papers_refused_without_a_statutory_invitee_say_why_and_write_nothing(ctx, answers,
                                                                             tmp_path):
    nxt = registers.cycle(ctx.board, ctx.today()).next_meeting
    for inv in ctx.board.rows("invitee", parent_id=nxt["id"]):
        if ctx.board.get("person", inv["person_id"])["role"] == "NHS England adviser":
            ctx.apply(lambda b, i=inv["id"]: b.remove_invitee(i, force=True))
    assert PapersDialog.run(None, ctx, nxt["id"]) is None
    assert "NHS England adviser" in answers["errors"][0]
    folder = tmp_path / "papers"
    assert not folder.exists() or not [p for p in folder.iterdir()
                                       if not p.name.startswith(".")]


def test_the_suggested_folder_is_named_for_people(ctx):
    from sendsec.services.board_files import data_dir

    meeting = {"meeting_date": "2026-12-09"}
    folder = papers_dialog.suggested_folder(ctx, meeting)
    assert folder == data_dir() / "Output" / "Northshire SEND Improvement Board" / \
        "2026-12-09 meeting" / "Papers"


def test_request_updates_then_read_a_filled_in_return(ctx, answers, tmp_path, monkeypatch):
    paths = cycle_actions.request_updates(None, ctx, None)
    returns = [p for p in paths if p.suffix == ".xlsx"]
    assert returns and len([p for p in paths if p.suffix == ".eml"]) == len(returns)
    assert "email drafts" in answers["told"][-1]

    # the owner of PA3.1 fills in a new RAG and update
    target = next(p for p in returns if "Priya Health" in p.name)
    wb = openpyxl.load_workbook(target)
    ws = wb["Actions"]
    header_row = next(r for r in range(1, 15) if ws.cell(r, 1).value == "Ref")
    headers = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(header_row + 1, ws.max_row + 1)
               if ws.cell(r, headers["Ref"]).value == "PA3.1")
    ws.cell(row, headers["New RAG"]).value = "Green"
    ws.cell(row, headers["Update"]).value = "Plans now issued on time \U0001F389"
    wb.save(target)

    monkeypatch.setattr(CycleQuestions, "choose_return", classmethod(lambda cls, p: target))
    change = cycle_actions.read_return(None, ctx)
    assert change is not None
    action = ctx.board.find("action", ref="PA3.1")
    assert action["rag"] == "green"
    latest = ctx.board.rows("action_update", parent_id=action["id"])[0]
    assert latest["narrative"] == "Plans now issued on time \U0001F389"
    ctx.undo()
    assert ctx.board.find("action", ref="PA3.1")["rag"] == "amber"


def test_a_file_that_is_not_a_return_is_refused_with_its_reason(ctx, answers, tmp_path,
                                                                monkeypatch):
    bogus = tmp_path / "notes.xlsx"
    bogus.write_text("not a workbook", encoding="utf-8")
    monkeypatch.setattr(CycleQuestions, "choose_return", classmethod(lambda cls, p: bogus))
    before = len(ctx.board.change_log())
    assert cycle_actions.read_return(None, ctx) is None
    assert answers["told"] and "notes.xlsx" in answers["told"][0]
    assert len(ctx.board.change_log()) == before


def test_cycle_dialogs_open_for_the_selected_or_next_meeting(ctx, answers):
    cycle_actions.take_meeting(None, ctx, None)
    cycle_actions.review_proposals(None, ctx, None)
    cycle_actions.attendance_record(None, ctx)
    assert answers["dialogs"] == ["TakeMeetingDialog", "ProposalsDialog", "AttendanceDialog"]


def test_with_no_meeting_planned_the_secretary_is_told_what_to_do(ctx, answers, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", (dt.date(2030, 1, 1)).isoformat())
    cycle_actions.take_meeting(None, ctx, None)
    assert answers["dialogs"] == [] and "Select a meeting" in answers["told"][0]
    assert PapersDialog.run(None, ctx) is None
    assert "no meeting planned" in answers["errors"][0]


@pytest.mark.parametrize("anyway", [False, True])
def test_papers_holding_what_must_not_be_published_ask_first(ctx, answers, monkeypatch,
                                                             tmp_path, anyway):
    held = next(m for m in ctx.board.rows("meeting") if m["status"] == "held")
    numbers = [m["number"] or 0 for m in ctx.board.rows("minute")]
    ctx.apply(lambda b: b.create("minute", {
        "meeting_id": held["id"], "number": max(numbers, default=0) + 1,
        "heading": "Families' voice",
        "discussion": "Parents may write to j.bloggs@gmail.com about the survey."}))
    asked: list[list] = []
    monkeypatch.setattr(PapersQuestions, "publish_anyway", classmethod(
        lambda cls, parent, hits: asked.append(hits) or anyway))
    paths = PapersDialog.run(None, ctx, held["id"])
    assert len(asked) == 1 and any("j.bloggs@gmail.com" in h.line() for h in asked[0])
    assert answers["errors"] == []
    folder = tmp_path / "papers"
    if anyway:
        assert [p.name.split(" - ")[-1] for p in paths] == [
            "Minutes.docx", "Actions from the minutes.docx", "Chair's update.docx",
            "Chair's update.html"]
        assert all(p.exists() for p in paths)
    else:
        assert paths is None and answers["result"] == []
        assert not folder.exists() or not [p for p in folder.iterdir()
                                           if not p.name.startswith(".")]


def test_papers_from_a_snapshot_are_to_read_without_the_invitations(qtbot, small_board,
                                                                   answers, tmp_path):
    """The chair (or anyone) generating papers from a snapshot gets the agenda and the pack to
    read, not invitation letters, a calendar file and Outlook drafts from the secretary."""
    from sendsec.exchanges.snapshot_opening import open_snapshot
    from sendsec.exchanges.snapshots import take_snapshot
    from sendsec.services.board import Board
    from ui.context import AppContext

    with Board.open(small_board) as b:
        taken = take_snapshot(b, tmp_path / "sent").path
    snapshot = AppContext(open_snapshot(taken))
    try:
        nxt = registers.cycle(snapshot.board, snapshot.today()).next_meeting
        paths = PapersDialog.run(None, snapshot, nxt["id"])
    finally:
        snapshot.set_board(None)
    assert answers["errors"] == []
    names = {p.name for p in paths}
    assert any(n.endswith("Agenda.docx") for n in names)
    assert any(n.endswith("Board pack.docx") for n in names)
    assert not [n for n in names if "Invitation" in n or n.endswith((".eml", ".ics"))]
    assert sorted(p.name for p in (tmp_path / "papers").iterdir()) == sorted(names)
