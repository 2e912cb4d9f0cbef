"""RAG, band and step-state chips: colour and the word, on the Overview's tables and in the
registers' chip columns (painted by Qt's own delegate elsewhere)."""

from __future__ import annotations

from ui.main_window import MainWindow
from ui.widgets.rag import COLOUR_ROLE, ChipDelegate


def test_chips_are_painted_where_cells_have_a_colour(qtbot, small_board):
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(small_board)
    window.show()
    qtbot.waitExposed(window)
    overview = window.overview
    qtbot.waitUntil(lambda: overview.loaded)  # on the turn of the event loop, before painting
    seen = 0
    for view in (overview.steps_view, overview.first_steps_view, overview.findings_view):
        model = view.model()
        coloured = [model.index(r, c) for r in range(model.rowCount())
                    for c in range(model.columnCount())
                    if model.index(r, c).data(COLOUR_ROLE)]
        assert all(isinstance(view.itemDelegateForIndex(i), ChipDelegate) for i in coloured)
        seen += len(coloured)
    assert seen  # the small board's Overview has coloured states, findings or steps
    actions = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(actions)
    proxy = actions.view.model()
    rag = next(i for i, c in enumerate(actions.model.columns) if c.key == "rag")
    title = next(i for i, c in enumerate(actions.model.columns) if c.key == "title")
    assert isinstance(actions.view.itemDelegateForIndex(proxy.index(0, rag)), ChipDelegate)
    assert not isinstance(actions.view.itemDelegateForIndex(proxy.index(0, title)), ChipDelegate)
