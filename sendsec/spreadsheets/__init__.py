"""Spreadsheets in and out: the council's PAP and risk register from Excel or CSV, and
every record of the board to Excel and back.

`reading` turns a file into rows of cell values (or refuses it with one clear
line), `headers` finds the header row and maps columns to fields, `values`
reads UK dates, RAG words, scores and names, `importer` plans and applies an
import; `lossless` describes the complete export (one sheet per table, About,
Fields, Continued text), `exporter` writes it and `restoring` reads it back into
a new board.
"""
