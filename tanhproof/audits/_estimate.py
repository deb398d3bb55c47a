"""How long an audit will take, from a timed probe of the target and the reference.

An exhaustive binary32 audit is 2^32 inputs: minutes to hours, depending on the
target (a numpy ufunc, a Python function per element) and on the reference (a fast
kernel, or the arb Ziv loop for functions without one). Before such a sweep the
command line prints an estimate: :func:`estimate` runs the target and the reference,
exactly as the audit does (:func:`tanhproof.audits._shardwork.run_shard`), on up to
:data:`PROBE_SHARDS` shards of :data:`PROBE_SIZE` magnitudes (with both signs) spread
evenly over the bit patterns, taken in an order that covers the whole range early
(bit-reversed), stopping after :data:`PROBE_SECONDS` once four shards are done (after
one small untimed shard that warms up imports and caches); it
scales the time per input to the whole sweep divided among the processes.

It is an estimate, printed to stderr and never part of a report or a verdict: the
probe is timed by the wall clock, so it differs between machines and runs, and it
assumes the processes share the work perfectly.

Examples
========

>>> e = estimate("numpy.tanh", "tanh", "binary16", "exhaustive", processes=1)
>>> e.total, e.probed > 0, e.seconds > 0
(63493, True, True)
>>> e.line().startswith("estimated time for 63,493 inputs: about ")
True
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from tanhproof.audits._sweep import Shard, plan
from tanhproof.numeric._formats import get_format

__all__ = ["PROBE_SHARDS", "PROBE_SIZE", "Estimate", "estimate"]

#: The probe: at most this many shards of ``PROBE_SIZE`` magnitudes, each taken with both signs
#: (smaller shards would time the per-call overhead more than the work per input), ...
PROBE_SHARDS = 16
PROBE_SIZE = 4096
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

    @property
    def seconds(self) -> float:
        return self.probe_seconds / max(self.probed, 1) * self.total / max(self.processes, 1)

    def line(self) -> str:
        plural = "process" if self.processes == 1 else "processes"
        return (
            f"estimated time for {self.total:,} inputs: about {_duration(self.seconds)} with "
            f"{self.processes} {plural} (a probe of {self.probed:,} inputs took "
            f"{self.probe_seconds:.2f} s); Ctrl-C stops it with the report of the shards done"
        )


def _probe_shards(top: int) -> list[Shard]:
    step = max((top - 1) // PROBE_SHARDS, 1)
    out = []
    bits = max(PROBE_SHARDS - 1, 1).bit_length()
    order = sorted(range(PROBE_SHARDS), key=lambda k: int(f"{k:0{bits}b}"[::-1], 2))  # 0, 8, 4, 12, ...
    for k in order:
        start = 1 + k * step
        stop = min(start + PROBE_SIZE, top)
        if start < stop:
            out.append(Shard("bits", start, stop, signs="+-", index=k))
    return out


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
    total = sum(s.size for s in plan(inputs, f))
    top = ((1 << f.exponent_bits) - 1) << f.fraction_bits  # the largest finite magnitude's bits + 1
    probes = _probe_shards(top)
    run_shard(Shard("bits", 1, 1 + PROBE_SIZE // 16), tgt, name, f, None, parity)  # warm-up: imports, caches
    started = time.perf_counter()
    probed = 0
    for k, s in enumerate(probes):
        if k >= 4 and time.perf_counter() - started >= PROBE_SECONDS:
            break
        run_shard(s, tgt, name, f, None, parity)
        probed += s.size
    elapsed = time.perf_counter() - started
    workers = processes if processes else _cpu_count()
    return Estimate(total, workers, probed, elapsed)
