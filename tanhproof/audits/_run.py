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

**Parallelism.** Shards are independent and their tallies merge associatively, so
they run in worker processes (all cores by default for audits of more than about a
million inputs). A named target is resolved again inside each worker; a callable is
inherited by forked workers. The special inputs run first, in this process, so a
target that raises or returns the wrong shape fails at once with a one-line error.

**Interruption.** Ctrl-C (KeyboardInterrupt) stops the workers and returns the report
of the shards finished so far with ``partial=True``.

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

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from tanhproof.audits._accuracy import Tally, measure
from tanhproof.audits._accuracyreport import AccuracyReport
from tanhproof.audits._sweep import DEFAULT_SHARD, Shard, describe, plan, values
from tanhproof.numeric._bulk import BulkResult
from tanhproof.numeric._bulk import reference as bulk_reference
from tanhproof.numeric._formats import FormatError, get_format

__all__ = ["Progress", "audit", "reference_name", "run_shard"]

#: What ``progress=`` takes: True for a progress bar on stderr, a callable
#: ``(done, total)``, or False or None for no progress report.
Progress = bool | Callable[[int, int], object] | None

# Audits with at least this many inputs use worker processes by default.
_PARALLEL_FROM = 1 << 20

_STATE: dict[str, Any] = {}


def reference_name(reference: str, gradient: bool) -> str:
    """The bulk reference's name: ``reference``, with ``'`` added for a gradient target.

    >>> reference_name("tanh", True), reference_name("tanh'", True), reference_name("sigmoid", False)
    ("tanh'", "tanh'", 'sigmoid')
    """
    if not isinstance(reference, str):
        raise FormatError(f"reference must be a catalog function name such as 'tanh', got {reference!r}")
    name = reference.strip()
    if gradient and not name.endswith("'"):
        name += "'"
    from tanhproof.numeric._specials import split_name

    split_name(name)  # one-line FormatError for an unknown name
    return name


def _parity(name: str) -> str | None:
    from tanhproof.expr._catalog import CATALOG

    base = name.rstrip("'")
    parity = CATALOG[base].parity
    if parity is None or not name.endswith("'"):
        return parity
    return {"odd": "even", "even": "odd"}[parity]


#: Inputs per block inside a shard: the reference and the statistics run block by block
#: so that their temporaries stay in the processor's cache.
BLOCK = 1 << 16


def _reference(name: str, x: np.ndarray, fmt: Any, parity: str | None, mirrored: bool) -> BulkResult:
    """The reference over ``x``; with ``mirrored``, ``x`` is ``[m, -m]`` and the reference
    of an odd or even function is computed for ``m`` only."""
    if mirrored and parity is not None:
        n = len(x) // 2
        half = bulk_reference(name, x[:n], fmt, residual=True)
        assert half.residual is not None  # asked for with residual=True
        sign = -1.0 if parity == "odd" else 1.0
        vals = np.concatenate(
            [half.values, (sign * half.values.astype(np.float64)).astype(half.values.dtype)]
        )
        res = np.concatenate([half.residual, sign * half.residual])
        return BulkResult(vals, 2 * half.points, 2 * half.fallback, 2 * half.undefined, res)
    return bulk_reference(name, x, fmt, residual=True)


def run_shard(
    shard: Shard,
    target: Callable[[np.ndarray], np.ndarray],
    reference: str,
    fmt: Any,
    max_ulp: float | None = None,
    parity: str | None = None,
) -> Tally:
    """Run one shard: the target over its inputs (one call), then the reference and
    the statistics block by block."""
    x = values(shard, fmt)
    got = target(x)
    mirrored = shard.kind == "bits" and shard.signs == "+-"
    tally = Tally()
    if mirrored:
        n = len(x) // 2
        for i in range(0, n, BLOCK):
            j = min(i + BLOCK, n)
            xb = np.concatenate([x[i:j], x[n + i : n + j]])
            gb = np.concatenate([got[i:j], got[n + i : n + j]])
            tally = tally + measure(xb, gb, _reference(reference, xb, fmt, parity, True), fmt, max_ulp)
    else:
        for i in range(0, len(x), BLOCK):
            xb, gb = x[i : i + BLOCK], got[i : i + BLOCK]
            tally = tally + measure(xb, gb, _reference(reference, xb, fmt, parity, False), fmt, max_ulp)
    tally.shards = 1
    return tally


def _worker_init(
    spec: str | None, fmt: str, reference: str, max_ulp: float | None, parity: str | None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    if spec is not None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from tanhproof.audits._targets import resolve

        _STATE["target"] = resolve(spec, fmt)
        import sys

        if "torch" in sys.modules:  # one thread per worker: the processes already use every core
            sys.modules["torch"].set_num_threads(1)
    _STATE.update(fmt=fmt, reference=reference, max_ulp=max_ulp, parity=parity)


def _worker_run(shard: Shard) -> Tally:
    s = _STATE
    return run_shard(shard, s["target"], s["reference"], s["fmt"], s["max_ulp"], s["parity"])


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


def _run_parallel(target: Any, shards: list[Shard], processes: int, init: tuple) -> Iterator[Tally]:
    spec = getattr(target, "spec", None)
    heavy = spec is not None and spec.split(".")[0] in ("torch", "jax", "jnp")
    method = "spawn" if heavy or "fork" not in multiprocessing.get_all_start_methods() else "fork"
    if method == "fork":
        _STATE["target"] = target
        init = (None, *init[1:])
    ctx = multiprocessing.get_context(method)
    pool = ctx.Pool(processes, initializer=_worker_init, initargs=init)
    try:
        yield from pool.imap_unordered(_worker_run, shards, chunksize=1)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _STATE.pop("target", None)


def audit(
    target: Any,
    reference: str = "tanh",
    fmt: str = "binary32",
    inputs: Any = "exhaustive",
    *,
    max_ulp: float | None = None,
    processes: int | None = None,
    progress: Progress = None,
    seed: int = 0,
    samples: int = 100_000,
    shard_size: int = DEFAULT_SHARD,
) -> AccuracyReport:
    """Measure ``target`` against the correctly rounded ``reference`` in ``fmt``.

    ``target`` is a name (``"numpy.tanh"``, ``"math.tanh"``, ``"torch.tanh"``,
    ``"torch.tanh:grad"``, ``"jax.numpy.tanh"``, ``"jax.numpy.tanh:grad"``, ...) or a
    callable from numpy arrays of the format's dtype to arrays of the same shape and
    dtype. ``reference`` is a catalog function name, with ``'`` for its derivative;
    for a gradient target (``":grad"``) the derivative is taken automatically.
    ``inputs`` is ``"exhaustive"``, a number of samples, ``(lo, hi)`` or an array
    (``samples`` is the count for a binary64 range; the sweeps are described in :doc:`audits`).
    ``max_ulp`` makes the report count the inputs beyond it (``failed``).
    ``processes`` defaults to every core for large audits and 1 for small ones;
    ``progress`` is True for a progress bar on stderr, or a callable
    ``(done, total)``.

    Raises a one-line :class:`~tanhproof.TanhproofError` (a ``TargetError``
    for a target that does not resolve, raises, returns the wrong shape or dtype, or
    modifies its input) before the long work starts where it can.
    """
    from tanhproof.audits._targets import resolve

    started = time.perf_counter()
    f = get_format(fmt)
    if max_ulp is not None:
        if isinstance(max_ulp, bool) or not isinstance(max_ulp, (int, float)) or not max_ulp >= 0:
            raise FormatError(f"max_ulp must be a number >= 0, got {max_ulp!r}")
        max_ulp = float(max_ulp)
    if processes is not None and (
        isinstance(processes, bool) or not isinstance(processes, int) or processes < 1
    ):
        raise FormatError(f"processes must be a positive integer, got {processes!r}")
    if not isinstance(shard_size, int) or not 1 <= shard_size <= 1 << 26:
        raise FormatError(f"shard_size must be an integer in [1, 2^26], got {shard_size!r}")
    tgt = resolve(target, f.name)
    name = reference_name(reference, tgt.gradient)
    parity = _parity(name)
    shards = plan(inputs, f, seed=seed, samples=samples, shard_size=shard_size)
    total = sum(s.size for s in shards)
    specials = [s for s in shards if s.kind == "special"]
    # Largest shards first, so the last ones to finish are short.
    rest = sorted((s for s in shards if s.kind != "special"), key=lambda s: -s.size)
    if processes is None:
        processes = min(_cpu_count(), len(rest)) if total >= _PARALLEL_FROM else 1
    processes = max(1, min(processes, len(rest) or 1))
    info = dict(
        target=tgt.name,
        reference=name,
        fmt=f.name,
        inputs=describe(inputs, f, shards),
        max_ulp_limit=max_ulp,
        processes=processes,
        shards_total=len(shards),
        method=(
            f"each result against {name}(x) correctly rounded to {f.name} (round to nearest): "
            "vectorized float64 kernels with a proved error bound, an arb Ziv loop "
            "(python-flint) wherever they cannot decide; ULP errors from the reference's "
            "rigorous residual"
        ),
    )
    tally = Tally()
    partial = False
    bar = _progress_bar(progress, total, tgt.name)
    done = 0
    try:
        for s in specials:  # cheap, and it checks the target before the long work
            tally = tally + run_shard(s, tgt, name, f, max_ulp, parity)
            done += s.size
            _advance(bar, done, total, s.size)
        if processes == 1:
            results: Iterator[Tally] = (run_shard(s, tgt, name, f, max_ulp, parity) for s in rest)
        else:
            results = _run_parallel(tgt, rest, processes, (tgt.spec, f.name, name, max_ulp, parity))
        for t in results:
            tally = tally + t
            done += t.points
            _advance(bar, done, total, t.points)
    except KeyboardInterrupt:
        partial = True
    finally:
        _close(bar)
    elapsed = time.perf_counter() - started
    return tally.report(partial=partial, elapsed=elapsed, **info)
