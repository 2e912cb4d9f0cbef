"""Charts as matplotlib Figures (no pyplot): the app shows them on a Qt canvas,
the papers render the same Figure to PNG with Agg (`figure_png`).

Each builder has a twin `*_alt` function that says in words and numbers what
the chart shows: that sentence is the picture's alt text in Word, so nothing
is conveyed by colour alone.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import multiprocessing
import os
import re
import textwrap
import threading
import warnings
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import matplotlib as mpl
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.image import imsave
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.ticker import MaxNLocator

from sendsec.domain import rules
from sendsec.domain.dates import long_date

log = logging.getLogger("sendsec")

_UNIT_AXIS = {"%": "Per cent", "weeks": "Weeks", "days": "Days", "count": "Count",
              "number": "Number", "£": "Pounds (£)"}
VALUE_COLOUR = "#1f4e79"
TRAJECTORY_COLOUR = "#7f7f7f"
TARGET_COLOUR = "#2e7d32"


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _series(rows: Any, key: str) -> list[tuple[dt.date, float]]:
    out = []
    for row in rows or ():
        day, number = _day(row.get("period")), _number(row.get(key))
        if day is not None and number is not None:
            out.append((day, number))
    return sorted(out)


def _gaps(points: list[tuple[dt.date, float]]) -> list[tuple[dt.date, dt.date]]:
    """Return the pairs of consecutive figures more than six months apart (and more than three
    times the usual spacing): periods with no data, which a chart must not draw across."""
    steps = sorted((b - a).days for (a, _), (b, _) in pairwise(points))
    if not steps:
        return []
    usual = steps[len(steps) // 2]
    return [(a, b) for (a, _), (b, _) in pairwise(points)
            if (b - a).days > max(183, 3 * usual)]


def _fmt(value: float, unit: str | None) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "£":
        return f"£{text}"
    return f"{text} {unit}" if unit in ("weeks", "days") else text


def measure_figure(measure_row: dict[str, Any]) -> Figure:
    """Return a Figure of a measure: its values over time, its target line and its trajectory.

    `measure_row` is a row of `registers.measure_rows` (keys used: code, title,
    unit, target, target_date, points [period, value], trajectory [period,
    expected]). Values are a solid line with round markers, the trajectory a
    dashed grey line with hollow markers and the target a dotted green line, so
    the lines differ by more than colour. A measure with no data says so.
    """
    unit = measure_row.get("unit")
    points = _series(measure_row.get("points"), "value")
    trajectory = _series(measure_row.get("trajectory"), "expected")
    target = _number(measure_row.get("target"))
    target_date = _day(measure_row.get("target_date"))

    fig = Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    heading = " ".join(str(x) for x in (measure_row.get("code"), measure_row.get("title"))
                       if x)
    heading = _plain(heading)
    if len(heading) > 120:
        heading = heading[:119] + "\u2026"
    ax.set_title("\n".join(textwrap.wrap(heading, 70)) or "Measure", fontsize=10, loc="left")
    ax.set_ylabel(_UNIT_AXIS.get(unit or "", unit or "Value"), fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    if not points and not trajectory:
        ax.text(0.5, 0.5, "No data points yet", transform=ax.transAxes, ha="center",
                va="center", fontsize=10, color="#505050")
        ax.set_xticks([])
        ax.set_yticks([])
        if target is not None:
            ax.set_title(ax.get_title(loc="left") + f"\nTarget {_fmt(target, unit)}",
                         fontsize=10, loc="left")
        return fig

    if trajectory:
        # dates go through matplotlib's unit converters; its type hints take numbers only
        ax.plot([d for d, _ in trajectory], [v for _, v in trajectory],  # type: ignore[arg-type]
                linestyle="--",
                marker="o", markerfacecolor="white", color=TRAJECTORY_COLOUR, linewidth=1.2,
                markersize=4, label="Trajectory (expected)")
    if points:
        # a long gap between figures breaks the line (a NaN between them), so no line is drawn
        # through months with no data, e.g. from published 2021 figures to the board's own
        xs: list[dt.date] = []
        ys: list[float] = []
        for day, value in points:
            if xs and any(after == day for _, after in _gaps(points)):
                xs.append(xs[-1] + (day - xs[-1]) / 2)
                ys.append(float("nan"))
            xs.append(day)
            ys.append(value)
        ax.plot(xs, ys, linestyle="-", marker="o",  # type: ignore[arg-type]
                color=VALUE_COLOUR, linewidth=1.8, markersize=5, label="Actual")
        last_day, last_value = points[-1]
        # on a white ground, so the line and markers beneath never hide a digit
        ax.annotate(_fmt(last_value, unit), (last_day, last_value), textcoords="offset points",
                    xytext=(0, 8), ha="center", fontsize=8, color=VALUE_COLOUR,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.9})
    if target is not None:
        when = f" by {target_date.day} {target_date:%b %Y}" if target_date else ""
        ax.axhline(target, linestyle=":", color=TARGET_COLOUR, linewidth=1.6,
                   label=f"Target {_fmt(target, unit)}{when}")

    values = [v for _, v in points] + [v for _, v in trajectory] + \
        ([target] if target is not None else [])
    if unit == "%" and values and min(values) >= 0 and max(values) <= 100:
        ax.set_ylim(0, 100)
    elif values and min(values) >= 0:
        ax.set_ylim(bottom=0, top=max(values) * 1.15 or 1)

    days = [d for d, _ in points] + [d for d, _ in trajectory]
    # a few months of figures: a tick a month (the automatic locator would tick days)
    locator: mdates.DateLocator = (
        mdates.MonthLocator() if days and (max(days) - min(days)).days <= 200
        else mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(fontsize=8, frameon=False, loc="best")
    return fig


# ---------------------------------------------------------------------------- shared

#: Fill colours for chart segments; each also has a hatch so black-and-white print works.
RAG_COLOURS = {"red": "#C62828", "amber": "#F2A900", "green": "#2E7D32", "blue": "#1565C0",
               None: "#9E9E9E"}
RAG_HATCHES = {"red": "//", "amber": "..", "green": "", "blue": "xx", None: "--"}
BAND_COLOURS = {"low": "#A9D8A0", "medium": "#FFF0A0", "high": "#FFC266", "very high": "#F28B82"}
_ORDER = ("red", "amber", "green", "blue", None)
DPI = 130


_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def one_line(text: Any) -> str:
    """Return text as one line: control characters and line breaks become spaces, runs collapse."""
    return " ".join(_CONTROL.sub(" ", "" if text is None else str(text)).split())


def _plain(text: Any) -> str:
    """Return text safe for matplotlib: one line, no control characters, '$' not mathtext."""
    return one_line(text).replace("$", r"\$")


def _label(rag: str | None) -> str:
    return rules.rag_label(rag)


@contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """Silence matplotlib's warnings about characters its font cannot draw.

    An emoji in a title has no glyph in the chart font: it shows as a box, which is
    fine for a chart whose words are in its alt text, and must not stop the papers.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support")
        yield


def figure_png(fig: Figure, dpi: int = DPI) -> bytes:
    """Return the figure rendered as PNG bytes with the Agg backend.

    The picture is the one `fig.savefig(..., dpi=dpi)` gives, drawn in one pass: savefig
    draws a figure with a layout engine twice (once to lay it out, once to paint).
    """
    canvas = FigureCanvasAgg(fig)
    old_dpi = fig.dpi
    buffer = io.BytesIO()
    try:
        fig.set_dpi(dpi)
        with _quiet_glyphs():
            canvas.draw()
        imsave(buffer, canvas.buffer_rgba(), format="png", dpi=dpi,
               pil_kwargs={"compress_level": 3})
    finally:
        fig.set_dpi(old_dpi)
    return buffer.getvalue()


def measure_png(measure_row: dict[str, Any], dpi: int = DPI) -> bytes:
    """Return the PNG of `measure_figure(measure_row)` for a paper.

    The chart is the same; its Axes is placed by measuring the few texts round it
    (`fit_axes`) instead of by constrained layout, which measures every artist and
    costs as much as drawing the chart: a paper set draws one chart per measure.
    """
    key = _measure_key(measure_row, dpi)
    with _PNG_LOCK:
        png = _PNG_CACHE.get(key)
        if png is not None:
            _PNG_CACHE.move_to_end(key)
            return png
    png = _draw_measure(measure_row, dpi)
    with _PNG_LOCK:
        _remember(key, png)
    return png


#: A drawing process costs about 0.8 s of CPU to start (it imports matplotlib), as much as
#: drawing eight charts here. `measure_pngs` starts one for each this many charts still to
#: draw (at most one fewer than the cores, as this process draws its share meanwhile), so a
#: pool shortens a long paper set while adding no more than a few per cent to its work.
CHARTS_PER_WORKER = 120
#: At most this many drawing processes.
MAX_WORKERS = 4


def _draw_measure(measure_row: dict[str, Any], dpi: int) -> bytes:
    """Draw one measure's chart as a paper shows it (in this process or a pool's)."""
    fig = measure_figure(measure_row)
    fit_axes(fig)
    return figure_png(fig, dpi)


def measure_pngs(measure_rows: Sequence[dict[str, Any]], dpi: int = DPI) -> list[bytes]:
    """Return the PNG of each measure's chart, in order (as `measure_png` each).

    Charts not in the memory cache are drawn first: with a pool of processes beside this
    one when there are `CHARTS_PER_WORKER` or more (the pictures are the same as drawn
    here: a test compares their pixels), else here one by one. If a pool cannot be
    started (a locked-down machine), they are drawn here.
    """
    todo: dict[str, dict[str, Any]] = {}
    with _PNG_LOCK:
        for row in measure_rows:
            key = _measure_key(row, dpi)
            if key not in _PNG_CACHE:
                todo.setdefault(key, row)
    workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS, len(todo) // CHARTS_PER_WORKER)
    if workers >= 1:
        try:
            drawn = _draw_in_pool(list(todo.values()), dpi, workers)
        except (OSError, RuntimeError, ImportError, BrokenProcessPool) as exc:
            log.info("Charts drawn one by one: a pool of processes could not be used (%s)",
                     exc)
        else:
            with _PNG_LOCK:
                for key, png in zip(todo, drawn, strict=True):
                    _remember(key, png)
    return [measure_png(row, dpi) for row in measure_rows]


def _draw_in_pool(rows: list[dict[str, Any]], dpi: int, workers: int) -> list[bytes]:
    """Draw the charts of `rows` with `workers` processes and this one, each its share."""
    # 'spawn' everywhere (Windows has nothing else): a forked copy of a process running Qt
    # or holding SQLite connections is not safe.
    context = multiprocessing.get_context("spawn")
    here = len(rows) // (workers + 1)
    away = rows[here:]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, len(away) // (workers * 4))
        results = pool.map(_draw_measure, away, [dpi] * len(away), chunksize=chunk)
        mine = [_draw_measure(row, dpi) for row in rows[:here]]
        return mine + list(results)


def _remember(key: str, png: bytes) -> None:
    """Keep a measure chart in the memory cache (the caller holds _PNG_LOCK)."""
    _PNG_CACHE[key] = png
    _PNG_CACHE.move_to_end(key)
    while len(_PNG_CACHE) > PNG_CACHE_SIZE:
        _PNG_CACHE.popitem(last=False)


#: Measure charts kept in memory (about 50 KB each), so papers made again in the same session
#: redraw only the measures whose figures changed.
PNG_CACHE_SIZE = 256
_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PNG_LOCK = threading.Lock()
_MEASURE_KEYS = ("code", "title", "unit", "target", "target_date")


def _measure_key(measure_row: dict[str, Any], dpi: int) -> str:
    """Return a text that changes whenever anything `measure_figure` draws changes."""
    return json.dumps([dpi, [measure_row.get(k) for k in _MEASURE_KEYS],
                       [(p.get("period"), p.get("value")) for p in measure_row.get("points") or ()],
                       [(p.get("period"), p.get("expected"))
                        for p in measure_row.get("trajectory") or ()]],
                      default=str, ensure_ascii=False)


#: Space kept round the edge of a figure laid out by `fit_axes`, in points (as constrained
#: layout's default pad).
FIT_PAD = 3.0


def _points(text: Text) -> float:
    """Return the size of `text`'s font in points (what `Text.get_fontsize` returns, typed)."""
    return text.get_fontproperties().get_size_in_points()


def fit_axes(fig: Figure) -> None:
    """Place a one-Axes figure's Axes so that its title, axis labels, tick labels, offset
    texts and the label over its last point just fit inside the figure; turn its layout
    engine off. For a figure of fixed size (a chart in a paper), not a resizable canvas."""
    ax = fig.axes[0]
    fig.set_layout_engine("none")
    renderer = FigureCanvasAgg(fig).get_renderer()
    per_point = fig.dpi / 72.0
    width, height = (x * 72.0 for x in fig.get_size_inches())

    def extent(text: str, size: float) -> tuple[float, float]:
        """Return (width, height) of `text` in points, as drawn at `size` points."""
        if not text:
            return 0.0, 0.0
        with _quiet_glyphs():
            box = Text(0, 0, text, fontsize=size, figure=fig).get_window_extent(renderer)
        return box.width / per_point, box.height / per_point

    ax.autoscale_view()
    tick = {"x": mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"],
            "y": mpl.rcParams["ytick.major.size"] + mpl.rcParams["ytick.major.pad"]}
    labels: dict[str, list[str]] = {}
    offsets: dict[str, str] = {}
    ticks: dict[str, list[float]] = {}
    for name, axis, (lo, hi) in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis, ax.get_ylim())):
        lo, hi = min(lo, hi), max(lo, hi)
        slack = (hi - lo) * 1e-9
        locs = [v for v in axis.get_major_locator()() if lo - slack <= v <= hi + slack]
        formatter = axis.get_major_formatter()
        labels[name] = [t for t in formatter.format_ticks(locs)] if locs else []
        offsets[name] = formatter.get_offset() if locs else ""
        ticks[name] = [(v - lo) / (hi - lo) if hi > lo else 0.0 for v in locs]
    label_size = FontProperties(size=ax.yaxis.get_tick_params().get(
        "labelsize", mpl.rcParams["ytick.labelsize"])).get_size_in_points()
    line = extent("0", label_size)[1]

    ylabel_w = extent(ax.get_ylabel(), _points(ax.yaxis.label))[1]
    ytick_w = max((extent(t, label_size)[0] for t in labels["y"]), default=0.0)
    left = FIT_PAD + ylabel_w + mpl.rcParams["axes.labelpad"] + (
        ytick_w + tick["y"] if labels["y"] else 0.0)
    bottom = FIT_PAD + (tick["x"] + line if labels["x"] else 0.0) + (
        3.0 + line if offsets["x"] else 0.0)
    title = ax.get_title(loc="left") or ax.get_title()
    title_size = _points(getattr(ax, "_left_title", ax.title) if ax.get_title(loc="left")
                         else ax.title)
    room = width - left - FIT_PAD
    title_w = extent(title, title_size)[0]
    if title_w > room:  # wide letters: wrap shorter so the title stays inside the picture
        chars = max(8, int(max(len(x) for x in title.split("\n")) * room / title_w) - 1)
        title = "\n".join(textwrap.fill(x, chars) for x in title.split("\n"))
    top = FIT_PAD + extent(title, title_size)[1] + mpl.rcParams["axes.titlepad"] + (
        line + 3.0 if offsets["y"] else 0.0)
    right = FIT_PAD
    if labels["x"]:
        span = width - left - right
        last_w = extent(labels["x"][-1], label_size)[0]
        right += max(0.0, last_w / 2 - (1 - ticks["x"][-1]) * span)
    for annotation in (t for t in ax.texts if isinstance(t, Annotation)):
        # The label over the last point may stand above the top of the Axes.
        y = annotation.xy[1]
        lo, hi = sorted(ax.get_ylim())
        if hi > lo:
            inner = height - top - bottom
            above = (y - lo) / (hi - lo) * inner + 7.0 + extent(annotation.get_text(),
                                                                _points(annotation))[1]
            top += max(0.0, above - inner)
    ax.set_position((left / width, bottom / height, 1 - (left + right) / width,
                     1 - (top + bottom) / height))
    if title:
        # Place the title at the top of the Axes (above the y offset text, if any) rather
        # than have matplotlib work out what stands above the Axes at every draw.
        raise_by = (line + 4.0) / (height - top - bottom) if offsets["y"] else 0.0
        ax.set_title(title, loc="left" if ax.get_title(loc="left") else "center",
                     fontsize=title_size, y=1.0 + raise_by)


def format_value(value: float | None, unit: str | None) -> str:
    """Return a measure value for people: '48%', '18.5 weeks', '£1,200', '94'; 'no data'."""
    if value is None:
        return "no data"
    return _fmt(float(value), unit)


# ---------------------------------------------------------------------------- actions by RAG


def _area_counts(action_rows: Iterable[dict], areas: Sequence[dict]
                 ) -> list[tuple[str, Counter]]:
    """Return [(area code, Counter of RAG)] in the areas' order, then actions with no area."""
    counts: dict[str, Counter] = {a["code"]: Counter() for a in areas}
    for row in action_rows:
        code = row.get("area_code") or "none"
        counts.setdefault(code, Counter())[row.get("rag")] += 1
    return [(code, c) for code, c in counts.items() if sum(c.values()) or code != "none"]


def actions_by_rag_figure(action_rows: Iterable[dict], areas: Sequence[dict]) -> Figure:
    """Return a horizontal stacked bar chart: per area, how many actions are Red, Amber, Green,
    Blue (complete) or not rated, each segment labelled with its count."""
    data = _area_counts(list(action_rows), areas)
    height = max(2.6, 0.42 * len(data) + 1.4)
    fig = Figure(figsize=(7.5, height), layout="constrained")
    ax = fig.add_subplot()
    labels = [f"Area {_plain(code)}" if code != "none" else "No area" for code, _ in data]
    y = list(range(len(data)))
    left = [0] * len(data)
    for rag in _ORDER:
        values = [c.get(rag, 0) for _, c in data]
        if not any(values):
            continue
        bars = ax.barh(y, values, left=left, color=RAG_COLOURS[rag], hatch=RAG_HATCHES[rag],
                       edgecolor="white", linewidth=0.8, label=_label(rag))
        for bar, value in zip(bars, values, strict=True):
            if value:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        str(value), ha="center", va="center", fontsize=9, fontweight="bold",
                        color="black",  # on white: legible on every colour and hatch
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                              "edgecolor": "none"})
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("Number of actions")
    counts = ax.xaxis.get_major_locator()
    if isinstance(counts, MaxNLocator):  # a linear axis's AutoLocator: whole actions only
        counts.set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    total = sum(left)
    ax.set_title(f"Priority Action Plan: {total} actions by RAG rating in each area",
                 fontsize=11, loc="left", pad=24 if total else 6)
    if total:
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=5, frameon=False,
                  fontsize=9)
    else:
        ax.text(0.5, 0.5, "No actions recorded", transform=ax.transAxes, ha="center")
    return fig


def actions_by_rag_alt(action_rows: Iterable[dict], areas: Sequence[dict]) -> str:
    """Return the alt text of `actions_by_rag_figure`: every area's counts in words and numbers."""
    data = _area_counts(list(action_rows), areas)
    total = sum(sum(c.values()) for _, c in data)
    parts = []
    for code, c in data:
        words = [f"{c[r]} {_label(r)}" for r in _ORDER if c.get(r)]
        name = f"area {one_line(code)}" if code != "none" else "no area"
        parts.append(f"{name} {', '.join(words) if words else 'no actions'}")
    return f"Bar chart of {total} actions by RAG in each area: " + "; ".join(parts) + "."


# ---------------------------------------------------------------------------- risk heat map


def _open(risk_rows: Iterable[dict]) -> list[dict]:
    return [r for r in risk_rows if r.get("status", "open") == "open"
            and r.get("current_likelihood") and r.get("current_impact")]


def risk_heatmap_figure(risk_rows: Iterable[dict],
                        bands: Sequence[tuple[int, str]] = rules.DEFAULT_BANDS) -> Figure:
    """Return a 5x5 heat map (likelihood across, impact up) of the open risks' current scores.

    Cells are coloured by band and show their score; each risk's reference is
    written in its cell; a risk that moved since the last cycle (rows of
    `registers.risk_rows` carry previous_likelihood/previous_impact) has an
    arrow from a hollow circle in its previous cell to its current cell, dark
    red when it got worse and dark blue when it got better.
    """
    risks = _open(risk_rows)
    fig = Figure(figsize=(7.0, 6.2), layout="constrained")
    ax = fig.add_subplot()
    for lk in range(1, 6):
        for im in range(1, 6):
            score = lk * im
            band = rules.risk_band(score, bands)
            ax.add_patch(Rectangle((lk - 0.5, im - 0.5), 1, 1,
                                   facecolor=BAND_COLOURS.get(band, "#EEEEEE"),
                                   edgecolor="white", linewidth=2))
            ax.text(lk + 0.44, im - 0.44, str(score), ha="right", va="bottom", fontsize=7,
                    color="#444444")
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        cells.setdefault((r["current_likelihood"], r["current_impact"]), []).append(
            _plain(r["ref"]))
    for (lk, im), refs in cells.items():
        joined = ", ".join(refs)
        lines = textwrap.wrap(joined, 14)
        text = "\n".join(lines[:3]) + ("\n…" if len(lines) > 3 else "")
        ax.text(lk, im + 0.12, text, ha="center", va="center", fontsize=8, fontweight="bold")
    moved = [r for r in risks if r.get("previous_likelihood") and r.get("previous_impact")
             and (r["previous_likelihood"], r["previous_impact"])
             != (r["current_likelihood"], r["current_impact"])]
    for lane, r in enumerate(moved):
        # each movement on a lane of its own, its reference at its start, so two risks'
        # arrows never join into one
        offset = -0.4 + 0.12 * (lane % 4)
        pl, pi = r["previous_likelihood"], r["previous_impact"]
        cl, ci = r["current_likelihood"], r["current_impact"]
        colour = "#B00020" if pl * pi < cl * ci else "#0B3D91"
        ax.plot([pl], [pi + offset], marker="o", markersize=6, markerfacecolor="none",
                markeredgecolor=colour, markeredgewidth=1.4)
        ahead = cl > pl  # the reference goes behind the circle, away from the arrow
        ax.text(pl - 0.1 if ahead else pl + 0.1, pi + offset, _plain(r["ref"]),
                ha="right" if ahead else "left", va="center", fontsize=6.5, color=colour)
        ax.annotate("", xy=(cl, ci + offset), xytext=(pl, pi + offset),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4,
                                "shrinkA": 4, "shrinkB": 3})
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6), ["1 Rare", "2 Unlikely", "3 Possible", "4 Likely",
                                "5 Almost\ncertain"], fontsize=8)
    ax.set_yticks(range(1, 6), ["1 Minimal", "2 Minor", "3 Moderate", "4 Major", "5 Severe"],
                  fontsize=8)
    ax.set_xlabel("Likelihood")
    ax.set_ylabel("Impact")
    ax.set_aspect("equal")
    ax.set_title(f"Risk heat map: {len(risks)} open risks at their current scores.\nArrows "
                 "show movement since the last cycle (red worse, blue better).", fontsize=10,
                 loc="left")
    return fig


def risk_heatmap_alt(risk_rows: Iterable[dict],
                     bands: Sequence[tuple[int, str]] = rules.DEFAULT_BANDS) -> str:
    """Return the alt text of `risk_heatmap_figure`: risks per band with scores, and movement."""
    risks = _open(risk_rows)
    by_band: dict[str, list[str]] = {}
    for r in sorted(risks, key=lambda r: -(r["current_likelihood"] * r["current_impact"])):
        score = r["current_likelihood"] * r["current_impact"]
        by_band.setdefault(rules.risk_band(score, bands), []).append(
            f"{one_line(r['ref'])} {score}")
    order = [name for _, name in sorted(bands, key=lambda b: -b[0])]
    band_text = "; ".join(f"{name} {len(by_band[name])} ({', '.join(by_band[name])})"
                          for name in order if name in by_band)
    up, down, same, new = [], [], [], []
    for r in risks:
        prev = r.get("previous_score")
        score = r["current_likelihood"] * r["current_impact"]
        ref = one_line(r["ref"])
        if prev is None:
            new.append(ref)
        elif score > prev:
            up.append(f"{ref} from {prev} to {score}")
        elif score < prev:
            down.append(f"{ref} from {prev} to {score}")
        else:
            same.append(ref)
    moves = []
    if up:
        moves.append(f"{len(up)} moved up (worse): {', '.join(up)}")
    if down:
        moves.append(f"{len(down)} moved down (better): {', '.join(down)}")
    moves.append(f"{len(same)} unchanged")
    if new:
        moves.append(f"{len(new)} new this cycle ({', '.join(new)})")
    return (f"Heat map of {len(risks)} open risks by likelihood and impact (score = likelihood "
            f"x impact): {band_text or 'none'}. Since the last cycle " + "; ".join(moves) + ".")


# ---------------------------------------------------------------------------- measures


def _month(d: Any) -> str:
    day = _day(d)
    return f"{day:%B %Y}" if day else ""


def measure_alt(measure_row: dict[str, Any]) -> str:
    """Return the alt text of `measure_figure`: the span, the latest values, target,
    trajectory, RAG and trend in words and numbers."""
    m = measure_row
    unit = m.get("unit")
    points = _series(m.get("points"), "value")
    name = one_line(m.get("title")) or one_line(m.get("code")) or "the measure"
    if not points:
        text = f"Line chart of {name}: no values recorded yet"
    else:
        recent = ", ".join(f"{_month(d)} {_fmt(v, unit)}" for d, v in points[-6:])
        text = (f"Line chart of {name} from {_month(points[0][0])} to {_month(points[-1][0])} "
                f"({len(points)} values; the latest {min(6, len(points))}: {recent}): latest "
                f"{_fmt(points[-1][1], unit)} for {_month(points[-1][0])}")
        text += "".join(f", with no values between {_month(a)} and {_month(b)}"
                        for a, b in _gaps(points))
    target = _number(m.get("target"))
    if target is not None:
        text += f", against a target of {_fmt(target, unit)}"
        if m.get("target_date"):
            text += f" by {long_date(_day(m['target_date']))}"
    if _number(m.get("expected")) is not None:
        text += f", with {_fmt(float(m['expected']), unit)} expected on the trajectory"
    if m.get("rag"):
        text += f"; RAG {_label(m['rag'])}"
    if m.get("trend") and m["trend"] != "not enough data":
        text += f", {m['trend']}"
    return text + f" ({rules.direction_text(m.get('higher_is_better', 1))})."
