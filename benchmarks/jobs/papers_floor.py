"""Floor of the paper set (`papers_floor.py SPEC.json OUT`): python-docx writing the same
paragraphs, tables and pictures as sendsec wrote, and matplotlib drawing as many charts,
with no logic (SPEC is read back from sendsec's own papers by bench.py, before timing).

A measure chart is drawn with the same content as sendsec's (its lines with their points,
markers and styles, the target line, the label over the last point, title, axis label,
date ticks, limits and legend, at the same size and resolution), read back from sendsec's
figure; the other charts (the pack's bar chart and heat map) are drawn as a plain line
chart."""

import datetime as dt
import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from docx import Document
from docx.shared import Cm
from matplotlib import dates as mdates
from matplotlib.figure import Figure


def measure_chart(spec: dict) -> bytes:
    """Draw a measure chart as SPEC says it looks (no layout engine: sendsec places its
    axes itself, which is its own work, not the libraries')."""
    figure = Figure(figsize=spec["size"], dpi=100)
    ax = figure.add_subplot()
    ax.set_title(spec["title"], fontsize=10, loc="left")
    ax.set_ylabel(spec["ylabel"], fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for line in spec["lines"]:
        if line["hline"] is not None:
            ax.axhline(line["hline"], **line["style"])
        else:
            ax.plot([dt.date.fromisoformat(x) for x in line["x"]], line["y"], **line["style"])
    for text in spec["texts"]:
        if text["annotate"]:
            ax.annotate(text["text"], (dt.date.fromisoformat(text["xy"][0]), text["xy"][1]),
                        textcoords="offset points", xytext=(0, 7), ha="center",
                        fontsize=text["fontsize"], color=text["color"])
        else:
            ax.text(*text["xy"], text["text"], transform=ax.transAxes, ha="center",
                    va="center", fontsize=text["fontsize"], color=text["color"])
    if not spec["ticks"]:
        ax.set_xticks([])
        ax.set_yticks([])
    if spec["ylim"]:
        ax.set_ylim(*spec["ylim"])
    if any(line["x"] for line in spec["lines"]):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if spec["legend"]:
        ax.legend(fontsize=8, frameon=False, loc="best")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=spec["dpi"])
    return buffer.getvalue()


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
                png = measure_chart(block["chart"]) if block.get("chart") else chart(12)
                doc.add_picture(io.BytesIO(png), width=Cm(16))
            else:
                rows = block["rows"]
                table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
                for cells, row in zip(table.rows, rows, strict=False):
                    for cell, text in zip(cells.cells, row, strict=False):
                        cell.text = text
        doc.save(str(Path(out) / document["name"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
