"""`snapshot --db FILE --out DIR [--note TEXT]`: a read-only copy of the board for the chair."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sendsec.commands.common import add_db, open_board
from sendsec.exchanges.snapshots import PapersNotWritten, SnapshotResult, take_snapshot


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("snapshot", help="write a snapshot of the board for the chair, with its "
                                        "SHA-256, a changes report and an email draft")
    add_db(p)
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write the snapshot into")
    p.add_argument("--note", metavar="TEXT", help="a note for the chair, kept in the snapshot")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def sealed(result: SnapshotResult) -> None:
        # the snapshot and its checksum are in place: say so before the report is written
        print(result.path, result.sha256_path, sep="\n", flush=True)

    with open_board(args.db, write=True) as board:  # every check, under the writer lock
        try:
            result = take_snapshot(board, args.out, note=args.note, sealed=sealed,
                                   source_checked=True)
        except PapersNotWritten as exc:
            print(f"SHA-256 {exc.result.sha256}")
            print(f"sendsec: {exc}", file=sys.stderr)
            return 1
    notes = set(result.notes)
    print("\n".join(line for line in result.lines()[2:] if line not in notes))
    for note in result.notes:  # warnings go to stderr, so stdout is the files and the SHA-256
        print(f"sendsec: warning: {note}", file=sys.stderr)
    return 0
