"""Attaching a paper written by others: the chosen .docx is checked (a real Word document, no
macros, not huge, readable), copied in whole under the name the pack merges or not at all, and
replaces an earlier one only when asked; a damaged attached paper at generation time is named
in one line and the pack is still written with 'to follow'."""

from __future__ import annotations

import errno
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from papers_boards import word_paper
from test_papers_world import TODAY, build_world

from sendsec.cli import main
from sendsec.domain.errors import SendsecError
from sendsec.papers import attach, attachments, part_b


def _paper(path: Path, text: str = "The deep dive's findings.") -> Path:
    return word_paper(path, text)


def _rezip(source: Path, target: Path, *, drop: str = "", add: tuple[str, bytes] | None = None
           ) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != drop:
                new.writestr(item, old.read(item))
        if add:
            new.writestr(*add)
    return target


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_word_document_is_attached_under_the_name_the_pack_merges(tmp_path):
    source = _paper(tmp_path / "downloads" / "SLT deep dive v3 FINAL.docx")
    folder = tmp_path / "2026-12-09 meeting" / "Papers"
    path = attach.attach(source, folder, "d", "Deep dive: speech and language therapy waits")
    assert path.name == "Paper D - Deep dive - speech and language therapy waits.docx"
    assert _files(folder) == [path.name] and path.read_bytes() == source.read_bytes()
    assert attach.attached_file(folder, "D") == path
    assert attachments(folder) == {"D": path}
    assert attach.letter_of("Paper D") == attach.letter_of(" d ") == "D"
    assert attach.letter_of("see the minutes") is None


@pytest.mark.parametrize(("make", "said"), [
    (lambda d, good: _rezip(good, d / "Macro.docm"), "macro-enabled"),
    (lambda d, good: _rezip(good, d / "Hidden macro.docx",
                            add=("word/vbaProject.bin", b"\x00" * 64)), "holds macros"),
    (lambda d, good: _rezip(good, d / "Empty.docx", drop="word/document.xml"),
     "no document inside"),
    (lambda d, good: (d / "Not word.docx").write_bytes(b"%PDF-1.7 a PDF renamed") and
     d / "Not word.docx", "damaged or not Word"),
    (lambda d, good: (d / "Cut short.docx").write_bytes(good.read_bytes()[:900]) and
     d / "Cut short.docx", "not a Word document that can be read"),
    (lambda d, good: (d / "notes.txt").write_text("notes") and d / "notes.txt",
     "is not a Word document (.docx)"),
    (lambda d, good: (d / "folder.docx").mkdir() or d / "folder.docx",
     "is not a file that can be read"),
])
def test_a_file_that_cannot_be_a_paper_is_refused_in_one_line_and_nothing_is_copied(
        tmp_path, make, said):
    good = _paper(tmp_path / "good.docx")
    source = make(tmp_path, good)
    folder = tmp_path / "Papers"
    with pytest.raises(SendsecError) as refused:
        attach.attach(source, folder, "D", "Deep dive")
    message = str(refused.value)
    assert said in message and source.name in message and "\n" not in message
    assert _files(folder) == []


def test_a_huge_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(attach, "MAX_BYTES", 1024)
    with pytest.raises(SendsecError, match="MB a paper may be"):
        attach.attach(_paper(tmp_path / "big.docx"), tmp_path / "Papers", "D", "Deep dive")


def test_an_earlier_paper_is_replaced_only_when_asked(tmp_path):
    folder = tmp_path / "Papers"
    first = attach.attach(_paper(tmp_path / "v1.docx", "First draft."), folder, "D", "SLT")
    renamed = first.rename(folder / "Paper D - the author's own name.docx")
    with pytest.raises(attach.AlreadyAttached) as already:
        attach.attach(_paper(tmp_path / "v2.docx", "Second draft."), folder, "D", "SLT")
    assert already.value.existing == renamed and _files(folder) == [renamed.name]
    second = attach.attach(tmp_path / "v2.docx", folder, "D", "SLT", replace=True)
    assert _files(folder) == [second.name]
    assert "Second draft." in "\n".join(p.text for p in docx.Document(str(second)).paragraphs)


def test_a_copy_that_fails_half_way_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    folder = tmp_path / "Papers"
    first = attach.attach(_paper(tmp_path / "v1.docx"), folder, "D", "SLT")
    before = first.read_bytes()

    def full_disk(source, target, *args):
        target.write(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full_disk)
    with pytest.raises(SendsecError) as refused:
        attach.attach(_paper(tmp_path / "v2.docx"), folder, "D", "SLT", replace=True)
    assert "Nothing was changed" in str(refused.value)
    assert _files(folder) == [first.name] and first.read_bytes() == before


def test_a_damaged_attached_paper_is_named_in_one_line_and_the_pack_is_still_written(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "w.sqlite"
    build_world(db, emails=False).close()
    out = tmp_path / "out"
    out.mkdir()
    (out / "Paper X - Staffing.docx").write_bytes(b"PK\x03\x04 damaged in the post")
    assert main(["papers", "--db", str(db), "--out", str(out), "--today",
                 TODAY.isoformat()]) == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "Paper X - Staffing.docx" in line]
    assert len(said) == 1 and "Paper X is shown as to follow" in said[0]
    [secret] = [p for p in out.iterdir() if p.name.endswith(f" - {part_b.PACK}.docx")]
    assert "To follow: this paper is being prepared by Rachel Okafor" in "\n".join(
        p.text for p in docx.Document(str(secret)).paragraphs)


def test_the_command_line_attaches_a_paper_then_writes_the_pack(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "w.sqlite"
    build_world(db, emails=False).close()
    out = tmp_path / "out"
    args = ["papers", "--db", str(db), "--out", str(out), "--today", TODAY.isoformat()]
    first = _paper(tmp_path / "staffing v1.docx", "First version.")
    assert main([*args, "--attach", str(first), "--paper", "X"]) == 0
    assert "as 'Paper X - Staffing matter.docx'" in capsys.readouterr().err
    [secret] = [p for p in out.iterdir() if p.name.endswith(f" - {part_b.PACK}.docx")]
    assert "First version." in "\n".join(p.text for p in docx.Document(str(secret)).paragraphs)
    second = _paper(tmp_path / "staffing v2.docx", "Second version.")
    assert main([*args, "--attach", str(second), "--paper", "X"]) == 2
    assert "add --replace" in capsys.readouterr().err
    assert main([*args, "--attach", str(second), "--paper", "Q"]) == 2
    assert "has Paper Q" in capsys.readouterr().err
    assert main([*args, "--attach", str(second)]) == 2
    assert main([*args, "--attach", str(second), "--paper", "X", "--replace"]) == 0
    assert "Second version." in "\n".join(
        p.text for p in docx.Document(str(out / "Paper X - Staffing matter.docx")).paragraphs)
