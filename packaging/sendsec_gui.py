"""Entry point of the Windows app (sendsec.exe): the desktop window."""

import multiprocessing
import sys

from ui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the chart-drawing processes of a frozen app
    sys.exit(main())
