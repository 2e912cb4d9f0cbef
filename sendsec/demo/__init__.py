"""The demo board: a realistic board with a year of records, for trying the app."""
