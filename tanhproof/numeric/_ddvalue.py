"""Double-double values with a rigorous bound and no known sign: the activations' formulas.

A :class:`V` is the parts ``(h, l, e, bad)`` of a
:class:`~tanhproof.numeric._exprdd.DDBounded` (``h + l`` within ``e`` of the exact value;
``bad``: no claim). Its operations are :mod:`tanhproof.numeric._exprdd`'s
(``add_parts``, ``mul_parts``, ``div_parts``), whose bounds hold inside that module's
range (0, or a magnitude in ``[2**-900, 2**990]``): every result outside it is ``bad``.
The known sign, which the expression path computes at every step, is computed once, at
the end (:func:`end`). The catalog functions enter as :func:`kernel` (at an exact float64,
:func:`~tanhproof.numeric._exprddfunc.kernel_dd`) and :func:`at` (at a double-double,
:func:`~tanhproof.numeric._exprddfunc.function_parts`: first order and curvature).
Used by :mod:`tanhproof.numeric._activationdd` and
:mod:`tanhproof.numeric._activationgelu`; :mod:`tanhproof.numeric._activationjit`
computes the same operations per element.

Examples
========

>>> import numpy as np
>>> x = exact(np.array([0.5]))
>>> y = add(x, rational(1, x.h.shape))  # 1.5, exact
>>> float(y.h[0]), bool(y.bad[0])
(1.5, False)
>>> z = at("tanh", y)  # tanh(1.5) = 0.90514825364486643824 (mpmath)
>>> float(z.h[0]), bool(z.e[0] < 2.0**-95)
(0.9051482536448664, True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np
from flint import arb

from tanhproof.numeric._arb import arb_bounds
from tanhproof.numeric._exprdd import DDBounded, add_parts, dd_of_fraction, div_parts, finish, mul_parts
from tanhproof.numeric._exprddfunc import function_parts, kernel_dd

__all__ = [
    "V",
    "add",
    "at",
    "constant",
    "div",
    "end",
    "exact",
    "kernel",
    "mul",
    "neg",
    "outside",
    "pick",
    "rational",
    "twice",
]

_LOW = 2.0**-900
_HIGH = 2.0**990


class V(NamedTuple):
    """A double-double ``h + l`` within ``e``; ``bad``: no claim (the parts of a
    :class:`~tanhproof.numeric._exprdd.DDBounded`, whose known sign is computed once, at
    the end, by :func:`end`)."""

    h: np.ndarray
    l: np.ndarray  # noqa: E741
    e: np.ndarray
    bad: np.ndarray


def outside(h: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Where a result leaves the range of :mod:`tanhproof.numeric._exprdd` (0, or a
    magnitude in ``[2**-900, 2**990]``), whose operations' bounds hold only inside it."""
    m = np.abs(h)
    return ~(((m >= _LOW) & (m <= _HIGH)) | ((h == 0) & (lo == 0)))


def exact(x: np.ndarray) -> V:
    z = np.zeros(x.shape)
    return V(x, z, np.zeros(x.shape), outside(x, z))  # no shared arrays: callers write in place


def rational(q: Fraction | int, shape: tuple[int, ...]) -> V:
    h, lo, err = dd_of_fraction(Fraction(q))
    return V(np.full(shape, h), np.full(shape, lo), np.full(shape, err), np.zeros(shape, dtype=bool))


def kernel(name: str, t: np.ndarray) -> V:
    """The kernel ``name`` at the exact ``t`` within its proved bound
    (:func:`~tanhproof.numeric._exprddfunc.kernel_dd`)."""
    h, lo, e, ok = kernel_dd(name, t)
    return V(h, lo, e, ~ok | outside(h, lo))


def add(a: V, b: V) -> V:
    h, lo, e = add_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    return V(h, lo, e, a.bad | b.bad | outside(h, lo))


def neg(a: V) -> V:
    return V(-a.h, -a.l, a.e, a.bad)


def mul(a: V, b: V) -> V:
    h, lo, e, overflow = mul_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    return V(h, lo, e, a.bad | b.bad | overflow | outside(h, lo))


def div(a: V, b: V) -> V:
    h, lo, e, failed = div_parts(a.h, a.l, a.e, b.h, b.l, b.e)
    return V(h, lo, e, a.bad | b.bad | failed | outside(h, lo))


def twice(a: V) -> V:
    """``2A``: exact (doubling stays inside the range but at its top, checked)."""
    return V(2 * a.h, 2 * a.l, 2 * a.e, a.bad | outside(2 * a.h, a.l))


def pick(where: np.ndarray, a: V, b: V) -> V:
    """``a`` where ``where`` holds, else ``b``."""
    return V(*(np.where(where, p, q) for p, q in zip(a, b, strict=True)))


def end(v: V) -> DDBounded:
    return finish(np.where(v.bad, 0.0, v.h), np.where(v.bad, 0.0, v.l), v.e, v.bad)


def at(name: str, a: V) -> V:
    """``g(A)`` for ``g`` one of :data:`~tanhproof.numeric._exprddfunc.DD_FUNCTIONS` at the
    double-double ``A`` (:func:`~tanhproof.numeric._exprddfunc.function_parts`)."""
    h, lo, e, bad = function_parts(name, a.h, a.l, a.e, a.bad)
    return V(h, lo, e, bad | outside(h, lo))


def constant(ball: arb) -> tuple[float, float, float]:
    """``(h, l, e)``: a double-double and an upper bound of its distance from every point of
    ``ball`` (a constant evaluated by arb at a few hundred bits: the midpoint's double-double
    within its rounding, plus the radius)."""
    lo, hi = arb_bounds(ball)
    h, low, err = dd_of_fraction((lo + hi) / 2)
    err = float(Fraction(err) + (hi - lo) / 2) * (1 + 2.0**-50) + 2.0**-1074
    return h, low, err
