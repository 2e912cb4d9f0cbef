"""`summary --db FILE [--json]`: the board at a glance."""

from __future__ import annotations

import argparse
import json

from sendsec.commands.common import add_db, add_today, day, emit, open_board, stdout_is_unicode
from sendsec.reports.summary import summary, summary_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("summary", help="the board at a glance")
    add_db(p)
    add_today(p)
    p.add_argument("--json", action="store_true", help="print stable JSON (see README)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_board(args.db) as board:
        data = summary(board, day(args))
    if args.json:  # escaped where the output is not UTF-8, so the JSON is never damaged
        emit(json.dumps(data, indent=2, ensure_ascii=not stdout_is_unicode()))
    else:
        emit(summary_text(data))
    return 0
