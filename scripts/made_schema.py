"""Write sendsec/storage/made_schema.py: the schema this version's migrations make, kept so
that opening an up-to-date board need not make it again. Run after adding a migration
(tests/test_storage.py fails until it is): `python scripts/made_schema.py`."""

from __future__ import annotations

from pathlib import Path

from sendsec.storage.database import expected_schema
from sendsec.storage.schema import SCHEMA_VERSION

TARGET = Path(__file__).resolve().parents[1] / "sendsec" / "storage" / "made_schema.py"
HEAD = '''"""The schema this version's migrations make (as `sendsec.storage.database.schema_of` reads
it), kept so that opening an up-to-date board compares its schema with this instead of making
it again in memory, which runs every migration (about 7 ms). Written by
scripts/made_schema.py, never by hand; tests/test_storage.py checks that it is what the
migrations make."""
'''


def main() -> None:
    lines = [HEAD, f"VERSION = {SCHEMA_VERSION}",
             "SCHEMA: dict[tuple[str, str], tuple[str, str | None]] = {"]
    for key, value in sorted(expected_schema(SCHEMA_VERSION).items()):
        lines.append(f"    {key!r}: {value!r},")
    lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(TARGET)


if __name__ == "__main__":
    main()
