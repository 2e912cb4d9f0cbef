"""`import --db FILE SPREADSHEET [--sheet NAME] [--kind actions|risks|auto] [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.spreadsheets import importer, restoring
from sendsec.spreadsheets.reading import read_workbook


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import the action plan or risk register from .xlsx/.csv/.docx",
                       description="Import a Priority Action Plan or risk register from an Excel "
                                   "workbook (.xlsx), CSV file or the tables of a Word "
                                   "document (.docx). Rows are matched to records by "
                                   "reference; prints the preview, then applies it in one "
                                   "transaction unless --dry-run. A complete export made by "
                                   "'export' is restored, every record as it was, into a new, "
                                   "empty board.")
    add_db(p)
    add_today(p)
    p.add_argument("spreadsheet", type=Path, metavar="SPREADSHEET", help="the .xlsx, .csv or .docx file")
    p.add_argument("--sheet", default=None, metavar="NAME",
                   help="the sheet to import, or 'Table 2' of a Word document "
                        "(default: every sheet or table of actions or risks)")
    p.add_argument("--kind", choices=("actions", "risks", "auto"), default="auto",
                   help="what the sheet holds (default: decided from its headers)")
    p.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db, write=not args.dry_run) as board:
        workbook = read_workbook(args.spreadsheet)
        if restoring.is_export(workbook):
            backup = restoring.plan(board, args.spreadsheet, workbook=workbook)
            plan: importer.ImportPlan | restoring.RestorePlan = backup

            def apply() -> str:
                change = restoring.apply(board, backup)
                return change.summary if change else "Nothing to change."
        else:
            found = importer.plan(board, args.spreadsheet, sheet=args.sheet, kind=args.kind,
                                  today=day(args), workbook=workbook)
            plan = found

            def apply() -> str:
                return importer.apply(board, found).summary()
        for line in plan.summary_lines():
            print(line)
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return 0
        if not plan.has_changes:
            print("Nothing to change.")
            return 0
        print(apply())
    return 0
