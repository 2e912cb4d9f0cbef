"""Regenerate the pictures of the papers in docs/ from the demo board.

Run from the repository root (needs LibreOffice and poppler's pdftoppm/pdftotext):
    python scripts/paper_pages.py
It builds the demo dated 2 December 2026, writes the next meeting's papers and the next stocktake's
self-assessment (both with --pdf: the PDFs sent), the last held meeting's minutes, lays the
others out with LibreOffice and saves the pages
people look at first as PNGs in docs/papers/ and docs/self-assessment/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sendsec.cli import main  # noqa: E402
from sendsec.papers import office  # noqa: E402

TODAY = "2026-12-02"


def _pdf(docx: Path, out: Path) -> Path:
    suite = office.find_office()
    if suite is None:
        sys.exit("LibreOffice is needed to lay the papers out.")
    pdf = out / docx.with_suffix(".pdf").name
    office.to_pdf(suite, docx, pdf)
    return pdf


def _page_with(pdf: Path, words: str, start: int = 1) -> int:
    """Return the first page (from `start`) whose text holds `words`."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for number, page in enumerate(text.split("\f"), 1):
        if number >= start and words in " ".join(page.split()):
            return number
    raise SystemExit(f"'{words}' is not in {pdf.name}")


def _png(pdf: Path, page: int, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(page), "-l",
                    str(page), str(pdf), str(stem)], check=True)
    print(target.relative_to(ROOT))


def _meetings(db: Path) -> tuple[str, str]:
    """Return the dates of the demo's next stocktake review and its last held board meeting."""
    from sendsec.services.board import Board

    with Board.open(db, readonly=True, backup=False) as board:
        rows = sorted(board.rows("meeting"), key=lambda m: m["meeting_date"])
    stocktake = next(m for m in rows if m["kind"] == "stocktake review"
                     and m["meeting_date"] > TODAY)
    held = [m for m in rows if m["kind"] == "board" and m["meeting_date"] < TODAY]
    return stocktake["meeting_date"], held[-1]["meeting_date"]


def run() -> None:
    work = Path(tempfile.mkdtemp(prefix="sendsec-pages-"))
    try:
        db = work / "demo.sqlite"
        main(["demo", "--db", str(db), "--today", TODAY])
        stocktake, held_on = _meetings(db)  # the demo's dates follow its calendar's rules
        main(["papers", "--db", str(db), "--today", TODAY, "--out", str(work / "next"),
              "--pdf"])
        main(["papers", "--db", str(db), "--today", TODAY, "--out", str(work / "stocktake"),
              "--meeting", stocktake, "--pdf"])
        main(["papers", "--db", str(db), "--today", TODAY, "--out", str(work / "held"),
              "--meeting", held_on])
        folder = work / "next"
        pack = next(folder.glob("* - Board pack.pdf"))
        agenda = _pdf(next(folder.glob("* - Agenda.docx")), work)
        minutes = _pdf(next(folder.glob("* - Minutes template.docx")), work)
        held = _pdf(next((work / "held").glob("* - Minutes.docx")), work)
        review = next((work / "stocktake").glob("* - Self-assessment.pdf"))
        papers, sa = ROOT / "docs" / "papers", ROOT / "docs" / "self-assessment"
        for old in papers.glob("pack-*.png"):
            old.unlink()
        _png(agenda, 1, papers / "agenda-page1.png")
        _png(pack, _page_with(pack, "Contents"), papers / "pack-contents.png")
        paper_a = _page_with(pack, "Report of:")
        _png(pack, paper_a, papers / "pack-paper-a-covering-report.png")
        _png(pack, _page_with(pack, "Figure: Priority Action Plan actions by RAG", paper_a),
             papers / "pack-rag-chart.png")
        _png(pack, _page_with(pack, "Figure: Risk heat map", paper_a),
             papers / "pack-heat-map.png")
        _png(pack, _page_with(pack, "What moved since the last meeting"),
             papers / "pack-what-changed.png")
        _png(minutes, 1, papers / "minutes-template-page1.png")
        _png(held, 1, papers / "minutes-page1.png")
        _png(review, 1, sa / "page-1.png")
        _png(review, 2, sa / "page-2.png")
        _png(review, _page_with(review, "Dashboard of performance measures", 3),
             sa / "dashboard-landscape.png")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run()
