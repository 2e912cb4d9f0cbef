"""`check --db FILE [--today D] [--json]`: the checks that guard the Improvement Notice.

Prints one line per finding ('[rule] record: reason') and a closing count;
exit 0 when clean, 1 with findings, 2 for bad input. The file is opened
read-only and nothing is changed.
"""

from __future__ import annotations

import argparse
import json

from sendsec.commands.common import add_db, add_today, day, open_board
from sendsec.reports.checks import run_checks, summary_line


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="list what the Improvement Notice needs that is missing")
    add_db(p)
    add_today(p)
    p.add_argument("--json", action="store_true",
                   help="print JSON: today, count, errors, warnings and findings")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    on = day(args)
    with open_board(args.db) as board:
        findings = run_checks(board, on)
    if args.json:
        errors = sum(f.severity == "error" for f in findings)
        print(json.dumps({"today": on.isoformat(), "count": len(findings), "errors": errors,
                          "warnings": len(findings) - errors,
                          "findings": [f.as_dict() for f in findings]},
                         indent=2, ensure_ascii=False))
    else:
        for f in findings:
            print(f.line())
        print(summary_line(findings))
    return 1 if findings else 0
