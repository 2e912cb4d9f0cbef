"""Folders people choose for output (papers, snapshots, requests)."""

from __future__ import annotations

import os
from pathlib import Path

from sendsec.errors import SendsecError


def output_folder(path: str | os.PathLike) -> Path:
    """Return `path` as a folder that exists (creating it), or raise SendsecError saying why
    it cannot be one (it is a file, or it cannot be created)."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise SendsecError(f"'{out}' is a file, not a folder.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SendsecError(f"The folder '{out}' cannot be created: "
                           f"{exc.strerror or exc}.") from None
    if not out.is_dir():
        raise SendsecError(f"'{out}' is not a folder.")
    return out
