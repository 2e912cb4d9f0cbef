"""`evidence --db FILE --out DIR [--today D]`: the evidence against the Improvement Notice."""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_db, add_today, day, open_board


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evidence", help="write the evidence against the Improvement Notice "
                                        "(.docx and .xlsx): a row per requirement with the "
                                        "evidence held, the gaps by name and a status; "
                                        "partners' contributions; revised due dates")
    add_db(p)
    add_today(p)
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write the two files into (created if needed)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sendsec.papers.evidence_paper import write_evidence
    from sendsec.papers.template import template_source
    from sendsec.reports.evidence import build_evidence

    with open_board(args.db) as board:
        ev = build_evidence(board, day(args))
        template = template_source(board.settings().get("template_path"))
        paths = write_evidence(ev, template, args.out, author=board.user)
    for path in paths:
        print(path)
    return 0
