"""Typed, drop-in compatible Python SDK for the CrashPlan REST API."""
