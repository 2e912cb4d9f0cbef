"""`export --db FILE --out FILE.xlsx`: every register in one Excel workbook."""

from __future__ import annotations

from pathlib import Path

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.spreadsheets.exporter import export


def register(sub) -> None:
    p = sub.add_parser("export", help="write the registers to an Excel workbook",
                       description="Write the actions, risks, impact log, measures (and their "
                                   "data points) and meetings to one .xlsx workbook, one sheet "
                                   "each, that 'import' can read back.")
    add_db(p)
    add_today(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx",
                   help="the workbook to write (replaced if it exists)")
    p.set_defaults(run=run)


def run(args) -> int:
    with open_board(args.db) as board:
        path = export(board, args.out, today=day(args))
    print(path)
    return 0
