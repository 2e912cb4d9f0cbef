"""Write a `Paper` (plain blocks) as an accessible Word document with python-docx.

Accessibility (Public Sector Bodies Accessibility Regulations 2018) is built
in, not left to each paper: title, subject, author and en-GB language set;
the Title then Heading 1-3 in order (a skipped level is a programming error
and raises); data tables with a repeating header row and no merged cells;
every picture with alt text; RAG cells carry the word as well as the shading;
page numbers in the footer.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.styles import CT_Styles
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph

from sendsec.domain.errors import SendsecError
from sendsec.papers import layout
from sendsec.papers.docx_xml import (
    W_P,
    W_PPR,
    W_PSTYLE,
    W_VAL,
    SubElement,
    add_text,
    cell_prototype,
    run_element,
    run_prototype,
    style_ids,
    text_into,
)
from sendsec.papers.model import (
    Attached,
    Block,
    Bullets,
    Figure,
    Heading,
    PageBreak,
    Paper,
    Para,
    SignatureLines,
    Table,
    Toc,
)
from sendsec.papers.safe_text import clean
from sendsec.papers.template import LANGUAGE, add_page_field, new_document

#: Shading behind a RAG word (the word is always written too). Black text on each
#: gives a contrast of at least 7:1.
RAG_FILLS = {"red": "F4A6A6", "amber": "FFD28A", "green": "A9D8A0", "blue": "A7C7EA"}
BAND_FILLS = {"low": "A9D8A0", "medium": "FFF0A0", "high": "FFD28A", "very high": "F4A6A6"}
HEADER_FILL = "1F3864"
#: What a contents says, in italics over its entries, when no PDF was made to number it:
#: Word shows a PAGEREF field's last result, and the .docx never asks Word to update fields.
UNNUMBERED = "Page numbers are filled in when the PDF of this document is made."

#: A table worked out once: its cleaned headers and rows, each cell's fill and boldness, and
#: its layout (landscape?, font size, column widths in points).
TablePlan = tuple[list[str], list[list[str]], list[list[str | None]], list[list[bool]],
                  tuple[bool, float, list[float]]]


def _page_length(section: Section, name: str) -> Length:
    """Return a section's page width, height or margin (`name`, e.g. 'left_margin').

    python-docx reads a length the file leaves out as None; `template.new_document` gives
    every section its page size and margins, so None here is a template this code did not
    prepare."""
    value = getattr(section, name)
    if value is None:
        raise SendsecError(f"The Word template's page has no {name.replace('_', ' ')}.")
    return Length(value)


class Writer:
    """Writes blocks into one python-docx Document, checking heading order as it goes."""

    def __init__(self, doc: DocxDocument, pages: Mapping[str, int] | None = None,
                 style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] | None = None):
        self.doc = doc
        #: Page numbers by heading bookmark, from a laid-out copy (shown in the contents).
        self.pages = dict(pages or {})
        #: No PDF numbers this copy (`pages` None): its contents say when they are filled.
        self.unnumbered = pages is None
        self._heading_names: dict[int, str] = {}
        self._headings: list[tuple[str, tuple[int, str]]] = []  # (bookmark, (level, text))
        self._marks = 0
        self.level = -1
        self.style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = (
            {} if style_ids is None else style_ids)
        self._body = doc._body
        #: New paragraphs go before the body's last section properties (where python-docx
        #: puts them).
        self._end = doc.element.body.find(qn("w:sectPr"))
        self._next_shape_id: int | None = None
        section = doc.sections[0]
        self._page_size = (_page_length(section, "page_width"),
                           _page_length(section, "page_height"))
        self.landscape = self._page_size[0] > self._page_size[1]
        self._plans: dict[int, TablePlan] = {}
        self.text_width = Emu(self._page_size[0] - _page_length(section, "left_margin")
                              - _page_length(section, "right_margin"))
        #: a page break is pending: the next paragraph starts a new page
        self._break_before = False

    def _style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """Return the id of the named style (None for the default of its kind), looked up once
        per name: python-docx searches every style on each lookup, slow over a long paper."""
        key = (name, kind)
        if key not in self.style_ids:
            self.style_ids[key] = self.doc.part.get_style_id(self.doc.styles[name], kind)
        return self.style_ids[key]

    def _add_p(self) -> Paragraph:
        """Return a new empty paragraph at the end of the body: the element python-docx's
        `add_paragraph()` makes, made directly (a paper set is thousands of paragraphs)."""
        body = self.doc.element.body
        if self._end is None or self._end.getparent() is not body:
            self._end = body.find(qn("w:sectPr"))
        if self._end is not None:
            p = body.makeelement(W_P, {})
            self._end.addprevious(p)
        else:
            p = SubElement(body, W_P)
        return Paragraph(p, self._body)

    def paragraph(self, style: str | None = None) -> Paragraph:
        """Return a new paragraph at the end of the body, in the named style if given."""
        p = self._add_p()
        if self._break_before:
            p.paragraph_format.page_break_before = True
            self._break_before = False
        if style:
            style_id = self._style_id(style)
            if style_id and p._p.pPr is not None:
                p._p.style = style_id
            elif style_id:
                SubElement(SubElement(p._p, W_PPR), W_PSTYLE).set(W_VAL, style_id)
        return p

    def heading(self, block: Heading) -> None:
        if block.level == 0:
            if self.level != -1:
                raise ValueError(f"The title '{block.text}' must come first, once")
        elif self.level == -1 or block.level > self.level + 1 or block.level > 3:
            raise ValueError(f"Heading {block.level} '{block.text}' skips a level "
                             f"(after level {self.level})")
        self.level = block.level
        style = "Title" if block.level == 0 else f"Heading {block.level}"
        p = self.paragraph(style)
        if block.level:
            p.paragraph_format.keep_with_next = True
        add_text(p, block.text)
        name = self._heading_names.get(id(block))
        if name:  # a bookmark the contents' page numbers point to
            mark = 1000 + self._marks
            self._marks += 1
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), str(mark))
            start.set(qn("w:name"), name)
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), str(mark))
            p._p.insert(1 if p._p.pPr is not None else 0, start)
            p._p.append(end)

    def para(self, block: Para) -> None:
        p = self.paragraph(block.style)
        if block.page_break_before:
            p.paragraph_format.page_break_before = True
        for text, bold in block.runs:
            add_text(p, text, bold=bold, italic=block.italic)

    def bullets(self, block: Bullets) -> None:
        for item in block.items:
            add_text(self.paragraph("List Bullet"), item)

    def table(self, block: Table) -> None:
        ncols = len(block.headers)
        for given in block.rows:
            if len(given) != ncols:
                raise ValueError(f"A row of '{block.headers[0]}' has {len(given)} cells, "
                                 f"not {ncols}")
        headers, rows, fills, bold, (landscape, size, points) = self._plan(block)
        self._orient(landscape)
        table = self.doc.add_table(rows=0, cols=ncols)
        tbl = table._tbl
        tbl.tblPr.style = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        twips = [int(w * 20) for w in points]
        grid = tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
            col.set(qn("w:w"), str(w))
        tblpr = tbl.tblPr
        tblw = tblpr.find(qn("w:tblW"))
        if tblw is None:
            tblw = OxmlElement("w:tblW")
            tblpr.append(tblw)
        tblw.set(qn("w:w"), str(sum(twips)))
        tblw.set(qn("w:type"), "dxa")
        layout_el = OxmlElement("w:tblLayout")
        layout_el.set(qn("w:type"), "fixed")
        tblpr.append(layout_el)
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            m = OxmlElement(f"w:{side}")
            m.set(qn("w:w"), str(layout.CELL_MARGIN_TWIPS))
            m.set(qn("w:type"), "dxa")
            margins.append(m)
        tblpr.append(margins)
        half_points = int(size * 2)
        page_text_height = self._text_height()
        self._row(tbl, headers, twips, [HEADER_FILL] * ncols, [True] * ncols, half_points,
                  header=True, cant_split=True)
        text_widths = [w - layout.padding() for w in points]
        for row, row_fills, row_bold in zip(rows, fills, bold, strict=True):
            lines = max(layout.line_count(text, width, size, b)
                        for text, width, b in zip(row, text_widths, row_bold, strict=True))
            # a row taller than half a page may split: one that cannot would be cut off
            cant_split = lines * size * 1.2 < page_text_height / 2
            self._row(tbl, row, twips, row_fills, row_bold, half_points, header=False,
                      cant_split=cant_split)
        self._add_p().paragraph_format.space_after = Pt(2)

    def _plan(self, block: Table) -> TablePlan:
        """Return the table's cleaned headers and rows, each cell's fill and boldness, and
        its layout (landscape?, font size, column widths in points), worked out once."""
        key = id(block)
        if key not in self._plans:
            headers = [clean(str(h)) for h in block.headers]
            rows = [[clean(str(c)) for c in row] for row in block.rows]
            fills = [[self._fill(block, index, text) for index, text in enumerate(row)]
                     for row in rows]
            bold = [[(block.bold_first_column and index == 0) or fill is not None
                     for index, fill in enumerate(row_fills)] for row_fills in fills]
            columns = layout.table_columns(headers, rows, bold)
            self._plans[key] = (headers, rows, fills, bold,
                                self._fit(columns, block.wide))
        return self._plans[key]

    @staticmethod
    def _fill(block: Table, index: int, text: str) -> str | None:
        if index in block.rag_columns:
            return RAG_FILLS.get(text.strip().lower())
        if index in block.band_columns:
            return BAND_FILLS.get(text.strip().lower())
        return None

    def _fit(self, columns: Sequence[Sequence[layout.Cell]], landscape: bool) -> tuple[bool, float, list[float]]:
        """Return (landscape?, font size, column widths in points) for the first layout,
        portrait before landscape and larger type before smaller, in which no word is
        wider than its column."""
        tries = [(False, size) for size in layout.TABLE_SIZES[:2] if not landscape]
        tries += [(True, size) for size in layout.TABLE_SIZES]
        for wide, size in tries:
            widths = layout.column_widths(columns, self._text_width(wide), size)
            if widths is not None:
                return wide, size, widths
        # a word longer than a landscape line (a long link): share by widest words
        size = layout.TABLE_SIZES[-1]
        least = [max(layout.widest_word(c.text, size, c.bold) for c in col) + 1
                 for col in columns]
        available = self._text_width(True)
        return True, size, [available * w / sum(least) for w in least]

    def _page(self, landscape: bool) -> tuple[int, int]:
        """Return (page width, page height) in EMU for the orientation."""
        a, b = self._page_size
        return (max(a, b), min(a, b)) if landscape else (min(a, b), max(a, b))

    def _text_width(self, landscape: bool) -> float:
        """Return the width between the margins, in points, for the orientation."""
        section = self.doc.sections[-1]
        return Emu(self._page(landscape)[0] - _page_length(section, "left_margin")
                   - _page_length(section, "right_margin")).pt

    def _text_height(self) -> float:
        section = self.doc.sections[-1]
        return Emu(_page_length(section, "page_height") - _page_length(section, "top_margin")
                   - _page_length(section, "bottom_margin")).pt

    def _orient(self, landscape: bool) -> None:
        """Start a new section (on a new page) when the orientation changes."""
        if landscape == self.landscape:
            return
        self.landscape = landscape
        self._break_before = False  # the new section starts a new page
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = self._page(landscape)
        self.text_width = Emu(int(Pt(self._text_width(landscape))))

    def _row(self, tbl: CT_Tbl, cells: Sequence[str], twips: Sequence[int],
             fills: Sequence[str | None], bold: Sequence[bool], half_points: int, *,
             header: bool, cant_split: bool) -> None:
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        if cant_split:
            trpr.append(OxmlElement("w:cantSplit"))
        if header:
            trpr.append(OxmlElement("w:tblHeader"))
        tr.append(trpr)
        for text, width, fill, is_bold in zip(cells, twips, fills, bold, strict=True):
            tc = deepcopy(cell_prototype(width, fill))
            r = deepcopy(run_prototype(is_bold, "FFFFFF" if header else None, half_points))
            text_into(r, text)
            tc[-1].append(r)
            tr.append(tc)
        tbl.append(tr)

    def figure(self, block: Figure) -> None:
        width = min(Cm(block.width_cm), self.text_width)
        paragraph = self.paragraph()
        part = self.doc.part
        r_id, image = part.get_or_add_image(io.BytesIO(block.png))
        cx, cy = image.scaled_dimensions(width, None)
        if self._next_shape_id is None:  # python-docx scans the whole document for each id
            self._next_shape_id = part.next_id
        inline = CT_Inline.new_pic_inline(self._next_shape_id, r_id, image.filename, cx, cy)
        self._next_shape_id += 1
        paragraph.add_run()._r.add_drawing(inline)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        docpr = paragraph._p.findall(".//" + qn("wp:docPr"))[-1]
        docpr.set("descr", clean(block.alt).replace("\n", " "))
        docpr.set("title", clean(block.title).replace("\n", " "))
        caption = self._add_p()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(caption, f"Figure: {block.title}", italic=True)

    def toc(self, block: Toc) -> None:
        """Write the contents as one paragraph an entry: the heading's words (a link to it),
        dot leaders and its page number, a PAGEREF field that LibreOffice and Word work out
        from the layout, showing the number in `pages` (from a laid-out copy) until then.
        Without a laid-out copy, one italic line over the entries says the page numbers are
        filled in when the PDF is made (Word would show each dot leader leading to nothing)."""
        if self.unnumbered and block.entries:
            note = self._add_p()
            note.paragraph_format.keep_with_next = True
            add_text(note, UNNUMBERED, italic=True)
        at = 0
        for level, text in block.entries:
            found = next((i for i in range(at, len(self._headings))
                          if self._headings[i][1] == (level, text)), None)
            if found is None:
                continue
            at = found + 1
            name = self._headings[found][0]
            p = self._add_p()
            fmt = p.paragraph_format
            fmt.space_after = Pt(2)
            fmt.left_indent = Cm(0.6 * (level - 1))
            fmt.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT,
                                       WD_TAB_LEADER.DOTS)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), name)
            link.set(qn("w:history"), "1")
            link.append(run_element(text, bold=level == 1))
            p._p.append(link)
            p.add_run("\t")
            add_page_field(p, f"PAGEREF {name} \\h", str(self.pages.get(name, "")))

    def attached(self, block: Attached) -> None:
        """Copy the body of another .docx here: paragraphs and tables, its headings one level
        down (its title a Heading 2), list paragraphs as bullets, pictures re-embedded."""
        source = docx.Document(block.path)
        styles = source.styles.element
        body = self.doc.element.body
        end = body.find(qn("w:sectPr"))
        for element in source.element.body:
            if element.tag not in (qn("w:p"), qn("w:tbl")):
                continue
            copy = deepcopy(element)
            for sect in copy.findall(".//" + qn("w:sectPr")):
                sect.getparent().remove(sect)
            for blip in copy.iter(qn("a:blip")):
                rid = blip.get(qn("r:embed"))
                if rid and rid in source.part.related_parts:
                    image = source.part.related_parts[rid]
                    new_rid, _ = self.doc.part.get_or_add_image(io.BytesIO(image.blob))
                    blip.set(qn("r:embed"), new_rid)
            for link in copy.iter(qn("w:hyperlink")):
                link.attrib.pop(qn("r:id"), None)  # the link's target stays in the other file
            for ppr in copy.iter(qn("w:pPr")):
                self._restyle(ppr, styles)
            if end is not None:
                end.addprevious(copy)
            else:
                body.append(copy)

    def _restyle(self, ppr: BaseOxmlElement, source_styles: CT_Styles) -> None:
        """Give a copied paragraph this document's style: headings one level down (at most
        Heading 3), numbered or bulleted paragraphs List Bullet, other styles Normal."""
        style = ppr.find(qn("w:pStyle"))
        numbered = ppr.find(qn("w:numPr"))
        if numbered is not None:
            ppr.remove(numbered)
        name = ""
        if style is not None:
            found = source_styles.get_by_id(style.get(qn("w:val")))
            name = (found.name_val or "").lower() if found is not None else ""
        level = 1 if name == "title" else (int(name[8:]) if re.fullmatch(r"heading [1-9]", name)
                                           else 0)
        target = (f"Heading {min(level + 1, 3)}" if level else
                  "List Bullet" if numbered is not None or "list" in name else None)
        style_id = self._style_id(target) if target else None
        if style is not None:
            ppr.remove(style)
        if style_id:
            new = OxmlElement("w:pStyle")
            new.set(qn("w:val"), style_id)
            ppr.insert(0, new)

    def signature(self, block: SignatureLines) -> None:
        # the closing line ('The meeting closed at ...') and the paragraph before it go to
        # the page of the signature lines: never a page holding the signatures alone
        self._keep_last_with_next(2)
        for n, label in enumerate(block.labels, 1):
            p = self._add_p()
            p.paragraph_format.space_before = Pt(18)
            p.paragraph_format.keep_with_next = n < len(block.labels)
            add_text(p, f"{label}: ", bold=True)
            add_text(p, "_" * 40)

    def _keep_last_with_next(self, count: int = 1) -> None:
        """Mark the body's last `count` paragraphs 'keep with next' (up to a table)."""
        for element in reversed(self.doc.element.body):
            if element.tag == qn("w:tbl") or count == 0:
                return
            if element.tag == qn("w:p"):
                Paragraph(element, self.doc._body).paragraph_format.keep_with_next = True
                count -= 1

    def _keep_tail_together(self, most: int = 8) -> None:
        """Keep the end of a section on one page before a page break: its paragraphs from its
        last heading (at most `most`; else its last three), so the break never leaves a
        section's last line alone at the top of a page."""
        body = self.doc._body
        headings = {self._style_id(name) for name in ("Title", "Heading 1", "Heading 2",
                                                      "Heading 3")} - {None}
        tail: list[BaseOxmlElement] = []
        for element in reversed(self.doc.element.body):
            if element.tag == qn("w:tbl") or len(tail) == most:
                tail = tail[:3] if len(tail) == most else tail
                break
            if element.tag != qn("w:p"):
                continue
            tail.append(element)
            if element.style in headings:  # the section's last heading
                break
        for element in tail[1:]:  # each but the last keeps with the one after it
            Paragraph(element, body).paragraph_format.keep_with_next = True

    def _drop_spacer(self) -> None:
        """Remove the empty paragraph that follows a table at the end of the body, before a
        page break: alone at the top of a page it would hold a page of its own."""
        body = self.doc.element.body
        last = [e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))][-2:]
        if (len(last) == 2 and last[0].tag == qn("w:tbl") and last[1].tag == qn("w:p")
                and not "".join(t.text or "" for t in last[1].iter(qn("w:t")))
                and last[1].find(".//" + qn("w:drawing")) is None):
            body.remove(last[1])

    def _leads_to_landscape(self, blocks: Sequence[Block], index: int) -> bool:
        """Return whether blocks[index] is one of at most three headings or paragraphs that
        introduce a table set in landscape (so they go on its page, not before it)."""
        end = index
        while end < len(blocks) and end - index < 3 and isinstance(blocks[end], Heading | Para):
            end += 1
        table = blocks[end] if end < len(blocks) else None
        return isinstance(table, Table) and self._plan(table)[-1][0]

    def write(self, blocks: Iterable[Block]) -> None:
        blocks = tuple(blocks)
        for name, heading in heading_bookmarks(blocks):
            self._heading_names[id(heading)] = name
            self._headings.append((name, (heading.level, heading.text)))
        for index, block in enumerate(blocks):
            if not isinstance(block, Table):
                self._orient(self._leads_to_landscape(blocks, index))
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Para):
                self.para(block)
            elif isinstance(block, Bullets):
                self.bullets(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.figure(block)
            elif isinstance(block, Toc):
                self.toc(block)
            elif isinstance(block, PageBreak):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following, Heading | Para | Bullets):
                    self._drop_spacer()
                    self._keep_tail_together()
                    self._break_before = True  # the next paragraph starts the new page
                else:
                    self._add_p().add_run().add_break(WD_BREAK.PAGE)
            elif isinstance(block, SignatureLines):
                self.signature(block)
            elif isinstance(block, Attached):
                self.attached(block)
            else:  # pragma: no cover - every block kind is handled above
                raise TypeError(f"unknown block {block!r}")
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Heading | Para) and isinstance(following, Table | Figure):
                # a caption or heading stays on the page of the table or chart it introduces
                self._keep_last_with_next()


def heading_bookmarks(blocks: Iterable[Block]) -> list[tuple[str, Heading]]:
    """Return (bookmark name, heading) for each level 1 and 2 heading, in order: the names
    the contents' page numbers point to (the same each time a paper is written)."""
    headings = [b for b in blocks if isinstance(b, Heading) and b.level in (1, 2)]
    return [(f"_Toc{n:08d}", b) for n, b in enumerate(headings, 1)]


def section_pages(paper: Paper, pages: Mapping[str, int], total: int
                  ) -> dict[str, tuple[int, int]]:
    """Return {level 1 heading: (first page, last page)} from the page of each heading
    bookmark in a laid-out copy of `paper` (`total`: its number of pages)."""
    starts = [(b.text, pages[name]) for name, b in heading_bookmarks(paper.blocks)
              if b.level == 1 and name in pages]
    out = {}
    for index, (text, first) in enumerate(starts):
        following = starts[index + 1][1] if index + 1 < len(starts) else total + 1
        out[text] = (first, max(first, following - 1))
    return out


def _header(doc: DocxDocument, paper: Paper) -> None:
    header = doc.sections[0].header
    if any(p.text.strip() for p in header.paragraphs):
        existing = True
    else:
        existing = False
    if existing and not paper.draft:
        return
    p = header.paragraphs[0] if header.paragraphs and not existing else header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if paper.draft:
        run = p.add_run("DRAFT  ")
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        run.font.size = Pt(12)
    if not existing and paper.header_text:
        run = p.add_run()
        text_into(run._r, clean(paper.header_text).replace("\n", " "))
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def build_document(paper: Paper, template: bytes, *, now: dt.datetime | None = None,
                   pages: Mapping[str, int] | None = None) -> DocxDocument:
    """Return the python-docx Document for `paper`, built on the template bytes (`pages`:
    the page of each heading bookmark, from a laid-out copy, shown in the contents; {} for the
    copy the office suite lays out; None when no PDF is made, and the contents say so)."""
    doc = new_document(template)
    props = doc.core_properties
    props.title = clean(paper.title).replace("\n", " ")[:255]
    props.subject = clean(paper.subject).replace("\n", " ")[:255]
    props.author = clean(paper.author).replace("\n", " ")[:255]
    props.last_modified_by = props.author
    props.language = LANGUAGE
    props.keywords = "SEND Improvement Board"
    props.comments = ""
    props.category = paper.kind
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    props.created = props.modified = stamp
    props.revision = 1
    _header(doc, paper)
    _widow_control(doc)
    Writer(doc, pages, style_ids(template)).write(paper.blocks)
    return doc


def _widow_control(doc: DocxDocument) -> None:
    """Turn on widow and orphan control for every paragraph (the document defaults), so no
    page starts or ends with one line of a paragraph, whatever the template says."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    if ppr.find(qn("w:widowControl")) is None:
        ppr.insert(0, OxmlElement("w:widowControl"))


def write_paper(paper: Paper, template: bytes, path: Path, *, now: dt.datetime | None = None,
                pages: Mapping[str, int] | None = None) -> Path:
    """Write `paper` as a .docx at `path` (`pages` as for `build_document`); return `path`."""
    build_document(paper, template, now=now, pages=pages).save(str(path))
    return path
