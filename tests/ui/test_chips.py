"""RAG, band and step-state chips: colour and the word, on the Overview's tables and in the
registers' chip columns. The model gives a coloured cell its chip as the cell's decoration and
Qt's own delegate draws it before the word."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QTableView

from ui.main_window import MainWindow
from ui.widgets.rag import CHIP_ICON_SIZE, COLOUR_ROLE, RAG_COLOURS

DECORATION = Qt.ItemDataRole.DecorationRole


def chip_image(index: QModelIndex) -> QImage:
    """Return the picture of the chip `index` is decorated with, at the size views show it."""
    icon = index.data(DECORATION)
    assert isinstance(icon, QIcon) and not icon.isNull()
    return icon.pixmap(CHIP_ICON_SIZE).toImage()


def assert_chip_of(index: QModelIndex, colour: str) -> None:
    """The chip is filled with `colour` and transparent round it."""
    image = chip_image(index)
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.name() == QColor(colour).name()
    assert image.pixelColor(0, 0).alpha() == 0


def shown_window(qtbot, board) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(board)
    window.show()
    qtbot.waitExposed(window)
    return window


def actions_view(qtbot, window: MainWindow) -> tuple[QTableView, int, int]:
    """Show the Actions register; return its view and the columns of the RAG and the title."""
    actions = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(actions)
    qtbot.waitUntil(lambda: actions.view.model().rowCount() > 0)
    rag = actions.model.column_index("rag")
    title = actions.model.column_index("title")
    return actions.view, rag, title


def painted_colours(view: QTableView, index: QModelIndex, left: int, right: int) -> set[str]:
    """Return the colours ('#rrggbb') painted in the part of `index`'s cell from `left` to
    `right` pixels from its left edge (or, right to left, from its right edge)."""
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    cell = view.visualRect(index)
    if view.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        xs = range(cell.right() - right, cell.right() - left)
    else:
        xs = range(cell.left() + left, cell.left() + right)
    return {image.pixelColor(round(x * ratio), round(y * ratio)).name()
            for x in xs for y in range(cell.top(), cell.bottom())}


def test_a_coloured_cell_is_decorated_with_its_chip_and_an_uncoloured_one_is_not(
        qtbot, small_board):
    window = shown_window(qtbot, small_board)
    view, rag, title = actions_view(qtbot, window)
    proxy = view.model()
    for row in range(proxy.rowCount()):
        index = proxy.index(row, rag)
        colour = index.data(COLOUR_ROLE)
        assert colour  # a RAG (or "not rated") always has its colour
        assert_chip_of(index, colour)
        assert proxy.index(row, title).data(DECORATION) is None
    assert RAG_COLOURS["green"] in {proxy.index(r, rag).data(COLOUR_ROLE)
                                    for r in range(proxy.rowCount())}


def test_the_overviews_tables_decorate_exactly_their_coloured_cells(qtbot, small_board):
    window = shown_window(qtbot, small_board)
    overview = window.overview
    qtbot.waitUntil(lambda: overview.loaded)
    seen = 0
    for view in (overview.steps_view, overview.first_steps_view, overview.findings_view):
        model = view.model()
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                colour = index.data(COLOUR_ROLE)
                if colour:
                    assert_chip_of(index, colour)
                    seen += 1
                else:
                    assert index.data(DECORATION) is None
    assert seen  # the small board's Overview has coloured states, findings or steps


@pytest.mark.parametrize("direction", [Qt.LayoutDirection.LeftToRight,
                                       Qt.LayoutDirection.RightToLeft])
def test_the_chip_is_painted_before_the_word_in_its_colour_selected_or_not(
        qtbot, small_board, direction):
    window = shown_window(qtbot, small_board)
    view, rag, _title = actions_view(qtbot, window)
    view.setLayoutDirection(direction)
    view.clearSelection()
    index = view.model().index(0, rag)
    colour = QColor(index.data(COLOUR_ROLE)).name()
    chip_end = CHIP_ICON_SIZE.width() + 6
    # the chip, at the start of the cell (its right edge when right to left) ...
    assert colour in painted_colours(view, index, 0, chip_end)
    # ... then the word (dark text), not the chip's colour
    after = painted_colours(view, index, chip_end + 2, chip_end + 30)
    assert colour not in after
    assert any(QColor(c).lightness() < 110 for c in after)
    # a selected row's chip keeps its colour (Qt would tint an icon's own picture)
    view.selectRow(0)
    assert colour in painted_colours(view, index, 0, chip_end)


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0, 3.0])
def test_the_chip_is_measured_whole_at_each_pixel_ratio(ratio):
    """The chip's picture at a screen's pixel ratio: filled in the middle, edged at its sides
    (an edge a device pixel or so wide), transparent at the picture's corners, never more
    than the whole of a pixel."""
    import math

    from ui.widgets import rag

    side = math.ceil(CHIP_ICON_SIZE.width() * ratio)
    shares = rag._chip_shares(side, ratio)
    assert len(shares) == side * side
    assert all(f >= 0 and e >= 0 and f + e <= 1 for f, e in shares)

    def at(x: float, y: float) -> tuple[float, float]:  # x, y in logical pixels
        return shares[int(y * ratio) * side + int(x * ratio)]

    middle = CHIP_ICON_SIZE.width() / 2
    assert at(middle, middle) == (1, 0)
    assert at(0, 0) == (0, 0) and at(CHIP_ICON_SIZE.width() - 0.01, 0) == (0, 0)
    left_edge = at(1, middle)  # the edge is a pixel wide, astride x = 1
    assert left_edge[1] > 0.4
    edge_area = sum(e for _f, e in shares) / ratio / ratio
    assert 44 < edge_area < 52  # about the outline's length (4 x 12, less the corners)


def test_the_chip_looks_as_qpainter_draws_it(qtbot):
    """The measured chip against QPainter.drawRoundedRect's (what the chip was drawn with):
    the same inside and along the sides; at the corners, a little squarer (an outer corner
    pixel up to a quarter more covered)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPixmap

    from ui.widgets.rag import CHIP, chip_icon

    colour = RAG_COLOURS["red"]
    ours = chip_icon(colour).pixmap(CHIP_ICON_SIZE).toImage()
    drawn = QPixmap(CHIP_ICON_SIZE)
    drawn.fill(Qt.GlobalColor.transparent)
    painter = QPainter(drawn)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(140))
    painter.drawRoundedRect(QRectF(1, 1, CHIP, CHIP), 2, 2)
    painter.end()
    reference = drawn.toImage()
    side = CHIP_ICON_SIZE.width()
    corners = {(x, y) for x in (0, 1, 2, side - 3, side - 2, side - 1)
               for y in (0, 1, 2, side - 3, side - 2, side - 1)}
    for y in range(side):
        for x in range(side):
            a, b = ours.pixelColor(x, y), reference.pixelColor(x, y)
            apart = [abs(a.alpha() - b.alpha())]
            if a.alpha() and b.alpha():  # a colour is only seen where there is some
                apart += [abs(p - q) for p, q in zip(a.getRgb()[:3], b.getRgb()[:3],
                                                     strict=True)]
            assert max(apart) <= (64 if (x, y) in corners else 8), (x, y, a.name(), b.name())
