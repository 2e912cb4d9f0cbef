"""`demo --db FILE [--today YYYY-MM-DD] [--scale N]`: a demo board built from the seeds."""

from __future__ import annotations

import argparse

from sendsec.commands.common import add_today, day
from sendsec.demo.world import MAX_SCALE, build_demo
from sendsec.domain.errors import SendsecError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="build a demo board (West Northamptonshire) in a new file")
    p.add_argument("--db", required=True, metavar="FILE",
                   help="the new board file to write; it must not exist")
    add_today(p)
    p.add_argument("--scale", type=_scale, default=1, metavar="N",
                   help=f"multiply actions, updates, risks, measures and meetings by N "
                        f"(1-{MAX_SCALE}; default 1)")
    p.set_defaults(run=run)


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_SCALE}, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    path = Path(args.db)
    if path.exists():
        raise SendsecError(f"'{path}' already exists; the demo board needs a new file name.")
    print(build_demo(path, day(args), args.scale))
    return 0
