"""The one Ziv loop: correct rounding to an IEEE format from rigorous enclosures.

:func:`ziv_round` is the loop behind :func:`tanhproof.round_to` and
:func:`tanhproof.numeric._bulk.reference` (and so behind every audit). It takes an evaluator
``bits -> (c, d)`` and, optionally, an exact-boundary check, and returns the correctly
rounded value with the evidence that decided it.

Explanation
===========

**The split value.** The evaluator returns the value as ``c + d``: ``c`` an exact
rational (often 0), ``d`` a python-flint ``arb`` ball, or one of two *exponent
bounds*: :class:`Tiny` (``0 < s*d < 2**bound``, the sign known exactly) and
:class:`Huge` (``s*d > 2**bound``). Near a limit the function's value is a format
value plus something far below any precision (``tanh(1e9) = 1 - 2/(e**2e9 + 1)``):
a ball around the whole value would contain 1 at every precision and a directed
rounding would never be decided, while ``c = 1`` and ``d < 0`` decide it at once. Far
beyond the range of every format the value is an exponent bound only: ``exp(1e300)``
is :class:`Huge`, which overflows per the rounding mode without a ball of
``2**1e300`` being formed. (See :mod:`tanhproof.numeric._splitting` for the splits.)

**The loop.** Both ends of ``c + d`` are rounded (:func:`~tanhproof.numeric._formats.round_dyadic`,
integer arithmetic only); rounding is monotone, so when they agree every real in
between rounds to that value, the true one included (Ziv, "Fast evaluation of
elementary mathematical functions with correctly rounded last bit", ACM TOMS 17,
1991). Otherwise the precision doubles, up to :data:`MAX_BITS`. An evaluator that
raises :class:`~tanhproof.DomainError` (a ball too wide for a pole or a
logarithm: the point's domain is checked by the caller beforehand) is retried at the
next precision.

**Exact boundaries.** When the true value *is* a rounding boundary (a format value
under a directed mode, a midpoint under ``nearest``), no ball can narrow onto it
unless ball arithmetic sees it exactly. After the precision has grown four-fold the
loop asks ``boundary(b)`` -- a callable passed in by the caller, such as the exact
prover -- whether the value equals the boundary ``b`` inside the enclosure, and rounds
``b`` exactly if so.

**Signed zeros.** An exact zero is ``+0.0``, or ``-0.0`` with ``negative_zero``; a
nonzero value that rounds to zero keeps its sign (IEEE 754 §6.3).

Examples
========

>>> from flint import arb, ctx
>>> def tanh_half(bits):
...     ctx.prec = bits
...     try:
...         return Fraction(0), arb(0.5).tanh()
...     finally:
...         ctx.prec = 53
>>> ziv_round(tanh_half, "binary32", "down").value.hex()  # floor(tanh(1/2) * 2**25) = 0xec9a9e
'0x1.d9353c0000000p-2'
>>> ziv_round(lambda bits: (Fraction(1), Tiny(-1, -10**9)), "binary32", "down").value  # 1 - tiny
0.9999999403953552
>>> ziv_round(lambda bits: (Fraction(0), Huge(1, 10**6)), "binary16", "zero").value  # overflow toward 0
65504.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from flint import arb, ctx

from tanhproof.expr._errors import DomainError, LimitError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._evaluators import Undefined
from tanhproof.numeric._formats import Format, check_mode, get_format, round_dyadic, round_exact
from tanhproof.numeric._ulps import ulp

__all__ = ["EXTREME_BITS", "MAX_BITS", "Huge", "Tiny", "ZivResult", "as_ball", "ziv_loop", "ziv_round"]

#: The precision cap of the loop (one cap for every caller).
MAX_BITS = LIMITS.max_precision_bits

#: :class:`Tiny` and :class:`Huge` are only formed beyond ``2**-EXTREME_BITS`` and
#: ``2**EXTREME_BITS``: far outside every format (binary64's smallest subnormal is
#: ``2**-1074``, and ``2**-1074 * 2**-64`` is still far above ``2**-4096``).
EXTREME_BITS = 4096


@dataclass(frozen=True)
class Tiny:
    """A nonzero number of sign ``sign`` and magnitude below ``2**bound``."""

    sign: int
    bound: int


@dataclass(frozen=True)
class Huge:
    """A number of sign ``sign`` and magnitude above ``2**bound``; ``log``, when known,
    is ``ln|value|`` as a split ``(c, d)`` (``exp(1e10)`` has ``log = (1e10, 0)``), so
    ``log(1 + exp(x))`` far out is still a value (``1e10`` plus a tiny positive part)."""

    sign: int
    bound: int
    log: Any = field(default=None, repr=False, compare=False)


Part = Any  # arb | Tiny | Huge
Evaluator = Callable[[int], tuple[Fraction, Part]]


@dataclass(frozen=True)
class ZivResult:
    """What :func:`ziv_round` found: the rounded ``value`` (a Python float), the split
    ``c + d`` that decided it at ``bits`` of precision, and ``how`` (one of
    :data:`HOW_EXACT`, :data:`HOW_NARROWED`, :data:`HOW_BOUND`, :data:`HOW_REMAINDER`,
    :data:`HOW_PROVED`)."""

    value: float
    c: Fraction
    d: Part
    bits: int
    how: str
    residual: float | None = None

    def ball(self) -> arb:
        """``c + d`` as one ``arb`` ball (an exponent bound becomes a ball around 0 or
        an infinite one), at the precision that decided the rounding."""
        return as_ball(self.c, self.d, self.bits)


#: How :func:`ziv_round` decided, for reports.
HOW_EXACT = "the enclosure is a single point: the value is exact"
HOW_NARROWED = "Ziv loop on arb enclosures: both ends round to the same {fmt} value"
HOW_BOUND = "exponent bounds: |value| > 2^{bound}, beyond the range of {fmt}"
HOW_REMAINDER = (
    "near-limit split: the value is {c} plus a {sign} remainder smaller than 2^{bound}, "
    "far below the spacing of {fmt} there"
)
HOW_PROVED = "the value is exactly {value}, a rounding boundary, proved by the exact prover"


def as_ball(c: Fraction, d: Part, bits: int) -> arb:
    """``c + d`` as an ``arb`` ball at ``bits`` of precision."""
    old = ctx.prec
    ctx.prec = max(bits, 64)
    try:
        base = arb(c.numerator) / c.denominator if c else arb(0)
        if isinstance(d, Huge):
            return base + arb.pos_inf() * d.sign
        if isinstance(d, Tiny):
            bound = max(d.bound, -(1 << 40))
            return base + arb(0, arb(2) ** bound)
        return base + d
    finally:
        ctx.prec = old


def _ends(ball: arb, bits: int) -> tuple[tuple[int, int], tuple[int, int]]:
    old = ctx.prec
    ctx.prec = bits  # lower()/upper() round outward at the context precision
    try:
        lo = tuple(int(v) for v in ball.lower().man_exp())
        hi = tuple(int(v) for v in ball.upper().man_exp())
    finally:
        ctx.prec = old
    return lo, hi  # type: ignore[return-value]


def _dyadic(c: Fraction) -> tuple[int, int] | None:
    """``(m, e)`` with ``c == m * 2**e``, or None if ``c`` is not dyadic."""
    d = c.denominator
    if d & (d - 1):
        return None
    m, e = c.numerator, -(d.bit_length() - 1)
    if m:
        tz = (m & -m).bit_length() - 1
        m, e = m >> tz, e + tz
    return m, e


#: ``c + d`` with ``0 < |d| < 2**top`` (``top`` 63 bits below ``c``'s binade) rounds like
#: ``c + sign(d) 2**top`` when ``c`` is a multiple of ``2**(binade - 55)``: every
#: rounding boundary (a value or midpoint of a format with p <= 53, in ``c``'s binade
#: or the one below) is such a multiple, and none lies strictly between, or at, those.
_SHORT_C = 56


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _round_sum(
    c: tuple[int, int], lo: tuple[int, int], hi: tuple[int, int], f: Format, mode: str
) -> float | None:
    """The common rounding of ``c + [lo, hi]`` (dyadic ``(m, e)`` triples), or None."""
    cm, ce = c
    if cm == 0:
        a, b = round_dyadic(*lo, f, mode), round_dyadic(*hi, f, mode)
        return a if _same(a, b) else None
    if (lo[0] > 0) != (hi[0] > 0) or lo[0] == 0 or hi[0] == 0:
        return None  # the side of c is not known yet
    top = _top(c)
    if max(lo[1] + abs(lo[0]).bit_length(), hi[1] + abs(hi[0]).bit_length()) < top:
        # 0 < |d| < 2**top: c + d rounds like c + sign(d) 2**top (no format value or
        # midpoint lies strictly between them).
        return _beside(c, 1 if hi[0] > 0 else -1, top, f, mode)
    ends = []
    for m, e in (lo, hi):
        low = min(ce, e)
        ends.append(round_dyadic((cm << (ce - low)) + (m << (e - low)), low, f, mode))
    return ends[0] if _same(*ends) else None


def _top(c: tuple[int, int]) -> int:
    """An exponent ``t`` such that ``c + d`` with ``0 < |d| < 2**t`` rounds like
    ``c + sign(d) 2**t`` in every format and mode (``c`` nonzero, normalised).

    A short ``c`` (at most 56 significant bits) is a multiple of ``2**(B - 55)``, ``B``
    its binade, as is every rounding boundary near it (a value or midpoint of a format
    with p <= 53, in that binade or the one below): ``t = B - 63`` leaves none strictly
    between, or at, ``c + d`` and ``c + sign(d) 2**t``. A longer ``c`` is no boundary
    itself, and the boundaries near it are multiples of ``2**ce`` (its lowest bit):
    ``t = ce - 1`` leaves none in between either."""
    cm, ce = c
    if abs(cm).bit_length() <= _SHORT_C:
        return ce + abs(cm).bit_length() - 64
    return ce - 1


def _beside(c: tuple[int, int], sign: int, top: int, f: Format, mode: str) -> float:
    cm, ce = c
    return round_dyadic((cm << (ce - top)) + sign, top, f, mode)


def _decide(
    c: Fraction, d: Part, f: Format, mode: str, bits: int, negative_zero: bool
) -> tuple[float, str] | None:
    """The rounding of ``c + d`` if ``d`` decides it, with how, else None."""
    if not c and isinstance(d, arb) and d.is_finite() and d.rad() != 0:  # the common case
        lo, hi = _ends(d, bits)
        a, b = round_dyadic(*lo, f, mode), round_dyadic(*hi, f, mode)
        return (a, HOW_NARROWED.format(fmt=f.name)) if _same(a, b) else None
    cd = _dyadic(c)
    if cd is None:
        d = as_ball(c, d, bits)
        cd, c = (0, 0), Fraction(0)
    if isinstance(d, Huge):
        if d.bound > f.emax + 2:
            return round_dyadic(d.sign, d.bound, f, mode), HOW_BOUND.format(fmt=f.name, bound=d.bound)
        d = as_ball(Fraction(0), d, bits)
    if isinstance(d, Tiny):
        floor_c = f.emin - f.precision - 2 if cd[0] == 0 else _top(cd)
        if d.bound < floor_c:
            if cd[0] == 0:
                value = round_dyadic(d.sign, f.emin - f.precision - 2, f, mode)
            else:
                value = _beside(cd, d.sign, floor_c, f, mode)
            sign = "positive" if d.sign > 0 else "negative"
            return value, HOW_REMAINDER.format(c=_short(c), sign=sign, bound=d.bound, fmt=f.name)
        d = as_ball(Fraction(0), d, bits)
    if not d.is_finite():
        return None
    if d.rad() == 0:
        m, e = (int(v) for v in d.mid().man_exp())
        if cd[0] == 0 and m == 0:
            return (-0.0 if negative_zero else 0.0), HOW_EXACT
        low = min(cd[1], e)
        total = (cd[0] << (cd[1] - low)) + (m << (e - low))
        return round_dyadic(total, low, f, mode, negative_zero=negative_zero), HOW_EXACT
    lo, hi = _ends(d, bits)
    narrowed = _round_sum(cd, lo, hi, f, mode)
    return None if narrowed is None else (narrowed, HOW_NARROWED.format(fmt=f.name))


def _candidate(c: Fraction, d: Part, f: Format, mode: str, bits: int) -> Fraction | None:
    """The one rounding boundary inside ``c + d``, if the enclosure holds exactly one."""
    if not isinstance(d, arb) or not d.is_finite():
        return None
    lo, hi = _ends(d, bits)
    if max(abs(lo[1]), abs(hi[1])) > 1 << 16:
        return None
    lower = c + Fraction(lo[0]) * Fraction(2) ** lo[1]
    upper = c + Fraction(hi[0]) * Fraction(2) ** hi[1]
    if lower <= 0 <= upper:
        return Fraction(0)
    a, b = round_exact(lower, f, mode), round_exact(upper, f, mode)
    if not (math.isfinite(a) and math.isfinite(b)):
        return None
    if mode == "nearest":
        candidate = (Fraction(a) + Fraction(b)) / 2
    elif mode == "down" or (mode == "zero" and lower >= 0):
        candidate = Fraction(b)
    else:
        candidate = Fraction(a)
    return candidate if lower <= candidate <= upper else None


T = TypeVar("T")


def ziv_loop(
    evaluate: Evaluator,
    decide: Callable[[Fraction, Part, int], T | None],
    *,
    start_bits: int,
    max_bits: int = MAX_BITS,
    boundary: Callable[[Fraction, Part, int], T | None] | None = None,
    give_up: Callable[[int, Exception | None], Exception],
) -> T:
    """The loop itself, for any target: evaluate ``c + d`` at ``start_bits``, doubling
    up to ``max_bits``, until ``decide(c, d, bits)`` returns a result.

    ``boundary(c, d, bits)``, if given, is asked once, when the precision has grown
    four-fold, to settle a value that may sit exactly on the target's boundary (an
    exact decision, such as the prover's); it returns a result or None. An evaluator
    that raises :class:`~tanhproof.DomainError` or ``ZeroDivisionError`` is asked
    again at the next precision; :class:`~tanhproof.numeric._evaluators.Undefined` propagates.
    ``give_up(max_bits, last_error)`` builds the exception raised at the cap.
    :func:`ziv_round` is this loop with IEEE rounding as ``decide``; a decimal target
    (``tanhproof.numeric._evaluate``) fits the same way.

    Examples
    ========

    >>> from flint import arb, ctx
    >>> def third(bits):  # 1/3 at the context precision
    ...     ctx.prec = bits
    ...     try:
    ...         return Fraction(0), arb(1) / 3
    ...     finally:
    ...         ctx.prec = 53
    >>> ziv_loop(third, lambda c, d, bits: bits if d.rad() < 1e-30 else None, start_bits=16,
    ...          give_up=lambda bits, error: ValueError(bits))
    128
    """
    bits = max(2, start_bits)
    tried = False
    last_error: Exception | None = None
    while True:
        try:
            c, d = evaluate(bits)
        except Undefined:
            raise
        except (DomainError, ZeroDivisionError) as exc:
            last_error = exc
        else:
            c = c if isinstance(c, Fraction) else Fraction(c)
            found = decide(c, d, bits)
            if found is not None:
                return found
            if boundary is not None and not tried and bits >= 4 * start_bits:
                tried = True
                found = boundary(c, d, bits)
                if found is not None:
                    return found
        if bits >= max_bits:
            raise give_up(max_bits, last_error)
        bits = min(2 * bits, max_bits)


def ziv_round(
    evaluate: Evaluator,
    fmt: str | Format,
    mode: str = "nearest",
    *,
    negative_zero: bool = False,
    boundary: Callable[[Fraction], bool] | None = None,
    start_bits: int | None = None,
    max_bits: int = MAX_BITS,
    residual: bool = False,
    describe: Callable[[], str] | None = None,
) -> ZivResult:
    """The correctly rounded value of ``c + d = evaluate(bits)`` in ``fmt`` under ``mode``.

    ``evaluate(bits)`` returns ``(c, d)`` (see the module docstring) with ``d``
    computed at ``bits`` of working precision; it may raise
    :class:`~tanhproof.DomainError` or ``ZeroDivisionError`` when a ball is too
    wide, and is then asked again at a higher precision; an
    :class:`~tanhproof.numeric._evaluators.Undefined` (the value does not exist at the point)
    is raised on at once. ``boundary(b)``, if given, says whether the value is exactly
    the rational ``b``. The loop (:func:`ziv_loop`) starts at ``start_bits`` (default:
    the format's precision plus 32; with ``residual=True`` plus 64, so that
    :attr:`ZivResult.residual`, ``(value - rounded) / ulp`` as a float, is accurate far
    below the spacing) and stops with a one-line :class:`~tanhproof.LimitError`
    at ``max_bits``; ``describe()`` names the value in that message.
    """
    f = get_format(fmt)
    mode = check_mode(mode)
    start = start_bits if start_bits is not None else f.precision + (64 if residual else 32)

    def decide(c: Fraction, d: Part, bits: int) -> ZivResult | None:
        decided = _decide(c, d, f, mode, bits, negative_zero)
        if decided is None:
            return None
        value, how = decided
        return ZivResult(value, c, d, bits, how, _residual(c, d, value, bits, f) if residual else None)

    def exact(c: Fraction, d: Part, bits: int) -> ZivResult | None:
        b = _candidate(c, d, f, mode, bits)
        if b is None or boundary is None or not boundary(b):
            return None
        value = round_exact(b, f, mode, negative_zero=negative_zero)
        return ZivResult(
            value, b, arb(0), bits, HOW_PROVED.format(value=_short(b)), 0.0 if residual else None
        )

    def give_up(cap: int, last_error: Exception | None) -> Exception:
        what = describe() if describe is not None else "the value"
        why = f" (last error: {last_error})" if last_error is not None else ""
        return LimitError(
            f"could not round {what} to {f.name} within {cap} bits: the value is within "
            f"2^-{cap} (relative) of a rounding boundary, or exactly on one and not proved so{why}"
        )

    return ziv_loop(
        evaluate,
        decide,
        start_bits=start,
        max_bits=max_bits,
        boundary=exact if boundary is not None else None,
        give_up=give_up,
    )


def _short(q: Fraction) -> str:
    """A rational for a message: exact when short, else ``~`` and 17 digits."""
    if q.numerator.bit_length() + q.denominator.bit_length() < 400:
        return str(q)
    try:
        return f"~{float(q):.17g}"
    except OverflowError:
        return f"~{'-' if q < 0 else ''}2^{abs(q.numerator).bit_length() - q.denominator.bit_length()}"


def _residual(c: Fraction, d: Part, value: float, bits: int, f: Format) -> float:
    """``(c + d - value) / ulp(value)`` as a float64 (from the ball's midpoint; NaN if
    ``value`` is infinite). The ulp is a power of two, so the scaling is exact."""
    if not math.isfinite(value):
        return math.nan
    q = ulp(value, f)
    scale = q.numerator.bit_length() - 1 if q >= 1 else 1 - q.denominator.bit_length()  # q = 2**scale
    if isinstance(d, (Tiny, Huge)):
        if isinstance(d, Huge):
            return math.nan
        d = arb(0)  # far below 2**-64 of an ulp: the residual is c - value
    old = ctx.prec
    ctx.prec = bits + 64
    try:
        base = arb(c.numerator) / c.denominator if c else arb(0)
        return float(((base - arb(value) + d) * arb(2) ** (-scale)).mid())
    finally:
        ctx.prec = old
