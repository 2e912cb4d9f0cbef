"""`papers --db FILE --meeting next|ID|YYYY-MM-DD --out DIR [--today D]`: a meeting's papers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.papers import papers_for_meeting, resolve_meeting


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("papers", help="write a meeting's papers: before it, the agenda, "
                                      "invitations (.docx, .ics, .eml), board pack and minutes "
                                      "template (and the self-assessment for a stocktake); "
                                      "after it, the minutes and actions extract")
    add_db(p)
    add_today(p)
    p.add_argument("--meeting", default="next", metavar="next|ID|YYYY-MM-DD",
                   help="which meeting: 'next' (default), its id, or its date")
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write the papers into (created if needed)")
    p.add_argument("--publish-anyway", action="store_true",
                   help="write a held meeting's public papers even when the publishability "
                        "check finds what must not be published (each is still listed)")
    p.add_argument("--pdf", action="store_true",
                   help="also write '<date> <board> - Board pack.pdf' (tagged, bookmarked, its "
                        "contents and the agenda's page references filled in) with LibreOffice, "
                        "or Word on Windows; without one, says so and writes the .docx papers")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    today = day(args)
    with open_board(args.db) as board:
        meeting = resolve_meeting(board, args.meeting, today)
        paths = papers_for_meeting(board, meeting["id"], args.out, today,
                                   warn=lambda line: print(f"sendsec: warning: {line}",
                                                           file=sys.stderr),
                                   publish_anyway=args.publish_anyway, pdf=args.pdf)
    for path in paths:
        print(path)
    return 0
