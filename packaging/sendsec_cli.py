"""Entry point of the Windows command line (sendsec-cli.exe): `sendsec-cli summary --db ...`."""

import sys

from sendsec.cli import main

if __name__ == "__main__":
    sys.exit(main())
