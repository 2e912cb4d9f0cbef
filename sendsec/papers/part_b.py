"""Part B (confidential or exempt) business is always written in documents of its own.

The public agenda may name a Part B item, but its papers, minutes and template go in
separate files, marked not for publication, so the public ones can be published as they are.
"""

from __future__ import annotations

#: File name parts ('<date> <board> - Minutes (Part B, not for publication).docx').
MINUTES = "Minutes (Part B, not for publication)"
MINUTES_TEMPLATE = "Minutes template (Part B, not for publication)"
PACK = "Board pack (Part B, not for publication)"
#: Added to a Part B document's title.
TITLE = ": Part B (not for publication)"
#: The line at the top of every Part B document, and the start of its page header.
MARK = ("NOT FOR PUBLICATION. Part B: confidential or exempt information. Do not publish, "
        "forward or share outside the board.")
HEADER = "NOT FOR PUBLICATION | Part B | "
#: The resolution that takes the board into Part B, as the agenda announces it
#: (meeting_data.EXCLUSION_WORDING) and a council's minutes record it: the advisers and
#: officers the item needs stay (the Part B minutes list them as in attendance).
EXCLUSION = ("that the public, observers and anyone who is not a member of the board, other than "
             "an officer or adviser needed for the item, be excluded from the meeting for the "
             "following item(s) of business on the grounds that it would be likely that "
             "exempt information of the descriptions in Part 1 of Schedule 12A to the Local "
             "Government Act 1972, or other confidential information, would be disclosed.")


def numbers_note(numbers: list[int]) -> str:
    """Return what the public minutes say of the Part B minutes, e.g. 'Minutes 31, 32 are
    recorded in the Part B minutes, which are not for publication.'"""
    many = len(numbers) > 1
    listed = ", ".join(str(n) for n in numbers)
    return (f"Minute{'s' if many else ''} {listed} {'are' if many else 'is'} recorded in the "
            "Part B minutes, which are not for publication.")
