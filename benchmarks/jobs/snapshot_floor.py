"""Floor of a snapshot (`snapshot_floor.py BOARD OUT.sendsec`): `VACUUM INTO` and the file's
SHA-256, no logic."""

import hashlib
import sqlite3
import sys


def main(board: str, out: str) -> None:
    conn = sqlite3.connect(f"file:{board}?mode=ro", uri=True)
    conn.execute("VACUUM INTO ?", [out])
    conn.close()
    digest = hashlib.sha256()
    with open(out, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    print(digest.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
