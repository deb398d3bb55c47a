"""The ``tanhproof`` command line.

::

    tanhproof [--format F]                      the main job: derive d/dx tanh(x)
    tanhproof derive F [--order N] [--format F] derive a catalog function or an expression
    tanhproof prove LHS RHS [RHS ...] [--format F]
                                                prove every pair of sides equal (or not)
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

Exit codes
==========

===  ===========================================================================
0    everything proved (every pair; every step and form of a derivation); a value computed;
     an audit within ``--max-ulp`` (or without one)
1    something refuted; an audit beyond ``--max-ulp``
2    bad input or usage (one line on stderr: ``tanhproof: error: ...``)
3    something undecided and nothing refuted
4    internal error, a bug in tanhproof (one line on stderr; the traceback too
     when the environment variable ``TANHPROOF_DEBUG=1``)
130  interrupted (Ctrl-C)
===  ===========================================================================

Output is written only once all the work has succeeded, so an error never leaves
half a report on stdout. The command line holds no mathematics: it calls
:func:`tanhproof.derive`, :func:`tanhproof.prove` and :mod:`tanhproof.render`.

Examples
========

>>> from tanhproof.cli import main
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
import json
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from . import __version__
from .errors import TanhproofError

__all__ = ["main"]

PROG = "tanhproof"
FORMATS = ("text", "latex", "markdown", "json")
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of printing usage and exiting."""

    def error(self, message: str):  # type: ignore[override]
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


def _add_format(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument(
        "--format", "-f", dest=dest, choices=FORMATS, default=None, metavar="FORMAT",
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
        "2 bad input or usage, 3 undecided, 4 internal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_format(parser, "top_format")
    sub = parser.add_subparsers(dest="command", metavar="{derive,prove,eval,audit,forms}", parser_class=_Parser)

    derive = sub.add_parser(
        "derive", help="derive a function step by step",
        description="Differentiate F (a catalog name such as tanh, or an expression in x) "
        "step by step, every step proved.",
    )
    derive.add_argument("function", metavar="F", help="catalog name (e.g. tanh) or expression")
    derive.add_argument("--order", "-n", type=_positive_int, default=1, metavar="N",
                        help="order of the derivative (default: 1)")
    _add_format(derive, "format")

    prove = sub.add_parser(
        "prove", help="prove expressions equal, pairwise",
        description="Decide whether the sides are equal, every pair i < j: proved, refuted "
        "(with a certified counterexample) or undecided (with labelled evidence).",
    )
    prove.add_argument("sides", nargs="+", metavar="SIDE", help="two or more expressions")
    _add_format(prove, "format")

    value = sub.add_parser(
        "eval", help="evaluate to N digits, or round correctly to an IEEE format",
        description="Evaluate EXPR at an exact point: to N correct digits (from a rigorous "
        "enclosure), or correctly rounded to binary16, bfloat16, binary32 or binary64. Point "
        "values are exact: 0.1 is 1/10, 0x1.8p-1 is 3/4, 1/3 is one third.",
    )
    value.add_argument("expression", metavar="EXPR", help="expression, e.g. 'diff(tanh(x), x)'")
    value.add_argument("--at", action="append", default=[], metavar="VAR=VALUE",
                       help="a variable's value (repeat, or separate with commas): x=0.5, x=0x1p-3")
    how = value.add_mutually_exclusive_group()
    how.add_argument("--digits", "-d", type=_positive_int, default=None, metavar="N",
                     help="correct significant digits (default: 50)")
    how.add_argument("--round", dest="round_format", default=None, metavar="FMT",
                     help="round correctly to FMT: binary16, bfloat16, binary32, binary64")
    value.add_argument("--mode", default="nearest", metavar="M",
                       help="rounding mode with --round: nearest (ties to even), up, down, zero")
    value.add_argument("--enclosure", action="store_true",
                       help="also print the enclosure that fixed the value")
    value.add_argument("--format", dest="format", choices=("text", "json"), default=None,
                       help="output format (default: text)")

    audit = sub.add_parser(
        "audit", help="measure an implementation in ULPs against the correctly rounded reference",
        description="Run TARGET over every input of the format (or samples, or a range) and "
        "measure each result in ULPs against the reference function correctly rounded to the "
        "format. TARGET is numpy.tanh, math.tanh, torch.tanh, torch.tanh:grad (the autograd "
        "backward), jax.numpy.tanh, jax.numpy.tanh:grad, ... (torch and jax must be installed).",
    )
    audit.add_argument("target", metavar="TARGET", help="e.g. numpy.tanh or torch.tanh:grad")
    _add_sweep(audit, default_note="default: --exhaustive for formats of at most 32 bits, "
               "--samples 1000000 for binary64")
    audit.add_argument("--reference", "-r", default="tanh", metavar="R",
                       help="catalog function, with ' for its derivative (default: tanh; "
                       "a :grad target is measured against its derivative)")
    audit.add_argument("--max-ulp", type=_non_negative, default=None, metavar="K",
                       help="exit 1 if any error exceeds K ULPs (or a special input is wrong)")
    audit.add_argument("--plot", default=None, metavar="FILE",
                       help="also plot the error against x to FILE (PNG or SVG; needs matplotlib)")

    forms = sub.add_parser(
        "forms", help="rank the proved forms of a derivative by accuracy in a float format",
        description="Evaluate each equivalent form of F' (F = tanh, sigmoid or softplus), each "
        "proved equal to F' first, operation by operation in the format, measure it against the "
        "correctly rounded F' and rank the forms by max and mean ULP error.",
    )
    forms.add_argument("function", metavar="F", help="tanh, sigmoid or softplus")
    _add_sweep(forms, default_note="default: --exhaustive for binary16 and bfloat16, "
               "--samples 1000000 for binary32 and binary64")
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
    parser.add_argument("--fmt", default="binary32", metavar="F",
                        help="binary16, bfloat16, binary32 (default) or binary64")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--exhaustive", action="store_true", help="every value of the format")
    which.add_argument("--samples", type=_positive_int, default=None, metavar="N",
                       help="N inputs: uniform in bit patterns, in value, and in hard regions")
    which.add_argument("--range", nargs=2, default=None, metavar=("LO", "HI"),
                       help=f"every format value in [LO, HI] (samples for binary64); {default_note}")
    parser.add_argument("--json", action="store_true", help="write the report as JSON")
    parser.add_argument("--processes", "-j", type=_positive_int, default=None, metavar="N",
                        help="worker processes (default: all cores for large audits)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the samples (default: 0)")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress bar (there is none when stderr is not a terminal)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) or "(no message)"


def _write(text: str) -> None:
    """Write ``text`` to stdout, keeping it ASCII-safe for a stdout that cannot encode it."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.encode(encoding, errors="backslashreplace").decode(encoding, errors="replace")
    stream.write(text if text.endswith("\n") else text + "\n")
    stream.flush()


def _unicode_ok() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "eˣ−²·≤σ→≠∈".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _run_derive(function: str, order: int, fmt: str) -> tuple[str, int]:
    import tanhproof

    from . import render, tally

    derivation = tanhproof.derive(function, order=order)
    text = render.render_derivation(derivation, fmt, unicode=_unicode_ok())
    verdict = tally.overall_verdict(tally.iter_proofs(derivation))
    return text, _exit_code(verdict)


def _run_prove(sides: Sequence[str], fmt: str) -> tuple[str, int]:
    import tanhproof

    from . import render, tally

    if len(sides) < 2:
        raise UsageError("prove needs at least two sides (LHS RHS [RHS ...])")
    parsed = [tanhproof.parse(side) for side in sides]  # every input checked before any work
    pairs = [(i, j) for i in range(len(parsed)) for j in range(i + 1, len(parsed))]
    proofs = [tanhproof.prove(parsed[i], parsed[j]) for i, j in pairs]
    numbered = [(i + 1, j + 1) for i, j in pairs] if len(sides) > 2 else None
    text = render.render_proofs(proofs, fmt, pairs=numbered, unicode=_unicode_ok())
    return text, _exit_code(tally.overall_verdict(proofs))


def _point(assignments: Sequence[str]) -> dict[str, str]:
    point: dict[str, str] = {}
    for item in (part for text in assignments for part in text.split(",")):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(f"--at expects VAR=VALUE, got {item!r}")
        if name in point:
            raise UsageError(f"--at gives {name!r} twice")
        point[name] = value
    return point


def _run_eval(args: Any, fmt: str) -> tuple[str, int]:
    from .valuereport import value_report

    if args.mode != "nearest" and args.round_format is None:
        raise UsageError("--mode needs --round FMT")
    if fmt not in ("text", "json"):
        raise UsageError(f"eval writes text or json, not {fmt!r}")
    report = value_report(args.expression, _point(args.at), digits=args.digits,
                          fmt=args.round_format, mode=args.mode)
    if fmt == "json":
        return report.to_json(), 0
    return report.to_text(show_enclosure=args.enclosure), 0


def _protect_range(argv: list[str]) -> list[str]:
    """``--range -1e-3 1``: argparse would take ``-1e-3`` for an option; a leading space
    keeps the two ends of a range as values (they are stripped when read)."""
    out = list(argv)
    for i, token in enumerate(out):
        if token == "--":
            break
        if token == "--range":
            for j in (i + 1, i + 2):
                if j < len(out) and out[j].startswith("-"):
                    out[j] = " " + out[j]
    return out


def _inputs(args: Any) -> Any:
    if args.exhaustive:
        return "exhaustive"
    if args.samples is not None:
        return args.samples
    if args.range is not None:
        return tuple(v.strip() for v in args.range)
    return None


def _progress(args: Any) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def _run_audit(args: Any, fmt: str) -> tuple[str, int]:
    from .auditing import audit
    from .formats import get_format

    if fmt not in ("text", "json"):
        raise UsageError(f"audit writes text or json, not {fmt!r}")
    if args.plot is not None:
        _check_plot_path(args.plot)
    inputs = _inputs(args)
    if inputs is None:
        inputs = "exhaustive" if get_format(args.fmt).width <= 32 else 1_000_000
    report = audit(args.target, args.reference, args.fmt, inputs, max_ulp=args.max_ulp,
                   processes=args.processes, progress=_progress(args), seed=args.seed)
    if args.plot is not None and report.points:
        from .auditreport import plot_report

        plot_report(report, args.plot)
    text = report.to_json() if fmt == "json" or args.json else report.to_text()
    if report.partial:
        return text, EXIT_INTERRUPTED
    if args.max_ulp is not None and not report.within(args.max_ulp):
        return text, 1
    return text, 0


def _check_plot_path(path: str) -> None:
    import importlib.util

    if os.path.isdir(path):
        raise UsageError(f"--plot: {path!r} is a folder; give a file name such as errors.png")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise UsageError(f"--plot: cannot write {path!r}: {directory!r} is not a writable folder")
    if os.path.splitext(path)[1].lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"--plot: {path!r} should end in .png, .svg or .pdf")
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("--plot needs matplotlib: pip install 'tanhproof[plot]'")


def _run_forms(args: Any, fmt: str) -> tuple[str, int]:
    from .forms import rank_forms

    if fmt not in ("text", "json"):
        raise UsageError(f"forms writes text or json, not {fmt!r}")
    report = rank_forms(args.function, args.fmt, _inputs(args), processes=args.processes,
                        progress=_progress(args), seed=args.seed)
    text = json.dumps(report.to_dict(), indent=2) if fmt == "json" or args.json else report.to_text()
    return text, 0


def _exit_code(verdict: str) -> int:
    from .proof import Verdict

    return Verdict(verdict).exit_code


def _dispatch(args: Any) -> tuple[str, int]:
    fmt = getattr(args, "format", None) or args.top_format or "text"
    if args.command == "derive":
        return _run_derive(args.function, args.order, fmt)
    if args.command == "prove":
        return _run_prove(args.sides, fmt)
    if args.command == "eval":
        return _run_eval(args, fmt)
    if args.command == "audit":
        return _run_audit(args, fmt)
    if args.command == "forms":
        return _run_forms(args, fmt)
    return _run_derive("tanh", 1, fmt)


def _error(message: str) -> int:
    sys.stderr.write(f"{PROG}: error: {_one_line(message)}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    See the module docstring for the subcommands and the exit codes.
    """
    try:
        try:
            args = build_parser().parse_args(_protect_range(sys.argv[1:] if argv is None else list(argv)))
        except SystemExit as done:  # --help and --version print and exit 0
            return done.code if isinstance(done.code, int) else 0
        text, code = _dispatch(args)
        if code == EXIT_INTERRUPTED:
            sys.stderr.write(f"{PROG}: interrupted: the report below is partial\n")
    except UsageError as exc:
        return _error(f"{exc}; see '{PROG} --help'")
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        if isinstance(exc, TanhproofError):
            return _error(str(exc))
        if os.environ.get("TANHPROOF_DEBUG") == "1":
            traceback.print_exc()
        sys.stderr.write(f"{PROG}: internal error: {type(exc).__name__}: {_one_line(exc)} "
                         f"(set TANHPROOF_DEBUG=1 for the traceback)\n")
        return EXIT_INTERNAL
    try:
        _write(text)
    except BrokenPipeError:  # e.g. piped into `head`: the reader left, not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return code
