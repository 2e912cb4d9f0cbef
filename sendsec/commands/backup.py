"""`backup --db FILE`: take a backup of the board now and print where it went."""

from __future__ import annotations

import argparse

from sendsec.commands.common import add_db, emit
from sendsec.domain.errors import SendsecError
from sendsec.services.board import Board
from sendsec.storage import backups


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="take a backup of the board file now")
    add_db(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.db.suffix.lower() == ".sendsec":
        raise SendsecError(f"'{args.db}' is a snapshot, which is already a copy; "
                           "back up the board file itself.")
    with Board.open(args.db, readonly=True, backup=False) as board:
        try:
            path = backups.make_backup(board.db.conn, board.backup_folder(), "manual")
        except OSError as exc:
            raise SendsecError(f"The backup could not be written: {exc.strerror or exc}.") \
                from None
    emit(str(path))
    return 0
