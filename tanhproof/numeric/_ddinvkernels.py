"""Binary64 kernels of the inverse hyperbolic functions asinh, acosh, atanh and their derivatives.

Double-double values within a proved relative bound, and proved constant ranges, in
the form of :mod:`tanhproof.numeric._ddspec`, built on :mod:`tanhproof.numeric._ddlog`
(``L`` = ``log_dd``: absolute ``34.8 + 1.01 |log X| + e_X`` for ``X >= 2`` of relative
error ``e_X``, so relative to ``|log X| >= ln 2`` at most ``(34.8 + e_X)/ln 2 + 1.01``;
``P`` = ``log1p_dd``: ``80 + e_d`` for ``d > 0``; ``Q`` = ``sqrt_dd``: ``2.6`` plus half
the input's error; ``R`` = ``recip_dd`` 1.01) and :mod:`tanhproof.numeric._ddarith`
(``add_dd_d`` of one sign 2.01, ``add_dd`` 3.01, ``mul_dd`` 8.1, ``div_dd`` 15.5; a
term of relative error ``e`` in a sum of positives counts at most ``e``). Units
``u**2 = 2**-106``; ``a = |x|``; ``two_prod(a, a) = p + q`` exactly (``a >= 2**-42``,
``a < 2**500``); ``1 - a`` and ``1 + a`` are exact double-doubles by ``two_sum``.
Inputs outside the domains (``acosh x < 1``, ``atanh |x| >= 1``) never reach here
(:mod:`tanhproof.numeric._specials`).

Explanation
===========

============  ==========================================================  =======
function      method and constant ranges (odd functions carry the sign)     bound
============  ==========================================================  =======
asinh         ``a < 2**-42``: ``a`` toward 0 (``a - asinh a < a**3/6``);       88
              ``a < 2**-26``: the series ``a - a**3/6 + 3a**5/40`` (below:
              4.1); ``a <= 0.75``: ``P(d)``, ``d = a + a**2/(1 + Q(1 + a**2))``
              (``d = e**asinh(a) - 1 <= 1``; ``1 + a**2`` 2.01, ``Q`` 3.6,
              ``1 + Q`` 4.0, the quotient 19.5, ``d`` ``2.01 + 0.27 * 19.5``:
              7.3; ``80 + 7.3``); ``a < 2**30``: ``L(a + Q(a**2 + 1))``
              (``X >= 2`` within ``5.7``: ``(34.8 + 5.7)/ln 2 + 1.01``: 60);
              else ``L(a) + ln 2 + 1/(4a**2)`` (``3/(32 a**4) < 2**-123``;
              ``52 + 3.01``: 56)
asinh'        ``1/sqrt(1 + a**2)``: ``a = 0``: 1; ``a < 2**-42``: 1 below    34
              (``1 - asinh' a < a**2/2``); ``a < 2**50``: ``1/Q(1 + a**2)``
              (``15.5 + 3.6``); ``a <= 2**900``: ``R(a)`` (dropping
              ``1 - 1/(2a**2)``: 32); above: scaled ``R(a)``
acosh         ``x = 1``: 0 exactly; ``x <= 1.25``: ``P(d)``,                  86
              ``d = t + Q(t**2 + 2t)``, ``t = x - 1`` exact (``d <= 1``;
              ``t**2 + 2t`` 2.01, ``Q`` 3.6, ``d`` 5.6: ``80 + 5.6``);
              ``x < 2**30``: ``L(x + Q(x**2 - 1))`` (``x**2 - 1`` by
              ``add_dd_d`` within ``(2.78 + 1.78)`` of it, ``Q`` 4.9, ``X``
              6.9: 62); else ``L(x) + ln 2 - 1/(4x**2)`` (56)
acosh'        ``1/sqrt(x**2 - 1)``, ``x > 1``: ``1/Q(.)`` of the two forms      34
              above (``15.5 + 4.9``); ``x >= 2**50``: ``R(x)`` (32);
              ``x > 2**900``: scaled ``R(x)``
atanh         ``a < 2**-42``: ``a`` away from 0 (``atanh a - a < a**3/3``);    96
              ``a < 2**-26``: the series ``a + a**3/3 + a**5/5`` (below: 4.1);
              ``a <= 1/3``: ``P(2a/(1 - a))/2`` (``80 + 15.5``); else
              ``L((1 + a)/(1 - a))/2`` (``X >= 2`` within 15.5: 74)
atanh'        ``1/((1 - a)(1 + a))``: ``a = 0``: 1; ``a < 2**-42``: 1         24
              above (``atanh' a - 1 < 1.01 a**2``); else ``8.1 + 15.5``
============  ==========================================================  =======

**Series near 0** (asinh and atanh, ``2**-42 <= a < 2**-26``, ``c3 = -1/6, 1/3``,
``c5 = 3/40, 1/5``): ``p = fl(a**2)``, ``low = fl(a (p (c3 + p c5)))`` and
``fast_two_sum(a, low)`` (exact: ``|low| < |a|``). The next term is below
``a**7/7 < 2**-156 a``; ``low``, at most ``a**3/3 < 2**-53.5 a``, carries at most six
roundings (``p``, ``c3``, ``c5``'s term, the sum, the two products), ``6.01 u`` of itself:
below ``4.1 u**2`` of the value.

Each bound is below ``BOUND64 = 256 u**2`` with room for the ``O(u**3)`` terms. A
failed guard of ``log_dd`` or ``log1p_dd`` gives NaN: the point goes to the arb loop.

Examples
========

>>> import numpy as np
>>> h, lo = INV_KERNELS64["asinh"].evaluate(np.array([1.0]))
>>> float(h[0])
0.881373587019543
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, div_dd, fast_two_sum, mul_dd, two_prod, two_sum
from tanhproof.numeric._ddlog import log1p_dd, log_dd, recip_dd, recip_scaled, sqrt_dd
from tanhproof.numeric._ddspec import KIND_BESIDE, Spec, below, branch, is_zero

__all__ = ["INV_KERNELS64"]

_TINY = 2.0**-42
_MAX = float(np.finfo(np.float64).max)
_B = KIND_BESIDE


@functools.lru_cache(maxsize=1)
def _ln2() -> tuple[float, float]:
    """``ln 2`` as a double-double (from arb at 256 bits: within ``2**-160``)."""
    old = ctx.prec
    ctx.prec = 256
    try:
        lo, hi = arb_bounds(arb(2).log())
    finally:
        ctx.prec = old
    value = (lo + hi) / 2
    h = float(value)
    return h, float(value - Fraction(h))


def _nan_guard(h: np.ndarray, lo: np.ndarray, ok: np.ndarray) -> DD:
    return np.where(ok, h, np.nan), lo


def _inverse(h: np.ndarray, lo: np.ndarray) -> DD:
    one = np.ones_like(h)
    return div_dd(one, np.zeros_like(h), h, lo)


def _log_far(a: np.ndarray, sign: float) -> DD:
    """``log(2a) + sign/(4a**2)`` for ``a >= 2**30``."""
    h, lo, ok = log_dd(a)
    c = _ln2()
    with np.errstate(over="ignore"):
        lo = lo + sign * (0.25 / (a * a))
    return _nan_guard(*add_dd(h, lo, np.full_like(h, c[0]), np.full_like(h, c[1])), ok)


def _one_plus_square(a: np.ndarray) -> DD:
    p, q = two_prod(a, a)
    return add_dd_d(p, q, 1.0)


def _asinh_small(a: np.ndarray) -> DD:
    p, q = two_prod(a, a)
    sh, sl = add_dd_d(p, q, 1.0)
    rh, rl = sqrt_dd(sh, sl)
    dh, dl = add_dd_d(rh, rl, 1.0)
    fh, fl = div_dd(p, q, dh, dl)
    return _nan_guard(*log1p_dd(*add_dd_d(fh, fl, a)))


def _asinh_mid(a: np.ndarray) -> DD:
    rh, rl = sqrt_dd(*_one_plus_square(a))
    return _nan_guard(*log_dd(*add_dd_d(rh, rl, a)))


_SERIES = 2.0**-26


def _series(c3: float, c5: float) -> Callable[[np.ndarray], DD]:
    """``a + c3 a**3 + c5 a**5`` for ``2**-42 <= a < 2**-26`` (module docstring)."""

    def evaluate(a: np.ndarray) -> DD:
        p = a * a
        return fast_two_sum(a, a * (p * (c3 + p * c5)))

    return evaluate


def _asinh(a: np.ndarray) -> DD:
    return branch(
        a,
        [
            (_SERIES, _series(-1 / 6, 3 / 40)),
            (np.nextafter(0.75, 1.0), _asinh_small),
            (2.0**30, _asinh_mid),
            (np.inf, lambda t: _log_far(t, 1.0)),
        ],
    )


def _asinh_prime(a: np.ndarray) -> DD:
    return branch(a, [(2.0**50, lambda t: _inverse(*sqrt_dd(*_one_plus_square(t)))), (np.inf, recip_dd)])


def _acosh_near(x: np.ndarray) -> DD:
    """``(t, w)``: ``t = x - 1`` and ``w = t**2 + 2t = x**2 - 1``."""
    t = x - 1.0
    p, q = two_prod(t, t)
    return add_dd_d(p, q, 2.0 * t)


def _acosh_square(x: np.ndarray) -> DD:
    p, q = two_prod(x, x)
    return add_dd_d(p, q, -1.0)


def _acosh_small(x: np.ndarray) -> DD:
    rh, rl = sqrt_dd(*_acosh_near(x))
    return _nan_guard(*log1p_dd(*add_dd_d(rh, rl, x - 1.0)))


def _acosh_mid(x: np.ndarray) -> DD:
    rh, rl = sqrt_dd(*_acosh_square(x))
    return _nan_guard(*log_dd(*add_dd_d(rh, rl, x)))


def _acosh(x: np.ndarray) -> DD:
    return branch(
        x,
        [
            (np.nextafter(1.25, 2.0), _acosh_small),
            (2.0**30, _acosh_mid),
            (np.inf, lambda t: _log_far(t, -1.0)),
        ],
    )


def _acosh_prime(x: np.ndarray) -> DD:
    return branch(
        x,
        [
            (np.nextafter(1.25, 2.0), lambda t: _inverse(*sqrt_dd(*_acosh_near(t)))),
            (2.0**50, lambda t: _inverse(*sqrt_dd(*_acosh_square(t)))),
            (np.inf, recip_dd),
        ],
    )


def _atanh_small(a: np.ndarray) -> DD:
    oh, ol = two_sum(1.0, -a)
    dh, dl = div_dd(2.0 * a, np.zeros_like(a), oh, ol)
    h, lo = _nan_guard(*log1p_dd(dh, dl))
    return 0.5 * h, 0.5 * lo


def _atanh_large(a: np.ndarray) -> DD:
    oh, ol = two_sum(1.0, -a)
    ph, pl = two_sum(1.0, a)
    h, lo = _nan_guard(*log_dd(*div_dd(ph, pl, oh, ol)))
    return 0.5 * h, 0.5 * lo


def _atanh_prime(a: np.ndarray) -> DD:
    oh, ol = two_sum(1.0, -a)
    ph, pl = two_sum(1.0, a)
    return _inverse(*mul_dd(oh, ol, ph, pl))


_BELOW_ONE = float(np.nextafter(1.0, 0.0))

#: The kernels by name.
INV_KERNELS64: dict[str, Spec] = {
    "asinh": Spec(1, ((is_zero, None, 0, _B), (below(_TINY), None, -1, _B)), _TINY, _MAX, _asinh),
    "asinh'": Spec(
        0,
        ((is_zero, 1.0, 0, _B), (below(_TINY), 1.0, -1, _B)),
        _TINY,
        2.0**900,
        _asinh_prime,
        scaled=(2.0**900, _MAX, recip_scaled),
    ),
    "acosh": Spec(-1, ((lambda t: t == 1, 0.0, 0, _B),), 1.0, _MAX, _acosh),
    "acosh'": Spec(
        -1, (), np.nextafter(1.0, 2.0), 2.0**900, _acosh_prime, scaled=(2.0**900, _MAX, recip_scaled)
    ),
    "atanh": Spec(
        1,
        ((is_zero, None, 0, _B), (below(_TINY), None, 1, _B)),
        _TINY,
        _BELOW_ONE,
        lambda a: branch(
            a,
            [
                (_SERIES, _series(1 / 3, 1 / 5)),
                (np.nextafter(1 / 3, 1.0), _atanh_small),
                (np.inf, _atanh_large),
            ],
        ),
    ),
    "atanh'": Spec(0, ((is_zero, 1.0, 0, _B), (below(_TINY), 1.0, 1, _B)), _TINY, _BELOW_ONE, _atanh_prime),
}
