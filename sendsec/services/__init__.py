"""The services: `Board` (services.board), the one door for changes (one
transaction per call, change log, undo, what changed), and what the app and
the command line call on it: the registers as people read them, the meeting
cycle, the first steps, board files and output folders."""
