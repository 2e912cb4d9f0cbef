"""`python -m sendsec COMMAND`: the command line."""

import sys

from sendsec.cli import main

if __name__ == "__main__":  # not when a chart-drawing process imports this module again
    sys.exit(main())
