"""Papers others write (a deep dive), attached to their agenda item by the secretary.

The pack shows such a paper as "to follow" until a .docx named 'Paper D ....docx' is in the
meeting's papers folder; `attach` puts the chosen file there under that name, after checking
it is a Word document that can be merged: a real .docx (a zip holding word/document.xml), no
macros, not huge, readable. It is copied to a temporary name and then renamed, so the folder
never holds half a paper, and an earlier paper for the same letter is replaced only when asked.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from sendsec.domain.errors import SendsecError, os_error_reason
from sendsec.papers.naming import safe_part

#: The largest paper attached (Word documents with pictures are a few MB).
MAX_BYTES = 50 * 1024 * 1024
_NAME = re.compile(r"^paper\s+([A-Z]{1,2}\d{0,2})(?![A-Za-z0-9])", re.IGNORECASE)
_REF = re.compile(r"^\s*(?:paper\s+)?([A-Z]{1,2}\d{0,2})\s*$", re.IGNORECASE)


class AlreadyAttached(SendsecError):
    """A paper is attached for this letter already (`existing`); attach again to replace it."""

    def __init__(self, existing: Path):
        super().__init__(f"'{existing.name}' is attached already.")
        self.existing = existing


def letter_of(paper_ref: str | None) -> str | None:
    """Return the letter of an agenda item's paper reference ('Paper D' or 'D' gives 'D')."""
    match = _REF.match(paper_ref or "")
    return match.group(1).upper() if match else None


def letter_of_file(path: Path) -> str | None:
    """Return the paper letter an attached file's name gives ('Paper D - x.docx': 'D'), or
    None for any other file (Word's '~$' lock files included)."""
    if path.suffix.lower() != ".docx" or path.name.startswith("~$"):
        return None
    match = _NAME.match(path.stem)
    return match.group(1).upper() if match else None


def attached_file(folder: Path, letter: str) -> Path | None:
    """Return the paper attached for `letter` in `folder` (the first by name), or None."""
    try:
        found = sorted(p for p in folder.glob("*.docx") if letter_of_file(p) == letter.upper())
    except OSError:
        return None
    return found[0] if found else None


def problem(path: Path) -> str | None:
    """Return why `path` cannot be merged into the pack as a paper, in one line, or None."""
    name = path.name
    if path.suffix.lower() in (".docm", ".dotm"):
        return f"'{name}' is a macro-enabled Word file: save it as a Word document (.docx)."
    if path.suffix.lower() != ".docx":
        return f"'{name}' is not a Word document (.docx)."
    try:
        if not path.is_file():
            return f"'{name}' is not a file that can be read."
        size = path.stat().st_size
        if size > MAX_BYTES:
            return (f"'{name}' is {size // (1024 * 1024)} MB, more than the "
                    f"{MAX_BYTES // (1024 * 1024)} MB a paper may be.")
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                return f"'{name}' is not a Word document that can be read (no document inside)."
            types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names \
                else b""
            if any(n.lower().endswith("vbaproject.bin") for n in names) or \
                    b"macroEnabled" in types:
                return f"'{name}' holds macros: save it as a Word document (.docx) without them."
            if package.testzip() is not None:
                return f"'{name}' is damaged: it cannot be read whole."
    except zipfile.BadZipFile:
        return f"'{name}' is not a Word document that can be read (it is damaged or not Word)."
    except OSError as exc:
        return f"'{name}' cannot be read: {os_error_reason(exc)}."
    except (RuntimeError, ValueError, EOFError):  # encrypted or truncated members
        return f"'{name}' is damaged: it cannot be read whole."
    return None


def attach(source: Path, folder: Path, letter: str, title: str, *,
           replace: bool = False) -> Path:
    """Copy the paper `source` into the meeting's papers `folder` as 'Paper <letter> -
    <title>.docx', the name the pack merges; return its path. Raise SendsecError when the file
    cannot be a paper, and AlreadyAttached when one is attached for the letter (unless
    `replace`, when the earlier one goes once the new one is in place)."""
    source = Path(source)
    why = problem(source)
    if why:
        raise SendsecError(why)
    letter = letter.upper()
    existing = attached_file(folder, letter)
    target = folder / f"Paper {letter} - {safe_part(title.replace(': ', ' - '), 80)}.docx"
    if existing is not None and not replace:
        raise AlreadyAttached(existing)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".sendsec-attach-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as data:
                shutil.copyfileobj(data, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        if existing is not None and existing != target:
            existing.unlink(missing_ok=True)
    except OSError as exc:
        raise SendsecError(f"'{source.name}' could not be attached in '{folder}': "
                           f"{os_error_reason(exc)}. Nothing was changed.") from None
    return target
