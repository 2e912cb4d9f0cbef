"""Floor of the paper set (`papers_floor.py SPEC.json OUT`): python-docx writing the same
paragraphs, tables and pictures as sendsec wrote, and matplotlib drawing as many charts,
with no logic (SPEC is read back from sendsec's own papers by bench.py, before timing)."""

import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from docx import Document
from docx.shared import Cm
from matplotlib.figure import Figure


def chart(points: int) -> bytes:
    figure = Figure(figsize=(6.5, 3.2), dpi=150)
    ax = figure.add_subplot()
    ax.plot(range(points), [(i * 7) % 13 for i in range(points)], marker="o")
    ax.set_title("A measure over time")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def main(spec_path: str, out: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    Path(out).mkdir(parents=True, exist_ok=True)
    for document in spec:
        doc = Document()
        for block in document["blocks"]:
            if block["kind"] == "p":
                doc.add_paragraph(block["text"])
            elif block["kind"] == "picture":
                doc.add_picture(io.BytesIO(chart(12)), width=Cm(16))
            else:
                rows = block["rows"]
                table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
                for cells, row in zip(table.rows, rows, strict=False):
                    for cell, text in zip(cells.cells, row, strict=False):
                        cell.text = text
        doc.save(str(Path(out) / document["name"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
