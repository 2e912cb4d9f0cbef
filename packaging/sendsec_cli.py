"""Entry point of the Windows command line (sendsec-cli.exe): `sendsec-cli summary --db ...`."""

import multiprocessing
import sys

from sendsec.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the chart-drawing processes of a frozen app
    sys.exit(main())
