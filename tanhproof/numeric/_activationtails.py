r"""Proved tail rules for the activations' references: far out, a value is a sign or a constant.

Far out, an activation's value underflows below every format (``gelu(-50)`` is about
``-e^{-1250}``) or lies beside a constant or the input itself (``gelu(20) = 20 - tiny``,
``elu(-100) = -1 + tiny``); near zero it lies beside ``x/2``, ``1/2``, ``x`` or 1
(``silu(x) = x/2 + tiny``). The float64 and double-double values of
:mod:`tanhproof.numeric._exprref` cannot round those (the value is below ``2**-1074``,
or the tiny part is lost), so they would go to the arb Ziv loop one by one.
:func:`tail_values` decides them at once from the rules of :data:`RULES`, each proved
below; :func:`tail_reference` is :func:`~tanhproof.numeric._exprref.expression_reference`
with the rules applied first (what :func:`tanhproof.numeric._bulk.reference` uses for
an activation name).

Explanation
===========

A rule is a range of ``x`` (``x >= a`` or ``x <= a``, or near zero ``0 < x <= a`` or
``a <= x < 0``; the thresholds inclusive) and a form:

- **tiny of sign s**: ``0 < s f(x) < 2**-1100``. Every rounding boundary (a value or
  a midpoint) of every format is 0 or at least ``2**-1075`` in magnitude, so ``f(x)``
  rounds, in every format and mode, like every real of sign ``s`` and magnitude at most
  ``2**-1100``: the common rounding of the exact interval ``s [2**-2000, 2**-1100]``
  (:func:`~tanhproof.numeric._formats.round_bounds`, once per format, mode and sign).
  In formats of at most 32 bits (boundaries ``2**-150`` or more) the bound ``2**-200``
  suffices; in binary64 ``2**-1076`` suffices for the rounding, but the residual (``f/ulp(0)``
  for a zero) is then up to ``1/4``: rules 1-4, 9, 10 and 14 have a third threshold,
  ``x <= -760`` (``x >= 760``), used only when no residual is asked (``761 * 1.76 e^{-760}
  < 2**-1086``).
- **beside c on side s**: ``f(x) = c + s t`` with ``0 < t < 2**-80 |c|`` (``2**-50 |c|``
  in formats of at most 32 bits, whose boundaries other than ``c`` are ``2**-26 |c|`` or
  more from the ``c`` below): ``f(x)`` rounds like ``c + s tiny``. A constant ``c``
  (``1``, ``-1``, SELU's ``-lambda alpha``: ``q |c| < 2**925`` for its denominator ``q``)
  is at least ``1/(q 2**1075) > 2**-2000 |c|`` from every boundary other than itself
  (boundaries are multiples of ``2**-1075``): :func:`~tanhproof.numeric._formats.round_bounds`
  over ``c + s [2**-2000, 2**-80] |c|`` (``2**-50``) gives the rounding of every such
  value. For ``c = x`` or ``x -+ 1`` (a float64): in binary64
  :func:`~tanhproof.numeric._dddecide.beside64` (``t`` is below a quarter of the gap,
  ``2**-53 |c|`` or more, to ``c``'s neighbour); in the narrower formats the float64 sum
  ``c + s (2**-40 |c| + 2**-1000)``, rounded (``c`` is a format value, or has at most 25
  bits: proof 11). The residual ``(f - v)/ulp(v)`` is taken as ``(c - v)/ulp(v)``,
  within ``t/ulp(v) < 2**-25`` of it (``ulp(v) >= 2**-25 |c|``, ``2**-53 |c|`` in
  binary64; for a tiny value ``|f|/ulp(v) < 2**-26``).

Every rule has two thresholds, ``narrow / wide``: the first for formats of at most 32
bits, the second for binary64 (a bound of ``2**-200`` or ``2**-50 |c|`` against
``2**-1100`` or ``2**-80 |c|``). ``e`` below is Euler's number; ``log2 e > 1.4426``
gives ``e^{-36} < 2**-51``, ``e^{-40} < 2**-57``, ``e^{-64} < 2**-92``, ``e^{-72} <
2**-103``, ``e^{-150} < 2**-216``, ``e^{-800} < 2**-1154``. ``sigma`` is the logistic
function, ``sp = log(1 + e^x)``, ``Phi``/``phi`` the normal distribution and density
(``phi(x) < e^{-x^2/2}/2.5``), ``z = k (x + 0.044715 x^3)`` with ``k = sqrt(2/pi) in
(0.797, 0.798)``. Every bound below is monotone beyond its threshold, so checking it
at the threshold suffices.

1. ``silu = x sigma(x)``. ``x <= -150 / -800``: ``0 < -silu < |x| e^x`` (increasing in
   ``x`` for ``x < -1``): ``150 e^{-150} < 2**-208``, ``800 e^{-800} < 2**-1144``; sign -1.
   ``x >= 36 / 64``: ``silu = x - x sigma(-x)``, ``t/x = sigma(-x) < e^{-x}``: beside
   ``x``, side -1.
2. ``silu' = sigma(x)(1 + x sigma(-x))``. ``x <= -150 / -800``: ``x sigma(-x) < -1``
   (``sigma(-x) > 1/2``, ``x < -2``): negative, ``|silu'| < e^x (1 + |x|)``, bounded as
   in 1. ``x >= 40 / 64``: ``silu' = 1 + sigma(-x)(x sigma(x) - 1)``, ``0 < t < x e^{-x}``
   (``40 e^{-40} < 2**-51``, ``64 e^{-64} < 2**-86``): beside 1, side +1.
3. ``mish = x tanh(sp)``, ``0 < sp < e^x``. ``x <= -150 / -800``: ``0 < -mish < |x| e^x``
   (``tanh(sp) < sp``), as in 1; sign -1. ``x >= 18 / 32``: ``1 - tanh(sp) = 2/((1 +
   e^x)^2 + 1) < 2 e^{-2x}``, ``t/x < 2 e^{-2x}`` (``2 e^{-36} < 2**-50``, ``2 e^{-64}``):
   beside ``x``, side -1.
4. ``mish' = tanh(sp) + x sigma(x) sech^2(sp)``. ``x <= -150 / -800``: with ``tanh(sp)
   <= sp <= e^x``, ``sigma(x) >= e^x (1 - e^x)``, ``sech^2(sp) >= 1 - sp^2 >= 1 - e^{2x}``:
   ``mish' <= e^x (1 - |x| (1 - e^x)(1 - e^{2x})) < 0``, ``|mish'| <= e^x (1 + |x|)`` as
   in 1; sign -1. ``x >= 20 / 32``: with ``u = 1 - tanh(sp) < 2e^{-2x}``, ``mish' = 1 +
   u (x sigma(x)(1 + tanh sp) - 1)``, the bracket in ``(0, 2x)``: ``0 < t < 4 x e^{-2x}``
   (``80 e^{-40} < 2**-50``, ``128 e^{-64} < 2**-85``): beside 1, side +1.
5. ``gelu = x Phi(x)``. Mills: ``Phi(-|x|) < phi(x)/|x|``. ``x <= -20 / -40``: ``0 <
   -gelu < phi(x) < e^{-x^2/2}`` (``e^{-200} < 2**-288``, ``e^{-800}``); sign -1. ``x >=
   9 / 12``: ``gelu = x - x Phi(-x)``, ``t/x < phi(x)/x`` (``e^{-40.5}/22 < 2**-62``,
   ``e^{-72}/30 < 2**-107``): beside ``x``, side -1.
6. ``gelu' = Phi(x) + x phi(x)``. ``x <= -20 / -40``: ``Phi(x) < phi(x)/|x|`` gives
   ``gelu' < phi(x)(1/|x| - |x|) < 0`` and ``gelu' > x phi(x)``: ``|gelu'| < |x| phi(x)
   < |x| e^{-x^2/2}`` (``20 e^{-200} < 2**-283``, ``40 e^{-800} < 2**-1148``); sign -1.
   ``x >= 9 / 12``: ``gelu' = 1 + (x phi(x) - Phi(-x))`` with ``0 < Phi(-x) < phi(x)/x <
   x phi(x)``: ``0 < t < x phi(x)`` (``9 e^{-40.5}/2.5 < 2**-56``, ``12 e^{-72}/2.5 <
   2**-101``): beside 1, side +1.
7. ``gelu_tanh = x (1 + tanh z)/2``, ``1 + tanh z = 2w/(1 + w) < 2w``, ``w = e^{2z}``;
   ``z`` is increasing. ``x <= -14 / -22``: ``0 < -gelu_tanh < |x| w``; ``z(-14) <
   -109`` (``14 + 0.044715 * 2744 > 136.6``), ``14 e^{-218} < 2**-310``; ``z(-22) <
   -397`` (``22 + 0.044715 * 10648 > 498.1``), ``22 e^{-794} < 2**-1141``; sign -1. ``x >= 8 / 10``: ``t/x = (1 - tanh z)/2
   < e^{-2z}``, ``z(8) > 24.6``, ``z(10) > 43.6`` (``e^{-49.2} < 2**-70``, ``e^{-87.2} <
   2**-125``): beside ``x``, side -1.
8. ``gelu_tanh' = (1 + tanh z)/2 + x z' sech^2(z)/2``, ``z' = k (1 + 0.134145 x^2)``.
   ``x <= -14 / -22``: ``sech^2 z = 4w/(1 + w)^2`` gives ``gelu_tanh' = w (1 + w + 2 x
   z')/(1 + w)^2``: negative (``2|x| z' > 2``), ``|gelu_tanh'| < w (1 + 2|x| z') <
   w (1 + 2|x| + 0.22 |x|^3)``: ``< 2**10 w`` at -14 (``e^{-218}``), ``< 2**12 w`` at
   -22 (``e^{-794} < 2**-1145``); sign -1. ``x >= 8 / 10``: ``gelu_tanh' = 1 + u (x z' (1 + tanh z) - 1)/2``, ``u
   = 1 - tanh z < 2e^{-2z}``, the bracket positive (``x z' > 1``) and below ``2 x z'``:
   ``0 < t < 2 x z' e^{-2z}``; ``2 x z' < 2**7`` at 8, ``2**8`` at 10 (``2**-63``,
   ``2**-117``): beside 1, side +1.
9. ``logsigmoid = -log(1 + e^{-x})``. ``x >= 150 / 800``: ``0 < -logsigmoid < e^{-x}``;
   sign -1. ``x <= -36 / -64``: ``logsigmoid = x - log(1 + e^x)``, ``t < e^x``, ``t/|x| <
   e^x``: beside ``x``, side -1.
10. ``logsigmoid' = sigma(-x)``. ``x >= 150 / 800``: ``0 < sigma(-x) < e^{-x}``; sign +1.
    ``x <= -36 / -64``: ``1 - sigma(x)``, ``t < e^x``: beside 1, side -1.
11. ``tanhshrink = x - tanh x``, odd. ``x >= 18 / 32``: ``tanh x = 1 - 2/(e^{2x} + 1)``, so
    ``x - 1 + t``, ``t < 2 e^{-2x}``, ``|x - 1| >= 17`` (``2e^{-36}/17 < 2**-54``): beside
    ``x - 1``, side +1 (``x <= -18 / -32``: beside ``x + 1``, side -1); only for ``|x| <
    2**53`` in binary64, where ``x -+ 1`` is a float64, and ``|x| < 2**24`` in the
    narrower formats (precision ``p <= 24``), where ``x`` and 1 are multiples of ``2**(E
    - 23)`` (``2**E <= |x|``), so ``x -+ 1`` has at most 25 bits and the format's
    boundaries near it (multiples of ``2**(E - 25)``) are ``2**-26 |x -+ 1|`` or more
    away from it, beyond the float64 sum of :func:`_beside_x` (``2**-39 |c|``).
    Beyond, ``|x| >= 2**24 + 2`` (``2**53 + 2`` in binary64): ``x - 1 < tanhshrink(x) <
    x`` (``x > 0``; odd), and the gap below ``x`` to the format's next value is 2 or more
    (``x`` lies in a binade of quantum 2 or more, or is ``2**25``/``2**54`` or above with
    half that below), so the midpoint below ``x`` is ``x - 1`` or less: the value rounds
    like every real in ``(x - 1, x)``, like ``x - tiny``: beside ``x``, side -1 (``x``
    and its neighbours are floats; the residual ``(x - v)/ulp(v)`` is off by ``(1 -
    tanh x)/ulp(v)`` and 1, so it is ``((x - v) -+ 1)/ulp(v)``, exact in float64, within
    ``2e^{-2|x|}/ulp(v)``: the rule's ``shift``).
12. ``tanhshrink' = tanh(x)^2 = 1 - sech^2 x``, ``|x| >= 20 / 32``: ``sech^2 x < 4
    e^{-2|x|}`` (``4 e^{-40} < 2**-55``): beside 1, side -1.
13. ``elu = celu = e^x - 1`` (``alpha = 1``), ``x <= -36 / -64``: beside -1, side +1
    (``t = e^x``). ``selu = lambda alpha (e^x - 1)``, ``x <= -36 / -64``: beside
    ``-lambda alpha``, side +1 (``t/(lambda alpha) = e^x``).
14. ``elu' = celu' = e^x``, ``selu' = lambda alpha e^x`` (``lambda alpha < 1.76``),
    ``x <= -150 / -800``: sign +1, below ``1.76 e^x``.
15. Near zero, ``0 < |x| <= 2**-52 / 2**-82`` (``x = 0`` is exact, left to the path), with
    ``sx`` the sign of ``x``; ``t/|c| <= 3|x|`` suffices (``3 * 2**-52 < 2**-50``). ``silu =
    x/2 + (x/2) tanh(x/2)``, ``gelu = x/2 + (x/2) erf(x/sqrt 2)``, ``gelu_tanh = x/2 + (x/2)
    tanh z``: beside ``x/2``, side +1 (``tanh``, ``erf`` odd and increasing; ``t/|c| <=
    |x|/2``, ``sqrt(2/pi)|x|``, ``|z| < 0.8 |x|``). ``x/2`` is a float64 for ``|x| >=
    2**-1021`` (binary64 only takes those); in the narrow formats it is a format value or,
    for a subnormal ``x``, a midpoint, whose neighbouring boundaries are a half quantum
    ``> 2**-25 |c|`` away. ``silu' - 1/2 = (sigma(x) - 1/2) + x sigma(x) sigma(-x)``,
    ``gelu' - 1/2 = (Phi(x) - 1/2) + x phi(x)``, ``gelu_tanh' - 1/2 = (tanh z + x z'
    sech^2 z)/2``: both terms of sign ``sx``, ``|t| <= |x|/2``, ``0.8 |x|``, ``0.8 |x|``:
    beside 1/2, side ``sx``. ``logsigmoid' = 1/2 - (sigma(x) - 1/2)``: side ``-sx``, ``|t|
    <= |x|/4``. ``softsign = x - x|x|/(1 + |x|)``: beside ``x``, side ``-sx``, ``t <= x^2``;
    ``softsign' = 1 - t``, ``t = (2|x| + x^2)/(1 + |x|)^2 <= 3|x|``: beside 1, side -1
    (``3 * 2**-52 < 2**-50``). ``x < 0``: ``elu = celu = x + (e^x - 1 - x)``, ``0 < t <
    x^2/2``: beside ``x``, side +1; ``elu' = celu' = 1 - (1 - e^x)``, ``selu' = lambda alpha
    (1 - (1 - e^x))``, ``0 < 1 - e^x < |x|``: beside 1 (``lambda alpha``), side -1.
    Far out: ``softsign = sx (1 - 1/(1 + |x|))``, ``|x| >= 2**52 / 2**82``: beside ``sx``,
    side ``-sx``.

16. ``mish`` near zero in the formats of at most 32 bits, ``0 < |x| <= 2**-52``: ``g =
    tanh(sp)`` has ``g(0) = tanh(log 2) = 3/5`` and ``0 < g' = sech^2(sp) sigma(x) < 1``,
    so ``mish = 3x/5 + x (g(x) - 3/5)``, ``0 < t < x^2``, ``t/|c| < 2|x| <= 2**-51``:
    beside ``3x/5``, side +1, at the inputs where ``3x/5`` is a format value (mantissa
    divisible by 5, read exactly from ``frexp``: then ``3x`` and ``(3x)/5`` are exact in
    float64, and ``3m/5 < 2**p`` for the format mantissa ``m``, on ``x``'s quantum);
    elsewhere the float64 path decides (``3x/5`` is not a format value).

Examples
========

>>> import numpy as np
>>> mask, values, _ = tail_values("gelu", np.array([-50.0, 1.0, 30.0]), "binary32", "down")
>>> mask.tolist(), values[mask].tolist()
([True, False, True], [-1.401298464324817e-45, 29.999998092651367])
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tanhproof.numeric._activationdd import activation_values, applies
from tanhproof.numeric._arrayrounding import format_values, round_array
from tanhproof.numeric._dddecide import beside64
from tanhproof.numeric._exprref import catalog_expression, expression_reference
from tanhproof.numeric._formats import Format, get_format, round_bounds
from tanhproof.numeric._ulps import ulp_array

__all__ = ["RULES", "Rule", "tail_reference", "tail_values"]

_TINY_LOW = Fraction(1, 2**2000)  # s [2**-2000, 2**-1100] holds every tiny value's rounding
_TINY_HIGH = Fraction(1, 2**1100)
_NEAR = Fraction(1, 2**80)  # beside c: t < 2**-80 |c| (2**-50 |c| in the narrow formats)
_NEAR_NARROW = Fraction(1, 2**50)


@dataclass(frozen=True)
class Rule:
    """``f(x)`` for ``x >= start`` (``right``) or ``x <= start`` (``start`` for binary64,
    ``narrow`` for formats of at most 32 bits; with ``zero``: ``0 < x <= start`` or
    ``start <= x < 0``): tiny of sign ``side`` (``kind="tiny"``), or ``c + side * t``
    (``kind="x"``: ``c = scale * x + offset``; ``kind="const"``: ``c = const``)."""

    kind: str
    right: bool
    start: float
    side: int
    narrow: float | None = None
    offset: float = 0.0
    const: Fraction | None = None
    zero: bool = False
    scale: float = 1.0
    shift: float = 0.0  # residual ((c - v) + shift)/ulp(v): proof 11
    rounding: float | None = None  # binary64 threshold when no residual is asked (2**-1076)
    ratio: tuple[int, int] | None = None  # c = x p/q where that is a format value: proof 16

    def threshold(self, f: Format, residual: bool = True) -> float:
        if f.width <= 32:
            return self.start if self.narrow is None else self.narrow
        return self.start if residual or self.rounding is None else self.rounding

    def mask(self, xs: np.ndarray, f: Format, residual: bool = True) -> np.ndarray:
        a = self.threshold(f, residual)
        if self.zero:
            inside = ((xs > 0) & (xs <= a)) if self.right else ((xs >= a) & (xs < 0))
        else:
            inside = (xs >= a) if self.right else (xs <= a)
        if self.offset:  # x -+ 1 has at most 53 (25 in a narrow format) bits: proof 11
            inside &= np.abs(xs) < (2.0**53 if f.width > 32 else 2.0**24)
        if self.scale != 1 and f.width > 32:  # x/2 is a float64: proof 15
            inside &= np.abs(xs) >= 2.0**-1021
        if self.ratio is not None:  # narrow formats only, where x p/q is exact: proof 16
            if f.width > 32:
                return np.zeros(xs.shape, dtype=bool)
            safe = np.where(np.isfinite(xs), xs, 0.0)
            mantissa = (np.frexp(safe)[0] * 2.0**53).astype(np.int64)  # x = mantissa 2**k
            inside &= mantissa % self.ratio[1] == 0
        return inside


def _selu_scale_alpha() -> Fraction:
    from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE

    return Fraction(int(SELU_SCALE.p), int(SELU_SCALE.q)) * Fraction(int(SELU_ALPHA.p), int(SELU_ALPHA.q))


def _tiny(right: bool, start: float, narrow: float, side: int, rounding: float | None = None) -> Rule:
    return Rule("tiny", right, start, side, narrow=narrow, rounding=rounding)


def _near(right: bool, start: float, narrow: float, side: int, offset: float = 0.0) -> Rule:
    return Rule("x", right, start, side, narrow=narrow, offset=offset)


def _const(right: bool, start: float, narrow: float, side: int, c: Fraction) -> Rule:
    return Rule("const", right, start, side, narrow=narrow, const=c)


_Z = 2.0**-82  # |x| <= 2**-82 (2**-52 in the narrow formats): proof 15
_ZN = 2.0**-52


def _zero(name_rules: dict[str, tuple[Rule, ...]]) -> None:
    """Add the near-zero rules of proof 15 to ``name_rules``."""
    half, one = Fraction(1, 2), Fraction(1)
    for right in (True, False):
        sx = 1 if right else -1
        a, an = sx * _Z, sx * _ZN

        def near(side: int, scale: float = 1.0) -> Rule:
            return Rule("x", right, a, side, narrow=an, zero=True, scale=scale)  # noqa: B023

        def const(side: int, c: Fraction) -> Rule:
            return Rule("const", right, a, side, narrow=an, const=c, zero=True)  # noqa: B023

        more: dict[str, Rule] = {
            "silu": near(1, 0.5),
            "gelu": near(1, 0.5),
            "gelu_tanh": near(1, 0.5),
            "silu'": const(sx, half),
            "gelu'": const(sx, half),
            "gelu_tanh'": const(sx, half),
            "logsigmoid'": const(-sx, half),
            "softsign": near(-sx),
            "softsign'": const(-1, one),
        }
        if not right:
            more.update({"elu": near(1), "celu": near(1), "elu'": const(-1, one), "celu'": const(-1, one)})
            more["selu'"] = const(-1, _selu_scale_alpha())
        for name, rule in more.items():
            name_rules[name] = (*name_rules.get(name, ()), rule)
    for right, a, an in ((True, _Z, _ZN), (False, -_Z, -_ZN)):
        name_rules["mish"] += (Rule("x", right, a, 1, narrow=an, zero=True, ratio=(3, 5)),)
    big = Fraction(1)
    name_rules["softsign"] += (
        Rule("const", True, 2.0**82, -1, narrow=2.0**52, const=big),
        Rule("const", False, -(2.0**82), 1, narrow=-(2.0**52), const=-big),
    )


def _rules() -> dict[str, tuple[Rule, ...]]:
    left_tiny = _tiny(False, -800.0, -150.0, -1, -760.0)
    one = Fraction(1)
    minus_one = _const(False, -64.0, -36.0, 1, -one)
    exp_tiny = (_tiny(False, -800.0, -150.0, 1, -760.0),)
    rules: dict[str, tuple[Rule, ...]] = {
        "silu": (left_tiny, _near(True, 64.0, 36.0, -1)),
        "silu'": (left_tiny, _const(True, 64.0, 40.0, 1, one)),
        "mish": (left_tiny, _near(True, 32.0, 18.0, -1)),
        "mish'": (left_tiny, _const(True, 32.0, 20.0, 1, one)),
        "gelu": (_tiny(False, -40.0, -20.0, -1), _near(True, 12.0, 9.0, -1)),
        "gelu'": (_tiny(False, -40.0, -20.0, -1), _const(True, 12.0, 9.0, 1, one)),
        "gelu_tanh": (_tiny(False, -22.0, -14.0, -1), _near(True, 10.0, 8.0, -1)),
        "gelu_tanh'": (_tiny(False, -22.0, -14.0, -1), _const(True, 10.0, 8.0, 1, one)),
        "logsigmoid": (_tiny(True, 800.0, 150.0, -1, 760.0), _near(False, -64.0, -36.0, -1)),
        "logsigmoid'": (_tiny(True, 800.0, 150.0, 1, 760.0), _const(False, -64.0, -36.0, -1, one)),
        "tanhshrink": (
            _near(True, 32.0, 18.0, 1, -1.0),
            _near(False, -32.0, -18.0, -1, 1.0),
            Rule("x", True, 2.0**53 + 2, -1, narrow=2.0**24 + 2, shift=-1.0),
            Rule("x", False, -(2.0**53 + 2), 1, narrow=-(2.0**24 + 2), shift=1.0),
        ),
        "tanhshrink'": (_const(True, 32.0, 20.0, -1, one), _const(False, -32.0, -20.0, -1, one)),
        "elu": (minus_one,),
        "celu": (minus_one,),
        "selu": (_const(False, -64.0, -36.0, 1, -_selu_scale_alpha()),),
        "elu'": exp_tiny,
        "celu'": exp_tiny,
        "selu'": exp_tiny,
    }
    _zero(rules)
    return rules


#: The proved rules of each activation name (module docstring, proofs 1-14).
RULES: dict[str, tuple[Rule, ...]] = _rules()


@functools.lru_cache(maxsize=256)
def _constant(c: Fraction, side: int, fmt: Format, mode: str) -> tuple[float, float] | None:
    """The rounding of every ``c + side * t`` (``t`` tiny, module docstring) and its
    residual ``(c - v)/ulp(v)``, or ``None`` if they do not all round alike."""
    if c == 0:
        low, high = side * _TINY_LOW, side * _TINY_HIGH
    else:
        near = _NEAR if fmt.width > 32 else _NEAR_NARROW
        low, high = c + side * _TINY_LOW * abs(c), c + side * near * abs(c)
    v = round_bounds(min(low, high), max(low, high), fmt, mode)
    if v is None or not math.isfinite(v):
        return None
    u = float(ulp_array(np.array([v]), fmt)[0])
    return v, float((c - Fraction(v)) / Fraction(u))


def _beside_x(c: np.ndarray, side: int, f: Format, mode: str) -> np.ndarray:
    """The rounding of ``c + side * t`` for float64 ``c`` (module docstring)."""
    if f.name == "binary64":
        return beside64(c, np.full(c.shape, side, dtype=np.int8), mode)
    # c is a format value, or has at most 25 bits (proof 11): no boundary of the format
    # lies within 2**-26 |c| of c, while the float64 sum lies strictly beyond c and
    # within 2**-39 |c| of it (2**-1000 only matters at c = 0, a format value).
    with np.errstate(over="ignore"):
        moved = c + side * (np.abs(c) * 2.0**-40 + 2.0**-1000)
    return round_array(moved, f, mode).astype(np.float64)


def tail_values(
    function: str, x: Any, fmt: str | Format, mode: str, residual: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(mask, values, residuals)`` for float64 inputs ``x`` (values of ``fmt``): the
    rules' correctly rounded values where ``mask`` holds, and their residuals
    ``(f(x) - value)/ulp(value)`` (module docstring; NaN where the value is infinite).
    With ``residual=False`` the binary64 tiny rules reach further (their ``rounding``
    thresholds), and the residuals there are not meaningful.

    >>> import numpy as np
    >>> mask, values, _ = tail_values("elu", np.array([-70.0, -1.0]), "binary64", "up")
    >>> mask.tolist(), bool(values[0] == -1 + 2.0**-53)
    ([True, False], True)
    """
    f = get_format(fmt)
    xs = np.asarray(x, dtype=np.float64)
    mask = np.zeros(xs.shape, dtype=bool)
    values = np.full(xs.shape, np.nan)
    res = np.full(xs.shape, np.nan)
    finite = np.isfinite(xs)
    for rule in RULES.get(function, ()):
        where = np.flatnonzero(finite & ~mask & rule.mask(xs, f, residual))
        if not len(where):
            continue
        if rule.kind == "x":
            c = xs[where] * rule.scale + rule.offset  # exact: proofs 11, 15
            if rule.ratio is not None:
                c = (c * rule.ratio[0]) / rule.ratio[1]  # exact: proof 16
            v = _beside_x(c, rule.side, f, mode)
            with np.errstate(invalid="ignore", over="ignore"):
                r = ((c - v) + rule.shift) / ulp_array(v, f)  # c - v is exact; NaN at inf
            ok = np.ones(len(where), dtype=bool)  # -max - tiny rounds down to -inf: kept
        else:
            found = _constant(rule.const if rule.kind == "const" else Fraction(0), rule.side, f, mode)
            if found is None:
                continue
            v = np.full(len(where), found[0])
            r = np.full(len(where), found[1])
            ok = np.ones(len(where), dtype=bool)
        mask[where[ok]] = True
        values[where[ok]] = v[ok]
        res[where[ok]] = r[ok]
    return mask, values, res


def tail_reference(
    function: str, x: Any, f: Format, mode: str, *, residual: bool = False
) -> tuple[np.ndarray, int, int, int, np.ndarray | None]:
    """:func:`~tanhproof.numeric._exprref.expression_reference` of the catalog name
    ``function`` with the rules of :data:`RULES` applied first: the same fields, the
    points the rules decide counted as decided (not fallback).

    >>> import numpy as np
    >>> from tanhproof.numeric._formats import get_format
    >>> x = np.array([-100.0, 1.0], dtype=np.float16)
    >>> values, points, fallback, undefined, _ = tail_reference("gelu", x, get_format("binary16"), "nearest")
    >>> values.tolist(), fallback
    ([-0.0, 0.84130859375], 0)
    """
    expr = catalog_expression(function)
    fast = applies(function, f, int(np.size(x)))
    if function not in RULES and not fast:
        return expression_reference(expr, x, f, mode, residual=residual)
    xs = format_values(x, f).ravel()
    if function in RULES:
        mask, values, found = tail_values(function, xs, f, mode, residual)
    else:
        mask, values, found = (
            np.zeros(xs.shape, dtype=bool),
            np.full(xs.shape, np.nan),
            np.full(xs.shape, np.nan),
        )
    res = found if residual else None
    rest = np.flatnonzero(~mask)
    if fast and len(rest):  # one kernel at an exact input, where it decides
        inside = np.isfinite(xs[rest])
        finite = rest[inside]
        v, ok, r = activation_values(function, xs[finite], f, mode, residual)
        values[finite[ok]] = v[ok]
        if res is not None and r is not None:
            res[finite[ok]] = r[ok]
        rest = np.sort(np.concatenate([rest[~inside], finite[~ok]]))
    fallback = undefined = 0
    if len(rest):
        got = expression_reference(expr, xs[rest], f, mode, residual=residual)
        values[rest] = got[0].astype(np.float64)
        fallback, undefined = got[2], got[3]
        if res is not None and got[4] is not None:
            res[rest] = got[4]
    shape = np.shape(x)
    out = values.astype(f.dtype).reshape(shape)  # exact: every entry is a format value
    return out, int(xs.size), fallback, undefined, None if res is None else res.reshape(shape)
