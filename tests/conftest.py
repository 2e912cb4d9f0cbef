"""Every test gets its own data folder, so backups and settings never touch the real ones."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SENDSEC_DATA_DIR", str(tmp_path_factory.mktemp("sendsec-data")))
    monkeypatch.delenv("SENDSEC_TODAY", raising=False)
