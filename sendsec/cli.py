"""The command line: `python -m sendsec COMMAND ...`.

Each command lives in `sendsec/commands/<name>.py` with `register(subparsers)`
and `run(args) -> int`. Exit codes: 0 success, 1 findings (check), 2 bad input
(one clear line on stderr, nothing changed, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sendsec import __version__
from sendsec.errors import SendsecError

COMMANDS = ("new", "demo", "summary", "check", "papers", "snapshot", "import", "export", "diff",
            "backup", "restore", "requests")

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(SendsecError):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + error
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every available command registered."""
    parser = _Parser(prog="python -m sendsec",
                     description="sendsec: records and papers of a SEND Improvement Board.")
    parser.add_argument("--version", action="version", version=f"sendsec {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"sendsec.commands.{name.replace('import', 'import_')}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("sendsec.commands"):
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_BAD_INPUT
        return int(args.run(args) or 0)
    except SendsecError as exc:
        print(f"sendsec: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sendsec: interrupted; nothing further was changed.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"sendsec: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return EXIT_BAD_INPUT
