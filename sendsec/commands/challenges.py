"""`challenges --db BOARD [--read FILE [--dry-run]]`: the chair's challenge log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sendsec.commands.common import add_db, emit, open_board
from sendsec.exchanges import comments


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("challenges", help="read the chair's comments file into the challenge "
                                          "log (--read), or list the log")
    add_db(p)
    p.add_argument("--read", type=Path, metavar="FILE",
                   help="a .sendsec-comments file from the chair")
    p.add_argument("--dry-run", action="store_true", help="show what would be read; change nothing")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.read is None:
        with open_board(args.db) as board:
            rows = comments.challenge_rows(board)
            if not rows:
                emit("No challenges from the chair.")
            for r in rows:
                owner = f", owner {r['owner_name']}" if r["owner_name"] else ""
                emit(f"{r['raised_on_words']} {r['raised_by']} on {r['record'] or 'the board'} "
                     f"[{r['status']}{owner}]: {' '.join(r['text'].split())}")
                if r["response"]:
                    emit(f"  Response: {' '.join(r['response'].split())}")
        return 0
    with open_board(args.db, write=not args.dry_run) as board:
        result = comments.read_comments(board, args.read, dry_run=args.dry_run)
    lines = result.lines()
    emit(lines[0])
    for line in lines[1:]:
        print(f"sendsec: {line}", file=sys.stderr)
    return 0
