"""The written papers, read back: Word structure, accessibility, calendar and email files,
the command, refusals, file names and safe text."""

from __future__ import annotations

import email
import email.policy
import io
import itertools
import os
import zipfile
from pathlib import Path

import docx
import icalendar
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_papers_world import AWKWARD, NEXT, TODAY, build_world, next_meeting

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.papers import docx_writer, generate, naming, safe_text
from sendsec.papers.model import Heading, Paper, Para, Table, para
from sendsec.papers.template import REQUIRED_STYLES, build_template, template_source
from sendsec.services.board import Board

W_LANG = qn("w:lang")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        db = tmp_path_factory.mktemp("w") / "w.sqlite"
        board = build_world(db, emails=False)
        out = tmp_path_factory.mktemp("papers")
        steps = []
        warnings = []
        paths = generate(board, next_meeting(board)["id"], out, TODAY,
                         progress=lambda s, t, label: steps.append((s, t, label)),
                         warn=warnings.append)
        yield {"board": board, "db": db, "out": out, "paths": paths, "steps": steps,
               "warnings": warnings}
        board.close()


def _by(paths, suffix):
    return [p for p in paths if p.name.endswith(suffix)]


def _docs(written):
    return [p for p in written["paths"] if p.suffix == ".docx"]


def test_every_paper_is_written_and_named_for_people(written):
    names = [p.name for p in written["paths"]]
    stem = "2026-12-16 West Northamptonshire SEND Improvement Board"
    assert names[0] == f"{stem} - Agenda.docx"
    assert f"{stem} - Invitation - Dr Claire Moffat.docx" in names
    assert f"{stem} - Invitation - Dr Claire Moffat.eml" not in names  # no email: by hand
    assert f"{stem}.ics" in names
    assert names[-4:] == [f"{stem} - Board pack.docx", f"{stem} - Minutes template.docx",
                          f"{stem} - Board pack (Part B, not for publication).docx",
                          f"{stem} - Minutes template (Part B, not for publication).docx"]
    invitees = written["board"].rows("invitee", parent_id=next_meeting(written["board"])["id"])
    secretary = written["board"].settings()["secretary_id"]
    assert secretary in {i["person_id"] for i in invitees}
    # one draft each, but none to the secretary, who sends them, nor to Dr Moffat (no email)
    assert len(_by(written["paths"], ".eml")) == len(invitees) - 2
    assert not any("Jane Whitfield" in n for n in names)
    assert sorted(os.listdir(written["out"])) == sorted(names)  # no staging folder left
    steps = written["steps"]
    assert steps[-1][0] == steps[-1][1] and [s for s, _, _ in steps] == sorted(
        s for s, _, _ in steps)


def _heading_levels(document):
    levels = []
    for p in document.paragraphs:
        name = p.style.name
        if name == "Title":
            levels.append(0)
        elif name.startswith("Heading "):
            levels.append(int(name.split()[1]))
    return levels


def test_headings_start_with_the_title_and_never_skip_a_level(written):
    for path in _docs(written):
        levels = _heading_levels(docx.Document(str(path)))
        assert levels[0] == 0 and levels.count(0) == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path.name, before, after)


def test_tables_have_a_repeating_header_row_and_no_merged_cells(written):
    count = 0
    for path in _docs(written):
        document = docx.Document(str(path))
        for table in document.tables:
            rows = table._tbl.findall(qn("w:tr"))
            assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
            assert all(r.find(qn("w:trPr")) is None or r.find(qn("w:trPr")).find(
                qn("w:tblHeader")) is None for r in rows[1:])
            xml = table._tbl.xml
            assert "gridSpan" not in xml and "vMerge" not in xml and "hMerge" not in xml
            count += 1
    assert count > 20


def test_rag_is_written_as_a_word_where_a_cell_is_shaded(written):
    pack = docx.Document(str(_by(written["paths"], "Board pack.docx")[0]))
    shaded = []
    for table in pack.tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                if cell._tc.find(".//" + qn("w:shd")) is not None:
                    shaded.append(cell.text)
    assert shaded and set(shaded) <= {"Red", "Amber", "Green", "Blue", "Low", "Medium",
                                      "High", "Very high"}


def test_pictures_have_alt_text_with_numbers(written):
    pack = _by(written["paths"], "Board pack.docx")[0]
    document = docx.Document(str(pack))
    docprs = document.element.body.findall(".//" + qn("wp:docPr"))
    assert len(docprs) == 4
    for el in docprs:
        descr = el.get("descr")
        assert descr and any(ch.isdigit() for ch in descr)
    assert docprs[0].get("descr").startswith("Bar chart of 6 actions by RAG in each area: "
                                             "area a ")


def test_core_properties_language_and_page_numbers(written):
    for path in _docs(written):
        document = docx.Document(str(path))
        props = document.core_properties
        assert props.title and props.subject and props.author == "Jane Whitfield"
        assert props.language == "en-GB"
        defaults = document.styles.element.find(qn("w:docDefaults"))
        assert defaults.find(".//" + W_LANG).get(qn("w:val")) == "en-GB"
        for name in ("Normal", "Title", "Heading 1"):
            lang = document.styles[name].element.find(".//" + W_LANG)
            assert lang is not None and lang.get(qn("w:val")) == "en-GB"
        footer = document.sections[0].footer._element.xml
        assert " PAGE " in footer and " NUMPAGES " in footer


def test_pack_contents_point_at_its_headings_and_no_paper_asks_to_update_fields(written):
    pack = docx.Document(str(_by(written["paths"], "Board pack.docx")[0]))
    instructions = [t.text.strip() for t in pack.element.body.iter(qn("w:instrText"))]
    refs = [i.split()[1] for i in instructions if i.startswith("PAGEREF ")]
    marks = {b.get(qn("w:name")) for b in pack.element.body.iter(qn("w:bookmarkStart"))}
    headings = [p.text for p in pack.paragraphs if p.style.name == "Heading 1"]
    assert len(refs) == len(headings) > 5 and set(refs) <= marks
    entries = [p.text for p in pack.paragraphs if p.text.endswith("\t")]  # no number yet
    assert [e.rstrip("\t") for e in entries] == headings
    for path in _docs(written):
        assert docx.Document(str(path)).settings.element.find(qn("w:updateFields")) is None


def test_minutes_template_is_marked_draft_and_has_signature_lines(written):
    path = _by(written["paths"], "Minutes template.docx")[0]
    document = docx.Document(str(path))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT" in header
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DRAFT: not yet approved by the board" in text
    assert "Chair: ____" in text and "Date: ____" in text
    assert "24. Welcome, introductions and apologies" in text
    # those expected, the chair first as minutes list them (the invitations lead with the
    # advisers the notice names)
    expected = next(t for t in document.tables if t.rows[0].cells[0].text == "Name")
    roles = [r.cells[1].text for r in expected.rows[1:]]
    assert roles[0] == "Independent chair" and "DfE adviser" in roles[1:]


def test_awkward_text_reaches_the_pack_safely_and_whole(written):
    pack = docx.Document(str(_by(written["paths"], "Board pack.docx")[0]))
    # the latest update is printed once, in full, in its area's highlight report
    cells = [c for t in pack.tables for r in t.rows for c in r.cells] + list(pack.paragraphs)
    cell = next(c for c in cells if "Parents said" in c.text)
    expected = safe_text.clean(AWKWARD)
    assert cell.text.endswith(expected)
    assert "\x01" not in cell.text and "🙂" in cell.text and "שלום" in cell.text
    element = getattr(cell, "_tc", None)
    element = element if element is not None else cell._p
    assert len(element.findall(".//" + qn("w:br"))) == 2  # \x0b and \n became breaks


def test_calendar_file_is_valid_with_london_timezone(written):
    ics = _by(written["paths"], ".ics")[0]
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    assert str(cal["METHOD"]) == "PUBLISH"
    tz = cal.walk("VTIMEZONE")
    assert len(tz) == 1 and str(tz[0]["TZID"]) == "Europe/London"
    event = cal.walk("VEVENT")[0]
    meeting = next_meeting(written["board"])
    assert str(event["UID"]) == meeting["uid"]
    assert int(event["SEQUENCE"]) == meeting["ics_sequence"]
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").isoformat().startswith(f"{NEXT.isoformat()}T10:00")
    assert "Microsoft Teams" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_email_drafts_are_unsent_and_carry_the_letter_and_calendar(written):
    drafts = _by(written["paths"], ".eml")
    ridley = next(p for p in drafts if "Stephen Ridley" in p.name)
    msg = email.message_from_bytes(ridley.read_bytes(), policy=email.policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "Stephen Ridley <s.ridley@education.gov.uk>"
    assert msg["From"] == "Jane Whitfield <jane.whitfield@westnorthants.gov.uk>"
    assert msg["Subject"].startswith("Invitation: West Northamptonshire SEND Improvement "
                                     "Board")
    assert msg["Date"]
    parts = {p.get_content_type(): p for p in msg.iter_attachments()}
    assert set(parts) == {"application/vnd.openxmlformats-officedocument.wordprocessingml."
                          "document", "text/calendar"}
    letter = parts["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert letter.get_filename().endswith("Invitation - Stephen Ridley.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.get_content())).paragraphs)
    assert "Dear Stephen Ridley," in text
    assert "BEGIN:VCALENDAR" in parts["text/calendar"].get_content()


def test_an_invitee_without_email_gets_a_letter_to_send_by_hand_and_no_draft(written):
    assert not any("Claire Moffat" in p.name for p in _by(written["paths"], ".eml"))
    assert any("Claire Moffat" in p.name for p in _by(written["paths"], ".docx"))
    assert all(email.message_from_bytes(p.read_bytes())["To"]
               for p in _by(written["paths"], ".eml"))
    [line] = [w for w in written["warnings"] if "Dr Claire Moffat" in w]
    assert line.startswith("To send by hand")


def test_uid_is_stable_and_sequence_follows_a_date_change(written, tmp_path):
    board = written["board"]
    meeting = next_meeting(board)
    first = generate(board, meeting["id"], tmp_path / "a", TODAY)
    board.update("meeting", meeting["id"], {"meeting_date": "2026-12-17"})
    second = generate(board, meeting["id"], tmp_path / "b", TODAY)
    e1 = icalendar.Calendar.from_ical(_by(first, ".ics")[0].read_bytes()).walk("VEVENT")[0]
    e2 = icalendar.Calendar.from_ical(_by(second, ".ics")[0].read_bytes()).walk("VEVENT")[0]
    assert str(e1["UID"]) == str(e2["UID"]) == meeting["uid"]
    assert int(e2["SEQUENCE"]) == int(e1["SEQUENCE"]) + 1
    assert _by(second, ".ics")[0].name.startswith("2026-12-17 ")
    board.update("meeting", meeting["id"], {"status": "cancelled"})
    third = generate(board, meeting["id"], tmp_path / "c", TODAY)
    e3 = icalendar.Calendar.from_ical(_by(third, ".ics")[0].read_bytes()).walk("VEVENT")[0]
    assert str(e3["STATUS"]) == "CANCELLED" and str(e3["UID"]) == meeting["uid"]
    assert not _by(third, "Board pack.docx") and _by(third, "Cancellation - Oliver Grant.docx")
    board.update("meeting", meeting["id"], {"status": "planned", "meeting_date": NEXT})


def test_producing_twice_overwrites_cleanly(written):
    board = written["board"]
    again = generate(board, next_meeting(board)["id"], written["out"], TODAY)
    assert [p.name for p in again] == [p.name for p in written["paths"]]
    assert sorted(os.listdir(written["out"])) == sorted(p.name for p in again)


def test_refusal_without_a_statutory_invitee_writes_nothing(tmp_path):
    board = build_world(tmp_path / "w.sqlite", statutory=False)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SendsecError, match="has no NHS England adviser invited"):
        generate(board, next_meeting(board)["id"], out, TODAY)
    assert list(out.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SendsecError, match=r"cannot be created|is a file"):
        generate(board, next_meeting(board)["id"], blocker / "papers", TODAY)


def test_an_output_folder_that_is_a_file_is_named_as_a_file(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    blocker = tmp_path / "papers"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SendsecError) as caught:
        generate(board, next_meeting(board)["id"], blocker, TODAY)
    assert str(caught.value) == f"'{blocker}' is a file, not a folder."
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_template_missing_styles_is_refused_listing_them(tmp_path):
    document = build_template()
    for name in ("Heading 3", "List Bullet"):
        style = document.styles[name].element
        style.getparent().remove(style)
    bad = tmp_path / "council.docx"
    document.save(str(bad))
    with pytest.raises(SendsecError, match="lacks styles the papers need: Heading 3, "
                                           "List Bullet"):
        template_source(str(bad))
    foreign = tmp_path / "fake.docx"
    foreign.write_bytes(b"not a zip at all")
    with pytest.raises(SendsecError, match="is not a Word document"):
        template_source(str(foreign))
    with pytest.raises(SendsecError, match="was not found"):
        template_source(str(tmp_path / "missing.docx"))


def test_a_template_that_is_another_office_file_is_named_without_internals(tmp_path):
    import openpyxl

    workbook = tmp_path / "council.docx"
    openpyxl.Workbook().save(workbook)  # an Excel workbook given a Word name
    with pytest.raises(SendsecError) as caught:
        template_source(str(workbook))
    assert str(caught.value) == (f"The board's Word template '{workbook}' is not a Word "
                                 "document (.docx): it is an Excel workbook.")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(SendsecError) as caught:
        template_source(str(empty))
    assert str(caught.value) == (f"The board's Word template '{empty}' is not a Word "
                                 "document (.docx).")


def test_the_council_template_is_used_when_set(tmp_path):
    board = build_world(tmp_path / "w.sqlite")
    document = build_template()
    document.sections[0].header.paragraphs[0].text = "COUNCIL LETTERHEAD"
    council = tmp_path / "council.docx"
    document.save(str(council))
    board.update_settings({"template_path": str(council)})
    paths = generate(board, next_meeting(board)["id"], tmp_path / "out", TODAY)
    agenda = docx.Document(str(paths[0]))
    assert "COUNCIL LETTERHEAD" in agenda.sections[0].header.paragraphs[0].text


def test_a_council_template_without_page_size_or_margins_gets_the_built_in_page(tmp_path):
    document = build_template()
    settings = document.sections[0]._sectPr
    for tag in ("w:pgSz", "w:pgMar"):  # left to Word's defaults, as some tools write it
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    council = tmp_path / "council.docx"
    document.save(str(council))
    paper = Paper("agenda", "Agenda", "Board meeting", "Secretary")
    paper.add(Heading("Agenda", 0), para("Welcome"),
              Table(("Item", "Who"), (("Apologies", "Chair"),)))
    out = docx_writer.write_paper(paper, template_source(str(council)), tmp_path / "a.docx")
    written = docx.Document(str(out))
    section = written.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == round(section.bottom_margin.cm, 1) == 2.0
    assert [c.text for c in written.tables[0].rows[1].cells] == ["Apologies", "Chair"]


def test_shipped_template_has_every_required_style():
    path = Path(__file__).resolve().parents[1] / "resources" / "template.docx"
    document = docx.Document(str(path))
    assert {s.name for s in document.styles} >= set(REQUIRED_STYLES)
    assert document.styles["Normal"].font.name == "Arial"
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01


def test_command_prints_every_path_and_warns_on_stderr(written, tmp_path, capsys):
    out = tmp_path / "cli"
    code = main(["papers", "--db", str(written["db"]), "--meeting", "next", "--out", str(out),
                 "--today", TODAY.isoformat()])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert len(lines) == len(written["paths"]) and all(Path(x).is_file() for x in lines)
    assert "warning: To send by hand (no email address, so no email draft): " in captured.err
    assert "Dr Claire Moffat (NHS England adviser)" in captured.err


def test_command_meeting_not_found_is_one_line_exit_2(written, tmp_path, capsys):
    code = main(["papers", "--db", str(written["db"]), "--meeting", "2031-01-01", "--out",
                 str(tmp_path / "x"), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no meeting on 1 January 2031" in err
    assert not (tmp_path / "x").exists()


def test_file_names_are_safe_for_windows():
    name = naming.paper_name("2025-03-12", 'Board: "A/B" <test>|?* . ', "Invitation", "eml",
                             "Jo\x0bBloggs. ")
    assert name == "2025-03-12 Board- -A-B- -test---- - Invitation - Jo Bloggs.eml"
    assert not any(c in name for c in '<>:"/\\|?*')
    long = naming.paper_name("2025-03-12", "B" * 400, "Board pack", "docx")
    assert len(long) <= naming.MAX_NAME and long.endswith(" - Board pack.docx")
    assert naming.safe_part("CON") == "_CON" and naming.safe_part("...") == "unnamed"
    assert naming.unique_names(["Jo", "Ann", "jo"]) == ["Jo", "Ann", "jo (2)"]


# ---------------------------------------------------------------------------- safe text


def test_clean_removes_what_xml_forbids_and_keeps_everything_else():
    assert safe_text.clean("a\x0bb\x0cc\r\nd\re") == "a\nb\nc\nd\ne"
    assert safe_text.clean("x\x00\x01\x1f\ufffe\uffff\ud800y") == "xy"
    keep = "& < > \" ' 🙂 שלום عربى \t tab"
    assert safe_text.clean(keep) == keep
    assert safe_text.clean(None) == "" and safe_text.clean(12) == "12"


def _write_one(text: str, path: Path) -> docx.document.Document:
    paper = Paper("test", "T", "S", "A")
    paper.add(Heading("Title", 0), para(text),
              Table(("Column",), ((text,),)))
    docx_writer.write_paper(paper, template_source(None), path)
    return docx.Document(str(path))


def test_a_40000_character_update_goes_in_whole(tmp_path):
    text = ("Progress " * 5000)[:40_000]
    document = _write_one(text, tmp_path / "big.docx")
    assert document.paragraphs[1].text == text
    assert document.tables[0].rows[1].cells[0].text == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=80))
def test_any_text_survives_into_a_document(tmp_path, text):
    document = _write_one(text, tmp_path / "h.docx")
    expected = safe_text.clean(text)
    lines = expected.split("\n")
    body = document.paragraphs[1]
    assert body.text == expected
    assert len(body._p.findall(".//" + qn("w:br"))) == len(lines) - 1
    assert document.tables[0].rows[1].cells[0].text == expected


def test_writer_refuses_a_skipped_heading_level():
    paper = Paper("test", "T", "S", "A")
    paper.add(Heading("Title", 0), Heading("Jump", 2))
    with pytest.raises(ValueError, match="skips a level"):
        docx_writer.build_document(paper, template_source(None))


def test_labelled_runs_are_bold_then_plain(tmp_path):
    paper = Paper("test", "T", "S", "A")
    paper.add(Heading("Title", 0), Para((("Date: ", True), ("today", False))))
    path = tmp_path / "p.docx"
    docx_writer.write_paper(paper, template_source(None), path)
    runs = docx.Document(str(path)).paragraphs[1].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [("Date: ", True), ("today", False)]
    with zipfile.ZipFile(path) as z:
        assert "en-GB" in z.read("word/styles.xml").decode("utf-8")


def test_papers_open_from_a_read_only_board(written, tmp_path):
    board = Board.open(written["db"], readonly=True, backup=False)
    try:
        paths = generate(board, next_meeting(board)["id"], tmp_path / "ro", TODAY)
    finally:
        board.close()
    assert len(paths) == len(written["paths"])


def test_the_contents_point_at_every_section_and_no_paper_asks_word_on_both_boards(paper_set):
    pack = docx.Document(str(paper_set.one(" - Board pack.docx")))
    instructions = [t.text.strip() for t in pack.element.body.iter(qn("w:instrText"))]
    refs = [i.split()[1] for i in instructions if i.startswith("PAGEREF ")]
    marks = {b.get(qn("w:name")) for b in pack.element.body.iter(qn("w:bookmarkStart"))}
    headings = [p.text for p in pack.paragraphs if p.style.name == "Heading 1"]
    assert len(refs) >= len(headings) > 5 and set(refs) <= marks
    for path in paper_set.papers:
        assert docx.Document(str(path)).settings.element.find(qn("w:updateFields")) is None
