"""The Qt desktop app. Calls sendsec services; never runs SQL."""
