"""The application-wide guards every window and dialog has, installed together.

- the wheel changes no value field the person has not put the focus in (`wheel`);
- Ctrl+Z in a field with nothing of its own to undo undoes the board's last change
  (`undo_keys`);
- a dialog opens within the free part of its screen (`screen_fit`).

They share one application-wide event filter (`app_events`), and once it is installed every
event of every object passes through Python: PySide6 then makes the Python class (and its
enums) of every Qt class an event could belong to, some 150 classes at once. The main window
installs the guards on the turn of the event loop after it is first painted
(`MainWindow`), so its first screen is not made behind that; anything that edits or opens a
dialog before then installs them itself (an `AppContext` of its own, `fields.make_field`,
the first-run dialog, and the dialogs with fields of their own: Take the meeting, Board
settings, a chair's comment). Installing them again does nothing.
"""

from __future__ import annotations


def install_guards() -> None:
    """Install the wheel guard, the undo keys and the dialogs' screen fit in the running
    QApplication (once; later calls do nothing)."""
    from ui.widgets.screen_fit import install_screen_fit
    from ui.widgets.undo_keys import install_undo_keys
    from ui.widgets.wheel import install_wheel_guard

    install_wheel_guard()
    install_undo_keys()
    install_screen_fit()
