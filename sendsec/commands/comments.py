"""`comments --db SNAPSHOT --out DIR`: the chair's comments file to send back, with an email."""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_db, open_board
from sendsec.exchanges import comments as chair_comments


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("comments", help="the chair: write the comments on a snapshot as one "
                                        ".sendsec-comments file, with an email draft to the "
                                        "secretary")
    add_db(p)
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write the comments file and the email into")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db) as board:
        paths = chair_comments.export_comments(board, args.out)
    for path in paths:
        print(path)
    return 0
