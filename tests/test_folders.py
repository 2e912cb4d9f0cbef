"""Output folders and files written in one step."""

from __future__ import annotations

import pytest

from sendsec.domain.errors import SendsecError
from sendsec.services.folders import output_folder, replace_file


def test_output_folder_is_created_and_a_file_is_refused(tmp_path):
    assert output_folder(tmp_path / "a" / "b").is_dir()
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SendsecError, match="is a file"):
        output_folder(tmp_path / "f.txt")


def test_replace_file_puts_the_whole_new_file_in_place(tmp_path):
    target = tmp_path / "Agenda.docx"
    target.write_bytes(b"old")
    assert replace_file(target, lambda tmp: tmp.write_bytes(b"new")) == target
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["Agenda.docx"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "Return.xlsx"
    target.write_bytes(b"old")

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise ValueError("disk trouble")

    with pytest.raises(ValueError):
        replace_file(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["Return.xlsx"]


def test_a_file_held_open_elsewhere_is_named_with_the_program(tmp_path):
    def held(tmp):
        raise PermissionError(13, "Permission denied")

    with pytest.raises(SendsecError, match=r"'Minutes\.docx' cannot be written: it may be open "
                                           r"in Word"):
        replace_file(tmp_path / "Minutes.docx", held, held_by="Word")
    assert list(tmp_path.iterdir()) == []
