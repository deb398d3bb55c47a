"""Numeric checks of an identity at exact rational points: evidence, never proof.

:func:`check_equal` evaluates both sides of ``lhs == rhs`` with python-flint
``arb`` balls (:func:`tanhproof.numeric._arb.arb_eval`) at a few exact rational points,
raising the working precision until the enclosures are tight enough, and records
for each point both values (decimal strings of ``digits`` significant digits), a
rigorous upper bound on ``|lhs - rhs|`` (and on ``|lhs - rhs|/|lhs|``) and whether that bound is below
``10**-digits * max(1, |lhs|)`` (decided by ``arb`` comparisons, so values of any
magnitude, such as ``exp(exp(exp(exp(exp(1/2)))))``, work). A passing check is
*evidence* that the identity
holds, labelled as such (``NumericCheck.kind == "evidence"``); only
:func:`tanhproof.prove` proves.

Examples
========

>>> checks = check_equal("1 - tanh(x)**2", "sech(x)**2")
>>> [c.point["x"] for c in checks]
['-3/2', '-1/3', '1/2', '2']
>>> all(c.ok for c in checks), checks[2].lhs[:22]  # sech(1/2)^2 = 0.78644773296592741...
(True, '0.78644773296592741014')
>>> float(checks[2].relative) <= 1e-50  # |lhs - rhs| <= relative * |lhs|
True
>>> any(c.ok for c in check_equal("tanh(x)", "x"))
False
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

import flint
import sympy
from flint import arb

from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import DomainError, arb_eval
from tanhproof.numeric._reading import parse

__all__ = ["DEFAULT_POINTS", "NumericCheck", "check_equal"]

#: The points tried by default (exact rationals; ones where a side is undefined are skipped).
DEFAULT_POINTS: tuple[Fraction, ...] = (Fraction(-3, 2), Fraction(-1, 3), Fraction(1, 2), Fraction(2))
#: Tried in turn while fewer than two default points could be used (e.g. ``acosh``).
FALLBACK_POINTS: tuple[Fraction, ...] = (Fraction(5, 4), Fraction(3), Fraction(7, 2), Fraction(1, 5))

_GUARD_BITS = 32


@dataclass(frozen=True)
class NumericCheck:
    """One numeric comparison of ``lhs`` and ``rhs`` at an exact rational point.

    ``point`` maps variable names to exact rationals written as text (``"-3/2"``);
    ``lhs`` and ``rhs`` are the midpoints of the enclosures as decimal strings of
    ``digits`` significant digits; ``bound`` is a rigorous upper bound on
    ``|lhs - rhs|`` (a decimal string rounded upwards); ``ok`` is True when
    ``bound < 10**-digits * max(1, |lhs|)``; ``bits`` is the precision that was
    needed. ``kind`` is always ``"evidence"``: a check is not a proof. ``relative``
    is a rigorous upper bound on ``|lhs - rhs| / |lhs|`` (a decimal string rounded
    upwards), or ``None`` when ``lhs`` is not certified nonzero.
    """

    point: dict[str, str]
    lhs: str
    rhs: str
    bound: str
    ok: bool
    digits: int
    bits: int
    kind: str = "evidence"
    relative: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict."""
        return {
            "kind": self.kind,
            "point": dict(self.point),
            "lhs": self.lhs,
            "rhs": self.rhs,
            "bound": self.bound,
            "ok": self.ok,
            "digits": self.digits,
            "bits": self.bits,
            "relative_bound": self.relative,
        }


def check_equal(
    lhs: str | sympy.Expr,
    rhs: str | sympy.Expr,
    points: Iterable[Any] | None = None,
    digits: int = 50,
) -> tuple[NumericCheck, ...]:
    """Compare ``lhs`` and ``rhs`` numerically at exact rational points.

    Parameters
    ==========

    lhs, rhs : str or sympy.Expr
        Text is read by :func:`tanhproof.parse`.
    points : iterable, optional
        Each a number (int, ``Fraction``, SymPy rational, or a decimal string read
        exactly) given to every variable, or a mapping from variable (name or
        symbol) to number. By default :data:`DEFAULT_POINTS`, each variable
        getting a different one of them, then :data:`FALLBACK_POINTS` while fewer
        than two points could be used.
    digits : int
        Decimal digits to compare to (default 50).

    Returns
    =======

    tuple of NumericCheck
        One per point where both sides are defined; points where a side is
        undefined (a pole, outside a domain) are skipped.

    Examples
    ========

    >>> c = check_equal("exp(x)", "cosh(x) + sinh(x)", points=["0.1"], digits=30)[0]
    >>> c.point, c.ok, c.lhs  # e^0.1 = 1.105170918075647624811707826490246... (mpmath)
    ({'x': '1/10'}, True, '1.10517091807564762481170782649')
    >>> check_equal("1/x", "1/x", points=[0])
    ()
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits!r}")
    left, right = parse(lhs), parse(rhs)  # derivatives: arb_eval differentiates exactly
    symbols = sorted(left.free_symbols | right.free_symbols, key=lambda s: s.name)
    checks: list[NumericCheck] = []
    if points is None:
        candidates = [_default_point(symbols, i) for i in range(len(DEFAULT_POINTS))]
        fallback = [dict.fromkeys(symbols, p) for p in FALLBACK_POINTS]
    else:
        candidates = [_point(p, symbols) for p in points]
        fallback = []
    seen: list[dict] = []
    for point in candidates:
        if point not in seen:  # e.g. constants: one check, not four identical ones
            seen.append(point)
            _append(checks, left, right, point, digits)
    for point in fallback:
        if len(checks) >= 2:
            break
        if point not in seen:
            seen.append(point)
            _append(checks, left, right, point, digits)
    return tuple(checks)


def _default_point(symbols, i: int) -> dict:
    n = len(DEFAULT_POINTS)
    return {s: DEFAULT_POINTS[(i + j) % n] for j, s in enumerate(symbols)}


def _exact(value: Any) -> Fraction:
    if isinstance(value, str):
        value = parse(value)
    if isinstance(value, sympy.Basic):
        if not value.is_Rational:
            raise ValueError(f"points must be exact rationals, got {value}")
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, float):
        return Fraction(value)  # the exact binary value of the float
    return Fraction(value)


def _point(p: Any, symbols) -> dict:
    if isinstance(p, Mapping):
        by_name = {(k.name if isinstance(k, sympy.Symbol) else str(k)): _exact(v) for k, v in p.items()}
        missing = [s.name for s in symbols if s.name not in by_name]
        if missing:
            raise ValueError(f"no value given for {', '.join(missing)}")
        return {s: by_name[s.name] for s in symbols}
    value = _exact(p)
    return dict.fromkeys(symbols, value)


def _append(checks: list, left, right, point: dict, digits: int) -> None:
    try:
        check = _check_at(left, right, point, digits)
    except DomainError:
        return
    checks.append(check)


def _check_at(left, right, point: dict, digits: int) -> NumericCheck:
    """Compare at one point. Every test is an ``arb`` comparison (true only when it
    holds for every value in the balls), so values of any magnitude work:
    ``exp(exp(exp(exp(x))))`` at ``x = 2`` is about ``10**(10**702)``, far beyond
    an exact rational."""
    bits = math.ceil(digits * math.log2(10)) + _GUARD_BITS
    cap = max(bits, min(LIMITS.max_precision_bits, 16 * bits))
    while True:
        a = arb_eval(left, point, bits)
        b = arb_eval(right, point, bits)
        with flint.ctx.workprec(bits):
            d = a - b
            bound = d.abs_upper()  # a rigorous upper bound on |lhs - rhs|
            scale = max(arb(1), a.abs_lower())
            ok = bool(bound * arb(10) ** digits < scale)
            certified_nonzero = bool(d > 0 or d < 0)
            low = a.abs_lower()
            relative = (bound / low).upper() if low > 0 else None
        if ok or certified_nonzero or bits >= cap:
            break
        bits = min(2 * bits, cap)
    return NumericCheck(
        point={s.name: str(v) for s, v in point.items()},
        lhs=_decimal(a, digits),
        rhs=_decimal(b, digits),
        bound=_upper_decimal(bound),
        ok=ok,
        digits=digits,
        bits=bits,
        relative=None if relative is None else _upper_decimal(relative),
    )


#: Values whose midpoint has at most this many bits (mantissa plus exponent) are
#: formatted exactly through a Fraction; larger ones through arb's decimal output.
_EXACT_FORMAT_BITS = 12_000


def _dyadic_size(ball: arb) -> tuple[int, int]:
    man, exp = (int(v) for v in ball.man_exp())
    return man, exp


def _decimal(ball: arb, digits: int) -> str:
    """The midpoint of ``ball`` rounded to ``digits`` significant decimal digits, as text
    (exactly rounded while the midpoint is of moderate size; beyond
    :data:`_EXACT_FORMAT_BITS` bits, arb's own decimal conversion)."""
    mid = ball.mid()
    man, exp = _dyadic_size(mid)
    if man.bit_length() + abs(exp) > _EXACT_FORMAT_BITS:
        with flint.ctx.workprec(max(64, 4 * digits + abs(exp).bit_length() + 64)):
            return mid.str(digits, radius=False)
    value = Fraction(man) * Fraction(2) ** exp
    ctx = Context(prec=digits)
    q = ctx.divide(Decimal(value.numerator), Decimal(value.denominator))
    text = format(q, "f") if -30 < q.adjusted() < digits else format(q, "e")
    return text


def _upper_decimal(bound: arb) -> str:
    """A 3-significant-digit decimal string that is >= the exact number ``bound``
    (an ``arb`` of radius 0, such as ``abs_upper()``), rounded upwards."""
    man, exp = _dyadic_size(bound.mid())
    if man == 0:
        return "0"
    if man.bit_length() + abs(exp) <= _EXACT_FORMAT_BITS:
        return _upper_decimal_exact(Fraction(man) * Fraction(2) ** exp)
    # Extreme magnitude: work with log10 in ball arithmetic. For k = floor(log10) - 2,
    # m = ceil(10**(log10(bound) - k)) lies in [100, 1000] and m * 10**k >= bound.
    with flint.ctx.workprec(abs(exp).bit_length() + 64):
        log10 = (bound.log() / arb(10).log()).upper()
        k = math.floor(_exact_fraction(log10)) - 2
        m = math.ceil(_exact_fraction((arb(10) ** (log10 - k)).upper()))
    if m >= 1000:
        m, k = -(-m // 10), k + 1
    return f"{m // 100}.{m % 100:02d}e{k + 2}"


def _exact_fraction(ball: arb) -> Fraction:
    man, exp = _dyadic_size(ball.mid())
    return Fraction(man) * Fraction(2) ** exp


def _upper_decimal_exact(value: Fraction) -> str:
    if value == 0:
        return "0"
    num, den = value.numerator, value.denominator
    e = len(str(num)) - len(str(den))  # 10**(e-1) <= value < 10**(e+1)
    scale = e - 3
    # mantissa = ceil(value / 10**scale), 100..10000
    if scale >= 0:
        m = -((-num) // (den * 10**scale))
    else:
        m = -((-num * 10 ** (-scale)) // den)
    while m >= 1000:  # keep three significant digits, still rounding up
        m, rem = divmod(m, 10)
        m += 1 if rem else 0
        scale += 1
    return f"{m // 100}.{m % 100:02d}e{scale + 2}"
