"""The import dialog: shows the preview counts, maps a column, applies off the GUI thread, undoes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_import_helpers import messy_pap, new_board

from ui.context import AppContext
from ui.dialogs.export_dialog import ExportDialog, export_to_excel
from ui.dialogs.import_dialog import ImportDialog


def _row(table, n):
    return [table.item(n, c).text() for c in range(table.columnCount())]


def _wait_idle(qtbot, dialog):
    qtbot.waitUntil(lambda: not dialog.busy and (dialog.plan is not None or bool(dialog.error)),
                    timeout=20_000)


def test_dialog_shows_counts_and_applies_as_one_undoable_change(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2026-11-22")
    ctx = AppContext(new_board(tmp_path))
    path = messy_pap(tmp_path / "pap.xlsx")
    shown = []
    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(lambda cls, parent: path))

    def show(cls, dialog):
        shown.append(dialog)
        qtbot.addWidget(dialog)
        _wait_idle(qtbot, dialog)
        assert dialog.counts.text().startswith("6 to add, 0 to update, 0 unchanged, 4 skipped")
        assert "Skipped row 16 (PA6.4)" in dialog.preview.toPlainText()
        assert "Warning row 15 (PA6.3)" in dialog.preview.toPlainText()
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=5_000)
        return 1

    monkeypatch.setattr(ImportDialog, "show_dialog", classmethod(show))
    changes = []
    ctx.changed.connect(changes.append)
    result = ImportDialog.run(None, ctx)
    assert result is not None and result.added == 6
    assert len(ctx.board.rows("action")) == 6
    assert changes and "action" in changes[-1].entities
    ctx.undo()
    assert ctx.board.rows("action") == []
    assert ctx.board.find("person", name="Sam Patel")["archived"] == 1


def test_dialog_maps_an_unrecognised_column(qtbot, tmp_path, monkeypatch):
    ctx = AppContext(new_board(tmp_path))
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Action,Who is on it\nPA1,Do it,Jane Smith\n", encoding="utf-8")
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    assert "Who is on it" in dialog.preview.toPlainText()
    dialog.set_column_field(2, "owner")
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None
                    and dialog.plan.sheets[0].mapping.get(2) == "owner", timeout=20_000)
    assert "Who is on it" not in dialog.preview.toPlainText().split("\n")[1]
    dialog.grab().save(str(tmp_path / "dialog.png"))


def test_dialog_says_why_a_file_cannot_be_read(qtbot, tmp_path):
    ctx = AppContext(new_board(tmp_path))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04rubbish")
    dialog = ImportDialog(ctx, bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.error) and not dialog.busy, timeout=20_000)
    assert "damaged" in dialog.counts.text()
    assert not dialog.import_button.isEnabled()
    assert ctx.board.rows("action") == []


def test_export_to_excel_writes_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    ctx = AppContext(new_board(tmp_path))
    out = tmp_path / "out.xlsx"
    reports = []
    monkeypatch.setattr(ExportDialog, "choose_path", classmethod(lambda cls, p, s: out))
    monkeypatch.setattr(ExportDialog, "report",
                        classmethod(lambda cls, p, m, ok: reports.append((m, ok))))
    assert export_to_excel(None, ctx) == out
    assert out.exists() and reports[-1][1] is True
    assert dt.date.today()  # the export used the app's today without error


def test_a_councils_column_choices_are_remembered_and_rows_to_add_listed(qtbot, tmp_path):
    from test_import_helpers import write_rows
    from test_import_published import word_plan

    from ui.settings import AppSettings

    ctx = AppContext(new_board(tmp_path))
    settings = AppSettings(tmp_path / "app.ini")
    header = ["Action", "Who does it", "SRO", "Due"]
    path = write_rows(tmp_path / "plan.xlsx", [
        header, ["Action 1.1: Agree the strategy", "Amy Lead", "Sarah Sro", "Sept 2025"]])
    dialog = ImportDialog(ctx, path, settings=settings)
    qtbot.addWidget(dialog)
    _wait_idle(qtbot, dialog)
    assert dialog.plan.sheets[0].mapping.get(1) is None  # 'Who does it' is not recognised
    dialog.set_column_field(1, "lead")
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None
                    and dialog.plan.sheets[0].mapping.get(1) == "lead", timeout=20_000)
    assert "remembered for the next plan laid out like this" in dialog.preview.toPlainText()

    # next month's plan from the same council: same header row, another file
    later = write_rows(tmp_path / "plan-december.xlsx", [
        header, ["Action 1.1: Agree the strategy", "Ben Officer", "Sarah Sro", "Q3 2025/26"]])
    again = ImportDialog(ctx, later, settings=AppSettings(tmp_path / "app.ini"))
    qtbot.addWidget(again)
    _wait_idle(qtbot, again)
    assert again.remembered and again.plan.sheets[0].mapping.get(1) == "lead"
    box = again.columns.cellWidget(1, 2)
    assert box.currentText() == "Action lead"
    assert again.preview.toPlainText().startswith("Columns read as chosen the last time")
    assert _row(again.rows_table, 0) == [
        "Row 2", "1.1", "Agree the strategy", "", "31/12/2025",
        "'Due' 'Q3 2025/26' read as 31/12/2025 (the end of Q3 of the financial year 2025/26)"]

    # choices that no longer fit (a field this version does not have) are not used
    stale = AppSettings(tmp_path / "stale.ini")
    stale.set_import_mapping("|".join(h.casefold() for h in header), {1: "no_such_field"})
    fresh = ImportDialog(ctx, later, settings=stale)
    qtbot.addWidget(fresh)
    _wait_idle(qtbot, fresh)
    assert not fresh.error and not fresh.remembered and fresh.plan.has_changes

    # a Word plan: the rows to add are listed one by one, each with its table and row
    word = ImportDialog(ctx, word_plan(tmp_path / "plan.docx"), settings=settings)
    qtbot.addWidget(word)
    _wait_idle(qtbot, word)
    table = word.rows_table
    assert [_row(table, n)[:5] for n in range(table.rowCount())] == [
        ["Table 2, row 3", "1.1", "Agree the SEND strategy with families", "P1", "30/09/2025"],
        ["Table 2, row 4", "1.2", "Publish the local offer refresh", "P1", "31/12/2025"],
        ["Table 2, row 6", "2.1", "Clear the backlog", "P2", "(none)"]]
    assert _row(table, 2)[5] == "'Timescale' 'next spring' not read"
    assert "Warning table 2, row 6 (2.1)" in word.preview.toPlainText()
    assert word.import_button.isEnabled()
