"""`papers --db FILE --meeting next|ID|YYYY-MM-DD --out DIR [--today D] [--pdf]
[--attach FILE.docx --paper D [--replace]]`: a meeting's papers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.domain.errors import SendsecError
from sendsec.domain.labels import meeting_label
from sendsec.papers import attach, papers_for_meeting, resolve_meeting
from sendsec.services.board import Board


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
                        "contents and the agenda's page references filled in) and, for a "
                        "stocktake review, '<date> <board> - Self-assessment.pdf' (its contents "
                        "numbered) with LibreOffice, or Word on Windows; without one, says so "
                        "and writes the .docx papers")
    p.add_argument("--attach", type=Path, metavar="FILE.docx",
                   help="first put this paper written by others into --out as the paper of "
                        "the agenda item --paper names ('Paper D - <item>.docx', the name the "
                        "pack merges), after checking it is a Word document without macros")
    p.add_argument("--paper", metavar="LETTER",
                   help="with --attach: the item's paper letter on the agenda, e.g. D")
    p.add_argument("--replace", action="store_true",
                   help="with --attach: replace the paper attached for that letter before")
    p.set_defaults(run=run)


def _attach(board: Board, meeting: dict[str, Any], args: argparse.Namespace) -> None:
    """Attach --attach as the paper --paper of the meeting's agenda, into --out."""
    letter = attach.letter_of(args.paper)
    if letter is None:
        raise SendsecError("--attach needs --paper with the item's paper letter, e.g. "
                           "--paper D.")
    items = [i for i in board.rows("agenda_item", parent_id=meeting["id"])
             if attach.letter_of(i["paper_ref"]) == letter]
    if not items:
        raise SendsecError(f"No agenda item of {meeting_label(meeting)} has Paper {letter}: "
                           "give the item its paper letter first.")
    try:
        path = attach.attach(args.attach, args.out, letter, items[0]["title"],
                             replace=args.replace)
    except attach.AlreadyAttached as exc:
        raise SendsecError(f"'{exc.existing.name}' is attached already: add --replace to put "
                           f"'{args.attach.name}' in its place.") from None
    print(f"sendsec: attached '{args.attach.name}' as '{path.name}'.", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    today = day(args)
    with open_board(args.db) as board:
        meeting = resolve_meeting(board, args.meeting, today)
        if args.attach is not None:
            _attach(board, meeting, args)
        paths = papers_for_meeting(board, meeting["id"], args.out, today,
                                   warn=lambda line: print(f"sendsec: warning: {line}",
                                                           file=sys.stderr),
                                   publish_anyway=args.publish_anyway, pdf=args.pdf)
    for path in paths:
        print(path)
    return 0
