"""What the papers' speed-ups must not change: charts that fit their picture, the same
pictures from the cache, unique picture ids with alt text, and tables built from copies."""

from __future__ import annotations

import io
import warnings

import numpy as np
from docx import Document
from docx.oxml.ns import qn
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import imread

from sendsec import charts
from sendsec.papers import docx_writer
from sendsec.papers.model import Figure, Heading, Paper, Table
from sendsec.papers.template import template_source


def _row(code="M1", title="EHC plans issued within 20 weeks (%)", unit="%", points=(),
         trajectory=(), target=None, target_date=None):
    return {"code": code, "title": title, "unit": unit, "target": target,
            "target_date": target_date,
            "points": [{"period": p, "value": v} for p, v in points],
            "trajectory": [{"period": p, "expected": v} for p, v in trajectory]}


AWKWARD = [
    _row(points=[("2026-01-31", 90.0), ("2026-10-31", 100.0)]),  # label over the top point
    _row("B", "Budget", "£", points=[("2020-01-31", 12_345_678.0), ("2026-10-31", 3e6)],
         trajectory=[("2021-01-31", 5e6)]),  # y offset text ('1e7') above the axes
    _row("W", "W" * 119, "days", points=[("2026-01-31", 9.0)]),  # long title, two lines
    _row("N", "Net change", "count", points=[("2026-09-30", -5.0), ("2026-10-31", 3.0)],
         target=10),
    _row("E", "Waits", "weeks", target=5),  # no data, a target
    _row("T", "Trajectory only", "%", trajectory=[("2026-01-31", 40.0), ("2027-01-31", 60.0)],
         target=60, target_date="2027-03-31"),
    _row("M$1", "Cost $5 & <more> 🙂 \x0b שלום", "£", points=[("2026-09-30", 1200.0)]),
]


def _texts_inside(fig) -> list[str]:
    """Return the visible texts of the figure that stand outside it (none when all fit)."""
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():  # the emoji has no glyph in the chart font
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    texts = [ax.title, ax._left_title, ax.yaxis.label, ax.xaxis.offsetText,
             ax.yaxis.offsetText, *ax.texts]
    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        texts += [label for loc, label in zip(axis.get_ticklocs(), axis.get_ticklabels(),
                                              strict=True) if min(lo, hi) <= loc <= max(lo, hi)]
    out = []
    width, height = canvas.get_width_height()
    for text in texts:
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            out.append(text.get_text())
    return out


def test_fitted_measure_charts_keep_every_label_inside_the_picture():
    for row in AWKWARD:
        fig = charts.measure_figure(row)
        charts.fit_axes(fig)
        assert _texts_inside(fig) == [], row["code"]
        png = imread(io.BytesIO(charts.measure_png(row)))
        assert png.shape[:2] == (round(3.2 * charts.DPI), round(6.4 * charts.DPI))


def test_the_title_clears_the_y_offset_text():
    fig = charts.measure_figure(AWKWARD[1])
    charts.fit_axes(fig)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    offset = ax.yaxis.offsetText.get_window_extent(canvas.get_renderer())
    title = ax._left_title.get_window_extent(canvas.get_renderer())
    assert ax.yaxis.offsetText.get_text() and title.y0 >= offset.y1 - 1


def test_a_measure_with_no_data_but_a_target_keeps_its_name_in_the_title():
    title = charts.measure_figure(AWKWARD[4]).axes[0].get_title(loc="left")
    assert title == "E Waits\nTarget 5 weeks"


def test_one_pass_png_is_the_picture_savefig_draws_and_leaves_the_figure_as_it_was():
    risks = [{"ref": "R1", "status": "open", "current_likelihood": 4, "current_impact": 3,
              "previous_likelihood": 2, "previous_impact": 2, "previous_score": 4}]
    fig = charts.risk_heatmap_figure(risks)
    dpi = fig.dpi
    ours = imread(io.BytesIO(charts.figure_png(fig)))
    assert fig.dpi == dpi
    other = charts.risk_heatmap_figure(risks)
    buffer = io.BytesIO()
    FigureCanvasAgg(other)
    other.savefig(buffer, format="png", dpi=charts.DPI)
    assert np.array_equal(ours, imread(io.BytesIO(buffer.getvalue())))


def test_the_chart_cache_gives_the_same_picture_and_notices_every_change():
    row = _row("C1", points=[("2026-09-30", 31.0), ("2026-10-31", 38.5)], target=60)
    first = charts.measure_png(row)
    assert charts.measure_png(dict(row)) == first
    fresh = charts._PNG_CACHE.copy()
    charts._PNG_CACHE.clear()
    try:
        assert np.array_equal(imread(io.BytesIO(charts.measure_png(row))),
                              imread(io.BytesIO(first)))
    finally:
        charts._PNG_CACHE.update(fresh)
    changed = [
        {**row, "points": [*row["points"][:1], {"period": "2026-10-31", "value": 38.6}]},
        {**row, "title": "Another title"},
        {**row, "target": 61},
        {**row, "unit": "weeks"},
        {**row, "target_date": "2027-03-31"},
        {**row, "trajectory": [{"period": "2026-10-31", "expected": 40.0}]},
    ]
    pictures = {charts.measure_png(r) for r in changed}
    assert first not in pictures and len(pictures) == len(changed)


def test_many_pictures_get_unique_ids_and_keep_their_alt_text(tmp_path):
    pngs = [charts.measure_png(_row(f"P{i}", points=[("2026-10-31", float(i))]))
            for i in range(4)]
    paper = Paper("pack", "Pictures", "Pictures", "Tester")
    paper.add(Heading("Pictures", 0))
    for i, png in enumerate(pngs + pngs[:1]):  # the same picture twice is stored once
        paper.add(Figure(png, f"Chart {i} in words", f"Chart {i}", 15.0))
    path = docx_writer.write_paper(paper, template_source(None), tmp_path / "p.docx")
    doc = Document(str(path))
    props = doc.element.body.findall(".//" + qn("wp:docPr"))
    assert [p.get("descr") for p in props] == [f"Chart {i} in words" for i in range(5)]
    ids = [p.get("id") for p in props]
    assert len(set(ids)) == 5
    assert len(doc.inline_shapes) == 5
    assert len({r.target_ref for r in doc.part.rels.values() if "image" in r.reltype}) == 4


def test_a_long_table_is_written_cell_by_cell_with_its_shading_and_header():
    rows = tuple((f"PA{i}", "Red" if i % 2 else "Green", "x\ty\nz 🙂 \x0b")
                 for i in range(300))
    paper = Paper("pack", "Table", "Table", "Tester")
    paper.add(Heading("Table", 0), Table(("Ref", "RAG", "Note"), rows, rag_columns=(1,),
                                         bold_first_column=True))
    doc = docx_writer.build_document(paper, template_source(None))
    table = doc.tables[0]
    assert len(table.rows) == 301
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    fills = [r.cells[1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for r in table.rows[1:3]]
    assert fills == [docx_writer.RAG_FILLS["green"], docx_writer.RAG_FILLS["red"]]
    cell = table.rows[2].cells[2]._tc
    assert cell.find(".//" + qn("w:tab")) is not None and cell.find(".//" + qn("w:br")) is not None
    assert "\x0b" not in table.rows[2].cells[2].text
    first_runs = [r.cells[0].paragraphs[0].runs[0].bold for r in table.rows[1:4]]
    assert first_runs == [True, True, True]
    assert table.rows[1].cells[2].paragraphs[0].runs[0].bold is None
    # Copies, not shared elements: changing one cell leaves the others alone.
    table.rows[1].cells[2].paragraphs[0].runs[0].text = "changed"
    assert table.rows[2].cells[2].text != "changed"


def test_charts_drawn_in_a_pool_of_processes_are_the_same_pixels(monkeypatch):
    rows = [_row(f"Q{i}", points=[("2026-09-30", 20.0 + i), ("2026-10-31", 31.5 + 2 * i)],
                 target=60) for i in range(5)]
    saved = charts._PNG_CACHE.copy()
    charts._PNG_CACHE.clear()
    try:
        here = [charts._draw_measure(r, charts.DPI) for r in rows]
        pooled: list[int] = []
        real = charts._draw_in_pool
        monkeypatch.setattr(charts, "_draw_in_pool", lambda rs, dpi, workers: pooled.append(
            workers) or real(rs, dpi, workers))
        monkeypatch.setattr(charts, "CHARTS_PER_WORKER", 2)
        monkeypatch.setattr(charts.os, "cpu_count", lambda: 3)
        drawn = charts.measure_pngs([*rows, rows[0]])  # the same chart twice is drawn once
        assert pooled == [2]  # two processes beside this one, which draws its share
        assert len(drawn) == 6 and drawn[5] == drawn[0]
        for a, b in zip(drawn, here, strict=False):
            assert np.array_equal(imread(io.BytesIO(a)), imread(io.BytesIO(b)))
    finally:
        charts._PNG_CACHE.clear()
        charts._PNG_CACHE.update(saved)


def test_charts_are_drawn_here_when_no_pool_can_start(monkeypatch):
    rows = [_row(f"R{i}", points=[("2026-10-31", float(i))]) for i in range(3)]
    monkeypatch.setattr(charts, "CHARTS_PER_WORKER", 1)
    monkeypatch.setattr(charts.os, "cpu_count", lambda: 2)

    def refuse(*args):
        raise OSError("no processes here")

    monkeypatch.setattr(charts, "_draw_in_pool", refuse)
    assert [len(p) > 1000 for p in charts.measure_pngs(rows)] == [True] * 3


def test_a_few_charts_or_one_core_start_no_process(monkeypatch):
    rows = [_row(f"S{i}", points=[("2026-10-31", float(i) + 0.25)]) for i in range(3)]

    def refuse(*args):
        raise AssertionError("no pool for so few charts")

    monkeypatch.setattr(charts, "_draw_in_pool", refuse)
    monkeypatch.setattr(charts.os, "cpu_count", lambda: 8)
    assert len(charts.measure_pngs(rows)) == 3
    monkeypatch.setattr(charts, "CHARTS_PER_WORKER", 1)
    monkeypatch.setattr(charts.os, "cpu_count", lambda: 1)
    assert len(charts.measure_pngs([{**r, "code": "T"} for r in rows])) == 3
