"""A small but realistic board for the window tests, built through the services.

When the colleague's `sendsec.demo.world.build_demo` exists the `demo_board` fixture
uses it too; `small_board` is always built here so tests do not depend on it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from sendsec.services.board import Board

TODAY = dt.date(2026, 11, 22)


def build_small_board(path: Path) -> Path:
    """Create a board with every register filled a little; return its path."""
    b = Board.create_new(path, "Northshire SEND Improvement Board", local_area="Northshire",
                         target_date="2026-11-30")
    council = b.create("organisation", {"name": "Northshire Council", "short_name": "Council",
                                        "kind": "council"}).id
    icb = b.create("organisation", {"name": "Northshire Integrated Care Board",
                                    "short_name": "ICB", "kind": "health"}).id
    dfe = b.create("organisation", {"name": "Department for Education", "short_name": "DfE",
                                    "kind": "government"}).id
    p = {}
    for key, name, role, org in (
        ("chair", "Alex Chair", "independent chair", None),
        ("dcs", "Sam Director", "member", council),
        ("icb", "Priya Health", "member", icb),
        ("dfe", "Dana Adviser", "DfE adviser", dfe),
        ("nhse", "Noor England", "NHS England adviser", None),
        ("lead", "Chris Caselead", "DfE case lead", dfe),
        ("sec", "Jo Secretary", "secretary", council),
    ):
        p[key] = b.create("person", {"name": name, "role": role, "organisation_id": org,
                                     "email": f"{key}@example.org"}).id
    a = b.create("area", {"code": "a", "title": "Leadership and governance",
                          "kind": "area for priority action"}).id
    c = b.create("area", {"code": "c", "title": "Timeliness of EHC plans",
                          "kind": "area for priority action"}).id
    m1 = b.create("meeting", {"meeting_date": "2026-09-16", "status": "minutes approved",
                              "venue": "One Angel Square"}).id
    m2 = b.create("meeting", {"meeting_date": "2026-10-21", "status": "held",
                              "venue": "One Angel Square"}).id
    b.create("meeting", {"meeting_date": "2026-12-09", "status": "planned",
                         "venue": "Council Chamber", "start_time": "14:00",
                         "end_time": "16:00"})
    actions = [
        ("PA1.1", a, "Publish the board's terms of reference", p["dcs"], "2026-06-30",
         ["green", "blue"]),
        ("PA1.2", a, "Agree the local area SEND strategy with partners", p["dcs"],
         "2026-10-31", ["amber", "red"]),
        ("PA3.1", c, "Issue EHC plans within 20 weeks", p["icb"], "2027-03-31",
         ["amber", "amber"]),
        ("PA3.2", c, "Clear the backlog of annual reviews", p["icb"], "2026-12-31",
         ["green", "green"]),
    ]
    for ref, area, title, owner, due, rags in actions:
        aid = b.create("action", {"ref": ref, "area_id": area, "title": title,
                                  "owner_id": owner, "due_date": due,
                                  "target": "Measured monthly", "start_date": "2026-04-01"}).id
        for rag, (day, meeting) in zip(rags, (("2026-09-01", m1), ("2026-10-05", m2)),
                                       strict=True):
            b.create("action_update", {"action_id": aid, "update_date": day, "rag": rag,
                                       "meeting_id": meeting, "narrative": f"{ref} update"})
    for ref, title, owner, lk, im in (("R1", "Partners do not share data", p["icb"], 4, 4),
                                      ("R2", "Workforce shortages in the EP service",
                                       p["dcs"], 3, 3),
                                      ("R3", "Families lose confidence", p["dcs"], 2, 2)):
        rid = b.create("risk", {"ref": ref, "title": title, "owner_id": owner, "area_id": a,
                                "current_likelihood": lk, "current_impact": im}).id
        b.create("risk_review", {"risk_id": rid, "review_date": "2026-10-05",
                                 "likelihood": lk, "impact": im})
    mid = b.create("measure", {"code": "M1", "title": "EHC plans issued within 20 weeks (%)",
                               "unit": "%", "target": 60, "area_id": c,
                               "higher_is_better": 1}).id
    for period, value in (("2026-08-31", 20), ("2026-09-30", 25), ("2026-10-31", 41.5)):
        b.create("measure_point", {"measure_id": mid, "period": period, "value": value})
    b.create("impact_entry", {"entry_date": "2026-10-21", "meeting_id": m2,
                              "kind": "impact on lived experience", "area_id": c,
                              "title": "Families report quicker contact from caseworkers"})
    b.create("impact_entry", {"entry_date": "2026-10-21", "meeting_id": m2,
                              "kind": "slow progress", "area_id": a,
                              "title": "The strategy is late"})
    b.create("challenge", {"uid": "0" * 32, "raised_by": "Chris Chair", "raised_on": "2026-10-12",
                           "kind": "challenge", "entity": "action", "record": "Action PA3.1",
                           "text": "Why is this amber for a second cycle?",
                           "response": "The ICB has agreed extra capacity.",
                           "status": "answered", "answered_on": "2026-10-19",
                           "snapshot_sequence": 1})
    b.create("finding", {"source": "DfE stocktake letter", "received_on": "2026-10-01",
                         "text": "Report EHC timeliness against an agreed trajectory",
                         "area_id": c, "status": "in progress"})
    b.close()
    return path


@pytest.fixture
def today_fixed(monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture(scope="session")
def small_board_master(tmp_path_factory) -> Path:
    """The small board, built once per session (its own data folder, TODAY fixed)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("small-data")))
        mp.setenv("SENDSEC_TODAY", TODAY.isoformat())
        return build_small_board(tmp_path_factory.mktemp("small") / "Northshire board.sqlite")


@pytest.fixture
def small_board(tmp_path, today_fixed, small_board_master) -> Path:
    """A copy of the small board for one test (which may change it)."""
    target = tmp_path / small_board_master.name
    shutil.copyfile(small_board_master, target)
    return target


@pytest.fixture
def small_ctx(qtbot, small_board):
    """The app's context (no window) on the small board."""
    from ui.context import AppContext

    c = AppContext(Board.open(small_board))
    yield c
    c.set_board(None)


@pytest.fixture
def window(qtbot, small_board):
    """The main window, shown, on the small board (each test file may pick its editors)."""
    from ui import main_window as mw

    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    w.show()
    yield w
    w.close()


@pytest.fixture
def small_window(qtbot, small_board):
    """The main window, shown and active, on the small board with its real editors."""
    from ui import main_window as mw

    w = mw.MainWindow()
    qtbot.addWidget(w)
    w.open_path(small_board)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo board as it stands on TODAY (built once; tests work on copies)."""
    from sendsec.demo.world import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "Demo board.sqlite", TODAY)


@pytest.fixture
def demo_copy(tmp_path, demo_file, monkeypatch) -> Path:
    """A copy of the demo board for one test, with the board's today fixed."""
    monkeypatch.setenv("SENDSEC_TODAY", TODAY.isoformat())
    target = tmp_path / demo_file.name
    shutil.copy(demo_file, target)
    return target


class FakeEditor(QWidget):
    """Stands in for a colleague's editor: records what the tab asks of it."""

    changed = Signal(object)
    made: ClassVar[list[FakeEditor]] = []

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.shown: list[object] = []
        self.read_only: bool | None = None
        FakeEditor.made.append(self)

    def show_record(self, record_id):
        self.shown.append(record_id)

    def set_read_only(self, read_only):
        self.read_only = read_only


@pytest.fixture
def fake_editors(monkeypatch):
    """Tabs host FakeEditor, so these tests try the window, not the editors."""
    FakeEditor.made = []
    from ui.tabs import register

    monkeypatch.setattr(register, "editor_class", lambda name: (FakeEditor, ""))


@pytest.fixture
def keep_excepthook():
    """Put back sys.excepthook after a test that starts the app (which installs its own)."""
    previous = sys.excepthook
    yield
    sys.excepthook = previous


@pytest.fixture(autouse=True)
def _collector_as_found():
    """Put Python's garbage collector back as each test found it: `ui.app.start` turns it
    off until its window is first painted, and a test may close the window before that;
    and what it froze is let go (one test's objects are not another's to keep)."""
    import gc

    yield
    gc.unfreeze()
    if not gc.isenabled():
        gc.enable()


class ModalDialogOpened(AssertionError):
    """A test reached a real modal dialog, which would wait for a click for ever."""


@pytest.fixture(autouse=True)
def _no_real_modal_dialogs(monkeypatch):
    """Fail (never hang) when a test reaches a real modal dialog or the error dialog.

    Tests answer dialogs through their classmethods (`ask()`, `show_error`...);
    reaching QDialog.exec() or a QMessageBox means a dialog was not mocked, and
    an error shown by the app's error hook means the app hit an unexpected error.
    """
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    from ui.dialogs import errors

    shown: list[str] = []

    def refuse(what):
        def _refuse(*args, **kwargs):
            raise ModalDialogOpened(f"a test opened a real modal dialog: {what} {args[1:3]}")
        return _refuse

    monkeypatch.setattr(QDialog, "exec", refuse("QDialog.exec"))
    monkeypatch.setattr(QMessageBox, "exec", refuse("QMessageBox.exec"))
    for name in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse(f"QMessageBox.{name}")))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory",
                 "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse(f"QFileDialog.{name}")))
    for name in ("getText", "getItem", "getInt", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(refuse(f"QInputDialog.{name}")))
    original = errors.ErrorDialog.show_error

    def record_error(parent, message, details=""):
        shown.append(f"{message}\n{details}")

    monkeypatch.setattr(errors.ErrorDialog, "show_error", classmethod(
        lambda cls, parent, message, details="": record_error(parent, message, details)))
    yield shown
    monkeypatch.setattr(errors.ErrorDialog, "show_error", original)
    assert not shown, "the app showed an unexpected error:\n" + "\n".join(shown)
