"""`restore --db FILE [--list] [BACKUP]`: list a board's backups, or put one back.

BACKUP is a number from `--list` (1 is the newest), a backup's file name, or
the path of any backup file. The board as it stands is itself backed up
(reason 'restore') before it is replaced, so a restore can be undone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sendsec.commands.common import add_db, emit, take_lock
from sendsec.domain.errors import FileRefused, SendsecError
from sendsec.services.board import Board
from sendsec.storage import backups


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("restore", help="list the board's backups, or restore one")
    add_db(p)
    p.add_argument("--list", action="store_true", help="list the backups, newest first")
    p.add_argument("--force", action="store_true",
                   help="restore even if the backup belongs to another board")
    p.add_argument("backup", nargs="?", metavar="BACKUP",
                   help="a number from --list (1 = newest), a backup file name, or a path")
    p.set_defaults(run=run)


def _board_uid(path: Path) -> str | None:
    """Return the board id of a file, or None if it cannot be read (damaged, missing)."""
    try:
        with Board.open(path, readonly=True, backup=False) as board:
            return board.settings().get("board_uid")
    except SendsecError:
        return None


def _backup_uid(path: Path) -> str | None:
    return backups.board_uid_of(path)


def folders(board_path: Path) -> list[Path]:
    """Return the backup folders of the board at `board_path`, found by its id or its name."""
    uid = _board_uid(board_path)
    if uid:
        return [backups.backup_folder(board_path, uid)]
    return backups.folders_for_name(board_path)


def available(board_path: Path) -> list[backups.Backup]:
    """Return the board's backups, newest first."""
    found = [b for folder in folders(board_path) for b in backups.list_backups(folder)]
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _choose(board_path: Path, wanted: str) -> Path:
    listed = available(board_path)
    if wanted.isdigit() and not Path(wanted).exists():
        index = int(wanted)
        if not 1 <= index <= len(listed):
            raise SendsecError(f"There is no backup number {index}: the board has "
                               f"{len(listed)} backup{'' if len(listed) == 1 else 's'} "
                               "(see 'restore --list').")
        return listed[index - 1].path
    for b in listed:
        if b.path.name == wanted:
            return b.path
    path = Path(wanted)
    if path.is_file():
        return path
    raise SendsecError(f"There is no backup called '{wanted}' (see 'restore --list').")


def run(args: argparse.Namespace) -> int:
    board_path: Path = args.db
    if board_path.suffix.lower() == ".sendsec":
        raise SendsecError(f"'{board_path}' is a snapshot; restore backups to the board file.")
    if args.list:
        listed = available(board_path)
        if not listed:
            emit(f"There are no backups of '{board_path}'.")
            return 0
        for number, b in enumerate(listed, 1):
            emit(f"{number:>3}  {b.taken:%Y-%m-%d %H:%M:%S}  {b.reason:<9}  {b.path}")
        return 0
    if not args.backup:
        raise SendsecError("Say which backup to restore (a number from 'restore --list'), "
                           "or use --list to see them.")
    # nobody may be writing to the board while it is replaced
    held = take_lock(board_path) if board_path.exists() else None
    try:
        return _restore(args, board_path)
    finally:
        if held is not None:
            held.release()


def _restore(args: argparse.Namespace, board_path: Path) -> int:
    source = _choose(board_path, args.backup)
    if board_path.exists() and source.resolve() == board_path.resolve():
        raise SendsecError("The backup and the board are the same file.")
    target_uid, source_uid = _board_uid(board_path), _backup_uid(source)
    if target_uid and source_uid and target_uid != source_uid and not args.force:
        raise SendsecError(f"'{source.name}' is a backup of another board; "
                           "use --force to restore it over this one anyway.")
    if board_path.exists():
        safety_folder = backups.backup_folder(board_path, target_uid or source_uid)
    else:
        safety_folder = None
    try:
        safety = backups.restore_backup(source, board_path, safety_folder)
    except FileRefused as exc:
        raise SendsecError(f"Nothing was restored: {exc}") from None
    emit(f"Restored '{board_path}' from the backup '{source}'.")
    if safety is not None:
        emit(f"The board as it was before is kept in '{safety}'.")
    return 0
