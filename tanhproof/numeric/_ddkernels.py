"""Binary64 kernels by name: double-double values with a proved error bound, and proved constant ranges.

For each name of :data:`KERNELS64` (a catalog function or a derivative ``name'``),
:func:`split64` sorts float64 inputs into five kinds: a double-double value ``h + l``
within :data:`BOUND64` (relative) of ``f(x)``; a value ``2**e (h + l)`` below
``2**-894`` within the same bound (scaled); a value ``c + s t`` that rounds like a
real strictly beside the float64 ``c`` (:func:`~tanhproof.numeric._dddecide.beside64`);
an overflow of sign ``s``; or open (left to the arb Ziv loop).

Explanation
===========

The kernels live by family, each module with the error analysis of its kernels and
the proofs of its constant ranges: exp, tanh, sinh, cosh, sech, sigmoid and their
derivatives in :mod:`tanhproof.numeric._ddexpkernels`; log, softplus, sqrt and their
derivatives in :mod:`tanhproof.numeric._ddlogkernels`; coth, csch and the derivatives
of coth, csch and sech in :mod:`tanhproof.numeric._ddhypkernels`; asinh, acosh, atanh
and their derivatives in :mod:`tanhproof.numeric._ddinvkernels`; the exact values of
abs, sign and their derivatives in :mod:`tanhproof.numeric._ddexactkernels`; erf and erf' in
:mod:`tanhproof.numeric._dderfkernels`. A kernel value that
is NaN (a guard of :mod:`tanhproof.numeric._ddlog` failed) is never decided, so the
point goes to the arb loop. Every analysed bound is at most ``214 u**2``
(``u = 2**-53``); :data:`BOUND64` claims ``2**-98 = 256 u**2``, which also absorbs the
``O(u**3)`` terms.

Examples
========

>>> import numpy as np
>>> s = split64("tanh", np.array([0.5, 1e-20, 50.0]))
>>> s.kind.tolist(), float(s.h[0]), s.c[1:].tolist(), s.side[1:].tolist()
([0, 1, 1], 0.46211715726000974, [1e-20, 1.0], [-1, -1])
>>> float(split64("log", np.array([10.0])).h[0])
2.302585092994046
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tanhproof.numeric import _ddjit
from tanhproof.numeric._dderfkernels import ERF_KERNELS64
from tanhproof.numeric._ddexactkernels import EXACT_KERNELS64
from tanhproof.numeric._ddexp import exp_scaled
from tanhproof.numeric._ddexpkernels import BOUND64, EXP_KERNELS64
from tanhproof.numeric._ddhypkernels import HYP_KERNELS64
from tanhproof.numeric._ddinvkernels import INV_KERNELS64
from tanhproof.numeric._ddlogkernels import LOG_KERNELS64
from tanhproof.numeric._ddspec import (
    KIND_BESIDE,
    KIND_OPEN,
    KIND_OVERFLOW,
    KIND_SCALED,
    KIND_VALUE,
    Spec,
)

__all__ = [
    "BOUND64",
    "KERNELS64",
    "KIND_BESIDE",
    "KIND_OPEN",
    "KIND_OVERFLOW",
    "KIND_SCALED",
    "KIND_VALUE",
    "Split64",
    "split64",
]

#: The binary64 kernels by name (``'`` marks the first derivative).
KERNELS64: dict[str, Spec] = dict(
    sorted(
        {
            **EXP_KERNELS64,
            **LOG_KERNELS64,
            **HYP_KERNELS64,
            **INV_KERNELS64,
            **EXACT_KERNELS64,
            **ERF_KERNELS64,
        }.items()
    )
)


@dataclass
class Split64:
    """Per input: ``kind`` (``KIND_*``); ``h + l`` (value kind; ``2**e (h + l)`` for
    the scaled kind), ``c`` and ``side`` (beside kind; ``side`` is the sign for the
    overflow kind)."""

    kind: np.ndarray
    h: np.ndarray
    lo: np.ndarray
    c: np.ndarray
    side: np.ndarray
    e: np.ndarray


def _evaluate(function: str, spec: Spec, t: np.ndarray, compiled: bool) -> tuple[np.ndarray, np.ndarray]:
    found = _ddjit.kernel_values(function, t) if compiled else None
    return spec.evaluate(t) if found is None else found


def split64(function: str, x: np.ndarray, compiled: bool = True) -> Split64:
    """Sort the finite float64 inputs ``x`` of ``function`` (a name of :data:`KERNELS64`)
    into the kinds of the module docstring, with their values (with ``compiled``, the
    kernel's from the compiled twins of :mod:`tanhproof.numeric._ddjit` where
    :func:`~tanhproof.numeric._ddjit.kernel_values` gives them: the same bits)."""
    spec = KERNELS64[function]
    x = np.asarray(x, dtype=np.float64)
    t = x if spec.parity < 0 else np.abs(x)
    sign = np.where(np.signbit(x), np.int8(-1), np.int8(1))
    kind = np.full(x.shape, KIND_OPEN, dtype=np.int8)
    c = np.zeros(x.shape)
    side = np.zeros(x.shape, dtype=np.int8)
    free = np.ones(x.shape, dtype=bool)
    e = np.zeros(x.shape, dtype=np.int32)
    inside = (t >= spec.low) & (t <= spec.high)
    if inside.all() and not any(test(t).any() for test, *_ in spec.rules):
        # the common case (a block inside the kernel's range, no rule applies): no gathering
        h, lo = _evaluate(function, spec, t, compiled)
        if spec.parity == 1:  # odd: f(x) = sign(x) f(|x|)
            sgn = np.where(np.signbit(x), -1.0, 1.0)
            h, lo = h * sgn, lo * sgn
        kind[:] = KIND_VALUE
        return Split64(kind, h, lo, c, side, e)
    for test, value, s, k in spec.rules:
        hit = free & test(t)
        if not hit.any():
            continue
        kind[hit] = k
        if value is None:
            c[hit] = t[hit]
        elif callable(value):
            c[hit] = value(t[hit])
        else:
            c[hit] = value
        side[hit] = sign[hit] if s == 2 else s
        free &= ~hit
    h = np.zeros(x.shape)
    lo = np.zeros(x.shape)
    inside &= free
    idx = np.flatnonzero(inside)
    if len(idx):
        h[idx], lo[idx] = _evaluate(function, spec, t[idx], compiled)
        kind[idx] = KIND_VALUE
    if spec.tiny is not None:
        low, high, factor, scale = spec.tiny
        idx = np.flatnonzero(free & ~inside & (t >= low) & (t <= high))
        if len(idx):
            th, tl, e[idx] = exp_scaled(scale * t[idx])
            h[idx], lo[idx] = factor * th, factor * tl
            kind[idx] = KIND_SCALED
    if spec.scaled is not None:
        low, high, scaled = spec.scaled
        idx = np.flatnonzero(free & ~inside & (t >= low) & (t <= high))
        if len(idx):
            h[idx], lo[idx], e[idx] = scaled(t[idx])
            kind[idx] = KIND_SCALED
    if spec.parity == 1:  # odd: f(x) = sign(x) f(|x|)
        sgn = sign.astype(np.float64)
        h *= sgn
        lo *= sgn
        c *= sgn
        side *= sign
    return Split64(kind, h, lo, c, side, e)
