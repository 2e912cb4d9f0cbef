"""Make the README's picture of the import preview (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_import.py [OUTPUT FOLDER]

Writes import-preview.png: File > Import from Excel on a Word document laid out as councils
publish their accelerated progress plan (references inside the action text, an action lead
and a senior responsible officer, success criteria as bullets, a month-named progress
column, due dates such as 'Sept 2025'), previewed into a new board. Nothing outside a
temporary folder is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["Action", "Action lead", "Senior responsible officer", "Success criteria", "Timescale",
           "November progress update (from action lead)", "RAG"]
ROWS = [
    ["Priority 1: Leadership, oversight and co-production"],
    ["1.1 Co-produce the SEND strategy with families", "Amy Lead", "Sarah Sro",
     ["Strategy published", "Forum signs it off"], "Sept 2025", "Agreed at the forum", "Green"],
    ["1.2 Refresh the Local Offer website", "Amy Lead", "Sarah Sro", ["Visits up 20%"],
     "Q3 2025/26", "Pages drafted", "Amber"],
    ["Priority 2: Timeliness and quality of EHC needs assessments"],
    ["Action 2.1: Clear the backlog of assessments", "Ben Officer", "Sarah Sro",
     ["Backlog under 50", "90% of plans within 20 weeks"], "end of March 2026",
     "Backlog down to 120", "Amber"],
    ["Action 2.2: Quality assure every new plan", "Ben Officer", "Ola Okafor",
     ["All new plans audited", "80% rated good"], "w/c 3 Nov 2025", "Audit tool agreed", "Green"],
    ["Action 2.3: Weekly letters to families waiting", "Ben Officer", "Sarah Sro",
     ["Letters sent every week"], "Spring 2026", None, None],
]


def word_plan(path: Path) -> Path:
    """Write the plan as a Word table: area rows merged across it, bulleted success criteria."""
    import docx

    document = docx.Document()
    document.add_heading("SEND Accelerated Progress Plan 2025/26", 0)
    document.add_paragraph("Version 7, for the Improvement Board of 18 December 2025")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADERS))
    table.style = "Table Grid"
    for i, header in enumerate(HEADERS):
        table.cell(0, i).text = header
    for r, values in enumerate(ROWS, 1):
        if len(values) == 1:
            table.cell(r, 0).merge(table.cell(r, len(HEADERS) - 1)).text = str(values[0])
            continue
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            if isinstance(value, list):
                cell.paragraphs[0].text = value[0]
                cell.paragraphs[0].style = "List Bullet"
                for more in value[1:]:
                    cell.add_paragraph(more, style="List Bullet")
            elif value is not None:
                cell.text = value
    document.save(str(path))
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SENDSEC_TODAY"] = "2026-01-15"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SENDSEC_DATA_DIR"] = tmp
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication

        from sendsec.services.board import Board
        from ui.context import AppContext
        from ui.dialogs.import_dialog import ImportDialog
        from ui.settings import AppSettings

        app = QApplication.instance() or QApplication(["sendsec"])
        board = Board.create_new(Path(tmp) / "board.sqlite", "SEND Improvement Board")
        plan = word_plan(Path(tmp) / "SEND Accelerated Progress Plan.docx")
        dialog = ImportDialog(AppContext(board), plan, settings=AppSettings(Path(tmp) / "a.ini"))
        dialog.resize(1100, 860)
        dialog.show()
        while dialog.busy or (dialog.plan is None and not dialog.error):
            app.processEvents()
            time.sleep(0.05)
        for _ in range(10):
            app.processEvents()
        dialog.file_label.setText(plan.name)  # not the temporary folder
        app.processEvents()
        dialog.grab().save(str(out / "import-preview.png"))
        dialog.close()
        board.close()
    print(f"Wrote import-preview.png to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
