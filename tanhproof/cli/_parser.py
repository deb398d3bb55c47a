"""The argument parser of the ``tanhproof`` command: its subcommands, options and their checks.

:func:`build_parser` builds the :mod:`argparse` parser (also the source of the docs'
command-line reference, through :func:`tanhproof.cli.build_parser`); its parser raises
:class:`~tanhproof.cli._commands.UsageError` instead of printing usage and exiting.
:func:`protect_range` prepares ``argv`` for it, so that values starting with ``-``
(``--range -1e-3 1``, ``-oo``, ``--at -1/2``) are not taken for options. The defaults
of the ``--time-limit`` safety net are defined here too; :mod:`tanhproof.cli._main`
runs the command.

Examples
========

>>> build_parser().parse_args(protect_range(["limit", "tanh(x)", "x", "-oo"])).to.strip()
'-oo'
>>> build_parser().parse_args(["derive", "tanh", "--order", "2"]).order
2
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from tanhproof import __version__
from tanhproof.cli._commands import UsageError
from tanhproof.cli._hints import explain
from tanhproof.cli._output import add_output_options

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "NO_TIME_LIMIT",
    "PROG",
    "build_parser",
    "protect_range",
]

PROG = "tanhproof"
DEFAULT_TIME_LIMIT = 600.0
"""Seconds the safety net allows ``derive``, ``prove``, ``eval`` and the main job."""
NO_TIME_LIMIT = ("audit", "forms")
"""Subcommands without a default limit: their long runs are meant, and Ctrl-C stops them
with a partial report."""
MAX_TIME_LIMIT = 1e8


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of printing usage and exiting.

    Its :meth:`parse_args` adds to argparse's message the hint that fits the command
    line (:func:`tanhproof.cli._hints.explain`).
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        try:
            parsed, extras = self.parse_known_args(argv, namespace)
        except UsageError as exc:
            raise UsageError(explain(str(exc), argv, self)) from None
        if extras:
            raise UsageError(explain(f"unrecognized arguments: {' '.join(extras)}", argv, self))
        return parsed


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
    add_output_options(parser, None, "top_format")
    _add_time_limit(parser, "top_time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s; none for audit and forms")
    sub = parser.add_subparsers(
        dest="command", metavar="{derive,prove,limit,shape,eval,audit,forms,check}", parser_class=_Parser
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
    add_output_options(derive, "derive")
    _add_time_limit(derive, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")
    _add_certificate(derive)

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
    add_output_options(prove, "prove")
    _add_time_limit(prove, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")
    _add_certificate(prove)

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
    add_output_options(limit, "limit")
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
    add_output_options(shape, "shape")
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
    add_output_options(value, "eval")
    _add_time_limit(value, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")

    audit = sub.add_parser(
        "audit",
        help="measure an implementation in ULPs against the correctly rounded reference",
        description="Run TARGET over the inputs of the format (every one, samples, or a range) and "
        "measure each result in ULPs against the reference function correctly rounded to the "
        "format. TARGET is a numeric function: numpy.tanh, math.tanh, torch.tanh, torch.tanh:grad "
        "(the autograd backward), jax.numpy.tanh, jax.numpy.tanh:grad, ... (torch and jax must be "
        "installed); or a file of results recorded elsewhere: FILE.npz (arrays x and y) or NumPy's "
        "umath validation FILE.csv (dtype,input,output,ulperrortol), whose inputs are the file's. "
        "What the target prints goes to stderr.",
    )
    audit.add_argument(
        "target", metavar="TARGET", help="e.g. numpy.tanh, torch.tanh:grad, results.npz or results.csv"
    )
    _add_sweep(
        audit,
        "audit",
        default_note="default: --exhaustive for binary16 and bfloat16, --samples 1000000 for binary32 "
        "and binary64 (--exhaustive prints its estimated time first)",
    )
    audit.set_defaults(fmt=None)  # binary32, or a recorded file's own format
    audit.add_argument(
        "--reference",
        "-r",
        default=None,
        metavar="R",
        help="catalog function, with ' for its derivative, or an expression in x such as "
        "'x*sigmoid(x)' (default: the function TARGET computes, "
        "numpy.sinh -> sinh; a :grad target is measured against its derivative)",
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
    _add_engine(audit)

    forms = sub.add_parser(
        "forms",
        help="rank the proved forms of a derivative by accuracy in a float format",
        description="Evaluate each equivalent form of F' (F = tanh, sigmoid, softplus, an activation "
        "such as silu, mish, gelu, gelu_tanh, elu, or another catalog function), each "
        "proved equal to F' first, operation by operation in the format, measure it against the "
        "correctly rounded F' and rank the forms by max and mean ULP error.",
    )
    forms.add_argument("function", metavar="F", help="tanh, sigmoid, softplus, silu, mish, gelu, ...")
    _add_sweep(
        forms,
        "forms",
        default_note="default: --exhaustive for binary16 and bfloat16, "
        "--samples 1000000 for binary32 and binary64",
    )
    check = sub.add_parser(
        "check",
        help="re-check certificates with the independent kernel",
        description="Re-check every certificate in FILE (written by prove or derive with "
        "--certificate) with tanhproof's kernel, a small checker that uses only the Python "
        "standard library. Exit code 0: every certificate accepted; 1: one rejected (the "
        "report says which and why); 2: FILE is not a certificate file.",
    )
    check.add_argument("file", metavar="FILE", help="a certificate file (JSON)")
    add_output_options(check, "check")
    _add_time_limit(check, "time_limit", f"default: {DEFAULT_TIME_LIMIT:g} s")
    return parser


def _add_certificate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--certificate",
        default=None,
        metavar="FILE",
        help="also write the certificates of the verdicts to FILE (JSON), for 'tanhproof check'",
    )


def _add_engine(audit: argparse.ArgumentParser) -> None:
    """The audit's engine options: checkpoints, shard time limit and size, in-process runs."""
    audit.add_argument(
        "--checkpoint",
        default=None,
        metavar="FILE",
        help="record every finished shard in FILE; after an interruption or a crash the same "
        "command resumes from it (a file of another audit is refused)",
    )
    audit.add_argument(
        "--shard-timeout",
        type=_seconds,
        default=None,
        metavar="S",
        help="a shard without an answer after S seconds fails (default: 600; none: no limit)",
    )
    audit.add_argument(
        "--shard-size", type=_positive_int, default=None, metavar="N", help="inputs per shard (default: 2^22)"
    )
    audit.add_argument(
        "--in-process",
        action="store_true",
        help="run TARGET in this process, not in worker processes (a crash of TARGET then "
        "ends the command, and --shard-timeout does not apply)",
    )
    audit.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the shards as tasks of the Dask cluster whose scheduler is at ADDRESS "
        "(e.g. tcp://10.0.0.5:8786; needs tanhproof[dask]); the report is the same as a local run's",
    )


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def _add_sweep(parser: argparse.ArgumentParser, command: str, default_note: str) -> None:
    parser.add_argument(
        "--fmt",
        "--float-format",
        dest="fmt",
        default="binary32",
        metavar="FMT",
        help="the float format: binary16, bfloat16, binary32 (default) or binary64 (the output's format "
        "is --format)",
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
    add_output_options(parser, command)
    _add_time_limit(
        parser,
        "time_limit",
        "default: none",
        "stops with exit code 2; an audit writes the report of the shards it finished, marked partial",
    )


def protect_range(argv: list[str]) -> list[str]:
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
