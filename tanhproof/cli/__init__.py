"""The ``tanhproof`` command line (a front end: no mathematics here).

The console script ``tanhproof`` (and ``python -m tanhproof``) runs :func:`main`; its
subcommands (``derive``, ``prove``, ``limit``, ``shape``, ``eval``, ``audit``,
``forms``, ``check``) call the library and format what it returns, each in the
format of the one output option, ``--format``/``-f`` (``--json`` for JSON). It may import every room. :func:`build_parser` gives
the argument parser, for tools that document it (the docs' command-line reference is
generated from it). The modules whose names start with ``_`` are internal.

Examples
========

>>> from tanhproof.cli import build_parser, main
>>> main(["--version"])  # doctest: +ELLIPSIS
tanhproof ...
0
>>> build_parser().prog
'tanhproof'
"""

from tanhproof.cli._main import main
from tanhproof.cli._parser import build_parser

__all__ = ["build_parser", "main"]
