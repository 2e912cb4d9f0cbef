"""The measure editor: fields, where it stands (latest value, expected, RAG, trend),
its chart, and its data points and trajectory, each editable point by point."""

from __future__ import annotations

from typing import Any

from sendsec.domain.dates import long_date, short_date
from sendsec.services import registers
from ui.editors.base import RecordEditor
from ui.editors.children import ChildSection, Column
from ui.widgets.chart import MeasureChart, describe_measure
from ui.widgets.fields import RAG_COLOURS, format_float


def _value(value: float | None, unit: str | None) -> str:
    if value is None:
        return "none"
    text = format_float(round(value, 2))
    return f"{text}%" if unit == "%" else (f"£{text}" if unit == "£" else
                                           f"{text} {unit}" if unit in ("weeks", "days")
                                           else text)


def measure_status(row: dict[str, Any]) -> str:
    """Return where a measure stands (a row of registers.measure_rows), in words."""
    unit = row.get("unit")
    if row["latest_value"] is None:
        latest = "No data yet."
    else:
        latest = (f"Latest {_value(row['latest_value'], unit)} for the period ending "
                  f"{long_date(row['latest_period'])}.")
    parts = [latest]
    if row["expected"] is not None:
        parts.append(f"Expected on the trajectory: {_value(row['expected'], unit)}.")
    if row.get("target") is not None:
        when = f" by {long_date(row['target_date'])}" if row.get("target_date") else ""
        parts.append(f"Target {_value(row['target'], unit)}{when}.")
    parts.append(f"RAG: {row['rag_label']}. Direction of travel: {row['trend']}.")
    return " ".join(parts)


class MeasureEditor(RecordEditor):
    entity_name = "measure"
    watch = frozenset({"measure_point", "trajectory_point", "area"})

    def form_rows(self):
        return ["code", "title", "unit", "higher_is_better", "baseline", "baseline_date",
                "target", "target_date", "data_source", "area_id", "frequency", "notes",
                "accountable_id", "exception_commentary", "exception_actions"]

    def build_sections(self) -> None:
        self.chart_box, layout = self.section("Chart")
        self.chart = MeasureChart(self.chart_box)
        layout.addWidget(self.chart)

        unit = lambda: (self.record() or {}).get("unit")  # noqa: E731
        self.points_box, layout = self.section("Data points")
        self.points = ChildSection(
            self.ctx, "measure_point",
            [Column("Period ending", lambda r: short_date(r["period"])),
             Column("Value", lambda r: _value(r["value"], unit())),
             Column("Note", lambda r: r["note"])],
            form_rows=["period", "value", "note"], noun="data point",
            new_text="New data point", add_text="Add data point",
            remove_text="Remove data point",
            describe=lambda r: f"period ending {long_date(r['period'])}",
            parent=self.points_box)
        self.points.changed.connect(self.changed)
        layout.addWidget(self.points)

        self.trajectory_box, layout = self.section("Trajectory (expected values)")
        self.trajectory = ChildSection(
            self.ctx, "trajectory_point",
            [Column("Period ending", lambda r: short_date(r["period"])),
             Column("Expected value", lambda r: _value(r["expected"], unit()))],
            form_rows=["period", "expected"], noun="trajectory point",
            new_text="New trajectory point", add_text="Add trajectory point",
            remove_text="Remove trajectory point",
            describe=lambda r: f"period ending {long_date(r['period'])}",
            parent=self.trajectory_box)
        self.trajectory.changed.connect(self.changed)
        layout.addWidget(self.trajectory)

    def measure_row(self) -> dict[str, Any] | None:
        if self.record_id is None:
            return None
        return next((m for m in registers.measure_rows(self.ctx.current_board, self.ctx.today(),
                                                       include_archived=True)
                     if m["id"] == self.record_id), None)

    def refresh(self) -> None:
        row = self.measure_row()
        for box in (self.chart_box, self.points_box, self.trajectory_box):
            box.setVisible(row is not None)
        if row is None:
            self.summary.hide()
            self.chart.set_measure(None)
            return
        self.summary.setText(measure_status(row))
        if row["rag"] in RAG_COLOURS:
            self.summary.setStyleSheet(f"border-left: 8px solid {RAG_COLOURS[row['rag']]}; "
                                       "padding-left: 6px;")
        else:
            self.summary.setStyleSheet("")
        self.summary.show()
        self.chart.set_measure(row)
        self.chart_box.setAccessibleDescription(describe_measure(row))
        self.points.set_parent(row["id"])
        self.trajectory.set_parent(row["id"])
        self.points_box.setTitle(f"Data points ({len(row['points'])})")
        self.trajectory_box.setTitle(f"Trajectory (expected values, {len(row['trajectory'])})")

    def sections_read_only(self, read_only: bool) -> None:
        self.points.set_read_only(read_only)
        self.trajectory.set_read_only(read_only)

