"""Double-double forms without a cancellation: ``x - tanh(x)`` near 0 and ``log(1 + u)``.

What :mod:`tanhproof.numeric._exprcompiledd` compiles ``u - tanh(u)`` (tanhshrink) and
``log(1 + u)`` to: the naive forms lose everything to cancellation near 0 (``x - tanh x =
x**3/3 + ..``: the double-double of ``tanh x`` errs by ``2**-98 |x|``, more than the whole
value below ``|x| = 2**-49``; ``1 + u`` drops the low bits of a small ``u``). Each bound
is derived in the docstring of its function.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._exprdd import exact
>>> y = tanhshrink(exact(np.array([2.0**-20])))
>>> float(y.h[0]), bool(y.e[0] < 2.0**-160)  # 2**-20 - tanh(2**-20) = 2.8912057932936266761e-19 (mpmath)
(2.891205793293627e-19, True)
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from tanhproof.numeric._ddlog import LOG1P_BOUND, log1p_dd
from tanhproof.numeric._exprdd import (
    DDBounded,
    add,
    constant,
    constant_of,
    dd_of_fraction,
    finish,
    multiply,
    negate,
)
from tanhproof.numeric._exprddfunc import function
from tanhproof.numeric._exprerror import up

__all__ = [
    "SHORT_ORDER",
    "SHORT_RADIUS",
    "SHRINK_ORDER",
    "SHRINK_RADIUS",
    "log1p",
    "power7",
    "power17",
    "shrink_series",
    "tanhshrink",
]

_SLACK = 1 + 2.0**-50


#: ``x - tanh x`` by its Maclaurin polynomial where ``|x| <= SHRINK_RADIUS``, of order
#: ``SHRINK_ORDER``: ``-(a_3 x**3 + ... + a_15 x**15) + R_17``.
SHRINK_RADIUS = 2.0**-8
SHRINK_ORDER = 17
#: Nearer 0, ``|x| <= SHORT_RADIUS``: ``-(a_3 x**3 + a_5 x**5) + R_7`` (``|R_7| < 2**-107
#: x**3/3`` there), what ``_activationdd`` computes for exact inputs.
SHORT_RADIUS = 2.0**-27
SHORT_ORDER = 7


def power17(a: Any) -> Any:
    """``a**17`` (:data:`SHRINK_ORDER`) in five products, each rounded (``a**16 a``; the
    remainder's bound, whose ``up`` covers them), so that a compiled twin computes the
    same bits (a library ``pow`` may differ in the last one)."""
    a2 = a * a
    a4 = a2 * a2
    a8 = a4 * a4
    return (a8 * a8) * a


def power7(a: Any) -> Any:
    """``a**7`` (:data:`SHORT_ORDER`) in four products, as :func:`power17`."""
    a2 = a * a
    a4 = a2 * a2
    return (a4 * a2) * a


@functools.cache
def shrink_series(order: int = SHRINK_ORDER, radius: float = SHRINK_RADIUS) -> tuple[list[Fraction], float]:
    """The exact Maclaurin coefficients ``a_3, a_5, .., a_(order-2)`` of tanh and an upper
    bound of ``|tanh^(order)| / order!`` on ``[-radius, radius]`` (an arb ball,
    :func:`~tanhproof.numeric._taylor.derivative_ball`)."""
    from flint import arb, ctx

    from tanhproof.numeric._arb import arb_bounds
    from tanhproof.numeric._maclaurin import taylor_coefficients
    from tanhproof.numeric._taylor import derivative_ball

    coefficients = taylor_coefficients("tanh", order)[3::2]
    old = ctx.prec
    ctx.prec = 128
    try:
        ball = derivative_ball("tanh", order, arb(0, radius)) / math.factorial(order)
        _, high = arb_bounds(abs(ball))
    finally:
        ctx.prec = old
    return coefficients, float(high) * (1 + 2.0**-50)


def tanhshrink(a: DDBounded) -> DDBounded:
    """``A - tanh(A)`` without its cancellation near 0: where ``|h| + |l| + e <= 2**-8``,
    the Maclaurin polynomial ``-(a_3 A**3 + .. + a_15 A**15)`` (exact rational coefficients
    as double-doubles, evaluated by the operations of :mod:`tanhproof.numeric._exprdd`,
    which carry ``A``'s error) plus Lagrange's remainder ``|R| <= B |A|**17``, ``B`` the
    bound of ``|tanh^(17)|/17!`` on ``[-2**-8, 2**-8]`` from arb (below ``2**-110`` of
    ``|A|**3/3``); elsewhere ``A - tanh(A)`` by :func:`function`."""
    wide = add(a, negate(function("tanh", a)))
    with np.errstate(invalid="ignore", over="ignore"):
        reach = up(np.abs(a.h) + np.abs(a.l) + a.e)
    near = ~a.bad & (reach <= SHRINK_RADIUS)
    if not near.any():
        return wide
    coefficients, bound = shrink_series()
    square = multiply(a, a)
    poly = constant(*dd_of_fraction(-coefficients[-1]), a)
    for c in reversed(coefficients[:-1]):
        poly = add(multiply(poly, square), constant(*dd_of_fraction(-c), a))
    small = multiply(multiply(poly, square), a)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        rest = up(bound * np.where(near, reach, 0.0) ** SHRINK_ORDER)
    e = up(small.e + rest)
    return DDBounded(
        np.where(near, small.h, wide.h),
        np.where(near, small.l, wide.l),
        np.where(near, e, wide.e),
        np.where(near, small.bad, wide.bad),
        np.where(near, a.sign, wide.sign),
    )


def log1p(u: DDBounded) -> DDBounded:
    """``log(1 + U)`` without forming ``1 + U`` (whose double-double would drop the low bits
    of a small ``U``): where ``-1/2 <= u_h <= 1/2``,
    :func:`~tanhproof.numeric._ddlog.log1p_dd` of the double-double ``u`` (relative
    :data:`~tanhproof.numeric._ddlog.LOG1P_BOUND`, ``80 u**2``), and ``U``'s error through
    ``max 1/(1 + t) = 1/(1 + u - e_u)`` (at most 4 where ``1 + u - e_u >= 1/4``, required);
    elsewhere ``log`` of the sum by :func:`function`."""
    wide = function("log", add(constant_of(1, u), u))
    near = ~u.bad & (np.abs(u.h) <= 0.5)
    if not near.any():
        return wide
    with np.errstate(invalid="ignore", over="ignore", under="ignore", divide="ignore"):
        h, lo, ok = log1p_dd(np.where(near, u.h, 0.0), np.where(near, u.l, 0.0))
        low = (1 + u.h - np.abs(u.l) - u.e) * (1 - 2.0**-50)
        near &= ok & (low >= 0.25)
        e = up(LOG1P_BOUND * (np.abs(h) + np.abs(lo)) * _SLACK + u.e / np.where(near, low, 1.0))
    return finish(
        np.where(near, h, wide.h),
        np.where(near, lo, wide.l),
        np.where(near, e, wide.e),
        np.where(near, False, wide.bad),
        np.where(near, u.sign, wide.sign),
    )
