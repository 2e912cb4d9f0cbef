"""The command line: `python -m sendsec COMMAND ...`.

Each command lives in `sendsec/commands/<name>.py` with `register(subparsers)`
and `run(args) -> int`. Exit codes: 0 success, 1 findings (check), 2 bad input
(one clear line on stderr, nothing changed, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import NoReturn

from sendsec import __version__
from sendsec.domain.errors import SendsecError, os_error_line, sqlite_error_line

COMMANDS = ("new", "demo", "summary", "check", "papers", "snapshot", "import", "export", "diff",
            "backup", "restore", "requests", "comment", "comments", "challenges", "evidence")

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(SendsecError):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _module_name(command: str) -> str:
    return f"sendsec.commands.{'import_' if command == 'import' else command}"


def build_parser(names: tuple[str, ...] = COMMANDS) -> argparse.ArgumentParser:
    """Return the parser with the named commands registered (running one command
    registers only that one, so it does not load the others' libraries)."""
    parser = _Parser(prog="python -m sendsec",
                     description="sendsec: records and papers of a SEND Improvement Board.")
    parser.add_argument("--version", action="version", version=f"sendsec {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in names:
        importlib.import_module(_module_name(name)).register(sub)
    return parser


def _commands_needed(argv: list[str]) -> tuple[str, ...]:
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS:
        return (first,)
    if first is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        return ()
    return COMMANDS


def _safe_stdout() -> None:
    # A Windows console or a redirected file may not be UTF-8: show '?' rather than fail.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    _safe_stdout()
    args = None
    try:
        parser = build_parser(_commands_needed(argv))
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            build_parser().print_help()
            return EXIT_BAD_INPUT
        _clear_leftovers(args)
        return int(args.run(args) or 0)
    except SendsecError as exc:
        print(f"sendsec: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sendsec: interrupted; nothing further was changed.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except OSError as exc:  # a full disk, a read-only folder, a name too long ...
        print(f"sendsec: {os_error_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except sqlite3.Error as exc:  # busy, disk full, read-only, I/O error while writing
        print(f"sendsec: {sqlite_error_line(exc, getattr(args, 'db', None))}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _clear_leftovers(args: argparse.Namespace) -> None:
    """Remove what a killed sendsec left beside the files this command works on."""
    from sendsec.services.board import cleanup_leftovers

    folders = []
    for name in ("db", "out", "old", "new"):
        value = getattr(args, name, None)
        if isinstance(value, (str, Path)) and str(value):
            path = Path(value)
            folders += [path, path.parent]
    cleanup_leftovers(folders)  # folders that are not there are passed over
