"""Records are named and ordered one way everywhere (sendsec.domain.labels)."""

from __future__ import annotations

from sendsec.domain.entities import entity
from sendsec.domain.labels import meeting_label, meeting_name, natural_key, record_label


def test_references_sort_as_people_expect_whatever_the_text():
    refs = ["PA2.10", "BA10", "AI10.1", "PA2.9", "BA2", "AI6.1", "pa1.1"]
    assert sorted(refs, key=natural_key) == ["AI6.1", "AI10.1", "BA2", "BA10", "pa1.1",
                                             "PA2.9", "PA2.10"]
    odd = ["x\u00b2", "item \u0663", "item 2", "", None, "2", "10a", "a10"]
    assert sorted(odd, key=natural_key)[:2] in (["", None], [None, ""])
    assert sorted(["item 10", "item \u0663"], key=natural_key) == ["item \u0663", "item 10"]


def test_a_meeting_has_one_name_wherever_it_is_shown():
    assert meeting_name({"kind": "board", "number": 7}) == "Meeting 7"
    assert meeting_name({"kind": "board", "number": None}) == "Board meeting"
    assert meeting_name({"kind": None}) == "Board meeting"
    assert meeting_name({"kind": "extraordinary", "number": 2}) == "Extraordinary meeting 2"
    assert meeting_name({"kind": "extraordinary"}) == "Extraordinary meeting"
    assert meeting_name({"kind": "stocktake review", "number": 3}) == "Stocktake review"
    assert meeting_label({"kind": "board", "number": 7, "meeting_date": "2025-03-12"}) == \
        "Meeting 7, 12 March 2025"
    assert meeting_label({"kind": "board", "number": 7, "meeting_date": "TBC"}) == \
        "Meeting 7, TBC"


def test_a_record_is_known_by_its_reference_day_or_number():
    assert record_label(entity("action"), {"id": 4, "ref": "PA1.2"}) == "PA1.2"
    assert record_label(entity("action"), {"id": 4, "ref": ""}) == "#4"
    assert record_label(entity("minute"), {"id": 1, "number": 12}) == "Minute 12"
    meeting = {"id": 1, "kind": "extraordinary", "number": 2, "meeting_date": "2026-01-05"}
    assert record_label(entity("meeting"), meeting) == "Extraordinary meeting 2, 5 January 2026"
    assert len(record_label(entity("action"), {"id": 1, "ref": "x" * 200})) == 80


def test_a_letter_greets_a_titled_person_by_title_and_surname():
    from sendsec.domain.labels import salutation

    assert salutation("Councillor Gillian Wareing") == "Councillor Wareing"
    assert salutation("Cllr  Gillian   Wareing") == "Cllr Wareing"
    assert salutation("Dr Amina Yusuf") == "Dr Yusuf"
    assert salutation("Professor Sir Ian Kennedy") == "Professor Kennedy"
    assert salutation("Dr Amina Yusuf OBE") == "Dr Yusuf"
    assert salutation("Sir John Smith") == "Sir John"
    assert salutation("Dame Christine Lenehan") == "Dame Christine"
    assert salutation("Stephen Ridley") == "Stephen Ridley"  # no title: nothing to guess
    assert salutation("Dr Yusuf") == "Dr Yusuf" and salutation("Priya") == "Priya"
    assert salutation("Dr \u0623\u0645\u064a\u0646\u0629 Yusuf-Khan") == "Dr Yusuf-Khan"
    assert salutation("") == ""
    # letters after the name, a comma, brackets, particles and territorial titles
    assert salutation("Dr Amina Yusuf PhD") == "Dr Yusuf"
    assert salutation("Dr Amina Yusuf, OBE") == "Dr Yusuf"
    assert salutation("Councillor Ann Lee (Chair)") == "Councillor Lee"
    assert salutation("Dr Jan van der Berg") == "Dr van der Berg"
    assert salutation("Dr van Dyke") == "Dr van Dyke"
    assert salutation("Mr John St. John") == "Mr St. John"
    assert salutation("Lord Smith of Finsbury") == "Lord Smith"
    assert salutation("Councillor Gillian WAREING") == "Councillor WAREING"
    assert salutation("Dr Amina Yusuf-Khan MBE") == "Dr Yusuf-Khan"
    assert salutation("   ") == ""
