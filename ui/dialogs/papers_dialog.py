"""Meetings > Generate papers: writes a meeting's papers off the GUI thread, with progress.

A small dialog first asks where (the folder, with Choose folder...) and whether to make the
board pack's PDF as well, and a stocktake review's self-assessment's (the CLI's `--pdf`,
remembered per board). The work runs on a worker thread with its own read-only connection
(`Board.reader()`), so the window stays responsive and the open board's
connection is never touched from another thread. Questions (which folder,
open it?) go through classmethods that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import iso
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import meeting_label
from sendsec.papers import office, part_b
from sendsec.papers.publishable import Hit, PublishabilityError
from sendsec.services import meeting_cycle as mc
from sendsec.services import registers
from ui import output_folders
from ui.context import AppContext
from ui.ops import BackgroundOp

TITLE = "Generate papers"
#: The tick box that asks for the board pack's PDF (`papers --pdf`).
PDF_BOX = "Also make the board pack as PDF (page numbers filled)"
#: The same box for a stocktake review, whose self-assessment becomes a PDF too.
PDF_BOX_REVIEW = "Also make the board pack and the self-assessment as PDF (page numbers filled)"
#: What the dialog says when the box is ticked and no office suite can make the PDF.
NO_OFFICE_HERE = ("No office suite (LibreOffice or Word) was found on this computer, so no "
                  "PDF can be made: the .docx papers will still be written.")
#: The per-board choice the box is remembered under.
PDF_CHOICE = "papers_pdf"


class PapersOptions(QDialog):
    """Where to write a meeting's papers, and whether to make the board pack's PDF too
    (`pdf` None: the meeting has no board pack, e.g. a held meeting's minutes), and for a
    `review` (a stocktake review) the self-assessment's."""

    def __init__(self, parent: QWidget | None, meeting: str, folder: Path, pdf: bool | None,
                 review: bool = False):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(f"{TITLE} for {meeting}")
        self.folder = Path(folder)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Write the papers for {meeting}.", self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        row = QHBoxLayout()
        caption = QLabel("&Folder:", self)
        self.folder_field = QLineEdit(str(self.folder), self)
        self.folder_field.setReadOnly(True)
        self.folder_field.setAccessibleName("Folder the papers are written to")
        self.folder_field.setMinimumWidth(420)
        caption.setBuddy(self.folder_field)
        self.choose_button = QPushButton("&Choose folder...", self)
        self.choose_button.setAccessibleName("Choose the folder the papers are written to")
        self.choose_button.clicked.connect(self._choose)
        row.addWidget(caption)
        row.addWidget(self.folder_field, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        box = PDF_BOX_REVIEW if review else PDF_BOX
        self.pdf_box = QCheckBox(box.replace("PDF", "&PDF", 1), self)
        self.pdf_box.setAccessibleName(box)
        self.pdf_box.setAccessibleDescription(
            "Lays the pack out with LibreOffice or Word to write a tagged, bookmarked PDF and "
            "fill the contents' page numbers and the agenda's page references"
            + ("; the self-assessment likewise." if review else "."))
        self.pdf_box.setChecked(bool(pdf))
        self.pdf_offered = pdf is not None
        self.pdf_box.setVisible(self.pdf_offered)
        self.pdf_box.toggled.connect(self._say_office)
        layout.addWidget(self.pdf_box)
        self.office_note = QLabel(NO_OFFICE_HERE, self)
        self.office_note.setWordWrap(True)
        self.office_note.setAccessibleName(NO_OFFICE_HERE)
        layout.addWidget(self.office_note)
        self.replace_note = QLabel(self)
        self.replace_note.setWordWrap(True)
        layout.addWidget(self.replace_note)
        self._say_replaced()
        buttons = QDialogButtonBox(self)
        self.write_button = QPushButton("&Write the papers", self)
        self.write_button.setAccessibleName("Write the papers")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # an action role: the box would make an accept button the default, pressed by Enter
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.write_button, cancel, self.choose_button):  # Enter presses none
            button.setAutoDefault(False)
            button.setDefault(False)
        self.write_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._office_found: bool | None = None
        self._say_office(self.pdf_box.isChecked())

    def _choose(self) -> None:
        chosen = PapersQuestions.choose_folder(self, self.folder)
        if chosen is not None:
            self.folder = Path(chosen)
            self.folder_field.setText(str(self.folder))
            self._say_replaced()

    def _say_replaced(self) -> None:
        """Say that papers already in the folder will be written over: one edited in Word
        since it was written would lose those edits."""
        try:
            found = sum(1 for p in self.folder.glob("*.docx") if not p.name.startswith("~$"))
        except OSError:
            found = 0
        text = (f"This folder already holds {found} Word file{'s' if found != 1 else ''}: "
                "papers of the same name are replaced, with any changes made to them in Word "
                "since. Choose another folder to keep them.") if found else ""
        self.replace_note.setText(text)
        self.replace_note.setAccessibleName(text)
        self.replace_note.setVisible(bool(found))

    def _say_office(self, ticked: bool) -> None:
        if ticked and self._office_found is None:  # looked for once, only when asked
            self._office_found = office.find_office() is not None
        self.office_note.setVisible(bool(ticked and self.pdf_offered
                                         and not self._office_found))

    def choice(self) -> tuple[Path, bool]:
        """Return the folder and whether the PDF is wanted."""
        return self.folder, self.pdf_offered and self.pdf_box.isChecked()


class PapersQuestions:
    """The questions the dialog asks, as classmethods that tests replace."""

    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        suggested.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(parent, "Write the papers into which folder?",
                                                  str(suggested))
        return Path(chosen) if chosen else None

    @classmethod
    def choose_options(cls, parent: QWidget | None, meeting: str, suggested: Path,
                       pdf: bool | None, review: bool = False) -> tuple[Path, bool] | None:
        """Ask for the folder and whether to make the PDF (`pdf`: the remembered choice, None
        when there is no pack; `review`: the self-assessment's too); return (folder, pdf), or
        None when cancelled."""
        dialog = PapersOptions(parent, meeting, suggested, pdf, review)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()

    @classmethod
    def show_result(cls, parent: QWidget | None, paths: list[Path], warnings: list[str],
                    folder: Path) -> bool:
        """Say what was written; return True to open the folder."""
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(result_text(paths, folder))
        if warnings:
            box.setInformativeText("Please check:\n" + "\n".join(f"- {w}" for w in warnings))
        box.setDetailedText("\n".join(p.name for p in paths))
        open_button = box.addButton("Open the folder", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAccessibleName(TITLE)
        box.exec()
        return box.clickedButton() is open_button

    @classmethod
    def publish_anyway(cls, parent: QWidget | None, hits: list[Hit]) -> bool:
        """Show what must not be published; return True to write the papers anyway."""
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setIcon(QMessageBox.Icon.Warning)
        n = len(hits)
        box.setText(f"{n} thing{'s' if n != 1 else ''} in the public papers must not be "
                    "published. Nothing has been written.")
        shown = hits[:12]
        box.setInformativeText(
            "\n".join(f"- {h.line()}" for h in shown)
            + (f"\n... and {n - len(shown)} more (see the details)." if n > len(shown) else "")
            + "\n\nChange the records and generate the papers again, or write them anyway "
              "and remove these before anything is published.")
        box.setDetailedText("\n".join(h.line() for h in hits))
        anyway = box.addButton("Write them anyway", QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("Don't write them", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.setEscapeButton(stop)
        box.setAccessibleName(TITLE)
        box.exec()
        return box.clickedButton() is anyway

    @classmethod
    def show_error(cls, parent: QWidget | None, message: str) -> None:
        QMessageBox.warning(parent, TITLE, message)

    @classmethod
    def open_folder(cls, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def result_text(paths: list[Path], folder: Path) -> str:
    """Return what the result says was written, naming the PDFs and the Part B pack."""
    text = f"{len(paths)} files were written to {folder}."
    for path in paths:
        secret = path.stem.endswith(part_b.PACK)
        if path.suffix.lower() == ".pdf":
            text += (f"\nThe Part B pack as PDF, not for publication: {path.name}" if secret
                     else f"\nThe self-assessment as PDF: {path.name}"
                     if path.stem.endswith(" - Self-assessment")
                     else f"\nThe board pack as PDF: {path.name}")
        elif secret:
            text += (f"\nThe Part B papers, in their own pack not for publication: "
                     f"{path.name}")
    return text


def suggested_folder(ctx: AppContext, meeting: dict[str, Any]) -> Path:
    """Return `<board's output folder>/<date> meeting/Papers` (or the folder chosen for
    papers before)."""
    return output_folders.propose(ctx, "papers", meeting["meeting_date"])


class PapersDialog:
    """Generates the papers of a meeting (the selected one, or the next one)."""

    @classmethod
    def run(cls, parent: QWidget | None, ctx: AppContext, meeting_id: int | None = None,
            folder: Path | None = None, pdf: bool | None = None) -> list[Path] | None:
        """Ask for the folder (and whether to make the board pack's PDF), write the papers
        with progress, then offer to open the folder.

        Returns the paths written, or None when nothing was written.
        """
        board = ctx.board
        if board is None:
            return None
        if meeting_id is None:
            nxt = registers.cycle(board, ctx.today()).next_meeting
            if nxt is None:
                PapersQuestions.show_error(parent, "There is no meeting planned after "
                                           f"{iso(ctx.today())}. Select a meeting in the "
                                           "Meetings tab, or add one.")
                return None
            meeting_id = nxt["id"]
        meeting = board.get("meeting", meeting_id)
        has_pack = meeting["status"] not in (*HELD_STATUSES, "cancelled")
        # where Attach paper... put the papers others wrote (the folder proposed before this
        # choice), looked in too when the secretary writes the papers elsewhere
        attached_in = suggested_folder(ctx, meeting)
        if folder is None:
            remembered = output_folders.choice(ctx, PDF_CHOICE) if has_pack else None
            chosen = PapersQuestions.choose_options(
                parent, meeting_label(meeting), suggested_folder(ctx, meeting), remembered,
                review=has_pack and meeting["kind"] == "stocktake review")
            if chosen is None:
                return None
            folder, pdf = chosen
            output_folders.remember(ctx, "papers", meeting["meeting_date"], folder)
            if has_pack:
                output_folders.remember_choice(ctx, PDF_CHOICE, pdf)
        pdf = bool(pdf and has_pack)
        if not _number_minutes(parent, ctx, meeting):
            return None
        outcome = _write(parent, ctx, meeting_id, folder, publish_anyway=False, pdf=pdf,
                         attached_in=attached_in)
        if "hits" in outcome:
            if not PapersQuestions.publish_anyway(parent, outcome["hits"]):
                return None
            outcome = _write(parent, ctx, meeting_id, folder, publish_anyway=True, pdf=pdf,
                             attached_in=attached_in)
        if "error" in outcome:
            PapersQuestions.show_error(parent, outcome["error"])
            return None
        paths = outcome.get("paths") or []
        if PapersQuestions.show_result(parent, paths, outcome["warnings"], folder):
            PapersQuestions.open_folder(folder)
        return paths


def _number_minutes(parent: QWidget | None, ctx: AppContext, meeting: dict[str, Any]) -> bool:
    """Before a meeting's minutes template is made, give its agenda items their minute
    numbers (one undo step), so the template and the minutes agree; False if refused."""
    if ctx.readonly or meeting["status"] in (*HELD_STATUSES, "cancelled"):
        return True
    board = ctx.current_board
    minuted = {m["agenda_item_id"] for m in board.rows("minute", parent_id=meeting["id"])}
    if all(i["id"] in minuted for i in board.rows("agenda_item", parent_id=meeting["id"])):
        return True
    try:
        ctx.apply(lambda b: mc.ensure_minutes(b, meeting["id"]))
    except SendsecError as exc:
        PapersQuestions.show_error(parent, str(exc))
        return False
    return True


def _write(parent: QWidget | None, ctx: AppContext, meeting_id: int, folder: Path, *,
           publish_anyway: bool, pdf: bool = False, attached_in: Path | None = None
           ) -> dict[str, Any]:
    """Write the papers on a worker thread with progress; return what happened: 'paths' and
    'warnings', or 'error', or 'hits' (what must not be published; nothing written)."""
    from sendsec.papers import papers_for_meeting

    board, today = ctx.current_board, ctx.today()
    # from a snapshot (the chair's copy), papers to read: the invitations are the secretary's
    invitations = getattr(ctx.board, "snapshot_info", None) is None
    warnings: list[str] = []

    def work(progress: Callable[..., None]) -> list[Path]:
        reader = board.reader()  # a connection belongs to the thread that made it
        try:
            return papers_for_meeting(
                reader, meeting_id, folder, today,
                lambda i, n, label: progress(i, n, f"Writing {label}..." if label
                                             else "Writing..."),
                warn=warnings.append, publish_anyway=publish_anyway, pdf=pdf,
                attached_in=[attached_in] if attached_in else [], invitations=invitations)
        finally:
            reader.close()

    outcome = BackgroundOp(parent, TITLE, "Preparing the papers...", work).run()
    if isinstance(outcome.error, PublishabilityError):
        return {"warnings": warnings, "hits": list(outcome.error.hits)}
    if not outcome.ok:
        return {"warnings": warnings, "error": f"The papers could not be written: "
                f"{outcome.message}" if isinstance(outcome.error, OSError) else outcome.message}
    return {"warnings": warnings, "paths": outcome.value}
