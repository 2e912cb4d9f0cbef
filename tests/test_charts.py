"""Charts: Figures without pyplot, PNG bytes, and alt text that says what they show."""

from __future__ import annotations

import subprocess
import sys

from matplotlib.figure import Figure

from sendsec import charts

AREAS = [{"code": "a"}, {"code": "b"}, {"code": "c"}]
ACTIONS = [{"area_code": "a", "rag": "green"}, {"area_code": "a", "rag": "green"},
           {"area_code": "a", "rag": "amber"}, {"area_code": "b", "rag": "red"},
           {"area_code": "", "rag": None}]


def _risk(ref, lk, im, prev=None, status="open"):
    return {"ref": ref, "status": status, "current_likelihood": lk, "current_impact": im,
            "previous_likelihood": prev[0] if prev else None,
            "previous_impact": prev[1] if prev else None,
            "previous_score": prev[0] * prev[1] if prev else None}


def test_actions_by_rag_alt_counts_every_area_in_words_and_numbers():
    alt = charts.actions_by_rag_alt(ACTIONS, AREAS)
    assert alt == ("Bar chart of 5 actions by RAG in each area: area a 1 Amber, 2 Green; "
                   "area b 1 Red; area c no actions; no area 1 Not rated.")
    fig = charts.actions_by_rag_figure(ACTIONS, AREAS)
    assert isinstance(fig, Figure)
    assert charts.figure_png(fig).startswith(b"\x89PNG\r\n\x1a\n")


def test_heat_map_alt_gives_bands_and_movement_since_the_last_cycle():
    risks = [_risk("R1", 4, 5, (3, 4)), _risk("R2", 3, 3, (4, 4)), _risk("R3", 2, 2),
             _risk("R4", 1, 1, (1, 1)), _risk("R9", 5, 5, status="closed")]
    alt = charts.risk_heatmap_alt(risks)
    assert alt.startswith("Heat map of 4 open risks by likelihood and impact")
    assert "very high 1 (R1 20)" in alt and "medium 1 (R2 9)" in alt and "low 2" in alt
    assert "1 moved up (worse): R1 from 12 to 20" in alt
    assert "1 moved down (better): R2 from 16 to 9" in alt
    assert "1 unchanged" in alt and "1 new this cycle (R3)" in alt
    assert "R9" not in alt
    fig = charts.risk_heatmap_figure(risks)
    ax = fig.axes[0]
    assert len(ax.texts) >= 25 + 4  # 25 cell scores plus the risks' references
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(arrows) == 2  # R1 and R2 moved
    assert charts.figure_png(fig)[:4] == b"\x89PNG"


def test_measure_alt_states_latest_target_trajectory_rag_and_trend():
    row = {"code": "M1", "title": "EHC plans issued within 20 weeks (%)", "unit": "%",
           "target": 60.0, "target_date": "2027-03-31", "higher_is_better": 1,
           "points": [{"period": "2026-09-30", "value": 31.0},
                      {"period": "2026-10-31", "value": 38.5}],
           "trajectory": [{"period": "2026-09-30", "expected": 30.0},
                          {"period": "2027-03-31", "expected": 60.0}],
           "expected": 35.0, "rag": "green", "trend": "improving"}
    alt = charts.measure_alt(row)
    assert alt == ("Line chart of EHC plans issued within 20 weeks (%) from September 2026 to "
                   "October 2026 (2 values; the latest 2: September 2026 31%, October 2026 "
                   "38.5%): latest 38.5% for October 2026, against a target of 60% by 31 March "
                   "2027, with 35% expected on the trajectory; RAG Green, improving (higher is "
                   "better).")
    assert isinstance(charts.measure_figure(row), Figure)
    empty = {"code": "M2", "title": "Waits", "unit": "weeks", "points": [], "trajectory": []}
    assert charts.measure_alt(empty).startswith("Line chart of Waits: no values recorded yet")
    assert charts.figure_png(charts.measure_figure(empty))[:4] == b"\x89PNG"


def test_awkward_titles_do_not_break_a_chart():
    row = {"code": "M$1", "title": "Cost $5 & <more> 🙂 \x0b שלום", "unit": "£",
           "points": [{"period": "2026-09-30", "value": 1200.0}], "trajectory": []}
    assert charts.figure_png(charts.measure_figure(row))[:4] == b"\x89PNG"
    assert "£1,200" in charts.measure_alt(row)
    risks = [_risk("R$1 🙂", 3, 3)]
    assert charts.figure_png(charts.risk_heatmap_figure(risks))[:4] == b"\x89PNG"


def test_rendering_loads_no_pyplot():
    code = ("import sys\nfrom sendsec import charts\n"
            "charts.figure_png(charts.actions_by_rag_figure([], []))\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _month_points(*months):
    return [{"period": f"{y}-{m:02d}-01", "value": 10.0 + i} for i, (y, m) in enumerate(months)]


def test_a_measure_line_is_broken_across_months_with_no_figures_and_says_so():
    # published figures to November 2021, then the board's own from October 2023
    row = {"code": "M01", "title": "EHC plans issued within 20 weeks (%)", "unit": "%",
           "points": _month_points((2021, 9), (2021, 10), (2021, 11), (2023, 10), (2023, 11),
                                   (2023, 12)), "trajectory": []}
    [actual] = [ln for ln in charts.measure_figure(row).axes[0].get_lines()
                if ln.get_label() == "Actual"]
    ys = list(actual.get_ydata())
    assert len(ys) == 7 and ys[3] != ys[3]  # one NaN between November 2021 and October 2023
    assert "with no values between November 2021 and October 2023" in charts.measure_alt(row)
    steady = {**row, "points": _month_points(*((2026, m) for m in range(1, 7)))}
    [line] = [ln for ln in charts.measure_figure(steady).axes[0].get_lines()
              if ln.get_label() == "Actual"]
    assert len(line.get_ydata()) == 6 and "no values between" not in charts.measure_alt(steady)


def test_a_few_months_of_figures_are_ticked_by_month_not_by_day():
    row = {"code": "M2", "title": "Requests", "unit": "count", "trajectory": [],
           "points": _month_points((2026, 9), (2026, 10), (2026, 11))}
    fig = charts.measure_figure(row)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all(t[:3] in ("Sep", "Oct", "Nov", "Dec", "Aug", "202") for t in ticks), ticks


def test_numbers_on_the_rag_bars_are_black_on_white_whatever_the_segment():
    fig = charts.actions_by_rag_figure(ACTIONS, AREAS)
    numbers = [t for t in fig.axes[0].texts if t.get_text().isdigit()]
    assert numbers
    for text in numbers:
        assert text.get_color() == "black"
        assert text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
