"""Peer tests: other CrashPlan clients (installed into their own virtualenvs) against the emulator."""
