"""What every register's table shows on the demo board, cell by cell, stays as it was.

`register_cells_demo.json` holds, for each register tab, what its model answered on the
demo board (built for TODAY) before the registers were read with SQL doing the work: per
row (in the tab's own sort) its id, each cell's text, tooltip, chip colour, alignment and
sort key, the row's search text; the order of the ids sorted by each column both ways; and
each filter's choices. The test builds the demo board, loads every tab's model as the tab
does and compares. Written by running this file (`python tests/ui/test_register_cells.py`):
only when the demo board itself changes, from code whose tables were checked by eye.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from sendsec.demo.world import build_demo
from sendsec.services.board import Board
from ui.columns import TABS, TabSpec
from ui.table_model import ID_ROLE, SORT_ROLE, RecordTableModel
from ui.widgets.rag import COLOUR_ROLE

TODAY = dt.date(2026, 11, 22)
EXPECTED = Path(__file__).with_name("register_cells_demo.json")
#: The roles compared, in the order each cell lists them.
ROLES = {"text": Qt.ItemDataRole.DisplayRole, "accessible": Qt.ItemDataRole.AccessibleTextRole,
         "tooltip": Qt.ItemDataRole.ToolTipRole, "colour": COLOUR_ROLE,
         "align": Qt.ItemDataRole.TextAlignmentRole, "sort": SORT_ROLE}
ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _model(spec: TabSpec, rows: list[dict[str, Any]]) -> RecordTableModel:
    """The model as the tab makes it: sorted by its column, then loaded."""
    model = RecordTableModel(spec.columns)
    if spec.sort_by:
        model.sort(model.column_index(spec.sort_by), DESCENDING if spec.descending else ASCENDING)
    model.set_rows(rows)
    return model


def _value(v: Any) -> Any:
    return int(v) if isinstance(v, Qt.AlignmentFlag) else v


def tab_cells(spec: TabSpec, board: Board, today: dt.date) -> dict[str, Any]:
    """Return what the tab's model answers for every row, column and role we show."""
    model = _model(spec, spec.load(board, today))
    n, columns = model.rowCount(), model.columnCount()
    rows = []
    for r in range(n):
        cells = [[_value(model.index(r, c).data(role)) for role in ROLES.values()]
                 for c in range(columns)]
        rows.append({"id": model.index(r, 0).data(ID_ROLE), "cells": cells,
                     "search": model.search_text(r)})
    orders = {}
    for c in range(columns):
        for name, order in (("up", ASCENDING), ("down", DESCENDING)):
            model.sort(c, order)
            orders[f"{spec.columns[c].key} {name}"] = [model.id_at(r) for r in range(n)]
    filters = {f.column: model.distinct(f.column) for f in spec.filters}
    return {"rows": rows, "orders": orders, "filters": filters}


def all_cells(path: Path, today: dt.date = TODAY) -> dict[str, Any]:
    board = Board.open(path, readonly=True, backup=False)
    try:
        return {spec.name: tab_cells(spec, board, today) for spec in TABS}
    finally:
        board.close()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY)


@pytest.mark.parametrize("name", [spec.name for spec in TABS])
def test_every_register_shows_what_it_showed(qtbot, demo_path, name):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[name]
    spec = next(s for s in TABS if s.name == name)
    board = Board.open(demo_path, readonly=True, backup=False)
    try:
        got = json.loads(json.dumps(tab_cells(spec, board, TODAY)))
    finally:
        board.close()
    assert len(got["rows"]) == len(expected["rows"])
    for want, row in zip(expected["rows"], got["rows"], strict=True):
        assert row == want, f"{name}: row of id {want['id']} differs"
    assert got["orders"] == expected["orders"]
    assert got["filters"] == expected["filters"]


if __name__ == "__main__":  # write the expectation (see the module's docstring)
    import tempfile

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        cells = all_cells(build_demo(Path(folder) / "demo.sqlite", TODAY))
    EXPECTED.write_text(json.dumps(cells, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"wrote {EXPECTED} ({EXPECTED.stat().st_size:,} bytes)")
