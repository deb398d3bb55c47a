"""The binary64 kernels of erf and erf' (``2/sqrt(pi) e**(-x**2)``), with proved error bounds.

erf (odd): ``x = 0`` exactly; ``a > 7.7``: 1 below (``erfc(7.7) < 2**-89``, checked in
arb; the gap below 1 is ``2**-53``); ``[2**-500, 7.7]``: :func:`~tanhproof.numeric._dderf.erf_dd`
(Taylor polynomials about ``j/64``, at most 40 ``u**2``, each centre's bound computed in
arb); below, scaled: :func:`~tanhproof.numeric._dderf.erf_tiny`.

Explanation
===========

``a = |x|`` (even); ``two_prod(a, a) = p + q`` exactly (``a >= 2**-42``), so
``e**(-a**2) = e**-p e**-q`` with ``|q| <= u p``. For ``a <= 24.9`` (``p <= 620``):
``E(-p)`` (:func:`~tanhproof.numeric._ddexp.exp_dd`, 21.3 ``u**2``) times
``e**-q = 1 - q + q**2/2 - ..`` as ``two_sum(1, -q)`` with ``q**2/2`` added to the low part
(``|q| <= 2**-43``: the dropped ``q**3/6`` is below ``2**-130``, the rounding below
``u (u + 2**-87)``: 1.1), the product by ``mul_dd`` (8.1), times ``C = 2/sqrt(pi)`` (a
double-double from arb, within ``u**2``) by ``mul_dd`` (8.1): at most
``21.3 + 1.1 + 8.1 + 1 + 8.1 = 39.6 u**2``. For ``a`` in ``(24.9, 27.7]`` the value is
below ``2**-894``: the same product in the scaled form ``2**e (h + l)`` of
:func:`~tanhproof.numeric._ddexp.exp_scaled`. The kernel also covers ``a < 2**-42``,
0 included (``f(0) = C`` is irrational): there ``p`` may underflow, by at most
``2**-1074`` absolute in the exponent, a relative ``2**-1074`` of the value. Constant
range: ``a > 27.7``: 0 above (``e**-767 < 2**-1106``).

Examples
========

>>> import numpy as np
>>> h, lo = ERF_KERNELS64["erf'"].evaluate(np.array([0.0, 1.0]))
>>> h.tolist()
[1.1283791670955126, 0.4151074974205947]
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._ddarith import DD, mul_dd, two_prod, two_sum
from tanhproof.numeric._dderf import ERF_HIGH, erf_dd, erf_tiny
from tanhproof.numeric._ddexp import exp_dd, exp_scaled
from tanhproof.numeric._ddspec import KIND_BESIDE, Scaled, Spec, above, is_zero

__all__ = ["ERF_KERNELS64"]


@functools.lru_cache(maxsize=1)
def _two_over_root_pi() -> tuple[float, float]:
    old = ctx.prec
    ctx.prec = 256
    try:
        lo, hi = arb_bounds(2 / arb.pi().sqrt())
    finally:
        ctx.prec = old
    value = (lo + hi) / 2
    h = float(value)
    return h, float(value - Fraction(h))


def _factor(a: np.ndarray) -> tuple[np.ndarray, DD]:
    """``(p, C e**-q)`` with ``a**2 = p + q``."""
    with np.errstate(under="ignore"):
        p, q = two_prod(a, a)
    sh, sl = two_sum(1.0, -q)
    sl = sl + 0.5 * q * q
    c = _two_over_root_pi()
    return p, mul_dd(sh, sl, np.full_like(sh, c[0]), np.full_like(sh, c[1]))


def _erf_prime(a: np.ndarray) -> DD:
    p, (fh, fl) = _factor(a)
    wh, wl = exp_dd(-p)
    return mul_dd(wh, wl, fh, fl)


def _erf_prime_scaled(a: np.ndarray) -> Scaled:
    p, (fh, fl) = _factor(a)
    wh, wl, e = exp_scaled(-p)
    h, lo = mul_dd(wh, wl, fh, fl)
    return h, lo, e


#: The kernels by name.
ERF_KERNELS64: dict[str, Spec] = {
    "erf": Spec(
        1,
        ((is_zero, None, 0, KIND_BESIDE), (above(ERF_HIGH), 1.0, -1, KIND_BESIDE)),
        2.0**-500,
        ERF_HIGH,
        erf_dd,
        scaled=(2.0**-1074, 2.0**-500, erf_tiny),
    ),
    "erf'": Spec(
        0,
        ((above(27.7), 0.0, 1, KIND_BESIDE),),
        0.0,
        24.9,
        _erf_prime,
        scaled=(24.9, 27.7, _erf_prime_scaled),
    ),
}
