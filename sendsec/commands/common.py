"""What the commands share: opening the --db file and the --today option."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from sendsec.errors import NeedsUpgrade, SendsecError
from sendsec.registers import today
from sendsec.services import Board


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
        try:
            from sendsec.snapshots import open_snapshot
        except ImportError:
            raise SendsecError("This version of sendsec cannot open snapshots yet.") from None
        if write:
            raise SendsecError(f"'{path}' is a snapshot: snapshots are read-only.")
        return open_snapshot(path)
    try:
        return Board.open(path, readonly=not write, backup=write)
    except NeedsUpgrade:
        if not os.access(path, os.W_OK):
            raise
        # a board from an older version that this user may write: upgrade it once, with a
        # backup of the old file taken first, then read it as asked
        Board.open(path, readonly=False, backup=False).close()
        print(f"sendsec: note: '{path}' was upgraded to this version's format "
              "(a backup of the old file was taken first).", file=sys.stderr)
        return Board.open(path, readonly=True, backup=False)


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
