"""Hints added to the command line's usage errors, only where they fit the mistake.

argparse reads an argument that starts with ``-`` as an option, so an expression such
as ``-tanh(x)`` must come after ``--``; but a misspelt option, or an option of another
subcommand, starts with ``-`` too, and telling its author to "put '--' before
expressions" would send them the wrong way. :func:`explain` looks at the command
line itself and adds, to argparse's message:

* ``(put '--' before expressions that start with '-')`` when an argument that argparse
  took for an option is no option of the command at all and does not look like one
  (``-tanh(x)``, ``-x``; not ``--frobnicate``, not ``--format``);
* ``(--max-ulp is an option of audit, not forms)`` when the argument is an option of
  another subcommand;
* ``(a value that starts with '-' goes after '=': --reference=-tanh)`` when an option's
  value was taken for an option.

Examples
========

>>> from tanhproof.cli._parser import build_parser
>>> parser = build_parser()
>>> explain("unrecognized arguments: -tanh(x)", ["prove", "-tanh(x)", "x"], parser)
"unrecognized arguments: -tanh(x) (put '--' before expressions that start with '-')"
>>> explain("unrecognized arguments: --max-ulp 3", ["forms", "tanh", "--max-ulp", "3"], parser)
'unrecognized arguments: --max-ulp 3 (--max-ulp is an option of audit, not forms)'
>>> explain("unrecognized arguments: --frobnicate", ["--frobnicate"], parser)
'unrecognized arguments: --frobnicate'
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence

__all__ = ["explain"]

_LEADING_DASH = "(put '--' before expressions that start with '-')"
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")  # what argparse itself reads as a value
_OPTION_NAME = re.compile(r"^--?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_EXPECTED_ONE = re.compile(r"^argument (\S+): expected one argument")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse has no public iterator over its arguments
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions for name in action.option_strings}


def _option_part(token: str) -> str:
    return token.split("=", 1)[0]


def _takes_for_option(token: str) -> bool:
    """Whether argparse reads ``token`` as an option (as its parser does)."""
    return token.startswith("-") and token != "-" and " " not in token and not _NEGATIVE_NUMBER.match(token)


def explain(message: str, argv: Sequence[str], parser: argparse.ArgumentParser) -> str:
    """``message`` (argparse's) with the hint that fits ``argv``, if any."""
    words = list(argv[: list(argv).index("--")] if "--" in argv else argv)
    expected = _EXPECTED_ONE.match(message)
    if expected:
        names = expected.group(1).split("/")
        for i, word in enumerate(words[:-1]):
            if _option_part(word) in names and _takes_for_option(words[i + 1]):
                return (
                    f"{message} (a value that starts with '-' goes after '=': {word}={words[i + 1].strip()})"
                )
        return message
    if not message.startswith(("unrecognized arguments", "the following arguments are required")):
        return message
    subs = _subparsers(parser)
    command = next((w for w in words if w in subs), None)
    here = _options(parser) | (_options(subs[command]) if command else set())
    strangers = [_option_part(w) for w in words if _takes_for_option(w) and _option_part(w) not in here]
    for name in strangers:
        owners = [n for n, sub in subs.items() if name in _options(sub)]
        if owners:
            where = command or f"{parser.prog} without a subcommand"
            listed = " and ".join([", ".join(owners[:-1]), owners[-1]] if len(owners) > 1 else owners)
            return f"{message} ({name} is an option of {listed}, not {where})"
    if any(not (name.startswith("--") and _OPTION_NAME.match(name)) for name in strangers):
        return f"{message} {_LEADING_DASH}"
    return message
