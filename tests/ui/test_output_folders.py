"""One output folder per board, under the data folder: a folder a meeting (papers, minutes,
returns) and folders for snapshots, exports and evidence; every dialog that writes files
proposes it and remembers a change, per board."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendsec.services.board import Board
from sendsec.services.board_files import data_dir
from ui import output_folders
from ui.context import AppContext
from ui.dialogs import export_dialog, papers_dialog, snapshot_dialog
from ui.dialogs import take_meeting as tm
from ui.dialogs.errors import ErrorDialog


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-22")
    b = Board.create_new(tmp_path / "b.sqlite", "Northshire: SEND Board")
    b.create("meeting", {"meeting_date": "2026-11-18", "status": "held"})
    context = AppContext(b)
    yield context
    b.close()


def test_each_kind_of_output_has_its_place_under_the_boards_folder(ctx):
    root = data_dir() / "Output" / "Northshire SEND Board"
    assert output_folders.propose(ctx, "papers", "2026-12-16") == \
        root / "2026-12-16 meeting" / "Papers"
    assert output_folders.propose(ctx, "minutes", "2026-12-16") == \
        root / "2026-12-16 meeting" / "Minutes"
    assert output_folders.propose(ctx, "returns", "2026-12-16") == \
        root / "2026-12-16 meeting" / "Returns"
    for kind, folder in (("snapshots", "Snapshots"), ("exports", "Exports"),
                         ("evidence", "Evidence")):
        assert output_folders.propose(ctx, kind) == root / folder
    assert not str(output_folders.propose(ctx, "papers", "2026-12-16")).startswith(
        str(Path.home() / "Documents"))


def test_a_changed_folder_is_remembered_for_the_board_alone(ctx, tmp_path):
    shared = tmp_path / "Shared drive" / "Board"
    # the same layout somewhere else: the board's whole output folder moves there
    output_folders.remember(ctx, "papers", "2026-12-16",
                            shared / "2026-12-16 meeting" / "Papers")
    assert output_folders.propose(ctx, "minutes", "2027-02-03") == \
        shared / "2027-02-03 meeting" / "Minutes"
    assert output_folders.propose(ctx, "snapshots") == shared / "Snapshots"
    # a folder of its own for one kind of output
    output_folders.remember(ctx, "snapshots", None, tmp_path / "To the chair")
    assert output_folders.propose(ctx, "snapshots") == tmp_path / "To the chair"
    assert output_folders.propose(ctx, "exports") == shared / "Exports"
    other = AppContext(Board.create_new(tmp_path / "c.sqlite", "Another board"))
    try:
        assert output_folders.propose(other, "snapshots") == \
            data_dir() / "Output" / "Another board" / "Snapshots"
    finally:
        other.board.close()


def test_every_dialog_that_writes_files_proposes_the_boards_folder(qtbot, ctx, monkeypatch,
                                                                   tmp_path):
    root = data_dir() / "Output" / "Northshire SEND Board"
    meeting = ctx.board.rows("meeting")[0]
    offered = {}
    monkeypatch.setattr(papers_dialog.PapersQuestions, "choose_options", classmethod(
        lambda cls, p, m, s, pdf, review=False: offered.setdefault("papers", s) and None))
    papers_dialog.PapersDialog.run(None, ctx, meeting["id"])
    monkeypatch.setattr(tm.TakeMeetingQuestions, "choose_folder",
                        classmethod(lambda cls, p, s: offered.setdefault("minutes", s) and None))
    monkeypatch.setattr(ErrorDialog, "show_message", classmethod(lambda *a, **k: None))
    d = tm.TakeMeetingDialog(ctx, meeting["id"])
    qtbot.addWidget(d)
    d.produce("minutes")
    monkeypatch.setattr(export_dialog.ExportDialog, "choose_path",
                        classmethod(lambda cls, p, s: offered.setdefault("export", s) and None))
    export_dialog.export_to_excel(None, ctx)
    assert offered["papers"] == root / "2026-11-18 meeting" / "Papers"
    assert offered["minutes"] == root / "2026-11-18 meeting" / "Minutes"
    assert offered["export"].parent == root / "Exports"
    assert snapshot_dialog.default_folder(ctx) == root / "Snapshots"
    # a folder chosen for the minutes is proposed the next time
    monkeypatch.setattr(tm.TakeMeetingQuestions, "choose_folder",
                        classmethod(lambda cls, p, s: tmp_path / "Minutes here"))
    monkeypatch.setattr(tm.TakeMeetingQuestions, "offer_folder", classmethod(lambda *a: False))
    d.produce("minutes")
    qtbot.waitUntil(lambda: not d.busy(), timeout=20000)
    assert (tmp_path / "Minutes here").is_dir()
    assert output_folders.propose(ctx, "minutes", "2026-11-18") == tmp_path / "Minutes here"
