"""`sendsec [--db FILE | FILE]`: start the desktop app.

Opens the file given (a board, or a .sendsec snapshot read-only), else the
file open when the app last closed, else asks (new board, open a file, or the
demo board). Unexpected errors are written to a log file (rotated when the app
starts) and shown in a dialog with the details folded away, and the app keeps running.
"""

from __future__ import annotations

import argparse
import gc
import locale
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sendsec.domain.errors import SendsecError
from sendsec.services.board import cleanup_leftovers
from sendsec.services.board_files import log_dir as log_dir

if TYPE_CHECKING:  # Qt loads in main(), after the arguments are read
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("sendsec")


def english_dates() -> None:
    """Keep month and day names English in every paper and label.

    Qt sets the C library's locale from the environment when it starts (on
    Linux and macOS), which would turn strftime's %B into 'mars' on a laptop
    set to French; papers for an English council must read 'March'.
    """
    try:
        locale.setlocale(locale.LC_TIME, "C")
    except locale.Error:
        pass


#: The log is rotated when the app starts once it has reached this size; older logs kept
LOG_LIMIT = 1_000_000
LOG_BACKUPS = 5


def rotate_log(path: Path, limit: int = LOG_LIMIT, backups: int = LOG_BACKUPS) -> bool:
    """If the log at `path` has reached `limit` bytes, make it `<name>.1` (and `.1` `.2`, up
    to `.<backups>`, the oldest dropped), the names logging's RotatingFileHandler gives; return
    True if it did.

    Done once, when the app starts, rather than by a RotatingFileHandler while it runs (which
    would import `logging.handlers`, and with it `socket`, `pickle` and `queue`, for nothing
    else). The log is first moved aside under a name of this process's own, so that of two
    copies starting together only one shifts the older logs. Another copy of the app that is
    writing to the log keeps writing to the same file under its new name; on Windows, where a
    file open in another process cannot be renamed, the log is left as it is and appended to.
    """
    try:
        if path.stat().st_size < limit:
            return False
        aside = path.with_name(f"{path.name}.rotating-{os.getpid()}")
        os.replace(path, aside)
    except OSError:  # no log yet, or another copy has it open (Windows) or moved it first
        return False
    try:
        for number in range(backups - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
    except OSError:
        pass  # an older log held open elsewhere: this one still becomes .1
    try:
        os.replace(aside, path.with_name(f"{path.name}.1"))
    except OSError:
        return False  # it stays, whole, under the name it was moved to
    return True


def setup_logging() -> Path:
    """Send the 'sendsec' loggers to the file `sendsec.log` in `log_dir()`, rotated first
    (`rotate_log`) if it has grown too long; return its path."""
    path = log_dir() / "sendsec.log"
    for handler in list(log.handlers):
        if getattr(handler, "_sendsec", False):
            if Path(getattr(handler, "baseFilename", "")) == path:
                return path
            log.removeHandler(handler)
            handler.close()
    rotate_log(path)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._sendsec = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def close_logging() -> None:
    for handler in list(log.handlers):
        if getattr(handler, "_sendsec", False):
            log.removeHandler(handler)
            handler.close()


class ErrorHook:
    """A `sys.excepthook` that logs, shows a dialog, and lets the app carry on."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None):
        self.parent = parent
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from ui.dialogs.errors import ErrorDialog

        parent = self.parent()
        if isinstance(exc, SendsecError):
            log.info("Refused: %s", exc)
            if not self._showing:
                self._showing = True
                try:
                    ErrorDialog.show_message(parent, str(exc))
                finally:
                    self._showing = False
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error\n%s", details)
        if self._showing:  # an error while showing an error: the log has it
            return
        text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        message = (f"sendsec met an unexpected problem ({exc_type.__name__}"
                   f"{': ' + text if text else ''}). What you were doing may not have "
                   "finished; please check it and try again.")
        self._showing = True
        try:
            ErrorDialog.show_error(parent, message, details)
        except Exception:
            log.exception("The error dialog failed")
        finally:
            self._showing = False


def install_excepthook(parent: Callable[[], QWidget | None] = lambda: None) -> ErrorHook:
    """Replace `sys.excepthook` with an ErrorHook; return it."""
    hook = ErrorHook(parent)
    sys.excepthook = hook
    return hook


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sendsec", description="The sendsec desktop app.")
    parser.add_argument("--db", type=Path, metavar="FILE", help="the board file to open")
    parser.add_argument("file", nargs="?", type=Path,
                        help="a board file (.sqlite) or a snapshot (.sendsec)")
    return parser


def build_demo_board(parent, path: Path) -> Path | None:
    """Build the demo board at `path` (or reuse one built before); return it, or None."""
    from sendsec.demo.world import build_demo
    from sendsec.services.registers import today
    from ui.dialogs.errors import ErrorDialog
    from ui.ops import BackgroundOp

    if path.exists():
        return path

    day = today()
    try:
        return Path(BackgroundOp(parent, "sendsec", "Building the demo board...",
                                 lambda _progress: build_demo(path, day)).run().result())
    except SendsecError as exc:
        ErrorDialog.show_message(parent, str(exc), "The demo board could not be built")
        return None


def pause_collector() -> Callable[[], None]:
    """Turn Python's garbage collector off while the app starts; return the call that turns
    it on again, freezing what was made until then.

    Starting makes tens of thousands of objects that live as long as the app (modules,
    classes, the window, the first register's rows) and next to no garbage, and the
    collector would walk them again and again as they are made: pausing it saves about
    5 ms of the start on the demo board and 8 ms on one ten times its size (measured
    2026-12-03; the imports before `start` still run with it on). Frozen (`gc.freeze`),
    later collections leave them out, as Mercurial's `nogc` and Instagram's servers do. A
    collector something else turned off stays off.
    """
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            gc.freeze()
            gc.enable()

    return resume


def start(argv: list[str] | None = None):
    """Create the window, open a board (asking if need be); return the window, or None.

    None means the person closed the first-run dialog without choosing. The garbage
    collector is off until the window is first painted (`pause_collector`).
    """
    resume = pause_collector()
    try:
        window = _start(argv, resume)
    except BaseException:
        resume()
        raise
    if window is None:
        resume()
    return window


def _start(argv: list[str] | None, resume: Callable[[], None]):
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.widgets.contrast import readable_selection
    from ui.widgets.guards import install_guards

    args, _qt_args = build_parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    english_dates()  # after Qt has set the locale from the environment
    readable_selection(app)
    setup_logging()
    window = MainWindow()
    install_excepthook(lambda: window if window.isVisible() else None)

    path = args.db or args.file or window.settings.last_file()
    # what a killed sendsec left (temporary copies, a stale lock file) goes now
    cleanup_leftovers([Path(path).parent] if path is not None else [])
    opened = False
    if path is not None:
        try:
            window.open_path(path)
            opened = True
        except SendsecError as exc:
            from ui.dialogs.errors import ErrorDialog

            ErrorDialog.show_message(None, str(exc), "The file cannot be opened")
    if not opened:
        install_guards()  # the window installs them once painted; the dialog comes first
    while not opened:
        from ui.dialogs.first_run import FirstRunDialog  # (dialogs: when first needed)

        choice, chosen = FirstRunDialog.ask(None)
        if choice is None:
            window.close_board()
            window.deleteLater()
            return None
        if choice == "demo" and chosen is not None:
            chosen = build_demo_board(None, Path(chosen))
        if chosen is not None:
            opened = window.open_interactive(Path(chosen))
    window.after_paint(resume)  # before show(): a platform may paint within it
    window.show()
    return window


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    argv = sys.argv[1:] if argv is None else argv
    _, qt_args = build_parser().parse_known_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("sendsec")
    app.setOrganizationName("sendsec")
    try:
        window = start(argv)
    except SendsecError as exc:
        print(f"sendsec: {exc}", file=sys.stderr)
        return 2
    if window is None:
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
