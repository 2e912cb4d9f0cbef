"""Reading cell values the way councils type them: UK dates, RAG words, scores, names.

Each reader returns the stored form of a value or raises ValueError with a
message fit to show next to the row number. Missing values ('TBC', 'N/A',
blank) are reported as missing (None plus a note), never invented.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from sendsec.domain import rules
from sendsec.domain.dates import parse_date

#: What people write in a date cell when there is no date yet.
MISSING_WORDS = frozenset({
    "tbc", "tbd", "tba", "n/a", "na", "n.a.", "none", "-", "--", "—", "–", "?", "nil",
    "not applicable", "not known", "unknown", "to be confirmed", "to be agreed", "ongoing",
    "on going", "various", "tbc.", "n/k",
})

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 cannot hold (and \r, which XML readers turn into \n).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def is_blank(value: object) -> bool:
    """Return True for None and for text that is only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_missing(value: object) -> bool:
    """Return True for blank cells and for 'TBC', 'N/A' and the like."""
    if is_blank(value):
        return True
    return isinstance(value, str) and " ".join(value.lower().split()) in MISSING_WORDS


def excel_unescape(text: str) -> str:
    """Return `text` with Excel's `_xHHHH_` escapes turned back into the characters they stand for.

    Excel (and `excel_escape`) writes characters XML cannot hold, such as a
    vertical tab pasted from Word, as `_x000B_`; a literal `_x` sequence is
    written as `_x005F_x...`.
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def excel_escape(text: str) -> str:
    """Return `text` ready to be written as an Excel string: the inverse of `excel_unescape`."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def cell_text(value: object) -> str:
    """Return a cell as text: whole numbers without '.0', dates as dd/mm/yyyy, text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def read_text(value: object) -> str | None:
    """Return the text of a cell as stored (NUL removed), or None for a blank cell."""
    if is_blank(value):
        return None
    text = cell_text(value)
    return text.replace("\x00", "") if "\x00" in text else text


def read_ref(value: object) -> str | None:
    """Return a reference as stored: spaces collapsed and trimmed; None if blank."""
    if is_blank(value):
        return None
    return " ".join(cell_text(value).replace("\x00", "").split()) or None


def ref_key(ref: str) -> str:
    """Return the form references are compared in ('PA 1.2' and 'pa1.2' are the same)."""
    return "".join(ref.split()).casefold()


def read_date(value: object) -> dt.date | None:
    """Return the date of a cell (UK forms, Excel dates and serial numbers); None if missing.

    Raises ValueError for text that is not a date ('32/01/2025', 'next spring').
    """
    if is_missing(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        # '31 Jan 2025 (revised)' and 'Sept 2025' are common; only whole dates are accepted
        try:
            return parse_date(text)
        except ValueError:
            month_year = _month_year(text)
            if month_year:
                raise ValueError(f"'{text}' has no day of the month (write it as "
                                 f"{month_year})") from None
            raise
    return parse_date(value)


def _month_year(text: str) -> str | None:
    m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text.strip())
    if not m:
        return None
    try:
        d = parse_date(f"1 {m[1]} {m[2]}")
    except ValueError:
        return None
    if d is None:
        return None
    last = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return f"{last:%d/%m/%Y}"


def read_rag(value: object) -> str | None:
    """Return 'red', 'amber', 'green' or 'blue'; None if blank.

    Accepts what rules.normalise_rag accepts plus combined ratings such as
    'Amber/Red' or 'Green - Amber' (the worse one counts) and 'RAG: Red'.
    """
    if is_missing(value):
        return None
    text = cell_text(value).strip()
    text = re.sub(r"^(rag( status| rating)?|status)\s*[:\-]\s*", "", text, flags=re.I)
    try:
        return rules.normalise_rag(text)
    except ValueError:
        parts = [p for p in re.split(r"\s*(?:/|\\|\||&|\band\b|\bto\b|\s-\s|–|—)\s*", text,
                                     flags=re.I) if p.strip()]
        if len(parts) > 1:
            return rules.worst_rag(rules.normalise_rag(p) for p in parts)
        raise


_SCORE_WORDS = {"very low": 1, "rare": 1, "low": 2, "unlikely": 2, "medium": 3, "moderate": 3,
                "possible": 3, "high": 4, "likely": 4, "major": 4, "very high": 5,
                "almost certain": 5, "severe": 5, "catastrophic": 5, "critical": 5,
                "minor": 2, "negligible": 1, "insignificant": 1, "significant": 4}


def read_score(value: object) -> int | None:
    """Return a 1-5 likelihood or impact score; None if blank.

    Accepts 1-5 as numbers or text ('4', '4.0', '4 - Likely', 'Likely (4)') and the
    usual words of a 5x5 matrix (Rare, Unlikely, Possible, Likely, Almost certain).
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a score from 1 to 5")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = " ".join(str(value).split()).casefold()
        digits = re.findall(r"\d+(?:\.\d+)?", text)
        if len(digits) == 1:
            number = float(digits[0])
        elif not digits and text in _SCORE_WORDS:
            return _SCORE_WORDS[text]
        else:
            raise ValueError(f"'{str(value).strip()}' is not a score from 1 to 5")
    if not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(f"'{cell_text(value)}' is not a score from 1 to 5")
    return int(number)


def read_number(value: object) -> float | None:
    """Return a number from a cell ('1,234', '45%', '£1,200', 0.45); None if missing."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("£", "").rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{str(value).strip()}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{cell_text(value)}' is not a number")
    return number


def name_key(name: str) -> str:
    """Return the form people's names are compared in: case, accents' width, dots and spacing ignored."""
    text = unicodedata.normalize("NFKC", name).casefold().replace(".", " ")
    return " ".join(text.split())


_TITLES = re.compile(r"^(mr|mrs|ms|miss|mx|dr|prof|professor|cllr|councillor|sir|dame)\s+",
                     re.I)


def split_owner(text: str) -> tuple[str, str, str]:
    """Return (name, organisation, job title) from an owner cell.

    'Jane Smith (ICB)' -> ('Jane Smith', 'ICB', ''); 'Jane Smith, Head of SEND' ->
    ('Jane Smith', '', 'Head of SEND'); 'Cllr Jane Smith' -> ('Cllr Jane Smith', '', '').
    """
    text = " ".join(text.split())
    org = title = ""
    m = re.fullmatch(r"(.+?)\s*\(([^()]*)\)\s*(.*)", text)
    if m and m[1].strip():
        text, org = (m[1] + (" " + m[3] if m[3] else "")).strip(), m[2].strip()
    if "," in text:
        name, _, rest = text.partition(",")
        if name.strip():
            text, title = name.strip(), rest.strip()
    return text, org, title


def several_owners(text: str) -> list[str]:
    """Return the names in an owner cell that names more than one ('A / B', 'A; B', 'A & B')."""
    parts = [p.strip() for p in re.split(r"\s*(?:/|;|&|\n)\s*", text) if p.strip()]
    return parts if len(parts) > 1 else [text.strip()]
