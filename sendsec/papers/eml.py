"""Email drafts (.eml) that Outlook opens as unsent messages, ready to check and send.

`X-Unsent: 1` makes Outlook open the file as a draft (with a Send button)
rather than as a received message. The letter (.docx) and the calendar file
(.ics) are attached with their proper MIME types. An invitee without an email
address still gets a draft: the To line is empty and the body says so.
"""

from __future__ import annotations

import datetime as dt
import os
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
    large: list[tuple[bytes, bytes]] = []
    for filename, data, (maintype, subtype) in attachments:
        params = {"method": "PUBLISH"} if (maintype, subtype) == ICS_TYPE else {}
        if len(data) > LARGE:  # a stand-in for now, its base64 put in place below
            large.append((f"sendsec attachment {len(large)} {os.urandom(8).hex()}".encode(),
                          data))
            data = large[-1][0]
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename,
                           params=params)
    out = msg.as_bytes(policy=SMTP)
    for stand_in, data in large:
        out = _put_in(out, stand_in, data)
    return out


#: Attachments larger than this (a snapshot of many megabytes) are encoded in one call of
#: the base64 module rather than by the email package, which does it 57 bytes at a time and
#: then writes each line on its own (0.5 s for 11 MB); the bytes are the same.
LARGE = 64 * 1024


def _put_in(message: bytes, stand_in: bytes, data: bytes) -> bytes:
    """Return `message` with the base64 body of the attachment `stand_in` replaced by that of
    `data`, encoded as the email package encodes it under the SMTP policy: lines of 76
    characters (57 bytes each), each ended by CRLF."""
    import base64

    line = base64.b64encode(stand_in) + b"\r\n"
    at = message.find(line)
    if at == -1 or message.find(line, at + 1) != -1 or len(stand_in) > 57:
        raise ValueError("the attachment's stand-in is not once in the draft")
    body = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return message[:at] + body + message[at + len(line):]
