"""One module per command of `python -m sendsec`; see sendsec.cli."""
