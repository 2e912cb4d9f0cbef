"""The window's tabs: the overview and one register tab per kind of record."""
