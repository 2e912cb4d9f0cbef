"""Finding an action's reference where councils put it: at the start of the action's text.

Many published plans have no reference column: the action reads "Action 2.1: Clear the
backlog of assessments", "PA2.1 - Clear ...", "2.1) Clear ..." or "Priority 2 action 1:
Clear ...". The reference is taken out of the text, so the action's title is "Clear the
backlog of assessments" and the same plan imported again matches on "2.1".
"""

from __future__ import annotations

import re

from sendsec.domain import rules

_SEP = r"\s*[:.)\-\u2013\u2014]+\s*"
# 'Priority 2 action 1', 'Priority area 2, action 1', 'Area 2 Action 1'
_NESTED = re.compile(
    r"^\s*(?:priority(?:\s+area)?|area|theme|workstream|objective)\s*(\d+)[\s,.:\-]*"
    r"(?:action|act\.?)\s*(?:no\.?\s*)?(\d+[a-z]?)(?![\w.])(?:" + _SEP + r"|\s+)(?P<rest>\S.*)$",
    re.I | re.S)
# 'Action 2.1: ...', 'Ref 2.1 ...', 'Action no. 3 - ...'
_KEYWORD = re.compile(
    r"^\s*(?:action|ref(?:erence)?|item|no)\.?\s*(?:no\.?\s*)?"
    r"(?P<ref>[A-Za-z]{0,4}\d+(?:\.\d+)*[a-z]?)(?![\w.])(?:" + _SEP + r"|\s+)(?P<rest>\S.*)$",
    re.I | re.S)
# 'PA2.1 - ...', 'AFI3.2: ...', 'P1a) ...'; after a space alone only a dotted one ('PA2.1 Clear':
# 'KS2 Results' is not a reference)
_CODED = re.compile(
    r"^\s*(?P<ref>[A-Za-z]{1,4}\s?\d+(?:\.\d+)*[a-z]?)(?![\w.])" + _SEP + r"(?P<rest>\S.*)$", re.S)
_CODED_DOTTED = re.compile(
    r"^\s*(?P<ref>[A-Za-z]{1,4}\d+(?:\.\d+)+[a-z]?)(?![\w.])\s+(?P<rest>\S.*)$", re.S)
# '2.1 Clear ...', '2.1) ...', '2.1.3: ...'; a bare number needs a separator ('3. Clear')
_DOTTED = re.compile(r"^\s*(?P<ref>\d+(?:\.\d+)+[a-z]?)(?![\w.])(?:" + _SEP + r"|\s+)"
                     r"(?P<rest>\S.*)$", re.S)
_NUMBERED = re.compile(r"^\s*(?P<ref>\d{1,3}[a-z]?)\s*[:.)]\s*(?P<rest>\S.*)$", re.S)


def split_leading_ref(text: str | None) -> tuple[str, str] | None:
    """Return (reference, the rest of the text) for text that starts with a reference, else None.

    'Action 2.1: Clear the backlog' -> ('2.1', 'Clear the backlog'); 'PA2.1 - Clear' ->
    ('PA2.1', 'Clear'); 'Priority 2 action 1: Clear' -> ('2.1', 'Clear'); '2.1) Clear' ->
    ('2.1', 'Clear'); '20 weeks for plans' and '2025 strategy' -> None.
    """
    if not text:
        return None
    if m := _NESTED.match(text):
        return f"{m[1]}.{m[2]}", m["rest"].strip()
    for pattern in (_KEYWORD, _DOTTED, _NUMBERED, _CODED, _CODED_DOTTED):
        if m := pattern.match(text):
            ref = "".join(m["ref"].split())
            rest = m["rest"].strip()
            if rest:
                return ref, rest
    return None


def without_ref(text: str, ref: str) -> str:
    """Return `text` without a leading `ref` ('2.1 Clear the backlog' with ref '2.1' -> 'Clear ...';
    '1. Clear ...' with ref '2.1' -> 'Clear ...').

    Text that does not start with this reference is returned as it is.
    """
    found = split_leading_ref(text)
    if not found:
        return text
    key, whole = _key(found[0]), _key(ref)
    # 'PA2.1' and '2.1'; '1. Clear ...' under Priority 2 is action 2.1
    if key in {whole, whole.lstrip("abcdefghijklmnopqrstuvwxyz")} or whole.endswith("." + key):
        return found[1]
    return text


def _key(ref: str) -> str:
    return "".join(ref.split()).casefold()


def linked_area(linked: str | None, action_areas: dict[str, int | None]) -> str | None:
    """Return the plan key ('id:N') of the one area the actions a risk is linked to share
    (for a register without an area column), else None."""
    areas = rules.risk_areas(None, linked, action_areas)
    return f"id:{areas[0]}" if len(areas) == 1 else None
