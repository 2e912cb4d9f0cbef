"""Write resources/template.docx, the default house-style template of sendsec's papers.

Run from the repository:  .venv/bin/python resources/make_template.py
The styles are defined in sendsec/papers/template.py (build_template), which
also builds the same template in memory when this file is not available.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parent))
    from sendsec.papers.template import build_template

    out = here / "template.docx"
    build_template().save(out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
