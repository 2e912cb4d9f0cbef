"""A measure's chart on a Qt canvas, with a description in words for screen readers.

matplotlib and its Qt backend are imported when the first chart is drawn, not when the
window starts (about a second on a council laptop, for a tab the secretary may not open).
"""

from __future__ import annotations

import textwrap
import warnings
from functools import cache
from typing import Any

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from sendsec.domain.dates import long_date
from sendsec.domain.rules import rag_label


def _fmt(value: float | None, unit: str | None) -> str:
    if value is None:
        return "none"
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else (f"£{text}" if unit == "£" else
                                           f"{text} {unit}" if unit in ("weeks", "days")
                                           else text)


def describe_measure(row: dict[str, Any]) -> str:
    """Return what the measure's chart shows, in words and numbers."""
    unit = row.get("unit")
    title = " ".join(str(row.get("title") or "").split())
    points = row.get("points") or []
    parts = [f"Chart of {row.get('code') or ''} {title}".strip() + "."]
    if not points:
        parts.append("No data points yet.")
    else:
        first, last = points[0], points[-1]
        parts.append(f"{len(points)} data point{'s' if len(points) != 1 else ''} from "
                     f"{long_date(first['period'])} ({_fmt(first['value'], unit)}) to "
                     f"{long_date(last['period'])} ({_fmt(last['value'], unit)}).")
    if row.get("expected") is not None:
        parts.append(f"Expected on the trajectory: {_fmt(row['expected'], unit)}.")
    if row.get("target") is not None:
        when = f" by {long_date(row['target_date'])}" if row.get("target_date") else ""
        parts.append(f"Target {_fmt(row['target'], unit)}{when}.")
    if points and row.get("rag") is not None:
        parts.append(f"Rated {rag_label(row['rag'])}; trend {row.get('trend', '')}.")
    return " ".join(parts)


WRAP = 55  # characters per line of the chart's title on screen


@cache
def _canvas_class() -> type:
    """Return the Qt canvas class (importing matplotlib's Qt backend the first time), quiet
    about glyphs the chart font lacks (an emoji draws as a box)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class _Canvas(FigureCanvasQTAgg):
        def draw(self) -> None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r"Glyph .* missing",
                                        category=UserWarning)
                super().draw()

        def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r"Glyph .* missing",
                                        category=UserWarning)
                super().paintEvent(event)

    return _Canvas


class MeasureChart(QWidget):
    """Shows `sendsec.charts.measure_figure` for a measure row (of registers.measure_rows)."""

    def __init__(self, parent: QWidget | None = None, height: int = 280):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: Any = None  # matplotlib's Qt canvas, made when a chart is first drawn
        self.setMinimumHeight(height)
        self.setMaximumHeight(height + 40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Measure chart")
        self.description = ""

    def set_measure(self, row: dict[str, Any] | None) -> None:
        """Draw the chart of `row` (None clears it)."""
        if self.canvas is not None:
            # hidden and deleted where it is: setParent(None) would make the old canvas a
            # window of its own, which showed as a stray blank window on a blank form
            self._layout.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()
            self.canvas = None
        if row is None:
            self.description = ""
            self.setAccessibleDescription("")
            return
        from sendsec.charts import measure_figure

        figure = measure_figure(row)
        for ax in figure.axes[:1]:  # the editor is narrower than a page: wrap the title sooner
            title = " ".join(ax.get_title(loc="left").split())
            if len(title) > WRAP:
                ax.set_title("\n".join(textwrap.wrap(title, WRAP)[:3]), loc="left",
                             fontsize=10)
        self.canvas = _canvas_class()(figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.description = describe_measure(row)
        for w in (self, self.canvas):
            w.setAccessibleName("Measure chart")
            w.setAccessibleDescription(self.description)
        self.canvas.setToolTip(self.description)
        self._layout.addWidget(self.canvas)
        self.canvas.draw()
