"""Vectorized float64 kernels of the algebraic catalog functions, with a proved error bound.

The kernels of ``sqrt``, ``abs``, ``sign``, their derivatives and the derivatives
``asinh' = 1/sqrt(1 + x**2)``, ``acosh' = 1/sqrt(x**2 - 1)`` and
``atanh' = 1/(1 - x**2)``, for :mod:`tanhproof.numeric._bulk`, with the contract of
:mod:`tanhproof.numeric._kernels` (``f(x) = c + d_true``, ``c`` exact, ``d`` within
:data:`~tanhproof.numeric._kernels.BOUND` relative of ``d_true``; ``d = 0`` exactly where
``f(x) = c``). Only IEEE 754 binary64 arithmetic is relied on: ``+ - * /`` and
``sqrt`` correctly rounded (relative error at most ``u = 2**-53``), ``frexp``, ``abs``
and ``copysign`` exact.

Error analysis
==============

``a = |x|`` and ``z = a**2`` (exact: ``x`` has at most 24 significant bits, and
``2**-298 <= z <= 2**256`` stays normal). **sqrt to 25 bits**: ``s = sqrt(x)``
rounded (u) and ``c = s`` rounded to 25 significant bits (:func:`round25`, exact
operations); ``c*c`` is exact (50 bits) and within a factor 2 of ``x``, so ``x - c*c``
is exact (Sterbenz) and ``sqrt(x) - c = (x - c*c)/(sqrt(x) + c)``; the denominator
``s + c`` errs by at most ``u/2 + u``, the quotient adds u: **2.6u**, and ``d = 0``
exactly when ``x = c*c``, which covers every exact square root (a rational square root
of ``x`` is dyadic with at most 12 significant bits). As ``|d| <= 2**-25 |c|``, the
caller's enclosure is ``2**-70`` relative: no binary32 square root is that close to a
rounding boundary (``|sqrt(x) - b| >= 2**-51 b`` unless equal), so sqrt never falls
back. ``B(t) = (1 + t)**(-1/2) - 1 = t sum b_k t**k`` with the binomial
coefficients ``b_k = binom(-1/2, k + 1)`` (dyadic, exact in binary64), 6 terms; for
``|t| <= 2**-10`` the series alternates (``t > 0``) or is positive (``t < 0``, ``A(t) =
(1 - t)**(-1/2) - 1`` uses ``|b_k|``) with ratio at most ``|t|``, truncation below
``2**-60`` relative, Horner within ``1.01u``, so ``B`` and ``A`` err by ``2.01u``. When
``x`` is a power of two, ``1/x`` and ``1/x**2`` are exact.

================  ===========================================  ===========================
function          special ``c``, ``d``                         otherwise: ``c``, ``d``
================  ===========================================  ===========================
sqrt              ``c``: ``s`` rounded to 25 bits; ``d``:
                  ``(x - c*c)/(s + c)``: 2.6u
sqrt'             ``s`` a power of two with ``s*s == x`` (so   0, ``0.5/s``: 2.01u
                  ``s = sqrt(x)``): ``0.5/s``, 0
abs               ``a``, 0 (exact)
abs', sign        ``0`` at ``x = 0``, else
                  ``copysign(1, x)``; ``d = 0`` (exact)
sign'             0, 0 (exact; ``x != 0``)
asinh'            ``a < 2**-5``: 1, ``B(z)``: 2.01u;           0, ``1/sqrt(1 + z)``: 2.51u
                  ``a >= 2**8`` a power of two: ``1/a``,
                  ``B(1/z)/a``: 3.01u
acosh'            ``x >= 2**8`` a power of two: ``1/x``,       0, ``1/sqrt((x - 1)(x +
                  ``A(1/z)/x``: 3.01u                          1))`` (``x - 1`` exact below
                                                               ``2**53``): 3.51u
atanh'            1, ``z/((1 - a)(1 + a))`` (``1 - a`` exact
                  for ``a >= 1/2``): 4u
================  ===========================================  ===========================

The special ``c`` (``1/a`` for a power of two ``a``) is a power of two that is a value of
the input's format or above its largest finite value, and sqrt's ``c`` has 25 bits, as
the caller needs. No argument
is clamped.

Examples
========

>>> import numpy as np
>>> c, d = ALG_KERNELS["sqrt"](np.array([4.0, 2.0]))
>>> c.tolist(), d.tolist()
([2.0, 1.4142135381698608], [0.0, 2.420323420895794e-08])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from tanhproof.numeric._kernels import Kernel, horner, split_sign

__all__ = ["ALG_KERNELS", "round25"]


def _binomial(k: int) -> Fraction:
    """binom(-1/2, k) = (-1)**k (2k)!/(4**k k!**2)."""
    out = Fraction(1)
    for i in range(1, k + 1):
        out = out * (2 * i - 1) / (-2 * i)
    return out


_B = [float(_binomial(k + 1)) for k in range(6)]  # dyadic: exact
_A = [abs(b) for b in _B]
_SMALL = 2.0**-5
_LARGE = 2.0**8


def round25(v: np.ndarray) -> np.ndarray:
    """``v`` rounded to 25 significant bits (to nearest, ties to even; exact operations
    only), keeping the sign of zero.

    Examples
    ========

    >>> round25(np.array([1 + 2.0**-30, -0.0, 3.0])).tolist()
    [1.0, -0.0, 3.0]
    """
    m, e = np.frexp(v)
    return np.ldexp(np.rint(m * 2.0**25), e - 25)


def _is_power_of_two(a: np.ndarray) -> np.ndarray:
    return np.frexp(a)[0] == 0.5


def _sqrt(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = np.sqrt(x)
    c = round25(s)
    with np.errstate(invalid="ignore"):
        d = (x - c * c) / (s + c)
    return c, np.where(c == 0, 0.0, d)


def _sqrt_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = np.sqrt(x)
    q = 0.5 / s
    m = np.frexp(s)[0]
    exact = (m == 0.5) & (s * s == x)  # s a power of two with s*s = x exactly: q = 1/(2 sqrt x)
    return np.where(exact, q, 0.0), np.where(exact, 0.0, q)


def _abs(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.abs(x), np.zeros_like(x)


def _sign(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.where(x == 0, 0.0, np.copysign(1.0, x)), np.zeros_like(x)


def _sign_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros_like(x), np.zeros_like(x)


def _asinh_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.abs(x)
    z = a * a
    small = a < _SMALL
    power = (a >= _LARGE) & _is_power_of_two(a)
    t = np.where(small, z, np.where(power, 1.0 / np.where(power, z, 1.0), 0.0))
    b = t * horner(_B, t)
    inverse = 1.0 / np.where(power, a, 1.0)
    c = np.where(small, 1.0, np.where(power, inverse, 0.0))
    d = np.where(small, b, np.where(power, b * inverse, 1.0 / np.sqrt(1.0 + z)))
    return c, d


def _acosh_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    power = (x >= _LARGE) & _is_power_of_two(x)
    xp = np.where(power, x, 1.0)
    t = 1.0 / (xp * xp)
    inverse = 1.0 / xp
    general = 1.0 / np.sqrt((x - 1.0) * (x + 1.0))
    return np.where(power, inverse, 0.0), np.where(power, (t * horner(_A, t)) * inverse, general)


def _atanh_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, _ = split_sign(x, 1.0)
    return np.ones_like(x), (a * a) / ((1.0 - a) * (1.0 + a))


#: The kernels of this module by function name (``'`` marks the first derivative).
ALG_KERNELS: dict[str, Kernel] = {
    "abs": _abs,
    "abs'": _sign,
    "acosh'": _acosh_prime,
    "asinh'": _asinh_prime,
    "atanh'": _atanh_prime,
    "sign": _sign,
    "sign'": _sign_prime,
    "sqrt": _sqrt,
    "sqrt'": _sqrt_prime,
}
