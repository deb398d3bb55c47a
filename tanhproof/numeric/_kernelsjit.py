"""Compiled (numba) scalar twins of the binary32 kernels of tanh, tanh', exp and log.

The optional fast path of an exhaustive binary32 audit (the ``fast`` extra,
``pip install "tanhproof[fast]"``): the float64 kernels of
:mod:`tanhproof.numeric._kernels` (``tanh``, ``tanh'``, ``exp``) and
:mod:`tanhproof.numeric._logkernels` (``log``) written one element at a time, and the
decision of :func:`tanhproof.numeric._bulk._fast` for round to nearest in binary32
(:func:`decide`), so that numba compiles them into one loop without temporaries.

Explanation
===========

Each function here performs the **same float64 operations in the same order, with the
same constants** (taken from the numpy modules, never recomputed: :func:`constants`
packs them into one array that every function receives as an argument, so a compiled
and cached function cannot keep stale constants) as its numpy original. Its results
are therefore the numpy kernel's bit for bit, and the error analyses in the
docstrings of :mod:`tanhproof.numeric._kernels` and :mod:`tanhproof.numeric._logkernels`
(relative error of ``d`` at most :data:`~tanhproof.numeric._kernels.BOUND`) apply
unchanged. What makes it so is not this text but the test
``tests/audits/test_fastpath.py``, which compares the compiled kernels with the numpy
ones bit for bit over millions of binary32 inputs (every binade, both signs, the
kernels' branch boundaries): a compiler that contracted ``a*b + c`` into a fused
multiply-add, reassociated a sum or used another ``exp`` would fail it. numba compiles
without ``fastmath`` (the default), which keeps IEEE semantics and no contraction.

Without numba every function still runs, as plain Python on floats (slowly, and with
the same results): :func:`compiled` is where numba comes in, replacing this module's
functions by compiled ones on first use (cached on disk, ``cache=True``).

Examples
========

>>> k = constants()
>>> c, d = tanh_cd(2.0, k)
>>> float(c), bool(d < 0), bool(abs((c + d) - 0.9640275800758169) < 1e-15)
(1.0, True, True)
>>> float(decide(KINDS["tanh"], 0.5, k)[0]), float(decide(KINDS["exp"], 88.5, k)[0])
(0.46211716532707214, 2.723087918012828e+38)
>>> kernels = compiled()  # doctest: +SKIP
>>> kernels.tanh_cd(2.0, k) == (c, d)  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
import importlib.util
import math
import struct
import types
from fractions import Fraction

import numpy as np

from tanhproof.numeric import _kernels as _k
from tanhproof.numeric import _logkernels as _lk
from tanhproof.numeric._jit import jit

__all__ = [
    "KINDS",
    "available",
    "bits64",
    "compiled",
    "constants",
    "decide",
    "decide_cd",
    "exp_approx",
    "exp_cd",
    "fma",
    "from_bits64",
    "horner",
    "jit",
    "kernel",
    "log_approx",
    "log_cd",
    "per_ulp32",
    "sech2_cd",
    "tanh_cd",
    "ulp32",
]

#: The functions with a compiled kernel, and their number in the compiled code.
KINDS: dict[str, int] = {"tanh": 0, "tanh'": 1, "exp": 2, "log": 3}

# Offsets of the constants in the array of :func:`constants` (numba reads them as
# compile-time integers; the arrays themselves come from the numpy modules).
_TABLE = 0  # 2**(j/64), 64 entries
_INV_STEP, _STEP_HI, _STEP_LO = 64, 65, 66
_TANH_Q, _N_TANH_Q = 67, len(_k._TANH_Q)
_EXPM1_Q, _N_EXPM1_Q = _TANH_Q + _N_TANH_Q, len(_k._EXPM1_Q)
_EXP_P, _N_EXP_P = _EXPM1_Q + _N_EXPM1_Q, len(_k._EXP_P)
_LOG_T = _EXP_P + _N_EXP_P  # log(j/128), j = 0..181
_LOG_INV = _LOG_T + len(_lk._T)  # 128/j
_LN2_HI = _LOG_INV + len(_lk._INV)
_LN2_LO = _LN2_HI + 1
_Q8, _N_Q8 = _LN2_LO + 1, len(_lk._LOG1P_Q8)
_Q11, _N_Q11 = _Q8 + _N_Q8, len(_lk._LOG1P_Q11)
_SMALL = 2.0**-5
_BOUND = _k.BOUND
_MIN_NORMAL = 2.0**-126
_MIN_SUBNORMAL = 2.0**-149
_PER_MIN_SUBNORMAL = 2.0**149
# _bulk._fast's powers of two, as constants (numba computes ``2.0**-52`` in a function by pow())
_ULP1, _EPS_REL, _EPS_ABS = 2.0**-52, 2.0**-40, 2.0**-1000


def bits64(v: float) -> int:
    """The bits of the float64 ``v`` as a signed 64-bit integer (compiled: one bitcast).

    Examples
    ========

    >>> hex(bits64(1.0)), bits64(-0.0) < 0
    ('0x3ff0000000000000', True)
    """
    return int(struct.unpack("<q", struct.pack("<d", v))[0])


def fma(a: float, b: float, c: float) -> float:
    """``a b + c`` rounded once to nearest (compiled: LLVM's ``fma``, one instruction on
    a CPU with fused multiply-add). In Python it is computed exactly with fractions (for
    tests: nothing outside compiled code calls it).

    Examples
    ========

    >>> a = 1.0 + 2.0**-30
    >>> fma(a, a, -(a * a)) == 2.0**-60
    True
    """
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    try:
        return float(exact)
    except OverflowError:
        return math.copysign(math.inf, exact)


def from_bits64(n: int) -> float:
    """The float64 whose bits are the signed 64-bit integer ``n`` (the inverse of :func:`bits64`).

    Examples
    ========

    >>> from_bits64(0x3FF0000000000000), from_bits64((1023 - 1000) << 52) == 2.0**-1000
    (1.0, True)
    """
    return float(struct.unpack("<d", struct.pack("<q", n))[0])


def constants() -> np.ndarray:
    """The kernels' constants, from :mod:`tanhproof.numeric._kernels` and
    :mod:`tanhproof.numeric._logkernels`, packed into one float64 array.

    Examples
    ========

    >>> k = constants()
    >>> bool(k[_INV_STEP] == _k._INV_STEP), bool(k[_Q11 + _N_Q11 - 1] == _lk._LOG1P_Q11[-1])
    (True, True)
    """
    parts = [
        _k._TABLE,
        [_k._INV_STEP, _k._STEP_HI, _k._STEP_LO],
        _k._TANH_Q,
        _k._EXPM1_Q,
        _k._EXP_P,
        _lk._T,
        _lk._INV,
        [_lk._LN2_HI, _lk._LN2_LO],
        _lk._LOG1P_Q8,
        _lk._LOG1P_Q11,
    ]
    out = np.concatenate([np.asarray(p, dtype=np.float64) for p in parts])
    assert out.size == _Q11 + _N_Q11  # the offsets above match the numpy modules
    return out


def horner(k: np.ndarray, start: int, n: int, z: float) -> float:
    """:func:`tanhproof.numeric._kernels.horner` of the ``n`` coefficients at ``k[start:]``.

    Examples
    ========

    >>> float(horner(np.array([1.0, 2.0, 3.0]), 0, 3, 2.0))
    17.0
    """
    out = k[start + n - 1]
    for i in range(start + n - 2, start - 1, -1):
        out = out * z + k[i]
    return out


def exp_approx(x: float, k: np.ndarray) -> float:
    """:func:`tanhproof.numeric._kernels.exp_approx` at one ``x`` (``|x| <= 700``).

    Examples
    ========

    >>> float(exp_approx(1.0, constants()))
    2.718281828459045
    """
    kk = np.rint(x * k[_INV_STEP])
    r = (x - kk * k[_STEP_HI]) - kk * k[_STEP_LO]
    ki = int(kk)
    p = horner(k, _EXP_P, _N_EXP_P, r)
    # np.ldexp(y, n) as y * 2**n: both exact, the result being normal for |x| <= 700
    return k[_TABLE + (ki & 63)] * p * from_bits64(((ki >> 6) + 1023) << 52)


def _tanh_minus_identity(a: float, k: np.ndarray) -> float:
    z = a * a
    return (z * a) * horner(k, _TANH_Q, _N_TANH_Q, z)


def tanh_cd(x: float, k: np.ndarray) -> tuple[float, float]:
    """``(c, d)`` of the ``tanh`` kernel of :mod:`tanhproof.numeric._kernels` at ``x``.

    Examples
    ========

    >>> [float(v) for v in tanh_cd(-0.0, constants())]  # as the numpy kernel: d = (0 * -1/3) * -1
    [-0.0, 0.0]
    """
    a = min(abs(x), 300.0)
    s = math.copysign(1.0, x)
    if a < _SMALL:
        return a * s, _tanh_minus_identity(a, k) * s
    w = exp_approx(-2.0 * a, k)
    return 1.0 * s, (-2.0 * w / (1.0 + w)) * s


def sech2_cd(x: float, k: np.ndarray) -> tuple[float, float]:
    """``(c, d)`` of the ``tanh'`` (sech^2) kernel of :mod:`tanhproof.numeric._kernels`.

    Examples
    ========

    >>> [float(v) for v in sech2_cd(0.0, constants())]
    [1.0, -0.0]
    """
    a = min(abs(x), 300.0)
    if a < _SMALL:
        t = a + _tanh_minus_identity(a, k)
        return 1.0, -(t * t)
    w = exp_approx(-2.0 * a, k)
    one = 1.0 + w
    return 0.0, 4.0 * w / (one * one)


def exp_cd(x: float, k: np.ndarray) -> tuple[float, float]:
    """``(c, d)`` of the ``exp`` kernel of :mod:`tanhproof.numeric._kernels`.

    Examples
    ========

    >>> [float(v) for v in exp_cd(0.0, constants())]
    [1.0, 0.0]
    """
    x = min(max(x, -700.0), 700.0)
    if abs(x) < _SMALL:
        return 1.0, x * horner(k, _EXPM1_Q, _N_EXPM1_Q, x)
    return 0.0, exp_approx(x, k)


def log_approx(x: float, k: np.ndarray) -> float:
    """:func:`tanhproof.numeric._logkernels.log_approx` at one positive normal ``x``.

    Examples
    ========

    >>> float(log_approx(2.0, constants()))
    0.6931471805599453
    """
    b = bits64(x)  # np.frexp from the bits, exactly: x = m 2**e, m in [1/2, 1)
    e = ((b >> 52) & 0x7FF) - 1022
    m = from_bits64((b & 0xFFFFFFFFFFFFF) | (1022 << 52))
    if m < 181 / 256:
        m = 2.0 * m
        e = e - 1
    ef = float(e)
    j = int(np.rint(m * 128.0))
    r = (m - float(j) * (1.0 / 128)) * k[_LOG_INV + j]
    p = r + (r * r) * horner(k, _Q8, _N_Q8, r)
    return (ef * k[_LN2_HI] + k[_LOG_T + j]) + (p + ef * k[_LN2_LO])


def log_cd(x: float, k: np.ndarray) -> tuple[float, float]:
    """``(c, d)`` of the ``log`` kernel of :mod:`tanhproof.numeric._logkernels` at a
    positive ``x`` (the others are special values, never given to a kernel).

    Examples
    ========

    >>> [float(v) for v in log_cd(1.0, constants())]  # d = 0 * -1/2: exact, the value is c
    [0.0, -0.0]
    """
    r = x - 1.0
    if abs(r) < _SMALL:
        return r, (r * r) * horner(k, _Q11, _N_Q11, r)
    return 0.0, log_approx(x, k)


def kernel(kind: int, x: float, k: np.ndarray) -> tuple[float, float]:
    """``(c, d)`` of the kernel numbered ``kind`` (:data:`KINDS`) at ``x``.

    Examples
    ========

    >>> [float(v) for v in kernel(KINDS["exp"], 0.0, constants())]
    [1.0, 0.0]
    """
    if kind == 0:
        return tanh_cd(x, k)
    if kind == 1:
        return sech2_cd(x, k)
    if kind == 2:
        return exp_cd(x, k)
    return log_cd(x, k)


def ulp32(v: float) -> float:
    """:func:`tanhproof.numeric._ulps.ulp_array` of one finite binary32 value (as float64).

    Examples
    ========

    >>> ulp32(1.0) == 2.0**-23, ulp32(0.0) == 2.0**-149, ulp32(-0.75) == 2.0**-24
    (True, True, True)
    """
    if abs(v) < _MIN_NORMAL:
        return _MIN_SUBNORMAL
    return from_bits64((((bits64(v) >> 52) & 0x7FF) - 23) << 52)


def per_ulp32(v: float) -> float:
    """``1 / ulp32(v)``, exactly (a power of two): ``y * per_ulp32(v)`` is ``y / ulp32(v)``
    bit for bit (both are the exact quotient rounded once), without a division's latency.

    Examples
    ========

    >>> per_ulp32(1.0) == 2.0**23, per_ulp32(0.0) == 2.0**149
    (True, True)
    """
    if abs(v) < _MIN_NORMAL:
        return _PER_MIN_SUBNORMAL
    return from_bits64((2069 - ((bits64(v) >> 52) & 0x7FF)) << 52)


def decide(kind: int, x: float, k: np.ndarray) -> tuple[float, float, bool]:
    """``(value, residual, decided)``: :func:`tanhproof.numeric._bulk._fast` at one binary32
    ``x`` (finite, inside the domain: ``x > 0`` for log) for round to nearest, with the
    same operations; ``value`` is meaningful only where ``decided``.

    Examples
    ========

    >>> v, res, ok = decide(KINDS["log"], 1.0, constants())
    >>> float(v), float(res), bool(ok)
    (0.0, 0.0, True)
    """
    c, d = kernel(kind, x, k)
    return decide_cd(c, d)


def decide_cd(c: float, d: float) -> tuple[float, float, bool]:
    """The rounding decision of :func:`tanhproof.numeric._bulk._fast` for a kernel's
    ``(c, d)``, binary32 and round to nearest: ``(value, residual, decided)``.

    Examples
    ========

    >>> [float(v) for v in decide_cd(1.0, -(2.0**-30))]  # 1 - 2**-30: 1, 2**-7 ulp below it
    [1.0, -0.0078125, 1.0]
    """
    w = abs(d) * _BOUND
    lo = c + (d - w)
    hi = c + (d + w)
    lo -= abs(lo) * _ULP1
    hi += abs(hi) * _ULP1
    eps = abs(c) * _EPS_REL + _EPS_ABS
    c_up = c + eps
    if d > 0 and lo < c_up:
        lo = c_up
    c_down = c - eps
    if d < 0 and hi > c_down:
        hi = c_down
    if d == 0:
        lo = c
        hi = c
    r_lo = np.float64(np.float32(lo))  # (in numba, float() of a float32 stays a float32)
    r_hi = np.float64(np.float32(hi))
    if not (r_lo == r_hi and math.copysign(1.0, r_lo) == math.copysign(1.0, r_hi)):
        return r_lo, math.nan, False
    if math.isinf(r_lo):
        return r_lo, math.nan, True
    return r_lo, ((c - r_lo) + d) * per_ulp32(r_lo), True


_COMPILED = (
    "horner",
    "exp_approx",
    "_tanh_minus_identity",
    "tanh_cd",
    "sech2_cd",
    "exp_cd",
    "log_approx",
    "log_cd",
    "kernel",
    "ulp32",
    "per_ulp32",
    "decide_cd",
    "decide",
)


def available() -> bool:
    """Whether numba is installed (the ``fast`` extra).

    Examples
    ========

    >>> available() in (True, False)
    True
    """
    return importlib.util.find_spec("numba") is not None


@functools.cache
def compiled() -> types.SimpleNamespace:
    """The functions of this module compiled by numba (:func:`jit`, inlined into their
    compiled callers), as attributes of a namespace; this module's own names are
    replaced by them too, so that they call one another compiled. Raises
    ``ModuleNotFoundError`` without numba."""
    g = globals()
    _intrinsics()
    for name in _COMPILED:  # replaced before any is compiled: numba resolves globals then
        g[name] = jit(g[name], inline=True)
    return types.SimpleNamespace(**{name: g[name] for name in ("bits64", "from_bits64", *_COMPILED)})


@functools.cache  # once per process: also called by tanhproof.numeric._ddjit.compiled
def _intrinsics() -> None:
    """:func:`bits64` and :func:`from_bits64` in compiled code: one LLVM bitcast each;
    :func:`fma`: LLVM's ``llvm.fma.f64`` (``numba.extending.overload``: the Python
    functions stay as they are)."""
    from llvmlite import ir
    from numba.core import types as nt
    from numba.extending import intrinsic, overload

    @intrinsic
    def bits(typingctx, v):
        def codegen(context, builder, signature, args):
            return builder.bitcast(args[0], ir.IntType(64))

        return nt.int64(nt.float64), codegen

    @intrinsic
    def from_bits(typingctx, n):
        def codegen(context, builder, signature, args):
            return builder.bitcast(args[0], ir.DoubleType())

        return nt.float64(nt.int64), codegen

    @intrinsic
    def fused(typingctx, a, b, c):
        def codegen(context, builder, signature, args):
            return builder.fma(args[0], args[1], args[2])

        return nt.float64(nt.float64, nt.float64, nt.float64), codegen

    @overload(fma, inline="always")
    def _fma(a, b, c):
        return lambda a, b, c: fused(a, b, c)

    @overload(bits64, inline="always")
    def _bits64(v):
        return lambda v: bits(v)

    @overload(from_bits64, inline="always")
    def _from_bits64(n):
        return lambda n: from_bits(n)
