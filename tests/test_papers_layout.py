"""Tables that fit: every word of every table cell in every paper of the next meeting, the
next stocktake and the last held meeting, of the demo board and of a board whose plan was
imported, fits its column at the font size used (read back from the written Word files),
wide tables go on landscape pages, rows do not split, headings and captions stay with what
follows."""

from __future__ import annotations

import itertools

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from sendsec.papers import docx_writer, layout
from sendsec.papers.model import Heading, Paper, Para, Table
from sendsec.papers.template import template_source


@pytest.fixture
def board_papers(paper_set):
    """Return the .docx files of the next board meeting, of the next stocktake and of the
    last held meeting, of the demo board and of a board whose plan was imported."""
    return paper_set.papers


def _cell_font(tc) -> tuple[float, bool]:
    """Return (size in points, bold?) of a cell's text, read from its first run."""
    rpr = tc.find(".//" + qn("w:rPr"))
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    bold = rpr is not None and rpr.find(qn("w:b")) is not None
    return (int(size.get(qn("w:val"))) / 2 if size is not None else 12.0), bold


def broken_words(path) -> list[str]:
    """Return 'word (needs x pt, column y pt)' for each word wider than its column."""
    doc = Document(str(path))
    margin = layout.CELL_MARGIN_TWIPS * 2 / 20
    out = []
    for table in doc.tables:
        grid = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for tr in table._tbl.findall(qn("w:tr")):
            for tc, width in zip(tr.findall(qn("w:tc")), grid, strict=True):
                size, bold = _cell_font(tc)
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                 for p in tc.findall(qn("w:p")))
                for word in layout.words(text):
                    need = layout.text_width(word, size, bold)
                    if need > width - margin:
                        out.append(f"{path.name}: '{word}' needs {need:.1f}pt, column "
                                   f"{width - margin:.1f}pt")
    return out


def test_no_word_is_wider_than_its_column_in_any_paper(board_papers, paper_set):
    names = {p.name.split(" - ")[-1] for p in board_papers}
    assert {"Agenda.docx", "Board pack.docx", "Minutes template.docx"} <= names
    if paper_set.name == "imported":  # its next meeting has a Part B item with a paper
        assert "Board pack (Part B, not for publication).docx" in names
    assert any("Self-assessment" in n or "self-assessment" in n.lower() for n in names)
    tables = 0
    broken: list[str] = []
    for path in board_papers:
        tables += len(Document(str(path)).tables)
        broken += broken_words(path)
    assert tables > 20
    assert broken == [], "\n".join(broken[:20])


def test_a_risk_score_is_never_broken_inside_and_its_column_holds_it_whole(board_papers,
                                                                             paper_set):
    """'2 x 3 = 6' once wrapped as '2 x 3 =' / '6' in the risk register's narrow columns."""
    import re

    score = re.compile(r"\d\s*x\s*\d\s*=\s*\d+")
    margin = layout.CELL_MARGIN_TWIPS * 2 / 20
    seen = 0
    for path in board_papers:
        for table in Document(str(path)).tables:
            grid = [int(c.get(qn("w:w"))) / 20
                    for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            for tr in table._tbl.findall(qn("w:tr")):
                for tc, width in zip(tr.findall(qn("w:tc")), grid, strict=True):
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    size, bold = _cell_font(tc)
                    for found in score.finditer(text):
                        seen += 1
                        pieces = [w for w in layout.words(text) if found.group() in w]
                        assert pieces, f"{path.name}: '{found.group()}' is broken inside"
                        assert layout.text_width(pieces[0], size, bold) <= width - margin, (
                            path.name, pieces[0], width)
    assert seen >= 4 * 3  # the risk register of the next meeting's and stocktake's packs


def test_the_self_assessment_dashboard_goes_landscape_where_its_words_need_it(board_papers,
                                                                           paper_set):
    [path] = [p for p in board_papers if "elf-assessment" in p.name]
    doc = Document(str(path))
    dashboard = [t for t in doc.tables if t.rows[0].cells[0].text == "Code"
                 and t.rows[0].cells[1].text == "Measure"]
    assert len(dashboard) == 1 and len(dashboard[0].columns) == 10
    assert broken_words(path) == []
    if paper_set.name == "demo":  # the demo's measures' words need the width
        assert any(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height
                   for s in doc.sections)
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT  # back to portrait after


def test_rows_do_not_split_and_header_rows_repeat(board_papers):
    pack = next(p for p in board_papers if p.name.endswith("Board pack.docx"))
    doc = Document(str(pack))
    for table in doc.tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert first.find(qn("w:cantSplit")) is not None
    short_rows = [r for t in doc.tables for r in t.rows[1:]
                  if sum(len(c.text) for c in r.cells) < 2000]
    assert short_rows and all(r._tr.trPr.find(qn("w:cantSplit")) is not None
                              for r in short_rows)


def _write(tmp_path, blocks) -> Document:
    paper = Paper("pack", "T", "S", "A", blocks=[Heading("T", 0), *blocks])
    path = docx_writer.write_paper(paper, template_source(None), tmp_path / "t.docx")
    return Document(str(path))


def test_a_very_long_cell_may_split_across_pages(tmp_path):
    long_text = " ".join(["word"] * 6000)
    doc = _write(tmp_path, [Table(("Ref", "Update"), (("PA1.1", long_text), ("PA1.2", "ok")))])
    rows = doc.tables[0].rows
    assert rows[1]._tr.trPr.find(qn("w:cantSplit")) is None  # would be cut off otherwise
    assert rows[2]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_columns_share_the_width_by_what_they_hold(tmp_path):
    long_text = "A much longer description of what the action will do " * 3
    doc = _write(tmp_path, [Table(("Ref", "RAG", "Action"),
                                  (("PA10.11", "Amber", long_text),), rag_columns=(1,))])
    grid = [int(c.get(qn("w:w"))) for c in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[2] > grid[0] + grid[1]
    assert broken_words(tmp_path / "t.docx") == []


def test_a_table_too_wide_for_portrait_goes_landscape_with_its_caption(tmp_path):
    headers = tuple(f"Organisations{i}" for i in range(9))
    doc = _write(tmp_path, [Para((("Before", False),)), Heading("Dashboard", 1),
                            Para((("The dashboard:", False),)),
                            Table(headers, (tuple("x" for _ in headers),)),
                            Para((("After", False),))])
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    caption = next(p for p in doc.paragraphs if p.text == "The dashboard:")
    assert caption.paragraph_format.keep_with_next
    heading = next(p for p in doc.paragraphs if p.text == "Dashboard")
    assert heading.paragraph_format.keep_with_next
    assert broken_words(tmp_path / "t.docx") == []


def test_words_break_only_at_spaces_and_after_hyphens():
    assert layout.words("Well-being of 1,180 children") == ["Well-", "being", "of", "1,180",
                                                            "children"]
    assert layout.words("Target 2\u00a0x\u00a03\u00a0=\u00a06 by\tMarch") == [
        "Target", "2\u00a0x\u00a03\u00a0=\u00a06", "by", "March"]
    assert layout.line_count("2\u00a0x\u00a03\u00a0=\u00a06", 1.0, 10) == 1
    assert layout.text_width("W", 10) > layout.text_width("i", 10)
    assert layout.text_width("Amber", 10, bold=True) > layout.text_width("Amber", 10)


def test_the_self_assessment_says_a_repeated_impact_entry_once_with_its_dates(paper_set):
    [path] = [p for p in paper_set.papers if "elf-assessment" in p.name]
    bullets = [p.text for p in Document(str(path)).paragraphs
               if p.style.name == "List Bullet" and "What changed:" in p.text]
    said = [b.split(": ", 1)[1] for b in bullets]
    assert said and len(said) == len(set(said))
    board = paper_set.open()
    try:
        titles = [e["title"] for e in board.rows("impact_entry") if e["what_changed"]]
    finally:
        board.close()
    # the imported board logs one entry twice: said once, with both dates; the demo's
    # entries are each their own, so no line carries several dates
    repeated = len(titles) != len(set(titles))
    assert any(" and " in b.split(": ", 1)[0] for b in bullets) == repeated


def test_the_pack_and_the_self_assessment_draw_the_same_rag_chart(board_papers):
    def chart_alts(path):
        doc = Document(str(path))
        return [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))
                if "by RAG rating" in (d.get("title") or "")]

    [pack] = [p for p in board_papers if p.name.endswith("Board pack.docx")
              and p.parent.name == "next"]
    [review] = [p for p in board_papers if "elf-assessment" in p.name]
    pack_alt, review_alt = chart_alts(pack), chart_alts(review)
    assert pack_alt and review_alt
    assert pack_alt[0].split(":")[0] == review_alt[0].split(":")[0]  # one chart, one wording


# ---------------------------------------------------------------------------- item 11 and 12


def _page_break_only(p) -> bool:
    breaks = [b for b in p.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    return bool(breaks) and not "".join(t.text or "" for t in p.iter(qn("w:t")))


def test_no_page_can_hold_one_line_alone(paper_set):
    """What prevents a page holding one line, without laying the pages out: widow and orphan
    control, the closing line kept with the paragraph before it and the signature lines, and
    page breaks made as 'page break before' (no paragraph holding only a break, no empty
    paragraph left before a new page)."""
    minutes = [paper_set.one(" - Minutes.docx", "held"),
               paper_set.one(" - Minutes template.docx")]
    for path in [*minutes, paper_set.one(" - Board pack.docx"),
                 paper_set.one(" - Agenda.docx")]:
        doc = Document(str(path))
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        assert defaults.find(".//" + qn("w:widowControl")) is not None, path.name
        body = [e for e in doc.element.body if e.tag in (qn("w:p"), qn("w:tbl"))]
        assert not any(e.tag == qn("w:p") and _page_break_only(e) for e in body), path.name
        for before, after in itertools.pairwise(body):
            if after.tag == qn("w:p") and after.find(".//" + qn("w:pageBreakBefore")) is not None:
                assert before.tag != qn("w:p") or "".join(
                    t.text or "" for t in before.iter(qn("w:t"))), path.name
    for path in minutes:
        paras = Document(str(path)).paragraphs
        closing = next(i for i, p in enumerate(paras)
                       if p.text.startswith("The meeting closed at"))
        chair = next(i for i, p in enumerate(paras) if p.text.startswith("Chair: "))
        assert chair == closing + 1
        for p in paras[closing - 1:chair + 1]:
            assert p.paragraph_format.keep_with_next, (path.name, p.text)


def test_a_long_update_is_printed_once_and_cut_with_a_pointer_where_a_table_repeats_it(
        paper_set):
    from papers_boards import LONG_MARK, text_of

    from sendsec.papers.board_pack import TABLE_UPDATE_LIMIT

    board = paper_set.open()
    try:
        latest: dict[int, dict] = {}
        for u in board.rows("action_update"):
            if u["action_id"] not in latest or u["update_date"] > latest[u["action_id"]][
                    "update_date"]:
                latest[u["action_id"]] = u
    finally:
        board.close()
    long = [u["narrative"] for u in latest.values() if len(u["narrative"]) > TABLE_UPDATE_LIMIT]
    if paper_set.name == "imported":
        assert any(n.startswith(LONG_MARK) for n in long)
    pack = text_of(paper_set.one(" - Board pack.docx"))
    review = text_of(paper_set.one(" - Self-assessment.docx", "stocktake"))
    for narrative in long:
        assert pack.count(narrative) == 1 and review.count(narrative) <= 1
    if long:
        assert "(shortened: in full in 'Progress updates in full')" in pack


def _vocabulary(paper_set) -> set[str]:
    """Return every word the board's records hold (and the notice's words the papers quote)."""
    import re

    from sendsec.domain.entities import ENTITIES

    board = paper_set.open()
    try:
        words: set[str] = set()
        for name in ENTITIES:
            for row in board.rows(name, include_archived=True):
                for value in row.values():
                    if isinstance(value, str):
                        words.update(re.findall(r"[\w'’-]+", value.casefold()))
    finally:
        board.close()
    return words


def test_no_paper_cuts_a_word_short(paper_set):
    """Where a paper shortens a text ('…'), it ends on a whole word: the word before the
    ellipsis is one the records hold whole (item 4: 'thorough...', 'servic...')."""
    import re

    from papers_boards import text_of

    words = _vocabulary(paper_set)
    papers = [paper_set.one(" - Board pack.docx"),
              paper_set.one(" - Self-assessment.docx", "stocktake"),
              paper_set.one(" - Agenda.docx"), paper_set.one(" - Minutes template.docx")]
    cut = []
    shortened = 0
    for path in papers:
        for word in re.findall(r"([\w'’-]+)…", text_of(path)):
            shortened += 1
            if word.casefold() not in words:
                cut.append(f"{path.name}: {word}…")
    assert cut == []
    if paper_set.name == "imported":
        assert shortened  # the long update is shortened in the exceptions' table


def test_headings_and_captions_stay_with_their_tables_and_charts(paper_set):
    for path in (paper_set.one(" - Board pack.docx"),
                 paper_set.one(" - Self-assessment.docx", "stocktake")):
        doc = Document(str(path))
        body = [e for e in doc.element.body if e.tag in (qn("w:p"), qn("w:tbl"))]
        paras = {id(p._p): p for p in doc.paragraphs}
        figures = 0
        for before, element in itertools.pairwise(body):
            is_figure = element.tag == qn("w:p") and element.find(
                ".//" + qn("w:drawing")) is not None
            if element.tag == qn("w:tbl") or is_figure:
                figures += is_figure
                caption = paras.get(id(before)) if before.tag == qn("w:p") else None
                if caption is not None and caption.text and caption.style.name != "List Bullet":
                    assert caption.paragraph_format.keep_with_next, (path.name,
                                                                     caption.text)
        for p in doc.paragraphs:
            if p.style.name.startswith("Heading"):
                assert p.paragraph_format.keep_with_next, (path.name, p.text)
        assert figures >= 2


def test_each_risk_movement_is_its_own_arrow_and_risks_differ_in_controls(paper_set):
    from sendsec import charts
    from sendsec.services import registers

    board = paper_set.open()
    try:
        rows = registers.risk_rows(board, paper_set.today)
        bands = board.bands()
    finally:
        board.close()
    moved = [r for r in rows if r["status"] == "open" and r.get("previous_likelihood")
             and (r["previous_likelihood"], r["previous_impact"])
             != (r["current_likelihood"], r["current_impact"])]
    assert len(moved) >= 2
    ax = charts.risk_heatmap_figure(rows, bands).axes[0]
    arrows = [(a.xy, a.xyann) for a in ax.texts if hasattr(a, "xyann")]
    assert len(arrows) == len(moved)
    assert len({round(end[1], 3) for _, end in arrows}) == len(moved)  # a lane each
    labels = {t.get_text() for t in ax.texts if t.get_fontsize() == 6.5}
    assert {r["ref"] for r in moved} <= labels
    controls = [r["controls"] for r in rows if r["status"] == "open" and r["controls"]]
    assert len(set(controls)) > len(controls) / 2  # not one sentence for every risk


def test_chart_labels_are_whole_and_on_solid_boxes_on_both_boards(paper_set):
    """The RAG bar chart's counts sit on solid white boxes (not white figures on hatching),
    and each measure chart's latest value is labelled whole, inside the picture ('23.5
    weeks', not '3.5 weeks' cut at its edge)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sendsec import charts
    from sendsec.domain import rules
    from sendsec.services import registers

    board = paper_set.open()
    try:
        plan = [a for a in registers.action_rows(board, paper_set.today) if rules.in_plan(a)]
        areas = board.rows("area")
        measures = registers.measure_rows(board, paper_set.today)
    finally:
        board.close()
    bars = charts.actions_by_rag_figure(plan, areas)
    counts = [t for t in bars.axes[0].texts if t.get_text().isdigit()]
    assert counts and all(t.get_bbox_patch() is not None
                          and t.get_bbox_patch().get_facecolor()[3] == 1 for t in counts)
    drawn = 0
    for m in measures:
        if not m["points"]:
            continue
        fig = charts.measure_figure(m)
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        latest = m["points"][-1]["value"]
        [label] = [t for t in fig.axes[0].texts if hasattr(t, "xyann")]  # the latest value
        assert f"{latest:,.1f}".rstrip("0").rstrip(".") in label.get_text(), m["code"]
        box = label.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, (m["code"], label.get_text())
        drawn += 1
    assert drawn >= 2


def test_each_area_highlight_report_starts_its_own_page_on_both_boards(paper_set):
    """'A highlight report for each area follows, one page each': the first as well, so no
    area's heading and senior responsible officer are left at the foot of the chart's page."""
    paragraphs = Document(str(paper_set.one(" - Board pack.docx"))).paragraphs
    reports = [p for p, after in itertools.pairwise(paragraphs)
               if p.text.startswith("Area ")
               and after.text.startswith("Senior responsible officer:")]
    assert len(reports) >= 3
    assert all(p.paragraph_format.page_break_before for p in reports), \
        [p.text[:30] for p in reports if not p.paragraph_format.page_break_before]


def test_an_agenda_paper_label_is_never_split_from_its_letter(board_papers, paper_set):
    """'Paper A' once wrapped as 'Paper' / 'A' in the agenda's Paper column (Word breaks
    at the space when the column holds only the widest word)."""
    margin = layout.CELL_MARGIN_TWIPS * 2 / 20
    checked = 0
    for path in board_papers:
        if not path.name.endswith(("Agenda.docx", "Board pack.docx")):
            continue
        for table in Document(str(path)).tables:
            header = [c.text for c in table.rows[0].cells]
            if header[-1:] != ["Paper"]:
                continue
            grid = [int(c.get(qn("w:w"))) / 20
                    for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            for tr in table._tbl.findall(qn("w:tr"))[1:]:
                tc = tr.findall(qn("w:tc"))[-1]
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if not text.startswith("Paper "):
                    continue
                size, bold = _cell_font(tc)
                need = layout.text_width(text, size, bold)
                assert need <= grid[-1] - margin, f"{path.name}: '{text}' {need:.1f}pt > {grid[-1] - margin:.1f}pt"
                checked += 1
    assert checked >= 4
