"""Opening a board file: the only place a connection is made and configured.

A live board is opened in WAL mode with synchronous=FULL and foreign keys on.
Nothing in a file is trusted before it is checked, for boards and snapshots
alike (`sendsec.exchanges.snapshots` uses the same checks): it must be an ordinary file
(a named pipe, device, folder or symbolic-link loop is refused at once and
never waited on) no bigger than `MAX_FILE_BYTES`, start with the SQLite
header, have exactly the schema the migrations it records would make (every
table, index, trigger and view compared as SQL text, so a trigger, a view, an
index added or dropped, a changed default or CHECK constraint, or query-planner
statistics planted in `sqlite_stat1` are all refused), and pass
`PRAGMA quick_check` (when every value is checked next, quick_check leaves the
CHECK constraints to that check, which refuses whatever they would); connections
run with `trusted_schema=OFF`. Files that
are not sendsec boards, are damaged, were changed by something other than
sendsec, or were made by a newer version are refused with a `FileRefused`
whose message says which and why, and nothing in them is run or changed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from sendsec.domain.errors import FileRefused, FileUntrusted, IsSnapshot, NeedsUpgrade
from sendsec.storage import made_schema
from sendsec.storage.connection import Database
from sendsec.storage.places import restore_hint
from sendsec.storage.schema import MIGRATION_NAMES, MIGRATION_SET, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
#: The biggest board or snapshot opened. Ten years of a board's records take a few
#: megabytes; anything near this is not a board, and copying or checking it would
#: keep the user waiting.
MAX_FILE_BYTES = 2 * 1024 ** 3
#: Tables SQLite makes only when asked (ANALYZE), which sendsec never does: statistics
#: found in a file were put there by something else and would steer every query.
STAT_TABLES = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


def _describe(path: Path) -> str:
    return f"'{path}'"


def _not_regular(path: Path, mode: int, what: str = "board file") -> FileRefused:
    if stat.S_ISDIR(mode):
        return FileRefused(f"{_describe(path)} is a folder, not a {what}.")
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not an ordinary file")
    return FileRefused(f"{_describe(path)} is {kind}, not a {what}; sendsec opens only "
                       "ordinary files.")


def not_ordinary(path: Path, what: str) -> str | None:
    """Return why `path` cannot be read as a `what` without waiting on it (a folder, named
    pipe, device, socket or symbolic-link loop), or None (an ordinary file, or nothing
    there: the caller says that its own way). Looks without opening."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return (f"{_describe(path)} is a symbolic link that leads round in a loop to "
                    f"itself, not a {what}.")
        return None
    return None if stat.S_ISREG(st.st_mode) else str(_not_regular(path, st.st_mode, what))


def check_file(path: Path) -> os.stat_result:
    """Raise FileRefused unless `path` is an ordinary file of a size a board can have.

    Looks without opening, so a named pipe or device is refused at once rather
    than waited on. Returns the file's status.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(f"There is no board file at {_describe(path)}.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused(f"{_describe(path)} is a symbolic link that leads round in a "
                              "loop to itself, not a board file.") from None
        raise FileRefused(f"{_describe(path)} cannot be read: {exc.strerror or exc}.") from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    if st.st_size == 0:
        raise FileRefused(f"{_describe(path)} is empty: it is not a sendsec board file.")
    if st.st_size > MAX_FILE_BYTES:
        raise FileRefused(f"{_describe(path)} is {st.st_size / 1024 ** 3:,.1f} GB, far bigger "
                          "than any board; it is not a sendsec board file.")
    return st


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading, refusing anything but an ordinary file (see `check_file`).

    The open never blocks (a file swapped for a named pipe after the check is
    refused, not waited on). The caller closes the returned file.
    """
    check_file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"{_describe(path)} cannot be read: {exc.strerror or exc}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_header(path: Path) -> None:
    """Raise FileRefused unless `path` is an ordinary file that starts like a SQLite database."""
    try:
        with open_regular(path) as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise FileRefused(f"{_describe(path)} cannot be read: {exc.strerror or exc}.") from None
    if len(header) == 0:
        raise FileRefused(f"{_describe(path)} is empty: it is not a sendsec board file.")
    if header != SQLITE_HEADER:
        raise FileRefused(
            f"{_describe(path)} is not a sendsec board file (it is not an SQLite database)."
        )


def connect(path: Path, *, readonly: bool = False, wal: bool = True) -> sqlite3.Connection:
    """Return a configured connection to `path` (which must exist).

    With `wal` (and not `readonly`) the file is switched to WAL mode, which
    writes to it: pass wal=False until the file is known to be a board, then
    call `use_wal`.
    """
    conn = None
    try:
        if readonly:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
        else:
            conn = sqlite3.connect(str(path), timeout=5)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA synchronous = FULL")
        if wal and not readonly:
            use_wal(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        why = "is damaged and" if "malformed" in str(exc) else ""
        raise FileRefused(
            f"{_describe(path)} {why} cannot be opened as a board file: {exc}.".replace("  ", " ")
        ) from None
    return conn


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch the open file to WAL mode (or DELETE where the file system refuses WAL)."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        # e.g. a file on a share that refuses WAL: still safe, just slower
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def applied_migrations(db: Database) -> list[str]:
    """Return the names of the sendsec migrations applied to `db`, oldest first."""
    return migrations.applied(db)


def _one_line(sql: str | None) -> str | None:
    return " ".join(sql.split()) if sql is not None else None


def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Return every object of a file's schema: {(type, name): (table, SQL on one line)}.

    Names or SQL that are not valid UTF-8 (a damaged or crafted file) are read with
    '\ufffd' in place of the bad bytes, so they differ from anything sendsec makes.
    """
    factory = conn.text_factory
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
        out = {(str(t), str(n)): (str(tbl), _one_line(sql)) for t, n, tbl, sql in rows}
        for (kind, name), (table, _sql) in list(out.items()):
            if table == MIGRATIONS_TABLE and kind in ("table", "index"):
                out[(kind, name)] = (table, _structure(conn, kind, name))
    finally:
        conn.text_factory = factory
    return out


#: The table sqlite-utils keeps its record of migrations in. Its CREATE statement is
#: written by sqlite-utils, not sendsec, and may be worded differently by another
#: version of it, so it is compared by structure (columns, types, constraints, index
#: columns) rather than as text.
MIGRATIONS_TABLE = "_sqlite_migrations"


def _structure(conn: sqlite3.Connection, kind: str, name: str) -> str:
    if kind == "table":
        rows = conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
        return f"table {rows!r}"
    columns = conn.execute(f'PRAGMA index_xinfo("{name}")').fetchall()
    unique = [r[2] for r in conn.execute(f'PRAGMA index_list("{MIGRATIONS_TABLE}")')
              if r[1] == name]
    return f"index {columns!r} unique={unique!r}"


@cache
def expected_schema(version: int) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Return the schema (as `schema_of`) that the first `version` migrations make."""
    db = Database(memory=True)
    try:
        migrations.make_schema(db, version)
        return schema_of(db.conn)
    finally:
        db.close()


def _object(kind: str, name: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} '{name}'"


def check_is_board(db: Database, path: Path) -> list[str]:
    """Raise FileRefused unless `db` is a sendsec board this version understands.

    Returns the applied migration names. Reads only the schema before it knows
    `_sqlite_migrations` and `board` are ordinary tables (a view would run SQL);
    `schema_problem` then compares the whole schema.
    """
    try:
        objects = schema_of(db.conn)
    except sqlite3.DatabaseError as exc:
        raise FileRefused(f"{_describe(path)} is damaged and cannot be read ({exc}).") from None
    if ("table", "_sqlite_migrations") not in objects or ("table", "board") not in objects:
        raise FileRefused(f"{_describe(path)} is an SQLite database but not a sendsec board file.")
    try:
        applied = [str(name) for (name,) in db.execute(
            'SELECT name FROM "_sqlite_migrations" WHERE migration_set = ? ORDER BY rowid',
            [MIGRATION_SET])]
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        raise FileRefused(f"{_describe(path)} is damaged and cannot be read.") from None
    if not applied:
        raise FileRefused(f"{_describe(path)} is an SQLite database but not a sendsec board file.")
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise FileRefused(
            f"{_describe(path)} was made by a newer version of sendsec "
            f"(schema {len(applied)}, this version knows {len(MIGRATION_NAMES)}). "
            "Install the newer version to open it; nothing was changed."
        )
    if tuple(applied) != MIGRATION_NAMES[: len(applied)]:
        raise FileRefused(f"{_describe(path)} records upgrades sendsec never makes in that order "
                          "(it was changed by something other than sendsec); it will not be "
                          "opened.")
    return applied


def _unexpected_kind(objects: dict[tuple[str, str], tuple[str, str | None]]) -> str | None:
    """Name a trigger, view or virtual table (sendsec makes none, in any version)."""
    for (kind, name), (_table, sql) in sorted(objects.items()):
        if kind in ("trigger", "view"):
            return f"has {_object(kind, name)} that sendsec did not make"
        if kind == "table" and sql and sql.upper().startswith("CREATE VIRTUAL"):
            return f"has a virtual table '{name}' that sendsec did not make"
    return None


def schema_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """Compare the whole schema of a file with the one its `version` of sendsec makes.

    Returns None when they are the same, object for object and as SQL text
    (columns, types, defaults, constraints, indexes), or what differs first, as
    a phrase that follows the file's name ("has a trigger 'x' that sendsec did
    not make").
    """
    actual = schema_of(conn)
    if version == made_schema.VERSION and actual == made_schema.SCHEMA:
        return None  # this version's, as kept (see `made_schema`): not made again
    expected = expected_schema(version)
    problem = _unexpected_kind(actual)
    if problem:
        return problem
    for kind, name in sorted(set(actual) - set(expected)):
        if name in STAT_TABLES:
            return (f"holds query-planner statistics ('{name}') that sendsec never writes "
                    "and that would steer how it reads the board")
        return f"has {_object(kind, name)} that sendsec did not make"
    for kind, name in sorted(set(expected) - set(actual)):
        return f"is missing {_object(kind, name)} that sendsec makes"
    for key in sorted(expected):
        if actual[key] != expected[key]:
            return (f"has {_object(*key)} that is not as sendsec made it (its definition, "
                    "a default or a constraint, was changed)")
    return None


def open_database(
    path: str | os.PathLike,
    *,
    readonly: bool = False,
    before_migration: Callable[[Database, Path], None] | None = None,
    check_values: Callable[[sqlite3.Connection, Path], None] | None = None,
) -> Database:
    """Open an existing board file and bring its schema up to date.

    `check_values(conn, path)` is called once the file's schema is known good and
    before anything is written to it (it raises FileRefused for a value sendsec
    cannot use, and must refuse every value the schema's CHECK constraints would, as
    `incoming.refuse_bad_values` does: quick_check then leaves them to it).
    `before_migration(db, path)` is called (to take a backup) only when migrations
    are pending. A read-only file that needs migrating is refused.
    """
    path = Path(path)
    check_header(path)
    # WAL only once the file is known to be a board: switching the journal mode
    # writes to the file, and a refused file must be left exactly as it was.
    conn = connect(path, readonly=readonly, wal=False)
    db = Database(conn)
    try:
        applied = check_is_board(db, path)
        problem = schema_problem(conn, len(applied))
        if problem:
            raise FileUntrusted(
                f"{_describe(path)} {problem}; it will not be opened. {restore_hint(path)}")
        damage = quick_check(conn, constraints=check_values is None)
        if damage != "ok":
            raise FileUntrusted(f"{_describe(path)} is damaged and cannot be read "
                              f"({damage}). {restore_hint(path)}")
        if check_values is not None:
            check_values(conn, path)
        if not readonly and _holds_snapshot_record(conn):
            # a snapshot renamed to look like a board: changes made to it would reach no
            # one, and it would no longer be the snapshot that was sent
            raise IsSnapshot(f"{_describe(path)} is a snapshot of a board, not the board "
                             "file itself; snapshots open read-only (File > Open snapshot, "
                             "or name the file .sendsec).")
        if not readonly:
            use_wal(conn)
        pending = [name for name in MIGRATION_NAMES if name not in applied]
        if pending:
            if readonly:
                raise NeedsUpgrade(
                    f"{_describe(path)} was made by an older version of sendsec and must be "
                    "upgraded, but it is open read-only. Open a copy you can write to."
                )
            if before_migration is not None:
                before_migration(db, path)
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise FileRefused(f"{_describe(path)} is damaged and cannot be read ({exc}).") from None
    except BaseException:
        conn.close()
        raise
    return db


def _holds_snapshot_record(conn: sqlite3.Connection) -> bool:
    """Return True if the file holds a snapshot record (it is a snapshot, whatever its name).
    A file from before snapshots had a record has no such table, and is no snapshot."""
    try:
        return conn.execute("SELECT 1 FROM snapshot_info LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def create_database(path: str | os.PathLike, *, stop_before: str | None = None) -> Database:
    """Create a new, empty board file at `path` with the current schema.

    Refuses to overwrite an existing file. `stop_before` (a migration name) is
    for tests that need a file made by an older version.
    """
    path = Path(path)
    if path.exists():
        raise FileRefused(f"{_describe(path)} already exists; choose another name.")
    if not path.parent.exists():
        raise FileRefused(f"The folder '{path.parent}' does not exist.")
    try:
        conn = connect(path)
    except FileRefused:
        raise
    except OSError as exc:
        raise FileRefused(f"Cannot create {_describe(path)}: {exc.strerror or exc}.") from None
    db = Database(conn)
    migrations.apply(db, stop_before=stop_before)
    return db


def quick_check(conn: sqlite3.Connection, *, constraints: bool = True) -> str:
    """Return 'ok' or the first problems `PRAGMA quick_check` reports.

    Through a read-write connection SQLite's quick_check also tests every row against
    the schema's CHECK constraints (through a read-only one it cannot: SQLite does not
    read them), which takes about half its time. With constraints=False it does not:
    for a caller that checks every value next with `sendsec.storage.incoming`, whose
    rules refuse whatever the constraints would (tests/test_value_screen.py).

    A report about a damaged file can quote damaged names that are not valid
    UTF-8; such bytes are shown as '\ufffd' rather than stopping the check.
    """
    factory = conn.text_factory
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        if not constraints:
            conn.execute("PRAGMA ignore_check_constraints = ON")
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    finally:
        conn.text_factory = factory
        if not constraints:
            conn.execute("PRAGMA ignore_check_constraints = OFF")
    return "ok" if rows and rows[0][0] == "ok" else "; ".join(str(r[0]) for r in rows[:3])


#: Stands for a value longer than the limit given to `raw_rows` (never read whole).
TOO_LONG = object()
#: Stands for text that is not valid UTF-8.
NOT_UTF8 = object()


def column_names(conn: sqlite3.Connection, table: str) -> list[str]:
    """Return the column names of `table` (a name from the specs or the schema), in order."""
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def raw_rows(conn: sqlite3.Connection, table: str, max_bytes: int) -> Iterator[tuple]:
    """Yield every row of `table` (a name from the specs or the schema) in rowid order, its
    values in `column_names` order, as stored: text as str, binary values as bytes,
    `NOT_UTF8` for text that is not valid UTF-8 and `TOO_LONG` for a value over
    `max_bytes`.

    A value over the limit is never read into memory: SQLite refuses it. Rows are
    read at full speed; only a row SQLite or Python refuses is read again, value by
    value, to find which value it is.
    """
    names = column_names(conn, table)
    old_limit = conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_bytes)
    factory, conn.text_factory = conn.text_factory, str  # strict: bad UTF-8 raises
    try:
        after: int | None = None
        while True:
            where, params = ("", []) if after is None else (" WHERE rowid > ?", [after])
            done = 0  # the rows yielded from this query (their rowids are not read)
            try:
                cursor = conn.execute(f"SELECT * FROM \"{table}\"{where} ORDER BY rowid",
                                      params)
                for done, row in enumerate(cursor, 1):  # noqa: B007 - read after the loop
                    yield row
                return
            except (sqlite3.DataError, sqlite3.OperationalError):
                # 'string or blob too big', or 'Could not decode to UTF-8': find the row
                found = conn.execute(f"SELECT rowid FROM \"{table}\"{where} ORDER BY rowid "
                                     "LIMIT 1 OFFSET ?", [*params, done]).fetchone()
                if found is None:
                    raise
                after = found[0]
                yield tuple(_one_value(conn, table, name, after) for name in names)
    finally:
        conn.text_factory = factory
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, old_limit)


def _one_value(conn: sqlite3.Connection, table: str, column: str, rowid: int) -> Any:
    conn.text_factory = bytes
    try:
        kind, value = conn.execute(f'SELECT typeof("{column}"), "{column}" FROM "{table}" '
                                   "WHERE rowid = ?", [rowid]).fetchone()
    except sqlite3.DataError:
        return TOO_LONG
    finally:
        conn.text_factory = str
    if kind == b"text":
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return NOT_UTF8
    return value


def table_names(conn: sqlite3.Connection) -> list[str]:
    """Return the names of the ordinary tables of a file whose schema has been checked."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
