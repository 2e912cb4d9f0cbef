"""Workbooks the import tests build for themselves (no test functions here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from sendsec.services.board import Board


def new_board(tmp_path: Path, name: str = "board.sqlite") -> Board:
    """Return a new, empty board in `tmp_path` with two areas and two people."""
    board = Board.create_new(tmp_path / name, "SEND Improvement Board", user="tester")
    with board.batch():
        board.create("area", {"code": "a", "title": "Leaders' strategic oversight", "position": 1})
        board.create("area", {"code": "b", "title": "Identification of needs", "position": 2})
        board.create("person", {"name": "Jane Smith", "role": "member"})
        board.create("person", {"name": "Dr Ola Okafor", "role": "member",
                                "email": "ola.okafor@example.nhs.uk"})
    return board


def write_rows(path: Path, rows: list[list], *, title: str = "PAP", merges: tuple[str, ...] = ()
               ) -> Path:
    """Write `rows` (None for an empty cell) to one sheet of a new workbook at `path`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


MESSY_HEADER = ["Ref", "Action description", "Lead officer", "Target date", "Revised date",
                "RAG status", "Measure of success", "Progress update"]


def messy_pap(path: Path) -> Path:
    """Write a realistic, messy PAP workbook: title rows, notes, area headings, merged cells,
    TBC dates, an unknown owner, a duplicate reference and a row without one.

    Rows (Excel numbering): 1-2 titles (merged), 3 blank, 4 a note, 5 header,
    6 area heading, 7-9 actions, 10 area heading, 11-16 actions and bad rows, 17 a footnote.
    """
    rows = [
        ["West Northamptonshire SEND Priority Action Plan", None, None, None, None, None, None,
         None],
        ["Version 7 - updated for the November board", None, None, None, None, None, None, None],
        [],
        ["Note: RAG is as reported by the action owner. Dates are UK format."],
        MESSY_HEADER,
        ["Area a: Leaders' strategic oversight"],
        ["PA1.1", "Agree a SEND strategy with families", "jane  smith", "31/01/2025", None,
         "Green", "Strategy co-produced and published", "Draft agreed with the forum"],
        ["PA1.2", "Publish the local offer refresh", "Dr Ola Okafor (ICB)", dt.date(2025, 3, 31),
         "30 June 2025", "Amber/Red", "Local offer hits up 20%", "Delayed by procurement"],
        ["PA1.3", "Joint commissioning of therapies", "Sam Patel, Head of Commissioning",
         45688, None, "R", "Waits under 18 weeks", None],
        ["Improvement area 6 - Preparation for adulthood"],
        ["PA6.1", "Transition plans from Year 9", "Jane Smith", "TBC", None, "On track",
         "All Year 9 EHC plans have PfA outcomes", "Training booked"],
        ["PA6.2", "Supported internships", "Jane Smith", "31-12-2025", None, "B",
         "40 internships", "Complete"],
        ["PA6.1", "Duplicate of transition plans", "Jane Smith", "31/12/2025", None, "G", "", ""],
        [None, "An action nobody numbered", "Jane Smith", "31/12/2025", None, "G", "", ""],
        ["PA6.3", "Preparing for adulthood reviews", "Jane Smith", "32/13/2025", None, "G",
         "", ""],
        ["PA6.4", None, "Jane Smith", "31/12/2025", None, "G", "", ""],
        ["Key: B = complete, G = on track, A = at risk, R = off track"],
    ]
    return write_rows(path, rows, merges=("A1:H1", "A2:H2", "A6:H6", "A10:H10"))
