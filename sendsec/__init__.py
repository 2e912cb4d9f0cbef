"""sendsec: the records and papers of a SEND Improvement Board, in one local file."""

import sys as _sys

__version__ = "0.1.0"


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without numpy and pandas.

    sqlite-utils imports numpy and pandas when they are installed, only to store their
    number types; sendsec never hands it one, and numpy alone costs 0.1-0.3 s of every
    start (matplotlib installs it). So they are hidden while sqlite-utils is first imported,
    and importable again straight after (matplotlib imports numpy when a chart is drawn).
    """
    if "sqlite_utils" in _sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # type: ignore[assignment]  # 'import numpy' fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if _sys.modules.get(name, False) is None:
                del _sys.modules[name]


_import_sqlite_utils()
