"""Generate papers' tick box "Also make the board pack as PDF": driven by mouse and keyboard,
remembered per board, run through `papers --pdf`'s core call with progress, with a fake office
suite (these tests never need LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from sendsec.papers import office
from sendsec.services import registers
from ui.dialogs import papers_dialog
from ui.dialogs.papers_dialog import PDF_BOX, PapersDialog, PapersOptions, PapersQuestions


@pytest.fixture
def ctx(small_ctx):
    return small_ctx


@pytest.fixture
def seen(monkeypatch, tmp_path):
    said: dict[str, list] = {"result": [], "errors": [], "labels": [], "converted": []}
    monkeypatch.setattr(PapersQuestions, "show_result", classmethod(
        lambda cls, parent, paths, warnings, folder: said["result"].append(
            (paths, warnings, papers_dialog.result_text(paths, folder))) and False))
    monkeypatch.setattr(PapersQuestions, "show_error", classmethod(
        lambda cls, parent, message: said["errors"].append(message)))
    monkeypatch.setattr(PapersQuestions, "choose_folder", classmethod(
        lambda cls, parent, suggested: tmp_path / "chosen"))
    original = QProgressDialog.setLabelText
    monkeypatch.setattr(QProgressDialog, "setLabelText",
                        lambda self, text: said["labels"].append(text) or original(self, text))
    return said


def _fake_office(monkeypatch, seen):
    """An office suite that 'lays out' the pack: writes a PDF and gives each heading a page."""
    monkeypatch.setattr(office, "find_office", lambda: office.Office("libreoffice", "/fake"))

    def to_pdf(suite, docx: Path, pdf: Path) -> dict[str, int]:
        seen["converted"].append(docx.name)
        pdf.write_bytes(b"%PDF-1.7 fake")
        return {**{f"_Toc{n:08d}": n + 2 for n in range(1, 80)}, office.PAGES: 90}

    monkeypatch.setattr(office, "to_pdf", to_pdf)


def _drive(monkeypatch, qtbot, steps):
    """Run the real options dialog, doing `steps(dialog)` as the secretary would."""
    shown: list[PapersOptions] = []

    def exec_(dialog: PapersOptions) -> int:
        dialog.show()  # choose_options deletes it afterwards
        qtbot.waitExposed(dialog)
        shown.append(dialog)
        steps(dialog)
        return dialog.result()

    monkeypatch.setattr(PapersOptions, "exec", exec_)
    return shown


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_ticking_the_box_by_mouse_writes_the_pdf_with_progress_and_is_remembered(
        ctx, seen, qtbot, monkeypatch, tmp_path):
    _fake_office(monkeypatch, seen)

    def tick_and_write(d: PapersOptions) -> None:
        assert d.pdf_box.isVisible() and not d.pdf_box.isChecked()
        assert d.pdf_box.accessibleName() == PDF_BOX
        _click(qtbot, d.choose_button)  # Choose folder... asks for the folder
        assert d.folder_field.text() == str(tmp_path / "chosen")
        _click(qtbot, d.pdf_box)
        assert d.pdf_box.isChecked() and not d.office_note.isVisible()
        _click(qtbot, d.write_button)

    shown = _drive(monkeypatch, qtbot, tick_and_write)
    paths = PapersDialog.run(None, ctx)
    assert seen["errors"] == [] and len(shown) == 1
    names = [p.name for p in paths]
    [pdf] = [n for n in names if n.endswith(".pdf")]
    assert pdf.endswith(" - Board pack.pdf") and (tmp_path / "chosen" / pdf).exists()
    assert [n for n in seen["converted"] if n.endswith(" - Board pack.docx")]
    _written, warnings, text = seen["result"][0]
    assert f"The board pack as PDF: {pdf}" in text and office.NO_OFFICE not in warnings
    assert "Writing Board pack PDF..." in seen["labels"]
    # the pack's contents show the pages the layout found
    import docx

    pack = next(p for p in paths if p.name.endswith(" - Board pack.docx"))
    entries = [p.text for p in docx.Document(str(pack)).paragraphs if "\t" in p.text]
    assert entries and all(e.rsplit("\t", 1)[1].isdigit() for e in entries)

    # the next time, for this board, the box is ticked already; unticked by keyboard it stays so
    def untick_by_keyboard(d: PapersOptions) -> None:
        assert d.pdf_box.isChecked()
        d.pdf_box.setFocus()
        qtbot.keyClick(d.pdf_box, Qt.Key.Key_Space)
        assert not d.pdf_box.isChecked()
        _click(qtbot, d.write_button)

    _drive(monkeypatch, qtbot, untick_by_keyboard)
    seen["converted"].clear()
    paths = PapersDialog.run(None, ctx)
    assert not [p for p in paths if p.suffix == ".pdf"] and seen["converted"] == []

    def still_unticked(d: PapersOptions) -> None:
        assert not d.pdf_box.isChecked()
        d.reject()

    _drive(monkeypatch, qtbot, still_unticked)
    assert PapersDialog.run(None, ctx) is None


def test_without_an_office_suite_the_dialog_says_so_and_the_docx_are_written(
        ctx, seen, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(office, "find_office", lambda: None)

    def tick_by_keyboard(d: PapersOptions) -> None:
        assert not d.office_note.isVisible()  # no suite is looked for until the box is ticked
        d.pdf_box.setFocus()
        qtbot.keyClick(d.pdf_box, Qt.Key.Key_Space)
        assert d.pdf_box.isChecked() and d.office_note.isVisible()
        assert d.office_note.text() == papers_dialog.NO_OFFICE_HERE
        qtbot.keyClick(d.pdf_box, Qt.Key.Key_Return)  # Enter presses no button
        assert d.isVisible()
        _click(qtbot, d.write_button)

    _drive(monkeypatch, qtbot, tick_by_keyboard)
    paths = PapersDialog.run(None, ctx)
    assert seen["errors"] == []
    assert any(p.name.endswith(" - Board pack.docx") for p in paths)
    assert not [p for p in paths if p.suffix == ".pdf"]
    _written, warnings, text = seen["result"][0]
    assert warnings.count(office.NO_OFFICE) == 1 and "PDF:" not in text


def test_a_held_meetings_papers_offer_no_pdf_box(ctx, seen, qtbot, monkeypatch):
    held = next(m for m in ctx.board.rows("meeting") if m["status"] == "held")

    def write(d: PapersOptions) -> None:
        assert not d.pdf_box.isVisible()
        _click(qtbot, d.write_button)

    _drive(monkeypatch, qtbot, write)
    paths = PapersDialog.run(None, ctx, held["id"])
    assert paths and not [p for p in paths if p.suffix == ".pdf"]


def test_the_dialog_at_a_small_screen(ctx, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(office, "find_office", lambda: None)
    nxt = registers.cycle(ctx.board, ctx.today()).next_meeting
    d = PapersOptions(None, "Meeting 3, 9 December 2026",
                      papers_dialog.suggested_folder(ctx, nxt), False)
    qtbot.addWidget(d)
    d.show()
    d.pdf_box.setChecked(True)
    assert d.sizeHint().width() <= 1366 and d.sizeHint().height() <= 768
    picture = tmp_path / "papers-options.png"
    assert d.grab().save(str(picture))


def test_the_result_names_the_pdf_and_the_part_b_pack(ctx, seen, qtbot, monkeypatch, tmp_path):
    _fake_office(monkeypatch, seen)
    nxt = registers.cycle(ctx.board, ctx.today()).next_meeting
    ctx.apply(lambda b: b.create("agenda_item", {
        "meeting_id": nxt["id"], "position": 99, "title": "Staffing matter", "confidential": 1,
        "paper_ref": "Paper F"}))
    monkeypatch.setattr(PapersQuestions, "choose_options", classmethod(
        lambda cls, parent, meeting, suggested, pdf, review=False: (tmp_path / "out", True)))
    paths = PapersDialog.run(None, ctx, nxt["id"])
    [secret] = [p for p in paths if p.name.endswith(" - Board pack (Part B, not for "
                                                    "publication).docx")]
    text = seen["result"][0][2]
    assert f"The Part B papers, in their own pack not for publication: {secret.name}" in text
    assert f"The board pack as PDF: {secret.name.replace(' (Part B, not for publication).docx', '.pdf')}" in text
    assert f"The Part B pack as PDF, not for publication: {secret.with_suffix('.pdf').name}" \
        in text
    # the Part B pack becomes a PDF too: its items' pages on the agenda are its pages
    assert [n.split(" - ", 1)[1] for n in seen["converted"]] == [
        "Board pack.docx", "Board pack (Part B, not for publication).docx"]
    assert [p.name.split(" - ", 1)[1] for p in paths if p.suffix == ".pdf"] == [
        "Board pack.pdf", "Board pack (Part B, not for publication).pdf"]


def test_for_a_stocktake_review_the_box_makes_the_self_assessments_pdf_too(
        ctx, seen, qtbot, monkeypatch):
    """The review's self-assessment is laid out as the pack is: the box says so, ticking it
    writes `... - Self-assessment.pdf` (its contents numbered from it) and the result names
    it as the self-assessment's, not as a second board pack."""
    _fake_office(monkeypatch, seen)
    nxt = registers.cycle(ctx.board, ctx.today()).next_meeting
    ctx.apply(lambda b: b.update("meeting", nxt["id"], {"kind": "stocktake review"}))

    def tick_and_write(d: PapersOptions) -> None:
        assert d.pdf_box.accessibleName() == papers_dialog.PDF_BOX_REVIEW
        assert d.pdf_box.text().replace("&", "") == papers_dialog.PDF_BOX_REVIEW
        _click(qtbot, d.pdf_box)
        _click(qtbot, d.write_button)

    _drive(monkeypatch, qtbot, tick_and_write)
    paths = PapersDialog.run(None, ctx, nxt["id"])
    assert seen["errors"] == []
    [pack_pdf, review_pdf] = [p for p in paths if p.suffix == ".pdf"]
    assert pack_pdf.name.endswith(" - Board pack.pdf") and pack_pdf.exists()
    assert review_pdf.name.endswith(" - Self-assessment.pdf") and review_pdf.exists()
    assert [n for n in seen["converted"] if n.endswith(" - Self-assessment.docx")]
    text = seen["result"][0][2]
    assert f"The board pack as PDF: {pack_pdf.name}" in text
    assert f"The self-assessment as PDF: {review_pdf.name}" in text
    import docx

    entries = [p.text for p in docx.Document(str(review_pdf.with_suffix(".docx"))).paragraphs
               if "\t" in p.text]
    assert entries and all(e.rsplit("\t", 1)[1].isdigit() for e in entries)
