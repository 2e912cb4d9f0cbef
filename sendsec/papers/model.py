"""A paper as plain data: a list of blocks the Word writer turns into a document.

Content builders (content.py) return a `Paper`; tests read it like a person
would ("the pack lists PA2.3 as slow to progress") before any Word is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document title, 1-3 are Heading 1-3."""

    text: str
    level: int


@dataclass(frozen=True)
class Para:
    """A paragraph of runs: each run is (text, bold). `style` names a paragraph style."""

    runs: tuple[tuple[str, bool], ...]
    style: str | None = None
    italic: bool = False
    page_break_before: bool = False

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def para(text: str, *, bold: bool = False, style: str | None = None, italic: bool = False,
         page_break_before: bool = False) -> Para:
    """Return a paragraph of one run."""
    return Para(((text, bold),), style, italic, page_break_before)


def labelled(label: str, text: str) -> Para:
    """Return 'Label: text' with the label in bold."""
    return Para(((f"{label}: ", True), (text, False)))


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


#: A table of this many columns or more is laid out on a landscape page.
WIDE_COLUMNS = 9


@dataclass(frozen=True)
class Table:
    """A data table. The first row (`headers`) repeats on every page.

    `rag_columns` are the indexes of columns holding a RAG word (shaded in
    addition to the word). The writer measures each column's words and shares the
    width by what the columns hold (`widths`, once relative widths, is no longer used);
    a table whose words cannot fit across a portrait page goes on a landscape page, as
    does one marked `landscape` and one of `WIDE_COLUMNS` columns or more (`wide`), on
    every board alike.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    rag_columns: tuple[int, ...] = ()
    band_columns: tuple[int, ...] = ()
    bold_first_column: bool = False
    landscape: bool = False

    @property
    def wide(self) -> bool:
        """Whether the table goes on a landscape page whatever its words."""
        return self.landscape or len(self.headers) >= WIDE_COLUMNS


@dataclass(frozen=True)
class Figure:
    """A chart: PNG bytes, the alt text that says what it shows, and its width on the page."""

    png: bytes
    alt: str
    title: str
    width_cm: float = 16.0


@dataclass(frozen=True)
class Toc:
    """A Word table-of-contents field listing Heading 1 and 2 (with these entries until updated)."""

    entries: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class SignatureLines:
    """'Chair: ____' and 'Date: ____' lines."""

    labels: tuple[str, ...] = ("Chair", "Date")


@dataclass(frozen=True)
class Attached:
    """A .docx written by someone else (a deep dive), merged here: its paragraphs and tables,
    headings one level down, pictures kept."""

    path: str
    title: str


Block = Heading | Para | Bullets | Table | Figure | Toc | PageBreak | SignatureLines | Attached


@dataclass
class Paper:
    """One document: what it is called, its properties and its blocks."""

    kind: str  # 'agenda', 'invitation', 'pack', 'minutes template', 'cancellation'
    title: str
    subject: str
    author: str
    blocks: list[Block] = field(default_factory=list)
    header_text: str = ""
    draft: bool = False

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self, level: int | None = None) -> list[str]:
        """Return the text of the headings (of one level, if given), in order."""
        return [b.text for b in self.blocks
                if isinstance(b, Heading) and (level is None or b.level == level)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """Return all the paper's words, one block a line (for tests and search)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, (Heading, Para)):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
            elif isinstance(b, Table):
                out.append(" | ".join(b.headers))
                out.extend(" | ".join(r) for r in b.rows)
            elif isinstance(b, Figure):
                out.append(b.alt)
        return "\n".join(out)
