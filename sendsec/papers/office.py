"""Laying a paper out with the office suite the machine has, to make its PDF and page numbers.

LibreOffice (found on PATH or in its usual install folders) converts a .docx to a tagged,
bookmarked PDF, working out the contents' page numbers as it lays the pages out; Word on
Windows does the same through its automation interface (PowerShell). Which page each
heading fell on is read back from the PDF's named destinations (poppler's `pdfinfo`, or
Word itself), so the .docx contents and the agenda's "(Pages x – y)" can show them too.
Nothing here runs unless the secretary asks for a PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sendsec.domain.errors import SendsecError

TIMEOUT_SECONDS = 300
_FOLDERS = ("/usr/bin", "/usr/local/bin", "/usr/lib/libreoffice/program", "/opt/libreoffice/program",
            "/Applications/LibreOffice.app/Contents/MacOS",
            "C:/Program Files/LibreOffice/program", "C:/Program Files (x86)/LibreOffice/program")
_NAMES = ("soffice", "libreoffice", "soffice.exe")
_PDF_FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
               '"ExportBookmarks":{"type":"boolean","value":"true"},'
               '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}')
_DEST = re.compile(r"^\s*(\d+)\s+\[.*\]\s+\"(?:5F|#5F|_)?([^\"]+)\"\s*$")
#: The key of a document's number of pages among its headings' pages.
PAGES = "#pages"
#: What `--pdf` says when there is no office suite to lay the pack out.
NO_OFFICE = ("No office suite (LibreOffice or Word) was found, so no PDF was made; the .docx "
             "papers are written.")
#: What `--pdf` says when a paper's PDF is made but the page of each heading cannot be read
#: back from it (its own contents are numbered; the .docx contents are not).
UNREAD = ("The PDF's contents are numbered, but its page numbers could not be read back "
          "(poppler's pdfinfo was not found), so the .docx contents show no page numbers.")


@dataclass(frozen=True)
class Office:
    """An office suite that can lay out a .docx: 'libreoffice' (path to soffice) or 'word'."""

    kind: str
    path: str = ""


def find_office() -> Office | None:
    """Return LibreOffice found on PATH or in its usual folders, else Word on Windows, else None."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Office("libreoffice", found)
    for folder in _FOLDERS:
        for name in _NAMES:
            path = Path(folder) / name
            if path.is_file() and os.access(path, os.X_OK):
                return Office("libreoffice", str(path))
    if sys.platform == "win32" and shutil.which("powershell"):
        return Office("word", shutil.which("powershell") or "powershell")
    return None


def to_pdf(office: Office, docx: Path, pdf: Path) -> dict[str, int]:
    """Write `pdf` from `docx` (tagged, with bookmarks); return the page of each heading
    bookmark found in it ({} when they cannot be read). Raise SendsecError on failure."""
    if office.kind == "word":
        return _word_pdf(office, docx, pdf)
    with tempfile.TemporaryDirectory(prefix="sendsec-office-") as work:
        profile = Path(work, "profile").as_uri()  # never disturbs an office suite in use
        try:
            done = subprocess.run(
                [office.path, f"-env:UserInstallation={profile}", "--headless",
                 "--convert-to", _PDF_FILTER, "--outdir", work, str(docx)],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SendsecError(f"LibreOffice could not make the PDF ({exc}).") from None
        made = Path(work, docx.with_suffix(".pdf").name)
        if not made.exists():
            why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no PDF written"]
            raise SendsecError(f"LibreOffice could not make the PDF ({why[0]}).")
        shutil.move(str(made), str(pdf))
    return heading_pages(pdf)


def lay_out(office: Office, docx: Path, pdf: Path,
            write: Callable[[Path, Mapping[str, int] | None], object]) -> dict[str, int]:
    """Make `pdf` from the paper `write(path, pages)` writes, and leave `docx` numbered as
    the PDF is; return the page of each heading bookmark and the number of pages (PAGES), or
    {} when they cannot be read back.

    The copy laid out (`write(copy, {})`: its contents without the line saying page numbers
    come with the PDF) is written in a temporary folder, so `docx` is never that copy: were
    the process stopped while the office suite works, `docx` is the paper as it was before
    (whole, its contents saying when they are numbered). Then `docx` is written with the
    pages found; when they cannot be read, or no PDF is made (SendsecError, raised), as
    without a PDF (`write(docx, None)`). The board pack, the Part B pack and a stocktake's
    self-assessment are laid out by this. A copy the office suite still holds open (Word
    given up on Windows) stays behind in the temporary folder rather than hide why."""
    with tempfile.TemporaryDirectory(prefix="sendsec-layout-", ignore_cleanup_errors=True) as work:
        copy = Path(work, docx.name)  # the same name: the office suite names the PDF by it
        write(copy, {})
        try:
            pages = to_pdf(office, copy, pdf)
        except SendsecError:
            write(docx, None)
            raise
    write(docx, pages or None)
    return pages


def heading_pages(pdf: Path) -> dict[str, int]:
    """Return {bookmark name: page} from the PDF's named destinations, and its number of
    pages under PAGES ({} without poppler's pdfinfo)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return {}
    try:
        done = subprocess.run([tool, "-dests", str(pdf)], capture_output=True, text=True,
                              timeout=60, check=False)
        info = subprocess.run([tool, str(pdf)], capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    total = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    pages: dict[str, int] = {PAGES: int(total.group(1))} if total else {}
    for line in done.stdout.splitlines():
        match = _DEST.match(line)
        if match:
            pages.setdefault("_" + match.group(2).lstrip("_"), int(match.group(1)))
    return pages


#: Word's automation, run by PowerShell: open the .docx read-only (ConfirmConversions off,
#: ReadOnly on), update its fields, say each bookmark's page (wdActiveEndAdjustedPageNumber)
#: and the number of pages, then ExportAsFixedFormat as PDF (17) with the document's
#: properties, heading bookmarks (1) and structure tags (a tagged PDF); Word is closed
#: without saving and quit whatever happens, never asking anything (alerts off).
_WORD_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
$word = New-Object -ComObject Word.Application
$word.Visible = $false
$word.DisplayAlerts = 0
$doc = $null
try {
  $doc = $word.Documents.Open('{docx}', $false, $true)
  $doc.Fields.Update() | Out-Null
  $doc.Bookmarks.ShowHidden = $true
  foreach ($b in $doc.Bookmarks) { Write-Output ($b.Name + '=' + $b.Range.Information(3)) }
  Write-Output ('#pages=' + $doc.ComputeStatistics(2))
  $doc.ExportAsFixedFormat('{pdf}', 17, $false, 0, 0, 0, 0, 0, $true, $true, 1, $true, $true)
} finally {
  if ($doc -ne $null) { $doc.Close($false) }
  $word.Quit()
}
"""


def _word_pdf(office: Office, docx: Path, pdf: Path) -> dict[str, int]:
    script = _WORD_SCRIPT.replace("{docx}", str(docx).replace("'", "''")).replace(
        "{pdf}", str(pdf).replace("'", "''"))
    try:
        done = subprocess.run([office.path, "-NoProfile", "-NonInteractive", "-Command", script],
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SendsecError(f"Word could not make the PDF ({exc}).") from None
    if not pdf.exists():
        why = (done.stderr or "no PDF written").strip().splitlines()[-1:]
        raise SendsecError(f"Word could not make the PDF ({why[0] if why else 'no PDF'}).")
    pages = {}
    for line in done.stdout.splitlines():
        name, _, page = line.strip().partition("=")
        if (name.startswith("_Toc") or name == PAGES) and page.isdigit():
            pages[name] = int(page)
    return pages
