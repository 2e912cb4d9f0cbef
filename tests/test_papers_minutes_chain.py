"""The minutes chain in the papers, on the demo board and on a board whose plan was imported:
every set of minutes not yet approved (a board meeting's or a stocktake review's) is put to
the next board meeting, printed in its pack under its own heading and resolved in its
minutes template; minutes already approved are never put to a meeting again; a stocktake
pack reports the cycle since the last meeting of any kind; the self-assessment calls
minutes that exist but are not approved a draft."""

from __future__ import annotations

import datetime as dt

from papers_boards import paragraphs, section, text_of

from sendsec.domain.dates import long_date

HELD = ("held", "minutes drafted", "minutes approved")


def _order(m):
    return (m["meeting_date"], m["start_time"] or "", m["id"])


def _before(board, meeting_id):
    this = board.get("meeting", meeting_id)
    return sorted((m for m in board.rows("meeting") if m["status"] in HELD
                   and _order(m) < _order(this)), key=_order)


def test_every_unapproved_set_of_minutes_is_in_the_next_board_pack(paper_set):
    with paper_set.open() as board:
        earlier = _before(board, paper_set.next_id)
        waiting = [m for m in earlier if m["status"] != "minutes approved"]
        minutes = {m["id"]: [x["number"] for x in board.rows("minute", parent_id=m["id"])]
                   for m in waiting}
    # the demo leaves meeting 6's minutes unapproved; the imported board, a stocktake's
    assert len(waiting) >= 2 and all(minutes.values())
    pack = paper_set.one(" - Board pack.docx")
    found = section(pack, "Minutes")
    headings = [text for style, text in found if style == "Heading 2"]
    assert [h.rsplit(", held on ", 1)[1] for h in headings] == [
        f"{long_date(m['meeting_date'])} (draft)" for m in waiting]
    texts = [text for _, text in found]
    for heading, m in zip(headings, waiting, strict=True):
        start = texts.index(heading)
        after = texts[start + 1:]
        after = after[:next((i for i, t in enumerate(after) if t in headings), len(after))]
        numbers = {int(t.split(".")[0]) for t in after if t.split(".")[0].isdigit()}
        assert set(minutes[m["id"]]) - numbers <= set(_part_b(paper_set, m["id"])), heading
    assert "(approved)" not in "\n".join(texts)
    template = text_of(paper_set.one(" - Minutes template.docx"))
    dates = [long_date(m["meeting_date"]) for m in waiting]
    assert (f"RESOLVED: that the minutes of the meetings held on {', '.join(dates[:-1])} and "
            f"{dates[-1]} be agreed as correct records and signed by the Chair.") in template


def test_the_pack_names_every_set_of_minutes_in_its_heading(paper_set):
    """Not 'Minutes of the last meeting' over two or three sets: 'Minutes of the meetings held
    on 14 October and 11 November 2026', as a council's agenda says 'To confirm the Minutes of
    the meeting ... held on 16 November 2021' (and the agenda says that too, under its minutes
    item, which points to the pack's section)."""
    import docx

    from sendsec.papers.agenda import item_pages
    from sendsec.papers.meeting_data import gather

    with paper_set.open() as board:
        waiting = [m for m in _before(board, paper_set.next_id)
                   if m["status"] != "minutes approved"]
        data = gather(board, paper_set.next_id, paper_set.today)
    days = [dt.date.fromisoformat(m["meeting_date"]) for m in waiting]
    assert len(days) >= 2 and len({d.year for d in days}) == 1
    named = " and ".join([", ".join(f"{d.day} {d:%B}" for d in days[:-1]),
                          f"{days[-1].day} {days[-1]:%B %Y}"])
    pack = paper_set.one(" - Board pack.docx")
    level1 = [text for style, text in paragraphs(pack) if style == "Heading 1"]
    assert f"Minutes of the meetings held on {named}" in level1
    assert not any("last meeting" in h for h in level1 if h.startswith("Minutes"))
    contents = "\n".join(p.text for p in docx.Document(str(pack)).paragraphs)
    assert contents.count(f"Minutes of the meetings held on {named}") >= 2  # and in contents
    for paper in (paper_set.one(" - Agenda.docx"), pack):  # the agenda says it as councils do
        row = next(r for r in docx.Document(str(paper)).tables[0].rows
                   if r.cells[2].text.startswith("Minutes"))
        assert f"\nTo confirm the minutes of the meetings held on {named}." in row.cells[2].text
    spans = {h: (n, n) for n, h in enumerate(level1, 1)}
    minutes_item = next(i for i in data.items if i.title.startswith("Minutes"))
    assert item_pages(data.items, spans)[minutes_item.number] == \
        spans[f"Minutes of the meetings held on {named}"]


def _part_b(paper_set, meeting_id):
    with paper_set.open() as board:
        secret = {i["id"] for i in board.rows("agenda_item", parent_id=meeting_id)
                  if i["confidential"]}
        return [x["number"] for x in board.rows("minute", parent_id=meeting_id)
                if x["agenda_item_id"] in secret]


def test_the_stocktake_pack_never_asks_to_agree_approved_minutes(paper_set):
    with paper_set.open() as board:
        earlier = _before(board, paper_set.stocktake_id)
        approved = [m for m in earlier if m["status"] == "minutes approved"]
        last = earlier[-1]
    pack = paper_set.one(" - Board pack.docx", "stocktake")
    text = "\n".join(t for _, t in paragraphs(pack))
    assert f"This pack reports the cycle since the last meeting on " \
           f"{long_date(last['meeting_date'])}," in text
    found = "\n".join(t for _, t in section(pack, "Minutes"))
    assert "(approved)" not in found
    for m in approved:
        assert f"held on {long_date(m['meeting_date'])} (draft)" not in found


def test_the_self_assessment_calls_written_unapproved_minutes_a_draft(paper_set):
    with paper_set.open() as board:
        rows = {long_date(m["meeting_date"]): (m["status"],
                                               bool(board.rows("minute", parent_id=m["id"])))
                for m in board.rows("meeting") if m["status"] in HELD}
    review = paper_set.one(" - Self-assessment.docx", "stocktake")
    import docx

    table = next(t for t in docx.Document(str(review)).tables
                 if [c.text for c in t.rows[0].cells][:1] == ["Date"]
                 and "Status" in [c.text for c in t.rows[0].cells])
    seen = 0
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        status, written = rows[cells[0]]
        if status != "minutes approved" and written:
            assert cells[3] == "Draft, awaiting approval", cells
            seen += 1
        if cells[3] == "Not yet drafted":
            assert cells[4] == "-", cells
    assert seen


def _sets(*meetings):
    from types import SimpleNamespace

    from sendsec.papers.agenda import minutes_sets

    return minutes_sets(SimpleNamespace(for_approval=[
        SimpleNamespace(meeting={"meeting_date": day, "start_time": time})
        for day, time in meetings]))


def test_minutes_of_meetings_on_the_same_day_name_that_day_once():
    assert _sets() == ""
    assert _sets(("2026-10-28", "10:00")) == "the meeting held on 28 October 2026"
    assert _sets(("2026-07-22", "10:00"), ("2026-10-28", "10:00")) == \
        "the meetings held on 22 July and 28 October 2026"
    assert _sets(("2026-12-09", "10:00"), ("2027-01-20", "10:00")) == \
        "the meetings held on 9 December 2026 and 20 January 2027"
    # two on one day: said once, with their times (it read '28 October and 28 October 2026')
    assert _sets(("2026-10-28", "14:00"), ("2026-10-28", "10:00")) == \
        "the meetings held on 28 October 2026 (10.00am and 2.00pm)"
    assert _sets(("2026-07-22", "10:00"), ("2026-10-28", "10:00"), ("2026-10-28", "14:00")) == \
        "the meetings held on 22 July 2026 and 28 October 2026 (10.00am and 2.00pm)"
    assert _sets(("2026-10-28", "10:00"), ("2026-10-28", "10:00")) == \
        "the meetings held on 28 October 2026 (2 meetings)"


def test_two_meetings_to_come_never_print_the_same_minute_numbers(paper_set):
    """The next board meeting's papers number its minutes after the last minute written;
    the stocktake review after it numbers its own after the board meeting's (they printed
    the same numbers), as they will be when both are minuted in turn."""
    from sendsec.papers.meeting_data import gather

    with paper_set.open() as board:
        written = max(m["number"] for m in board.rows("minute", include_archived=True))
        first, second = sorted((paper_set.next_id, paper_set.stocktake_id),
                               key=lambda i: _order(board.get("meeting", i)))
        numbers = [[i.minute_number for i in gather(board, m, paper_set.today).items]
                   for m in (first, second)]
    assert numbers[0] == list(range(written + 1, written + 1 + len(numbers[0])))
    assert numbers[1] == list(range(numbers[0][-1] + 1, numbers[0][-1] + 1 + len(numbers[1])))


def test_a_meeting_whose_minutes_were_written_elsewhere_takes_no_minute_numbers(tmp_path):
    """A board that starts with sendsec records its last meetings, their minutes drafted or
    approved in Word (none in sendsec): the next meeting's papers number its minutes from 1,
    the numbers they get when they are written (the papers printed 21 on, after the items of
    the meetings before, which will never be minuted here)."""
    from sendsec.papers.meeting_data import gather
    from sendsec.services import meeting_cycle
    from sendsec.services.board import Board

    board = Board.create_new(tmp_path / "b.sqlite", "SEND Improvement Board", user="tester")
    try:
        for status in ("minutes approved", "minutes drafted"):
            board.create("meeting", {"meeting_date": "2026-10-14", "kind": "board",
                                     "status": status})
        upcoming = board.create("meeting", {"meeting_date": "2027-01-06", "kind": "board"}).id
        printed = [i.minute_number for i in gather(board, upcoming, dt.date(2026, 12, 3)).items]
        meeting_cycle.ensure_minutes(board, upcoming)
        written = {m["agenda_item_id"]: m["number"]
                   for m in board.rows("minute", parent_id=upcoming)}
        items = gather(board, upcoming, dt.date(2026, 12, 3)).items
    finally:
        board.close()
    assert printed[0] == 1
    assert printed == [written[i.record["id"]] for i in items]


def test_a_meeting_passed_over_unminuted_takes_no_minute_numbers(tmp_path):
    """A meeting left 'held' with no minutes, before one that is minuted, will not be minuted
    in turn any more: the meeting after them numbers its minutes straight after the last
    written, as they will be (every later meeting's numbers moved on by its items)."""
    from sendsec.papers.meeting_data import gather
    from sendsec.services import meeting_cycle
    from sendsec.services.board import Board

    board = Board.create_new(tmp_path / "b.sqlite", "SEND Improvement Board", user="tester")
    try:
        board.create("meeting", {"meeting_date": "2026-09-09", "kind": "board", "status": "held"})
        minuted = board.create("meeting", {"meeting_date": "2026-10-14", "kind": "board",
                                           "status": "held"}).id
        meeting_cycle.ensure_minutes(board, minuted)
        last = max(m["number"] for m in board.rows("minute"))
        upcoming = board.create("meeting", {"meeting_date": "2027-01-06", "kind": "board"}).id
        printed = [i.minute_number for i in gather(board, upcoming, dt.date(2026, 12, 3)).items]
    finally:
        board.close()
    assert printed[0] == last + 1
