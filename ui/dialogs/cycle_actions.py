"""The meeting cycle from the Meetings tab: take the meeting, review proposed log
entries, request updates from owners, read a return back, see the attendance record.

Questions go through `CycleQuestions` classmethods, which tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sendsec.domain.errors import SendsecError
from sendsec.services import registers
from sendsec.services.board_files import data_dir
from ui import output_folders
from ui.context import AppContext
from ui.ops import BackgroundOp

TITLE = "Meeting cycle"


class CycleQuestions:
    """What the meeting-cycle actions ask the secretary."""

    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        suggested.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(parent, "Write the requests into which folder?",
                                                  str(suggested))
        return Path(chosen) if chosen else None

    @classmethod
    def choose_return(cls, parent: QWidget | None) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Read a filled-in return",
                                                str(data_dir()), "Returns (*.xlsx);;All files (*)")
        return Path(chosen) if chosen else None

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str, details: str = "") -> bool:
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setText(text)
        if details:
            box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setAccessibleName(TITLE)
        return box.exec() == QMessageBox.StandardButton.Yes

    @classmethod
    def tell(cls, parent: QWidget | None, text: str, details: str = "") -> None:
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setText(text)
        if details:
            box.setDetailedText(details)
        box.setAccessibleName(TITLE)
        box.exec()

    @classmethod
    def open_folder(cls, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @classmethod
    def show_dialog(cls, dialog) -> None:
        dialog.exec()


def _meeting_or_next(parent: QWidget | None, ctx: AppContext, meeting_id: int | None,
                     what: str) -> int | None:
    if meeting_id is not None:
        return meeting_id
    nxt = registers.cycle(ctx.current_board, ctx.today()).next_meeting
    if nxt is None:
        CycleQuestions.tell(parent, f"Select a meeting in the Meetings tab to {what}.")
        return None
    return nxt["id"]


def take_meeting(parent: QWidget | None, ctx: AppContext, meeting_id: int | None) -> None:
    """Open the window the secretary keeps open during a meeting."""
    from ui.dialogs.take_meeting import TakeMeetingDialog

    meeting_id = _meeting_or_next(parent, ctx, meeting_id, "take its minutes")
    if meeting_id is not None:
        CycleQuestions.show_dialog(TakeMeetingDialog(ctx, meeting_id, parent))


def review_proposals(parent: QWidget | None, ctx: AppContext, meeting_id: int | None) -> None:
    """Review the action and impact log entries the app proposes for the coming meeting."""
    from ui.dialogs.proposals import ProposalsDialog

    meeting_id = _meeting_or_next(parent, ctx, meeting_id, "review proposed log entries")
    if meeting_id is not None:
        CycleQuestions.show_dialog(ProposalsDialog(ctx, meeting_id, parent))


def attendance_record(parent: QWidget | None, ctx: AppContext) -> None:
    """Show attendance per person and organisation over the last 12 months."""
    from ui.dialogs.attendance import AttendanceDialog

    CycleQuestions.show_dialog(AttendanceDialog(ctx, parent))


def request_updates(parent: QWidget | None, ctx: AppContext, meeting_id: int | None
                    ) -> list[Path] | None:
    """Write one email draft and one return per owner, off the GUI thread."""
    from sendsec.papers.update_requests import write_update_requests

    meeting_id = _meeting_or_next(parent, ctx, meeting_id, "request updates for it")
    if meeting_id is None:
        return None
    meeting = ctx.current_board.get("meeting", meeting_id)
    folder = CycleQuestions.choose_folder(
        parent, output_folders.propose(ctx, "returns", meeting["meeting_date"]))
    if folder is not None:
        output_folders.remember(ctx, "returns", meeting["meeting_date"], folder)
    if folder is None:
        return None
    board, today = ctx.current_board, ctx.today()
    warnings: list[str] = []

    def work() -> list[Path]:
        reader = board.reader()
        try:
            return write_update_requests(reader, meeting_id, folder, today,
                                         warn=warnings.append)
        finally:
            reader.close()

    outcome = BackgroundOp(parent, TITLE, "Writing the update requests...",
                           lambda _progress: work()).run()
    if not outcome.ok:
        CycleQuestions.tell(parent, outcome.message)
        return None
    paths = outcome.value
    drafts = [p for p in paths if p.suffix == ".eml"]
    CycleQuestions.tell(parent, " ".join([f"{len(drafts)} email drafts, each with its return "
                                          f"attached, were written to {folder}.", *warnings]),
                        "\n".join(p.name for p in paths))
    CycleQuestions.open_folder(folder)
    return paths


def read_return(parent: QWidget | None, ctx: AppContext) -> Any:
    """Read a filled-in return back: show what it will do, then apply it in one step."""
    from sendsec.exchanges import returns

    path = CycleQuestions.choose_return(parent)
    if path is None:
        return None
    try:
        plan = returns.plan_return(ctx.current_board, path, ctx.today())
    except SendsecError as exc:
        CycleQuestions.tell(parent, str(exc))
        return None
    lines = plan.summary_lines()
    if not plan.has_changes:
        CycleQuestions.tell(parent, lines[0], "\n".join(lines[1:]))
        return None
    if not CycleQuestions.confirm(parent, lines[0] + "\n\nRecord these updates now?",
                                  "\n".join(lines[1:])):
        return None
    return ctx.apply(lambda b: returns.apply_return(b, plan))
