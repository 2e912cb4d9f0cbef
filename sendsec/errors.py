"""Errors the user can act on. Each carries a message fit to show as it is."""

from __future__ import annotations


class SendsecError(Exception):
    """A problem the user can understand and fix; `str()` is the message to show."""


class FileRefused(SendsecError):
    """The file cannot be opened as a sendsec board (not SQLite, damaged, foreign, too new)."""


class NeedsUpgrade(FileRefused):
    """A board file from an older version was opened read-only and must be upgraded first."""


class ReadOnlyError(SendsecError):
    """A change was asked of a board that is open read-only."""


class NotFound(SendsecError):
    """A record asked for by id or reference does not exist."""


class ValidationError(SendsecError):
    """One or more fields are wrong. `errors` maps field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str], entity: str = ""):
        self.errors = dict(errors)
        self.entity = entity
        super().__init__("; ".join(self.errors.values()))
