"""The connection the core runs its SQL through, without importing sqlite-utils.

sendsec uses a small part of sqlite-utils' `Database`: `execute` (a write outside
a transaction is committed at once; a failed one leaves no transaction open),
`atomic` (a transaction, or a savepoint inside one) and `conn`. `Database` here
does exactly that, so opening a board and showing it never imports sqlite-utils,
which brings click, pluggy and dateutil with it (a twentieth of a second at every
start). sqlite-utils itself is imported only to apply migrations (a new board, an
upgrade, a snapshot), through `Database.utils`.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

#: Statements that end or mark a transaction themselves: `execute` never commits after one.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
#: Statements that never change the file's records (any other runs `before_write` first).
_READS = {"SELECT", "PRAGMA", "EXPLAIN", "VALUES"}
#: A word only a statement that writes has (so a WITH naming none of them only reads).
_WRITE_WORD = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE\s+INTO)\b", re.IGNORECASE)


class Database:
    """A board file's connection, with sqlite-utils' `execute` and `atomic` (see above)."""

    def __init__(self, conn: sqlite3.Connection | None = None, *, memory: bool = False) -> None:
        if conn is None:
            if not memory:
                raise ValueError("give a connection, or memory=True")
            conn = sqlite3.connect(":memory:")
        self.conn = conn
        #: called once, before the first transaction or write statement (then forgotten):
        #: the app takes the day's backup there when it put it off (`Board.open`)
        self.before_write: Callable[[], None] | None = None
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite-utils sets it

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
                ) -> sqlite3.Cursor:
        """Run one statement and return its cursor. A write outside a transaction is
        committed at once; inside one it joins it."""
        was_in_transaction = self.conn.in_transaction
        if self.before_write is not None and not was_in_transaction and not _reads(sql):
            self._run_before_write()
        try:
            cursor = self.conn.execute(sql) if parameters is None else \
                self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the failed statement's implicit transaction
            raise
        if not was_in_transaction and self.conn.in_transaction and \
                cursor.description is None and _first_keyword(sql) not in _TRANSACTION_CONTROL:
            self.conn.execute("COMMIT")
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction: all of the block lands, or none of it. Nested blocks are savepoints."""
        if self.conn.in_transaction:
            savepoint = f"sendsec_{os.urandom(16).hex()}"
            self.conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # an error can end the whole transaction
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            if self.before_write is not None:
                self._run_before_write()
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.rollback()
                    raise

    def _run_before_write(self) -> None:
        hook, self.before_write = self.before_write, None
        if hook is not None:
            hook()

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def utils(self) -> sqlite_utils.Database:
        """The same connection as sqlite-utils' Database (imported now, without numpy)."""
        import_sqlite_utils()
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)


def import_sqlite_utils() -> None:
    """Import sqlite-utils without numpy and pandas.

    sqlite-utils imports numpy and pandas when they are installed, only to store their
    number types; sendsec never hands it one, and numpy alone costs 0.1-0.3 s (matplotlib
    installs it). So they are hidden while sqlite-utils is first imported, and importable
    again straight after (matplotlib imports numpy when a chart is drawn).
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # 'import numpy' fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


def _reads(sql: str) -> bool:
    """Return True for a statement that cannot change the file's records: a SELECT, PRAGMA...,
    or a WITH whose statement is a SELECT (one naming no INSERT, UPDATE, DELETE or REPLACE
    INTO: the replace() function is a read)."""
    first = _first_keyword(sql)
    if first == "WITH":
        return _WRITE_WORD.search(sql) is None
    return first in _READS


def _first_keyword(sql: str) -> str:
    """Return the first keyword of a statement, upper case, after any blanks, semicolons,
    byte order mark and comments ('' when there is none)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()
