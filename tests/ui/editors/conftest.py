"""The fixtures of the editor tests: a fresh board of `world.build_board` per test, on the
editors' fixed today, and the AppContext the editors edit it through."""

from __future__ import annotations

import pytest

from tests.ui.editors.world import TODAY, build_board
from ui.context import AppContext


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", TODAY)
    b = build_board(tmp_path / "board.sqlite")
    yield b
    b.close()


@pytest.fixture
def ctx(qtbot, board):
    return AppContext(board)
