"""The binary32 kernels of tanh, tanh', exp and log over a run of inputs, in loops a compiler vectorizes.

The compiled audit loop (:mod:`tanhproof.audits._fastpath`, the ``fast`` extra) asks for
the kernel's ``(c, d)`` of a few hundred inputs at a time. :func:`cd_run` writes them,
**bit for bit** the values of :func:`tanhproof.numeric._kernelsjit.kernel` (and so of
the numpy kernels of :mod:`tanhproof.numeric._kernels` and
:mod:`tanhproof.numeric._logkernels`, whose error analyses therefore apply), but in
loops that LLVM turns into SIMD code: several inputs per instruction instead of one.

Explanation
===========

Three things keep a loop from being vectorized, and each is avoided here:

- **branches** of the kernels (``|x| < 2**-5`` or not): both sides are computed and one
  is selected, which gives the same bits, since each side is the same sequence of
  operations as in the branch it replaces;
- **table lookups** (``2**(j/64)`` of exp, ``log(j/128)`` and ``128/j`` of log): a
  gather, which LLVM declines on these processors, so a run is split into three
  loops: the vectorized part before the lookup writes the index to scratch, a short
  scalar loop does the lookups, and a vectorized loop finishes;
- **constants read from an array** inside the loop (the compiler cannot prove that the
  output arrays do not overlap the constants, so it reloads them in every iteration):
  they are read once into a tuple before the loops.

Every operation keeps its order and operands: multiplying by a table entry and then by a
power of two is :func:`~tanhproof.numeric._kernelsjit.exp_approx`'s ``t * p * 2**n``.
``tests/audits/test_fastpath.py`` compares :func:`cd_run` with the numpy kernels bit for
bit over millions of inputs, as it does the scalar kernels.

Without numba the functions run as plain Python (slowly, same results); :func:`compiled`
compiles them.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._kernelsjit import KINDS, constants, kernel
>>> x = np.array([0.01, 2.0, -3.5], dtype=np.float32)
>>> c, d, s = np.empty(3), np.empty(3), Scratch(3)
>>> cd_run(KINDS["tanh"], x, 0, 3, constants(), c, d, s.f, s.i)
>>> all((c[i], d[i]) == kernel(KINDS["tanh"], float(x[i]), constants()) for i in range(3))
True
"""

from __future__ import annotations

import functools
import math
import sys
from typing import Any

import numpy as np

from tanhproof.numeric import _kernelsjit as kj

__all__ = ["RUN", "Scratch", "cd_run", "compiled"]

#: Inputs per run: the scratch arrays stay in the first-level cache.
RUN = 256

_N = {"tanh": kj._N_TANH_Q, "expm1": kj._N_EXPM1_Q, "exp": kj._N_EXP_P, "q8": kj._N_Q8, "q11": kj._N_Q11}
_NT, _NM1, _NE, _N8, _N11 = _N["tanh"], _N["expm1"], _N["exp"], _N["q8"], _N["q11"]


class Scratch:
    """Scratch arrays for :func:`cd_run` of up to ``n`` inputs: ``f`` (float64, 3 rows)
    and ``i`` (int64), allocated once per block outside the compiled code (which
    allocates nothing).

    Examples
    ========

    >>> Scratch(4).f.shape, Scratch(4).i.dtype.name
    ((3, 4), 'int64')
    """

    def __init__(self, n: int = RUN) -> None:
        self.f = np.empty((3, n))
        self.i = np.empty(n, dtype=np.int64)


#: 1.5 * 2**52: for an integer-valued or any double ``v`` with ``|v| < 2**51``, ``v +
#: _MAGIC`` is ``rint(v) + _MAGIC`` exactly (the addition rounds to an integer, ties to
#: even, as ``np.rint``), whose bits minus :data:`_MAGIC_BITS` are ``rint(v)`` as an
#: integer: a conversion to int64 that AVX2 vectorizes (it has no packed double-to-int64
#: conversion, so ``np.int64(v)`` took four scalar ones per vector); and the other way,
#: the double with the bits of ``_MAGIC_BITS + n`` is ``_MAGIC + n`` for ``|n| < 2**51``.
_MAGIC = 6755399441055744.0
_MAGIC_BITS = 0x4338000000000000


def _fixed(k: Any, n: int) -> tuple[float, ...]:
    """``tuple(k[:n])`` (compiled: numba's ``to_fixed_tuple``, ``n`` a compile-time constant)."""
    return tuple(float(v) for v in k[:n])


def _horner(c: tuple[float, ...], z: float) -> float:
    out = c[len(c) - 1]
    for i in range(len(c) - 2, -1, -1):
        out = out * z + c[i]
    return out


def _exp_head(t: Any, m: int, k: Any, f: Any, ki: Any) -> None:
    """exp_approx up to its table lookup, for ``t[:m]``: ``f[0] = 2**(j/64) * p(r)`` and
    ``ki`` the reduction's integer."""
    p6 = _fixed(k[kj._EXP_P :], _NE)
    inv, hi, lo = k[kj._INV_STEP], k[kj._STEP_HI], k[kj._STEP_LO]
    for j in range(m):
        kk = np.rint(t[j] * inv)
        r = (t[j] - kk * hi) - kk * lo
        ki[j] = kj.bits64(kk + _MAGIC) - _MAGIC_BITS  # np.int64(kk) (see _MAGIC)
        f[0, j] = _horner(p6, r)
    for j in range(m):  # the lookup: scalar
        f[0, j] = k[kj._TABLE + (ki[j] & 63)] * f[0, j]


def _scale(w: float, n: int) -> float:
    return w * kj.from_bits64(((n >> 6) + 1023) << 52)


def _odd_run(kind: int, x: Any, start: int, m: int, k: Any, c: Any, d: Any, f: Any, ki: Any) -> None:
    """tanh (kind 0) and tanh' (kind 1): exp at ``-2 min(|x|, 300)``."""
    q = _fixed(k[kj._TANH_Q :], _NT)
    for j in range(m):
        f[1, j] = -2.0 * min(abs(np.float64(x[start + j])), 300.0)
    _exp_head(f[1], m, k, f, ki)
    for j in range(m):
        xv = np.float64(x[start + j])
        a = min(abs(xv), 300.0)
        z = a * a
        tmi = (z * a) * _horner(q, z)
        w = _scale(f[0, j], ki[j])
        small = a < kj._SMALL
        if kind == 0:
            s = math.copysign(1.0, xv)
            c[j] = (a if small else 1.0) * s
            d[j] = (tmi if small else -2.0 * w / (1.0 + w)) * s
        else:
            t = a + tmi
            one = 1.0 + w
            c[j] = 1.0 if small else 0.0
            d[j] = -(t * t) if small else 4.0 * w / (one * one)


def _small_only(x: Any, start: int, m: int) -> bool:
    """Whether every input of the run has ``|x| < 2**-5``: the kernels' small branch."""
    n: Any = 0
    for j in range(m):
        n += abs(np.float64(x[start + j])) < kj._SMALL
    return n == m


def _small_run(kind: int, x: Any, start: int, m: int, k: Any, c: Any, d: Any) -> None:
    """:func:`_odd_run` and :func:`_exp_run` on a run of :func:`_small_only` inputs: the
    small branch alone, the same operations, so the same bits, without the exp head and
    its table lookups (about half of all binary32 inputs are such)."""
    if kind == 2:
        qm = _fixed(k[kj._EXPM1_Q :], _NM1)
        for j in range(m):
            t = np.float64(x[start + j])
            c[j] = 1.0
            d[j] = t * _horner(qm, t)
        return
    q = _fixed(k[kj._TANH_Q :], _NT)
    for j in range(m):
        xv = np.float64(x[start + j])
        a = abs(xv)
        z = a * a
        tmi = (z * a) * _horner(q, z)
        if kind == 0:
            s = math.copysign(1.0, xv)
            c[j] = a * s
            d[j] = tmi * s
        else:
            t = a + tmi
            c[j] = 1.0
            d[j] = -(t * t)


def _exp_run(x: Any, start: int, m: int, k: Any, c: Any, d: Any, f: Any, ki: Any) -> None:
    q = _fixed(k[kj._EXPM1_Q :], _NM1)
    for j in range(m):
        f[1, j] = min(max(np.float64(x[start + j]), -700.0), 700.0)
    _exp_head(f[1], m, k, f, ki)
    for j in range(m):
        t = f[1, j]
        small = abs(t) < kj._SMALL
        c[j] = 1.0 if small else 0.0
        d[j] = t * _horner(q, t) if small else _scale(f[0, j], ki[j])


def _log_run(x: Any, start: int, m: int, k: Any, c: Any, d: Any, f: Any, ki: Any) -> None:
    """log at positive ``x`` (others give meaningless values, never used)."""
    q8, q11 = _fixed(k[kj._Q8 :], _N8), _fixed(k[kj._Q11 :], _N11)
    for j in range(m):  # frexp from the bits, the 181/256 shift, the table index
        b = kj.bits64(np.float64(x[start + j]))
        e = ((b >> 52) & 0x7FF) - 1022
        mm = kj.from_bits64((b & 0xFFFFFFFFFFFFF) | (1022 << 52))
        low = mm < 181 / 256
        mm = 2.0 * mm if low else mm
        f[1, j] = kj.from_bits64(_MAGIC_BITS + (e - 1 if low else e)) - _MAGIC  # float(e), exactly
        f[2, j] = mm
        rounded = mm * 128.0 + _MAGIC  # rint(mm * 128) + _MAGIC, exactly (see _MAGIC)
        ki[j] = kj.bits64(rounded) - _MAGIC_BITS
        c[j] = rounded - _MAGIC  # float(ki[j]), exactly
    for j in range(m):  # the lookups: scalar (f[0] holds 128/j, d the table's log(j/128))
        f[0, j] = k[kj._LOG_INV + ki[j]]
        d[j] = k[kj._LOG_T + ki[j]]
    hi, lo = k[kj._LN2_HI], k[kj._LN2_LO]
    for j in range(m):
        ef = f[1, j]
        r = (f[2, j] - c[j] * (1.0 / 128)) * f[0, j]
        p = r + (r * r) * _horner(q8, r)
        far = (ef * hi + d[j]) + (p + ef * lo)
        r1 = np.float64(x[start + j]) - 1.0
        near = abs(r1) < kj._SMALL
        c[j] = r1 if near else 0.0
        d[j] = (r1 * r1) * _horner(q11, r1) if near else far


def cd_run(kind: int, x: Any, start: int, m: int, k: Any, c: Any, d: Any, f: Any, ki: Any) -> None:
    """``c[j], d[j] = kernel(kind, x[start + j])`` for ``j < m`` (``m <= RUN``; ``f``,
    ``ki``: a :class:`Scratch`'s arrays; ``k``: :func:`~tanhproof.numeric._kernelsjit.constants`).

    Examples
    ========

    >>> from tanhproof.numeric._kernelsjit import KINDS, constants
    >>> c, d, s = np.empty(1), np.empty(1), Scratch(1)
    >>> cd_run(KINDS["log"], np.array([2.0]), 0, 1, constants(), c, d, s.f, s.i)
    >>> float(c[0]), float(d[0])
    (0.0, 0.6931471805599453)
    """
    if kind != 3 and _small_only(x, start, m):
        _small_run(kind, x, start, m, k, c, d)
    elif kind == 0 or kind == 1:
        _odd_run(kind, x, start, m, k, c, d, f, ki)
    elif kind == 2:
        _exp_run(x, start, m, k, c, d, f, ki)
    else:
        _log_run(x, start, m, k, c, d, f, ki)


_COMPILED = (
    "_horner",
    "_exp_head",
    "_small_only",
    "_small_run",
    "_scale",
    "_odd_run",
    "_exp_run",
    "_log_run",
    "cd_run",
)


@functools.cache
def compiled() -> Any:
    """:func:`cd_run` compiled by numba (everything it calls inlined into it, cached
    under a key of the kernels' sources: :func:`tanhproof.numeric._jit.stamp`); this
    module's names are replaced by the compiled functions. Raises
    ``ModuleNotFoundError`` without numba."""
    from numba.np.unsafe.ndarray import to_fixed_tuple

    from tanhproof.numeric import _kernels, _logkernels
    from tanhproof.numeric._jit import jit, stamp

    kj.compiled()  # bits64, from_bits64 as bitcasts
    g = globals()
    g["_fixed"] = to_fixed_tuple
    key = stamp(_kernels, _logkernels, kj, sys.modules[__name__])
    for name in _COMPILED:
        g[name] = jit(g[name], inline=name != "cd_run", key=key)
    return g["cd_run"]
