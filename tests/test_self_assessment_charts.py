"""The stocktake self-assessment's measure charts say in words what they plot: the pack's
chart of the same measure, with the pack's alt text (the whole series, its span and gaps),
read back from the written .docx."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from sendsec.domain.dates import from_iso
from sendsec.services import registers


def test_each_measure_charts_alt_text_is_the_packs_and_states_the_whole_series(paper_set):
    """The alt text listed the last 12 values of a chart that plots every value (M01 of the
    demo from April 2021, with no values from November 2021 to October 2023): it now names
    the span, the number of values and the gaps, in the pack's words for the same chart."""
    def alts(path: Path) -> dict[str, str]:
        body = docx.Document(str(path)).element.body
        return {d.get("title"): d.get("descr") for d in body.iter(qn("wp:docPr"))}

    review = alts(paper_set.one(" - Self-assessment.docx", "stocktake"))
    pack = alts(paper_set.one(" - Board pack.docx", "stocktake"))
    board = paper_set.open()
    try:
        measures = registers.measure_rows(board, paper_set.today)
    finally:
        board.close()
    charted = [m for m in measures if m["points"]]
    assert charted
    for m in charted:
        alt = review[f"{m['code']}: {m['title']}"]
        assert alt == pack[f"{m['code']}: {m['title']}"]
        months = sorted(from_iso(p["period"]) for p in m["points"])
        assert (f" from {months[0]:%B %Y} to {months[-1]:%B %Y} ({len(months)} value"
                in alt), alt
    if paper_set.name == "demo":
        [m01] = [alt for title, alt in review.items() if title.startswith("M01:")]
        assert " from April 2021 " in m01
        assert "no values between November 2021 and October 2023" in m01
