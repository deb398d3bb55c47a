"""The ``tanhproof`` command line.

::

    tanhproof [--format F]                      the main job: derive d/dx tanh(x)
    tanhproof derive F [--order N] [--format F] derive a catalog function or an expression
    tanhproof prove LHS RHS [RHS ...] [--format F]
                                                prove every pair of sides equal (or not)
    tanhproof prove CLAIM [--where COND] [--format F]
                                                an inequality: "tanh(x) < 1", "-1 < tanh(x) < 1"
    tanhproof limit EXPR VAR TO [--value V] [--format F]
                                                the limit as VAR -> oo, -oo or a point
    tanhproof shape EXPR KIND [--where COND] [--at A] [--value M] [--format F]
                                                increasing, convex, maximum, inflection, ...
    tanhproof eval EXPR --at x=0.5 [--digits N | --round FMT [--mode M]] [--enclosure]
                   [--format text|json]         a value with a guaranteed error bound,
                                                or correctly rounded to an IEEE format
    tanhproof audit TARGET [--reference R] [--fmt F] [--exhaustive | --samples N | --range LO HI]
                   [--max-ulp K] [--json] [--plot FILE]
                                                measure an implementation in ULPs against
                                                the correctly rounded reference
    tanhproof forms F [--fmt F] [...]           rank the proved forms of F' by accuracy in F
    tanhproof --version

``--format`` is one of ``text`` (default), ``latex``, ``markdown``, ``json``.
An expression that starts with ``-`` must come after ``--``:
``tanhproof prove -- -tanh(x) "tanh(-x)"``.

``--time-limit SECONDS`` (every subcommand, or before it) is the one wall-clock
limit: a safety net for the whole command, never part of a verdict (verdicts are
decided by budgets counted in work, so they are the same on every machine). The
default is 600 s for ``derive``, ``prove``, ``eval`` and the main job, and none for
``audit`` and ``forms`` (an exhaustive audit is long by design; stop it with
Ctrl-C for a partial report); ``none`` turns it off. When it fires the command
stops with one line, ``tanhproof: error: stopped by the wall-clock safety net after
N s (--time-limit); the verdict does not depend on it``, and exit code 2; an audit
still writes the report of the shards it finished (marked partial). Code that does
not return to Python within 10 s more is ended all the same.

Exit codes
==========

===  ===========================================================================
0    everything proved (every pair; every step and form of a derivation); a value computed;
     an audit within ``--max-ulp`` (or without one)
1    something refuted; an audit beyond ``--max-ulp``
2    bad input or usage; an output failure (stdout closed, ``EPIPE``, ``ENOSPC``:
     the report did not arrive, or a ``--plot`` file could not be written); the
     ``--time-limit`` safety net fired. One line on stderr: ``tanhproof: error: ...``
3    something undecided and nothing refuted
4    internal error, a bug in tanhproof (one line on stderr; the traceback too
     when the environment variable ``TANHPROOF_DEBUG=1``)
130  interrupted (Ctrl-C)
===  ===========================================================================

Output is written only once all the work has succeeded, so an error never leaves
half a report on stdout, and it is flushed at once, so a failure to write it is seen
(:mod:`tanhproof.cli._streams`): the help and version texts too. A closed or failing
stderr loses the message but never changes the exit code. The command line holds
no mathematics: it calls :func:`tanhproof.derive`, :func:`tanhproof.prove` and
:mod:`tanhproof.render._render`.

Examples
========

>>> from tanhproof.cli._main import main
>>> main(["prove", "1 - tanh(x)**2", "sech(x)**2", "--format", "json"])  # doctest: +ELLIPSIS
{
  "claims": [
...
0
>>> main(["prove", "tanh(x"])
2
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from tanhproof import __version__
from tanhproof.cli._commands import EXIT_INTERRUPTED, PlotFailed, UsageError, dispatch
from tanhproof.cli._safetynet import SafetyNet, stop_message
from tanhproof.cli._streams import (
    OutputError,
    guard_std_fds,
    say,
    write_output,
)
from tanhproof.expr._errors import TanhproofError

__all__ = ["main"]

PROG = "tanhproof"
FORMATS = ("text", "latex", "markdown", "json")
EXIT_USAGE = 2
EXIT_INTERNAL = 4
EXIT_TIME_LIMIT = EXIT_USAGE
"""The exit code of the wall-clock safety net (the design's "2 = bad input, usage or
an output failure": no verdict was reached, and the line on stderr says why)."""
DEFAULT_TIME_LIMIT = 600.0
"""Seconds the safety net allows ``derive``, ``prove``, ``eval`` and the main job."""
NO_TIME_LIMIT = ("audit", "forms")
"""Subcommands without a default limit: their long runs are meant, and Ctrl-C stops them
with a partial report."""
MAX_TIME_LIMIT = 1e8


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        if "unrecognized arguments: -" in message or "expected one argument" in message:
            message += " (put '--' before expressions that start with '-')"
        raise UsageError(message)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _seconds(text: str) -> float:
    if text.strip().lower() == "none":
        return math.inf
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds (a number > 0) or none, got {text!r}") from None
    if not 0 < value <= MAX_TIME_LIMIT:
        raise argparse.ArgumentTypeError(f"expected seconds in (0, {MAX_TIME_LIMIT:g}] or none, got {text!r}")
    return value


def _add_time_limit(
    parser: argparse.ArgumentParser,
    dest: str,
    default: str,
    fired: str = "stops with exit code 2 and no verdict",
) -> None:
    parser.add_argument(
        "--time-limit",
        dest=dest,
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help=f"wall-clock safety net for the whole command ({default}; 'none': no limit); when it "
        f"fires the command {fired}. Verdicts never depend on time",
    )


def _add_format(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument(
        "--format",
        "-f",
        dest=dest,
        choices=FORMATS,
        default=None,
        metavar="FORMAT",
        help="output format: text (default), latex, markdown or json",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tanhproof`` command."""
    parser = _Parser(
        prog=PROG,
        description="Prove, derive and check derivative identities of tanh and its family. "
        "Without a subcommand: the derivation of d/dx tanh(x) from the exp definition, every "
        "step and every equivalent form proved, the forms also checked numerically.",
        epilog="Exit codes: 0 proved (audit: within --max-ulp), 1 refuted (audit: beyond it), "
        "2 bad input or usage, an output failure (the report could not be written) or the "
        "--time-limit safety net, 3 undecided, 4 internal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_format(parser, "top_format")
    _add_time_limit(parser, "top_time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s; none for audit and forms")
    sub = parser.add_subparsers(
        dest="command", metavar="{derive,prove,limit,shape,eval,audit,forms}", parser_class=_Parser
    )

    derive = sub.add_parser(
        "derive",
        help="derive a function step by step",
        description="Differentiate F (a catalog name such as tanh, or an expression in x) "
        "step by step, every step proved.",
    )
    derive.add_argument("function", metavar="F", help="catalog name (e.g. tanh) or expression")
    derive.add_argument(
        "--order",
        "-n",
        type=_positive_int,
        default=1,
        metavar="N",
        help="order of the derivative (default: 1)",
    )
    _add_format(derive, "format")
    _add_time_limit(derive, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    prove = sub.add_parser(
        "prove",
        help="prove expressions equal, pairwise",
        description="Decide whether the sides are equal, every pair i < j: proved, refuted "
        "(with a certified counterexample) or undecided (with labelled evidence). One argument "
        "with a comparison is an inequality claim (tanh(x) < 1, -1 < tanh(x) < 1), decided on "
        "the interval --where (default: the whole line), with its equality cases.",
    )
    prove.add_argument(
        "sides",
        nargs="+",
        metavar="SIDE",
        help="two or more expressions; or one inequality claim with <, <=, >, >= (a chain too)",
    )
    prove.add_argument(
        "--where",
        default=None,
        metavar="COND",
        help="for an inequality claim: the interval of its variable, e.g. 'x >= 0' or '-1 < x < 1'",
    )
    _add_format(prove, "format")
    _add_time_limit(prove, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    limit = sub.add_parser(
        "limit",
        help="prove the limit of an expression at oo, -oo or a point",
        description="The limit of EXPR as VAR -> TO (oo, +oo, -oo or a rational point), decided "
        "exactly for the exp-rational family (leading terms in T = exp(x/q)); with --value, the "
        "claimed value is proved or refuted (the method names the exact limit).",
    )
    limit.add_argument("expression", metavar="EXPR", help="an expression in VAR")
    limit.add_argument("variable", metavar="VAR", help="the variable, e.g. x")
    limit.add_argument("to", metavar="TO", help="oo, +oo, -oo or a rational point")
    limit.add_argument("--value", default=None, metavar="V", help="a claimed limit: oo, -oo or a constant")
    _add_format(limit, "format")
    _add_time_limit(limit, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    shape = sub.add_parser(
        "shape",
        help="prove a shape claim: increasing, convex, a maximum, an inflection point, ...",
        description="Prove that EXPR is increasing, decreasing, convex or concave (on --where), "
        "has its maximum or minimum --value at --at (unique), or an inflection point at --at, "
        "through the derivative the claim names, with that derivative's identity proved too.",
    )
    shape.add_argument("expression", metavar="EXPR", help="an expression in one variable")
    shape.add_argument(
        "kind",
        metavar="KIND",
        choices=("increasing", "decreasing", "convex", "concave", "maximum", "minimum", "inflection"),
        help="increasing, decreasing, convex, concave, maximum, minimum or inflection",
    )
    shape.add_argument("--where", default=None, metavar="COND", help="an interval, e.g. 'x >= 0'")
    shape.add_argument(
        "--at", default=None, metavar="A", help="the point of a maximum, minimum or inflection"
    )
    shape.add_argument("--value", default=None, metavar="M", help="the claimed maximum or minimum")
    _add_format(shape, "format")
    _add_time_limit(shape, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    value = sub.add_parser(
        "eval",
        help="evaluate to N digits, or round correctly to an IEEE format",
        description="Evaluate EXPR at an exact point: to N correct digits (from a rigorous "
        "enclosure), or correctly rounded to binary16, bfloat16, binary32 or binary64. Point "
        "values are exact: 0.1 is 1/10, 0x1.8p-1 is 3/4, 1/3 is one third.",
    )
    value.add_argument("expression", metavar="EXPR", help="expression, e.g. 'diff(tanh(x), x)'")
    value.add_argument(
        "--at",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="a variable's value (repeat, or separate with commas): x=0.5, x=0x1p-3",
    )
    how = value.add_mutually_exclusive_group()
    how.add_argument(
        "--digits",
        "-d",
        type=_positive_int,
        default=None,
        metavar="N",
        help="correct significant digits (default: 50)",
    )
    how.add_argument(
        "--round",
        dest="round_format",
        default=None,
        metavar="FMT",
        help="round correctly to FMT: binary16, bfloat16, binary32, binary64",
    )
    value.add_argument(
        "--mode",
        default="nearest",
        metavar="M",
        help="rounding mode with --round: nearest (ties to even), up, down, zero",
    )
    value.add_argument(
        "--enclosure", action="store_true", help="also print the enclosure that fixed the value"
    )
    value.add_argument(
        "--format",
        dest="format",
        choices=("text", "json"),
        default=None,
        help="output format (default: text)",
    )
    _add_time_limit(value, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    audit = sub.add_parser(
        "audit",
        help="measure an implementation in ULPs against the correctly rounded reference",
        description="Run TARGET over every input of the format (or samples, or a range) and "
        "measure each result in ULPs against the reference function correctly rounded to the "
        "format. TARGET is numpy.tanh, math.tanh, torch.tanh, torch.tanh:grad (the autograd "
        "backward), jax.numpy.tanh, jax.numpy.tanh:grad, ... (torch and jax must be installed).",
    )
    audit.add_argument("target", metavar="TARGET", help="e.g. numpy.tanh or torch.tanh:grad")
    _add_sweep(
        audit,
        default_note="default: --exhaustive for formats of at most 32 bits, --samples 1000000 for binary64",
    )
    audit.add_argument(
        "--reference",
        "-r",
        default="tanh",
        metavar="R",
        help="catalog function, with ' for its derivative (default: tanh; "
        "a :grad target is measured against its derivative)",
    )
    audit.add_argument(
        "--max-ulp",
        type=_non_negative,
        default=None,
        metavar="K",
        help="exit 1 if any error exceeds K ULPs (or a special input is wrong)",
    )
    audit.add_argument(
        "--plot",
        default=None,
        metavar="FILE",
        help="also plot the error against x to FILE (PNG or SVG; needs matplotlib)",
    )

    forms = sub.add_parser(
        "forms",
        help="rank the proved forms of a derivative by accuracy in a float format",
        description="Evaluate each equivalent form of F' (F = tanh, sigmoid or softplus), each "
        "proved equal to F' first, operation by operation in the format, measure it against the "
        "correctly rounded F' and rank the forms by max and mean ULP error.",
    )
    forms.add_argument("function", metavar="F", help="tanh, sigmoid or softplus")
    _add_sweep(
        forms,
        default_note="default: --exhaustive for binary16 and bfloat16, "
        "--samples 1000000 for binary32 and binary64",
    )
    return parser


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def _add_sweep(parser: argparse.ArgumentParser, default_note: str) -> None:
    parser.add_argument(
        "--fmt", default="binary32", metavar="F", help="binary16, bfloat16, binary32 (default) or binary64"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--exhaustive", action="store_true", help="every value of the format")
    which.add_argument(
        "--samples",
        type=_positive_int,
        default=None,
        metavar="N",
        help="N inputs: uniform in bit patterns, in value, and in hard regions",
    )
    which.add_argument(
        "--range",
        nargs=2,
        default=None,
        metavar=("LO", "HI"),
        help=f"every format value in [LO, HI] (samples for binary64); {default_note}",
    )
    parser.add_argument("--json", action="store_true", help="write the report as JSON")
    parser.add_argument(
        "--processes",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores for large audits)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the samples (default: 0)")
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none when stderr is not a terminal)",
    )
    _add_time_limit(
        parser,
        "time_limit",
        "default: none",
        "stops with exit code 2; an audit writes the report of the shards it finished, marked partial",
    )


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) or "(no message)"


def _protect_range(argv: list[str]) -> list[str]:
    """``--range -1e-3 1``: argparse would take ``-1e-3`` for an option; a leading space
    keeps the two ends of a range as values (they are stripped when read). The same for
    ``-oo`` (``limit EXPR x -oo``) and an ``--at``, ``--value`` or ``--where`` that starts with ``-``."""
    out = list(argv)
    for i, token in enumerate(out):
        if token == "--":
            break
        if token == "--range":
            for j in (i + 1, i + 2):
                if j < len(out) and out[j].startswith("-"):
                    out[j] = " " + out[j]
        if token.lower() in ("-oo", "-inf"):  # limit EXPR x -oo
            out[i] = " " + token
        if token in ("--at", "--value", "--where") and i + 1 < len(out) and out[i + 1].startswith("-"):
            out[i + 1] = " " + out[i + 1]  # shape --at -1/2 --where "-1 < x < 1", limit --value -1
    return out


def _error(message: str) -> int:
    say(f"{PROG}: error: {_one_line(message)}")
    return EXIT_USAGE


def _deliver(text: str, code: int) -> int:
    """Write the report to stdout; when it cannot be written, exit code 2 replaces ``code``."""
    try:
        write_output(text)
    except OutputError as exc:
        return _error(str(exc))
    except KeyboardInterrupt:  # Ctrl-C while a slow reader holds the pipe
        say(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED
    return code


def _time_limit(args: Any) -> float | None:
    """The safety net's seconds: the subcommand's option, else the top-level one, else the default."""
    given = getattr(args, "time_limit", None)
    if given is None:
        given = args.top_time_limit
    if given is None:
        given = None if args.command in NO_TIME_LIMIT else DEFAULT_TIME_LIMIT
    return None if given is None or math.isinf(given) else given


def _hard_stop(seconds: float) -> Callable[[], None]:
    """End the process when the work does not return to Python after the net fired."""

    def stop() -> None:
        say(f"{PROG}: error: {stop_message(seconds)} (the work did not stop; the process was ended)")
        os._exit(EXIT_TIME_LIMIT)

    return stop


def _failed(exc: BaseException, net: SafetyNet) -> int:
    """The exit code (and the one line on stderr) for an exception from the work."""
    if net.fired:  # whatever the interrupted code raised: the net stopped it
        return _error(stop_message(net.seconds or 0.0))
    if isinstance(exc, PlotFailed):
        _deliver(exc.text, EXIT_USAGE)
        return _error(str(exc))
    if isinstance(exc, UsageError):
        return _error(f"{exc}; see '{PROG} --help'")
    if isinstance(exc, KeyboardInterrupt):
        say(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED
    if isinstance(exc, TanhproofError):
        return _error(str(exc))
    if os.environ.get("TANHPROOF_DEBUG") == "1" and sys.stderr is not None:
        with contextlib.suppress(Exception):
            traceback.print_exception(exc)
    say(
        f"{PROG}: internal error: {type(exc).__name__}: {_one_line(exc)} "
        f"(set TANHPROOF_DEBUG=1 for the traceback)"
    )
    return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    See the module docstring for the subcommands and the exit codes. Called without
    ``argv`` (as the ``tanhproof`` program), it also puts ``/dev/null`` on closed
    standard descriptors and lets the safety net end a process that does not stop.
    """
    as_program = argv is None
    if as_program:
        guard_std_fds()
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):  # --help, --version: written below, checked
            args = build_parser().parse_args(_protect_range(sys.argv[1:] if argv is None else list(argv)))
    except SystemExit as done:  # --help and --version exit 0 once their text is out
        return _deliver(printed.getvalue(), done.code if isinstance(done.code, int) else 0)
    except UsageError as exc:
        return _error(f"{exc}; see '{PROG} --help'")
    limit = _time_limit(args)
    net = SafetyNet(limit, hard_stop=_hard_stop(limit) if as_program and limit is not None else None)
    try:
        with net:
            text, code = dispatch(args)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        return _failed(exc, net)
    if net.fired:  # whatever came back after the limit is not a result, except an audit's partial report
        if code != EXIT_INTERRUPTED:
            return _error(stop_message(net.seconds or 0.0))
        _error(f"{stop_message(net.seconds or 0.0)}; the report below is partial")
        return _deliver(text, EXIT_TIME_LIMIT)
    if code == EXIT_INTERRUPTED:
        say(f"{PROG}: interrupted: the report below is partial")
    return _deliver(text, code)
