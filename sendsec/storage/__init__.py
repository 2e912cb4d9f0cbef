"""Storage: the board file's schema, connections, queries and backups. All SQL lives here."""
