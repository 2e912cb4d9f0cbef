"""Errors the user can act on. Each carries a message fit to show as it is."""

from __future__ import annotations


class SendsecError(Exception):
    """A problem the user can understand and fix; `str()` is the message to show."""


class FileRefused(SendsecError):
    """The file cannot be opened as a sendsec board (not SQLite, damaged, foreign, too new)."""


class FileUntrusted(FileRefused):
    """A board file changed by something other than sendsec, or damaged: it is refused, and
    one of its backups is the way back."""


class NeedsUpgrade(FileRefused):
    """A board file from an older version was opened read-only and must be upgraded first."""


class IsSnapshot(FileRefused):
    """A snapshot (a file holding a snapshot record), perhaps renamed, was opened to be
    changed: snapshots only open read-only, as snapshots."""


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


#: What an OS error means for the person at the keyboard, by errno name.
_OS_ERRORS = {
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is used up",
    "EACCES": "permission denied",
    "EPERM": "permission denied",
    "EROFS": "the disk or folder is read-only",
    "ENAMETOOLONG": "the name is too long",
    "EISDIR": "it is a folder, not a file",
    "ENOTDIR": "a part of the path is not a folder",
    "ENOENT": "there is no such file or folder",
    "EEXIST": "a file of that name already exists",
    "EIO": "the disk could not be read or written (an input/output error)",
    "EBUSY": "it is in use",
    "ETXTBSY": "it is in use",
    "EMFILE": "too many files are open",
    "ELOOP": "it is a loop of symbolic links",
    "EINVAL": "the name is not valid here",
}


def os_error_reason(exc: OSError) -> str:
    """Return what an OS error means in a few words, e.g. 'the disk is full'."""
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERRORS.get(name) or (exc.strerror or str(exc)).rstrip(".").lower() or "it failed"


def os_error_line(exc: OSError) -> str:
    """Return one line saying what went wrong with which file, e.g. "Cannot use
    'C:/Papers/x.docx': the disk is full. Nothing was changed." """
    why = os_error_reason(exc)
    where = f" '{exc.filename}'" if exc.filename else ""
    if exc.filename2:
        where += f" (to '{exc.filename2}')"
    return f"Cannot use{where}: {why}. Nothing was changed."


def sqlite_error_line(exc: Exception, path: object = None) -> str:
    """Return one line for an SQLite error met while working on the board file `path`."""
    text = str(exc).lower()
    board = f"'{path}'" if path else "the board file"
    if "locked" in text or "busy" in text:
        return "The board is busy: another sendsec is writing to it. Try again in a moment."
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding {board} is full; nothing was changed. Free some space and " \
               "try again."
    if "readonly" in text or "read-only" in text:
        return f"{board[0].upper()}{board[1:]} cannot be written: it or its folder is " \
               "read-only. Nothing was changed."
    if "disk i/o error" in text:
        return f"{board[0].upper()}{board[1:]} could not be read or written (a disk error). " \
               "Nothing was changed."
    if "unable to open" in text:
        return f"{board[0].upper()}{board[1:]} cannot be opened (its folder may be missing or " \
               "not writable). Nothing was changed."
    return f"{board[0].upper()}{board[1:]}: {exc}. Nothing was changed."
