"""The stocktake self-assessment's contents as the DfE reads them in Word.

`papers --pdf` for a stocktake review lays the self-assessment out as the board pack is laid
out: `<date> <board> - Self-assessment.pdf` is written and the .docx contents show the page
each heading fell on (real LibreOffice when the machine has it; a fake office suite
otherwise, so the plumbing is covered everywhere). Without --pdf no office suite runs, and
the contents say in one italic line that their page numbers are filled when the PDF is made,
as the pack's do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.papers import docx_writer, office
from sendsec.papers.self_assessment import generate_for_meeting

HAS_OFFICE = bool(office.find_office() and shutil.which("pdfinfo"))
SA = " - Self-assessment"


def _papers(paper_set, out: Path, *extra: str) -> list[Path]:
    assert main(["papers", "--db", str(paper_set.db), "--meeting", str(paper_set.stocktake_id),
                 "--out", str(out), "--today", paper_set.today.isoformat(), *extra]) == 0
    return sorted(out.iterdir())


def _contents(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the contents' entries (heading, page number shown) and its italic lines."""
    paragraphs = docx.Document(str(path)).paragraphs
    entries = [tuple(p.text.rsplit("\t", 1)) for p in paragraphs if "\t" in p.text]
    italic = [p.text for p in paragraphs if p.runs and all(r.italic for r in p.runs)]
    return entries, italic


def _fake_office(monkeypatch, converted: list[str], pages=None, fail: str = ""):
    """An office suite that 'lays out' each .docx: writes a PDF and gives heading n page n + 1
    (or `pages`); one whose name holds `fail` cannot be laid out."""
    monkeypatch.setattr(office, "find_office", lambda: office.Office("libreoffice", "/fake"))

    def to_pdf(suite, source: Path, pdf: Path) -> dict[str, int]:
        converted.append(source.name)
        if fail and fail in source.name:
            raise SendsecError("LibreOffice could not make the PDF (it stopped).")
        pdf.write_bytes(b"%PDF-1.7 fake")
        return {**{f"_Toc{n:08d}": n + 1 for n in range(1, 80)}, office.PAGES: 90} \
            if pages is None else pages

    monkeypatch.setattr(office, "to_pdf", to_pdf)


def test_without_pdf_no_office_suite_runs_and_the_contents_say_when_they_are_numbered(
        demo_paper_set, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the office suite was looked for")

    monkeypatch.setattr(office, "find_office", refuse)
    monkeypatch.setattr(office, "to_pdf", refuse)
    paths = _papers(demo_paper_set, tmp_path / "out")
    assert not [p for p in paths if p.suffix == ".pdf"]
    for name in (f"{SA}.docx", " - Board pack.docx"):  # the pack and the review alike
        [paper] = [p for p in paths if p.name.endswith(name)]
        entries, italic = _contents(paper)
        assert len(entries) > 5 and all(number == "" for _, number in entries)
        assert italic.count(docx_writer.UNNUMBERED) == 1


def test_pdf_with_an_office_suite_numbers_the_contents_from_the_self_assessments_pdf(
        demo_paper_set, tmp_path, monkeypatch, capsys):
    converted: list[str] = []
    _fake_office(monkeypatch, converted)
    paths = _papers(demo_paper_set, tmp_path / "out", "--pdf")
    [pdf] = [p for p in paths if p.name.endswith(f"{SA}.pdf")]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert f"{SA}.docx" in converted[-1]  # the review laid out as written
    entries, italic = _contents(pdf.with_suffix(".docx"))
    assert [number for _, number in entries] == [str(n + 1) for n in range(1, len(entries) + 1)]
    assert docx_writer.UNNUMBERED not in italic  # neither in the .docx nor in the PDF made
    assert "warning" not in capsys.readouterr().err


def test_pdf_without_an_office_suite_says_so_once_and_writes_the_self_assessment(
        demo_paper_set, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(office, "find_office", lambda: None)
    paths = _papers(demo_paper_set, tmp_path / "out", "--pdf")
    assert capsys.readouterr().err.count(office.NO_OFFICE) == 1
    assert not [p for p in paths if p.suffix == ".pdf"]
    [review] = [p for p in paths if p.name.endswith(f"{SA}.docx")]
    assert docx_writer.UNNUMBERED in _contents(review)[1]


def test_a_self_assessment_that_cannot_be_laid_out_is_said_in_one_line(demo_paper_set,
                                                                       tmp_path, monkeypatch):
    """Its PDF cannot be made: one line says why, the .docx is written as without --pdf, and
    no PDF is claimed. Its PDF is made but its pages cannot be read back: the PDF is kept,
    one line says so, the .docx contents say when they are numbered."""
    board = demo_paper_set.open()
    said: list[str] = []
    try:
        _fake_office(monkeypatch, [], fail=SA)
        paths = generate_for_meeting(board, demo_paper_set.stocktake_id, tmp_path / "a",
                                     demo_paper_set.today, suite=office.find_office(),
                                     warn=said.append)
        assert [p.name[-len(SA) - 5:] for p in paths] == [f"{SA}.docx"]
        assert [p.suffix for p in (tmp_path / "a").iterdir()] == [".docx"]  # nothing left
        assert len(said) == 1 and "(it stopped)" in said[0]
        assert docx_writer.UNNUMBERED in _contents(paths[0])[1]

        said.clear()
        _fake_office(monkeypatch, [], pages={})
        paths = generate_for_meeting(board, demo_paper_set.stocktake_id, tmp_path / "b",
                                     demo_paper_set.today, suite=office.find_office(),
                                     warn=said.append)
        assert [p.suffix for p in paths] == [".docx", ".pdf"] and paths[1].exists()
        assert len(said) == 1 and "pdfinfo" in said[0]
        assert docx_writer.UNNUMBERED in _contents(paths[0])[1]
    finally:
        board.close()


@pytest.mark.skipif(not HAS_OFFICE, reason="needs LibreOffice and poppler's pdfinfo")
def test_pdf_numbers_the_self_assessments_contents_as_libreoffice_lays_it_out(demo_paper_set,
                                                                             tmp_path):
    paths = _papers(demo_paper_set, tmp_path / "out", "--pdf")
    [pdf] = [p for p in paths if p.name.endswith(f"{SA}.pdf")]
    pages = office.heading_pages(pdf)
    assert pages[office.PAGES] > 5
    entries, italic = _contents(pdf.with_suffix(".docx"))
    numbers = [int(number) for _, number in entries]
    # each entry shows the page its heading is on in the PDF sent with it
    assert numbers == [pages[f"_Toc{n:08d}"] for n in range(1, len(entries) + 1)]
    assert len(numbers) > 10 and numbers == sorted(numbers) and numbers[-1] <= pages[office.PAGES]
    assert docx_writer.UNNUMBERED not in italic
    assert [p for p in paths if p.name.endswith(" - Board pack.pdf")]


def test_a_paper_stopped_while_it_is_laid_out_stays_whole_and_says_when_it_is_numbered(
        demo_paper_set, tmp_path, monkeypatch):
    """The office suite lays out a copy in a temporary folder: the .docx beside it is the
    paper as written without a PDF all the while, so a process stopped during the layout
    leaves it whole, its contents saying when they are numbered, and nothing else."""
    board = demo_paper_set.open()
    seen: list[list[str]] = []

    def stopped(suite, source: Path, pdf: Path) -> dict[str, int]:
        [paper] = [p for p in (tmp_path / "out").iterdir() if p.suffix == ".docx"]
        assert source != paper and source.name == paper.name  # a copy, named as the paper
        seen.append(_contents(paper)[1])
        raise KeyboardInterrupt  # as a process stopped half-way

    monkeypatch.setattr(office, "to_pdf", stopped)
    try:
        with pytest.raises(KeyboardInterrupt):
            generate_for_meeting(board, demo_paper_set.stocktake_id, tmp_path / "out",
                                 demo_paper_set.today,
                                 suite=office.Office("libreoffice", "/fake"))
    finally:
        board.close()
    assert seen and docx_writer.UNNUMBERED in seen[0]
    [paper] = list((tmp_path / "out").iterdir())
    entries, italic = _contents(paper)
    assert len(entries) > 5 and docx_writer.UNNUMBERED in italic
