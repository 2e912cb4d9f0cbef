"""Where the app proposes to write files: the board's own output folder, and what the
secretary chose instead (remembered per board in the app's settings, with her yes/no
choices such as making the board pack's PDF).

Every dialog that writes files asks `propose(ctx, kind, meeting_date)` for the folder
to offer and tells `remember(...)` what was chosen. Choosing the proposed folder of a
meeting somewhere else (the same '<date> meeting/Papers' under another folder) moves the
board's whole output folder; choosing any other folder is remembered for that kind of
output alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sendsec.services.folders import board_output_root, output_parts, output_path
from ui.context import AppContext
from ui.settings import AppSettings


def _board_key(ctx: AppContext) -> str:
    board = ctx.board
    uid = board.settings().get("board_uid") if board is not None else None
    return str(uid or (board.path if board is not None else "none"))


def output_root(ctx: AppContext, settings: AppSettings | None = None) -> Path:
    """Return the board's output folder: the one chosen for it, else
    `<data folder>/Output/<board name>`."""
    settings = settings or AppSettings()
    chosen = settings.output_folder(_board_key(ctx), "root")
    return chosen or board_output_root(ctx.board.name if ctx.board is not None else "")


def propose(ctx: AppContext, kind: str, meeting_date: dt.date | str | None = None,
            settings: AppSettings | None = None) -> Path:
    """Return the folder to offer for `kind` of output ('papers', 'minutes', 'returns',
    'snapshots', 'exports', 'evidence'), e.g. '.../<board>/2026-12-16 meeting/Papers'."""
    settings = settings or AppSettings()
    own = settings.output_folder(_board_key(ctx), kind)
    return own or output_path(output_root(ctx, settings), kind, meeting_date)


def remember(ctx: AppContext, kind: str, meeting_date: dt.date | str | None, chosen: Path,
             settings: AppSettings | None = None) -> None:
    """Remember the folder the secretary chose for `kind` of output of this board."""
    settings = settings or AppSettings()
    key = _board_key(ctx)
    chosen = Path(chosen)
    if chosen == propose(ctx, kind, meeting_date, settings):
        return
    parts = output_parts(kind, meeting_date)
    if chosen.parts[-len(parts):] == parts:  # the same layout somewhere else: move it all
        settings.set_output_folder(key, "root", Path(*chosen.parts[:-len(parts)]))
        settings.set_output_folder(key, kind, None)
    else:
        settings.set_output_folder(key, kind, chosen)


def choice(ctx: AppContext, name: str, settings: AppSettings | None = None) -> bool:
    """Return a yes/no choice the secretary made for this board (e.g. 'papers_pdf')."""
    return (settings or AppSettings()).board_choice(_board_key(ctx), name)


def remember_choice(ctx: AppContext, name: str, value: bool,
                    settings: AppSettings | None = None) -> None:
    """Remember a yes/no choice made for this board."""
    (settings or AppSettings()).set_board_choice(_board_key(ctx), name, value)
