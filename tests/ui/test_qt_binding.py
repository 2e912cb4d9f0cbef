"""The Qt binding must not leak references to None, True or False.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to None/True on
every call that returns nothing and on every Signal.emit(); after a few
thousand calls the interpreter aborts ("none_dealloc"/"bool_dealloc"), which
for the secretary means the app vanishing mid-meeting. pyproject.toml keeps
that version out; this test fails if a bad binding is ever installed.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel
app = QApplication([])
class O(QObject):
    s = Signal(object)
o = O(); o.s.connect(lambda x: None)
label, box = QLabel(), QCheckBox()
before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
for i in range(300):
    label.setText("x"); o.s.emit(1); box.setChecked(i % 2 == 0)
after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
print(*(a - b for a, b in zip(after, before)))
"""


def test_no_reference_leak_on_none_true_false():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-500:]
    leaks = [int(x) for x in result.stdout.split()]
    assert all(abs(d) < 50 for d in leaks), f"None/True/False reference drift {leaks}"
