"""The ``tanhproof`` command line: run a command, from ``argv`` to its output and exit code.

The arguments are read by the parser of :mod:`tanhproof.cli._parser`, each subcommand
is run by :mod:`tanhproof.cli._commands`; this module runs them under the safety net,
writes the output and turns every outcome and error into an exit code.

::

    tanhproof                                   the main job: derive d/dx tanh(x)
    tanhproof derive F [--order N]              derive a catalog function or an expression
    tanhproof prove LHS RHS [RHS ...]           prove every pair of sides equal (or not)
    tanhproof prove CLAIM [--where COND]        an inequality: "tanh(x) < 1", "-1 < tanh(x) < 1"
    tanhproof limit EXPR VAR TO [--value V]     the limit as VAR -> oo, -oo or a point
    tanhproof shape EXPR KIND [--where COND] [--at A] [--value M]
                                                increasing, convex, maximum, inflection, ...
    tanhproof eval EXPR --at x=0.5 [--digits N | --round FMT [--mode M]] [--enclosure]
                                                a value with a guaranteed error bound,
                                                or correctly rounded to an IEEE format
    tanhproof audit TARGET [--reference R] [--fmt FMT] [--exhaustive | --samples N | --range LO HI]
                   [--max-ulp K] [--plot FILE]  measure an implementation in ULPs against
                                                the correctly rounded reference
    tanhproof forms F [--fmt FMT] [...]         rank the proved forms of F' by accuracy in FMT
    tanhproof check FILE                        re-check certificates with the independent kernel
    tanhproof --version

Every command takes the one output option (:mod:`tanhproof.cli._output`): ``--format
FORMAT`` (``-f FORMAT``), or ``--json`` for ``--format json``; ``text`` is the
default. The bare command, ``derive``, ``prove``, ``limit`` and ``shape`` write
``text``, ``json``, ``latex`` and ``markdown``; ``eval``, ``audit``, ``forms`` and
``check`` write ``text`` and ``json``, and refuse another format with one line that
names those (exit code 2). ``--fmt FMT`` (``--float-format FMT``) is the float format
of an audit, not the output's. An expression that starts with ``-`` must come after ``--``:
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
1    something refuted; an audit beyond ``--max-ulp``, or with failed shards (the
     target raised, died or hung on some inputs); a certificate rejected by ``check``
2    bad input or usage; an output failure (stdout closed, ``EPIPE``, ``ENOSPC``:
     the report did not arrive, or a ``--plot`` file could not be written); the
     ``--time-limit`` safety net fired. One line on stderr: ``tanhproof: error: ...``
3    something undecided and nothing refuted
4    internal error, a bug in tanhproof (one line on stderr; the traceback too
     when the environment variable ``TANHPROOF_DEBUG=1``)
130  interrupted (Ctrl-C); an audit prints its partial report first
143  an audit terminated by SIGTERM, after its partial report
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

import contextlib
import io
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from tanhproof.cli._commands import EXIT_INTERRUPTED, PlotFailed, UsageError, dispatch
from tanhproof.cli._parser import DEFAULT_TIME_LIMIT, NO_TIME_LIMIT, PROG, build_parser, protect_range
from tanhproof.cli._safetynet import SafetyNet, stop_message
from tanhproof.cli._streams import (
    OutputError,
    guard_std_fds,
    say,
    write_output,
)
from tanhproof.expr._errors import TanhproofError

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_INTERNAL = 4
EXIT_TIME_LIMIT = EXIT_USAGE
"""The exit code of the wall-clock safety net (the design's "2 = bad input, usage or
an output failure": no verdict was reached, and the line on stderr says why)."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) or "(no message)"


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
            args = build_parser().parse_args(protect_range(sys.argv[1:] if argv is None else list(argv)))
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
