"""The Qt desktop app. Calls sendsec services; never runs SQL."""

# The core the first screen needs (opening a board, the Actions register) is imported here,
# before Qt: PySide6 reads the source of every module imported after it (to see whether it
# uses `from __feature__ import ...`), which costs about a tenth of a second at start-up for
# the ~140 modules of the core, sqlite-utils and the standard library that never use Qt. (The
# Overview's summary and first steps, snapshots, charts, documents and spreadsheets come
# later, when they are first used.)
import sendsec.services.board_files
import sendsec.services.placement
import sendsec.services.registers  # noqa: F401
