"""How long an audit will take, from a timed probe of the target and the reference.

An exhaustive binary32 audit is 2^32 inputs: minutes to hours, depending on the
target (a numpy ufunc, a Python function per element) and on the reference (a fast
kernel, or the arb Ziv loop for functions without one). Before such a sweep the
command line prints an estimate: :func:`estimate` runs the target and the reference,
exactly as the audit does (:func:`tanhproof.audits._shardwork.run_shard`), on up to
:data:`PROBE_SHARDS` shards of :data:`PROBE_SIZE` magnitudes (with both signs; growing
to :data:`PROBE_SIZE_MAX` for a fast target) spread
evenly over the bit patterns, taken in an order that covers the whole range early
(bit-reversed), stopping after :data:`PROBE_SECONDS` once four shards are done (after
one small untimed shard that warms up imports and caches). A shard's fixed cost (the
calls, the tallies; what dominated a probe of the compiled audit loop, which made the
estimate of an exhaustive ``numpy.exp`` audit 2.7 times too long) is timed apart, on the
best of three shards of a few inputs: the estimate is the time per input, without it,
scaled to the whole sweep, plus that cost once per shard of the audit's plan, divided
among the processes.

It is an estimate, printed to stderr and never part of a report or a verdict: the
probe is timed by the wall clock, so it differs between machines and runs, and it
assumes the processes share the work perfectly; its shards are small enough to stay in
the processor's cache, and the audit's are not, so an audit of a fast target takes
longer than estimated (exhaustive binary32 audits of ``numpy.tanh`` and ``numpy.exp``
with the compiled loop: 1.4 times on a 2-core machine on 2026-12-05, 1.5 to 1.7 times
before the target was called in pieces); without numba the estimate of ``numpy.tanh``
was three times too long there (5 min for 100 s).

Examples
========

>>> e = estimate("numpy.tanh", "tanh", "binary16", "exhaustive", processes=1)
>>> e.total, e.probed > 0, e.seconds > 0
(63493, True, True)
>>> e.line().startswith("estimated time for 63,493 inputs: about ")
True
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import Any

from tanhproof.audits._sweep import Shard, plan
from tanhproof.numeric._formats import get_format

__all__ = ["PROBE_SHARDS", "PROBE_SIZE", "PROBE_SIZE_MAX", "Estimate", "estimate"]

#: The probe: at most this many shards of ``PROBE_SIZE`` magnitudes, each taken with both signs
#: (smaller shards would time the per-call overhead more than the work per input), four
#: times as many after a shard that took less than ``8`` times a shard's fixed cost (a
#: fast target), up to ``PROBE_SIZE_MAX``, ...
PROBE_SHARDS = 16
PROBE_SIZE = 4096
PROBE_SIZE_MAX = 1 << 16
#: ... stopping once this many seconds have passed and at least four shards are done.
PROBE_SECONDS = 1.0


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


@dataclass(frozen=True)
class Estimate:
    """An audit's estimated wall-clock time: ``total`` inputs over ``processes``, from a
    probe of ``probed`` inputs that took ``probe_seconds``."""

    total: int
    processes: int
    probed: int
    probe_seconds: float
    probe_shards: int = 0
    overhead: float = 0.0  # seconds per shard, apart from its inputs
    shards: int = 0  # shards of the audit

    @property
    def seconds(self) -> float:
        """``(per_input * total + overhead * shards) / processes``, the time per input from
        the probe less its shards' fixed cost.

        >>> Estimate(1000, 2, 100, 1.0, probe_shards=4, overhead=0.125, shards=8).seconds  # (0.005 * 1000 + 1) / 2
        3.0
        """
        per_input = max(self.probe_seconds - self.overhead * self.probe_shards, 0.0) / max(self.probed, 1)
        return (per_input * self.total + self.overhead * self.shards) / max(self.processes, 1)

    def line(self) -> str:
        plural = "process" if self.processes == 1 else "processes"
        return (
            f"estimated time for {self.total:,} inputs: about {_duration(self.seconds)} with "
            f"{self.processes} {plural} (a probe of {self.probed:,} inputs took "
            f"{self.probe_seconds:.2f} s); Ctrl-C stops it with the report of the shards done"
        )


def _probe_starts(top: int) -> list[tuple[int, int]]:
    """``(index, first magnitude's bits)`` of the probe's shards, in bit-reversed order."""
    step = max((top - 1) // PROBE_SHARDS, 1)
    bits = max(PROBE_SHARDS - 1, 1).bit_length()
    order = sorted(range(PROBE_SHARDS), key=lambda k: int(f"{k:0{bits}b}"[::-1], 2))  # 0, 8, 4, 12, ...
    return [(k, 1 + k * step) for k in order if 1 + k * step < top]


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def estimate(
    target: Any,
    reference: str | None = None,
    fmt: str = "binary32",
    inputs: Any = "exhaustive",
    *,
    processes: int | None = None,
) -> Estimate:
    """The estimated time of ``audit(target, reference, fmt, inputs)`` with ``processes``
    (default: every core); the probe runs the target and the reference in this process."""
    from tanhproof.audits._run import reference_name
    from tanhproof.audits._shardwork import parity_of as _parity
    from tanhproof.audits._shardwork import run_shard
    from tanhproof.audits._targetdefaults import audit_defaults
    from tanhproof.audits._targets import resolve

    f = get_format(fmt)
    tgt = resolve(target, f.name)
    reference, inputs = audit_defaults(tgt, reference, inputs)
    name = reference_name(reference, tgt.gradient)
    parity = _parity(name)
    shards = plan(inputs, f)
    total = sum(s.size for s in shards)
    top = ((1 << f.exponent_bits) - 1) << f.fraction_bits  # the largest finite magnitude's bits + 1
    run_shard(Shard("bits", 1, 1 + PROBE_SIZE // 16), tgt, name, f, None, parity)  # warm-up: imports, caches
    overhead = math.inf
    for _ in range(3):  # a shard's fixed cost: 16 normal magnitudes, both signs
        started = time.perf_counter()
        run_shard(Shard("bits", top // 2, top // 2 + 16, signs="+-"), tgt, name, f, None, parity)
        overhead = min(overhead, time.perf_counter() - started)
    started = time.perf_counter()
    probed = done = 0
    size = PROBE_SIZE
    for k, start in _probe_starts(top):
        if done >= 4 and time.perf_counter() - started >= PROBE_SECONDS:
            break
        s = Shard("bits", start, min(start + size, top), signs="+-", index=k)
        before = time.perf_counter()
        run_shard(s, tgt, name, f, None, parity)
        if time.perf_counter() - before < 8 * overhead:
            size = min(4 * size, PROBE_SIZE_MAX)
        probed += s.size
        done += 1
    elapsed = time.perf_counter() - started
    workers = processes if processes else _cpu_count()
    return Estimate(total, workers, probed, elapsed, done, overhead, len(shards))
