"""Qt's enum values the first screen needs, as the numbers Qt documents.

Naming any member of PySide6's `Qt` namespace (`Qt.ItemDataRole.DisplayRole`), importing
the name `Qt`, or passing or receiving one of its enums through a Python override, has
PySide6 build the whole namespace: 119 Python enums, about 13 ms, a tenth of what a bare
window takes to show. The modules that start the app and show the first register therefore
use these numbers (a model's roles and alignment are plain ints to Qt) and set enum-typed
widget properties by name through Qt's property system (`setProperty("alignment",
"AlignTop|AlignLeft")`, as a Designer file does); `Qt` itself is imported where it is first
used after that. `tests/ui/test_startup_imports.py` holds the start to it;
`tests/ui/test_qt_values.py` checks each number against PySide6.
"""

# Qt::ItemDataRole
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
TEXT_ALIGNMENT_ROLE = 7
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 256

# Qt::AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_RIGHT = 0x0002
ALIGN_VCENTER = 0x0080

# Qt::Orientation and Qt::SortOrder
HORIZONTAL = 0x1
DESCENDING = 1
