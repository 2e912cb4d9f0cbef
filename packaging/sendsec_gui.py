"""Entry point of the Windows app (sendsec.exe): the desktop window."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
