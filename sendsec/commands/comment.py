"""`comment --db SNAPSHOT --record REF --text TEXT`: the chair comments on a record of a snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_db, open_board
from sendsec.domain.entities import CHALLENGE_KINDS
from sendsec.exchanges import comments


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("comment", help="the chair: comment on a record of a snapshot (kept "
                                       "beside the snapshot, never in it)")
    add_db(p)
    p.add_argument("--record", required=True, metavar="REF",
                   help="an action or risk reference, a measure code, a meeting's date "
                        "(YYYY-MM-DD) or 'minute N'")
    p.add_argument("--text", required=True, metavar="TEXT", help="the comment or challenge")
    p.add_argument("--kind", choices=CHALLENGE_KINDS, default="challenge",
                   help="a challenge needs an answer (default); a comment is for the record")
    p.add_argument("--author", metavar="NAME",
                   help="whose comment it is (default: the board's independent chair)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db) as board:
        comments._snapshot_facts(board)
        entity_name, row = comments.resolve(board, args.record)
        _comment, path = comments.add_comment(board, entity_name, row["id"], args.text,
                                             kind=args.kind, author=args.author)
    print(Path(path))
    return 0
