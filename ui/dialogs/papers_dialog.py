"""Meetings > Generate papers: writes a meeting's papers off the GUI thread, with progress.

The work runs on a worker thread with its own read-only connection
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
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sendsec.domain.dates import iso
from sendsec.domain.entities import HELD_STATUSES
from sendsec.domain.errors import SendsecError
from sendsec.papers.publishable import Hit, PublishabilityError
from sendsec.services import meeting_cycle as mc
from sendsec.services import registers
from ui import output_folders
from ui.context import AppContext
from ui.ops import BackgroundOp

TITLE = "Generate papers"





class PapersQuestions:
    """The questions the dialog asks, as classmethods that tests replace."""

    @classmethod
    def choose_folder(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        suggested.mkdir(parents=True, exist_ok=True)
        chosen = QFileDialog.getExistingDirectory(parent, "Write the papers into which folder?",
                                                  str(suggested))
        return Path(chosen) if chosen else None

    @classmethod
    def show_result(cls, parent: QWidget | None, paths: list[Path], warnings: list[str],
                    folder: Path) -> bool:
        """Say what was written; return True to open the folder."""
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"{len(paths)} files were written to {folder}.")
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


def suggested_folder(ctx: AppContext, meeting: dict[str, Any]) -> Path:
    """Return `<board's output folder>/<date> meeting/Papers` (or the folder chosen for
    papers before)."""
    return output_folders.propose(ctx, "papers", meeting["meeting_date"])


class PapersDialog:
    """Generates the papers of a meeting (the selected one, or the next one)."""

    @classmethod
    def run(cls, parent: QWidget | None, ctx: AppContext, meeting_id: int | None = None,
            folder: Path | None = None) -> list[Path] | None:
        """Ask for the folder, write the papers with progress, then offer to open the folder.

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
        if folder is None:
            folder = PapersQuestions.choose_folder(parent, suggested_folder(ctx, meeting))
            if folder is None:
                return None
            output_folders.remember(ctx, "papers", meeting["meeting_date"], folder)
        if not _number_minutes(parent, ctx, meeting):
            return None
        outcome = _write(parent, ctx, meeting_id, folder, publish_anyway=False)
        if "hits" in outcome:
            if not PapersQuestions.publish_anyway(parent, outcome["hits"]):
                return None
            outcome = _write(parent, ctx, meeting_id, folder, publish_anyway=True)
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
    board = ctx.board
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
           publish_anyway: bool) -> dict[str, Any]:
    """Write the papers on a worker thread with progress; return what happened: 'paths' and
    'warnings', or 'error', or 'hits' (what must not be published; nothing written)."""
    from sendsec.papers import papers_for_meeting

    board, today = ctx.board, ctx.today()
    warnings: list[str] = []

    def work(progress: Callable[..., None]) -> list[Path]:
        reader = board.reader()  # a connection belongs to the thread that made it
        try:
            return papers_for_meeting(
                reader, meeting_id, folder, today,
                lambda i, n, label: progress(i, n, f"Writing {label}..." if label
                                             else "Writing..."),
                warn=warnings.append, publish_anyway=publish_anyway)
        finally:
            reader.close()

    outcome = BackgroundOp(parent, TITLE, "Preparing the papers...", work).run()
    if isinstance(outcome.error, PublishabilityError):
        return {"warnings": warnings, "hits": list(outcome.error.hits)}
    if not outcome.ok:
        return {"warnings": warnings, "error": f"The papers could not be written: "
                f"{outcome.message}" if isinstance(outcome.error, OSError) else outcome.message}
    return {"warnings": warnings, "paths": outcome.value}
