"""A value as a field stores it, or why it cannot be: the checks every edit passes through
(`coerce`), with the messages people read (`field_problem`). Domain rules only: no SQL."""

from __future__ import annotations

import math
import re
from typing import Any

from sendsec.domain import rules
from sendsec.domain.dates import parse_date, parse_time
from sendsec.domain.entities import Field

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SURROGATE = re.compile("[\ud800-\udfff]")


class TooLong(ValueError):
    """A text longer than its field's limit: 'is 40,000 characters; the limit is 300'."""

    def __init__(self, length: int, limit: int):
        super().__init__(f"is {length:,} characters; the limit is {limit:,}")
        self.length, self.limit = length, limit


def field_problem(f: Field, exc: ValueError) -> str:
    """Return the message for a value refused by `coerce`, naming the field:
    'Action is 40,000 characters; the limit is 300.' or 'Start date: ... is not a date'."""
    return f"{f.label} {exc}." if isinstance(exc, TooLong) else f"{f.label}: {exc}"


def coerce(f: Field, value: Any) -> Any:
    """Return `value` as stored for field `f`, or raise ValueError saying what is wrong."""
    if isinstance(value, str):
        if "\x00" in value:  # NUL cannot be stored usefully: remove it before trimming
            value = value.replace("\x00", "")
        if _SURROGATE.search(value):
            # half of a character (a broken paste) cannot be stored as UTF-8: join pairs,
            # mark the rest with the replacement character
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if f.kind not in ("longtext",):
            value = value.strip()
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # blank, including a long text of nothing but spaces or line breaks
    kind = f.kind
    if kind in ("text", "longtext", "email"):
        if not isinstance(value, str):
            value = str(value)
        if "\x00" in value:
            value = value.replace("\x00", "")
        if len(value) > f.max_length:
            raise TooLong(len(value), f.max_length)
        if kind == "email" and not _EMAIL.match(value):
            raise ValueError(f"'{value}' is not an email address")
        return value
    if kind == "date":
        day = parse_date(value)
        return day.isoformat() if day else None
    if kind == "time":
        return parse_time(value)
    if kind in ("bool", "direction"):
        if isinstance(value, bool):
            return int(value)
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "y") or (kind == "direction" and text == "higher"):
            return 1
        if text in ("0", "false", "no", "n") or (kind == "direction" and text == "lower"):
            return 0
        if kind == "direction" and text.startswith("neither"):
            return None
        raise ValueError(f"'{value}' is not yes or no" if kind == "bool" else
                         f"'{value}' is not yes, no or neither")
    if kind in ("int", "ref"):
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not a whole number")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"'{value}' is not a whole number")
            value = int(value)
        if not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise ValueError(f"'{value}' is not a whole number") from None
        if f.minimum is not None and not (f.minimum <= value <= f.maximum):
            raise ValueError(f"must be from {f.minimum:g} to {f.maximum:g}, not {value}")
        return value
    if kind == "float":
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not a number")
        try:
            number = float(str(value).strip().rstrip("%").replace(",", "")) if isinstance(
                value, str) else float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"'{value}' is not a number")
        return number
    if kind == "choice":
        text = str(value).strip()
        if f.name == "rag":
            return rules.normalise_rag(text)
        for choice in f.choices:
            if choice.lower() == text.lower():
                return choice
        raise ValueError(f"'{value}' is not one of: {', '.join(f.choices)}")
    raise AssertionError(f"unknown field kind {kind}")
