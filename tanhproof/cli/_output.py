"""The one output option of every subcommand: ``--format`` (``-f``), with ``--json`` as a synonym.

Every subcommand, and the bare command, takes ``--format FORMAT`` (``-f FORMAT``) and
``--json`` (the same as ``--format json``), with one meaning everywhere: the format of
the report written to stdout. :data:`OUTPUT_FORMATS` says which formats each
subcommand can render; a format it cannot render is bad usage (exit code 2), refused
with one line that names the formats it can (:func:`format_of`). The float format of
an audit (``binary16``, ...) is another thing and has another name: ``--fmt``.

:func:`add_output_options` adds the two options to a parser, :func:`output_format`
picks the format of a parsed command: the subcommand's own option, else the one given
before the subcommand, else ``text``.

Examples
========

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="tanhproof eval")
>>> add_output_options(parser, "eval")
>>> parser.parse_args(["--json"]).format, parser.parse_args(["-f", "TEXT"]).format
('json', 'text')
>>> format_of("eval")("latex")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: eval writes text or json, not 'latex'
>>> output_format(argparse.Namespace(command="audit", format=None, top_format="json"))
'json'
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tanhproof.cli._usage import UsageError

__all__ = ["OUTPUT_FORMATS", "add_output_options", "format_of", "output_format", "writes"]

ALL_FORMATS = ("text", "json", "latex", "markdown")
REPORTS = ("text", "json")
"""The formats of a report that is not a proof: an audit, a ranking, a value, a check."""

OUTPUT_FORMATS: dict[str | None, tuple[str, ...]] = {
    None: ALL_FORMATS,  # the bare command: the derivation of tanh'
    "derive": ALL_FORMATS,
    "prove": ALL_FORMATS,
    "limit": ALL_FORMATS,
    "shape": ALL_FORMATS,
    "eval": REPORTS,
    "audit": REPORTS,
    "forms": REPORTS,
    "check": REPORTS,
}
"""The output formats each subcommand can render (``None``: the bare command)."""


def _name(command: str | None) -> str:
    return command or "tanhproof"


def writes(command: str | None) -> str:
    """What ``command`` can write, as words.

    Examples
    ========

    >>> writes("audit"), writes(None)
    ('audit writes text or json', 'tanhproof writes text, json, latex or markdown')
    """
    formats = OUTPUT_FORMATS[command]
    listed = formats[0] if len(formats) == 1 else f"{', '.join(formats[:-1])} or {formats[-1]}"
    return f"{_name(command)} writes {listed}"


def format_of(command: str | None) -> Callable[[str], str]:
    """The argparse ``type`` of ``--format`` for ``command``: a format it can render, or an error naming them."""
    formats = OUTPUT_FORMATS[command]

    def check(text: str) -> str:
        name = text.strip().lower()
        if name not in formats:
            raise argparse.ArgumentTypeError(f"{writes(command)}, not {text!r}")
        return name

    check.__name__ = "output format"  # argparse names the type in some messages
    return check


def add_output_options(parser: argparse.ArgumentParser, command: str | None, dest: str = "format") -> None:
    """Add ``--format``/``-f`` and ``--json`` (its synonym) to ``parser``, the parser of ``command``."""
    formats = OUTPUT_FORMATS[command]
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--format",
        "-f",
        dest=dest,
        type=format_of(command),
        default=None,
        metavar="FORMAT",
        help=f"output format: {', '.join(formats)} (default: text)",
    )
    group.add_argument(
        "--json",
        dest=dest,
        action="store_const",
        const="json",
        help="the same as --format json",
    )


def output_format(args: Any) -> str:
    """The output format of a parsed command, checked against what its subcommand can render.

    The subcommand's own ``--format`` wins over one given before the subcommand;
    a format given before it that the subcommand cannot render is bad usage.
    """
    command = getattr(args, "command", None)
    own = getattr(args, "format", None)
    if own is not None:
        return str(own)
    top = getattr(args, "top_format", None)
    if top is None:
        return "text"
    if top not in OUTPUT_FORMATS[command]:
        raise UsageError(f"argument --format/-f: {writes(command)}, not {top!r}")
    return str(top)
