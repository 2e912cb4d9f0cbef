"""`export --db FILE --out FILE.xlsx`: every record of the board in one Excel workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sendsec.commands.common import add_db, add_today, open_board
from sendsec.spreadsheets.exporter import export_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write every record of the board to an Excel workbook",
                       description="Write every record of the board (settings, people, "
                                   "organisations, areas, actions and their updates and revised "
                                   "dates, risks and reviews, measures and data points, the "
                                   "impact log, meetings with their agenda, attendance, minutes "
                                   "and resolutions, challenges, findings, the change log) to "
                                   "one .xlsx workbook, one sheet each: a complete backup that "
                                   "'import' reads back into a new board.")
    add_db(p)
    add_today(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx",
                   help="the workbook to write (replaced if it exists)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db) as board:
        report = export_report(board, args.out)
    for note in report.notes:
        print(f"sendsec: note: {note}", file=sys.stderr)
    print(report.path)
    return 0
