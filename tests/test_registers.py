"""The registers as people read them, and the summary, on a hand-built board."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sendsec.domain.entities import BOARD_ROLES, RAGS
from sendsec.reports.summary import summary, summary_text
from sendsec.services import registers
from sendsec.services.board import Board

TODAY = dt.date(2025, 4, 1)  # between meeting 2 (held 12 March) and meeting 3 (14 May)


@pytest.fixture
def board(tmp_path):
    b = Board.create_new(tmp_path / "board.sqlite", "SEND Improvement Board",
                         local_area="West Northamptonshire", target_date="2025-11-30")
    yield b
    b.close()


@pytest.fixture
def ids(board):
    i: dict[str, int] = {}
    i["council"] = board.create("organisation", {"name": "West Northamptonshire Council",
                                                 "short_name": "WNC"}).id
    for key, name, role in [("chair", "Ann Chair", "independent chair"),
                            ("adviser", "Dee Adviser", "DfE adviser"),
                            ("nhse", "Nia England", "NHS England adviser"),
                            ("lead", "Cass Lead", "DfE case lead"),
                            ("m1", "Mo Member", "member"),
                            ("m2", "Max Member", "member")]:
        i[key] = board.create("person", {"name": name, "role": role,
                                         "organisation_id": i["council"]}).id
    i["area_a"] = board.create("area", {"code": "a", "title": "Timeliness", "position": 1}).id
    i["area_b"] = board.create("area", {"code": "b", "title": "Voice", "position": 2}).id
    i["meeting1"] = board.create("meeting", {"meeting_date": "2025-01-15",
                                             "status": "minutes approved"}).id
    i["meeting2"] = board.create("meeting", {"meeting_date": "2025-03-12", "status": "held"}).id
    i["cancelled"] = board.create("meeting", {"meeting_date": "2025-04-09",
                                              "status": "cancelled"}).id
    i["meeting3"] = board.create("meeting", {"meeting_date": "2025-05-14",
                                             "venue": "One Angel Square"}).id

    def action(ref, updates=(), **values):
        a = board.create("action", {"ref": ref, "title": f"Action {ref}",
                                    "area_id": i["area_a"], "owner_id": i["m1"], **values}).id
        for day, rag in updates:
            board.create("action_update", {"action_id": a, "update_date": day, "rag": rag,
                                           "narrative": f"{rag} on {day}"})
        i[ref] = a

    action("PA1", [("2025-01-05", "amber"), ("2025-03-01", "red")], due_date="2025-03-31",
           start_date="2024-12-01")
    action("PA2", [("2025-03-20", "green")], due_date="2025-02-28",
           revised_due_date="2025-06-30", revision_reason="Recruitment", area_id=i["area_b"])
    action("PA3", [("2025-03-20", "blue")], due_date="2025-03-01")
    action("PA4", [], start_date="2025-02-01", due_date="2025-09-30")
    action("PA5", [("2024-11-01", "amber"), ("2025-01-05", "amber"), ("2025-03-20", "amber")],
           due_date="2025-10-31")
    action("PA6", [("2025-03-20", "green")], due_date="2025-04-01")  # due today: not overdue

    def risk(ref, current, reviews=()):
        r = board.create("risk", {"ref": ref, "title": f"Risk {ref}", "owner_id": i["m2"],
                                  "current_likelihood": current[0],
                                  "current_impact": current[1],
                                  "target_likelihood": 1, "target_impact": 2}).id
        for day, lk, im in reviews:
            board.create("risk_review", {"risk_id": r, "review_date": day, "likelihood": lk,
                                         "impact": im})
        i[ref] = r

    risk("R1", (3, 3), [("2025-01-10", 3, 3), ("2025-03-20", 4, 4)])  # 9 -> 16: up
    risk("R2", (5, 5), [("2025-02-01", 4, 5), ("2025-03-25", 2, 2)])  # 20 -> 4: down
    risk("R3", (2, 3))  # never reviewed: new
    risk("R4", (1, 1), [("2025-02-01", 3, 3)])  # 9 -> 9, not reviewed this cycle: same

    def measure(code, unit, higher, target, points, trajectory=()):
        m = board.create("measure", {"code": code, "title": f"Measure {code}", "unit": unit,
                                     "higher_is_better": higher, "target": target,
                                     "area_id": i["area_a"]}).id
        for period, value in points:
            board.create("measure_point", {"measure_id": m, "period": period, "value": value})
        for period, expected in trajectory:
            board.create("trajectory_point", {"measure_id": m, "period": period,
                                              "expected": expected})
        i[code] = m

    measure("EHC20", "%", True, 60, [("2025-01-31", 25), ("2025-03-31", 40)],
            [("2025-01-31", 30), ("2025-06-30", 55)])
    measure("WAIT", "weeks", False, 20, [("2025-02-28", 23), ("2025-03-31", 21)])
    measure("LATE", "weeks", False, 20, [("2025-03-31", 30)])
    measure("NONE", "count", True, None, [("2025-03-31", 3)])
    measure("EMPTY", "%", True, 50, [])
    board.create("impact_entry", {"entry_date": "2025-03-12", "meeting_id": i["meeting2"],
                                  "title": "Families hear sooner", "area_id": i["area_a"],
                                  "action_id": i["PA1"], "measure_id": i["EHC20"]})
    return i


def _by(rows, key="ref"):
    return {r[key]: r for r in rows}


def test_cycle_knows_the_last_held_and_next_meeting(board, ids):
    c = registers.cycle(board, TODAY)
    assert c.last_held["id"] == ids["meeting2"]
    assert c.next_meeting["id"] == ids["meeting3"]  # the cancelled meeting is skipped
    assert c.start == dt.date(2025, 3, 13)
    assert c.previous_start == dt.date(2025, 1, 16)
    before_any = registers.cycle(board, dt.date(2025, 1, 1))
    assert before_any.last_held is None and before_any.start is None
    # meetings already marked held are never "next", whatever their date
    assert before_any.next_meeting["id"] == ids["meeting3"]


def test_action_flags(board, ids):
    rows = _by(registers.action_rows(board, TODAY))
    pa1, pa2, pa3, pa4, pa5, pa6 = (rows[f"PA{n}"] for n in range(1, 7))

    assert pa1["overdue"] and not pa1["slipped"]
    assert pa1["no_update_this_cycle"]  # its last update came before meeting 2
    assert pa1["slow_reasons"] == ["Red or Amber in two consecutive cycles (Amber, Red)",
                                   "Overdue"]
    assert pa1["rag"] == "red" and pa1["rag_label"] == "Red"
    assert pa1["latest_narrative"] == "red on 2025-03-01"
    assert [u["update_date"] for u in pa1["updates"]] == ["2025-03-01", "2025-01-05"]
    assert (pa1["owner_name"], pa1["owner_organisation"]) == ("Mo Member", "WNC")
    assert pa1["area_code"] == "a"

    assert pa2["slipped"] and not pa2["overdue"]
    assert pa2["effective_due"] == dt.date(2025, 6, 30)
    assert not pa2["no_update_this_cycle"] and not pa2["slow"]
    assert pa2["area_code"] == "b"

    assert pa3["status"] == "complete"
    assert not pa3["overdue"] and not pa3["no_update_this_cycle"] and not pa3["slow"]

    assert pa4["no_update_this_cycle"] and pa4["latest_update"] is None
    assert pa4["slow_reasons"] == [
        "Not started although its start date (1 February 2025) has passed"]
    assert pa4["rag_label"] == "Not rated"

    assert pa5["slow_reasons"] == ["Red or Amber in two consecutive cycles (Amber, Amber)",
                                   "No movement: Amber for 3 cycles"]
    assert not pa5["no_update_this_cycle"]

    assert not pa6["overdue"]
    assert registers.action_rows(board, TODAY + dt.timedelta(days=1))[5]["overdue"]


def test_action_rows_follow_archiving_and_kind(board, ids):
    board.archive("action", ids["PA6"])
    board.create("action", {"ref": "BA1", "title": "Board action", "kind": "board"})
    assert "PA6" not in _by(registers.action_rows(board, TODAY))
    assert "PA6" in _by(registers.action_rows(board, TODAY, include_archived=True))
    assert list(_by(registers.action_rows(board, TODAY, kind="board"))) == ["BA1"]


def test_archived_update_no_longer_counts(board, ids):
    update = board.rows("action_update", parent_id=ids["PA2"])[0]
    board.archive("action_update", update["id"])
    assert _by(registers.action_rows(board, TODAY))["PA2"]["no_update_this_cycle"]


def test_risk_movement_across_a_cycle(board, ids):
    rows = _by(registers.risk_rows(board, TODAY))
    r1, r2, r3, r4 = rows["R1"], rows["R2"], rows["R3"], rows["R4"]
    assert (r1["previous_score"], r1["score"], r1["movement"]) == (9, 16, "up")
    assert r1["movement_label"] == "Up (worse)"
    assert (r1["band"], r1["band_label"]) == ("very high", "Very high")
    assert r1["reviewed_this_cycle"] and r1["last_review_date"] == dt.date(2025, 3, 20)
    assert r1["inherent_score"] is None and r1["target_score"] == 2
    assert (r2["previous_score"], r2["score"], r2["movement"], r2["band"]) == (
        20, 4, "down", "low")
    assert (r3["previous_score"], r3["movement"], r3["reviews"]) == (None, "new", [])
    assert not r3["reviewed_this_cycle"]
    assert (r4["previous_score"], r4["score"], r4["movement"]) == (9, 9, "same")
    assert not r4["reviewed_this_cycle"]
    assert r1["owner_name"] == "Max Member"


def test_risk_bands_follow_the_boards_settings(board, ids):
    board.update_settings({"band_very_high": 17})
    assert _by(registers.risk_rows(board, TODAY))["R1"]["band"] == "high"


def test_measure_rag_trend_and_trajectory(board, ids):
    rows = _by(registers.measure_rows(board, TODAY), "code")
    ehc = rows["EHC20"]
    assert ehc["latest_value"] == 40 and ehc["latest_period"] == dt.date(2025, 3, 31)
    assert ehc["expected"] == pytest.approx(30 + 25 * 59 / 150)
    assert (ehc["rag"], ehc["rag_label"], ehc["trend"]) == ("green", "Green", "improving")
    assert [p["period"] for p in ehc["points"]] == ["2025-01-31", "2025-03-31"]
    assert rows["WAIT"]["rag"] == "amber"  # 21 weeks against 20: within 5%
    assert rows["WAIT"]["trend"] == "improving"  # fewer weeks is better
    assert rows["LATE"]["rag"] == "red" and rows["LATE"]["trend"] == "not enough data"
    assert rows["NONE"]["rag"] is None and rows["NONE"]["rag_label"] == "Not rated"
    assert rows["EMPTY"]["latest_value"] is None and rows["EMPTY"]["rag"] is None


def test_meeting_rows_show_steps_and_missing_statutory_invitees(board, ids):
    rows = {r["id"]: r for r in registers.meeting_rows(board, TODAY)}
    nxt = rows[ids["meeting3"]]
    assert nxt["statutory_missing"] == []
    assert nxt["invitee_count"] == 6  # three statutory, the chair, two members
    assert next(s["step"] for s in nxt["steps"]) == "request_updates"
    assert all(s["label"] and s["state"] for s in nxt["steps"])
    adviser = board.find("invitee", meeting_id=ids["meeting3"], person_id=ids["adviser"])
    board.remove_invitee(adviser["id"], force=True)
    rows = {r["id"]: r for r in registers.meeting_rows(board, TODAY)}
    assert rows[ids["meeting3"]]["statutory_missing"] == ["DfE adviser"]
    assert rows[ids["meeting2"]]["label"] == "Meeting 2, 12 March 2025"


def test_people_and_impact_rows(board, ids):
    people = _by(registers.people_rows(board), "name")
    assert people["Ann Chair"]["organisation"] == "West Northamptonshire Council"
    assert people["Ann Chair"]["organisation_short"] == "WNC"
    impact = registers.impact_rows(board)[0]
    assert (impact["area_code"], impact["action_ref"], impact["measure_code"]) == (
        "a", "PA1", "EHC20")
    assert impact["meeting_label"] == "Meeting 2, 12 March 2025"


def test_today_honours_sendsec_today(monkeypatch):
    monkeypatch.setenv("SENDSEC_TODAY", "2025-04-01")
    assert registers.today() == TODAY
    monkeypatch.delenv("SENDSEC_TODAY")
    assert registers.today() == dt.date.today()


# ------------------------------------------------------------------ summary


def test_summary_keys_and_counts(board, ids):
    data = summary(board, TODAY)
    json.dumps(data)  # JSON-ready
    assert {"board", "counts", "actions_by_rag", "risks_by_band", "people_by_role",
            "next_meeting"} <= set(data)
    assert data["board"]["name"] == "SEND Improvement Board"
    assert data["board"]["target_date"] == "2025-11-30"
    assert data["counts"] == {"areas": 2, "actions": 6, "risks": 4, "measures": 5,
                              "impact_entries": 1, "meetings": 4, "people": 6, "challenges": 0}
    assert data["actions_by_rag"] == {"red": 1, "amber": 1, "green": 2, "blue": 1,
                                      "not rated": 1}
    assert list(data["actions_by_rag"])[:4] == list(RAGS)
    assert data["risks_by_band"] == {"low": 1, "medium": 2, "high": 0, "very high": 1}
    assert list(data["people_by_role"]) == list(BOARD_ROLES)
    assert data["people_by_role"]["member"] == 2 and data["people_by_role"]["observer"] == 0
    assert data["next_meeting"]["id"] == ids["meeting3"]
    assert data["next_meeting"]["date"] == "2025-05-14"
    assert data["next_meeting"]["venue"] == "One Angel Square"
    assert data["actions_by_area"] == {"a": 5, "b": 1}
    assert data["actions_flagged"] == {"overdue": 1, "slipped": 1, "slow_to_progress": 3,
                                       "no_update_this_cycle": 2}
    assert data["last_meeting_held"] == "2025-03-12"


def test_summary_counts_only_open_risks_by_band(board, ids):
    board.update("risk", ids["R1"], {"status": "closed"})
    assert summary(board, TODAY)["risks_by_band"]["very high"] == 0


def test_summary_text_reads_well(board, ids):
    text = summary_text(summary(board, TODAY))
    lines = text.splitlines()
    assert lines[0] == "SEND Improvement Board (West Northamptonshire)"
    assert "6 actions" in lines[1]
    assert "Next meeting: Wednesday 14 May 2025 at 10:00, One Angel Square" in text
    assert "Next stocktake review: none planned" in text


def test_summary_of_an_empty_board(tmp_path):
    with Board.create_new(tmp_path / "empty.sqlite", "Empty") as board:
        data = summary(board, TODAY)
    assert data["next_meeting"] is None
    assert set(data["counts"].values()) == {0}
    assert "Next meeting: none planned" in summary_text(data)
    assert "Actions by area: none" in summary_text(data).splitlines()
    assert "People by role: none" in summary_text(data).splitlines()


def test_reusing_computes_each_register_once_and_afresh_after_a_change(board, ids,
                                                                      monkeypatch):
    computed: list[str] = []
    real = registers._action_rows
    monkeypatch.setattr(registers, "_action_rows",
                        lambda *a: (computed.append("actions"), real(*a))[1])
    # the summary reads the actions without their updates, as the Overview's other readers do
    alone = registers.action_rows(board, TODAY, history=False)
    with registers.reusing(board):
        summary(board, TODAY)
        first = registers.action_rows(board, TODAY, history=False)
        assert registers.action_rows(board, TODAY, history=False) == first == alone
        assert computed == ["actions", "actions"]  # once outside, once inside
        first.sort(key=lambda a: a["ref"], reverse=True)  # a caller's list is its own
        assert registers.action_rows(board, TODAY, history=False) == alone
        board.update("action", alone[0]["id"], {"title": "Changed inside"})
        again = registers.action_rows(board, TODAY, history=False)
        assert len(computed) == 3 and "Changed inside" in {a["title"] for a in again}
    registers.action_rows(board, TODAY, history=False)
    assert len(computed) == 4  # nothing kept after the block
