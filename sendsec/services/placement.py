"""Where a board file lives: a network drive or a synced folder puts it at risk.

SQLite's write-ahead log (WAL) needs shared memory between every process that
has the file open, which a network file system (a UNC path, a mapped network
drive, an NFS or SMB mount) cannot give; and a sync client (OneDrive,
SharePoint, Dropbox, Google Drive, iCloud) copies the file while it is being
written, so the copy elsewhere can be half of one state and half of another.
`risk` says which of these a path is in (a pure function: the environment,
platform, drive type and mount table can be given, so it is tested anywhere);
the command line warns in one line and carries on, the app offers to move the
board into sendsec's data folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

#: GetDriveTypeW's answer for a network drive.
DRIVE_REMOTE = 4
#: File system types of network mounts (Linux /proc/mounts, macOS mount).
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "afpfs", "fuse.sshfs",
                        "sshfs", "9p", "ncpfs", "webdav", "davfs", "fuse.rclone"})
_ENV_SYNC = (("OneDriveCommercial", "a OneDrive for work folder (synced with SharePoint)"),
             ("OneDriveConsumer", "a OneDrive folder"),
             ("OneDrive", "a OneDrive folder"))
WHY = ("SQLite cannot keep a board safe there: its write-ahead log does not work over a "
       "network, and a sync client can copy a half-written file")


def _windows(platform: str) -> bool:
    return platform.startswith("win")


def _pure(path: str | os.PathLike, platform: str) -> PurePath:
    return PureWindowsPath(os.fspath(path)) if _windows(platform) else \
        PurePosixPath(os.fspath(path))


def _fold(text: str, platform: str) -> str:
    return text.casefold() if _windows(platform) or platform == "darwin" else text


def _inside(path: PurePath, folder: str, platform: str) -> bool:
    if not folder:
        return False
    base = _pure(folder, platform)
    parts, base_parts = [_fold(p, platform) for p in path.parts], \
        [_fold(p, platform) for p in base.parts]
    return len(base_parts) > 1 and parts[:len(base_parts)] == base_parts


def _synced_component(part: str) -> str | None:
    low = part.casefold()
    if low == "onedrive" or low.startswith("onedrive - "):
        return "a OneDrive folder" if low == "onedrive" else \
            "a OneDrive for work folder (synced with SharePoint)"
    if low == "dropbox" or low.startswith("dropbox ("):
        return "a Dropbox folder"
    if low in ("google drive", "my drive", "shared drives", "googledrive"):
        return "a Google Drive folder"
    if low in ("icloud drive", "iclouddrive", "mobile documents"):
        return "an iCloud Drive folder"
    if low == "sharepoint" or low.startswith("sharepoint - "):
        return "a SharePoint library synced to this computer"
    return None


def _mount_type(path: PurePath, mounts: str) -> str | None:
    """Return the file system type of the longest mount point holding `path`."""
    best, kind = -1, None
    text = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) > best:
            best, kind = len(point), fields[2]
    return kind


def risk(path: str | os.PathLike, *, env: Mapping[str, str] | None = None,
         platform: str | None = None, drive_type: Callable[[str], int] | None = None,
         mounts: str | None = None) -> str | None:
    """Return where `path` is, when that is a network drive or a synced folder (a phrase
    such as "on a network share" or "in a OneDrive folder"), else None.

    `env`, `platform`, `drive_type` (a Windows drive root -> GetDriveTypeW) and `mounts`
    (the text of /proc/mounts) default to this computer's.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    text = os.fspath(path)
    if _windows(platform):
        unc = text.replace("/", "\\")
        if unc.startswith(("\\\\?\\UNC\\", "\\\\.\\UNC\\")):
            return "on a network share"
        if unc.startswith(("\\\\?\\", "\\\\.\\")):
            text = unc[4:]
        elif unc.startswith("\\\\"):
            return "on a network share"
    elif text.startswith("//"):
        return "on a network share"
    pure = _pure(text, platform)
    if _windows(platform) and pure.drive and len(pure.drive) == 2:
        if drive_type is None:
            drive_type = _drive_type
        if drive_type(pure.drive + "\\") == DRIVE_REMOTE:
            return f"on a network drive ({pure.drive})"
    for name, where in _ENV_SYNC:
        if _inside(pure, env.get(name, ""), platform):
            return f"in {where}"
    commercial = env.get("OneDriveCommercial", "")
    if commercial:
        tenant = _pure(commercial, platform).name.partition(" - ")[2]
        home = _pure(commercial, platform).parent
        if tenant and _inside(pure, str(home / tenant), platform):
            return "in a SharePoint library synced to this computer"
    for part in pure.parts[:-1]:
        synced = _synced_component(part)
        if synced:
            return f"in {synced}"
    if not _windows(platform):
        if mounts is None:
            mounts = _read_mounts()
        kind = _mount_type(pure, mounts)
        if kind in NETWORK_FS:
            return f"on a network drive ({kind})"
    return None


def _drive_type(root: str) -> int:
    if not sys.platform.startswith("win"):
        return 0
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined,unused-ignore]


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def warning(path: str | os.PathLike) -> str | None:
    """Return the one-line warning for a board at `path`, or None when it is safe where it is."""
    try:
        where = risk(Path(path).resolve())
    except (OSError, ValueError):
        return None
    if where is None:
        return None
    return (f"'{Path(path).name}' is {where}; {WHY}. Keep the board in sendsec's data "
            "folder and share snapshots or exports instead.")


def boards_folder() -> Path:
    """Return (and create) the folder in sendsec's data folder that boards are moved into."""
    from sendsec.storage.backups import data_dir

    folder = data_dir() / "Boards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
