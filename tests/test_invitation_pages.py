"""An invitation is a letter of one page, as a council sends it (it ran onto a second page
holding only the signature), for every invitee of both boards' next meeting and stocktake:
members, presenters asked for a paper and the advisers the notice names alike. Laid out by
the office suite the machine has (the test is skipped without one)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sendsec.papers import office

SUITE = office.find_office()
pytestmark = pytest.mark.skipif(
    not (SUITE and SUITE.kind != "word" and shutil.which("pdfinfo")),
    reason="needs LibreOffice and poppler's pdfinfo to lay letters out")


def test_every_invitation_letter_keeps_to_one_page(paper_set, tmp_path):
    assert SUITE is not None
    letters = [p for p in paper_set.next_papers + paper_set.stocktake_papers
               if " - Invitation - " in p.name and p.suffix == ".docx"]
    assert len(letters) > 10
    for n, letter in enumerate(letters):  # the names repeat between the two meetings
        shutil.copyfile(letter, tmp_path / f"{n:03d} {letter.name}")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SUITE.path, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *sorted(str(p) for p in tmp_path.glob("*.docx"))],
                   capture_output=True, timeout=600, check=False)
    pages = {}
    for pdf in sorted((tmp_path / "pdf").glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages[pdf.stem[4:]] = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert len(pages) == len(letters)
    assert {name: n for name, n in pages.items() if n != 1} == {}
