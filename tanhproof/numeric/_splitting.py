"""Near-limit splits and exponent bounds: values as ``c + d`` for the Ziv loop.

:func:`split_call` evaluates one catalog function on a ball as ``(c, d)`` (see
:mod:`tanhproof.numeric._ziv`): where the function tends to a limit ``c`` that every format
holds (``tanh -> +-1``, ``sigmoid -> 1``, ``erf -> +-1``, ``coth -> +-1``,
``softplus(x) -> x``), ``d`` is the small remainder, computed without cancellation
(``tanh(x) = +-1 -+ 2/(e^{2|x|} + 1)``); far out (``|x| > 4096``) the remainder is
only an exponent bound (:class:`~tanhproof.numeric._ziv.Tiny`), and ``exp``, ``sinh``,
``cosh`` there are :class:`~tanhproof.numeric._ziv.Huge`. :func:`tanhproof.numeric._splitexpr.split_eval`
does the same for a whole expression. The helpers here also give each function's
value at an argument that is itself only an exponent bound (``tanh`` of a Huge is
``+-1`` minus a Tiny).

The bounds use ``1.4426 < log2(e) = 1.44269...``, rounded so each bound is rigorous.

Examples
========

>>> from flint import arb
>>> c, d = split_call("tanh", arb(3))  # 1 - tanh(3) = 0.00494524631326954... (mpmath)
>>> c, abs(float(d.mid()) + 0.00494524631326954) < 1e-16, d.rad() < 1e-15
(Fraction(1, 1), True, True)
>>> split_call("tanh", arb(10**6))
(Fraction(1, 1), Tiny(sign=-1, bound=-2885198))
>>> split_call("exp", arb(-10**5))
(Fraction(0, 1), Tiny(sign=1, bound=-144259))
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from flint import arb, ctx, fmpq

from tanhproof.numeric._ziv import EXTREME_BITS, Huge, Tiny

__all__ = ["split_call"]

_LOG2E = 1.4426  # below log2(e): e**w > 2**(w * _LOG2E) for w > 0
_FAR = arb(EXTREME_BITS)  # beyond this, e**-|x| < 2**-5900: an exponent bound suffices
_CAP = 1 << 40  # bounds are saturated here (still far beyond every format)
_ZERO = Fraction(0)


def _far_bits(w: arb) -> int:
    """A lower bound of ``w * log2(e)`` for a ball ``w > 4096`` (saturated at 2**40)."""
    lower = w.lower()
    if not lower.is_finite() or lower > _CAP:
        return _CAP
    return min(_CAP, int(float(lower) * _LOG2E))


def _sign(b: arb) -> int:
    return 1 if b > 0 else -1


def _exp(b: arb) -> Any:
    if b > _FAR:
        exact = _exact(b)
        return Huge(1, _far_bits(b), log=(exact, arb(0)) if exact is not None else (_ZERO, b))
    if b < -_FAR:
        return Tiny(1, 1 - _far_bits(-b))
    return b.exp()


def _exact(b: arb) -> Fraction | None:
    if b.rad() != 0 or not b.is_finite():
        return None
    m, e = (int(v) for v in b.mid().man_exp())
    return Fraction(m) * Fraction(2) ** e


def split_call(name: str, b: arb) -> tuple[Fraction, Any]:
    """``name(b)`` as ``(c, d)``: ``c`` exact, ``d`` a ball or an exponent bound.

    Raises :class:`~tanhproof.DomainError` where the ball is not certifiably
    inside the function's domain (the catalog's arb evaluators decide that)."""
    if name not in _SPLIT_NAMES:
        return _ZERO, _arb_of(name)(b)
    big = b > 1 or b < -1
    w = abs(b)
    s = _sign(b) if big else 0
    if name == "tanh" and big:
        w2 = 2 * w
        return Fraction(s), (Tiny(-s, 2 - _far_bits(w2)) if w2 > _FAR else -s * 2 / (w2.exp() + 1))
    if name == "coth" and big:
        w2 = 2 * w
        return Fraction(s), (Tiny(s, 3 - _far_bits(w2)) if w2 > _FAR else s * 2 / w2.expm1())
    if name == "erf" and big:
        return Fraction(s), (Tiny(-s, 1 - _far_bits(w)) if w > _FAR else -s * w.erfc())
    if name == "sigmoid":
        if b > 1:
            return Fraction(1), (Tiny(-1, 1 - _far_bits(b)) if b > _FAR else -1 / (1 + b.exp()))
        if b < -_FAR:
            return _ZERO, Tiny(1, 1 - _far_bits(-b))
    if name == "softplus":
        if b > 1:
            rest = Tiny(1, 1 - _far_bits(b)) if b > _FAR else (-b).exp().log1p()
            c = _exact(b)
            if c is not None:
                return c, rest
            return _ZERO, b + (rest if isinstance(rest, arb) else arb(0, arb(2) ** rest.bound))
        if b < -_FAR:
            return _ZERO, Tiny(1, 1 - _far_bits(-b))
    if name == "exp":
        return _ZERO, _exp(b)
    if w > _FAR:
        # ln|sinh w| and ln cosh w are w - ln 2 + ln(1 -+ e^-2w), within 2**-4000 of w - ln 2
        log = (_ZERO, w - arb(2).log() + arb(0, arb(2) ** -4000))
        if name == "sinh":
            return _ZERO, Huge(_sign(b), _far_bits(w) - 2, log=log)
        if name == "cosh":
            return _ZERO, Huge(1, _far_bits(w) - 2, log=log)
        if name == "sech":
            return _ZERO, Tiny(1, 2 - _far_bits(w))
        if name == "csch":
            return _ZERO, Tiny(_sign(b), 3 - _far_bits(w))
    return _ZERO, _arb_of(name)(b)


_SPLIT_NAMES = frozenset(
    ("tanh", "coth", "erf", "sigmoid", "softplus", "exp", "sinh", "cosh", "sech", "csch")
)
_ARB: dict[str, Any] = {}


def _arb_of(name: str) -> Any:
    f = _ARB.get(name)
    if f is None:
        from tanhproof.numeric._evaluators import EVALUATORS

        f = _ARB[name] = EVALUATORS[name].arb
    return f


# f(v) for v beyond every exponent bound: (c, d) or None (not decided this way).
def _call_huge(name: str, s: int, bound: int) -> tuple[Fraction, Any] | None:
    tiny = Tiny(1, -_CAP)
    table = {
        "tanh": (Fraction(s), Tiny(-s, -_CAP)),
        "coth": (Fraction(s), Tiny(s, -_CAP)),
        "erf": (Fraction(s), Tiny(-s, -_CAP)),
        "sigmoid": (Fraction(1), Tiny(-1, -_CAP)) if s > 0 else (_ZERO, tiny),
        "softplus": (_ZERO, Huge(1, bound)) if s > 0 else (_ZERO, tiny),
        "exp": (_ZERO, Huge(1, _CAP)) if s > 0 else (_ZERO, tiny),
        "sinh": (_ZERO, Huge(s, _CAP)),
        "cosh": (_ZERO, Huge(1, _CAP)),
        "sech": (_ZERO, tiny),
        "csch": (_ZERO, Tiny(s, -_CAP)),
        "abs": (_ZERO, Huge(1, bound)),
        "sign": (Fraction(s), arb(0)),
    }
    if name == "sqrt" and s > 0:
        return _ZERO, Huge(1, bound // 2)
    return table.get(name)


def _call_huge_log(name: str, d: Huge) -> tuple[Fraction, Any] | None:
    """f(v) for v beyond 2**bound whose ``ln|v|`` is known (``d.log``)."""
    log = d.log
    if name == "log" and d.sign > 0:
        return log
    if name in ("asinh", "acosh") and (d.sign > 0 or name == "asinh"):
        # ln(2|v|) + O(1/v**2): the correction is below 2**(2 - 2*bound)
        c, rest = _log_plus(log, arb(2).log() + arb(0, arb(2) ** (2 - 2 * min(d.bound, _CAP))))
        return _scale(Fraction(d.sign), c, rest)
    if name == "abs":
        return _ZERO, Huge(1, d.bound, log=log)
    if name == "softplus" and d.sign > 0:  # v + log1p(e^-v): ln grows by less than e^-v / v
        return _ZERO, Huge(1, d.bound, log=_log_plus(log, Tiny(1, -min(d.bound, _CAP))))
    if name == "sqrt" and d.sign > 0:
        return _ZERO, Huge(1, d.bound // 2, log=_scale(Fraction(1, 2), *log))
    return None


def _call_one_plus_tiny(name: str, s: int, bound: int) -> tuple[Fraction, Any] | None:
    """f(1 + t) for 0 < s*t < 2**bound (bound <= -4096), where f(1) is exact."""
    if name == "log":  # |log(1 + t)| < 2|t|
        return _ZERO, Tiny(s, bound + 1)
    if name == "sqrt":  # |sqrt(1 + t) - 1| < |t|
        return Fraction(1), Tiny(s, bound)
    if name == "acosh" and s > 0:  # acosh(1 + t) < 2 sqrt(t)
        return _ZERO, Tiny(1, (bound + 1) // 2 + 1)
    return None


def _log_plus(log: tuple[Fraction, Any], extra: Any) -> tuple[Fraction, Any]:
    """``(c, d) + extra`` for a split logarithm (``extra`` a ball or a Tiny)."""
    c, d = log
    if isinstance(extra, Tiny):
        if isinstance(d, arb) and d.is_zero():
            return c, extra
        if isinstance(d, Tiny) and d.sign == extra.sign:
            return c, Tiny(d.sign, max(d.bound, extra.bound) + 1)
        extra = arb(0, arb(2) ** max(extra.bound, -_CAP))
    if isinstance(d, Tiny):
        d = arb(0, arb(2) ** max(d.bound, -_CAP))
    return c, d + extra


def _call_tiny(name: str, s: int, bound: int) -> tuple[Fraction, Any] | None:
    """f(v) for 0 < s*v < 2**bound (bound <= -4096)."""
    table = {
        "tanh": (_ZERO, Tiny(s, bound)),
        "asinh": (_ZERO, Tiny(s, bound)),
        "sinh": (_ZERO, Tiny(s, bound + 1)),
        "atanh": (_ZERO, Tiny(s, bound + 1)),
        "erf": (_ZERO, Tiny(s, bound + 1)),
        "exp": (Fraction(1), Tiny(s, bound + 1)),
        "cosh": (Fraction(1), Tiny(1, 2 * bound + 1)),
        "sech": (Fraction(1), Tiny(-1, 2 * bound + 1)),
        "sigmoid": (Fraction(1, 2), Tiny(s, bound)),
        "coth": (_ZERO, Huge(s, -bound - 1)),
        "csch": (_ZERO, Huge(s, -bound - 1)),
        "abs": (_ZERO, Tiny(1, bound)),
        "sign": (Fraction(s), arb(0)),
    }
    if name == "sqrt" and s > 0:
        return _ZERO, Tiny(1, (bound + 1) // 2 + 1)
    return table.get(name)


def _ball(c: Fraction, d: Any) -> arb:
    from tanhproof.numeric._ziv import as_ball

    return as_ball(c, d, ctx.prec)


def _const(c: Fraction) -> arb:
    return arb(fmpq(c.numerator, c.denominator)) if c else arb(0)


def _log2_floor(v: arb) -> float:
    if v.is_zero():
        return -math.inf
    m, e = (int(t) for t in v.mid().man_exp())
    return e + m.bit_length() - 1


def _log2_ceil(v: arb) -> float:
    if not v.is_finite():
        return math.inf
    m, e = (int(t) for t in v.mid().man_exp())
    return e + m.bit_length()


def _scale(k: Fraction, c: Fraction, d: Any) -> tuple[Fraction, Any]:
    """``k * (c + d)`` for an exact ``k``."""
    if k == 0:
        return _ZERO, arb(0)
    ks = 1 if k > 0 else -1
    if isinstance(d, Tiny):
        return k * c, Tiny(ks * d.sign, d.bound + int(_log2_ceil(abs(_const(k)))))
    if isinstance(d, Huge):
        log = _log_plus(d.log, abs(_const(k)).log()) if d.log is not None and abs(k) != 1 else d.log
        return k * c, Huge(ks * d.sign, d.bound - 1 + int(_log2_floor(abs(_const(k)))), log=log)
    return k * c, _const(k) * d
