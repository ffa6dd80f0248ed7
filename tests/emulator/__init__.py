"""Tests of the local CrashPlan emulator, over plain HTTP."""
