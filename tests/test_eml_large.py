"""A large attachment (a snapshot) is encoded in one go: the same draft, byte for byte, as the
email package writes it, and read back the same."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re

import pytest

from sendsec.papers import eml


def _draft(*attachments: bytes) -> bytes:
    return eml.draft(to=("Chris Chair", "chair@example.org"), sender=("Sam", "sam@example.org"),
                     subject="Snapshot 3", body="Attached.", now=dt.datetime(2026, 11, 22, 10),
                     attachments=[(f"file {i}.sendsec", data, eml.FILE_TYPE)
                                  for i, data in enumerate(attachments)]
                     + [("its.sha256", b"abc  file 0.sendsec\n", eml.TEXT_TYPE)])


def _without_random_parts(draft: bytes) -> bytes:
    """The draft with its Message-ID and MIME boundary (random in each draft) taken out."""
    draft = re.sub(rb"Message-ID: <[^>]*>", b"", draft)
    return re.sub(rb"=+\d+==", b"", draft)


@pytest.mark.parametrize("size", [0, 1, 57, eml.LARGE, eml.LARGE + 1, eml.LARGE + 56,
                                  eml.LARGE + 57, 3 * eml.LARGE + 2])
def test_a_large_attachment_is_encoded_as_the_email_package_encodes_it(size, monkeypatch):
    data = os.urandom(size)
    small = os.urandom(100)
    fast = _draft(data, small, data[::-1])
    monkeypatch.setattr(eml, "LARGE", 10 ** 12)  # every attachment by the email package
    slow = _draft(data, small, data[::-1])
    assert _without_random_parts(fast) == _without_random_parts(slow)
    msg = email.message_from_bytes(fast, policy=email.policy.default)
    parts = [p.get_content() for p in msg.iter_attachments()]
    assert parts == [data, small, data[::-1], "abc  file 0.sendsec\n"]
    lines = fast.split(b"\r\n")
    assert max(map(len, lines)) <= 78 and b"\n" not in b"".join(lines)
