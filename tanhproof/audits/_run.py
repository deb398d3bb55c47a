"""Accuracy audits: run an implementation over many inputs and measure it in ULPs.

:func:`audit` resolves the target (a name such as ``"torch.tanh:grad"`` or any
callable from numpy arrays to numpy arrays, see :mod:`tanhproof.audits._targets`), cuts the
inputs into shards (:mod:`tanhproof.audits._sweep`), runs each shard -- the target, the
correctly rounded reference of :func:`tanhproof.numeric._bulk.reference`, the statistics of
:func:`tanhproof.audits._accuracy.measure` -- and merges the shards' tallies into an
:class:`~tanhproof.audits._accuracyreport.AccuracyReport`.

Explanation
===========

**Reference.** The value is correctly rounded from the exact function: the bulk
reference's fast kernels carry a proved error bound and hand every input they cannot
decide to an arb Ziv loop (counted as ``slow_path``). The gradient reference is the
derivative computed from ``x`` itself (``tanh'`` is sech^2(x)), never from a rounded
tanh. For an odd or even function (the catalog's parity, proved by the prover in the
test suite) the reference at ``-x`` is the mirror of the one at ``x``: rounding to
nearest is symmetric, so an exhaustive audit computes it once per magnitude.

**Processes.** Shards are independent and their tallies merge associatively, so the
target runs in worker processes (all cores by default for audits of more than about a
million inputs, one worker otherwise; ``processes=0``: in this process), under the
supervisor of :mod:`tanhproof.audits._executor`. A named target is resolved again inside
each worker; a callable is inherited by forked workers. The first shard to run (the
special inputs where there are some) checks the target: if it raises or returns the
wrong shape there, the audit stops with that one-line error. Afterwards a shard whose
target raises, dies or exceeds ``shard_timeout`` is a failed shard
(``AccuracyReport.shard_failures``), and the audit goes on. The tallies are folded in
shard order, so the report does not depend on the schedule.

**Interruption.** Ctrl-C (KeyboardInterrupt) kills the workers and returns the report
of the shards finished so far with ``partial=True``; a second Ctrl-C kills them at
once and raises (:mod:`tanhproof.audits._stopsignals`). With ``checkpoint=FILE``
every finished shard is on disk and the same call resumes
(:mod:`tanhproof.audits._checkpoint`).

Examples
========

>>> import numpy as np
>>> r = audit(np.tanh, "tanh", "binary16", "exhaustive", processes=1)
>>> r.points, r.partial, r.max_ulp < 1
(63493, False, True)
>>> r = audit(lambda x: 1 - np.tanh(x) ** 2, "tanh'", "binary16", (4, 5), processes=1)
>>> r.zero_where_nonzero > 0, r.first_zero_where_nonzero
(True, 4.5078125)
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from tanhproof.audits._accuracy import Tally
from tanhproof.audits._accuracyreport import AccuracyReport, ShardFailure
from tanhproof.audits._executor import Done, Executor, InProcess, Processes, Terminated, stop_signals
from tanhproof.audits._shardwork import ShardJob, parity_of, run_shard, warm_up
from tanhproof.audits._sweep import Shard, default_shard_size, describe, label, plan
from tanhproof.numeric._exprref import is_name
from tanhproof.numeric._formats import FormatError, get_format

__all__ = ["DEFAULT_SHARD_TIMEOUT", "Progress", "ShardJob", "audit", "reference_name", "run_shard"]

#: What ``progress=`` takes: True for a progress bar on stderr, a callable
#: ``(done, total)``, or False or None for no progress report.
Progress = bool | Callable[[int, int], object] | None

# Audits with at least this many inputs use worker processes by default.
_PARALLEL_FROM = 1 << 20


def reference_name(reference: str, gradient: bool) -> str:
    """The bulk reference's name: ``reference``, with ``'`` added for a gradient target.

    A reference that is not a name is an expression of one variable (``"x*sigmoid(x)"``,
    read by the whitelisting parser; a one-line ParseError if it does not read), and a
    gradient target's is its derivative, ``diff(EXPR, x)``.

    >>> reference_name("tanh", True), reference_name("tanh'", True), reference_name("sigmoid", False)
    ("tanh'", "tanh'", 'sigmoid')
    >>> reference_name("x*sigmoid(x)", True)
    'diff(x*sigmoid(x), x)'
    """
    if not isinstance(reference, str):
        raise FormatError(f"reference must be a catalog function name such as 'tanh', got {reference!r}")
    name = reference.strip()
    if not is_name(name):
        from tanhproof.numeric._exprref import parsed_reference

        variables = sorted(s.name for s in parsed_reference(name).free_symbols)
        if not variables:
            raise FormatError(f"reference {name!r} has no variable; write it in x, e.g. 'x*sigmoid(x)'")
        return f"diff({name}, {variables[0]})" if gradient else name
    if gradient and not name.endswith("'"):
        name += "'"
    from tanhproof.numeric._specials import split_name

    split_name(name)  # one-line FormatError for an unknown name
    return name


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _progress_bar(progress: Progress, total: int, desc: str) -> Any:
    if not progress:
        return None
    if callable(progress):
        return progress
    from tqdm import tqdm

    return tqdm(
        total=total, unit="pt", unit_scale=True, desc=desc, leave=False, dynamic_ncols=True, mininterval=0.5
    )


def _advance(bar: Any, done: int, total: int, n: int) -> None:
    if bar is None:
        return
    if hasattr(bar, "update"):
        bar.update(n)
    else:
        bar(done, total)


def _close(bar: Any) -> None:
    if bar is not None and hasattr(bar, "close"):
        bar.close()


#: Seconds a shard may take before it counts as failed (``shard_timeout``, ``--shard-timeout``):
#: generous, since a default shard takes seconds (a pure-Python target, a minute).
DEFAULT_SHARD_TIMEOUT = 600.0


def _check_options(max_ulp: Any, processes: Any, shard_size: Any, shard_timeout: Any) -> float | None:
    if max_ulp is not None:
        if isinstance(max_ulp, bool) or not isinstance(max_ulp, (int, float)) or not max_ulp >= 0:
            raise FormatError(f"max_ulp must be a number >= 0, got {max_ulp!r}")
        max_ulp = float(max_ulp)
    if processes is not None and (
        isinstance(processes, bool) or not isinstance(processes, int) or processes < 0
    ):
        raise FormatError(f"processes must be an integer >= 0 (0: in this process), got {processes!r}")
    if shard_size is not None and (
        isinstance(shard_size, bool) or not isinstance(shard_size, int) or not 1 <= shard_size <= 1 << 26
    ):
        raise FormatError(f"shard_size must be an integer in [1, 2^26], got {shard_size!r}")
    if shard_timeout is not None and (
        isinstance(shard_timeout, bool)
        or not isinstance(shard_timeout, (int, float))
        or not 0 < shard_timeout < math.inf
    ):
        raise FormatError(f"shard_timeout must be a number of seconds > 0, got {shard_timeout!r}")
    return max_ulp


def _inputs_key(inputs: Any, shards: list[Shard]) -> str:
    """The audit's inputs, canonically, for a checkpoint's header."""
    if isinstance(inputs, str):
        return inputs
    if isinstance(inputs, (int, np.integer)):
        return f"{int(inputs)} samples"
    if isinstance(inputs, tuple):
        from tanhproof.audits._sweep import _endpoint

        lo, hi = (_endpoint(v) for v in inputs)
        return f"range [{lo.hex()}, {hi.hex()}]"
    digest = hashlib.sha256()
    for s in shards:
        digest.update(np.ascontiguousarray(s.data).tobytes())
    return f"array sha256:{digest.hexdigest()}"


def _stopper(exc: KeyboardInterrupt) -> str:
    if isinstance(exc, Terminated):
        return "SIGTERM"
    seconds = getattr(exc, "seconds", None)
    if isinstance(seconds, (int, float)):
        return f"the time limit ({seconds:g} s)"
    return "SIGINT" if type(exc) is KeyboardInterrupt else type(exc).__name__


def _target_fault(error: BaseException | None) -> bool:
    """Whether a shard's exception is the target's doing (a failed shard), not a bug here."""
    from tanhproof.audits._targeterror import TargetError

    return error is None or isinstance(error, (TargetError, MemoryError)) or not isinstance(error, Exception)


def _executor(job: ShardJob, processes: int, timeout: float | None, client: Any = None) -> Executor:
    if client is not None:
        from tanhproof.audits._dask import DaskShards

        return DaskShards(job, client)
    if processes == 0:
        return InProcess(job)
    spec = getattr(job.target, "spec", None)
    heavy = spec is not None and spec.split(".")[0] in ("torch", "jax", "jnp")
    method = "spawn" if heavy or "fork" not in multiprocessing.get_all_start_methods() else "fork"
    return Processes(job, processes, timeout, method)


class _InOrder:
    """Tallies folded in shard order, whatever order the shards finish in: the float sum
    of errors (behind ``mean_ulp``) is the one number that depends on the order of
    ``+``, so every run of the same audit -- on any number of processes, resumed from a
    checkpoint or not -- gives the same report. A shard that finishes early waits (its
    tally only) until those before it are in."""

    def __init__(self, indices: list[int]):
        self.indices = sorted(indices)
        self.pos = 0
        self.waiting: dict[int, Tally | None] = {}
        self.total = Tally()

    def add(self, index: int, tally: Tally | None) -> None:
        """Shard ``index``'s tally (None: it failed)."""
        self.waiting[index] = tally
        while self.pos < len(self.indices) and self.indices[self.pos] in self.waiting:
            t = self.waiting.pop(self.indices[self.pos])
            if t is not None:
                self.total = self.total + t
            self.pos += 1

    def result(self) -> Tally:
        """Everything added so far (the early ones too, in order, after an interruption)."""
        total = self.total
        for i in sorted(self.waiting):
            t = self.waiting[i]
            if t is not None:
                total = total + t
        return total


def audit(
    target: Any,
    reference: str | None = None,
    fmt: str = "binary32",
    inputs: Any = None,
    *,
    max_ulp: float | None = None,
    processes: int | None = None,
    progress: Progress = None,
    seed: int = 0,
    samples: int = 100_000,
    shard_size: int | None = None,
    shard_timeout: float | None = DEFAULT_SHARD_TIMEOUT,
    checkpoint: str | os.PathLike | None = None,
    client: Any = None,
) -> AccuracyReport:
    """Measure ``target`` against the correctly rounded ``reference`` in ``fmt``.

    ``target`` is a name (``"numpy.tanh"``, ``"math.tanh"``, ``"torch.tanh"``,
    ``"torch.tanh:grad"``, ``"jax.numpy.tanh"``, ``"jax.numpy.tanh:grad"``, ...) or a
    callable from numpy arrays of the format's dtype to arrays of the same shape and
    dtype, or a file of recorded results (``"results.npz"``, NumPy's umath validation
    ``.csv``: :func:`~tanhproof.audits.recorded`). ``reference`` is a catalog function
    name, with ``'`` for its derivative, or an expression of one variable (``"x*sigmoid(x)"``:
    a user's own activation audited against its definition); by default the function the target computes
    (``numpy.sinh``: sinh; see :doc:`audits`), and for a gradient
    target (``":grad"``) the derivative is taken automatically.
    ``inputs`` is ``"exhaustive"``, a number of samples, ``(lo, hi)`` or an array
    (default: exhaustive for 16-bit formats, 10^6 samples otherwise; a recorded
    target's inputs are its file's)
    (``samples`` is the count for a binary64 range; the sweeps are described in :doc:`audits`).
    ``max_ulp`` makes the report count the inputs beyond it (``failed``).
    ``processes`` is the number of worker processes the target runs in (default:
    every core for large audits, 1 for small ones; 0 runs it in this process, where a
    crash of the target is a crash of the caller); ``shard_timeout`` the seconds a
    shard may take (None: no limit; not enforced with ``processes=0``);
    ``shard_size`` the inputs per shard (default 2^22, 2^16 for binary64).
    ``checkpoint`` is a file that records every finished shard and from which an
    interrupted audit resumes with the same report (see :doc:`audits`).
    ``progress`` is True for a progress bar on stderr, or a callable ``(done, total)``.
    ``client`` is a :class:`distributed.Client`: the shards then run as tasks of that
    Dask cluster (``processes`` and ``shard_timeout`` are the cluster's business; the
    report is the same as a local run's).

    A shard whose target raises, dies or does not answer in time is a failed shard
    (:attr:`AccuracyReport.shard_failures`): the audit goes on without it. Raises a
    one-line :class:`~tanhproof.TanhproofError` (a ``TargetError`` for a target that
    does not resolve, or that raises, returns the wrong shape or dtype, or modifies
    its input on the first shard it runs -- the special inputs when the audit has
    them) before the long work starts where it can.
    """
    from tanhproof.audits._recordedreport import finish_report
    from tanhproof.audits._targetdefaults import audit_defaults
    from tanhproof.audits._targets import resolve

    started = time.perf_counter()
    f = get_format(fmt)
    max_ulp = _check_options(max_ulp, processes, shard_size, shard_timeout)
    tgt = resolve(target, f.name)
    reference, inputs = audit_defaults(tgt, reference, inputs)  # what the target computes, default inputs
    name = reference_name(reference, tgt.gradient)
    parity = parity_of(name)
    size = default_shard_size(f) if shard_size is None else shard_size
    shards = plan(inputs, f, seed=seed, samples=samples, shard_size=size)
    total = sum(s.size for s in shards)
    ck = None
    if checkpoint is not None:
        from tanhproof import __version__
        from tanhproof.audits._checkpoint import Checkpoint

        header = dict(
            version=__version__,
            target=tgt.spec or tgt.name,
            reference=name,
            fmt=f.name,
            mode="nearest",
            inputs=_inputs_key(inputs, shards),
            seed=int(seed),
            samples=int(samples) if isinstance(inputs, tuple) and f.width > 32 else None,
            shard_size=size,
            max_ulp=max_ulp,
        )
        ck = Checkpoint.open(checkpoint, header)
    recorded = ck.done if ck is not None else {}
    fold = _InOrder([s.index for s in shards])
    for i in sorted(recorded):
        fold.add(i, recorded[i])
    todo = [s for s in shards if s.index not in recorded]
    # The first shard to run (the special inputs where there are some) checks the target;
    # then the largest first, so that the last ones to finish are short.
    first = next((s for s in todo if s.kind == "special"), todo[0] if todo else None)
    rest = sorted((s for s in todo if s is not first), key=lambda s: -s.size)
    if client is not None:
        processes = max(1, len(client.scheduler_info().get("workers", {})))  # the cluster's workers
    elif processes is None:
        processes = max(1, min(_cpu_count(), len(todo))) if total >= _PARALLEL_FROM else 1
    elif processes > 0:
        processes = min(processes, len(todo) or 1)
    info = dict(
        target=tgt.name,
        reference=name,
        fmt=f.name,
        inputs=describe(inputs, f, shards),
        max_ulp_limit=max_ulp,
        processes=processes,
        shards_total=len(shards),
        resumed_shards=len(recorded),
        method=(
            f"each result against {name + '(x)' if is_name(name) else name} correctly rounded to {f.name} "
            "(round to nearest): "
            "vectorized float64 kernels with a proved error bound, an arb Ziv loop "
            "(python-flint) wherever they cannot decide; ULP errors from the reference's "
            "rigorous residual"
        ),
    )
    failures: list[ShardFailure] = []
    stopped_by = ""
    bar = _progress_bar(progress, total, tgt.name)
    done = sum(t.points for t in recorded.values())
    _advance(bar, done, total, done)
    job = ShardJob(tgt, name, f.name, max_ulp, parity)
    warm_up(name, f.name, bar)  # the compiled loop built once here, inherited by forked workers
    try:
        with stop_signals(), _executor(job, processes, shard_timeout, client) as engine:
            for s in [first, *rest] if first is not None else []:
                engine.submit(s)
            for outcome in engine.outcomes():
                s = outcome.shard
                if isinstance(outcome, Done):
                    fold.add(s.index, outcome.tally)
                    if ck is not None:
                        ck.record(s.index, outcome.tally)
                else:
                    error = outcome.error
                    if error is not None and first is not None and s.index == first.index:
                        raise error.with_traceback(None)  # a broken target: nothing measured yet
                    if not _target_fault(error):
                        raise error  # type: ignore[misc]  # a bug here, not in the target
                    failures.append(ShardFailure(s.index, label(s, f), s.size, outcome.reason))
                    fold.add(s.index, None)
                done += s.size
                _advance(bar, done, total, s.size)
    except KeyboardInterrupt as exc:
        stopped_by = _stopper(exc)
    finally:
        _close(bar)
        if ck is not None:
            ck.close()
    elapsed = time.perf_counter() - started
    failures.sort(key=lambda x: x.shard)
    report = fold.result().report(
        partial=bool(stopped_by),
        stopped_by=stopped_by,
        shard_failures=tuple(failures),
        elapsed=elapsed,
        **info,
    )
    return finish_report(tgt, report)  # a recorded target's report adds its file's check
