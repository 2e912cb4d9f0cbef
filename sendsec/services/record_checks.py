"""What a record's values must be before the unit of work stores them: each field of the
kind it is (`sendsec.domain.validation`), what is required, records referred to that exist,
values that must be unique, a meeting that ends after it starts, and the board's settings
taken together (dates and timetable steps in order, risk bands in order, a template that is a
.docx file). Each wrong field is named with what is wrong with it (`ValidationError`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sendsec.domain.dates import long_date
from sendsec.domain.entities import ENTITIES, Entity, entity
from sendsec.domain.errors import ValidationError
from sendsec.domain.validation import TooLong, coerce, field_problem
from sendsec.services.board_reading import BoardReading

#: How a board setting is named inside a sentence about another one.
_SETTING_NOUNS = {
    "inspection_date": "the inspection", "report_date": "the report",
    "notice_date": "the Improvement Notice", "target_date": "the target date for actions",
    "off_request_updates": "requesting updates", "off_updates_due": "updates due",
    "off_papers_deadline": "the papers deadline", "off_papers_dispatched": "dispatching the papers",
    "off_draft_minutes_to_chair": "the draft minutes going to the chair",
    "off_draft_minutes_circulated": "circulating the draft minutes",
    "band_medium": "the lowest score of the medium band",
    "band_high": "the lowest score of the high band",
    "band_very_high": "the lowest score of the very high band",
}


class RecordChecks(BoardReading):
    """The checks a `Board` makes of the values it is given, before it writes them."""

    def _exists(self, table: str, record_id: int) -> bool:
        """Return True if record `record_id` of `table` exists (the unit of work's, which
        reads each record once per transaction)."""
        raise NotImplementedError

    def _validate(self, e: Entity, values: dict[str, Any], *, creating: bool,
                  record_id: int | None = None) -> dict[str, Any]:
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        for name, value in values.items():
            try:
                f = e.field(name)
            except KeyError:
                errors[name] = f"{name}: {e.label} has no such field"
                continue
            try:
                clean[name] = coerce(f, value)
            except TooLong as exc:
                if record_id is not None and value == self.get(e.name, record_id).get(name):
                    clean[name] = value  # a longer value already in the file, left as it is
                else:
                    errors[name] = field_problem(f, exc)
            except ValueError as exc:
                errors[name] = field_problem(f, exc)
        for f in e.fields:
            if f.name in errors:
                continue
            if creating and f.name not in clean and f.default is not None:
                clean[f.name] = f.default
            if f.required and (clean.get(f.name) is None) and (creating or f.name in clean):
                errors[f.name] = f"{f.label}: is required"
            if f.kind == "ref" and f.ref is not None and clean.get(f.name) is not None:
                target = ENTITIES[f.ref]
                if not self._exists(target.table, clean[f.name]):
                    errors[f.name] = f"{f.label}: there is no {target.label.lower()} " \
                                     f"with id {clean[f.name]}"
        for combo in e.unique:
            if any(c in errors for c in combo) or not any(c in clean for c in combo):
                continue
            current = {} if record_id is None else self.get(e.name, record_id)
            key = {c: clean.get(c, current.get(c)) for c in combo}
            if any(v is None for v in key.values()):
                continue
            clash = self.find(e.name, **key)
            if clash and clash["id"] != record_id:
                f = e.field(combo[-1])
                # the clashing value as people know it ('30 November 2026', a name), not
                # the key's ids; a parent in the key means 'another ... of the same parent'
                value = key[combo[-1]]
                shown = (long_date(value) if f.kind == "date"
                         else self.label(f.ref, value) if f.kind == "ref" and f.ref is not None
                         else str(value))
                parent_ref = e.field(e.parent).ref if e.parent else None
                whose = f" of this {entity(parent_ref).label.lower()}" \
                    if parent_ref and e.parent in combo[:-1] else ""
                errors[combo[-1]] = f"{f.label}: {shown} is already used by another " \
                                    f"{e.label.lower()}{whose}"
        if e.name == "meeting" and not ({"start_time", "end_time"} & set(errors)) \
                and {"start_time", "end_time"} & set(values):
            # a meeting that ends before it starts makes an invitation calendars refuse
            current = {} if record_id is None else self.get(e.name, record_id)
            start = clean.get("start_time", current.get("start_time"))
            end = clean.get("end_time", current.get("end_time"))
            if start and end and end <= start:
                if creating and "end_time" not in values:
                    clean["end_time"] = None  # the default end does not fit an evening meeting
                elif "end_time" in values:
                    errors["end_time"] = f"{e.field('end_time').label}: {end} is not after " \
                                         f"the start time {start}"
                else:
                    # a later start moves the end with it, keeping the length (as calendars do)
                    moved = _moved_end(current.get("start_time"), end, start)
                    if moved is None:
                        errors["start_time"] = f"{e.field('start_time').label}: {start} is " \
                                               f"not before the end time {end}"
                    else:
                        clean["end_time"] = moved
        if e.name == "board":
            self._check_board(values, clean, errors)
        if errors:
            raise ValidationError(errors, e.name)
        return clean

    def validate(self, entity_name: str, changes: dict[str, Any], *,
                 record_id: int | None = None) -> dict[str, Any]:
        """Return `changes` as they would be stored in a new record (or in record `record_id`),
        or raise ValidationError naming each wrong field. Writes nothing: for checking a
        field as it is left, before anything is saved."""
        e = entity(entity_name)
        if record_id is not None:
            self.get(e.name, record_id)
        return self._validate(e, changes, creating=record_id is None, record_id=record_id)

    def _check_board(self, values: dict[str, Any], clean: dict[str, Any],
                     errors: dict[str, str]) -> None:
        """Add to `errors` what is wrong with the board's settings taken together: dates out
        of order, a timetable whose steps cross, risk bands out of order, a template that is
        not a .docx file that exists."""
        e = ENTITIES["board"]
        merged = {**self.settings(), **clean}

        def in_order(names: Sequence[str], show: Callable[[Any], str], before: str,
                     after: str, *, strict: bool = False) -> None:
            known = [n for n in names if merged.get(n) is not None]  # blanks are skipped
            for earlier, later in itertools.pairwise(known):
                a, b = merged[earlier], merged[later]
                if (a < b if strict else a <= b) or earlier in errors or later in errors:
                    continue
                # the message goes where the person just typed (the later field if both)
                name = later if later in values or earlier not in values else earlier
                other = earlier if name == later else later
                errors[name] = (f"{e.field(name).label}: {show(merged[name])} is "
                                f"{before if name == later else after} "
                                f"{_SETTING_NOUNS[other]} ({show(merged[other])})")

        # the notice may come before the report is published (West Northamptonshire: notice
        # 14 June 2024, report 12 July 2024); both follow the inspection
        in_order(("inspection_date", "report_date"), long_date, "before", "after")
        in_order(("inspection_date", "notice_date", "target_date"), long_date, "before", "after")
        in_order(("off_request_updates", "off_updates_due", "off_papers_deadline",
                  "off_papers_dispatched"), _working_days, "earlier than", "later than")
        in_order(("off_draft_minutes_to_chair", "off_draft_minutes_circulated"), _working_days,
                 "earlier than", "later than")
        in_order(("band_medium", "band_high", "band_very_high"), str, "not above",
                 "not below", strict=True)
        path = clean.get("template_path")
        if path and "template_path" not in errors:
            label = e.field("template_path").label
            if Path(path).suffix.lower() != ".docx":
                errors["template_path"] = f"{label}: '{Path(path).name}' is not a Word " \
                                          "document (.docx)"
            elif not Path(path).is_file():
                errors["template_path"] = f"{label}: there is no file at '{path}'"


def _moved_end(old_start: str | None, old_end: str, new_start: str) -> str | None:
    """Return the end time that keeps a meeting's length when it starts at `new_start`
    ('HH:MM'), or None if that would run past midnight or the length is unknown."""
    def minutes(hhmm: str) -> int:
        hours, mins = hhmm.split(":")
        return int(hours) * 60 + int(mins)

    if not old_start or minutes(old_end) <= minutes(old_start):
        return None
    end = minutes(new_start) + minutes(old_end) - minutes(old_start)
    return f"{end // 60:02d}:{end % 60:02d}" if end < 24 * 60 else None


def _working_days(offset: int) -> str:
    """Return how a timetable offset reads: '20 working days before' / '5 working days after'."""
    days = abs(offset)
    when = "before" if offset < 0 else "after"
    return f"{days} working day{'s' if days != 1 else ''} {when} the meeting"
