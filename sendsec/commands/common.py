"""What the commands share: opening the --db file and the --today option."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from sendsec.domain.errors import NeedsUpgrade, SendsecError
from sendsec.services import placement
from sendsec.services.board import Board
from sendsec.services.registers import today
from sendsec.storage import lock

#: How long a write command waits for another command-line writer to finish (seconds).
WRITER_WAIT = 5.0
BUSY = "The board is busy: another sendsec{who} is writing to it. Try again in a moment."


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, type=Path, metavar="FILE",
                        help="the board file (.sqlite), or a snapshot (.sendsec)")


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=parse_day, metavar="YYYY-MM-DD",
                        help="treat this day as today")


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise argparse.ArgumentTypeError(f"'{text}' is not a real date") from None
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") \
            from None


def day(args: argparse.Namespace) -> dt.date:
    return getattr(args, "today", None) or today()


def open_board(path: Path, *, write: bool = False) -> Board:
    """Open the --db file: a live board (read-only unless `write`), or a snapshot (always read-only)."""
    if path.suffix.lower() == ".sendsec":
        from sendsec.exchanges.snapshot_opening import open_snapshot

        if write:
            raise SendsecError(f"'{path}' is a snapshot: snapshots are read-only.")
        return open_snapshot(path)
    if write:
        held = take_lock(path)
        try:
            board = Board.open(path, readonly=False, backup=True)
        except BaseException:
            held.release()
            raise
        board.lock = held
        warn_placement(path)
        if board.backup_problem:  # the work goes on; the person is told
            print(f"sendsec: warning: {board.backup_problem}", file=sys.stderr)
        return board
    try:
        board = Board.open(path, readonly=True, backup=False)
        warn_placement(path)
        return board
    except NeedsUpgrade:
        if not os.access(path, os.W_OK):
            raise
        # a board from an older version that this user may write: upgrade it once, with a
        # backup of the old file taken first, then read it as asked
        Board.open(path, readonly=False, backup=False).close()
        print(f"sendsec: note: '{path}' was upgraded to this version's format "
              "(a backup of the old file was taken first).", file=sys.stderr)
        return Board.open(path, readonly=True, backup=False)


def take_lock(path: Path, *, wait: float = WRITER_WAIT) -> lock.Lock:
    """Return the single-writer lock of the board at `path`, held for the command.

    The app holds it while the board is open there: refused at once, naming who.
    Another command line writing: wait up to `wait` seconds, then refuse in one line.
    """
    if not path.is_file():
        # no lock file beside something that is not a board (none there, a folder...):
        # opening it says why in one line
        Board.open(path, readonly=True, backup=False).close()
    deadline = time.monotonic() + wait
    while True:
        try:
            held = lock.acquire(path, program="command line")
        except OSError as exc:
            raise SendsecError(f"'{path}' cannot be changed: sendsec cannot write in its folder "
                               f"'{path.parent}' ({exc.strerror or exc}). Nothing was changed."
                               ) from None
        if held is not None:
            return held
        info = lock.holder(path)
        if info is not None and info.program != "command line":
            raise SendsecError(f"'{path.name}' is open in the sendsec app ({info.describe()}); "
                               "close it there to change it from the command line. "
                               "Nothing was changed.")
        if time.monotonic() >= deadline:
            who = f" ({info.describe()}, process {info.pid})" if info else ""
            raise SendsecError(BUSY.format(who=who))
        time.sleep(0.1)


def warn_placement(path: Path) -> None:
    """Warn, in one line on stderr, about a board on a network drive or in a synced folder."""
    note = placement.warning(path)
    if note:
        print(f"sendsec: warning: {note}", file=sys.stderr)


def stdout_is_unicode() -> bool:
    """Return True if standard output can print any character (it is UTF-8)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf")


def emit(text: str) -> None:
    """Print `text`; characters the output cannot show (an emoji in a board name on a
    Windows console redirected to a file) become '?' instead of stopping the command."""
    try:
        print(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "ascii"
        print(text.encode(encoding, "replace").decode(encoding))
