"""A snapshot's files: their names, their SHA-256, and the fingerprint a snapshot holds of itself.

The fingerprint: a copy travels without its `.sha256` file as often as with
it, and a byte damaged in free space or inside a text passes SQLite's own
checks. So each snapshot holds the SHA-256 of itself in its record
(`snapshot_info.content_sha256`): the digest of the whole file as it is, with
only those 64 characters read as '0' * 64. It is written in two steps: the
record is first written with the placeholder, the digest of the file is worked
out as it will be after one more write (the header's change counter and
version-valid-for number one higher), then the placeholder is overwritten in
place (same length, so no other byte moves) and the file is checked exactly as
a reader will check it. Every byte of the file counts, the header included.
It guards against damage in transit and on disk, not against someone set on
forging a snapshot (who could recompute it); the `.sha256` file sent with the
email is the check against the sender's record.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any, BinaryIO

from sendsec.domain.errors import FileRefused, SendsecError
from sendsec.storage import snapshot_store

SUFFIX = ".sendsec"
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
#: What the fingerprint in a snapshot record reads as while the file's digest is taken.
PLACEHOLDER = "0" * 64
_HEX64 = re.compile(r"[0-9a-f]{64}")
_BLOCK = 1024 * 1024


# ------------------------------------------------------------------ file names

def safe_name(text: str, limit: int = 80) -> str:
    """Return `text` fit to be part of a file name on Windows (never empty)."""
    part = _FORBIDDEN.sub("-", " ".join(str(text).split()))
    part = part[:limit].rstrip(". ").lstrip()
    if not part:
        return "Board"
    if part.split(".")[0].upper() in _RESERVED:
        part = f"_{part}"
    return part


def snapshot_name(board_name: str, when: dt.datetime) -> str:
    """Return e.g. 'SEND Improvement Board snapshot 2025-03-05 1412.sendsec'."""
    return f"{safe_name(board_name)} snapshot {when:%Y-%m-%d %H%M}{SUFFIX}"


def sha256_path_for(path: Path) -> Path:
    """Return the name of the checksum file beside `path` ('<name>.sha256')."""
    return path.with_name(path.name + ".sha256")


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    import hashlib  # when first needed: it loads OpenSSL, which the first screen does not need

    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_hashed(source: BinaryIO, target: BinaryIO) -> str:
    """Copy the open file `source` to the open file `target`; return the hex SHA-256 of the
    bytes written (each read once, hashed as it is written)."""
    import hashlib

    digest = hashlib.sha256()
    for block in iter(lambda: source.read(_BLOCK), b""):
        target.write(block)
        digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------ the fingerprint

def _hash_found(path: Path, needle: bytes, replacement: bytes,
                as_is: list[str] | None = None) -> tuple[list[int], str]:
    """Read the file once: return the offset of every occurrence of `needle` and the hex
    SHA-256 of the file with each occurrence read as `replacement` (as long as `needle`);
    append to `as_is`, if given, the SHA-256 of the file as it is. Once a second
    occurrence is found it stops reading, and the digest returned is ''.

    The file is mapped into memory and hashed where it lies (no copy); where it cannot be,
    it is read block by block, and the last len(needle) - 1 bytes read are hashed only with
    the next block, so every occurrence reaching into them is found (in the bytes as they
    are) before they are."""
    import hashlib

    found: list[int] = []
    mapped = _mapped(path)
    if mapped is not None:
        with mapped:
            at = mapped.find(needle)
            while at != -1 and len(found) < 2:
                found.append(at)
                at = mapped.find(needle, at + 1)
            if len(found) > 1:
                return found, ""
            return found, _mapped_sha256(mapped, [(off, replacement) for off in found], as_is)
    digest, whole = hashlib.sha256(), hashlib.sha256()
    keep = len(needle) - 1
    tail = b""
    base = 0  # the file offset of buf[0]
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            whole.update(block)
            buf = tail + block
            at = buf.find(needle)
            while at != -1:
                found.append(base + at)
                at = buf.find(needle, at + 1)
            if len(found) > 1:
                return found, ""
            cut = max(0, len(buf) - keep)
            digest.update(_patch(buf[:cut], base, [(off, replacement) for off in found]))
            tail = buf[cut:]
            base += cut
    digest.update(_patch(tail, base, [(off, replacement) for off in found]))
    if as_is is not None:
        as_is.append(whole.hexdigest())
    return found, digest.hexdigest()


def _patch(chunk: bytes, start: int, patches: list[tuple[int, bytes]]) -> bytes:
    """Return `chunk` (read from file offset `start`) with each (offset, bytes) written in."""
    end = start + len(chunk)
    hits = [(off, data) for off, data in patches if off < end and off + len(data) > start]
    if not hits:
        return chunk
    buf = bytearray(chunk)
    for off, data in hits:
        for i, byte in enumerate(data):
            if start <= off + i < end:
                buf[off + i - start] = byte
    return bytes(buf)


def _mapped(path: Path) -> Any:
    """Return the file at `path` mapped into memory read-only (an mmap, to be closed), or None
    when it cannot be (an empty file, a file system that does not map files)."""
    import mmap

    try:
        with Path(path).open("rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


def _mapped_sha256(mapped: Any, patches: list[tuple[int, bytes]],
                   as_is: list[str] | None = None) -> str:
    """Return the hex SHA-256 of the `mapped` file with each (offset, bytes) written in (in
    order, none overlapping, each within the file); append to `as_is`, if given, the SHA-256
    of the file as it is. Each part is hashed where it lies in memory, not copied."""
    import hashlib

    digest = hashlib.sha256()
    with memoryview(mapped) as view:
        pos = 0
        for off, data in sorted(patches):
            digest.update(view[pos:off])
            digest.update(data)
            pos = off + len(data)
        digest.update(view[pos:])
        if as_is is not None:
            as_is.append(hashlib.sha256(view).hexdigest())
    return digest.hexdigest()


def _patched_sha256(path: Path, patches: list[tuple[int, bytes]]) -> str:
    """Return the hex SHA-256 of the file as it would be with each (offset, bytes) written in
    (in order, none overlapping)."""
    import hashlib

    mapped = _mapped(path)
    if mapped is not None:
        with mapped:
            if all(off + len(data) <= len(mapped) for off, data in patches):
                return _mapped_sha256(mapped, patches)
    digest = hashlib.sha256()
    pos = 0
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(_patch(block, pos, patches))
            pos += len(block)
    return digest.hexdigest()


def _digest_after_next_write(path: Path) -> str:
    """Return what the fingerprint of the copy at `path` (holding the placeholder) will be
    once the placeholder is overwritten: the file's digest with the header's file change
    counter (bytes 24-27) and version-valid-for number (92-95) one higher, as that one
    write in rollback-journal mode leaves them."""
    with Path(path).open("rb") as fh:
        header = fh.read(100)
    counter = ((int.from_bytes(header[24:28], "big") + 1) % 2**32).to_bytes(4, "big")
    return _patched_sha256(path, [(24, counter), (92, counter)])


def seal(tmp: Path, sealed_sha256: list[str] | None = None) -> str:
    """Write the fingerprint into the record of the copy `tmp` and check it as a reader will.

    Returns 'passed', or 'not available' (the placeholder put back) if the check
    fails, which would mean this SQLite moved other bytes when the record was
    rewritten; the snapshot is still sound and its .sha256 file still checks it.
    When it passes, the SHA-256 of the sealed file (read in the same pass as the check) is
    appended to `sealed_sha256`, if given.
    """
    try:
        snapshot_store.set_content_sha256(tmp, _digest_after_next_write(tmp))
        as_is: list[str] = []
        if _fingerprint_of(tmp, tmp, as_is) == "passed":
            if sealed_sha256 is not None:
                sealed_sha256 += as_is
            return "passed"
        snapshot_store.set_content_sha256(tmp, PLACEHOLDER)
    except sqlite3.DatabaseError as exc:
        raise SendsecError(f"The snapshot copy could not be sealed with its fingerprint "
                           f"({exc}); nothing was sent.") from None
    return "not available"


def _fingerprint_of(path: Path, copy: Path, as_is: list[str] | None = None) -> str:
    """Return 'passed' or 'not available' for the fingerprint of `copy`; 'failed' if it
    does not match (for the check made while taking a snapshot)."""
    conn = snapshot_store.open_private(copy)
    try:
        return check_fingerprint(path, copy, conn, as_is)
    except FileRefused:
        return "failed"
    finally:
        conn.close()


def _changed(path: Path) -> FileRefused:
    return FileRefused(f"'{path.name}' has been changed or damaged since it was taken (its "
                       "contents no longer match the fingerprint inside it). Ask for the "
                       "snapshot to be sent again.")


def check_fingerprint(path: Path, copy: Path, conn: sqlite3.Connection,
                      as_is: list[str] | None = None) -> str:
    """Check the private `copy` of `path` against the fingerprint in its snapshot record
    (read through `conn`, a defensive connection to `copy`).

    Returns 'passed', or 'not available' for a file made before snapshots held one
    (or whose sealing failed, leaving the placeholder). Raises FileRefused if the
    fingerprint is garbled, appears other than once in the file, or does not match.
    `as_is`, if given, gets the SHA-256 of the file as it is, from the same read.
    """
    if not snapshot_store.has_content_sha256(conn):
        return "not available"
    found, stored = snapshot_store.content_sha256(conn)
    if not found or stored == PLACEHOLDER:
        return "not available"
    if not isinstance(stored, str) or not _HEX64.fullmatch(stored):
        raise _changed(path)
    encoding = snapshot_store.text_encoding(conn)
    at, digest = _hash_found(copy, stored.encode(encoding), PLACEHOLDER.encode(encoding),
                             as_is)
    if len(at) != 1 or digest != stored:
        raise _changed(path)
    return "passed"
