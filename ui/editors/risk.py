"""The risk editor: fields, likelihood x impact with the score and band shown live
for inherent, current and target, the review history and this cycle's review."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from sendsec.domain import rules
from sendsec.domain.dates import long_date, short_date
from sendsec.services import registers
from ui.context import AppContext
from ui.editors.base import RecordEditor
from ui.editors.children import ChildSection, Column
from ui.widgets.fields import BAND_COLOURS, BAND_TEXT, IntField
from ui.widgets.record_form import RecordForm


class ScoreBadge(QLabel):
    """'Score 12: High' on the band's colour, following two likelihood/impact spin boxes."""

    def __init__(self, ctx: AppContext, likelihood: IntField, impact: IntField,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.likelihood, self.impact = likelihood, impact
        self.score: int | None = None
        self.band: str | None = None
        self.setWordWrap(True)  # 'Score 20: Very high' wraps in a narrow editor, never cut
        self.setMinimumWidth(90)
        for field in (likelihood, impact):
            field.valueChanged.connect(self.update_score)
            field.shown.connect(self.update_score)
        self.update_score()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """On one line when there is room (it wraps only when there is not)."""
        hint = super().sizeHint()
        font = QFont(self.font())
        font.setBold(True)
        margins = self.contentsMargins()
        width = QFontMetrics(font).horizontalAdvance(self.text()) + margins.left() \
            + margins.right()
        one_line = QFontMetrics(font).height() + margins.top() + margins.bottom()
        for extra in range(0, 41, 4):  # the narrowest width that keeps it on one line
            if self.heightForWidth(width + extra) <= one_line + 1:
                return QSize(width + extra, one_line)
        return QSize(max(hint.width(), width), hint.height())

    def update_score(self, *_: Any) -> None:
        lk, im = self.likelihood.value(), self.impact.value()
        if lk is None or im is None or self.ctx.board is None:
            self.score = self.band = None
            self.setText("Score: not set")
            self.setStyleSheet("padding: 2px 6px; border: 1px solid #bdbdbd;")
        else:
            self.score = rules.risk_score(lk, im)
            self.band = rules.risk_band(self.score, self.ctx.board.bands())
            self.setText(f"Score {self.score}: {rules.band_label(self.band)}")
            self.setStyleSheet(f"padding: 2px 6px; background: {BAND_COLOURS[self.band]}; "
                               f"color: {BAND_TEXT[self.band]}; font-weight: bold;")
        self.setAccessibleName(self.text())
        self.setToolTip(self.text())


def attach_badge(ctx: AppContext, form: RecordForm, row_title: str, likelihood: str,
                 impact: str) -> ScoreBadge:
    likely, severe = form.field_widget(likelihood), form.field_widget(impact)
    assert isinstance(likely, IntField) and isinstance(severe, IntField)  # spin boxes
    badge = ScoreBadge(ctx, likely, severe)
    form.inline[row_title].addWidget(badge)
    return badge


ROWS = (("Inherent", "inherent"), ("Current (residual)", "current"), ("Target", "target"))


class RiskEditor(RecordEditor):
    entity_name = "risk"
    watch = frozenset({"risk_review", "meeting", "person", "area", "board"})

    def form_rows(self):
        return ["ref", "title", "description", "area_id", "owner_id", "category",
                ("Inherent", ["inherent_likelihood", "inherent_impact"]),
                "controls", "mitigation", "linked_actions",
                ("Current (residual)", ["current_likelihood", "current_impact"]),
                ("Target", ["target_likelihood", "target_impact"]),
                "target_date", "status"]

    def build_sections(self) -> None:
        self.badges = {key: attach_badge(self.ctx, self.form, title, f"{key}_likelihood",
                                         f"{key}_impact") for title, key in ROWS}
        self.reviews_box, layout = self.section("Reviews")
        self.reviews = ChildSection(
            self.ctx, "risk_review",
            [Column("Date", lambda r: short_date(r["review_date"])),
             Column("Likelihood", lambda r: r["likelihood"]),
             Column("Impact", lambda r: r["impact"]),
             Column("Score", lambda r: self._score_text(r), self._score_colours),
             Column("Note", lambda r: r["note"], stretch=True),
             Column("Reviewed by", lambda r: self.ctx.current_board.label("person",
                                                                  r["reviewed_by_id"]))],
            form_rows=["review_date", "meeting_id", ("Scores", ["likelihood", "impact"]),
                       "note", "reviewed_by_id"],
            defaults={"review_date": lambda: self.ctx.today().isoformat(),
                      "meeting_id": self._cycle_meeting,
                      "likelihood": lambda: (self.record() or {}).get("current_likelihood"),
                      "impact": lambda: (self.record() or {}).get("current_impact"),
                      "reviewed_by_id": lambda: (self.record() or {}).get("owner_id")},
            noun="review", new_text="New review", add_text="Review for this cycle",
            remove_text="Remove review",
            describe=lambda r: long_date(r["review_date"]), parent=self.reviews_box)
        self.review_badge = attach_badge(self.ctx, self.reviews.form, "Scores", "likelihood",
                                         "impact")
        self.reviews.changed.connect(self.changed)
        layout.addWidget(self.reviews)

    def _band(self, row: dict[str, Any]) -> tuple[int, str]:
        score = rules.risk_score(row["likelihood"], row["impact"])
        return score, rules.risk_band(score, self.ctx.current_board.bands())

    def _score_text(self, row: dict[str, Any]) -> str:
        score, band = self._band(row)
        return f"{score} {rules.band_label(band)}"

    def _score_colours(self, row: dict[str, Any]) -> tuple[str, str]:
        _, band = self._band(row)
        return BAND_COLOURS[band], BAND_TEXT[band]

    def _cycle_meeting(self) -> int | None:
        c = registers.cycle(self.ctx.current_board, self.ctx.today())
        return c.next_meeting["id"] if c.next_meeting else None

    def refresh(self) -> None:
        for badge in self.badges.values():
            badge.update_score()
        record = self.record()
        self.reviews_box.setVisible(record is not None)
        if record is None:
            self.summary.hide()
            return
        row = next((r for r in registers.risk_rows(self.ctx.current_board, self.ctx.today(),
                                                   include_archived=True, history=False)
                    if r["id"] == record["id"]), None)
        if row is not None:
            parts = [f"Movement since the last cycle: {row['movement_label']}"
                     + (f" (was {row['previous_score']})" if row["previous_score"] else "")
                     + "."]
            if row["last_review_date"]:
                parts.append(f"Last reviewed {long_date(row['last_review_date'])}"
                             + ("." if row["reviewed_this_cycle"]
                                else "; not yet reviewed this cycle."))
            else:
                parts.append("Never reviewed.")
            self.summary.setText(" ".join(parts))
            self.summary.show()
        self.reviews.set_parent(record["id"])
        self.reviews_box.setTitle(f"Reviews ({len(self.reviews.rows())})")
        self.review_badge.update_score()

    def sections_read_only(self, read_only: bool) -> None:
        self.reviews.set_read_only(read_only)
