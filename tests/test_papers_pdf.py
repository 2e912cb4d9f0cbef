"""`papers --pdf`: the board pack's PDF made by the office suite the machine has, its page
numbers written back into the pack's contents and the agenda's "(Pages x – y)"; without an
office suite, one line and the .docx papers still written. Without --pdf none is run."""

from __future__ import annotations

import re
import shutil

import docx
import pytest
from test_papers_world import TODAY, build_world

from sendsec.cli import main
from sendsec.papers import office


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "w.sqlite"
    build_world(db, emails=False).close()
    return db


def _run(db, out, *extra):
    return main(["papers", "--db", str(db), "--out", str(out), "--today", TODAY.isoformat(),
                 *extra])


def test_without_an_office_suite_pdf_says_so_once_and_writes_the_docx(world, tmp_path,
                                                                         monkeypatch, capsys):
    monkeypatch.setattr(office, "find_office", lambda: None)
    assert _run(world, tmp_path / "out", "--pdf") == 0
    err = capsys.readouterr().err
    assert err.count(office.NO_OFFICE) == 1
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert any(n.endswith(" - Board pack.docx") for n in names)
    assert not any(n.endswith(".pdf") for n in names)


def test_without_pdf_no_office_suite_is_run(world, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the office suite was looked for")

    monkeypatch.setattr(office, "find_office", refuse)
    assert _run(world, tmp_path / "out") == 0


@pytest.mark.skipif(not (office.find_office() and shutil.which("pdfinfo")),
                    reason="needs LibreOffice and poppler's pdfinfo")
def test_pdf_fills_the_contents_and_the_agendas_page_references(world, tmp_path):
    out = tmp_path / "out"
    assert _run(world, out, "--pdf") == 0
    [pdf] = [p for p in out.iterdir() if p.name.endswith(" - Board pack.pdf")]
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = office.heading_pages(pdf)
    assert pages[office.PAGES] > 3
    [pack] = [p for p in out.iterdir() if p.name.endswith(" - Board pack.docx")]
    entries = [p.text for p in docx.Document(str(pack)).paragraphs if "\t" in p.text]
    numbers = [int(e.rsplit("\t", 1)[1]) for e in entries]
    assert len(numbers) > 5 and numbers == sorted(numbers) and numbers[0] >= 2
    [agenda] = [p for p in out.iterdir() if p.name.endswith(" - Agenda.docx")]
    cells = [c.text for t in docx.Document(str(agenda)).tables for r in t.rows for c in r.cells]
    firsts = [int(m) for c in cells for m in re.findall(r"\(Pages? (\d+)(?: – \d+)?\)", c)]
    assert firsts and set(firsts) <= set(numbers)


def test_paper_names_keep_every_path_within_windows_limit(world, tmp_path, capsys):
    deep = tmp_path / "OneDrive - West Northamptonshire Council" / ("Papers " * 5).strip()
    assert _run(world, deep) == 0
    paths = list(deep.iterdir())
    assert paths and all(len(str(p)) <= 259 for p in paths)
    assert any(p.name.endswith(" - Board pack.docx") for p in paths)
    too_deep = tmp_path / ("x" * 120) / ("y" * 100)
    assert _run(world, too_deep) == 2
    assert "260-character path limit" in capsys.readouterr().err


@pytest.mark.skipif(not (office.find_office() and shutil.which("pdfinfo")),
                    reason="needs LibreOffice and poppler's pdfinfo")
def test_pdf_numbers_the_contents_and_agenda_on_both_boards(paper_set, tmp_path):
    out = tmp_path / "out"
    assert main(["papers", "--db", str(paper_set.db), "--meeting", str(paper_set.next_id),
                 "--out", str(out), "--today", paper_set.today.isoformat(), "--pdf"]) == 0
    [pack] = [p for p in out.iterdir() if p.name.endswith(" - Board pack.docx")]
    entries = [p.text for p in docx.Document(str(pack)).paragraphs if "\t" in p.text]
    numbers = [int(e.rsplit("\t", 1)[1]) for e in entries]
    assert len(numbers) > 5 and numbers == sorted(numbers) and numbers[0] >= 2
    [agenda] = [p for p in out.iterdir() if p.name.endswith(" - Agenda.docx")]
    rows = docx.Document(str(agenda)).tables[0].rows[1:]  # Part A (the public pack's)
    lettered = [r for r in rows if r.cells[-1].text.startswith("Paper ")]
    pages = [re.findall(r"\(Pages? (\d+)(?: – (\d+))?\)", r.cells[2].text) for r in lettered]
    assert lettered and all(pages), [r.cells[2].text for r in lettered]  # under each item
    assert {int(p[0][0]) for p in pages} <= set(numbers)


@pytest.mark.skipif(not (office.find_office() and shutil.which("pdfinfo")),
                    reason="needs LibreOffice and poppler's pdfinfo")
def test_pdf_gives_a_part_b_item_its_pages_in_the_part_b_pack(paper_set, tmp_path):
    """A Part B item's '(Pages x – y)' was blank: it is now taken from the Part B pack's own
    PDF, written beside the public pack's so the pages named are pages of a file sent, and
    says whose pages they are; that pack's contents are numbered; no empty brackets anywhere.
    The demo has no Part B item: nothing changes for it."""
    out = tmp_path / "out"
    assert main(["papers", "--db", str(paper_set.db), "--meeting", str(paper_set.next_id),
                 "--out", str(out), "--today", paper_set.today.isoformat(), "--pdf"]) == 0
    pdfs = sorted(p.name for p in out.iterdir() if p.suffix == ".pdf")
    [agenda] = [p for p in out.iterdir() if p.name.endswith(" - Agenda.docx")]
    tables = docx.Document(str(agenda)).tables
    cells = [c.text for t in tables for r in t.rows for c in r.cells]
    assert not any(re.search(r"\(\s*\)|\(Pages?\s*\)|\(Pages? [^)]*–\s*\)", c) for c in cells)
    secret = [p for p in out.iterdir() if p.name.endswith(" - Board pack (Part B, not for "
                                                          "publication).docx")]
    if paper_set.name == "demo":
        assert len(tables) == 1 and not secret  # no Part B table, no Part B pack
        assert [p[-len(" - Board pack.pdf"):] for p in pdfs] == [" - Board pack.pdf"]
        return
    [secret] = secret
    assert pdfs == sorted([secret.name[:-len(".docx")] + ".pdf",
                           secret.name.replace(" (Part B, not for publication).docx", ".pdf")])
    entries = [p.text for p in docx.Document(str(secret)).paragraphs if "\t" in p.text]
    numbers = [int(e.rsplit("\t", 1)[1]) for e in entries]
    assert len(numbers) >= 2 and numbers == sorted(numbers)
    rows = tables[1].rows[1:]  # Part B
    lettered = [r for r in rows if r.cells[-1].text.startswith("Paper ")]
    found = [re.findall(r"\(Pages? (\d+)(?: – (\d+))? of the Part B pack\)", r.cells[2].text)
             for r in lettered]
    assert lettered and all(found), [r.cells[2].text for r in lettered]
    paper_pages = {n for n, e in zip(numbers, entries, strict=True) if e.startswith("Paper ")}
    assert {int(f[0][0]) for f in found} <= paper_pages
    pdf_pages = office.heading_pages(secret.with_suffix(".pdf"))[office.PAGES]
    assert max(numbers) <= pdf_pages  # the pages named are pages of the PDF sent
