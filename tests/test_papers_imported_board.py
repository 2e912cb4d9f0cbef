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


def test_a_risk_without_an_area_is_in_its_linked_actions_areas(imported_paper_set):
    from papers_boards import paragraphs, section

    found = paragraphs(imported_paper_set.one(" - Board pack.docx"))
    start = found.index(("Heading 2", "Area P2: The timeliness and quality of EHC needs "
                                      "assessments and plans"))
    area = [t for _, t in found[start + 1:]]
    at_risk = area[area.index("What is at risk"):][:8]
    assert any(t.startswith("Risk R1 (") and "score 20" in t for t in at_risk), at_risk
    changed = [t for _, t in section(imported_paper_set.one(" - Board pack.docx"),
                                     "Appendix 3: What changed")]
    unlinked = changed[changed.index("Not linked to an area"):] \
        if "Not linked to an area" in changed else []
    assert not [t for t in unlinked if "risk R" in t.casefold()]
    assert changed.count("Risk R2 score 16 to 9 (down).") == 2  # P1 and AFI5
    # the register has no area column: the import puts R1 in its actions' area
    board = imported_paper_set.open()
    try:
        p2 = board.find("area", code="P2")["id"]
        assert board.find("risk", ref="R1")["area_id"] == p2
    finally:
        board.close()


def test_risk_areas_follow_the_linked_actions():
    from sendsec.domain import rules

    areas = {"2.1": 2, "2.3": 2, "1.1": 1, "pa5.1": 5}
    assert rules.risk_areas(None, "2.1, 2.3", areas) == (2,)
    assert rules.risk_areas(None, "PA1.1; 5.1 and 2.3", areas) == (1, 5, 2)
    assert rules.risk_areas(7, "2.1", areas) == (7,)
    assert rules.risk_areas(None, None, areas) == ()


def test_imported_action_leads_are_not_board_members_nor_invited(imported_paper_set):
    from papers_boards import text_of

    leads = ("Lucy Marsh", "Priya Shah", "Tom Bailey")
    board = imported_paper_set.open()
    try:
        invited = {p["name"] for p in board.rows("person")
                   if p["id"] in {i["person_id"] for i in board.rows("invitee")}}
    finally:
        board.close()
    assert not invited & set(leads)
    for ending in (" - Minutes template.docx", " - Agenda.docx"):
        text = text_of(imported_paper_set.one(ending))
        assert not [n for n in leads if n in text.split("Minute")[0]], ending
    assert not [p for p in imported_paper_set.next_papers
                if any(n in p.name for n in leads)]
    sa = [p for p in imported_paper_set.papers if "elf-assessment" in p.name]
    assert sa
    for path in sa:
        text = text_of(path)
        board_list = text.split("The improvement board", 1)[-1].split(
            "Accountability for actions by organisation")[0]
        assert not [n for n in leads if n in board_list], path.name


def test_an_agenda_never_prints_a_time_after_the_meetings_end(imported_paper_set, capsys):
    import re

    import docx

    from sendsec.cli import main

    agenda = docx.Document(str(imported_paper_set.one(" - Agenda.docx")))
    times = [row.cells[1].text for t in agenda.tables for row in t.rows[1:]
             if len(row.cells) > 1 and re.fullmatch(r"\d{1,2}\.\d\d[ap]m", row.cells[1].text)]
    assert times and "2.00pm" in times
    assert not [t for t in times if t.endswith("pm") and t[0] in "456789"]
    # check flags it, and papers warn the secretary when writing
    db = str(imported_paper_set.db)
    assert main(["check", "--db", db, "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert "[agenda-overrun] Meeting 3" in out, out
    board = imported_paper_set.open()
    try:
        from sendsec.papers import paper_warnings

        [line] = [w for w in paper_warnings(board, imported_paper_set.next_id, TODAY)
                  if w.startswith("The agenda runs to")]
    finally:
        board.close()
    assert "printed without a time" in line


def test_a_long_update_is_cut_in_tables_and_highlights_and_printed_once_in_full(paper_set):
    import docx
    from papers_boards import LONG_MARK, LONG_UPDATE, paragraphs, text_of

    from sendsec.papers.long_updates import FULL_TITLE, LIMIT

    pack = paper_set.one(" - Board pack.docx")
    review = paper_set.one(" - Self-assessment.docx", "stocktake")
    for path in (pack, review):
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert all(len(c) < LIMIT + 200 for c in cells), path.name
        bullets = [t for style, t in paragraphs(path) if style == "List Bullet"]
        assert all(len(b) < LIMIT + 200 for b in bullets), path.name
        if paper_set.name == "imported":
            text = text_of(path)
            assert text.count(LONG_UPDATE) == 1, path.name
            assert f"(shortened: in full in '{FULL_TITLE}')" in text
            assert any(c.startswith(("2.1", "")) and LONG_MARK in c and "…" in c
                       for c in cells + bullets)


def test_the_self_assessments_dashboard_is_landscape_on_both_boards(paper_set):
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document(str(paper_set.one(" - Self-assessment.docx", "stocktake")))
    body = document.element.body
    dashboard = next(t for t in document.tables if t.rows[0].cells[0].text == "Code"
                     and len(t.columns) == 10)
    # the section a table is in is the first section break after it
    index = list(body).index(dashboard._tbl)
    breaks = [i for i, el in enumerate(body) if el.tag.endswith("}p")
              and el.find(".//{*}sectPr") is not None]
    following = [i for i in breaks if i > index]
    n = breaks.index(following[0]) if following else len(document.sections) - 1
    assert document.sections[n].orientation == WD_ORIENT.LANDSCAPE


def test_a_report_names_its_author_with_their_role(paper_set):
    from papers_boards import paragraphs

    authors = [t for _, t in paragraphs(paper_set.one(" - Board pack.docx"))
               if t.startswith("Report of: ")]
    assert authors
    board = paper_set.open()
    try:
        secretary = board.get("person", board.settings()["secretary_id"])
    finally:
        board.close()
    plain = f"Report of: {secretary['name']}"
    assert plain not in authors  # never the bare name when the job title is known
    if paper_set.name == "imported":
        assert ("Report of: Marcus Bell, Democratic Services Officer, North Northamptonshire "
                "Council") in authors


def test_someone_without_a_job_title_or_organisation_is_named_by_their_role(
        imported_paper_set):
    from papers_boards import text_of

    text = text_of(imported_paper_set.one(" - Agenda.docx"))
    assert "Gemma Rowe, Parent carer forum representative" in text.splitlines()
