"""The Part B pack: papers for Part B (confidential) items go in a document of their own,
marked not for publication, and never in the public pack (the agenda's Part B list aside)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from test_papers_world import TODAY, build_world, next_meeting

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.papers import office, part_b
from sendsec.services.board import Board

NARRATIVE = "Zephyrine Quillfeather's placement breakdown and the tribunal costs"
REPORT_TEXT = "Confidential: the interim head of SEN casework resigns on 31 January."


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "w.sqlite"
    board = build_world(db, emails=False)
    item = next(i for i in board.rows("agenda_item", parent_id=next_meeting(board)["id"])
                if i["confidential"])
    board.update("agenda_item", item["id"], {"description": NARRATIVE})
    board.close()
    return db


def _attach(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paper = docx.Document()
    paper.add_heading("Staffing matter", 1)
    paper.add_paragraph(text)
    paper.save(str(folder / name))


def _papers(db: Path, out: Path, *extra: str) -> list[Path]:
    assert main(["papers", "--db", str(db), "--out", str(out), "--today", TODAY.isoformat(),
                 *extra]) == 0
    return sorted(out.iterdir())


def _blocks(path: Path) -> list[tuple[str, str]]:
    """Return ('p' or 't', text) for each paragraph and table of a document, in order."""
    doc = docx.Document(str(path))
    out = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(("p", "".join(t.text or "" for t in child.iter()
                                     if t.tag.endswith("}t"))))
        elif child.tag.endswith("}tbl"):
            out.append(("t", " ".join(t.text or "" for t in child.iter()
                                      if t.tag.endswith("}t"))))
    return out


def test_part_b_papers_are_in_their_own_marked_pack_and_never_in_the_public_one(
        world, tmp_path, capsys):
    out = tmp_path / "out"
    _attach(out, "Paper X - Staffing matter.docx", REPORT_TEXT)
    paths = _papers(world, out)
    printed = capsys.readouterr().out
    [secret] = [p for p in paths if p.name.endswith(f" - {part_b.PACK}.docx")]
    assert secret.name == f"{secret.name[:10]} {secret.name[11:].split(' - ')[0]} - Board pack " \
                          "(Part B, not for publication).docx"
    assert str(secret) in printed  # the command lists it
    [public] = [p for p in paths if p.name.endswith(" - Board pack.docx")]
    assert len([p for p in paths if p.name.endswith(" - Agenda.docx")]) == 1

    # the Part B pack: marked cover, a header on every page, contents, the lettered paper
    blocks = _blocks(secret)
    text = "\n".join(t for _, t in blocks)
    assert part_b.MARK in text and "Schedule 12A to the Local Government Act 1972" in text
    doc = docx.Document(str(secret))
    assert doc.sections and all(part_b.HEADER.strip() in " ".join(
        p.text for p in s.header.paragraphs) for s in doc.sections)
    assert "NOT FOR PUBLICATION" in doc.core_properties.title.upper() or \
        "Part B" in doc.core_properties.title
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Part B agenda", "Paper X: Staffing matter"]
    assert "1. Purpose" in text and "2. Recommendations" in text and "5. Implications" in text
    assert NARRATIVE in text and REPORT_TEXT in text
    assert "To follow" not in text

    # the public pack: the item's title and narrative only in the agenda's Part B list
    public_blocks = _blocks(public)
    starts = [n for n, (kind, t) in enumerate(public_blocks)
              if t == "Part B (confidential) items:"]
    assert len(starts) == 1
    agenda_part_b = starts[0] + 1
    assert public_blocks[agenda_part_b][0] == "t"
    for n, (_, t) in enumerate(public_blocks):
        assert REPORT_TEXT not in t
        if n != agenda_part_b:
            assert NARRATIVE not in t and "Staffing matter" not in t, t
    assert "Papers for Part B (confidential) items are circulated separately." in \
        "\n".join(t for _, t in public_blocks)

    # the Part B minutes template drafts the item's resolutions from its covering report
    [minutes_b] = [p for p in paths if p.name.endswith(f" - {part_b.MINUTES_TEMPLATE}.docx")]
    drafted = "\n".join(t for _, t in _blocks(minutes_b))
    assert "Rachel Okafor presented Paper X." in drafted
    assert "a) notes the report 'Staffing matter';" in drafted


def test_without_its_paper_the_part_b_pack_says_to_follow(world, tmp_path):
    paths = _papers(world, tmp_path / "out")
    [secret] = [p for p in paths if p.name.endswith(f" - {part_b.PACK}.docx")]
    text = "\n".join(t for _, t in _blocks(secret))
    assert "To follow: this paper is being prepared by Rachel Okafor" in text


def test_a_part_b_papers_letter_is_never_merged_into_the_public_pack(world, tmp_path):
    # a public item lettered as the Part B paper: its attachment is the Part B paper's
    with Board.open(world) as board:
        nxt = next_meeting(board)
        board.create("agenda_item", {"meeting_id": nxt["id"], "position": 50,
                                     "title": "Deep dive: transport", "paper_ref": "Paper X"})
    out = tmp_path / "out"
    _attach(out, "Paper X - Staffing matter.docx", REPORT_TEXT)
    paths = _papers(world, out)
    [public] = [p for p in paths if p.name.endswith(" - Board pack.docx")]
    [secret] = [p for p in paths if p.name.endswith(f" - {part_b.PACK}.docx")]
    assert REPORT_TEXT not in "\n".join(t for _, t in _blocks(public))
    assert REPORT_TEXT in "\n".join(t for _, t in _blocks(secret))


def test_with_pdf_the_part_b_pack_has_its_own_pdf(world, tmp_path, monkeypatch):
    """The Part B pack becomes a PDF of its own name (its items' pages on the agenda are its
    pages), never part of the public pack's; a Part B PDF that cannot be made is not
    claimed."""
    converted: list[str] = []

    def to_pdf(suite, source: Path, pdf: Path) -> dict[str, int]:
        converted.append(source.name)
        pdf.write_bytes(b"%PDF-1.7 fake")
        return {office.PAGES: 40}

    monkeypatch.setattr(office, "find_office", lambda: office.Office("libreoffice", "/fake"))
    monkeypatch.setattr(office, "to_pdf", to_pdf)
    paths = _papers(world, tmp_path / "out", "--pdf")
    assert [n.split(" - ", 1)[1] for n in converted] == [
        "Board pack.docx", f"{part_b.PACK}.docx"]
    assert sorted(p.name.split(" - ", 1)[1] for p in paths if p.suffix == ".pdf") == \
        sorted(["Board pack.pdf", f"{part_b.PACK}.pdf"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".pdf") == \
        sorted(p.name for p in paths if p.suffix == ".pdf")

    def public_only(suite, source: Path, pdf: Path) -> dict[str, int]:
        if part_b.PACK in source.name:
            raise SendsecError("LibreOffice could not make the PDF (test).")
        return to_pdf(suite, source, pdf)

    monkeypatch.setattr(office, "to_pdf", public_only)
    paths = _papers(world, tmp_path / "again", "--pdf")
    assert [p.name.split(" - ", 1)[1] for p in paths if p.suffix == ".pdf"] == \
        ["Board pack.pdf"]
    assert [p.name for p in (tmp_path / "again").iterdir() if p.suffix == ".pdf"] == \
        [p.name for p in paths if p.suffix == ".pdf"]


def test_a_part_b_pack_that_cannot_be_laid_out_leaves_its_items_without_pages(
        world, tmp_path, monkeypatch, capsys):
    """The public pack's PDF is made and its pages are on the agenda; the Part B pack fails
    to lay out: one line says so, its items show no page reference (no empty brackets)."""
    def to_pdf(suite, source: Path, pdf: Path) -> dict[str, int]:
        if part_b.PACK in source.name:
            raise SendsecError("LibreOffice could not make the PDF (it stopped).")
        pdf.write_bytes(b"%PDF-1.7 fake")
        return {**{f"_Toc{n:08d}": n + 2 for n in range(1, 80)}, office.PAGES: 90}

    monkeypatch.setattr(office, "find_office", lambda: office.Office("libreoffice", "/fake"))
    monkeypatch.setattr(office, "to_pdf", to_pdf)
    paths = _papers(world, tmp_path / "out", "--pdf")
    err = capsys.readouterr().err
    assert err.count("The Part B items on the agenda show no page numbers.") == 1
    [agenda] = [p for p in paths if p.name.endswith(" - Agenda.docx")]
    public, secret = docx.Document(str(agenda)).tables[:2]
    assert any("(Page" in r.cells[2].text for r in public.rows[1:])
    assert not any("(" in r.cells[2].text and "Page" in r.cells[2].text
                   for r in secret.rows[1:])


def test_a_meeting_without_part_b_items_has_no_part_b_pack(world, tmp_path):
    with Board.open(world) as board:
        for item in board.rows("agenda_item", parent_id=next_meeting(board)["id"]):
            if item["confidential"]:
                board.update("agenda_item", item["id"], {"confidential": 0})
    paths = _papers(world, tmp_path / "out")
    assert not [p for p in paths if "Part B" in p.name]


def test_public_papers_never_take_a_part_b_papers_letter(world, tmp_path):
    with Board.open(world) as board:
        nxt = next_meeting(board)
        secret = next(i for i in board.rows("agenda_item", parent_id=nxt["id"])
                      if i["confidential"])
        board.update("agenda_item", secret["id"], {"paper_ref": "Paper A"})
    paths = _papers(world, tmp_path / "out")
    [public] = [p for p in paths if p.name.endswith(" - Board pack.docx")]
    [agenda] = [p for p in paths if p.name.endswith(" - Agenda.docx")]
    [secret_pack] = [p for p in paths if p.name.endswith(f" - {part_b.PACK}.docx")]
    headings = [p.text for p in docx.Document(str(public)).paragraphs
                if p.style.name == "Heading 1"]
    assert any(h.startswith("Paper B:") for h in headings)
    assert not any(h.startswith("Paper A") for h in headings)
    papers_column = [row.cells[-1].text for table in docx.Document(str(agenda)).tables
                     for row in table.rows[1:] if len(row.cells) == 6]
    assert papers_column.count("Paper A") == 1  # the Part B item's, once
    assert "Paper A: Staffing matter" in [p.text for p in docx.Document(str(secret_pack))
                                          .paragraphs if p.style.name == "Heading 1"]


def test_the_exclusion_resolution_keeps_the_advisers_the_part_b_minutes_list(world, tmp_path):
    """The minutes templates resolved that 'anyone who is not a member of the board leave the
    meeting', then listed the DfE and NHS England advisers as in attendance for Part B; the
    resolution now says, as the agenda does, that an officer or adviser needed for the item
    stays, and on what grounds (Schedule 12A)."""
    paths = _papers(world, tmp_path / "out")
    [public] = [p for p in paths if p.name.endswith(" - Minutes template.docx")]
    [secret] = [p for p in paths if p.name.endswith(f" - {part_b.MINUTES_TEMPLATE}.docx")]
    for path in (public, secret):
        [resolution] = [t for _, t in _blocks(path) if "be excluded from the meeting" in t]
        assert resolution.startswith("RESOLVED: that the public, observers")
        assert "other than an officer or adviser needed for the item" in resolution
        assert "Part 1 of Schedule 12A to the Local Government Act 1972" in resolution
        assert "leave the meeting" not in " ".join(t for _, t in _blocks(path))


def test_a_part_b_pdf_a_rerun_cannot_make_again_is_named_as_stale(world, tmp_path, monkeypatch,
                                                                   capsys):
    """The Part B PDF of an earlier run stayed beside the new papers, its pages no longer
    theirs, and nothing said so."""
    def to_pdf(suite, source: Path, pdf: Path) -> dict[str, int]:
        pdf.write_bytes(b"%PDF-1.7 fake")
        return {office.PAGES: 40}

    monkeypatch.setattr(office, "find_office", lambda: office.Office("libreoffice", "/fake"))
    monkeypatch.setattr(office, "to_pdf", to_pdf)
    out = tmp_path / "out"
    _papers(world, out, "--pdf")
    [old] = [p for p in out.iterdir() if p.name.endswith(f" - {part_b.PACK}.pdf")]

    def public_only(suite, source: Path, pdf: Path) -> dict[str, int]:
        if part_b.PACK in source.name:
            raise SendsecError("LibreOffice could not make the PDF (test).")
        return to_pdf(suite, source, pdf)

    monkeypatch.setattr(office, "to_pdf", public_only)
    capsys.readouterr()
    _papers(world, out, "--pdf")
    assert old.exists()  # not the program's to delete: it says so
    assert f"'{old.name}', made by an earlier run, is still in the folder and no longer " \
        "matches the papers" in capsys.readouterr().err
