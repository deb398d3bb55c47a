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
decided. Inputs whose kernels leave their ranges (``gelu`` below ``x ~ -35.2``, where
``erfc`` would need ``2**-900``; ``gelu_tanh`` below -20.196, where ``Z < -620``) are
bad here; in binary64 :func:`gelu_tail` takes them (``e**(-x**2/2)`` or ``e**Z`` scaled,
times a factor of order 1, for ``gelu`` by the Mills ratio's series), down to where the
tail rules decide.

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
import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.expr._activations import GELU_KAPPA
from tanhproof.numeric._ddarith import mul_dd, two_prod, two_sum
from tanhproof.numeric._dddecide import decide_tiny
from tanhproof.numeric._ddexp import EXP_BOUND, exp_scaled
from tanhproof.numeric._ddvalue import V, add, at, constant, div, end, exact, mul, neg, rational
from tanhproof.numeric._exprdd import DDBounded
from tanhproof.numeric._exprerror import up

__all__ = ["GELU_DD", "GELU_TAIL", "constants", "gelu_tail", "tail_parts"]


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


#: binary64's left tails (:func:`gelu_tail`): the inputs ``lo <= x < hi`` around those
#: where erfc's argument passes 24.9 (``x < -35.21``) and sigmoid's passes -620 (``x <
#: -20.196``; the tail from -20.15, where ``e**Z < 2**-888``); below ``lo`` the tail rules
#: decide (the values round to 0 or the least subnormal).
GELU_TAIL: dict[str, tuple[float, float]] = {
    "gelu": (-40.0, -35.0),
    "gelu'": (-40.0, -35.0),
    "gelu_tanh": (-22.0, -20.15),
    "gelu_tanh'": (-22.0, -20.15),
}
#: Terms of the Mills ratio series: ``(2N - 1)!! x**-2N < 2**-116`` for ``|x| >= 35``.
_MILLS_TERMS = 18
_U2 = 2.0**-106


def _mills(x: np.ndarray) -> tuple[V, V]:
    """``(S, w)``: ``w = 1/x**2`` and ``S = sum_(n < N) (-1)**n (2n - 1)!! w**n``, with
    the remainder ``(2N - 1)!! w**N`` in its bound (Abramowitz and Stegun 26.2.12:
    ``Phi(x) = phi(x)/|x| (S + R)`` for ``x < 0``, ``R = (-1)**N (2N - 1)!! int_|x|^oo
    phi(t) t**(-2N) dt / phi(x) |x|``, at most ``(2N - 1)!! w**N`` since
    ``int_a^oo phi(t) t**-m dt <= phi(a) a**(-m - 1)``)."""
    w = div(rational(1, x.shape), mul(exact(x), exact(x)))
    terms = [(-1) ** n * math.prod(range(1, 2 * n, 2)) for n in range(_MILLS_TERMS)]
    poly = rational(terms[-1], x.shape)
    for c in reversed(terms[:-1]):
        poly = add(mul(poly, w), rational(c, x.shape))
    w_upper = up(w.h + np.abs(w.l) + w.e)
    rest = up(float(math.prod(range(1, 2 * _MILLS_TERMS, 2))) * (1 + 2.0**-50) * w_upper**_MILLS_TERMS)
    return poly._replace(e=up(poly.e + rest)), w


def _relative(m: V) -> np.ndarray:
    """An upper bound of ``m``'s error relative to ``|m|`` (inf where it is no claim)."""
    low = (np.abs(m.h) - np.abs(m.l) - m.e) * (1 - 2.0**-50)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = up(m.e / low)
    return np.where(m.bad | ~(low > 0), np.inf, r)


def gelu_tail(
    function_: str, x: np.ndarray, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` in binary64 of a name of :data:`GELU_TAIL` at its
    inputs ``lo <= x < hi`` (values below ``2**-880``): :func:`tail_parts` decided by
    :func:`~tanhproof.numeric._dddecide.decide_tiny`."""
    h, lo, k, bound = tail_parts(function_, x)
    return decide_tiny(h, lo, k, bound, -1, mode, residual)


def tail_parts(function_: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(h, l, k, bound)``: ``f = -2**k (h + l)`` within ``bound |f|`` for a name of
    :data:`GELU_TAIL` at its inputs: ``e**(-x**2/2)`` or ``e**Z`` scaled
    (:func:`~tanhproof.numeric._ddexp.exp_scaled`) times a double-double factor ``m`` of
    order 1 (``bound`` is 1 where ``m`` is no claim):

    * ``gelu = -phi(x) S``, ``gelu' = -phi(x) |x| (1 - w S)`` with ``phi(x) =
      e**(-x**2/2)/sqrt(2 pi)`` (:func:`_mills`); ``x**2 = p + q`` exactly and
      ``e**(-q/2) = 1 - q/2 + q**2/8`` within ``|q|**3/40`` (``|q| <= 2**-42``);
    * ``gelu_tanh = x sigma(Z)`` and ``gelu_tanh' = sigma(Z) (1 + x T (1 - sigma(Z)))``
      (``T = k_1 + 3 k_3 x**2``), with ``sigma(Z) = e**Z (1 - d)``, ``0 <= d < e**Z <
      2**-880``, so ``e**Z x`` and ``e**Z (1 + x T)`` within ``3 e**Z`` relative
      (``|x T| < 2 |1 + x T|``); ``e**Z = e**Z_h e**Z_l e**t``, ``|t| <= e_Z``,
      ``e**Z_l = 1 + Z_l + Z_l**2/2`` within ``|Z_l|**3/5``.

    The bound adds :data:`~tanhproof.numeric._ddexp.EXP_BOUND`, two ``mul_dd`` (``8.1
    u**2`` each), the series' and ``m``'s relative errors and ``2**-870``."""
    if function_.startswith("gelu_tanh"):
        z, square = _argument(x)
        if function_ == "gelu_tanh":
            m = exact(-x)  # |x|
        else:
            slope = add(_constant(2, x.shape), mul(_constant(4, x.shape), square))
            m = neg(add(rational(1, x.shape), mul(exact(x), slope)))  # -(1 + x T) > 0
        eh, el, k = exp_scaled(z.h)
        sh, sl = two_sum(np.ones(x.shape), z.l)
        sl = sl + z.l * z.l / 2
        extra = up(np.abs(z.l) ** 3 / 5 + z.e * 1.01 + 2.0**-870)
    else:
        p, q = two_prod(x, x)
        eh, el, k = exp_scaled(-p / 2)
        sh, sl = two_sum(np.ones(x.shape), -q / 2)
        sl = sl + q * q / 8
        extra = up(np.abs(q) ** 3 / 40 + 2.0**-870)
        s, w = _mills(x)
        if function_ == "gelu":
            m = mul(_constant(1, x.shape), s)
        else:
            m = mul(_constant(1, x.shape), mul(exact(-x), add(rational(1, x.shape), neg(mul(w, s)))))
    with np.errstate(under="ignore"):
        eh, el = mul_dd(eh, el, sh, sl)
        h, lo = mul_dd(eh, el, m.h, m.l)
    bound = up(EXP_BOUND + 2 * 8.1 * _U2 + extra + _relative(m) * (1 + 2.0**-40))
    return h, lo, k, np.where(np.isfinite(bound), bound, 1.0)
