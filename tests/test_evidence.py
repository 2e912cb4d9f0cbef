"""Evidence against the Improvement Notice: the matrix, partners and revised dates, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from sendsec.cli import main
from sendsec.demo.world import build_demo
from sendsec.reports.evidence import MET, NOT_MET, PARTLY, build_evidence
from sendsec.reports.evidence_rows import REQUIREMENTS
from sendsec.services.board import Board

TODAY = dt.date(2026, 12, 2)
CODES = [f"3{c}" for c in "abcdefghij"] + [code for code, _ in REQUIREMENTS]


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY)


@pytest.fixture(scope="module")
def written(demo_master, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("evidence")
    assert main(["evidence", "--db", str(demo_master), "--out", str(out), "--today",
                 TODAY.isoformat()]) == 0
    docx_path = next(out.glob("*.docx"))
    return docx_path, docx_path.with_suffix(".xlsx")


def _sheet(path: Path, name: str) -> list[tuple]:
    wb = load_workbook(path, read_only=True)
    rows = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    wb.close()
    return rows


def test_every_requirement_of_the_notice_has_a_row_with_its_code_first(written):
    _, xlsx = written
    assert xlsx.name == ("2026-12-02 West Northamptonshire SEND and AP Partnership Improvement "
                         "Board - Evidence against the Improvement Notice.xlsx")
    rows = _sheet(xlsx, "Notice")
    assert rows[0] == ("Code", "Requirement", "Evidence held", "Gaps", "Status")
    assert [r[0] for r in rows[1:]] == CODES
    assert {r[4] for r in rows[1:]} <= {MET, PARTLY, NOT_MET}


def test_the_planted_gaps_are_named_where_they_belong(written):
    _, xlsx = written
    gaps = {r[0]: r[3] or "" for r in _sheet(xlsx, "Notice")[1:]}
    assert "AI10.3 has no accountable owner" in gaps["5b"]
    assert "AI9.3 has neither a success measure nor a measurable target" in gaps["5b"]
    assert "R09" in gaps["5c"] and "not been reviewed" in gaps["5c"]
    assert "lack the NHS England adviser" in gaps["6"]
    assert "were not approved at the following meeting" in gaps["12d"]
    assert "AI8.2" in gaps["13"] and "after the board's target date" in gaps["13"]
    assert "Strengthen how schools' views shape the SEND ranges training" in gaps["4"]
    assert "no board decision agrees it" in gaps["5b"]
    assert "M08 is off its trajectory (Red) with no exception report" in gaps["5d"]


def test_partners_are_all_listed_and_every_revised_date_has_its_history(written, demo_master):
    _, xlsx = written
    with Board.open(demo_master, readonly=True, backup=False) as b:
        organisations = {o["name"] for o in b.rows("organisation")}
        revisions = b.rows("action_revision")
        actions = {a["id"]: a for a in b.rows("action")}
    partners = _sheet(xlsx, "Partners")
    assert {r[0] for r in partners[1:]} == organisations
    revised = _sheet(xlsx, "Revised dates")
    assert len(revised) - 1 == len(revisions) > 0
    for r in revisions:
        a = actions[r["action_id"]]
        row = next(x for x in revised[1:] if x[0] == a["ref"] and
                   x[5].date().isoformat() == r["new_due"])
        assert row[2].date().isoformat() == a["due_date"]  # the original baseline
        assert row[8] == (dt.date.fromisoformat(r["new_due"])
                          - dt.date.fromisoformat(a["due_date"])).days
        assert row[7] in ("not agreed by the board",) or row[7].startswith("Minute ")
    assert any(x[7].startswith("Minute ") for x in revised[1:])
    assert any(x[7] == "not agreed by the board" for x in revised[1:])


def test_the_word_document_says_the_same_with_a_readiness_summary_first(written):
    docx_path, _xlsx = written
    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Readiness against paragraph 13"
    for code in CODES:
        assert any(h.startswith(f"{code}: ") for h in headings), code
    assert "Partners' contributions" in headings and "Revised due dates" in headings
    assert "AI10.3 has no accountable owner" in text
    assert doc.core_properties.language == "en-GB"


def _evidenced_board(path: Path) -> Path:
    b = Board.create_new(path, "Test Board", target_date="2026-11-30")
    with b:
        chair = b.create("person", {"name": "Chris Chair", "role": "independent chair"}).id
        owner = b.create("person", {"name": "Olive Owner", "title": "Director"}).id
        for role in ("DfE adviser", "NHS England adviser", "DfE case lead"):
            b.create("person", {"name": f"{role} person", "role": role})
        b.update_settings({"chair_id": chair})
        area = b.create("area", {"code": "a", "title": "Commissioning", "sro_id": owner}).id
        for ref in ("PA1.1", "PA1.2"):
            b.create("action", {"ref": ref, "title": f"Do {ref}", "owner_id": owner,
                                "area_id": area, "target": "Agreement signed",
                                "due_date": "2026-06-30", "status": "in progress"})
        b.create("meeting", {"meeting_date": "2026-12-16"})
    return path


def test_fully_evidenced_is_met_and_removing_evidence_names_the_gap(tmp_path):
    path = _evidenced_board(tmp_path / "b.sqlite")
    today = dt.date(2026, 6, 1)
    with Board.open(path) as b:
        ev = build_evidence(b, today)
        assert ev.requirement("5b").status == MET, ev.requirement("5b").gaps
        assert ev.requirement("6").status == MET
        assert ev.requirement("7").status == NOT_MET
        b.update("action", b.find("action", ref="PA1.2")["id"], {"owner_id": None})
        meeting = b.rows("meeting")[0]
        nhse = next(i for i in b.rows("invitee", parent_id=meeting["id"])
                    if b.get("person", i["person_id"])["role"] == "NHS England adviser")
        b.remove_invitee(nhse["id"], force=True)
        ev = build_evidence(b, today)
    r5b = ev.requirement("5b")
    assert r5b.status == PARTLY
    assert [g.text for g in r5b.gaps] == [
        "PA1.2: The action PA1.2 has no accountable owner; every action needs one "
        "(notice 5b)."]
    assert r5b.gaps[0].entity == "action"
    assert ev.requirement("6").status == PARTLY
    assert "NHS England adviser" in ev.requirement("6").gaps[0].text


def test_a_revision_is_flagged_until_a_board_decision_agrees_it(tmp_path):
    path = _evidenced_board(tmp_path / "b.sqlite")
    with Board.open(path) as b:
        pa = b.find("action", ref="PA1.1")
        b.update("action", pa["id"], {"revised_due_date": "2026-09-30",
                                      "revision_reason": "=HYPERLINK(\"http://x\")"})
        ev = build_evidence(b, dt.date(2026, 6, 1))
        assert any("no board decision agrees it" in g.text for g in ev.requirement("5b").gaps)
        meeting = b.rows("meeting")[0]
        minute = b.create("minute", {"meeting_id": meeting["id"], "number": 21,
                                     "heading": "Progress"}).id
        revision = b.rows("action_revision", parent_id=pa["id"])[0]
        b.update("action_revision", revision["id"], {"agreed_minute_id": minute})
        ev = build_evidence(b, dt.date(2026, 6, 1))
    assert not any("no board decision" in g.text for g in ev.requirement("5b").gaps)
    assert ev.revisions[0].agreed == "Minute 21"
    out = tmp_path / "out"
    assert main(["evidence", "--db", str(path), "--out", str(out), "--today",
                 "2026-06-01"]) == 0
    rows = _sheet(next(out.glob("*.xlsx")), "Revised dates")
    assert rows[1][6] == "=HYPERLINK(\"http://x\")"  # text from the records is never a formula


def test_an_empty_board_is_not_met_everywhere_it_holds_nothing(tmp_path, capsys):
    path = tmp_path / "empty.sqlite"
    Board.create_new(path, "Empty Board").close()
    with Board.open(path, readonly=True, backup=False) as b:
        ev = build_evidence(b, TODAY)
    assert ev.requirement("5b").status == NOT_MET and ev.requirement("6").status == NOT_MET
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["evidence", "--db", str(path), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1


def test_exception_reports_for_measures_off_trajectory(demo_master, tmp_path):
    from sendsec.papers import highlights
    from sendsec.papers.model import Heading
    from sendsec.services import registers

    path = tmp_path / "copy.sqlite"
    path.write_bytes(demo_master.read_bytes())
    with Board.open(path) as b:
        red = [m for m in registers.measure_rows(b, TODAY) if m["rag"] == "red"]
        assert red, "the demo has a measure off its trajectory"
        text = "\n".join(getattr(x, "text", "") for x in highlights.exception_reports(red, {}))
        assert "No exception report has been received" in text
        manager = b.rows("person")[0]
        b.update("measure", red[0]["id"], {
            "accountable_id": manager["id"],
            "exception_commentary": "Fewer responses this quarter & a new survey tool",
            "exception_actions": "Re-run the survey with the parent carer forum"})
        rows = [m for m in registers.measure_rows(b, TODAY) if m["rag"] == "red"]
        blocks = highlights.exception_reports(rows, {manager["id"]: manager["name"]})
    text = "\n".join(getattr(x, "text", "") for x in blocks)
    assert f"Exception report: {rows[0]['code']}" in next(x.text for x in blocks
                                                      if isinstance(x, Heading))
    assert "Fewer responses this quarter & a new survey tool" in text
    assert "Re-run the survey with the parent carer forum" in text
    assert manager["name"] in text
