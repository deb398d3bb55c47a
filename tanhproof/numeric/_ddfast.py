"""The binary64 fast path of :func:`tanhproof.numeric._bulk.reference`.

:func:`fast64` rounds ``f(x)`` to binary64 for the inputs that the double-double kernels
(:mod:`tanhproof.numeric._ddkernels`) and the rounding decisions
(:mod:`tanhproof.numeric._dddecide`) settle, and says which those are; the caller sends
the others to the arb Ziv loop. With numba (the ``fast`` extra), the kernel inputs of
the functions of :data:`tanhproof.numeric._ddjit.KINDS` go through a compiled loop with
the same kernels, decision and residual, bit for bit (:func:`_compiled`;
:func:`tanhproof.numeric._ddjit.loop` says when).

Examples
========

>>> import numpy as np
>>> values, decided, _ = fast64("tanh", np.array([0.5, -1e-300, 100.0]), "down")
>>> values.tolist() == [0.46211715726000974, -1e-300, 1 - 2.0**-53], decided.tolist()
(True, [True, True, True])
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from tanhproof.numeric import _ddjit
from tanhproof.numeric._dddecide import beside64, decide64, decide64_scaled, overflow64
from tanhproof.numeric._ddkernels import (
    BOUND64,
    KERNELS64,
    KIND_BESIDE,
    KIND_OVERFLOW,
    KIND_SCALED,
    KIND_VALUE,
    split64,
)
from tanhproof.numeric._ulps import ulp_array

__all__ = ["fast64"]

#: Inputs per block: large enough to amortise numpy's per-call cost, small enough to
#: keep the temporaries in cache.
BLOCK = 1 << 13
#: Inputs per block with the compiled loop, which makes no temporaries: numpy's work
#: around it (the split, the inputs left to the numpy path) costs per call.
COMPILED_BLOCK = 1 << 16


_MIRROR = {"up": "down", "down": "up", "nearest": "nearest", "zero": "zero"}


def _scaled(
    h: np.ndarray, lo: np.ndarray, e: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`~tanhproof.numeric._dddecide.decide64_scaled` for values of either sign: a
    negative value is the mirror of a positive one (``up`` and ``down`` exchanged)."""
    negative = h < 0
    if not negative.any():
        return decide64_scaled(h, lo, e, BOUND64, mode)
    v, ok, units, quantum = decide64_scaled(np.abs(h), np.where(negative, -lo, lo), e, BOUND64, mode)
    if negative.all():
        m = decide64_scaled(-h, -lo, e, BOUND64, _MIRROR[mode])
        return -m[0], m[1], -m[2], m[3]
    i = np.flatnonzero(negative)
    m = decide64_scaled(-h[i], -lo[i], e[i], BOUND64, _MIRROR[mode])
    v[i], ok[i], units[i], quantum[i] = -m[0], m[1], -m[2], m[3]
    return v, ok, units, quantum


def _block(
    function: str, x: np.ndarray, mode: str, residual: bool, compiled: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` of one block by :func:`split64` and the numpy
    decisions (``compiled``: as :func:`split64`'s)."""
    s = split64(function, x, compiled)
    values = np.full(x.shape, np.nan)
    decided = np.zeros(x.shape, dtype=bool)
    res = np.full(x.shape, np.nan) if residual else None
    if not residual and not KERNELS64[function].rounded and (s.kind == KIND_VALUE).all():
        return (*decide64(s.h, s.lo, BOUND64, mode), None)  # the common case: no gathering
    idx = np.flatnonzero(s.kind == KIND_VALUE)
    if len(idx):
        h, lo = s.h[idx], s.lo[idx]
        if KERNELS64[function].rounded:  # f lies beside h = RN(f) on the side of l
            v, ok = beside64(h, np.sign(lo).astype(np.int8), mode), np.isfinite(h)
        else:
            v, ok = decide64(h, lo, BOUND64, mode)
        values[idx] = v
        decided[idx] = ok
        if res is not None:
            # v is h's neighbour or h itself: h - v is exact.
            res[idx] = ((h - v) + lo) / ulp_array(v, "binary64")
    idx = np.flatnonzero(s.kind == KIND_SCALED)
    if len(idx):
        v, ok, units, quantum = _scaled(s.h[idx], s.lo[idx], s.e[idx], mode)
        values[idx] = v
        decided[idx] = ok
        if res is not None:
            res[idx] = units * (quantum / ulp_array(v, "binary64"))
    idx = np.flatnonzero(s.kind == KIND_BESIDE)
    if len(idx):
        c = s.c[idx]
        v = beside64(c, s.side[idx], mode)
        values[idx] = v
        decided[idx] = True
        if res is not None:
            with np.errstate(invalid="ignore"):
                res[idx] = (c - v) / ulp_array(v, "binary64")
    idx = np.flatnonzero(s.kind == KIND_OVERFLOW)
    if len(idx):
        v = overflow64(s.side[idx], mode)
        values[idx] = v
        # With a residual asked for, a finite value (far below f) is left to the loop.
        decided[idx] = True if res is None else ~np.isfinite(v)
    return values, decided, res


def _compiled(
    run: Callable[..., None], function: str, x: np.ndarray, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`_block` with the inputs of kind "value" in the compiled loop of
    :mod:`tanhproof.numeric._ddjit` (the same kernels, decision and residual, bit for
    bit): which inputs those are is decided here, as
    :func:`~tanhproof.numeric._ddkernels.split64` decides it; the others take the numpy
    path."""
    spec = KERNELS64[function]
    t = x if spec.parity < 0 else np.abs(x)
    free = (t >= spec.low) & (t <= spec.high)
    for test, *_ in spec.rules:
        free &= ~test(t)
    values = np.empty(x.shape)
    decided = np.zeros(x.shape, dtype=bool)
    res = np.full(x.shape, np.nan)
    kind = _ddjit.KINDS[function]
    k = _ddjit.cached_constants(kind in _ddjit.ERF_KINDS)
    run(kind, _ddjit.MODES[mode], x, _ddjit.guesses(kind, x, free, k, run), free, k, values, decided, res)
    if not free.all():
        rest = np.flatnonzero(~free)
        values[rest], decided[rest], rest_res = _block(function, x[rest], mode, residual)
        if rest_res is not None:
            res[rest] = rest_res
    return values, decided, res if residual else None


def fast64(
    function: str, x: np.ndarray, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` for finite float64 inputs ``x`` of a function of
    :data:`~tanhproof.numeric._ddkernels.KERNELS64`: the binary64 rounding under
    ``mode`` where ``decided``, and ``(f(x) - value) / ulp(value)`` if ``residual``."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    block: Callable[[str, np.ndarray, str, bool], tuple[np.ndarray, np.ndarray, np.ndarray | None]] = _block
    run = _ddjit.loop(len(x)) if function in _ddjit.KINDS else None
    size = BLOCK
    if run is not None:
        block = functools.partial(_compiled, run)
        size = COMPILED_BLOCK
    if len(x) <= size:
        return block(function, x, mode, residual)
    parts = [block(function, x[i : i + size], mode, residual) for i in range(0, len(x), size)]
    values = np.concatenate([p[0] for p in parts])
    decided = np.concatenate([p[1] for p in parts])
    res = np.concatenate([p[2] for p in parts if p[2] is not None]) if residual else None
    return values, decided, res
