"""Measuring text in Arial and sharing a table's width between its columns.

Word wraps a table cell only between words; a word wider than its column is cut
mid-word ("Ambe|r"). `column_widths` gives each column at least its widest word
(at the font size used) and shares what is left by how much text each column
holds, so no word is ever cut. Widths are in points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from sendsec.papers.font_widths import BOLD, REGULAR, UNITS_PER_EM

#: Space either side of a cell's text (Word's default for Table Grid, 0.19 cm), in twips.
CELL_MARGIN_TWIPS = 108
#: A little slack for rounding in Word and LibreOffice, in points.
SLACK_PT = 1.5
#: Font sizes a table may use, largest first.
TABLE_SIZES = (10.0, 9.0, 8.0)
_WIDEST = 2048  # an unknown character is measured as one em: never narrower than it is
#: Spaces a line is never broken at (no-break, narrow no-break, figure space; word joiner):
#: what holds a risk score "2 x 3 = 6" together.
NBSP = "\u00a0"
NO_BREAK = NBSP + "\u202f\u2007\u2060"
#: A space a line may be broken at: any white space but the no-break ones.
_BREAK = f"[^\\S{NO_BREAK}]"
_WORDS = re.compile(rf"(?:(?!{_BREAK}).)+?(?:[-\u2010\u2013](?=\S)|(?={_BREAK})|$)")
_SPACES = re.compile(f"{_BREAK}+")


#: Advance widths by character (not code point), regular and bold, for `_units`.
_BY_CHAR = {False: {chr(code): width for code, width in REGULAR.items()},
            True: {chr(code): width for code, width in BOLD.items()}}


@lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    """Return the advance width of `text` in font units. A table's words and lines recur
    (its columns are measured at each size tried, its rows again for their height), so
    each is summed once, character by character in C."""
    return sum(map(_BY_CHAR[bold].get, text, repeat(_WIDEST)))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of `text` on one line, in points, at `size` points."""
    return _units(text, bool(bold)) * size / UNITS_PER_EM


def words(text: str) -> list[str]:
    """Return the pieces a line may not be broken inside: words, each hyphenated part
    ending in its hyphen (Word breaks after a hyphen, never inside a word), words joined by
    a no-break space (`NO_BREAK`) as one piece."""
    return _WORDS.findall(text)


def widest_word(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of the widest unbreakable piece of `text`. A line of two
    pieces whose second is one or two characters ('Paper A', 'Item 3') counts as one piece:
    a column too narrow for such a label sets its letter alone on a line ('Paper' / 'A')."""
    pieces = words(text)
    for line in text.split("\n"):
        label = words(line)
        if len(label) == 2 and len(label[1].strip()) <= 2:
            pieces.append(line.strip())
    return max((text_width(w, size, bold) for w in pieces), default=0.0)


def longest_line(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of the longest line of `text` set without wrapping."""
    return max((text_width(line, size, bold) for line in text.split("\n")), default=0.0)


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Return how many lines `text` takes wrapped at word boundaries in `width` points."""
    space = text_width(" ", size, bold)
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for word in _SPACES.split(line.strip()):
            if not word:
                continue
            w = text_width(word, size, bold)
            if used and used + space + w > width:
                count += 1
                used = w
            else:
                used += (space if used else 0.0) + w
    return count


@dataclass(frozen=True)
class Cell:
    """What a table cell holds, as the column sharing sees it."""

    text: str
    bold: bool = False


def padding() -> float:
    """Return the points a cell takes besides its text (both margins and slack)."""
    return 2 * CELL_MARGIN_TWIPS / 20 + SLACK_PT


def column_widths(columns: Sequence[Sequence[Cell]], available: float, size: float
                  ) -> list[float] | None:
    """Return each column's width in points, summing to `available`, with every word of
    every cell fitting its column at `size` points; None when the widest words alone
    need more than `available`.

    Each column gets its widest word; the width left over is shared by what each column
    still wants to set its longest line on one line (capped at the whole width), so a
    column of long sentences gets more than a column of codes and dates.
    """
    pad = padding()
    least = [max((widest_word(c.text, size, c.bold) for c in col), default=0.0) + pad
             for col in columns]
    if sum(least) > available:
        return None
    want = [min(max((longest_line(c.text, size, c.bold) for c in col), default=0.0) + pad,
                available) for col in columns]
    need = [max(w - m, 0.0) for w, m in zip(want, least, strict=True)]
    spare = available - sum(least)
    if sum(need) <= spare:  # everything fits on one line: share the rest by what each holds
        rest = spare - sum(need)
        total = sum(want) or 1.0
        return [w + rest * w / total for w in want]
    total_need = sum(need)
    return [m + spare * n / total_need for m, n in zip(least, need, strict=True)]


def table_columns(headers: Sequence[str], rows: Sequence[Sequence[str]],
                  bold: Sequence[Sequence[bool]]) -> list[list[Cell]]:
    """Return the cells of a table by column: the header row (bold) and then the rows
    (`bold[r][c]` for each body cell)."""
    columns: list[list[Cell]] = [[Cell(str(h), True)] for h in headers]
    for row, row_bold in zip(rows, bold, strict=True):
        for index, (text, is_bold) in enumerate(zip(row, row_bold, strict=True)):
            columns[index].append(Cell(str(text), is_bold))
    return columns
