"""A count of demand (requests for EHC needs assessment) is neither better higher nor lower:
its trend reads rising or falling, never improving or worsening, and it is not rated against
a target, in the rules, the registers, the pack, the self-assessment and the charts' words, on
the demo board and on a board whose plan was imported."""

from __future__ import annotations

import docx

from sendsec.domain import rules
from sendsec.services import registers


def _rows_of(path, header: str) -> list[list[str]]:
    """Return the rows of every table of `path` whose header row holds `header`."""
    out = []
    for table in docx.Document(str(path)).tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if header in rows[0]:
            out += [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return out


def test_the_trend_of_a_count_of_demand_is_rising_or_falling():
    assert rules.measure_trend([94, 107], None) == "rising"
    assert rules.measure_trend([110, 107], None) == "falling"
    assert rules.measure_trend([107, 107], None) == "no change"
    assert rules.measure_trend([94, 107], True) == "improving"
    assert rules.measure_trend([94, 107], False) == "worsening"
    assert rules.measure_rag(107, 90, None, None) is None
    assert rules.better_when(None) is None and rules.better_when(0) is False
    assert rules.direction_text(None).startswith("a count of demand")


def test_requests_for_assessment_are_never_called_improving_in_any_paper(paper_set):
    with paper_set.open() as board:
        measures = registers.measure_rows(board, paper_set.today)
    requests = [m for m in measures if "Requests for" in m["title"]]
    assert len(requests) == 1
    m = requests[0]
    assert m["higher_is_better"] is None  # the seeds' meaning: demand, not performance
    assert m["trend"] in ("rising", "falling"), m["trend"]
    assert m["rag"] is None
    judged = [x for x in measures if x["higher_is_better"] is not None]
    improving = sum(x["trend"] == "improving" for x in judged)

    pack = paper_set.one(" - Board pack.docx")
    dashboard = [r for r in _rows_of(pack, "Direction of travel") if r.get("Code") == m["code"]]
    assert [r["Direction of travel"] for r in dashboard] == [m["trend"].capitalize()]
    text = "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)
    line = next(t for t in text.splitlines() if "Trend over the latest figures" in t)
    assert f"{improving} improving" in line
    assert f"count of demand, neither better nor worse: {m['code']} {m['trend']}" in line

    assessment = paper_set.one(" - Self-assessment.docx", "stocktake")
    rows = [r for r in _rows_of(assessment, "Direction of travel") if r.get("Code") == m["code"]]
    assert rows and all(r["Direction of travel"] in ("Rising", "Falling") for r in rows), rows


def test_a_measure_chart_says_which_direction_is_better():
    from sendsec import charts

    base = {"code": "M02", "title": "Requests", "unit": "count", "points": [],
            "latest_value": 107.0, "latest_period": None, "target": None, "trend": "rising"}
    alt = charts.measure_alt({**base, "higher_is_better": None})
    assert "rising" in alt and "neither higher nor lower is better" in alt
    assert "(higher is better)" in charts.measure_alt({**base, "higher_is_better": 1})
