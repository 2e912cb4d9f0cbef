"""Reading files: CSV encodings, Excel quirks, and files that must be refused with one line."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from test_import_helpers import write_rows

from sendsec.spreadsheets import values as val
from sendsec.spreadsheets.headers import find_header, match_field
from sendsec.spreadsheets.reading import SpreadsheetRefused, read_workbook

HEADER = "Ref,Action,Lead,Due date,RAG\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_each_encoding_keeps_pound_and_curly_quotes(tmp_path, encoding):
    text = HEADER + "PA1,\u201cSpend \u00a3200k\u201d on the council\u2019s offer,Jane,31/01/2025,G\r\n"
    path = tmp_path / "pap.csv"
    path.write_bytes(text.encode(encoding))
    wb = read_workbook(path)
    assert wb.encoding == encoding
    assert wb.sheets[0].rows[1][1] == "\u201cSpend \u00a3200k\u201d on the council\u2019s offer"


def test_csv_semicolons_and_line_breaks_inside_quotes(tmp_path):
    path = tmp_path / "pap.csv"
    path.write_text('Ref;Action;Lead\n"PA1";"two\nlines";"Jane"\n', encoding="utf-8")
    rows = read_workbook(path).sheets[0].rows
    assert rows[1] == ["PA1", "two\nlines", "Jane"]


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "password-protected"),
    (b"PK\x03\x04garbage that is not a zip at all", "damaged"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not an Excel workbook"),
])
def test_files_that_are_not_workbooks_are_refused_in_one_line(tmp_path, content, words):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetRefused) as err:
        read_workbook(path)
    assert words in str(err.value)
    assert "plan.xlsx" in str(err.value)
    assert "\n" not in str(err.value)


def test_zip_that_is_not_xlsx_and_renamed_docx_are_refused(tmp_path):
    plain = tmp_path / "a.xlsx"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(SpreadsheetRefused, match="zip file, not an Excel workbook"):
        read_workbook(plain)
    docx = tmp_path / "minutes.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SpreadsheetRefused, match="Word document"):
        read_workbook(docx)


def test_truncated_xlsx_is_refused(tmp_path):
    good = write_rows(tmp_path / "good.xlsx", [["Ref", "Action"], ["PA1", "x"]])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(SpreadsheetRefused, match="damaged"):
        read_workbook(bad)


def test_other_suffixes_and_missing_files(tmp_path):
    with pytest.raises(SpreadsheetRefused, match="no file"):
        read_workbook(tmp_path / "nope.xlsx")
    odd = tmp_path / "plan.pdf"
    odd.write_bytes(b"%PDF-1.4")
    with pytest.raises(SpreadsheetRefused, match="not a spreadsheet"):
        read_workbook(odd)
    binary = tmp_path / "plan.csv"
    binary.write_bytes(b"Ref,Action\x00\x00\x00")
    with pytest.raises(SpreadsheetRefused, match="not a text"):
        read_workbook(binary)


def test_merged_cells_in_data_fill_down_titles_stay_in_first_cell(tmp_path):
    path = write_rows(tmp_path / "m.xlsx", [
        ["Plan title", None, None],
        ["Ref", "Action", "Lead"],
        ["PA1", "One", "Jane"],
        ["PA2", "Two", None],
        ["PA3", "Three", None],
    ], merges=("A1:C1", "C3:C5"))
    rows = read_workbook(path).sheets[0].rows
    assert rows[0] == ["Plan title"]
    assert [r[2] for r in rows[2:]] == ["Jane", "Jane", "Jane"]


def test_excel_escapes_round_trip():
    for text in ["a\x0bb", "x\ry", "_x0041_ literal", "\x01\x1f", "plain", "😀 שלום"]:
        assert val.excel_unescape(val.excel_escape(text)) == text


@pytest.mark.parametrize("cell, expected", [
    ("31/01/2025", dt.date(2025, 1, 31)),
    ("31-01-2025", dt.date(2025, 1, 31)),
    ("31 Jan 2025", dt.date(2025, 1, 31)),
    ("31 January 2025", dt.date(2025, 1, 31)),
    (dt.datetime(2025, 1, 31), dt.date(2025, 1, 31)),
    (45688, dt.date(2025, 1, 31)),
    ("45688", dt.date(2025, 1, 31)),
    ("TBC", None), ("tbc", None), ("N/A", None), ("", None), (None, None),
])
def test_dates_in_every_uk_form(cell, expected):
    assert val.read_date(cell) == expected


@pytest.mark.parametrize("cell", ["32/01/2025", "next spring", "31/02/2025"])
def test_unreadable_dates_raise(cell):
    with pytest.raises(ValueError):
        val.read_date(cell)


def test_month_only_dates_say_what_to_write():
    with pytest.raises(ValueError, match="30/09/2025"):
        val.read_date("Sept 2025")


@pytest.mark.parametrize("cell, rag", [
    ("R", "red"), ("amber", "amber"), ("Green", "green"), ("B", "blue"),
    ("Complete", "blue"), ("On track", "green"), ("At risk", "amber"), ("Off track", "red"),
    ("Amber/Red", "red"), ("Green - Amber", "amber"), ("RAG: Red", "red"), ("TBC", None),
])
def test_rag_words(cell, rag):
    assert val.read_rag(cell) == rag


def test_scores_and_owner_forms():
    assert [val.read_score(x) for x in (4, "4", 4.0, "4 - Likely", "Almost certain")] == \
        [4, 4, 4, 4, 5]
    for bad in (6, "0", 2.5, "High-ish 3 or 4"):
        with pytest.raises(ValueError):
            val.read_score(bad)
    assert val.split_owner("Jane Smith (ICB)") == ("Jane Smith", "ICB", "")
    assert val.split_owner("Jane Smith, Head of SEND") == ("Jane Smith", "", "Head of SEND")
    assert val.name_key("  JANE   smith ") == val.name_key("Jane Smith")


@pytest.mark.parametrize("header, field", [
    ("Ref", "ref"), ("No.", "ref"), ("Reference", "ref"), ("ID", "ref"),
    ("Action description", "title"), ("Lead Officer:", "lead"), ("Accountable owner", "owner"),
    ("Responsible", "lead"), ("Deadline", "due_date"), ("Completion date", "due_date"),
    ("Target date", "due_date"), ("Revised date", "revised_due_date"), ("RAG\nstatus", "rag"),
    ("Progress RAG", "rag"), ("Measure of success", "success_measure"), ("KPI", "success_measure"),
    ("Workstream", "area"), ("Theme", "area"), ("Latest update", "update"),
    ("Commentary", "update"), ("Due date (dd/mm/yyyy)", "due_date"),
])
def test_action_header_synonyms(header, field):
    assert match_field(header, "actions") == field


def test_header_found_below_titles_and_kind_decided_from_headers():
    rows = [["Risk register 2025/26"], [], ["Owner: SEND board"],
            ["Risk Ref", "Risk description", "Risk owner", "Likelihood", "Impact", "Score",
             "Controls", "Mitigation"], ["R1", "x", "Jane", 3, 4, 12, "", ""]]
    found = find_header(rows)
    assert (found.row, found.kind) == (3, "risks")
    assert set(found.mapping.values()) >= {"ref", "title", "owner", "current_likelihood",
                                           "current_impact", "controls", "mitigation"}
    actions = [["PAP"], ["Ref", "Action", "Lead", "Due date", "RAG", "Impact"]]
    assert find_header(actions).kind == "actions"


def test_no_header_row_is_a_clear_error():
    from sendsec.domain.errors import SendsecError
    with pytest.raises(SendsecError, match="No header row found in the first 30 rows"):
        find_header([["hello", "world"], ["1", "2"]])
