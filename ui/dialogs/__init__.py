"""The app's dialogs. Each modal one is shown through a classmethod tests can replace."""
