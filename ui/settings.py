"""What the app remembers between runs: the last file, recent files, window layout, and the
column choices made for each layout of plan imported.

Kept in an .ini file in sendsec's data folder (so $SENDSEC_DATA_DIR moves it
for tests) rather than the Windows registry, which council laptops may lock.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from sendsec.services.board_files import data_dir

MAX_RECENT = 8


class AppSettings:
    """A thin, typed wrapper over QSettings."""

    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / "sendsec-app.ini"
        self._s = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._s.sync()

    # ------------------------------------------------------------ files
    def last_file(self) -> Path | None:
        """Return the board file open when the app last closed, if it still exists."""
        value = self._s.value("files/last", "")
        if not value:
            return None
        p = Path(str(value))
        return p if p.exists() else None

    def set_last_file(self, path: Path | None) -> None:
        self._s.setValue("files/last", str(path) if path else "")

    def recent_files(self) -> list[Path]:
        """Return recently opened files that still exist, newest first."""
        value = self._s.value("files/recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        out = []
        for item in value if isinstance(value, list) else []:
            p = Path(str(item))
            if p.exists() and p not in out:
                out.append(p)
        return out[:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        recent = [p for p in self.recent_files() if p.resolve() != path]
        self._s.setValue("files/recent", [str(p) for p in [path, *recent][:MAX_RECENT]])

    def clear_recent(self) -> None:
        self._s.setValue("files/recent", [])

    # ------------------------------------------------------------ window
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    def current_tab(self) -> str:
        return str(self._s.value("window/tab", "overview") or "overview")

    def set_current_tab(self, name: str) -> None:
        self._s.setValue("window/tab", name)

    def splitter(self, tab: str) -> QByteArray | None:
        value = self._s.value(f"splitters/{tab}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_splitter(self, tab: str, value: QByteArray) -> None:
        self._s.setValue(f"splitters/{tab}", value)

    # ------------------------------------------------------------ output folders
    def output_folder(self, board_key: str, name: str) -> Path | None:
        """Return the output folder remembered for a board (`name`: 'root', or a kind of
        output chosen apart from it), or None."""
        value = self._s.value(f"output/{_key(board_key)}/{name}", "")
        return Path(str(value)) if value else None

    def set_output_folder(self, board_key: str, name: str, folder: Path | None) -> None:
        self._s.setValue(f"output/{_key(board_key)}/{name}", str(folder) if folder else "")
        self._s.sync()

    def board_choice(self, board_key: str, name: str) -> bool:
        """Return a yes/no choice remembered for a board (False when never made)."""
        return str(self._s.value(f"choices/{_key(board_key)}/{name}", "")).lower() == "true"

    def set_board_choice(self, board_key: str, name: str, value: bool) -> None:
        self._s.setValue(f"choices/{_key(board_key)}/{name}", "true" if value else "false")
        self._s.sync()

    # ------------------------------------------------------------ import
    def import_mappings(self) -> dict[str, dict[int, str | None]]:
        """Return the column choices saved per plan layout: {layout key: {column: field}}."""
        try:
            saved = json.loads(str(self._s.value("import/mappings", "") or "{}"))
        except ValueError:
            return {}
        if not isinstance(saved, dict):
            return {}
        out: dict[str, dict[int, str | None]] = {}
        for key, mapping in saved.items():
            if isinstance(mapping, dict):
                try:
                    out[str(key)] = {int(i): (None if f is None else str(f))
                                     for i, f in mapping.items()}
                except ValueError:
                    continue
        return out

    def set_import_mapping(self, layout: str, mapping: dict[int, str | None]) -> None:
        """Remember the column choices for plans whose header row has this layout key."""
        saved = self.import_mappings()
        saved[layout] = dict(mapping)
        self._s.setValue("import/mappings", json.dumps(
            {k: {str(i): f for i, f in m.items()} for k, m in saved.items()}))
        self._s.sync()


def _key(text: str) -> str:
    """Return `text` usable as one part of a settings key."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)[:120] or "board"
