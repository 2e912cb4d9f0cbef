"""Floor of importing a plan (`import_floor.py PLAN.xlsx DB`): openpyxl reading every row in
read-only mode and sqlite3 inserting them into one table in one transaction, no logic."""

import sqlite3
import sys

from openpyxl import load_workbook


def main(plan: str, db: str) -> None:
    book = load_workbook(plan, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    conn = sqlite3.connect(db)
    columns = ", ".join(f"c{i}" for i in range(len(header)))
    conn.execute(f"CREATE TABLE plan ({columns})")
    marks = ", ".join("?" for _ in header)
    with conn:
        conn.executemany(f"INSERT INTO plan VALUES ({marks})",
                         ([None if v is None else str(v) for v in row] for row in rows))
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
