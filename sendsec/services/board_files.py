"""The board file as the app handles it: where boards and outputs live, the single-writer
lock, the checks before a file is trusted, and its backups; and the folder of the app's log.
The door the Qt app uses, so it never reaches into `sendsec.storage` itself."""

from __future__ import annotations

from sendsec.storage.backups import (
    Backup,
    backups_by_name,
    data_dir,
    list_backups,
    restore_backup,
)
from sendsec.storage.database import check_file
from sendsec.storage.lock import Lock, LockInfo
from sendsec.storage.lock import acquire as acquire_lock
from sendsec.storage.lock import holder as lock_holder
from sendsec.storage.places import log_dir

__all__ = [
    "Backup",
    "Lock",
    "LockInfo",
    "acquire_lock",
    "backups_by_name",
    "check_file",
    "data_dir",
    "list_backups",
    "lock_holder",
    "log_dir",
    "restore_backup",
]
