"""`python -m sendsec COMMAND`: the command line."""

import sys

from sendsec.cli import main

sys.exit(main())
