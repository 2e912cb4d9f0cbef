"""File names for people: '2025-03-12 <Board> - Agenda.docx', safe on Windows."""

from __future__ import annotations

import datetime as dt
import re

from sendsec.papers.safe_text import one_line

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
#: Longest file name written (Windows allows 255, but the whole path must stay under 260
#: for Word and Outlook, and papers often live a few folders deep).
MAX_NAME = 150


def safe_part(text: object, limit: int = 80) -> str:
    """Return `text` fit to be part of a Windows file name (never empty).

    Characters Windows forbids become '-', runs of spaces collapse, trailing
    dots and spaces go, and the result is cut to `limit` characters at a word boundary.
    """
    part = " ".join(_WINDOWS_FORBIDDEN.sub("-", one_line(text)).split())
    if len(part) > limit:  # cut at a word boundary where there is one, never mid-word
        cut = part[:limit + 1].rsplit(" ", 1)[0]
        part = cut if " " in part[:limit + 1] and len(cut) >= limit // 2 else part[:limit]
    part = part.rstrip(". ")
    part = part.lstrip(" ")
    if not part:
        return "unnamed"
    if part.split(".")[0].upper() in _RESERVED:
        part = f"_{part}"
    return part


#: Windows' limit on a whole path (MAX_PATH less the terminating NUL).
MAX_PATH = 259


def name_limit(folder: object) -> int:
    """Return the longest paper name that keeps `folder`/name within Windows' path limit
    (at most MAX_NAME): papers often live deep in a OneDrive folder."""
    return min(MAX_NAME, MAX_PATH - len(str(folder)) - 1)


def paper_name(meeting_date: dt.date | str, board_name: str, paper: str, ext: str,
               person: str | None = None, limit: int = MAX_NAME) -> str:
    """Return the file name of one paper, e.g.
    '2025-03-12 West Northamptonshire SEND Improvement Board - Invitation - Jo Bloggs.eml'.
    """
    day = meeting_date if isinstance(meeting_date, str) else meeting_date.isoformat()
    tail = f" - {safe_part(paper, 60)}" if paper else ""
    if person is not None:
        tail += f" - {safe_part(person, 50)}"
    ext = ext if ext.startswith(".") else f".{ext}"
    room = limit - len(day) - 1 - len(tail) - len(ext)
    return f"{day} {safe_part(board_name, max(10, room))}{tail}{ext}"


def unique_names(names: list[str]) -> list[str]:
    """Return `names` with repeats told apart ('Jo Bloggs', 'Jo Bloggs (2)'), ignoring case."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        key = name.lower()
        count = seen.get(key, 0) + 1
        seen[key] = count
        out.append(name if count == 1 else f"{name} ({count})")
    return out
