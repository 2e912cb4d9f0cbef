"""The Word XML the writer builds element by element: runs, table cells and their prototypes
to copy, and the style ids a template's papers share. python-docx's property layer looks each
child up by name; a paper set is thousands of runs and cells, so these build the same XML
python-docx writes, directly (lxml elements of python-docx's classes)."""

from __future__ import annotations

from functools import lru_cache

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from sendsec.papers.safe_text import clean

TABLE_FONT_HALF_POINTS = 20  # 10pt


def text_into(parent: BaseOxmlElement, text: str) -> None:
    """Append w:t / w:br / w:tab children for `text` (already cleaned) to a w:r element."""
    first = True
    for line in text.split("\n"):
        if not first:
            parent.append(OxmlElement("w:br"))
        first = False
        for i, chunk in enumerate(line.split("\t")):
            if i:
                parent.append(OxmlElement("w:tab"))
            if chunk:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = chunk
                parent.append(t)


def run_element(text: str, *, bold: bool = False, colour: str | None = None,
         size_half_points: int | None = None) -> BaseOxmlElement:
    r = OxmlElement("w:r")
    if bold or colour or size_half_points:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        if colour:
            c = OxmlElement("w:color")
            c.set(qn("w:val"), colour)
            rpr.append(c)
        if size_half_points:
            for tag in ("w:sz", "w:szCs"):
                s = OxmlElement(tag)
                s.set(qn("w:val"), str(size_half_points))
                rpr.append(s)
        r.append(rpr)
    text_into(r, clean(text))
    return r


@lru_cache(maxsize=64)
def cell_prototype(width: int, fill: str | None) -> BaseOxmlElement:
    """Return an empty table cell (width in twips, optional shading, one spaced paragraph) to
    copy: building each cell's properties afresh is most of the time a long table takes."""
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    tcw = OxmlElement("w:tcW")
    tcw.set(qn("w:w"), str(width))
    tcw.set(qn("w:type"), "dxa")
    tcpr.append(tcw)
    if fill:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tcpr.append(shd)
    tc.append(tcpr)
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "20")
    spacing.set(qn("w:after"), "20")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    p.append(ppr)
    tc.append(p)
    return tc


@lru_cache(maxsize=16)
def run_prototype(bold: bool, colour: str | None, half_points: int = TABLE_FONT_HALF_POINTS
                   ) -> BaseOxmlElement:
    """Return an empty table-text run (size, bold and colour as given) to copy."""
    return run_element("", bold=bold, colour=colour, size_half_points=half_points)


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Add `text` to a python-docx paragraph safely: forbidden characters removed, line breaks kept.

    The run is written as python-docx writes `add_run()` with `bold` and `italic` set (its
    properties element, empty when neither), element by element rather than through its
    property layer, which looks each child up by name: a paper set is thousands of runs."""
    r = SubElement(paragraph._p, W_R)
    rpr = SubElement(r, W_RPR)
    if bold:
        SubElement(rpr, W_B)
    if italic:
        SubElement(rpr, W_I)
    text_into(r, clean(text))


def SubElement(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:  # noqa: N802 - as lxml.etree.SubElement
    """Append a new child `tag` (Clark notation) to `parent` and return it: lxml's
    SubElement, of python-docx's element classes (its parser's lookup)."""
    child = parent.makeelement(tag, {})
    parent.append(child)
    return child


W_R, W_RPR, W_B, W_I, W_P, W_PPR, W_PSTYLE, W_VAL = (qn(tag) for tag in (
    "w:r", "w:rPr", "w:b", "w:i", "w:p", "w:pPr", "w:pStyle", "w:val"))


@lru_cache(maxsize=4)
def style_ids(template: bytes) -> dict[tuple[str, WD_STYLE_TYPE], str | None]:
    """Return the style ids looked up in documents made from `template` (filled as they are
    looked up): the same for every paper of a set, and python-docx searches every style."""
    return {}
