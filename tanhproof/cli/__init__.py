"""The ``tanhproof`` command line (a front end: no mathematics here)."""

from tanhproof.cli._main import main

__all__ = ["main"]
