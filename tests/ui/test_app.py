"""Starting the app: first run, files that cannot be opened, snapshots, the error hook."""

from __future__ import annotations

import logging
import sys

import pytest

from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from ui import app as app_module
from ui.dialogs.errors import ErrorDialog
from ui.dialogs.first_run import FirstRunDialog, NewBoardForm, file_name_for, unused_path
from ui.settings import AppSettings

pytestmark = pytest.mark.usefixtures("fake_editors", "keep_excepthook", "dialogs")


@pytest.fixture
def dialogs(monkeypatch):
    """Replace the message boxes; return what they would have shown."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(ErrorDialog, "show_message", classmethod(
        lambda cls, parent, text, title="sendsec": shown.append(("message", text, ""))))
    monkeypatch.setattr(ErrorDialog, "show_error", classmethod(
        lambda cls, parent, text, details="": shown.append(("error", text, details))))
    return shown


@pytest.fixture
def first_run(monkeypatch):
    """Answer the first-run dialog from a list of (choice, path); record each time it asks."""
    answers: list[tuple] = []
    asked: list[int] = []

    def ask(cls, parent=None):
        asked.append(1)
        return answers.pop(0) if answers else (None, None)

    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(ask))
    return answers, asked


def _started(qtbot, argv):
    window = app_module.start(argv)
    if window is not None:
        qtbot.addWidget(window)
    return window


def test_a_file_on_the_command_line_opens_without_asking(qtbot, small_board, first_run):
    _answers, asked = first_run
    window = _started(qtbot, ["--db", str(small_board)])
    assert window.path == small_board and not asked
    window.close()
    window = _started(qtbot, [str(small_board)])  # or as a plain argument
    assert window.path == small_board
    window.close()


def test_first_run_open_choice(qtbot, small_board, first_run, today_fixed):
    answers, asked = first_run
    answers.append(("open", small_board))
    window = _started(qtbot, [])
    assert asked and window.path == small_board and window.isVisible()
    window.close()
    assert AppSettings().last_file() == small_board


def test_first_run_new_choice_opens_the_board_the_dialog_made(qtbot, tmp_path, first_run):
    answers, _ = first_run
    made = tmp_path / "New board.sqlite"
    Board.create_new(made, "Brand new board").close()
    answers.append(("new", made))
    window = _started(qtbot, [])
    assert window.windowTitle() == "Brand new board - New board.sqlite - sendsec"
    window.close()


def test_first_run_closed_means_the_app_ends(qtbot, first_run):
    assert _started(qtbot, []) is None


def test_first_run_demo_choice_builds_the_demo_board(qtbot, tmp_path, first_run, today_fixed):
    pytest.importorskip("sendsec.demo.world")
    answers, _ = first_run
    answers.append(("demo", tmp_path / "Demo board.sqlite"))
    window = _started(qtbot, [])
    assert window.path == tmp_path / "Demo board.sqlite"
    actions = window.register_tabs["actions"]
    window.tabs.setCurrentWidget(actions)
    assert actions.model.rowCount() >= 30
    window.close()


def test_a_refused_file_says_why_then_offers_the_first_run_dialog(qtbot, tmp_path, small_board,
                                                                  first_run, dialogs):
    answers, asked = first_run
    bad = tmp_path / "minutes.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    answers.append(("open", tmp_path / "does not exist.sqlite"))  # refused too: asks again
    answers.append(("open", small_board))
    window = _started(qtbot, ["--db", str(bad)])
    assert "not a sendsec board file" in dialogs[0][1]
    assert "no board file" in dialogs[1][1]
    assert len(asked) == 2 and window.path == small_board
    window.close()


def test_a_snapshot_opens_read_only_and_says_whose_it_is(qtbot, small_board, tmp_path,
                                                        first_run):
    snapshots = pytest.importorskip("sendsec.exchanges.snapshots")
    with Board.open(small_board) as board:
        taken = snapshots.take_snapshot(board, tmp_path)
    window = _started(qtbot, [str(taken.path)])
    assert window.ctx.readonly
    text = window.banner.message
    assert "Snapshot 1, taken" in text and "of Northshire SEND Improvement Board." in text
    assert not window.new_record_action.isEnabled()
    assert AppSettings().last_file() is None  # a snapshot is not the working file
    window.close()


def test_the_error_hook_logs_the_traceback_and_shows_a_short_message(dialogs):
    hook = app_module.ErrorHook()
    log_file = app_module.setup_logging()
    try:
        raise ZeroDivisionError("division by zero in the \U0001F600 report")
    except ZeroDivisionError:
        hook(*sys.exc_info())
    for handler in logging.getLogger("sendsec").handlers:
        handler.flush()
    kind, text, details = dialogs[0]
    assert kind == "error" and "ZeroDivisionError" in text and len(text) < 400
    assert "Traceback" in details and "test_app.py" in details
    logged = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in logged and "\U0001F600" in logged
    assert str(log_file).startswith(str(app_module.log_dir()))
    assert app_module.log_dir().parent.name.startswith("sendsec-data")  # under SENDSEC_DATA_DIR
    app_module.close_logging()


def test_a_sendsec_error_shows_just_its_message(dialogs):
    hook = app_module.ErrorHook()
    try:
        raise SendsecError("The meeting has no DfE adviser invited.")
    except SendsecError:
        hook(*sys.exc_info())
    assert dialogs == [("message", "The meeting has no DfE adviser invited.", "")]


def test_an_error_inside_a_slot_reaches_the_hook_and_the_app_carries_on(qtbot, dialogs):
    from PySide6.QtWidgets import QPushButton

    previous = sys.excepthook
    hook = app_module.install_excepthook()
    try:
        button = QPushButton("boom")
        qtbot.addWidget(button)

        def broken():
            raise RuntimeError("a slot failed")

        button.clicked.connect(broken)
        with qtbot.capture_exceptions() as caught:
            button.click()
        for exc_type, exc, tb in caught:
            hook(exc_type, exc, tb)
        assert dialogs and "a slot failed" in dialogs[0][1]
        assert sys.excepthook is hook or caught  # pytest-qt swaps its own in around the test
    finally:
        sys.excepthook = previous
        app_module.close_logging()


def test_new_board_form_names_files_safely_and_refuses_bad_names(qtbot, tmp_path):
    assert file_name_for('Board: "North/South" <2026>') == "Board North South 2026.sqlite"
    assert file_name_for("   ") == "Board.sqlite"
    assert file_name_for("\u0645\u062c\u0644\u0633 \U0001F600").endswith(".sqlite")
    (tmp_path / "Board.sqlite").write_bytes(b"")
    assert unused_path(tmp_path, "Board.sqlite").name == "Board (2).sqlite"
    form = NewBoardForm()
    qtbot.addWidget(form)
    form.folder.setText(str(tmp_path))
    assert form.create_board() is None and "name" in form.error.text()
    form.name.setText("x" * 40_000)  # the field holds 300 (the limit of a name)
    form.name.setText("Board\x0bwith a vertical tab")
    path = form.create_board()
    assert path is not None and path.exists()
    with Board.open(path, readonly=True) as board:
        assert board.name == "Board with a vertical tab"
    form.folder.setText(str(tmp_path / "missing"))
    assert form.create_board() is None and "does not exist" in form.error.text()


def test_about_lists_the_versions():
    from ui.dialogs.about import about_text

    text = about_text()
    for name in ("sendsec", "Python", "Qt", "PySide6", "SQLite", "python-docx", "matplotlib"):
        assert f"\n{name}: " in text


def test_background_work_returns_the_result_and_raises_the_error(qtbot):
    import threading
    import time

    from ui.ops import BackgroundOp

    main = threading.get_ident()
    outcome = BackgroundOp(None, "sendsec", "Working",
                           lambda _p: (time.sleep(0.05), threading.get_ident())[1]).run()
    assert outcome.ok and outcome.value != main
    failed = BackgroundOp(None, "sendsec", "Working",
                          lambda _p: (_ for _ in ()).throw(SendsecError("no room"))).run()
    assert failed.message == "no room"
    with pytest.raises(SendsecError, match="no room"):
        failed.result()


def test_the_app_keeps_month_names_english(qtbot, small_board, keep_excepthook):
    import datetime as dt
    import locale

    window = _started(qtbot, ["--db", str(small_board)])
    assert locale.setlocale(locale.LC_TIME) == "C"
    assert f"{dt.date(2025, 3, 12):%B}" == "March"
    window.close()


# ---------------------------------------------------------------- the collector while starting

def test_the_collector_is_off_while_starting_and_on_once_the_window_is_painted(
        qtbot, small_board, first_run):
    import gc

    window = _started(qtbot, ["--db", str(small_board)])
    assert not gc.isenabled()  # the window is made and shown, not yet painted
    qtbot.waitExposed(window)
    qtbot.waitUntil(gc.isenabled)
    assert gc.get_freeze_count() > 1000  # what the start made is kept out of collections


def test_the_collector_is_on_once_a_board_chosen_at_first_run_is_painted(qtbot, small_board,
                                                                         first_run):
    import gc

    answers, _ = first_run
    answers.append(("open", small_board))
    window = _started(qtbot, [])
    assert window.path == small_board and not gc.isenabled()
    qtbot.waitExposed(window)
    qtbot.waitUntil(gc.isenabled)
    assert gc.get_freeze_count() > 1000


def test_the_collector_is_on_again_when_the_start_ends_without_a_window(qtbot, first_run,
                                                                         monkeypatch):
    import gc

    assert app_module.start([]) is None  # the first-run dialog closed: the app ends
    assert gc.isenabled()

    def broken(_argv, _resume):
        raise SendsecError("The board cannot be opened")

    monkeypatch.setattr(app_module, "_start", broken)
    with pytest.raises(SendsecError):
        app_module.start([])
    assert gc.isenabled()


def test_a_collector_turned_off_before_the_start_stays_off():
    import gc

    gc.disable()
    try:
        resume = app_module.pause_collector()
        resume()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
