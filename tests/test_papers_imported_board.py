"""What a page reviewer found on the papers of a board whose plan was imported (issue 13):
risk reviews at the register's dates, risks in their actions' areas, action leads who are not
board members, an agenda that ends on time, long updates cut in tables, wide tables landscape,
authors with their roles."""

from __future__ import annotations

import datetime as dt

from papers_boards import _risk_rows, _workbook
from test_import_helpers import new_board

from sendsec.spreadsheets import importer

TODAY = dt.date(2026, 11, 22)


def test_imported_risk_reviews_are_dated_as_the_register_says(imported_paper_set):
    from papers_boards import text_of

    board = imported_paper_set.open()
    try:
        latest = {r["ref"]: board.rows("risk_review", parent_id=r["id"])[0]["review_date"]
                  for r in board.rows("risk")}
    finally:
        board.close()
    assert latest == {"R1": "2026-11-10", "R2": "2026-11-12", "R3": "2026-11-10",
                      "R4": "2026-11-12"}
    pack = text_of(imported_paper_set.one(" - Board pack.docx"))
    assert "22 Nov 2026" not in pack.split("Risk register", 1)[-1].split("Heat map")[0]
    assert "Not reviewed this cycle: R3" not in pack


def test_an_older_register_imported_after_a_newer_one_does_not_win(tmp_path):
    board = new_board(tmp_path)
    november = _workbook(tmp_path / "nov.xlsx", _risk_rows(2), "Risks")
    september = _workbook(tmp_path / "sep.xlsx", _risk_rows(1), "Risks")
    for path in (november, september):
        importer.apply(board, importer.plan(board, path, today=TODAY))
    r1 = board.find("risk", ref="R1")
    reviews = board.rows("risk_review", parent_id=r1["id"])
    assert [v["review_date"] for v in reviews] == ["2026-11-10", "2026-09-30"]
    assert (r1["current_likelihood"], r1["current_impact"]) == (4, 5)  # November's
