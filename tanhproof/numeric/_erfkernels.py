"""Vectorized float64 kernels of erf and erf', with a proved relative error bound.

The kernels of ``erf`` and ``erf' = 2 exp(-x**2)/sqrt(pi)`` for :mod:`tanhproof.numeric._bulk`,
with the contract of :mod:`tanhproof.numeric._kernels` (``f(x) = c + d_true``, ``c``
exact, ``d`` within :data:`~tanhproof.numeric._kernels.BOUND` relative of ``d_true``).
Only IEEE 754 binary64 arithmetic is relied on (``+ - * /`` correctly rounded, relative
error at most ``u = 2**-53``; ``frexp``, ``abs``, ``copysign`` exact) and the exp kernel
``E`` of :mod:`tanhproof.numeric._kernels` (5u); the tables are computed once with arb.

Error analysis
==============

``a = |x|`` (erf is odd: computed at ``a``, the sign applied to ``c`` and ``d``),
clamped to ``a <= 26``; ``z = a**2`` is exact (``a`` has at most 24 significant bits)
and at most 676, inside the exp kernel's range.

**erf, a < 1/4**: ``c = 0``, ``d = a P(z)`` with ``P`` the Taylor polynomial
``(2/sqrt(pi)) sum (-1)**n z**n/(n! (2n + 1))``, 9 terms (alternating, successive
ratios below ``z/3 <= 1/48``; truncation below ``2**-58``), coefficients rounded:
Horner within ``1.05u``, the coefficients ``1.05u``, the product u: **3.1u**.

**erf, 1/4 <= a**: ``c = 1``, ``d = -erfc(a) = -E(-z) erfcx(a)`` with the scaled
complement ``erfcx(a) = exp(a**2) erfc(a) = (2/sqrt(pi)) int_0^inf exp(-t**2 - 2at) dt``.
Its derivatives ``(2/sqrt(pi)) int (-2t)**n exp(-t**2 - 2at) dt`` alternate in sign
and decrease in magnitude as ``a`` grows (it is completely monotone). ``[1/4, 32)`` is
cut into 112 intervals ``2**k [1 + i/16, 1 + (i + 1)/16)`` (``k = -2..4``), each with
its centre ``x0`` (7 significant bits) and half-width ``H = 2**k/32``; ``h = a - x0``
is exact (Sterbenz) and ``erfcx(x0 + h) = sum_{n <= N} e_n h**n`` with the Taylor
coefficients ``e_n = erfcx^(n)(x0)/n!`` (from ``y' = 2ay - 2/sqrt(pi)``:
``y^(n+1) = 2a y^(n) + 2n y^(n-1)``, in arb at 512 bits, then rounded). The
Lagrange remainder is at most ``|erfcx^(N+1)(x0 - H)| H**(N+1)/(N+1)!`` (complete
monotonicity), checked when the table is built to be below ``2**-62 erfcx(x0 + H)``
(the least value on the interval), and so is ``rho = max_n |e_(n+1)| H/|e_n| <= 1/16``.
Then Horner's inner sums satisfy ``|h q_(n+1)| <= beta |q_n|`` with ``beta = rho/(1 -
2 rho) <= 0.072``, so its roundings cost at most ``u (1 + beta)/(1 - beta) <= 1.16u``
and the rounded coefficients ``u/(1 - 2 rho) <= 1.15u``: ``erfcx`` within 2.32u, and
``d`` within ``5u + 2.32u + u``: **8.4u**.

**erf'**: ``c = 0``, ``d = K E(-z)`` with ``K = 2/sqrt(pi)`` rounded: **7u**.

Beyond the clamp (``a > 26``) ``erfc(a) < 2**-975`` and ``erf'(a) < 2**-975``: the
true ``d`` and the clamped one are both below ``2**-400`` with the same sign, as
:mod:`tanhproof.numeric._kernels` requires.

Examples
========

>>> import numpy as np
>>> c, d = ERF_KERNELS["erf"](np.array([0.125, 1.0]))
>>> c.tolist(), bool(abs(d[0] - 0.1403162048013340) < 1e-15), bool(abs(c[1] + d[1] - 0.8427007929497149) < 1e-15)
([0.0, 1.0], True, True)
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._kernels import Kernel, as_double, exp_approx, factorial, horner, signed, split_sign

__all__ = ["ERF_KERNELS", "erfcx_table"]

_CLAMP = 26.0
_LOW_K, _HIGH_K, _STEPS = -2, 4, 16  # intervals 2**k [1 + i/16, 1 + (i + 1)/16)
_TERMS = 13  # e_0 .. e_12
_PREC = 512


def _pi_constants() -> tuple[float, list[float]]:
    old = ctx.prec
    ctx.prec = 256
    try:
        k = 2 / arb.pi().sqrt()
        # erf(a) = a sum_n p_n z**n, p_n = K (-1)**n/(n! (2n + 1))
        p = [as_double(k * (-1) ** n / (factorial(n) * (2 * n + 1))) for n in range(9)]
        return as_double(k), p
    finally:
        ctx.prec = old


_K, _ERF_P = _pi_constants()


def _derivatives(a: arb, count: int) -> list[arb]:
    """``erfcx^(n)(a)`` for ``n < count`` by the recurrence (arb, current precision)."""
    y = [(a * a).exp() * a.erfc()]
    y.append(2 * a * y[0] - 2 / arb.pi().sqrt())
    for n in range(1, count - 1):
        y.append(2 * a * y[n] + 2 * n * y[n - 1])
    return y


def _arb(q: Fraction) -> arb:
    return arb(q.numerator) / q.denominator  # exact: dyadic


@functools.cache
def erfcx_table() -> tuple[np.ndarray, np.ndarray, float]:
    """The Taylor table of ``erfcx`` on ``[1/4, 32)``: ``(centres, coefficients, rho)``
    with ``coefficients[i, n] = e_n`` of interval ``i`` rounded to binary64, after
    checking the remainder and ratio conditions of the module docstring (ArithmeticError
    if one failed). ``rho`` is the largest ratio ``|e_(n+1)| H/|e_n|``.

    Examples
    ========

    >>> centres, coefficients, rho = erfcx_table()
    >>> coefficients.shape, float(centres[0]), rho <= 1 / 16
    ((112, 13), 0.2578125, True)
    """
    old = ctx.prec
    ctx.prec = _PREC
    try:
        centres, rows, rho = [], [], 0.0
        for k in range(_LOW_K, _HIGH_K + 1):
            for i in range(_STEPS):
                x0 = Fraction(2) ** k * (1 + Fraction(2 * i + 1, 2 * _STEPS))
                half = Fraction(2) ** k / (2 * _STEPS)
                y = _derivatives(_arb(x0), _TERMS)
                e = [y[n] / factorial(n) for n in range(_TERMS)]
                tail = abs(_derivatives(_arb(x0 - half), _TERMS + 1)[_TERMS])
                remainder = tail * _arb(half) ** _TERMS / factorial(_TERMS)
                least = _derivatives(_arb(x0 + half), 1)[0]
                if not remainder < least * arb(2) ** -62:
                    raise ArithmeticError(f"erfcx remainder too large at {x0}")
                ratios = [abs(e[n + 1]) * _arb(half) / abs(e[n]) for n in range(_TERMS - 1)]
                if not all(r < arb(1) / 16 for r in ratios):
                    raise ArithmeticError(f"erfcx ratio condition fails at {x0}")
                if not all((e[n] > 0) == (n % 2 == 0) for n in range(_TERMS)):
                    raise ArithmeticError(f"erfcx coefficients do not alternate at {x0}")
                rho = max(rho, *(float(r.upper()) for r in ratios))
                centres.append(float(x0))
                rows.append([as_double(c) for c in e])
    finally:
        ctx.prec = old
    return np.array(centres), np.array(rows), rho


@functools.cache
def _columns() -> tuple[np.ndarray, np.ndarray]:
    centres, coefficients, _ = erfcx_table()
    return centres, np.ascontiguousarray(coefficients.T)  # one gather per Horner step


def _erfc_parts(a: np.ndarray) -> np.ndarray:
    """``erfc(a)`` for ``1/4 <= a <= 26`` (module docstring: 8.4u)."""
    centres, columns = _columns()
    m, e = np.frexp(a)  # a = m 2**e, m in [1/2, 1): 2**k [1 + i/16, ...) with k = e - 1
    index = (e - 1 - _LOW_K) * _STEPS + (m * (2 * _STEPS)).astype(np.intp) - _STEPS
    h = a - centres[index]
    out = columns[-1][index]
    for n in range(_TERMS - 2, -1, -1):
        out = out * h + columns[n][index]
    return exp_approx(-(a * a)) * out


def _erf(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, s = split_sign(x, _CLAMP)
    small = a < 0.25
    sa = np.where(small, a, 0.0)
    series = sa * horner(_ERF_P, sa * sa)
    d = np.where(small, series, -_erfc_parts(np.where(small, 0.25, a)))
    return signed(np.where(small, 0.0, 1.0), d, s)


def _erf_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.minimum(np.abs(x), _CLAMP)
    return np.zeros_like(x), _K * exp_approx(-(a * a))


#: The kernels of this module by function name (``'`` marks the first derivative).
ERF_KERNELS: dict[str, Kernel] = {"erf": _erf, "erf'": _erf_prime}
