"""The house-style Word template: find it, build it, check a council's own.

The default template is `resources/template.docx` at the top of the repository
(made by `resources/make_template.py`, which calls `build_template` here). When
that file cannot be found (an installed copy without the resources folder) the
same template is built in memory, so papers never depend on a missing file.
A board may point `template_path` at the council's own .docx; it must hold the
styles the papers use, or it is refused with the list of what is missing.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache, lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from sendsec.domain.errors import SendsecError
from sendsec.storage.database import not_ordinary

#: Styles every paper uses; a council template must define each of them.
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                   "Table Grid")
LANGUAGE = "en-GB"
FONT = "Arial"
#: The page of the built-in template, and of a council's that does not say.
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
#: Council blue for titles and headings (contrast 11.6:1 on white).
HEADING_COLOUR = RGBColor(0x1F, 0x38, 0x64)
_SIZES = {"Normal": 12, "Title": 24, "Heading 1": 16, "Heading 2": 14, "Heading 3": 12,
          "List Bullet": 12}


def repo_template_path() -> Path:
    """Return where the shipped template lives: `<repo>/resources/template.docx`."""
    return Path(__file__).resolve().parents[2] / "resources" / "template.docx"


def _set_lang(rpr: BaseOxmlElement) -> None:
    """Put <w:lang w:val="en-GB"/> on a run-properties element (replacing any)."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Name the font for every script and drop theme fonts (which would override it)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def apply_language(doc: DocxDocument) -> None:
    """Mark the document's default run properties and every paragraph/character style en-GB."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_lang(style.element.get_or_add_rPr())


def add_page_field(paragraph: Paragraph, instruction: str, cached: str = "1") -> None:
    """Append a complex field (e.g. 'PAGE', 'NUMPAGES', 'PAGEREF name \\h') showing `cached`
    until the office suite lays the document out."""
    def fld(kind: str) -> BaseOxmlElement:
        run = OxmlElement("w:r")
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run.append(el)
        return run

    paragraph._p.append(fld("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    paragraph._p.append(instr_run)
    paragraph._p.append(fld("separate"))
    result = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = cached
    result.append(text)
    paragraph._p.append(result)
    paragraph._p.append(fld("end"))


def add_page_x_of_y(paragraph: Paragraph) -> None:
    """Write 'Page X of Y' with PAGE and NUMPAGES fields into `paragraph`."""
    paragraph.add_run("Page ")
    add_page_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    add_page_field(paragraph, "NUMPAGES")


def has_page_field(doc: DocxDocument) -> bool:
    """Return True when the first section's footer holds a PAGE field."""
    footer = doc.sections[0].footer
    xml = footer._element.xml if footer._element is not None else ""
    return "PAGE" in xml and ("instrText" in xml or "fldSimple" in xml)


def build_template() -> DocxDocument:
    """Return the default house-style document: Arial 12, council headings, A4, page numbers."""
    doc = Document()
    styles = doc.styles
    for name, size in _SIZES.items():
        style = styles[name]
        _set_fonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = HEADING_COLOUR
            style.font.bold = name != "List Bullet"
            style.font.italic = False
        if name == "List Bullet":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = False
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    title = styles["Title"]
    title.paragraph_format.space_after = Pt(12)
    # python-docx's Title has a bottom border and expanded spacing; a plain bold title reads
    # better and matches council agenda fronts.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    rpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    for level, before in (("Heading 1", 18), ("Heading 2", 12), ("Heading 3", 10)):
        pf = styles[level].paragraph_format
        pf.space_before = Pt(before)
        pf.space_after = Pt(6)
        pf.keep_with_next = True
    grid = styles["Table Grid"]
    _set_fonts(grid.element.get_or_add_rPr(), FONT)
    grid.font.size = Pt(10)
    apply_language(doc)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = MARGIN, MARGIN
    section.header_distance = section.footer_distance = Cm(1.0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_x_of_y(footer)
    for run in footer.runs:
        run.font.size = Pt(10)

    props = doc.core_properties
    props.author = "sendsec"
    props.title = "SEND Improvement Board paper"
    props.language = LANGUAGE
    props.comments = ""
    props.last_modified_by = "sendsec"
    return doc


def template_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@cache
def _default_bytes(path_text: str, mtime: float) -> bytes:
    path = Path(path_text)
    if path.is_file():
        return path.read_bytes()
    return template_bytes(build_template())


def missing_styles(doc: DocxDocument) -> list[str]:
    """Return the REQUIRED_STYLES the document does not define."""
    present = {s.name for s in doc.styles}
    return [name for name in REQUIRED_STYLES if name not in present]


def load_council_template(path: Path) -> bytes:
    """Return the bytes of the council's template at `path`, or raise SendsecError saying why not."""
    odd = not_ordinary(path, "Word template")  # a board could name /dev/zero or a pipe
    if odd:
        raise SendsecError(f"The board's Word template: {odd} Choose another in the board "
                           "settings or clear it to use the built-in one.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SendsecError(f"The board's Word template '{path}' was not found; choose another "
                           "in the board settings or clear it to use the built-in one.") from None
    except OSError as exc:
        raise SendsecError(f"The board's Word template '{path}' cannot be read: "
                           f"{exc.strerror or exc}.") from None
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        kind = next((what for word, what in (("spreadsheetml", "an Excel workbook"),
                                             ("presentationml", "a PowerPoint presentation"))
                     if word in str(exc)), None)
        raise SendsecError(f"The board's Word template '{path}' is not a Word document (.docx)"
                           + (f": it is {kind}." if kind else ".")) from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on foreign files
        raise SendsecError(f"The board's Word template '{path}' cannot be opened as a Word "
                           f"document (.docx): {exc}.") from None
    missing = missing_styles(doc)
    if missing:
        raise SendsecError(f"The board's Word template '{path.name}' lacks styles the papers "
                           f"need: {', '.join(missing)}. Add them in Word (or base the template "
                           "on the built-in one) and try again.")
    return data


def template_source(template_path: str | None) -> bytes:
    """Return the bytes of the template to use: the council's if `template_path` is set, else ours."""
    if template_path:
        return load_council_template(Path(template_path))
    path = repo_template_path()
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    return _default_bytes(str(path), mtime)


def _give_page_setup(section: Section) -> None:
    """Give a section that leaves its page size or margins to the word processor (python-docx
    reads them as None) the built-in template's: A4, 2 cm margins. The writer measures them."""
    if section.page_width is None or section.page_height is None:
        section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        if getattr(section, side) is None:
            setattr(section, side, MARGIN)


@lru_cache(maxsize=4)
def _prepared(source: bytes) -> bytes:
    """Return the template bytes made ready for a paper: body emptied, en-GB set, page numbers
    in the footer. Done once per template (not once per paper): a paper set is many papers."""
    doc = Document(io.BytesIO(source))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for section in doc.sections:
        _give_page_setup(section)
    apply_language(doc)
    if not has_page_field(doc):
        footer = doc.sections[0].footer
        paragraph = footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_x_of_y(paragraph)
    return template_bytes(doc)


def new_document(source: bytes) -> DocxDocument:
    """Return a fresh document from template bytes, with any body content removed, the
    language set to en-GB and page numbers in the footer."""
    return Document(io.BytesIO(_prepared(source)))
