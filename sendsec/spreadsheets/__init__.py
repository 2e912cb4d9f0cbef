"""Spreadsheets in and out: the council's PAP and risk register from Excel or CSV, and
the registers back to Excel.

`reading` turns a file into rows of cell values (or refuses it with one clear
line), `headers` finds the header row and maps columns to fields, `values`
reads UK dates, RAG words, scores and names, `importer` plans and applies an
import, and `exporter` writes the workbook that `importer` reads back.
"""
