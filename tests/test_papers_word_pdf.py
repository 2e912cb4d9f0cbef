"""`--pdf` with Word on Windows: the PowerShell that drives Word's automation, checked without
Windows. A fake PowerShell (subprocess.run, monkeypatched) receives the script and answers as
Word would; the test reads the calls the script makes of Word: the document opened read-only,
ExportAsFixedFormat as a tagged PDF with heading bookmarks, and Word closed without saving and
quit in a `finally`, so even when the export fails."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from sendsec.domain.errors import SendsecError
from sendsec.papers import office

WORD = office.Office("word", r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe")


class FakePowerShell:
    """Stands in for subprocess.run: records the command, writes the PDF unless told to fail."""

    def __init__(self, *, fail: str = "", output: str = ""):
        self.fail, self.output = fail, output
        self.commands: list[list[str]] = []

    def __call__(self, command, **kwargs):
        self.commands.append(list(command))
        assert kwargs["timeout"] == office.TIMEOUT_SECONDS and kwargs["check"] is False
        script = command[-1]
        target = re.search(r"ExportAsFixedFormat\('((?:[^']|'')*)'", script).group(1)
        if not self.fail:
            Path(target.replace("''", "'")).write_bytes(b"%PDF-1.7 from Word")
        return subprocess.CompletedProcess(command, 1 if self.fail else 0, self.output,
                                           self.fail)

    @property
    def script(self) -> str:
        return self.commands[-1][-1]


def _calls(script: str) -> list[str]:
    """Return the Word calls the script makes, in order: 'Documents.Open(...)', ..."""
    return re.findall(r"\$(?:word|doc)\.([A-Za-z.]+(?:\([^)]*\))?)", script)


def test_word_opens_read_only_exports_a_tagged_bookmarked_pdf_and_quits(tmp_path,
                                                                       monkeypatch):
    fake = FakePowerShell(output="_Toc00000001=2\r\n_Toc00000002=5\r\nOther=9\r\n#pages=12\r\n")
    monkeypatch.setattr(subprocess, "run", fake)
    docx = tmp_path / "O'Neill's board" / "2026-12-09 Board - Board pack.docx"
    docx.parent.mkdir()
    docx.write_bytes(b"PK")
    pdf = docx.with_suffix(".pdf")
    pages = office.to_pdf(WORD, docx, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pages == {"_Toc00000001": 2, "_Toc00000002": 5, office.PAGES: 12}
    [command] = fake.commands
    assert command[:4] == [WORD.path, "-NoProfile", "-NonInteractive", "-Command"]
    script = fake.script
    quoted = str(docx).replace("'", "''")
    # opened read-only (FileName, ConfirmConversions off, ReadOnly on), never asking anything
    assert f"$word.Documents.Open('{quoted}', $false, $true)" in script
    assert "$word.DisplayAlerts = 0" in script and "$word.Visible = $false" in script
    # PDF (17), not opened after, document properties, heading bookmarks (1), structure tags
    export = re.search(r"ExportAsFixedFormat\((.*)\)", script).group(1)
    args = [a.strip() for a in re.findall(r"'(?:[^']|'')*'|[^,]+", export)]
    assert args[0] == "'" + str(pdf).replace("'", "''") + "'"
    assert args[1:4] == ["17", "$false", "0"]
    assert args[8] == "$true"      # IncludeDocProps
    assert args[10] == "1"         # CreateBookmarks: wdExportCreateHeadingBookmarks
    assert args[11] == "$true"     # DocStructureTags: a tagged PDF
    calls = _calls(script)
    assert calls.index("Documents.Open('" + quoted + "', $false, $true)") < \
        calls.index("Fields.Update()") < next(i for i, c in enumerate(calls)
                                              if c.startswith("ExportAsFixedFormat"))
    # closed without saving and quit in the finally block: also when the export fails
    tried, _, always = script.partition("} finally {")
    assert "try {" in tried and "ExportAsFixedFormat" in tried and "Quit" not in tried
    assert "$doc.Close($false)" in always and "$word.Quit()" in always
    assert always.index("$doc.Close($false)") < always.index("$word.Quit()")


def test_a_failed_export_says_why_in_one_line(tmp_path, monkeypatch):
    fake = FakePowerShell(fail="Exception calling \"ExportAsFixedFormat\"\r\n"
                               "The disk is full.\r\n")
    monkeypatch.setattr(subprocess, "run", fake)
    docx = tmp_path / "pack.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(SendsecError) as failed:
        office.to_pdf(WORD, docx, tmp_path / "pack.pdf")
    assert str(failed.value) == "Word could not make the PDF (The disk is full.)."
    assert not (tmp_path / "pack.pdf").exists()
    assert "$word.Quit()" in fake.script.partition("} finally {")[2]


def test_word_that_does_not_answer_is_given_up_in_one_line(tmp_path, monkeypatch):
    def hangs(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", hangs)
    docx = tmp_path / "pack.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(SendsecError, match=r"^Word could not make the PDF"):
        office.to_pdf(WORD, docx, tmp_path / "pack.pdf")


def test_word_still_holding_the_laid_out_copy_leaves_the_paper_written_without_a_pdf(
        tmp_path, monkeypatch):
    """Word that does not answer is given up, but may keep the copy it was laying out open
    (Windows then refuses to delete it): the paper is still written as without a PDF and
    the failure said in one line, as when Word held the paper itself; the copy's folder is
    left in the temporary folder."""
    def hangs(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    docx = tmp_path / "pack.docx"
    real_unlink = os.unlink

    def held(path, *args, dir_fd=None, **kwargs):
        if Path(path).name == docx.name and (dir_fd is not None or "sendsec-layout-" in str(path)):
            raise PermissionError(13, "The process cannot access the file", str(path))
        return real_unlink(path, *args, dir_fd=dir_fd, **kwargs)

    written: list[tuple[Path, object]] = []

    def write(path: Path, pages) -> None:
        path.write_bytes(b"PK")
        written.append((path, pages))

    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    monkeypatch.setattr(subprocess, "run", hangs)
    monkeypatch.setattr(os, "unlink", held)
    with pytest.raises(SendsecError, match=r"^Word could not make the PDF"):
        office.lay_out(WORD, docx, tmp_path / "pack.pdf", write)
    assert written[-1] == (docx, None)
    assert [p.name for p in (tmp_path / "temp").glob("sendsec-layout-*/*")] == [docx.name]
