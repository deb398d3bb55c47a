"""Vectorized float64 kernels with a proved relative error bound, for :mod:`tanhproof.numeric._bulk`.

Each kernel maps a finite float64 array ``x`` (values of a format of at most 32 bits)
to a pair ``(c, d)`` of float64 arrays with ``f(x) = c + d_true``, where ``c`` is
exact and is either 0 or a number of at most 25 significant bits (+-1/4, +-1/2, +-1,
``x`` itself, ``x - 1``, a power of two, ``sqrt(x)`` or ``1/x`` rounded to 25 bits;
where ``d != 0``, a value of the input's format or a power of two above its largest
finite value), and ``d`` approximates ``d_true`` with relative error at most
:data:`BOUND` (so ``d`` has the sign of ``d_true``, and ``d == 0`` only when
``d_true == 0``). Every value and rounding midpoint of a format of at most 32 bits
has at most 25 significant bits, so none lies within ``2**-26 |c|`` of ``c`` except
``c`` itself. Writing the value as ``c + d`` keeps the information that ``f(x)``
lies strictly on one side of ``c`` when ``d`` is far below an ulp of ``c``
(``tanh(x) < x`` for tiny ``x > 0``, ``tanh(x) < 1`` for large ``x``), which the
directed rounding modes need.

This module holds the exp kernel and the functions built on it (the table below);
the other catalog functions and derivatives have their kernels, each with its error
analysis in the module docstring, in :mod:`tanhproof.numeric._logkernels` (log,
log', softplus, asinh, acosh, atanh), :mod:`tanhproof.numeric._algkernels` (sqrt,
sqrt', abs, abs', sign, sign', asinh', acosh', atanh'),
:mod:`tanhproof.numeric._hypkernels` (coth, coth', csch, csch', sech') and
:mod:`tanhproof.numeric._erfkernels` (erf, erf'); :mod:`tanhproof.numeric._kerneltable`
gathers them all. :data:`BOUND` holds for every one of them.

Nothing here relies on the accuracy of numpy's ``exp``/``tanh`` (libm, platform
dependent): only on IEEE 754 binary64 arithmetic (``+ - * /`` correctly rounded to
nearest, relative error at most ``u = 2**-53``; ``rint``, ``floor``, ``ldexp``,
``abs`` and ``copysign`` exact).

Error analysis
==============

``u = 2**-53``. Constants are correctly rounded (relative error <= u) from arb balls
computed at import; series coefficients come from exact rational recurrences.

**exp** (:func:`exp_approx`, ``|x| <= 700``). ``k = rint(x * 64/ln 2)`` (the computed
product is off by at most ``700*93*u < 2**-37``, so ``|x - k ln2/64| <= (ln2/64)(1/2
+ 2**-36) < 0.005417``); ``r = (x - k*L_hi) - k*L_lo`` with ``L_hi`` the first 32 bits
of ``ln2/64`` (``|k| < 2**17``, so ``k*L_hi`` is exact), ``L_lo`` the rounded rest:
the two roundings and the representation error of ``L_hi + L_lo`` change ``r`` by
less than ``0.012u`` in absolute value, which is a relative change below ``0.013u``
of ``exp(r)``. ``exp(r)`` is the degree-5 Taylor polynomial, truncation at most
``|r|**6/720 * e**|r| < 0.32u`` relative; Horner evaluation of
``1 + r(1 + r(1/2 + r(1/6 + r(1/24 + r/120))))`` with ``|r| < 0.0055`` errs by at most
``u(1 + 3|r|)/e**-|r| < 1.03u`` relative (every inner error is damped by ``|r|``).
``2**(j/64)`` from a 64-entry table (<= u), one product (<= u), ``ldexp`` exact (the
result stays normal for ``|x| <= 700``). Total below ``3.4u``; we use **5u**.

Writing ``E = exp_approx`` (5u), a sum of positive terms has the largest relative
error of its terms plus u, a product or quotient the sum plus u:

================  ===========================================  ===========================
function          small ``a = |x|``: ``c``, ``d``              otherwise: ``c``, ``d``
================  ===========================================  ===========================
exp               ``|x| < 2**-5``: 1, ``x*sum x**k/(k+1)!``    0, ``E(x)``: 5u
                  (k < 8; truncation < 0.02u): 2.6u
tanh              ``a < 2**-5``: ``a``, ``a**3 Q(a**2)`` with  1, ``-2w/(1+w)``,
                  Q the tanh series (5 terms, alternating,     ``w = E(-2a)``: 12u
                  truncation < 0.1u; ``a**2`` exact): 4.3u
tanh' = sech^2    ``a < 2**-5``: 1, ``-t*t``,                  0, ``4w/(1+w)**2``: 19u
                  ``t = a + a**3 Q`` (within 1.01u): 3.1u
sinh              ``a < 1``: ``a``, ``a**3 sum z**k/(2k+3)!``  0, ``(e - 1/e)/2``,
                  (``z = a**2`` exact, 9 terms, positive;      ``e = E(a)``; cancellation
                  truncation < 2**-60): 5u                     at most ``coth 1``: 7.7u
cosh              ``a < 1``: 1, ``z sum z**k/(2k+2)!``: 4u     0, ``(e + 1/e)/2``: 7u
sech              ``a < 1``: 1, ``-d_c/(1 + d_c)``: 7.5u       0, ``2/(e + 1/e)``: 8u
sigmoid           ``a < 2**-5``: 1/2, ``t/2``, t = tanh(x/2):  ``w = E(-a)``: x > 0: 1,
                  1.01u                                        ``-w/(1+w)``; x < 0: 0,
                                                               ``w/(1+w)``: 12u
sigmoid'          ``a < 2**-4``: 1/4, ``-t*t/4``: 3.1u         0, ``w/(1+w)**2``: 19u
================  ===========================================  ===========================

(odd functions are computed at ``a`` and the sign applied to ``c`` and ``d``). The
largest bound here is ``19u < 2**-48.7``; in the other kernel modules it is ``21.2u``
(softplus, :mod:`tanhproof.numeric._logkernels`). :data:`BOUND` claims ``2**-45``
(``256u``, 12 times more), which also absorbs the roundings of the caller's
``d*(1 -+ BOUND)``.

Arguments are clamped (exp, sigmoid, sigmoid' to ``|x| <= 700``, the others to
``a <= 300``) so every intermediate stays a normal float64. Beyond a clamp the exact
value is either above ``2**400`` (overflows every format of at most 32 bits), or in
``(0, 2**-400)`` (rounds like any positive value below half the smallest subnormal),
or ``c + d`` with ``0 < |d| < 2**-400``; the clamped computation lands in the same
region with the same signs, so the caller's rounding decisions are unchanged. These
kernels are therefore only valid for formats of at most 32 bits.

Examples
========

>>> import numpy as np
>>> c, d = KERNELS["tanh"](np.array([0.0, 0.01, 2.0]))
>>> c.tolist(), bool(d[1] < 0), bool(abs((c[2] + d[2]) - 0.9640275800758169) < 1e-15)
([0.0, 0.01, 1.0], True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._formats import round_bounds

__all__ = [
    "BOUND",
    "KERNELS",
    "as_double",
    "exp_approx",
    "factorial",
    "horner",
    "signed",
    "split_sign",
    "tanh_minus_identity",
]

#: The claimed relative error bound of every kernel's ``d`` (analyses: at most 21.2 * 2**-53).
BOUND = 2.0**-45

Kernel = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def as_double(ball: arb) -> float:
    """The correctly rounded binary64 value of a narrow ball (asserted decided).

    Examples
    ========

    >>> as_double(arb(1) / 3)  # at the default 53 bits arb's ball is too wide
    Traceback (most recent call last):
    ...
    ArithmeticError: constant [0.333333333333333 +/- 3.71e-16] not decided at binary64
    >>> old, ctx.prec = ctx.prec, 128
    >>> as_double(arb(1) / 3)
    0.3333333333333333
    >>> ctx.prec = old
    """
    value = round_bounds(*arb_bounds(ball), "binary64")
    if value is None:  # cannot happen at 256 bits for these irrational constants
        raise ArithmeticError(f"constant {ball} not decided at binary64")
    return value


def _constants() -> tuple[np.ndarray, float, float, float]:
    old = ctx.prec
    ctx.prec = 256
    try:
        table = np.array([as_double((arb(j) / 64 * arb(2).log()).exp()) for j in range(64)])
        step = arb(2).log() / 64  # ln2/64
        inverse = as_double(1 / step)
        lo, hi = arb_bounds(step)
        exact = (lo + hi) / 2  # within 2**-250 of ln2/64
    finally:
        ctx.prec = old
    e = exact.numerator.bit_length() - exact.denominator.bit_length()
    scale = Fraction(2) ** (31 - e)
    l_hi = Fraction(int(exact * scale)) / scale  # 32 significant bits at most
    return table, inverse, float(l_hi), float(exact - l_hi)


_TABLE, _INV_STEP, _STEP_HI, _STEP_LO = _constants()


def _tanh_coefficients(count: int) -> list[Fraction]:
    """Taylor coefficients a_1, a_3, ... of tanh from t' = 1 - t**2, exactly."""
    a = [Fraction(0)] * (2 * count + 2)
    a[1] = Fraction(1)
    for k in range(1, 2 * count):
        conv = sum((a[i] * a[k - i] for i in range(k + 1)), Fraction(0))
        a[k + 1] = ((1 if k == 0 else 0) - conv) / (k + 1)
    return [a[2 * n + 1] for n in range(count)]


def factorial(n: int) -> int:
    """``n!`` for a small ``n >= 0`` (series coefficients).

    Examples
    ========

    >>> factorial(5)
    120
    """
    out = 1
    for i in range(2, n + 1):
        out *= i
    return out


_TANH_Q = [float(c) for c in _tanh_coefficients(6)[1:]]  # a_3 .. a_11
_SINH_Q = [float(Fraction(1, factorial(2 * k + 3))) for k in range(9)]
_COSH_Q = [float(Fraction(1, factorial(2 * k + 2))) for k in range(9)]
_EXPM1_Q = [float(Fraction(1, factorial(k + 1))) for k in range(8)]
_EXP_P = [float(Fraction(1, factorial(k))) for k in range(6)]


def horner(coefficients: list[float], z: np.ndarray) -> np.ndarray:
    """``sum coefficients[k] * z**k`` by Horner's rule, elementwise.

    Examples
    ========

    >>> horner([1.0, 2.0, 3.0], np.array([2.0])).tolist()  # 1 + 2*2 + 3*4
    [17.0]
    """
    out = np.full_like(z, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        out = out * z + c
    return out


def exp_approx(x: np.ndarray) -> np.ndarray:
    """exp(x) for float64 ``|x| <= 700`` with relative error below ``5 * 2**-53``
    (see the module docstring), from table-driven range reduction and a polynomial.

    Examples
    ========

    >>> float(exp_approx(np.array([1.0]))[0])
    2.718281828459045
    """
    k = np.rint(x * _INV_STEP)
    r = (x - k * _STEP_HI) - k * _STEP_LO
    ki = k.astype(np.int64)
    p = horner(_EXP_P, r)
    return np.ldexp(_TABLE[ki & 63] * p, (ki >> 6).astype(np.int32))


def tanh_minus_identity(a: np.ndarray) -> np.ndarray:
    """``tanh(a) - a`` for float64 ``|a| < 2**-5`` whose square is exact (relative error
    below ``4.3 * 2**-53``).

    Examples
    ========

    >>> f"{tanh_minus_identity(np.array([0.01]))[0]:.6e}"  # tanh(0.01) = 0.0099996666800
    '-3.333200e-07'
    """
    z = a * a
    return (z * a) * horner(_TANH_Q, z)


def split_sign(x: np.ndarray, limit: float) -> tuple[np.ndarray, np.ndarray]:
    """``(min(|x|, limit), copysign(1, x))``: odd kernels work on ``a = |x|``.

    Examples
    ========

    >>> [v.tolist() for v in split_sign(np.array([-3.0, -0.0]), 2.0)]
    [[2.0, 0.0], [-1.0, -1.0]]
    """
    return np.minimum(np.abs(x), limit), np.copysign(1.0, x)


def signed(c: np.ndarray, d: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(c*s, d*s)``: the sign of an odd function applied back (exact).

    Examples
    ========

    >>> [v.tolist() for v in signed(np.array([0.0]), np.array([0.5]), np.array([-1.0]))]
    [[-0.0], [-0.5]]
    """
    return c * s, d * s


_SMALL = 2.0**-5


def _exp(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.clip(x, -700.0, 700.0)
    small = np.abs(x) < _SMALL
    d = np.where(small, x * horner(_EXPM1_Q, np.where(small, x, 0.0)), exp_approx(x))
    return np.where(small, 1.0, 0.0), d


def _tanh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, s = split_sign(x, 300.0)
    small = a < _SMALL
    w = exp_approx(-2.0 * a)
    d = np.where(small, tanh_minus_identity(np.where(small, a, 0.0)), -2.0 * w / (1.0 + w))
    return signed(np.where(small, a, 1.0), d, s)


def _sech2(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.minimum(np.abs(x), 300.0)
    small = a < _SMALL
    w = exp_approx(-2.0 * a)
    sa = np.where(small, a, 0.0)
    t = sa + tanh_minus_identity(sa)
    one = 1.0 + w
    d = np.where(small, -(t * t), 4.0 * w / (one * one))
    return np.where(small, 1.0, 0.0), d


def _sinh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, s = split_sign(x, 300.0)
    small = a < 1.0
    sa = np.where(small, a, 0.0)
    z = sa * sa
    e = exp_approx(a)
    d = np.where(small, (z * sa) * horner(_SINH_Q, z), (e - 1.0 / e) * 0.5)
    return signed(np.where(small, a, 0.0), d, s)


def _cosh_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.minimum(np.abs(x), 300.0)
    small = a < 1.0
    z = np.where(small, a, 0.0) ** 2
    e = exp_approx(a)
    return small, z * horner(_COSH_Q, z), e + 1.0 / e


def _cosh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    small, dc, total = _cosh_parts(x)
    return np.where(small, 1.0, 0.0), np.where(small, dc, total * 0.5)


def _sech(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    small, dc, total = _cosh_parts(x)
    return np.where(small, 1.0, 0.0), np.where(small, -dc / (1.0 + dc), 2.0 / total)


def _sigmoid(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.clip(x, -700.0, 700.0)
    a = np.abs(x)
    small = a < _SMALL
    h = np.where(small, x, 0.0) * 0.5
    t = h + tanh_minus_identity(h)
    w = exp_approx(-a)
    q = w / (1.0 + w)
    positive = x > 0
    c = np.where(small, 0.5, np.where(positive, 1.0, 0.0))
    d = np.where(small, t * 0.5, np.where(positive, -q, q))
    return c, d


def _sigmoid_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.minimum(np.abs(x), 700.0)
    small = a < 2 * _SMALL
    h = np.where(small, a, 0.0) * 0.5
    t = h + tanh_minus_identity(h)
    w = exp_approx(-a)
    one = 1.0 + w
    d = np.where(small, -(t * t) * 0.25, w / (one * one))
    return np.where(small, 0.25, 0.0), d


#: The kernels by function name (``'`` marks the first derivative).
KERNELS: dict[str, Kernel] = {
    "cosh": _cosh,
    "cosh'": _sinh,
    "exp": _exp,
    "exp'": _exp,
    "sech": _sech,
    "sigmoid": _sigmoid,
    "sigmoid'": _sigmoid_prime,
    "sinh": _sinh,
    "sinh'": _cosh,
    "softplus'": _sigmoid,
    "tanh": _tanh,
    "tanh'": _sech2,
}
