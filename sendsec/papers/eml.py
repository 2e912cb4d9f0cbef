"""Email drafts (.eml) that Outlook opens as unsent messages, ready to check and send.

`X-Unsent: 1` makes Outlook open the file as a draft (with a Send button)
rather than as a received message. The letter (.docx) and the calendar file
(.ics) are attached with their proper MIME types. An invitee without an email
address still gets a draft: the To line is empty and the body says so.
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from sendsec.papers.safe_text import clean, one_line

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
ICS_TYPE = ("text", "calendar")
TEXT_TYPE = ("text", "plain")
FILE_TYPE = ("application", "octet-stream")


def address(name: str, email: str) -> Address | str:
    """Return an Address for 'Name <email>' (the name made one line), or '' without an email."""
    if not email:
        return ""
    local, _, domain = email.strip().partition("@")
    return Address(display_name=one_line(name), username=local, domain=domain)


def draft(*, to: tuple[str, str] | None, sender: tuple[str, str] | None, subject: str, body: str,
          attachments: list[tuple[str, bytes, tuple[str, str]]],
          now: dt.datetime | None = None) -> bytes:
    """Return the bytes of an unsent email draft.

    `to` and `sender` are (name, email); `attachments` are (file name, bytes,
    (maintype, subtype)). A missing recipient email leaves To empty and puts a
    note at the top of the body; `to` None leaves out the To line (the caller says why).
    """
    msg = EmailMessage()
    name, email = to or ("", "")
    if to is not None:
        msg["To"] = address(name, email)
    if sender and sender[1]:
        msg["From"] = address(*sender)
    msg["Subject"] = one_line(subject)
    msg["Date"] = format_datetime((now or dt.datetime.now()).astimezone())
    msg["Message-ID"] = make_msgid(domain="sendsec.invalid")
    msg["X-Unsent"] = "1"
    text = clean(body)
    if to is not None and not email:
        text = (f"[No email address is recorded for {one_line(name)}. Add their address to "
                "the To line before sending, and record it in sendsec.]\n\n" + text)
    msg.set_content(text)
    for filename, data, (maintype, subtype) in attachments:
        params = {"method": "PUBLISH"} if (maintype, subtype) == ICS_TYPE else {}
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename,
                           params=params)
    return msg.as_bytes(policy=SMTP)
