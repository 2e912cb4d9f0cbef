"""The import dialog: shows the preview counts, maps a column, applies off the GUI thread, undoes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_import_helpers import messy_pap, new_board  # noqa: E402

from ui.context import AppContext  # noqa: E402
from ui.dialogs.export_dialog import ExportDialog, export_to_excel  # noqa: E402
from ui.dialogs.import_dialog import ImportDialog  # noqa: E402


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
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
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
