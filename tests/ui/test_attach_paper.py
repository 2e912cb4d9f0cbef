"""Attach paper... on an agenda item: the secretary picks a .docx written by others, it goes into
the meeting's papers folder under the name the pack merges (an earlier one replaced only after
asking, a file that cannot be a paper refused in one line), the editor says which file is
attached, and Generate papers merges it into the board pack."""

from __future__ import annotations

from pathlib import Path

import docx
from papers_boards import word_paper
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sendsec.papers.covering import report_kind
from sendsec.services import registers
from ui import output_folders
from ui.dialogs.papers_dialog import PapersQuestions
from ui.editors.meeting import AttachQuestions

FINDINGS = "Waits for speech and language therapy fell from 41 to 29 weeks."


def _paper(path: Path, text: str) -> Path:
    return word_paper(path, text, "Speech and language therapy waits")


def test_attach_a_paper_to_an_agenda_item_and_the_pack_merges_it(window, qtbot, monkeypatch,
                                                                 tmp_path):
    ctx = window.ctx
    meeting = registers.cycle(ctx.board, ctx.today()).next_meeting
    deep_dive = ctx.apply(lambda b: b.create("agenda_item", {
        "meeting_id": meeting["id"], "position": 50, "purpose": "discussion",
        "title": "Deep dive: speech and language therapy waits", "presenter": "Dr Ola Okafor",
        "paper_ref": "Paper D"})).id
    tab = window.go_to_tab("meeting")
    assert tab.select_record(meeting["id"])
    editor = tab.editor
    folder = output_folders.propose(ctx, "papers", meeting["meeting_date"])
    chosen: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(chosen[-1]), "")))

    assert not editor.attach_button.isEnabled()  # no item selected
    assert editor.agenda.select(deep_dive)
    assert editor.attach_button.isEnabled()
    assert editor.attached_label.text() == ("No paper is attached for Paper D: the pack shows "
                                            "it as to follow.")

    # a macro-enabled file is refused in one line, and nothing is copied
    chosen.append(_paper(tmp_path / "downloads" / "SLT.docm", FINDINGS))
    qtbot.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)
    assert editor.agenda.message.isVisible()
    assert "macro-enabled" in editor.agenda.message.text()
    assert not folder.exists() or not list(folder.iterdir())

    chosen.append(_paper(tmp_path / "downloads" / "SLT deep dive v2.docx", "A first draft."))
    qtbot.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)
    [attached] = list(folder.iterdir())
    assert attached.name == "Paper D - Deep dive - speech and language therapy waits.docx"
    assert editor.attached_label.text() == f"Paper D attached: '{attached.name}' in {folder}."

    # attaching again asks first: No keeps the first, Yes replaces it
    asked: list[tuple[str, str]] = []
    answer = [False]
    monkeypatch.setattr(AttachQuestions, "confirm_replace", classmethod(
        lambda cls, parent, existing, new: asked.append((existing, new)) or answer[0]))
    chosen.append(_paper(tmp_path / "downloads" / "SLT deep dive FINAL.docx", FINDINGS))
    qtbot.mouseClick(editor.attach_button, Qt.MouseButton.LeftButton)
    assert asked == [(attached.name, "SLT deep dive FINAL.docx")]
    assert "A first draft." in "\n".join(p.text for p in docx.Document(str(attached)).paragraphs)
    answer[0] = True
    editor.attach_button.setFocus()
    qtbot.keyClick(editor.attach_button, Qt.Key.Key_Space)
    assert [p.name for p in folder.iterdir()] == [attached.name]
    assert FINDINGS in "\n".join(p.text for p in docx.Document(str(attached)).paragraphs)

    # an item whose paper the pack makes from the records has nothing to attach
    made = next((i for i in ctx.board.rows("agenda_item", parent_id=meeting["id"])
                 if report_kind(i["title"]) not in ("other", "self-assessment")), None)
    assert made is not None and editor.agenda.select(made["id"])
    assert not editor.attach_button.isEnabled()
    assert "from the board's records" in editor.attached_label.text()

    # Generate papers into the meeting's folder merges it into the pack
    monkeypatch.setattr(PapersQuestions, "choose_options", classmethod(
        lambda cls, parent, meeting_label, suggested, pdf, review=False: (suggested, False)))
    monkeypatch.setattr(PapersQuestions, "show_result", classmethod(lambda *a: False))
    from ui.dialogs.papers_dialog import PapersDialog

    paths = PapersDialog.run(window, ctx, meeting["id"])
    pack = next(p for p in paths if p.name.endswith(" - Board pack.docx"))
    text = "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)
    assert FINDINGS in text and "Paper D: Deep dive: speech and language therapy waits" in text
    assert "To follow: this paper is being prepared by Dr Ola Okafor" not in text

    # written to another folder, the pack still finds the paper attached in the meeting's own
    elsewhere = tmp_path / "OneDrive - Council" / "Board papers"
    monkeypatch.setattr(PapersQuestions, "choose_options", classmethod(
        lambda cls, parent, meeting_label, suggested, pdf, review=False: (elsewhere, False)))
    paths = PapersDialog.run(window, ctx, meeting["id"])
    pack = next(p for p in paths if p.name.endswith(" - Board pack.docx"))
    assert pack.parent == elsewhere
    assert FINDINGS in "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)
