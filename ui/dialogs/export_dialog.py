"""File > Export to Excel...: every record of the board in one workbook, written off the GUI
thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from sendsec.services.board import Board
from sendsec.spreadsheets.exporter import export
from ui import output_folders
from ui.context import AppContext
from ui.ops import BackgroundOp, Outcome


class ExportDialog:
    """The questions export asks, as classmethods tests can replace."""

    @classmethod
    def choose_path(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """Ask where to save the workbook; None if the person cancels."""
        name, _ = QFileDialog.getSaveFileName(parent, "Export to Excel", str(suggested),
                                              "Excel workbook (*.xlsx)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    @classmethod
    def report(cls, parent: QWidget | None, message: str, ok: bool) -> None:
        """Tell the person where the workbook went, or why it could not be written."""
        from ui.dialogs.errors import ErrorDialog
        if ok:
            ErrorDialog.show_info(parent, message, "Export to Excel")
        else:
            ErrorDialog.show_message(parent, message, "Export to Excel")


def suggested_name(ctx: AppContext) -> Path:
    """Return e.g. '<board's output folder>/Exports/2026-11-22 SEND Improvement Board
    registers.xlsx' (or in the folder chosen for exports before)."""
    name = "".join(ch for ch in ctx.current_board.name if ch not in '<>:"/\\|?*').strip() or "Board"
    folder = output_folders.propose(ctx, "exports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{ctx.today().isoformat()} {name} registers.xlsx"


def export_to_excel(parent: QWidget | None, ctx: AppContext) -> Path | None:
    """Ask for a file name, write every register to it with progress; return the path or None."""
    if ctx.board is None:
        return None
    path = ExportDialog.choose_path(parent, suggested_name(ctx))
    if path is None:
        return None
    output_folders.remember(ctx, "exports", None, path.parent)
    board_path, today, readonly = ctx.board.path, ctx.today(), ctx.board.readonly
    if readonly:
        # a snapshot is a private copy the app opened itself: read it on this thread
        work_board = ctx.board
    else:
        work_board = None

    def work(progress):
        if work_board is not None:
            return export(work_board, path, today=today, progress=progress)
        with Board.open(board_path, readonly=True, backup=False) as board:
            return export(board, path, today=today, progress=progress)

    if work_board is not None:
        try:
            done = Outcome(value=work(None))
        except Exception as exc:  # noqa: BLE001 - reported to the person
            done = Outcome(error=exc)
    else:
        done = BackgroundOp(parent, "Export to Excel", "Writing the workbook...", work).run()
    if not done.ok:
        ExportDialog.report(parent, done.message, ok=False)
        return None
    written = Path(done.value)
    ExportDialog.report(parent, f"Every record of the board was exported to {written}: a "
                        "complete copy that import reads back into a new board.", ok=True)
    return written
