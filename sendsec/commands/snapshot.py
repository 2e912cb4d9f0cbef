"""`snapshot --db FILE --out DIR [--note TEXT]`: a read-only copy of the board for the chair."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sendsec.commands.common import add_db, open_board
from sendsec.exchanges.snapshots import take_snapshot


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("snapshot", help="write a snapshot of the board for the chair, with its "
                                        "SHA-256, a changes report and an email draft")
    add_db(p)
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write the snapshot into")
    p.add_argument("--note", metavar="TEXT", help="a note for the chair, kept in the snapshot")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db, write=True) as board:
        result = take_snapshot(board, args.out, note=args.note)
    notes = set(result.notes)
    print("\n".join(line for line in result.lines() if line not in notes))
    for note in result.notes:  # warnings go to stderr, so stdout is the files and the SHA-256
        print(f"sendsec: warning: {note}", file=sys.stderr)
    return 0
