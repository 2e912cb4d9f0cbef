"""sendsec's data and log folders are the very folders platformdirs gives it (people's backups
and settings are in them), on Linux, macOS and Windows, however the XDG variables, HOME or
LOCALAPPDATA are set; SENDSEC_DATA_DIR overrides both."""

from __future__ import annotations

import sys

import platformdirs
import pytest
from platformdirs import macos, windows

from sendsec.storage import places

XDG = ("XDG_DATA_HOME", "XDG_STATE_HOME")
#: what a person's environment may hold in an XDG variable: a folder, one with a trailing
#: slash, nothing, spaces, a folder with spaces around it, a relative path, an unexpanded ~
XDG_VALUES = [None, "/srv/xdg", "/srv/xdg/", "", "   ", " /srv/xdg ", "/srv/xdg ",
              "relative/xdg", "~/xdg"]
HOMES = [None, "/home/jo", "/home/jo/", "", "relative/jo"]


def _set(monkeypatch, name: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


@pytest.fixture(params=[(xdg, home) for xdg in XDG_VALUES for home in HOMES], ids=repr)
def environment(request, monkeypatch) -> None:
    """Set both XDG variables and HOME as a person's environment may have them."""
    xdg, home = request.param
    for name in XDG:
        _set(monkeypatch, name, xdg)
    _set(monkeypatch, "HOME", home)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="this system's own rules")
def test_the_data_and_log_folders_are_platformdirs_own_on_this_system(environment):
    assert places.user_folder("data") == platformdirs.user_data_dir("sendsec", False)
    assert places.user_folder("log") == platformdirs.user_log_dir("sendsec", False)


def test_on_a_mac_the_folders_are_those_platformdirs_gives_there(environment, monkeypatch):
    mac = macos.MacOS(appname="sendsec", appauthor=False)
    expected = (mac.user_data_dir, mac.user_log_dir)
    monkeypatch.setattr(platformdirs, "PlatformDirs", macos.MacOS)  # where it falls back
    monkeypatch.setattr(sys, "platform", "darwin")
    assert (places.user_folder("data"), places.user_folder("log")) == expected


@pytest.mark.parametrize("local", [r"C:\Users\jo\AppData\Local", "C:\\Users\\jo\\AppData\\Local\\",
                                   "/c/users/jo/appdata/local/", "D:/Profiles/./jo.smith//Local"])
def test_on_windows_the_folders_are_those_platformdirs_gives_there(monkeypatch, local):
    """platformdirs asks the shell for the local AppData folder; the LOCALAPPDATA variable
    Windows sets at login holds it, and is what platformdirs reads when it has no shell."""
    monkeypatch.setenv("LOCALAPPDATA", local)
    monkeypatch.delenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", raising=False)
    monkeypatch.setattr(windows, "get_win_folder", windows.get_win_folder_from_env_vars)
    win = windows.Windows(appname="sendsec", appauthor=False)
    expected = (win.user_data_dir, win.user_log_dir)
    monkeypatch.setattr(platformdirs, "PlatformDirs", windows.Windows)
    monkeypatch.setattr(sys, "platform", "win32")
    assert (places.user_folder("data"), places.user_folder("log")) == expected


@pytest.mark.parametrize("env", [{"LOCALAPPDATA": None},
                                 {"LOCALAPPDATA": "", "WIN_PD_OVERRIDE_LOCAL_APPDATA": None},
                                 {"WIN_PD_OVERRIDE_LOCAL_APPDATA": r"E:\Portable\Local"}])
def test_on_windows_platformdirs_answers_when_the_variable_cannot(monkeypatch, env):
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\jo\AppData\Local")
    for name, value in env.items():
        _set(monkeypatch, name, value)
    monkeypatch.setattr(windows, "get_win_folder", lambda name: r"C:\From the shell\Local")
    monkeypatch.setattr(platformdirs, "PlatformDirs", windows.Windows)
    monkeypatch.setattr(sys, "platform", "win32")
    assert places.user_folder("data") == r"C:\From the shell\Local/sendsec"
    assert places.user_folder("log") == r"C:\From the shell\Local/sendsec/Logs"


def test_sendsec_data_dir_overrides_both_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert places.data_dir() == tmp_path / "mine"
    assert places.log_dir() == tmp_path / "mine" / "logs"
    assert places.log_dir().is_dir() and not (tmp_path / "xdg").exists()
