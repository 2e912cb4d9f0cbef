"""File > Import from Excel...: preview an import of the PAP or risk register, map columns, apply.

Reading the file, planning and applying run on a worker thread with progress;
the worker opens its own connection to the board file (an SQLite connection
belongs to the thread that made it) and the result comes back as a Change
that goes on the app's undo stack through `AppContext.apply`, so one Undo
takes the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sendsec.domain.dates import short_date
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.spreadsheets import headers as hdr
from sendsec.spreadsheets import importer, restoring
from sendsec.spreadsheets.reading import Workbook, read_workbook
from sendsec.spreadsheets.values import cell_text
from ui.context import AppContext
from ui.ops import BackgroundOp, error_message
from ui.settings import AppSettings
from ui.widgets.buttons import no_default_buttons

_NOT_READ = "(not read)"
_ROW_COLUMNS = ("Where", "Ref", "Action", "Area", "Due date", "How it was read")
MAX_LISTED = 5000  # rows to add listed one by one in the table





class ImportDialog(QDialog):
    """Shows what an import will do (counts, changes, skipped rows), lets columns be mapped, applies."""

    busy_changed = Signal(bool)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None,
                 settings: AppSettings | None = None):
        super().__init__(parent)
        self.ctx = ctx
        found = getattr(parent, "settings", None)
        self.settings = settings or (found if isinstance(found, AppSettings) else AppSettings())
        #: the column choices were those remembered for this layout of plan
        self.remembered = False
        self.path = Path(path)
        self.workbook: Workbook | None = None
        self.plan: importer.ImportPlan | restoring.RestorePlan | None = None
        self.outcome: importer.ImportResult | restoring.RestoreResult | None = None
        self.error: str = ""
        self._op: BackgroundOp | None = None
        self._mapping_overrides: dict[int, str | None] = {}
        self._filling = False
        self.setWindowTitle(f"Import a plan or register - {self.path.name}")
        self.setAccessibleName("Import from Excel")
        self.resize(900, 640)
        self._build()
        self.start_plan()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.file_label = QLabel(str(self.path))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("File:", self.file_label)
        row = QHBoxLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName("Sheet")
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("What the sheet holds")
        for label, kind in (("Decide from the headers", "auto"), ("Actions (PAP)", "actions"),
                            ("Risks", "risks")):
            self.kind_box.addItem(label, kind)
        row.addWidget(self.sheet_box, 2)
        row.addWidget(QLabel("Holds:"))
        row.addWidget(self.kind_box, 1)
        form.addRow(self._sheet_label(), row)
        layout.addLayout(form)

        layout.addWidget(QLabel("Columns (choose a field for a column that was not recognised):"))
        self.columns = QTableWidget(0, 3)
        self.columns.setHorizontalHeaderLabels(["Column", "First value", "Read into"])
        self.columns.setAccessibleName("Column mapping")
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # the 'Read into' column is as wide as its widest choice (set as the rows are filled)
        self.columns.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        layout.addWidget(self.columns, 3)

        self.counts = QLabel("Reading the file...")
        self.counts.setAccessibleName("Import summary")
        self.counts.setWordWrap(True)
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        layout.addWidget(self.counts)
        self.rows_table = QTableWidget(0, len(_ROW_COLUMNS))
        self.rows_table.setHorizontalHeaderLabels(list(_ROW_COLUMNS))
        self.rows_table.setAccessibleName("Rows to add")
        self.rows_table.verticalHeader().setVisible(False)
        self.rows_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows_table.setWordWrap(True)
        rows_header = self.rows_table.horizontalHeader()
        for i in range(len(_ROW_COLUMNS)):
            rows_header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        rows_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rows_header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.rows_table, 3)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Import preview")
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.preview, 2)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import")
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.start_apply)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        no_default_buttons(self)  # Enter in a box never starts the import
        self.sheet_box.currentIndexChanged.connect(self._options_changed)
        self.kind_box.currentIndexChanged.connect(self._options_changed)

    def _sheet_label(self) -> QLabel:
        """Return 'Table:' for a Word document (its tables are read as sheets), else 'Sheet:'."""
        label = QLabel("&Table:" if self.path.suffix.lower() == ".docx" else "&Sheet:")
        label.setBuddy(self.sheet_box)
        return label

    # ------------------------------------------------------------------ work
    @property
    def busy(self) -> bool:
        return self._op is not None

    def _start(self, fn: Callable, on_done: Callable[[Any], None]) -> None:
        """Run `fn(progress)` off the GUI thread, showing its progress in the dialog."""
        op = self._op = BackgroundOp(self, "Import from Excel", "", fn, dialog=False)
        op.success(on_done).failure(lambda exc: self._failed(error_message(exc)))
        op.on_progress(lambda done, total, _label: self._progress(done, total))
        op.finally_(lambda: self._finished(op))
        self.import_button.setEnabled(False)
        self.sheet_box.setEnabled(False)
        self.kind_box.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.busy_changed.emit(True)
        op.run_in_background()

    def _finished(self, op: BackgroundOp) -> None:
        if self._op is not op:
            return  # the callback started the next piece of work
        self._op = None
        choosing = self.outcome is None and not isinstance(self.plan, restoring.RestorePlan)
        self.sheet_box.setEnabled(choosing)  # an export is restored whole: nothing to choose
        self.kind_box.setEnabled(choosing)
        self.progress.hide()
        self.busy_changed.emit(False)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    @Slot(str)
    def _fill_rows(self, plan: importer.ImportPlan | None) -> None:
        """List the rows to add: where, reference, title, area, due date and how it was read."""
        adds = plan.adds if isinstance(plan, importer.ImportPlan) else []
        shown = adds[:MAX_LISTED]
        self.rows_table.setRowCount(len(shown))
        for n, r in enumerate(shown):
            due = r.values.get("due_date")
            values = (importer.where(r.sheet, r.row).capitalize(), r.ref,
                      " ".join(str(r.values.get("title") or "").split())[:200], r.area_label,
                      short_date(due) if due else "(none)", "; ".join(r.flags))
            for c, text in enumerate(values):
                self.rows_table.setItem(n, c, QTableWidgetItem(text))
        self.rows_table.setVisible(bool(adds))
        self.rows_table.resizeRowsToContents()

    def _failed(self, message: str) -> None:
        self.error = message
        self.plan = None
        self.counts.setText(message)
        self.preview.setPlainText("Nothing was changed.")
        self.import_button.setEnabled(False)

    def _options(self) -> tuple[str | None, str, dict[int, str | None] | None]:
        sheet = self.sheet_box.currentData() if self.sheet_box.count() else None
        kind = self.kind_box.currentData() or "auto"
        mapping = dict(self._mapping_overrides) if self._mapping_overrides else None
        if mapping is not None and sheet is None and self.workbook and \
                len(self.workbook.sheets) > 1:
            mapping = None
        return sheet, kind, mapping

    def start_plan(self) -> None:
        """Read the file (once) and plan the import in the background."""
        board_path, today = self.ctx.current_board.path, self.ctx.today()
        workbook = self.workbook
        sheet, kind, mapping = self._options()
        path = self.path
        remembered = self.settings.import_mappings() if mapping is None else {}

        def work(progress):
            wb = workbook or read_workbook(path)
            with Board.open(board_path, backup=False, user=self.ctx.board.user) as board:
                try:
                    if restoring.is_export(wb):  # a complete export: restored, not merged
                        return wb, restoring.plan(board, path, workbook=wb), ""
                    plan = importer.plan(board, path, sheet=sheet, kind=kind, mapping=mapping,
                                         today=today, progress=progress, workbook=wb)
                    saved = remembered.get(_layout(plan)) if len(plan.sheets) == 1 else None
                    if saved:  # this council's plan again: the columns as chosen last time
                        try:
                            again = importer.plan(board, path, sheet=plan.sheets[0].name,
                                                  kind=kind, mapping=saved, today=today,
                                                  progress=progress, workbook=wb)
                        except SendsecError:
                            pass  # choices that no longer fit: the columns as found
                        else:
                            return wb, again, "", saved
                except SendsecError as exc:
                    return wb, None, str(exc)
            return wb, plan, ""

        self.error = ""
        self.counts.setText("Reading the file...")
        self._start(work, self._planned)

    @Slot(object)
    def _planned(self, outcome: tuple) -> None:
        wb, plan, error = outcome[:3]
        if len(outcome) > 3:
            self._mapping_overrides = dict(outcome[3])
            self.remembered = True
        first = self.workbook is None
        self.workbook = wb
        if first:
            self._filling = True
            self.sheet_box.clear()
            if len(wb.sheets) > 1:
                every = "table" if self.path.suffix.lower() == ".docx" else "sheet"
                self.sheet_box.addItem(f"Every {every} of actions or risks", None)
            for s in wb.sheets:
                self.sheet_box.addItem(s.name, s.name)
            self._filling = False
        if error:
            self._failed(error)
            self._fill_columns(None)
            self._fill_rows(None)
            return
        self.plan = plan
        if isinstance(plan, restoring.RestorePlan):
            self._fill_columns(None)
            self._fill_rows(None)
            lines = plan.summary_lines()
            self.counts.setText(lines[1])
            if plan.has_changes:
                lines.append("Import writes every record with its own key, in one "
                             "transaction; this board takes the export's name and settings.")
            self.preview.setPlainText("\n".join(lines))
            self.import_button.setEnabled(plan.has_changes and not self.ctx.readonly)
            return
        self._fill_columns(plan)
        c = plan.counts()
        text = (f"{c['add']} to add, {c['update']} to update, {c['unchanged']} unchanged, "
                f"{c['skipped']} skipped")
        if c["warnings"]:
            text += f", {_count(c['warnings'], 'warning', 'warnings')}"
        if c["people"] or c["areas"]:
            text += (f"; {_count(c['people'], 'person', 'people')} and "
                     f"{_count(c['areas'], 'area', 'areas')} to create")
        self.counts.setText(text + ".")
        self._fill_rows(plan)
        # the rows to add are in the table above; the text keeps the rest
        lines = [line for line in plan.summary_lines() if not line.startswith("  Add ")
                 and not (line.endswith(" to add:") and line[0].isdigit())]
        if len(plan.adds) > MAX_LISTED:
            lines.append(f"The table lists the first {MAX_LISTED} of the {len(plan.adds)} rows "
                         "to add.")
        if self._mapping_overrides and len(plan.sheets) == 1:
            self.settings.set_import_mapping(_layout(plan), self._mapping_overrides)
            lines.insert(0, "Columns read as chosen the last time a plan laid out like this "
                            "was imported." if self.remembered else
                         "Your column choices are remembered for the next plan laid out "
                         "like this.")
        self.preview.setPlainText("\n".join(lines))
        self.import_button.setEnabled(plan.has_changes and not self.ctx.readonly)

    def _fill_columns(self, plan: importer.ImportPlan | restoring.RestorePlan | None) -> None:
        self._filling = True
        try:
            self.columns.setRowCount(0)
            if not isinstance(plan, importer.ImportPlan) or len(plan.sheets) != 1:
                self.columns.setEnabled(False)
                return
            sp = plan.sheets[0]
            self.columns.setEnabled(True)
            sheet = self.workbook.sheet(sp.name) if self.workbook else None
            data = sheet.rows[sp.header_row:] if sheet else []
            # the first row that looks like a record (an area heading has one filled cell)
            first_row = next((r for r in data if sum(c is not None for c in r) >= 2), [])
            labels = hdr.field_labels(sp.kind)
            self.columns.setRowCount(len(sp.headers))
            widest = 0
            for i, header in enumerate(sp.headers):
                name = QTableWidgetItem(header.strip() or f"(column {i + 1})")
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
                sample = cell_text(first_row[i]) if i < len(first_row) else ""
                value = QTableWidgetItem(" ".join(sample.split())[:80])
                value.setFlags(value.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.columns.setItem(i, 0, name)
                self.columns.setItem(i, 1, value)
                box = QComboBox()
                box.setAccessibleName(f"Field for column {header.strip() or i + 1}")
                box.addItem(_NOT_READ, None)
                for f, label in labels.items():
                    box.addItem(label, f)
                current = sp.mapping.get(i)
                box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
                box.currentIndexChanged.connect(lambda _=0, col=i, b=box: self._mapped(col, b))
                self.columns.setCellWidget(i, 2, box)
                widest = max(widest, box.sizeHint().width())
            self.columns.setColumnWidth(2, widest)
        finally:
            self._filling = False

    def _mapped(self, column: int, box: QComboBox) -> None:
        if self._filling:
            return
        self.remembered = False
        self._mapping_overrides[column] = box.currentData()
        self.start_plan()

    def _options_changed(self) -> None:
        if self._filling or self.busy:
            return
        self._mapping_overrides.clear()
        self.start_plan()

    def set_column_field(self, column: int, field: str | None) -> None:
        """Read `column` (0-based) into `field` (None: do not read it) and preview again."""
        box = self.columns.cellWidget(column, 2)
        if not isinstance(box, QComboBox):
            raise ValueError(f"there is no column {column + 1} to map")
        index = box.findData(field)
        if index < 0:
            raise ValueError(f"'{field}' is not a field this sheet can be read into")
        box.setCurrentIndex(index)

    def start_apply(self) -> None:
        """Apply the previewed import in the background, in one transaction."""
        if self.plan is None or self.busy or self.ctx.readonly:
            return
        plan, board_path, user = self.plan, self.ctx.current_board.path, self.ctx.current_board.user

        def work(progress):
            with Board.open(board_path, backup=False, user=user) as board:
                if isinstance(plan, restoring.RestorePlan):
                    return restoring.RestoreResult(restoring.apply(board, plan))
                return importer.apply(board, plan, progress=progress)

        self.counts.setText("Importing...")
        self._start(work, self._applied)

    @Slot(object)
    def _applied(self, result: importer.ImportResult | restoring.RestoreResult) -> None:
        self.outcome = result
        change = result.change
        if change is not None:
            # the worker wrote through its own connection; this puts the import on the undo
            # stack and tells every tab what changed
            self.ctx.apply(lambda _board: change)
        self.counts.setText(result.summary())
        self.preview.appendPlainText("\n" + result.summary())
        self.cancel_button.setText("Close")
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return  # the work finishes (or fails) as one transaction; closing waits for it
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ entry points
    @classmethod
    def choose_file(cls, parent: QWidget | None) -> Path | None:
        """Ask for the spreadsheet to import; None if the person cancels."""
        name, _ = QFileDialog.getOpenFileName(
            parent, "Import from Excel", str(Path.home()),
            "Plans and registers (*.xlsx *.xlsm *.csv *.docx);;Excel workbooks (*.xlsx *.xlsm);;"
            "CSV files (*.csv);;Word documents with the plan as a table (*.docx);;All files (*)")
        return Path(name) if name else None

    @classmethod
    def show_dialog(cls, dialog: ImportDialog) -> int:
        """Show the dialog modally; return its result code (tests replace this)."""
        return dialog.exec()

    @classmethod
    def run(cls, parent: QWidget | None, ctx: AppContext
            ) -> importer.ImportResult | restoring.RestoreResult | None:
        """Ask for a file, preview its import, and apply it if the person says so.

        Returns what was imported, or None if nothing was.
        """
        if ctx.board is None or ctx.readonly:
            from ui.dialogs.errors import ErrorDialog
            ErrorDialog.show_message(parent, "This board is open read-only: nothing can be "
                                             "imported into it.", "Import from Excel")
            return None
        path = cls.choose_file(parent)
        if path is None:
            return None
        dialog = cls(ctx, path, parent)
        cls.show_dialog(dialog)
        return dialog.outcome


def _layout(plan: importer.ImportPlan) -> str:
    """Return the key a plan's column choices are remembered by (its header row's text)."""
    return hdr.layout_key(plan.sheets[0].headers) if plan.sheets else ""


def _count(n: int, one: str, many: str) -> str:
    """Return '1 person', '2 people', '0 areas'."""
    return f"{n} {one if n == 1 else many}"
