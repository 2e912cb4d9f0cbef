"""A board on a network drive or in a synced folder is warned about (and, in the app, moved)."""

from __future__ import annotations

import sqlite3

import pytest

from sendsec.cli import main
from sendsec.services import placement
from sendsec.services.board import Board

WIN = "win32"
LOCAL = {}


def _remote_drives(*letters: str):
    return lambda root: placement.DRIVE_REMOTE if root[0].upper() in letters else 3


@pytest.mark.parametrize("path, expected", [
    (r"\\server\share\SEND\board.sqlite", "on a network share"),
    ("//server/share/SEND/board.sqlite", "on a network share"),
    (r"\\?\UNC\server\share\board.sqlite", "on a network share"),
    (r"H:\SEND\board.sqlite", "on a network drive (H:)"),
    (r"C:\Users\sam\OneDrive\SEND\board.sqlite", "in a OneDrive folder"),
    (r"C:\Users\sam\OneDrive - West Northants Council\Board\b.sqlite",
     "in a OneDrive for work folder (synced with SharePoint)"),
    (r"C:\Users\sam\Dropbox\b.sqlite", "in a Dropbox folder"),
    (r"C:\Users\sam\Dropbox (Council)\b.sqlite", "in a Dropbox folder"),
    (r"G:\My Drive\SEND\b.sqlite", "in a Google Drive folder"),
    (r"C:\Users\sam\Google Drive\b.sqlite", "in a Google Drive folder"),
])
def test_network_and_synced_places_on_windows(path, expected):
    assert placement.risk(path, env=LOCAL, platform=WIN,
                          drive_type=_remote_drives("H")) == expected


@pytest.mark.parametrize("path", [
    r"C:\Users\sam\AppData\Local\sendsec\Boards\board.sqlite",
    r"\\?\C:\Users\sam\Documents\board.sqlite",
    r"D:\SEND\board.sqlite",
    r"C:\Users\sam\Documents\OneDrive notes.sqlite",  # the file's own name is not a folder
    r"C:\Users\sam\Documents\My Dropbox plans\board.sqlite",
])
def test_local_places_on_windows(path):
    assert placement.risk(path, env=LOCAL, platform=WIN, drive_type=_remote_drives("H")) is None


def test_onedrive_and_sharepoint_folders_named_by_the_environment():
    env = {"OneDrive": r"C:\Users\sam\Personal cloud",
           "OneDriveCommercial": r"C:\Users\sam\OneDrive - Northshire Council"}
    local = _remote_drives()
    assert placement.risk(r"c:\users\SAM\personal cloud\b.sqlite", env=env, platform=WIN,
                          drive_type=local) == "in a OneDrive folder"
    assert placement.risk(r"C:\Users\sam\Northshire Council\SEND Board - Documents\b.sqlite",
                          env=env, platform=WIN, drive_type=local) \
        == "in a SharePoint library synced to this computer"
    assert placement.risk(r"C:\Users\sam\Documents\b.sqlite", env=env, platform=WIN,
                          drive_type=local) is None


MOUNTS = """/dev/sda1 / ext4 rw 0 0
fileserver:/export /mnt/council nfs4 rw 0 0
//nas/send /media/send\\040share cifs rw 0 0
"""


@pytest.mark.parametrize("path, expected", [
    ("/mnt/council/SEND/board.sqlite", "on a network drive (nfs4)"),
    ("/media/send share/board.sqlite", "on a network drive (cifs)"),
    ("/mnt/councilx/board.sqlite", None),
    ("/home/sam/board.sqlite", None),
    ("/home/sam/Dropbox/board.sqlite", "in a Dropbox folder"),
    ("/Users/sam/Library/Mobile Documents/com~apple~CloudDocs/b.sqlite",
     "in an iCloud Drive folder"),
])
def test_network_mounts_and_synced_folders_elsewhere(path, expected):
    assert placement.risk(path, env=LOCAL, platform="linux", mounts=MOUNTS) == expected


@pytest.fixture
def synced(tmp_path, monkeypatch):
    """A board in a folder this computer syncs with OneDrive (named by the environment)."""
    cloud = tmp_path / "cloud"
    cloud.mkdir()
    monkeypatch.setenv("OneDrive", str(cloud))
    path = cloud / "board.sqlite"
    with Board.create_new(path, "Synced Board") as b:
        b.create("action", {"ref": "PA1", "title": "Kept"})
    return path


def test_the_command_line_warns_in_one_line_and_carries_on(synced, capsys):
    assert main(["summary", "--db", str(synced)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("sendsec: warning: 'board.sqlite' is in a OneDrive folder")
    assert "write-ahead log does not work over a network" in captured.err
    assert "Synced Board" in captured.out


def test_a_local_board_gets_no_warning(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OneDrive", raising=False)
    path = tmp_path / "board.sqlite"
    Board.create_new(path, "Local Board").close()
    assert main(["summary", "--db", str(path)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("answer", [True, False])
def test_the_app_offers_to_move_the_board_into_the_data_folder(synced, qtbot, monkeypatch,
                                                              answer):
    from ui import main_window as mw
    from ui.dialogs.errors import ConfirmDialog

    asked: list[str] = []

    def ask(cls, parent, text, title=""):
        asked.append(text)
        return answer

    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(ask))
    window = mw.MainWindow()
    qtbot.addWidget(window)
    assert window.open_interactive(synced)
    assert len(asked) == 1 and "is in a OneDrive folder" in asked[0]
    if answer:
        moved = placement.boards_folder() / "board.sqlite"
        assert window.path == moved and window.ctx.board.path == moved
        window.close_board()
        conn = sqlite3.connect(str(moved))
        try:
            assert conn.execute("SELECT title FROM actions").fetchall() == [("Kept",)]
            assert conn.execute("SELECT name FROM board").fetchall() == [("Synced Board",)]
        finally:
            conn.close()
        assert synced.exists()  # the file where it was is left for the person to remove
    else:
        assert window.path == synced
    window.close()
