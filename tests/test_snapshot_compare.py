"""A snapshot compared with the previous one by SQL first: the same differences as comparing
every record, found by reading only the records that may differ."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sendsec.cli import main
from sendsec.exchanges.snapshot_opening import open_snapshot
from sendsec.exchanges.snapshot_record import shorten
from sendsec.exchanges.snapshots import take_snapshot
from sendsec.reports.diff import diff_boards
from sendsec.services.board import Board
from sendsec.storage.snapshot_compare import records_that_differ


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--today", "2026-11-22"]) == 0
    return path


def _first(b: Board, kind: str, **where) -> dict:
    rows = [r for r in b.rows(kind) if all(r.get(k) == v for k, v in where.items())]
    assert rows, f"the demo board has no {kind} {where}"
    return rows[0]


def _owner_renamed(b: Board) -> None:
    owner = _first(b, "action")["owner_id"]
    b.update("person", owner, {"name": "Renamed Owner"})


def _invitee_renamed(b: Board) -> None:
    b.update("person", _first(b, "invitee")["person_id"], {"name": "Renamed Invitee"})


def _organisation_renamed(b: Board) -> None:
    b.update("organisation", _first(b, "organisation")["id"], {"name": "Renamed Council"})


def _action_retitled(b: Board) -> None:
    b.update("action", _first(b, "action")["id"], {"title": "A new title for the action"})


def _update_added(b: Board) -> None:
    b.create("action_update", {"action_id": _first(b, "action")["id"],
                               "update_date": "2026-11-20", "rag": "red", "narrative": "Late"})


def _update_edited(b: Board) -> None:
    b.update("action_update", _first(b, "action_update")["id"], {"narrative": "Rewritten"})


def _action_archived(b: Board) -> None:
    b.archive("action", _first(b, "action")["id"])


def _action_added(b: Board) -> None:
    b.create("action", {"ref": "PA9.99", "title": "A brand new action"})


def _review_added(b: Board) -> None:
    b.create("risk_review", {"risk_id": _first(b, "risk")["id"], "review_date": "2026-11-20",
                             "likelihood": 5, "impact": 5})


def _point_changed(b: Board) -> None:
    point = _first(b, "measure_point")
    b.update("measure_point", point["id"], {"value": (point["value"] or 0) + 7})


def _unit_changed(b: Board) -> None:
    measure = _first(b, "measure", unit="%")
    b.update("measure", measure["id"], {"unit": "number"})


def _minute_edited(b: Board) -> None:
    b.update("minute", _first(b, "minute")["id"], {"heading": "A new heading"})


def _resolution_added(b: Board) -> None:
    b.create("resolution", {"minute_id": _first(b, "minute")["id"], "text": "do more"})


def _agenda_item_retitled(b: Board) -> None:
    b.update("agenda_item", _first(b, "agenda_item")["id"], {"title": "Renamed item"})


def _meeting_moved(b: Board) -> None:
    b.update("meeting", _first(b, "meeting")["id"], {"venue": "The Guildhall"})


def _settings_changed(b: Board) -> None:
    b.update_settings({"name": "Renamed Improvement Board"})


CHANGES: dict[str, Callable[[Board], None]] = {
    "owner renamed": _owner_renamed, "invitee renamed": _invitee_renamed,
    "organisation renamed": _organisation_renamed, "action retitled": _action_retitled,
    "update added": _update_added, "update edited": _update_edited,
    "action archived": _action_archived, "action added": _action_added,
    "review added": _review_added, "point changed": _point_changed,
    "unit changed": _unit_changed, "minute edited": _minute_edited,
    "resolution added": _resolution_added, "agenda item retitled": _agenda_item_retitled,
    "meeting moved": _meeting_moved, "settings changed": _settings_changed,
}


def _two_snapshots(demo: Path, tmp_path: Path, *changes: Callable[[Board], None]):
    board = tmp_path / "board.sqlite"
    shutil.copyfile(demo, board)
    out = tmp_path / "out"
    with Board.open(board) as b:
        first = take_snapshot(b, out)
        for change in changes:
            change(b)
        second = take_snapshot(b, out)
    return first, second


def _compared(first, second):
    """Return (every record compared, only those SQL says may differ, what SQL said)."""
    with open_snapshot(first.path) as old, open_snapshot(second.path) as new:
        differ = records_that_differ(new.private_dir / "snapshot.sqlite",
                                     old.private_dir / "snapshot.sqlite")
        full = diff_boards(old, new).lines()
        quick = diff_boards(old, new, differ=differ).lines()
    return full, quick, differ


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_kind_of_change_is_found_as_comparing_every_record_finds_it(name, demo,
                                                                         tmp_path):
    full, quick, differ = _compared(*_two_snapshots(demo, tmp_path, CHANGES[name]))
    assert "No differences." not in full
    assert quick == full
    if name == "settings changed":  # the risk bands are in the settings: everything compared
        assert differ is None
    else:
        assert differ is not None
        assert len(differ["action"]) < 40  # of 48: only what may differ is read


def test_many_changes_at_once_and_what_the_snapshot_carries(demo, tmp_path):
    first, second = _two_snapshots(demo, tmp_path, *(c for n, c in CHANGES.items()
                                                     if n != "settings changed"))
    full, quick, differ = _compared(first, second)
    assert quick == full and differ is not None
    with open_snapshot(second.path) as s:
        carried = s.snapshot_info["changes"]
    expected = [shorten(line.rstrip(), 300, keep_indent=True)
                for line in full[2:] if not line.startswith("Note: ")]
    assert expected[0] == "" and carried["lines"] == expected[1:]
    assert any(line.endswith("-> Renamed Council") for line in expected)


def test_two_snapshots_with_nothing_changed_between_them_compare_nothing(demo, tmp_path):
    full, quick, differ = _compared(*_two_snapshots(demo, tmp_path))
    assert quick == full and full[-1] == "No differences."
    assert differ is not None and not any(differ[kind] for kind in (
        "action", "risk", "measure", "meeting", "impact_entry", "person"))
