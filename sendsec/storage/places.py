"""Where sendsec keeps its own files: the data folder (or $SENDSEC_DATA_DIR) and, in it, one
backup folder per board; the folder of the app's log; and what to tell someone whose board
file is refused."""

from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path
from typing import Literal


def data_dir() -> Path:
    """Return (and create) the folder for sendsec's own files ($SENDSEC_DATA_DIR overrides it)."""
    override = os.environ.get("SENDSEC_DATA_DIR")
    base = Path(override) if override else Path(user_folder("data"))
    base.mkdir(parents=True, exist_ok=True)
    return base


def log_dir() -> Path:
    """Return (and create) the folder for the app's log ($SENDSEC_DATA_DIR/logs when that is set)."""
    override = os.environ.get("SENDSEC_DATA_DIR")
    folder = Path(override) / "logs" if override else Path(user_folder("log"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def user_folder(kind: Literal["data", "log"]) -> str:
    """Return the folder platformdirs gives sendsec for its data or its log:
    `user_data_dir("sendsec", False)` or `user_log_dir("sendsec", False)`.

    Worked out here as platformdirs 4 does on Windows, macOS and Linux, because importing
    platformdirs costs the start of the app some 5 ms; platformdirs itself answers where this
    cannot (Windows without LOCALAPPDATA, a home that is not an absolute path, any other
    system). The folder must stay the one platformdirs gives: the boards' backups and the
    app's settings of people already using sendsec are in it.
    """
    folder = _plain_user_folder(kind)
    if folder is None:
        import platformdirs

        folder = (platformdirs.user_data_dir("sendsec", False) if kind == "data"
                  else platformdirs.user_log_dir("sendsec", False))
    return folder


def _plain_user_folder(kind: Literal["data", "log"]) -> str | None:
    """Return `user_folder(kind)` by platformdirs' rules, or None where they need platformdirs."""
    if sys.platform == "win32":
        # platformdirs asks the shell for the local AppData folder, which Windows also puts in
        # LOCALAPPDATA when the person logs in; WIN_PD_OVERRIDE_LOCAL_APPDATA comes first there
        local = os.environ.get("LOCALAPPDATA")
        if not local or "WIN_PD_OVERRIDE_LOCAL_APPDATA" in os.environ:
            return None
        folder = os.path.join(os.path.normpath(local), "sendsec")
        return os.path.join(folder, "Logs") if kind == "log" else folder
    if hasattr(sys, "getandroidapilevel") or (os.environ.get("ANDROID_DATA") == "/data"
                                              and os.environ.get("ANDROID_ROOT") == "/system"):
        return None
    if sys.platform == "darwin":
        if kind == "log":  # macOS logs ignore XDG_STATE_HOME
            base = _home_path("~/Library/Logs")
            return None if base is None else os.path.join(base, "sendsec")
        variable, default, tail = "XDG_DATA_HOME", "~/Library/Application Support", ()
    elif sys.platform == "linux":
        variable, default, tail = (("XDG_DATA_HOME", "~/.local/share", ()) if kind == "data"
                                   else ("XDG_STATE_HOME", "~/.local/state", ("log",)))
    else:
        return None
    # an XDG folder counts only when it is an absolute path, used as it is (no ~, no trimming)
    xdg = os.environ.get(variable, "")
    base = xdg if posixpath.isabs(xdg) else _home_path(default)
    return None if base is None else os.path.join(base, "sendsec", *tail)


def _home_path(path: str) -> str | None:
    """Return `path` ('~/...') in the home folder, or None where platformdirs decides (a HOME
    that is set but not absolute, or no home found)."""
    home = os.environ.get("HOME")
    if home is not None and not posixpath.isabs(home):
        return None
    expanded = os.path.expanduser(path)
    return expanded if posixpath.isabs(expanded) else None


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
