"""The chair's public update (.docx and HTML) and the publishability check before it."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from sendsec.cli import main
from sendsec.demo.world import build_demo
from sendsec.domain.entities import HELD_STATUSES
from sendsec.papers import chair_update as cu
from sendsec.papers import publishable
from sendsec.services.board import Board

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", TODAY)


@pytest.fixture
def demo(demo_master, tmp_path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_master, path)
    return path


def _last_held(board: Board) -> dict:
    held = [m for m in board.rows("meeting") if m["status"] in HELD_STATUSES
            and m["kind"] == "board"]
    return held[-1]


class _Page(HTMLParser):
    """Reads an HTML page the way an accessibility checker starts: structure, not looks."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.title = ""
        self.headings: list[int] = []
        self.heading_text: list[str] = []
        self.th_scopes: list[str | None] = []
        self.tables = 0
        self.imgs_without_alt = 0
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
            self.heading_text.append("")
        if tag == "th":
            self.th_scopes.append(a.get("scope"))
        if tag == "table":
            self.tables += 1
        if tag == "img" and not a.get("alt"):
            self.imgs_without_alt += 1

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if self._in and self._in[-1] in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading_text[-1] += data
        if "style" not in self._in:
            self.text.append(data)


def test_the_chair_update_of_the_last_held_meeting_is_an_accessible_page(demo, tmp_path):
    out = tmp_path / "papers"
    with Board.open(demo, readonly=True, backup=False) as b:
        meeting = _last_held(b)
        paths = cu.write_chair_update(b, meeting["id"], out)
        people = [p["name"] for p in b.rows("person", include_archived=True)
                  if p["role"] != "independent chair"]
        chair = b.get("person", b.settings()["chair_id"])["name"]
    docx_path, html_path = paths
    assert docx_path.name.endswith(" - Chair's update.docx")
    assert html_path.name.endswith(" - Chair's update.html")
    page = _Page()
    page.feed(html_path.read_text(encoding="utf-8"))
    assert page.lang == "en-GB"
    assert page.title.startswith("Chair's update: ")
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert page.tables == 1 and page.th_scopes == ["col", "col"]
    assert page.imgs_without_alt == 0
    assert "You said, we did" in page.heading_text and "Next meeting" in page.heading_text
    assert page.heading_text.count("What was said") == page.heading_text.count("What we will do")
    text = " ".join(page.text)
    assert "We agreed that" in text
    # no names other than the office holders'
    for name in people:
        assert name not in text, name
    assert chair in text
    # the Word copy says the same
    doc = Document(str(docx_path))
    words = "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.title.startswith("Chair's update: ")
    for name in people:
        assert name not in words
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["You said", "We did"]
    assert next(p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")) \
        == "Heading 1"


def test_names_become_job_titles():
    people = [("George Pritchard", "Head of Therapy", "the Head of Therapy"),
              ("Jo Bloggs", "", "a board member")]
    text = "George Pritchard, Head of Therapy presented. Jo Bloggs asked a question."
    assert cu.without_names(text, people) == \
        "The Head of Therapy presented. A board member asked a question."


def test_part_b_stays_out_and_is_caught_if_pasted_into_public_minutes(demo, tmp_path, capsys):
    with Board.open(demo) as b:
        meeting = _last_held(b)
        item = b.create("agenda_item", {"meeting_id": meeting["id"], "title":
                                        "Staffing restructure of the SEND casework team",
                                        "confidential": 1}).id
        secret = ("The board considered the proposed redundancies in the casework team "
                  "and the consultation with trade unions")
        numbers = [m["number"] for m in b.rows("minute")]
        b.create("minute", {"meeting_id": meeting["id"], "agenda_item_id": item,
                            "number": max(numbers) + 1, "heading": "Staffing restructure",
                            "discussion": secret})
        update = cu.chair_update(b, meeting["id"])
        assert "redundancies" not in cu.to_html(update)
        assert not any("Staffing restructure" in i.title for i in update.items)
        assert cu.check_public(b, meeting["id"]) == []
        public = next(m for m in b.rows("minute", parent_id=meeting["id"])
                      if m["heading"] == "Risk register")
        b.update("minute", public["id"], {"discussion": f"{public['discussion']} {secret}."})
    out = tmp_path / "out"
    code = main(["papers", "--db", str(demo), "--meeting", str(meeting["id"]),
                 "--out", str(out), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 2
    assert f"minute {public['number']}: text of Part B minute" in err
    assert not out.exists() or not any(out.iterdir())


def test_private_details_are_listed_before_anything_is_written(demo, tmp_path, capsys):
    with Board.open(demo) as b:
        meeting = _last_held(b)
        secretary = b.get("person", b.settings()["secretary_id"])
        minute = next(m for m in b.rows("minute", parent_id=meeting["id"])
                      if m["heading"] == "Risk register")
        b.update("minute", minute["id"], {"discussion": (
            "A parent (jane.parent@gmail.com, 07700 900123) raised her son's case, "
            "NHS number 943 476 5919, date of birth 12/03/2014, UPN "
            f"{_a_valid_upn()}. Contact the secretary at {secretary['email']}.")})
    out = tmp_path / "out"
    args = ["papers", "--db", str(demo), "--meeting", str(meeting["id"]), "--out", str(out),
            "--today", TODAY.isoformat()]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("sendsec: ") and "nothing was written" in err
    where = f"Minutes, minute {minute['number']}"
    for kind, text in (("an e-mail address", "jane.parent@gmail.com"),
                       ("a phone number", "07700 900123"),
                       ("an NHS number", "943 476 5919"),
                       ("a date of birth", "date of birth 12/03/2014"),
                       ("a unique pupil number", _a_valid_upn())):
        assert f"{where}: {kind} '{text}'" in err, kind
    assert secretary["email"] not in err
    assert not out.exists() or not any(out.iterdir())
    assert main([*args, "--publish-anyway"]) == 0
    captured = capsys.readouterr()
    assert "published anyway" in captured.err
    names = [Path(line).name for line in captured.out.split("\n") if line]
    assert any(n.endswith("Chair's update.html") for n in names)
    assert any(n.endswith(" - Minutes.docx") for n in names)


def _a_valid_upn() -> str:
    digits = "123456789012"
    total = sum(int(d) * w for d, w in zip(digits, range(2, 14), strict=True))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + digits


def test_check_digits():
    assert publishable.nhs_number_valid("9434765919")
    assert not publishable.nhs_number_valid("9434765918")
    assert not publishable.nhs_number_valid("943476591")
    upn = _a_valid_upn()
    assert publishable.upn_valid(upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not publishable.upn_valid(wrong)


def test_a_clean_text_has_no_hits_and_a_wrong_check_digit_is_not_an_nhs_number():
    rules = publishable.Rules(allowed_emails=["sec@council.gov.uk"], allowed_phones=["01604 123456"])
    text = ("Contact sec@council.gov.uk or 01604 123456. 20 weeks; 1,180 plans; 943 476 5918 is "
            "a reference; the meeting on 12/03/2025 agreed the plan.")
    assert publishable.scan("Chair's update", [("intro", text)], rules) == []


def test_the_chair_update_is_refused_before_the_meeting_is_held(demo):
    with Board.open(demo, readonly=True, backup=False) as b:
        planned = next(m for m in b.rows("meeting") if m["status"] == "planned")
        with pytest.raises(Exception, match="has not been held"):
            cu.chair_update(b, planned["id"])
