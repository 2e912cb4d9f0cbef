"""`new --db FILE --name NAME`: an empty board."""

from __future__ import annotations

import argparse

from sendsec.commands.common import add_db
from sendsec.services.board import Board


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new", help="create an empty board file")
    add_db(p)
    p.add_argument("--name", required=True, help="the board's name")
    p.add_argument("--area", default=None, help="the local area, e.g. West Northamptonshire")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = {"local_area": args.area} if args.area else {}
    board = Board.create_new(args.db, args.name, **settings)
    board.close()
    print(args.db)
    return 0
