"""sendsec: the records and papers of a SEND Improvement Board, in one local file."""

__version__ = "0.1.0"
