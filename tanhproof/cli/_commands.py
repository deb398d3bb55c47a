"""What each subcommand of the ``tanhproof`` command does: call the library, render, pick the exit code.

Each ``run_*`` function takes the parsed arguments and returns ``(text, exit code)``;
nothing is written here (:mod:`tanhproof.cli._main` writes the text once all the work
has succeeded). No mathematics: the library computes, :mod:`tanhproof.render._render`
and the reports format.

Examples
========

>>> from tanhproof.cli._parser import build_parser
>>> text, code = dispatch(build_parser().parse_args(["prove", "sinh(2*x)", "2*sinh(x)*cosh(x)"]))
>>> code, "verdict: proved" in text
(0, True)
>>> point(["x=1/2, y=0x1p-3"])
{'x': '1/2', 'y': '0x1p-3'}
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from tanhproof.cli._output import output_format
from tanhproof.cli._streams import describe_os_error, stderr_is_terminal
from tanhproof.cli._usage import UsageError

__all__ = ["EXIT_INTERRUPTED", "PlotFailed", "UsageError", "dispatch", "point"]

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
"""An audit stopped by SIGTERM (128 + 15): its partial report is written, as for Ctrl-C."""


class PlotFailed(Exception):
    """The audit finished but its ``--plot`` file could not be written (an output failure).

    ``text`` is the audit's complete report, still written to stdout.
    """

    def __init__(self, text: str, message: str):
        super().__init__(message)
        self.text = text


def _unicode_ok() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "eˣ−²·≤σ→≠∈".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _run_derive(function: str, order: int, fmt: str, certificate: str | None = None) -> tuple[str, int]:
    import tanhproof
    from tanhproof.render import _render as render
    from tanhproof.render import _tally as tally

    derivation = tanhproof.derive(function, order=order)
    _write_certificates(certificate, [(derivation, None, None)])
    text = render.render_derivation(derivation, fmt, unicode=_unicode_ok())
    verdict = tally.overall_verdict(tally.iter_proofs(derivation))
    return text, _exit_code(verdict)


def _run_prove(
    sides: Sequence[str], fmt: str, where: str | None = None, certificate: str | None = None
) -> tuple[str, int]:
    import tanhproof
    from tanhproof.expr._claims import has_comparison
    from tanhproof.render import _render as render
    from tanhproof.render import _tally as tally

    claims = [side for side in sides if has_comparison(side)]
    if claims and len(sides) > 1:
        raise UsageError("an inequality claim is one argument: prove CLAIM [--where COND]")
    if claims:
        proof = tanhproof.prove(claims[0], where=where)
        _write_certificates(certificate, [(proof, None, None)])
        text = render.render_proofs([proof], fmt, unicode=_unicode_ok())
        return text, _exit_code(tally.overall_verdict([proof]))
    if where is not None:
        raise UsageError("--where is for an inequality claim (prove CLAIM --where COND), not for identities")
    if len(sides) < 2:
        raise UsageError(
            "prove needs at least two sides (LHS RHS [RHS ...]) or one claim with <, <=, > or >="
        )
    parsed = [tanhproof.parse(side) for side in sides]  # every input checked before any work
    pairs = [(i, j) for i in range(len(parsed)) for j in range(i + 1, len(parsed))]
    proofs = [tanhproof.prove(parsed[i], parsed[j]) for i, j in pairs]
    _write_certificates(
        certificate, [(p, sides[i], sides[j]) for p, (i, j) in zip(proofs, pairs, strict=True)]
    )
    numbered = [(i + 1, j + 1) for i, j in pairs] if len(sides) > 2 else None
    text = render.render_proofs(proofs, fmt, pairs=numbered, unicode=_unicode_ok())
    return text, _exit_code(tally.overall_verdict(proofs))


def _run_limit(args: Any, fmt: str) -> tuple[str, int]:
    from tanhproof.proof import prove_limit
    from tanhproof.render._claimreport import render_claims

    value = None if args.value is None else args.value.strip()
    proof = prove_limit(args.expression, args.variable.strip(), args.to.strip(), value=value)
    return render_claims([proof], fmt, unicode=_unicode_ok()), proof.verdict.exit_code


def _run_shape(args: Any, fmt: str) -> tuple[str, int]:
    from tanhproof.proof import prove_shape
    from tanhproof.render._claimreport import render_claims

    where, at, value = (None if v is None else v.strip() for v in (args.where, args.at, args.value))
    proof = prove_shape(args.expression, args.kind, where=where, at=at, value=value)
    return render_claims([proof], fmt, unicode=_unicode_ok()), proof.verdict.exit_code


def point(assignments: Sequence[str]) -> dict[str, str]:
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
    from tanhproof.cli._values import unset_variables, value_report

    if args.mode != "nearest" and args.round_format is None:
        raise UsageError("--mode needs --round FMT")
    at = point(args.at)
    missing = unset_variables(args.expression, at)  # said here: the library's hint knows no option
    if missing:
        names = " and ".join(repr(name) for name in missing)
        given = " ".join(f"--at {name}=0.5" for name in missing)
        one = len(missing) == 1
        raise UsageError(
            f"{'variable' if one else 'variables'} {names} {'has' if one else 'have'} no value; "
            f"give {'it' if one else 'them'} with {given}"
        )
    report = value_report(args.expression, at, digits=args.digits, fmt=args.round_format, mode=args.mode)
    if fmt == "json":
        return report.to_json(), 0
    return report.to_text(show_enclosure=args.enclosure), 0


def _inputs(args: Any) -> Any:
    if args.exhaustive:
        return "exhaustive"
    if args.samples is not None:
        return args.samples
    if args.range is not None:
        return tuple(v.strip() for v in args.range)
    return None


def _progress(args: Any) -> bool:
    return not args.no_progress and stderr_is_terminal()


def _run_audit(args: Any, fmt: str) -> tuple[str, int]:
    from tanhproof.audits._recordedfiles import is_recorded_path
    from tanhproof.audits._run import audit
    from tanhproof.audits._targets import recorded

    if args.plot is not None:
        _check_plot_path(args.plot)
    inputs = _inputs(args)  # None: the library's default (exhaustive for 16-bit formats, else samples)
    target: Any = recorded(args.target, args.fmt) if is_recorded_path(args.target) else args.target
    fmt_name = args.fmt or getattr(target, "fmt", "binary32")  # a recorded file's own format
    if inputs == "exhaustive":
        _say_estimate(target, args.reference, fmt_name, args.processes)
    from tanhproof.audits._executor import Terminated, stop_signals

    engine = _engine(args)
    try:
        with stop_signals(terminate=True):  # SIGTERM: the partial report, exit 143
            report = audit(
                target,
                args.reference,
                fmt_name,
                inputs,
                max_ulp=args.max_ulp,
                progress=_progress(args),
                seed=args.seed,
                **engine,
            )
    except Terminated:  # a second signal: at once, no report
        return "", EXIT_TERMINATED
    finally:
        if engine["client"] is not None:
            engine["client"].close()
    text = report.to_json() if fmt == "json" else report.to_text()
    if args.plot is not None and report.points:
        from tanhproof.audits._report import plot_report

        try:
            plot_report(report, args.plot)
        except OSError as exc:  # the report is complete: it is still written, then the failure
            raise PlotFailed(text, f"--plot: cannot write {args.plot!r}: {describe_os_error(exc)}") from None
    if report.partial and report.stopped_by == "SIGTERM":
        from tanhproof.cli._streams import say

        say("tanhproof: terminated (SIGTERM): the report below is partial")
        return text, EXIT_TERMINATED
    if report.partial:
        return text, EXIT_INTERRUPTED
    if report.shard_failures or (args.max_ulp is not None and not report.within(args.max_ulp)):
        return text, 1  # failed shards: the audit did not pass
    return text, 0


def _engine(args: Any) -> dict[str, Any]:
    """The audit's engine options (worker processes, shards, checkpoint) from the command line."""
    import math

    from tanhproof.audits._run import DEFAULT_SHARD_TIMEOUT

    if args.in_process and args.processes is not None:
        raise UsageError("--in-process runs no worker processes: it cannot be given with --processes")
    client = None
    if args.scheduler is not None:
        if args.in_process or args.processes is not None:
            raise UsageError("--scheduler runs the shards on a Dask cluster: no --in-process or --processes")
        from tanhproof.audits._dask import connect

        client = connect(args.scheduler)
    timeout = DEFAULT_SHARD_TIMEOUT if args.shard_timeout is None else args.shard_timeout
    return dict(
        processes=0 if args.in_process else args.processes,
        shard_timeout=None if math.isinf(timeout) else timeout,
        shard_size=args.shard_size,
        checkpoint=args.checkpoint,
        client=client,
    )


def _say_estimate(target: Any, reference: str | None, fmt: str, processes: int | None) -> None:
    """Before an exhaustive sweep of more than 2^20 inputs: its estimated time, on stderr."""
    from tanhproof.audits._estimate import estimate
    from tanhproof.cli._streams import say
    from tanhproof.numeric._formats import get_format

    if get_format(fmt).width > 16:
        say(f"tanhproof audit: {estimate(target, reference, fmt, 'exhaustive', processes=processes).line()}")


def _check_plot_path(path: str) -> None:
    """Refuse a ``--plot`` path that cannot be written, before the audit runs."""
    import importlib.util
    import tempfile

    if os.path.isdir(path):
        raise UsageError(f"--plot: {path!r} is a folder; give a file name such as errors.png")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise UsageError(f"--plot: cannot write {path!r}: {directory!r} is not a writable folder")
    if os.path.splitext(path)[1].lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"--plot: {path!r} should end in .png, .svg or .pdf")
    try:  # what the plot will do: a temporary file in the folder, renamed into place
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".tanhproof-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(
            f"--plot: cannot write {path!r}: cannot create a file in {directory!r}: {describe_os_error(exc)}"
        ) from None
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("--plot needs matplotlib: pip install 'tanhproof[plot]'")


def _run_forms(args: Any, fmt: str) -> tuple[str, int]:
    from tanhproof.audits._forms import rank_forms

    report = rank_forms(
        args.function,
        args.fmt,
        _inputs(args),
        processes=args.processes,
        progress=_progress(args),
        seed=args.seed,
    )
    text = json.dumps(report.to_dict(), indent=2) if fmt == "json" else report.to_text()
    return text, 0


def _write_certificates(path: str | None, records: list[tuple[Any, Any, Any]]) -> None:
    """The certificates of ``records`` (record, lhs text, rhs text) written to ``path``, whole."""
    if path is None:
        return
    from tanhproof.proof._certificate import certificate, document

    text = json.dumps(
        document([certificate(r, lhs, rhs) for r, lhs, rhs in records]), indent=1, ensure_ascii=False
    )
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    except OSError as exc:
        raise UsageError(f"--certificate: cannot write {path!r}: {describe_os_error(exc)}") from None


def _run_check(path: str, fmt: str) -> tuple[str, int]:
    import tanhproof

    results = tanhproof.check(path)
    accepted = sum(r["accepted"] for r in results)
    summary = f"{accepted} of {len(results)} certificates accepted by the kernel"
    code = 0 if accepted == len(results) else 1
    if fmt == "json":
        doc = {"tanhproof": tanhproof.__version__, "kind": "check", "results": results, "summary": summary}
        return json.dumps(doc, indent=2, ensure_ascii=False), code
    lines = []
    for r in results:
        lines += [
            f"{r['index']}. {r['label']}",
            f"   {'accepted' if r['accepted'] else 'REJECTED'}: {r['reason']}",
        ]
    return "\n".join([*lines, "", f"Summary: {summary}"]), code


def _exit_code(verdict: str) -> int:
    from tanhproof.proof._records import Verdict

    return Verdict(verdict).exit_code


def dispatch(args: Any) -> tuple[str, int]:
    fmt = output_format(args)  # checked against what the subcommand can render
    if args.command == "derive":
        return _run_derive(args.function, args.order, fmt, args.certificate)
    if args.command == "prove":
        return _run_prove(args.sides, fmt, getattr(args, "where", None), args.certificate)
    if args.command == "check":
        return _run_check(args.file, fmt)
    if args.command == "limit":
        return _run_limit(args, fmt)
    if args.command == "shape":
        return _run_shape(args, fmt)
    if args.command == "eval":
        return _run_eval(args, fmt)
    if args.command == "audit":
        return _run_audit(args, fmt)
    if args.command == "forms":
        return _run_forms(args, fmt)
    return _run_derive("tanh", 1, fmt)
