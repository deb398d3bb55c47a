"""One shard of an audit: the target over its inputs, then the reference and the
statistics block by block.

:func:`run_shard` is what every executor runs (:class:`ShardJob` pickles it to worker
processes and Dask workers). The reference of an odd or even function is computed for
the magnitudes of a mirrored shard only (rounding to nearest is symmetric); the target
is called on :data:`CALL` inputs at a time and the blocks of :data:`BLOCK` inputs keep
the results and the temporaries in the processor's cache; the optional
compiled loop of :mod:`tanhproof.audits._fastpath` measures a block when it applies and
gives the same tally.

Examples
========

>>> import numpy as np
>>> from tanhproof.audits._sweep import plan
>>> shard = plan((1, 2), "binary16")[0]
>>> t = run_shard(shard, np.tanh, "tanh", "binary16", parity="odd")
>>> t.points, t.not_correctly_rounded
(1025, 0)
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tanhproof.audits._accuracy import Tally, measure
from tanhproof.audits._sweep import Shard, values
from tanhproof.numeric._bulk import BulkResult
from tanhproof.numeric._bulk import reference as bulk_reference
from tanhproof.numeric._exprref import is_name
from tanhproof.numeric._formats import get_format

__all__ = ["BLOCK", "CALL", "ShardJob", "parity_of", "run_shard", "warm_up"]


def parity_of(name: str) -> str | None:
    """The parity (``"odd"``, ``"even"``) of a catalog name or derivative; ``None`` for an
    expression or a function with none.

    >>> parity_of("tanh"), parity_of("tanh'"), parity_of("exp"), parity_of("x*tanh(x)")
    ('odd', 'even', None, None)
    """
    from tanhproof.expr._catalog import CATALOG

    if not is_name(name):  # an expression: no parity assumed
        return None
    base = name.rstrip("'")
    parity = CATALOG[base].parity
    if parity is None or not name.endswith("'"):
        return parity
    return {"odd": "even", "even": "odd"}[parity]


#: Inputs per block inside a shard: the reference and the statistics run block by block
#: so that their temporaries stay in the processor's cache.
BLOCK = 1 << 16
#: Inputs per call of the target inside a shard (a mirrored one: ``CALL / 2`` magnitudes
#: with both signs), a multiple of :data:`BLOCK`: the call's results, and the temporaries
#: of a framework's autograd, stay in the processor's cache until the blocks read them.
#: One call over a whole exhaustive binary32 shard (2**23 inputs) made
#: ``torch.tanh:grad`` 2.4 times as slow per input (12.3 ns against 5.1 ns in calls of
#: 2**18 inputs, one thread) and ``numpy.tanh`` 1.1 times: memory traffic. A shard of at
#: most ``CALL`` inputs is one call, as it is.
CALL = 1 << 18


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


#: What the progress bar says while :func:`warm_up` builds the compiled loop.
WARMING = (
    "building the compiled loop (numba): about a minute on the first audit after an install, then cached"
)


def warm_up(reference: str, fmt: str, bar: Any = None) -> None:
    """Build (or load from numba's cache) the compiled loop of
    :mod:`tanhproof.audits._fastpath` now, where it applies: in the audit's process before
    its workers fork, so that each worker inherits it instead of compiling it again (tens
    of seconds on a first run, about a second from the cache) before its first shard.
    A progress bar (tqdm) says :data:`WARMING` meanwhile."""
    from tanhproof.audits import _fastpath

    if not _fastpath.applies(reference, fmt):
        return
    say = getattr(bar, "set_postfix_str", None)
    if say is not None:
        say(WARMING, refresh=True)
    _fastpath.usable(reference, fmt)
    if say is not None:
        say("", refresh=False)


def _fast_path(reference: str, fmt: Any, got: np.ndarray, max_ulp: Any, numpy_path: Any) -> Any:
    """:func:`tanhproof.audits._fastpath.block_tally` for these blocks where it applies (numba
    installed, not switched off by ``TANHPROOF_NUMBA=0``; tanh, tanh', exp, log in binary32)."""
    from tanhproof.audits import _fastpath

    if got.dtype not in (np.float32, np.float64) or not _fastpath.usable(reference, fmt):
        return None
    return functools.partial(_fastpath.block_tally, reference, max_ulp, numpy_path)


def run_shard(
    shard: Shard,
    target: Callable[[np.ndarray], np.ndarray],
    reference: str,
    fmt: Any,
    max_ulp: float | None = None,
    parity: str | None = None,
) -> Tally:
    """Run one shard: the target over its inputs in calls of at most :data:`CALL` inputs
    (one call for a shard of that size or less), each followed by the reference and the
    statistics of those inputs block by block."""
    x = values(shard, fmt)
    results = getattr(target, "results", target)  # a Target: native dtype, no copy for a named one
    mirrored = shard.kind == "bits" and shard.signs == "+-"

    def numpy_path(xb: np.ndarray, gb: np.ndarray, mirror: bool) -> Tally:
        return measure(xb, gb, _reference(reference, xb, fmt, parity, mirror), fmt, max_ulp)

    fast: Any = None  # (x1, g1, x2, g2, sign) -> Tally, where the compiled loop applies
    tally = Tally()
    if mirrored:
        n = len(x) // 2
        sign = {"odd": -1.0, "even": 1.0}.get(parity or "", 0.0)  # x2 = -x1: mirrored reference
        step = max(CALL // 2, 1)  # magnitudes per call: each with both signs
        for c in range(0, n, step):
            end = min(c + step, n)
            if end - c == n:  # the whole shard in one call, as it is
                got = results(x)
            else:
                got = results(np.concatenate([x[c:end], x[n + c : n + end]]))
            g1, g2 = got[: end - c], got[end - c :]
            if c == 0:
                fast = _fast_path(reference, fmt, g1, max_ulp, numpy_path)
            for i in range(c, end, BLOCK):
                j = min(i + BLOCK, end)
                x1, x2, b1, b2 = x[i:j], x[n + i : n + j], g1[i - c : j - c], g2[i - c : j - c]
                if fast is not None:  # the compiled loop of tanhproof.audits._fastpath: the same tally
                    tally = tally + fast(x1, b1, x2, b2, sign)
                else:
                    tally = tally + numpy_path(np.concatenate([x1, x2]), np.concatenate([b1, b2]), True)
    else:
        for c in range(0, len(x), CALL):
            got = results(x[c : c + CALL])
            if c == 0:
                fast = _fast_path(reference, fmt, got, max_ulp, numpy_path)
            for i in range(0, len(got), BLOCK):
                gb = got[i : i + BLOCK]
                xb = x[c + i : c + i + len(gb)]
                tally = tally + (
                    numpy_path(xb, gb, False) if fast is None else fast(xb, gb, xb[:0], gb[:0], 0.0)
                )
    tally.shards = 1
    return tally


@dataclass(frozen=True)
class ShardJob:
    """The work of one audit, for an executor: ``job(shard)`` runs :func:`run_shard`.
    It pickles (a named target by its name, resolved again in the worker)."""

    target: Any
    reference: str
    fmt: str
    max_ulp: float | None
    parity: str | None

    def setup(self) -> None:
        """In a worker process: one thread per worker (the processes already use every core)."""
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(1)

    def __call__(self, shard: Shard) -> Tally:
        return run_shard(shard, self.target, self.reference, get_format(self.fmt), self.max_ulp, self.parity)
