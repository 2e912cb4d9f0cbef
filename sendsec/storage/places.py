"""Where sendsec keeps its own files: the data folder (or $SENDSEC_DATA_DIR) and, in it, one
backup folder per board; and what to tell someone whose board file is refused."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """Return the folder for sendsec's own files ($SENDSEC_DATA_DIR overrides it)."""
    override = os.environ.get("SENDSEC_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir("sendsec", False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def _folder_stem(board_path: Path) -> str:
    return re.sub(r"[^\w.-]+", "_", Path(board_path).stem)[:60] or "board"


def backup_folder(board_path: Path, board_uid: str | None) -> Path:
    """Return (and create) the backup folder for one board file."""
    stem = _folder_stem(board_path)
    suffix = f"-{board_uid[:8]}" if board_uid else ""
    folder = data_dir() / "backups" / f"{stem}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def folders_for_name(board_path: Path) -> list[Path]:
    """Return the existing backup folders of any board whose file had this name.

    For when the board file cannot be opened (damaged or deleted) to read its id.
    """
    stem = _folder_stem(board_path)
    root = data_dir() / "backups"
    pattern = re.compile(re.escape(stem) + r"(-[0-9a-f]{8})?")
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and pattern.fullmatch(p.name))


def restore_hint(board_path: Path) -> str:
    """Return the advice for a board file that is refused: how to restore a backup, and
    where its backups are (each opens as a board), when there are any."""
    try:
        folders = [f for f in folders_for_name(board_path) if list(f.glob("*.sqlite"))]
    except OSError:
        folders = []
    where = f"; its backups are in '{folders[0]}', and each opens as a board" if folders else ""
    return (f"Restore a backup (sendsec restore --db \"{board_path}\" --list{where}) or ask "
            "for a clean copy; nothing was changed.")
