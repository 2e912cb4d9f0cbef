"""Folders people choose for output (papers, snapshots, requests).

Every board has one output folder under sendsec's data folder,
`<data folder>/Output/<board name>`, with a folder a meeting (`<date> meeting`, holding
`Papers`, `Minutes` and `Returns`) and folders for `Snapshots`, `Exports` and `Evidence`:
`output_path` says where each kind of output goes. Nothing goes in the home folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sendsec.domain.errors import SendsecError, os_error_reason
from sendsec.storage.leftovers import write_flushed

#: Where each kind of output goes under a board's output folder ({meeting}: the meeting's
#: folder, e.g. '2026-12-16 meeting').
OUTPUT_KINDS = {
    "papers": ("{meeting}", "Papers"),
    "minutes": ("{meeting}", "Minutes"),
    "returns": ("{meeting}", "Returns"),
    "snapshots": ("Snapshots",),
    "exports": ("Exports",),
    "evidence": ("Evidence",),
}
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def board_output_root(board_name: str) -> Path:
    """Return the board's own output folder, `<data folder>/Output/<board name>` (the
    name made fit for a folder; not created here)."""
    from sendsec.storage.backups import data_dir

    name = " ".join(_NOT_IN_NAMES.sub(" ", board_name or "").split())[:80].strip(" .")
    return data_dir() / "Output" / (name or "Board")


def output_parts(kind: str, meeting_date: dt.date | str | None = None) -> tuple[str, ...]:
    """Return the folders, under a board's output folder, where `kind` of output goes."""
    if kind not in OUTPUT_KINDS:
        raise KeyError(f"Unknown kind of output {kind!r}; known: {', '.join(OUTPUT_KINDS)}")
    meeting = f"{meeting_date} meeting" if meeting_date else "No meeting"
    return tuple(part.format(meeting=meeting) for part in OUTPUT_KINDS[kind])


def output_path(root: str | os.PathLike, kind: str,
                meeting_date: dt.date | str | None = None) -> Path:
    """Return where `kind` of output goes under the output folder `root`, e.g.
    `root/2026-12-16 meeting/Papers` or `root/Snapshots` (not created here)."""
    return Path(root).joinpath(*output_parts(kind, meeting_date))


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


def replace_file(path: str | os.PathLike, write: Callable[[Path], object], *,
                 held_by: str = "another program") -> Path:
    """Write a file in one step: `write(temporary path)` beside `path`, flush it to disk,
    then move it into place, so `path` is only ever the old file or the whole new one.

    A file held open elsewhere (Word, Excel) raises SendsecError naming `held_by`;
    the temporary file never stays behind. Returns `path`.
    """
    path = Path(path)
    if path.is_dir():
        raise SendsecError(f"'{path}' is a folder; give the name of the file to write.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".sendsec-{os.getpid()}-", suffix=path.suffix,
                                        dir=path.parent)
    except OSError as exc:
        raise SendsecError(f"'{path}' cannot be written: {folder_reason(exc)}. "
                           "Nothing was written.") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.replace(write_flushed(tmp, write), path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise SendsecError(f"'{path.name}' cannot be written: it may be open in {held_by}; "
                           "close it and try again.") from None
    except OSError as exc:  # a full disk, a name too long ...
        tmp.unlink(missing_ok=True)
        raise SendsecError(f"'{path}' cannot be written: {os_error_reason(exc)}. "
                           "Nothing was written.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def folder_reason(exc: OSError) -> str:
    """Return why a file could not be made in its folder, e.g. 'its folder does not exist'."""
    if exc.errno == errno.ENOENT:
        return "its folder does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "its folder cannot be written to (permission denied)"
    return os_error_reason(exc)


_scratch = threading.local()


@contextmanager
def workbook_scratch(folder: str | os.PathLike) -> Iterator[None]:
    """While a workbook is saved, keep openpyxl's scratch files (a copy of each sheet's
    data) in `folder` as `.sendsec-xlsx-<pid>-*`, not in the system temp folder, so a
    killed process leaves them where the next start clears them away."""
    from openpyxl.worksheet import _writer

    if not getattr(_writer.create_temporary_file, "sendsec", False):
        original = _writer.create_temporary_file

        def create_temporary_file(suffix: str = "") -> str:
            where = getattr(_scratch, "folder", None)
            if where is None:
                return original(suffix)
            fd, name = tempfile.mkstemp(suffix=suffix, prefix=f".sendsec-xlsx-{os.getpid()}-",
                                        dir=where)
            os.close(fd)
            _writer.ALL_TEMP_FILES.append(name)
            return name

        create_temporary_file.sendsec = True  # type: ignore[attr-defined]
        _writer.create_temporary_file = create_temporary_file
    before = getattr(_scratch, "folder", None)
    _scratch.folder = str(folder)
    try:
        yield
    finally:
        _scratch.folder = before


def discard_workbook(wb: Any) -> None:
    """Close what a workbook whose save failed still holds open (each write-only sheet's
    writer and its scratch file), quietly: otherwise they complain on stderr when the
    interpreter collects them."""
    from openpyxl.worksheet import _writer

    for ws in getattr(wb, "_sheets", []):
        writer = getattr(ws, "_writer", None)
        for gen in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            try:
                if gen is not None:
                    gen.close()
            except Exception:  # noqa: BLE001 - half-written XML complains on closing
                pass
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            try:
                os.remove(out)
                _writer.ALL_TEMP_FILES.remove(out)
            except (OSError, ValueError):
                pass


def workbook_bytes(wb: Any) -> bytes:
    """Return a workbook saved as .xlsx bytes, its scratch files kept in the data folder's
    `temp` (cleared at the next start if the process is killed), not the system temp."""
    import io

    from sendsec.storage.leftovers import temp_root

    buffer = io.BytesIO()
    with workbook_scratch(temp_root()):
        wb.save(buffer)
    return buffer.getvalue()
