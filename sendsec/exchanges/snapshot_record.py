"""What the record inside a snapshot carries besides who took it and when: what changed
since the previous snapshot (written when it is taken, read back when it is opened) and the
secretary's name, each cut to a size that is safe to show."""

from __future__ import annotations

import json
from typing import Any

#: How much of what changed a snapshot carries inside it (the report beside it has it all).
CARRIED_LINES = 2000
CARRIED_LINE = 300


def carried_changes(report: Any) -> str:
    """Return what a changes report says, as the JSON text a snapshot carries inside it:
    {"basis": sentence, "lines": [a heading per section, an indented line per change],
    "omitted": how many lines it leaves to the report}."""
    lines: list[str] = []
    if report.diff is not None:
        lines = [line for line in report.diff.lines()[2:] if not line.startswith("Note: ")]
    elif report.log is not None:
        for heading, rows in report.log:
            lines += ["", f"{heading} ({len(rows)})"]
            for when, who, record, what, old, new in rows:
                change = f"{_one_line(old)} -> {_one_line(new)}" if old else _one_line(new)
                lines.append(f"  {_one_line(record)}: {what}" + (f": {change}" if change else "")
                             + f" ({when}, {who})")
    while lines and not lines[0].strip():
        lines.pop(0)
    omitted = max(0, len(lines) - CARRIED_LINES) + int(getattr(report, "log_omitted", 0) or 0)
    lines = [shorten(line.rstrip(), CARRIED_LINE, keep_indent=True)
             for line in lines[:CARRIED_LINES]]
    return json.dumps({"basis": report.basis, "lines": lines, "omitted": omitted},
                      ensure_ascii=False)


def _one_line(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def read_carried_changes(text: Any) -> dict[str, Any] | None:
    """Return the changes a snapshot carries ({'basis', 'lines', 'omitted'}), or None when
    it carries none or what it carries is not in that form (never an error: it is only shown)."""
    if not isinstance(text, str) or len(text) > 4 * CARRIED_LINES * CARRIED_LINE:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    basis, lines, omitted = data.get("basis"), data.get("lines"), data.get("omitted", 0)
    if not isinstance(basis, str) or not isinstance(lines, list) \
            or not all(isinstance(line, str) for line in lines) or not isinstance(omitted, int):
        return None
    return {"basis": basis[:1000], "lines": [line[:CARRIED_LINE] for line in
                                             lines[:CARRIED_LINES]], "omitted": max(0, omitted)}


def clean_name(name: Any) -> str | None:
    """Return a person's name on one line, at most 200 characters, or None when it is blank."""
    text = " ".join(str(name).split()) if name else ""
    return text[:200] or None


def shorten(text: str, limit: int = 160, *, keep_indent: bool = False) -> str:
    """Return `text` on one line (its leading spaces kept with `keep_indent`), cut to `limit`
    characters and ended with '…' when it is longer."""
    indent = text[: len(text) - len(text.lstrip(" "))] if keep_indent else ""
    text = indent + " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
