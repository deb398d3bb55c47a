"""Vectorized float64 kernels of coth, csch, their derivatives and sech', with a proved error bound.

The kernels of ``coth``, ``coth' = -csch**2``, ``csch``, ``csch' = -coth csch`` and
``sech' = -tanh sech`` for :mod:`tanhproof.numeric._bulk`, with the contract of
:mod:`tanhproof.numeric._kernels` (``f(x) = c + d_true``, ``c`` exact, ``d`` within
:data:`~tanhproof.numeric._kernels.BOUND` relative of ``d_true``). Only IEEE 754 binary64
arithmetic is relied on (``+ - * /`` correctly rounded, relative error at most
``u = 2**-53``; ``frexp``, ``abs`` and ``copysign`` exact), and the exp kernel ``E`` of
:mod:`tanhproof.numeric._kernels` (5u).

Error analysis
==============

``a = |x|`` (odd functions are computed at ``a``, the sign applied to ``c`` and ``d``),
``z = a**2`` (exact: ``a`` has at most 24 significant bits). Series coefficients are
exact rationals from products and quotients of the series of ``sinh(a)/a`` and
``cosh(a)`` (rounded once). Three ranges:

*Small*, ``a < 2**-5`` (``z < 2**-10``): the Laurent series ``coth(a) = 1/a + a G(z)``,
``csch(a) = 1/a + a H(z)``, ``coth'(a) = -1/z + K(z)``, ``csch'(a) = -1/z + D(z)``,
``sech'(a) = -a + a**3 N(z)``, 7 terms each (alternating, successive ratios below
``0.61 z`` at most: truncation below ``2**-70``), Horner with the rounded coefficients within ``2.01u``,
a product with ``a`` or ``a**3`` adds u or 2u. Where ``a`` is a power of two, ``c`` is
the exact pole term (``1/a`` or ``-1/z``, a power of two that is a value of the input's
format or above its largest finite value) and ``d`` the series: at most **4.01u**
(sech': ``c = -a`` always). Otherwise ``c = 0`` and ``d`` adds the rounded pole term
(u): the series term is below ``z/3 < 2**-11.5`` of the pole term, so the sum errs by at
most **2.01u** (coth: a sum of positive terms, 3.01u + u).

*Middle*, ``2**-5 <= a < 1``: ``S = a + a**3 sum z**k/(2k+3)!`` and ``C = 1 + z sum
z**k/(2k+2)!`` (positive series of :mod:`tanhproof.numeric._kernels`, their tails within
5u and 4u; the tails are at most 0.15 and 0.36 of the sums, so ``S`` and ``C`` err by
1.75u and 2.44u). ``coth = C/S``: **5.2u**; ``csch = 1/S``: **2.8u**;
``coth' = -1/(S*S)``: **5.5u**; ``csch' = -C/(S*S)``: **7.9u**; ``sech' = -S/(C*C)``:
**8.7u**.

*Large*, ``a >= 1`` (clamped to ``a <= 300``): ``v = E(-a)`` (5u), ``w = v*v`` (11u,
``w <= e**-2``, so ``1 - w`` errs by ``11u w/(1 - w) + u <= 2.73u`` and ``1 + w`` by
``2.32u``). ``coth``: ``c = 1``, ``d = 2w/(1 - w)``: **14.8u**; ``csch = 2v/(1 - w)``:
**8.8u**; ``coth' = -4w/(1 - w)**2``: **18.5u**; ``csch' = -2v(1 + w)/(1 - w)**2``:
**15.8u**; ``sech' = -2v(1 - w)/(1 + w)**2``: **15.4u**. Beyond the clamp the values
(``d`` of coth) are below ``2**-400`` in magnitude with the signs of the clamped ones,
as :mod:`tanhproof.numeric._kernels` requires.

Examples
========

>>> import numpy as np
>>> c, d = HYP_KERNELS["coth"](np.array([2.0**-10, 2.0]))
>>> c.tolist(), bool(d[0] > 0), bool(abs(c[1] + d[1] - 1.0373147207275481) < 1e-15)
([1024.0, 1.0], True, True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from tanhproof.numeric._kernels import Kernel, exp_approx, factorial, horner, signed, split_sign

__all__ = ["HYP_KERNELS", "series_coefficients"]

_TERMS = 9


def _mul(p: list[Fraction], q: list[Fraction]) -> list[Fraction]:
    return [sum((p[i] * q[k - i] for i in range(k + 1)), Fraction(0)) for k in range(_TERMS)]


def _div(p: list[Fraction], q: list[Fraction]) -> list[Fraction]:
    out: list[Fraction] = []
    for k in range(_TERMS):
        out.append((p[k] - sum((out[i] * q[k - i] for i in range(k)), Fraction(0))) / q[0])
    return out


def series_coefficients() -> dict[str, list[Fraction]]:
    """Exact power series in ``z = a**2`` of ``G, H, K, D, N`` (module docstring).

    Examples
    ========

    >>> s = series_coefficients()
    >>> [str(c) for c in s["coth"][:3]], [str(c) for c in s["csch'"][:2]]
    (['1/3', '-1/45', '2/945'], ['-1/6', '7/120'])
    """
    sinc = [Fraction(1, factorial(2 * k + 1)) for k in range(_TERMS)]  # sinh(a)/a
    cosh = [Fraction(1, factorial(2 * k)) for k in range(_TERMS)]
    one = [Fraction(1)] + [Fraction(0)] * (_TERMS - 1)
    a_coth = _div(cosh, sinc)  # a coth a = 1 + z G(z)
    a_csch = _div(one, sinc)  # a csch a = 1 + z H(z)
    csch2 = _mul(a_csch, a_csch)  # z csch(a)**2 = 1 - z K(z)
    coth_csch = _mul(a_coth, a_csch)  # z coth csch = 1 - z D(z)
    tanh_sech = _div(sinc, _mul(cosh, cosh))  # tanh sech / a = 1 - z N(z)
    return {
        "coth": a_coth[1:],
        "csch": a_csch[1:],
        "coth'": [-c for c in csch2[1:]],
        "csch'": [-c for c in coth_csch[1:]],
        "sech'": [-c for c in tanh_sech[1:]],
    }


_SERIES = {name: [float(c) for c in coefficients[:7]] for name, coefficients in series_coefficients().items()}
_SINH_Q = [float(Fraction(1, factorial(2 * k + 3))) for k in range(9)]
_COSH_Q = [float(Fraction(1, factorial(2 * k + 2))) for k in range(9)]
_SMALL = 2.0**-5


class _Parts:
    """The shared pieces of one evaluation: ranges, ``z``, the sums ``S`` and ``C`` of the
    middle range and ``v, w`` of the large one (each computed on masked arguments)."""

    def __init__(self, x: np.ndarray) -> None:
        self.a, self.sign = split_sign(x, 300.0)
        a = self.a
        self.small = a < _SMALL
        self.large = a >= 1.0
        self.power = np.frexp(a)[0] == 0.5
        self.z = a * a
        mid = np.where(self.small | self.large, 0.5, a)
        zm = mid * mid
        self.s = mid + (zm * mid) * horner(_SINH_Q, zm)
        self.c = 1.0 + zm * horner(_COSH_Q, zm)
        self.v = exp_approx(-np.where(self.large, a, 1.0))
        self.w = self.v * self.v

    def series(self, name: str) -> np.ndarray:
        return horner(_SERIES[name], np.where(self.small, self.z, 0.0))

    def pick(
        self, small_c: Any, small_d: Any, middle: Any, large_c: Any, large_d: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        c = np.where(self.small, small_c, np.where(self.large, large_c, 0.0))
        d = np.where(self.small, small_d, np.where(self.large, large_d, middle))
        return c, d


def _pole(p: _Parts, pole: np.ndarray, rest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Small range: ``(pole, rest)`` where ``a`` is a power of two, else ``(0, pole + rest)``."""
    return np.where(p.power, pole, 0.0), np.where(p.power, rest, pole + rest)


def _coth(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = _Parts(x)
    with np.errstate(divide="ignore"):
        inverse = 1.0 / p.a
    sc, sd = _pole(p, inverse, p.a * p.series("coth"))
    c, d = p.pick(sc, sd, p.c / p.s, 1.0, 2.0 * p.w / (1.0 - p.w))
    return signed(c, d, p.sign)


def _csch(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = _Parts(x)
    with np.errstate(divide="ignore"):
        inverse = 1.0 / p.a
    sc, sd = _pole(p, inverse, p.a * p.series("csch"))
    c, d = p.pick(sc, sd, 1.0 / p.s, 0.0, 2.0 * p.v / (1.0 - p.w))
    return signed(c, d, p.sign)


def _coth_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = _Parts(x)
    with np.errstate(divide="ignore"):
        pole = -1.0 / p.z
    sc, sd = _pole(p, pole, p.series("coth'"))
    one = 1.0 - p.w
    return p.pick(sc, sd, -1.0 / (p.s * p.s), 0.0, -4.0 * p.w / (one * one))


def _csch_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = _Parts(x)
    with np.errstate(divide="ignore"):
        pole = -1.0 / p.z
    sc, sd = _pole(p, pole, p.series("csch'"))
    one = 1.0 - p.w
    return p.pick(sc, sd, -p.c / (p.s * p.s), 0.0, -2.0 * p.v * (1.0 + p.w) / (one * one))


def _sech_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = _Parts(x)
    series = (p.z * p.a) * p.series("sech'")
    one = 1.0 + p.w
    c, d = p.pick(-p.a, series, -p.s / (p.c * p.c), 0.0, -2.0 * p.v * (1.0 - p.w) / (one * one))
    return signed(c, d, p.sign)


#: The kernels of this module by function name (``'`` marks the first derivative).
HYP_KERNELS: dict[str, Kernel] = {
    "coth": _coth,
    "coth'": _coth_prime,
    "csch": _csch,
    "csch'": _csch_prime,
    "sech'": _sech_prime,
}
