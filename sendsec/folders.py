"""Folders people choose for output (papers, snapshots, requests)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
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


def replace_file(path: str | os.PathLike, write: Callable[[Path], None], *,
                 held_by: str = "another program") -> Path:
    """Write a file in one step: `write(temporary path)` beside `path`, flush it to disk,
    then move it into place, so `path` is only ever the old file or the whole new one.

    A file held open elsewhere (Word, Excel) raises SendsecError naming `held_by`;
    the temporary file never stays behind. Returns `path`.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".sendsec-{os.getpid()}-", suffix=path.suffix,
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise SendsecError(f"'{path.name}' cannot be written: it may be open in {held_by}; "
                           "close it and try again.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
