"""GELU and its tanh form as double-doubles: catalog functions at a double-double argument.

The expression path evaluates ``gelu(x) = x (1 + erf(x/sqrt(2)))/2`` and ``gelu_tanh(x)
= x sigmoid(2 sqrt(2/pi) (x + 0.044715 x**3))`` node by node, with the known sign at
every step, and their derivatives as SymPy writes them. Here each is a short formula of
:mod:`tanhproof.numeric._ddvalue`'s operations, whose bounds are
:mod:`tanhproof.numeric._exprdd`'s, with the catalog functions at an inexact argument by
:func:`~tanhproof.numeric._exprddfunc.function_parts` (the kernel at the argument's high
part, corrected to first order, the remainder bounded by the second derivative). So no
analysis is needed here for the bounds, only the identities, which are exact:

* ``gelu(x) = x Phi(x)`` with ``Phi(x) = erfc(-x/sqrt(2))/2`` (``1 + erf(u) = erfc(-u)``,
  which does not cancel far left);
* ``gelu'(x) = Phi(x) + x phi(x)``, ``phi(x) = e**(-x**2/2)/sqrt(2 pi)`` (the derivative
  of ``erfc(-x/sqrt(2))/2`` is ``phi``);
* ``gelu_tanh(x) = x sigma(Z)``, ``Z = x (k_1 + k_3 x**2)``, ``k_1 = 2 sqrt(2/pi)``,
  ``k_3 = 0.044715 k_1`` (``(1 + tanh z)/2 = sigma(2z)``);
* ``gelu_tanh'(x) = sigma(Z) + x (k_1 + 3 k_3 x**2) sigma(Z) (1 - sigma(Z))`` (``sigma'
  = sigma (1 - sigma)``). ``1 - sigma(Z)`` cancels for large ``Z``, but only in relative
  terms: its absolute error, at most that of ``sigma(Z)``, is what the sum needs (beyond
  ``Z = 37`` ``sigma(Z)`` is ``1 - s`` with ``s = sigma(-Z)`` carrying its own error,
  so ``1 - sigma(Z)`` is ``s`` again).

The constants are arb's at 256 bits as double-doubles within their distance
(:func:`~tanhproof.numeric._ddvalue.constant`). ``gelu'`` and ``gelu_tanh'`` cancel near
their zeros (``x ~ -0.75``), where the absolute bound tells whether the rounding is
decided. Inputs whose kernels leave their ranges (``gelu`` below ``x ~ -35``, where
``erfc`` would need ``2**-900``) are bad here, and go to the expression path as before.

Examples
========

>>> import numpy as np
>>> b = GELU_DD["gelu"](np.array([1.0, -2.0]))
>>> b.h.tolist()  # gelu(1), gelu(-2): 0.84134474606854293129, -0.045500263896358414401 (mpmath)
[0.8413447460685429, -0.04550026389635842]
>>> bool(np.all(b.e < 2.0**-95))
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.expr._activations import GELU_KAPPA
from tanhproof.numeric._ddvalue import V, add, at, constant, end, exact, mul, neg, rational
from tanhproof.numeric._exprdd import DDBounded

__all__ = ["GELU_DD", "constants"]


@functools.cache
def constants() -> tuple[tuple[float, float, float], ...]:
    """``-1/sqrt(2)``, ``1/sqrt(2 pi)``, ``k_1``, ``k_3`` and ``3 k_3`` (module docstring)
    as ``(h, l, e)`` each, from arb at 256 bits."""
    old = ctx.prec
    ctx.prec = 256
    try:
        kappa = arb(int(GELU_KAPPA.p)) / int(GELU_KAPPA.q)  # 0.044715
        k1 = 2 * (arb(2) / arb.pi()).sqrt()
        return tuple(
            constant(ball)
            for ball in (-1 / arb(2).sqrt(), 1 / (2 * arb.pi()).sqrt(), k1, kappa * k1, 3 * kappa * k1)
        )
    finally:
        ctx.prec = old


def _constant(i: int, shape: tuple[int, ...]) -> V:
    h, lo, e = constants()[i]
    return V(np.full(shape, h), np.full(shape, lo), np.full(shape, e), np.zeros(shape, dtype=bool))


def _twice_phi(x: np.ndarray) -> V:
    """``erfc(-x/sqrt(2)) = 2 Phi(x)``."""
    return at("erfc", mul(exact(x), _constant(0, x.shape)))


def _gelu(x: np.ndarray) -> DDBounded:
    return end(mul(mul(exact(x), _twice_phi(x)), rational(Fraction(1, 2), x.shape)))


def _gelu_prime(x: np.ndarray) -> DDBounded:
    half = mul(_twice_phi(x), rational(Fraction(1, 2), x.shape))
    power = mul(mul(exact(x), exact(x)), rational(Fraction(-1, 2), x.shape))
    phi = mul(at("exp", power), _constant(1, x.shape))
    return end(add(half, mul(exact(x), phi)))


def _argument(x: np.ndarray) -> tuple[V, V]:
    """``(Z, x**2)`` for the tanh form."""
    square = mul(exact(x), exact(x))
    return mul(exact(x), add(_constant(2, x.shape), mul(_constant(3, x.shape), square))), square


def _gelu_tanh(x: np.ndarray) -> DDBounded:
    z, _ = _argument(x)
    return end(mul(exact(x), at("sigmoid", z)))


def _gelu_tanh_prime(x: np.ndarray) -> DDBounded:
    z, square = _argument(x)
    s = at("sigmoid", z)
    slope = mul(exact(x), add(_constant(2, x.shape), mul(_constant(4, x.shape), square)))
    return end(add(s, mul(slope, mul(s, add(rational(1, x.shape), neg(s))))))


#: GELU, its tanh form and their derivatives as formulas (module docstring).
GELU_DD: dict[str, Callable[[np.ndarray], DDBounded]] = {
    "gelu": _gelu,
    "gelu'": _gelu_prime,
    "gelu_tanh": _gelu_tanh,
    "gelu_tanh'": _gelu_tanh_prime,
}
