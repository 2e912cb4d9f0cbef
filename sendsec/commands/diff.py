"""`diff OLD NEW`: what changed between two files of the same board (snapshots or the live file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_today, day, open_board
from sendsec.reports.diff import diff_boards


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff", help="what changed between two files of the same board")
    p.add_argument("old", type=Path, metavar="OLD", help="the earlier file (.sendsec or .sqlite)")
    p.add_argument("new", type=Path, metavar="NEW", help="the later file (.sendsec or .sqlite)")
    add_today(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.old) as old, open_board(args.new) as new:
        result = diff_boards(old, new, on=day(args))
    print("\n".join(result.lines()))
    return 0
