"""`requests`: ask owners for their updates before a meeting, and read their returns back.

    python -m sendsec requests --db FILE --meeting next|ID|YYYY-MM-DD --out DIR
    python -m sendsec requests --db FILE --read RETURN.xlsx [--dry-run]

Writing prints the files written (an .xlsx return and an .eml draft per owner).
Reading prints what the return holds and what was added; exit code 1 when some
rows could not be read (they are listed; the others are added), 2 when the
file is refused (nothing changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("requests", help="write update requests to owners, or read a return back",
                       description="Write, for a meeting, one Excel return and one email draft "
                                   "per action or risk owner; or read a filled-in return back "
                                   "into the board.")
    add_db(p)
    add_today(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--meeting", metavar="next|ID|YYYY-MM-DD",
                      help="the meeting the updates are for")
    what.add_argument("--read", type=Path, metavar="RETURN.xlsx",
                      help="a filled-in return to read back")
    p.add_argument("--out", type=Path, metavar="DIR", help="the folder to write the requests into")
    p.add_argument("--dry-run", action="store_true",
                   help="with --read: say what would be added, change nothing")
    p.set_defaults(run=run)


def find_meeting(board: Board, text: str, today: dt.date) -> int:
    """Return the id of the meeting `text` names: 'next', an id, or a date (as `papers`)."""
    from sendsec.papers import resolve_meeting

    return resolve_meeting(board, text, today)["id"]


def run(args: argparse.Namespace) -> int:
    today = day(args)
    if args.read is not None:
        from sendsec.exchanges import returns

        if args.out is not None:
            raise SendsecError("--out is for writing requests; reading a return needs only "
                               "--read.")
        with open_board(args.db, write=not args.dry_run) as board:
            plan, change = returns.read_return(board, args.read, today, dry_run=args.dry_run)
        for line in plan.summary_lines():
            print(line)
        if args.dry_run:
            print("Dry run: nothing was changed.")
        elif change is not None:
            print(change.summary)
        if plan.errors:
            print(f"sendsec: {len(plan.errors)} rows of '{args.read.name}' were not read; "
                  "correct them and read the return again.", file=sys.stderr)
            return 1
        return 0
    if args.out is None:
        raise SendsecError("--out DIR is needed to write the update requests.")
    from sendsec.papers.update_requests import write_update_requests

    warnings: list[str] = []
    with open_board(args.db) as board:
        meeting_id = find_meeting(board, args.meeting, today)
        paths = write_update_requests(board, meeting_id, args.out, today, warn=warnings.append)
    for path in paths:
        print(path)
    for line in warnings:
        print(f"sendsec: warning: {line[0].lower()}{line[1:]}", file=sys.stderr)
    if not paths:
        print("sendsec: nobody owns an open action or risk: no requests were written.",
              file=sys.stderr)
    return 0
