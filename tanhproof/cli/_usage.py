"""The command line's usage error, in a module of its own so that every module of the room can raise it.

Examples
========

>>> raise UsageError("--mode needs --round FMT")
Traceback (most recent call last):
...
tanhproof.cli._usage.UsageError: --mode needs --round FMT
"""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""
