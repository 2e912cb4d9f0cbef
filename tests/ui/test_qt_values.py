"""`ui.qt_values`: Qt's numbers the first screen uses instead of PySide6's Qt namespace are Qt's
own, and the enum-typed properties set by name took (a name Qt does not know is ignored with
only a False returned)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from ui import qt_values
from ui.main_window import MainWindow
from ui.table_model import ID_ROLE, SORT_ROLE
from ui.widgets.banner import Banner
from ui.widgets.rag import COLOUR_ROLE


def test_the_numbers_are_qts_own():
    role = Qt.ItemDataRole
    assert (
        role.DisplayRole.value, role.DecorationRole.value, role.ToolTipRole.value,
        role.TextAlignmentRole.value, role.AccessibleTextRole.value, role.UserRole.value) == (qt_values.DISPLAY_ROLE, qt_values.DECORATION_ROLE, qt_values.TOOLTIP_ROLE,
            qt_values.TEXT_ALIGNMENT_ROLE, qt_values.ACCESSIBLE_TEXT_ROLE,
            qt_values.USER_ROLE)
    align = Qt.AlignmentFlag
    assert (
        align.AlignLeft.value, align.AlignRight.value, align.AlignVCenter.value) == (qt_values.ALIGN_LEFT, qt_values.ALIGN_RIGHT, qt_values.ALIGN_VCENTER)
    assert Qt.Orientation.Horizontal.value == qt_values.HORIZONTAL
    assert Qt.SortOrder.DescendingOrder.value == qt_values.DESCENDING
    # the app's own roles are past Qt's, and apart
    assert len({COLOUR_ROLE, ID_ROLE, SORT_ROLE}) == 3
    assert min(COLOUR_ROLE, ID_ROLE, SORT_ROLE) > role.UserRole.value


def test_the_properties_set_by_name_took(qtbot, small_board):
    banner = Banner()
    qtbot.addWidget(banner)
    assert banner.text.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse

    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(small_board)
    window.show()
    qtbot.waitExposed(window)
    actions = window.register_tabs["actions"]
    actions.build()
    assert actions.editor_area.horizontalScrollBarPolicy() == \
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert actions.placeholder.alignment() == \
        Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
    assert actions.splitter.orientation() == Qt.Orientation.Horizontal
    assert actions.splitter.parent() is actions
    overview = window.overview
    qtbot.waitUntil(lambda: overview.built)
    scrolls = overview.findChildren(QScrollArea)  # the Overview's one, round its boxes
    assert len(scrolls) == 1 and scrolls[0].focusPolicy() == Qt.FocusPolicy.NoFocus


def test_the_model_takes_qts_enums_or_their_numbers(qtbot):
    from ui.columns import ACTIONS
    from ui.table_model import RecordTableModel

    model = RecordTableModel(ACTIONS.columns)
    model.set_rows([{"id": 1, "ref": "PA1.2"}, {"id": 2, "ref": "PA1.10"}, {"id": 3, "ref": "PA1.1"}])
    ref = model.column_index("ref")
    for horizontal in (Qt.Orientation.Horizontal, qt_values.HORIZONTAL):
        assert model.headerData(ref, horizontal) == "Ref"
    assert model.headerData(ref, Qt.Orientation.Vertical) is None
    for descending in (Qt.SortOrder.DescendingOrder, qt_values.DESCENDING):
        model.sort(ref, Qt.SortOrder.AscendingOrder)
        model.sort(ref, descending)
        assert [model.text(r, ref) for r in range(3)] == ["PA1.10", "PA1.2", "PA1.1"]
    model.sort(ref)  # no order: ascending, numbers in a reference as numbers
    assert [model.text(r, ref) for r in range(3)] == ["PA1.1", "PA1.2", "PA1.10"]
