"""The sign of a function of one variable on an interval by rigorous subdivision (arb).

Outside the exp-rational class (``x`` mixed with exponentials, ``erf``, ``sqrt``,
``abs``, ``log``) the claim ``f > 0`` (``f >= 0``) on an interval is decided by
interval arithmetic with python-flint ``arb`` balls:

* **Boxes.** The bounded part is cut into boxes with exact rational ends; ``f`` is
  enclosed on each box (the ball of the whole box is passed to the compiled
  expression, :func:`tanhproof.numeric._arb.compile_arb`). A box whose enclosure is
  positive (non-negative) is decided; otherwise it is bisected, within a budget of
  :data:`MAX_BOXES` boxes and :data:`MAX_PRECISION` bits.
* **Touching points.** Where ``f(a) = 0`` at a box end ``a`` (``x - tanh(x)`` at 0),
  an exact argument decides the box: ``f(a) = f'(a) = ... = f^(k-1)(a) = 0`` proved by
  the exact prover and ``f^(k)`` of one sign on the box (Taylor with Lagrange
  remainder: ``f(x) = f^(k)(xi) (x - a)^k / k!``). The point is reported in ``zeros``.
* **Tails.** ``[A, oo)`` and ``(-oo, -A]`` are decided without boxes
  (:mod:`tanhproof.proof._tails`): by an enclosure of ``f`` in extended interval
  arithmetic on the closed half-line (:mod:`tanhproof.proof._tailenclosure`: catalog
  functions through their monotonicity and limits, decay bounds, exact rewrites such as
  the conjugate of a square root), by the sign of ``f'`` (or a higher derivative) and
  ``f(A)``, or by factors positive at every point. A tail no argument covers leaves the
  claim undecided with that reason (``x*tanh(x) - x + 1/2`` towards +oo).
* **Refutation.** A rational point where the arb enclosure of ``f`` is negative (or a
  point of the interval where ``f = 0`` is proved exactly, for a strict claim) is
  returned as ``witness``: simple points first, then the ends, middle and simplest
  rational of each undecided box, then ``+-2**k`` beyond the bounded part.

This module holds the entry point :func:`sign_by_boxes`, the subdivision loop, the
Taylor arguments at touching points and the refutation search; the claim and its
enclosures are :class:`tanhproof.proof._boxcontext.BoxContext`.

Budgets are work (boxes, bits, derivative order), never time.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> r = sign_by_boxes(parse("x - tanh(x)"), x, Interval(Fraction(0), Fraction(2), True, True), False)
>>> r.holds, r.zeros
(True, ('x = 0',))
>>> r = sign_by_boxes(parse("x - tanh(x)"), x, Interval(), False)
>>> r.holds, r.witness is not None and r.witness < 0
(False, True)
"""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import sympy
from flint import arb

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import compile_arb
from tanhproof.proof._boxcontext import (
    MAX_TAYLOR_ORDER,
    START_PRECISION,
    BoxContext,
    Refuted,
    Undecided,
    bounds_text,
    box_ball,
)
from tanhproof.proof._openends import decide_open_ends
from tanhproof.proof._signs import SignResult
from tanhproof.proof._tails import TAIL_STARTS, decide_tails

__all__ = ["MAX_BOXES", "MAX_PRECISION", "MAX_TAYLOR_ORDER", "TAIL_STARTS", "sign_by_boxes"]

#: Most boxes evaluated for one claim (bounded part and touching arguments together):
#: ``LIMITS.max_boxes``.
MAX_BOXES = LIMITS.max_boxes
#: Most bits of working precision (boxes narrower than about 2**-(MAX_PRECISION - 64)
#: are not split further): ``LIMITS.max_box_bits``.
MAX_PRECISION = LIMITS.max_box_bits


def _touching(ctx: BoxContext, lo: Fraction, hi: Fraction, end: Fraction, prec: int) -> bool:
    """Decide ``[lo, hi]`` by a Taylor argument at its end ``end`` where ``f(end) = 0``."""
    side = 1 if end == lo else -1
    for k in range(MAX_TAYLOR_ORDER + 1):
        ctx.count()
        ball = ctx.enclose(k, lo, hi, prec)
        if k > 0 and ball is not None and (ball > 0 or ball < 0):
            sign = (1 if ball > 0 else -1) * side**k
            if sign < 0:
                return False
            ctx.records.append(
                {
                    "lo": str(lo),
                    "hi": str(hi),
                    "touch": str(end),
                    "order": k,
                    "derivative": bounds_text(ball),
                }
            )
            if ctx.interval.contains(end):
                if ctx.strict:
                    raise Refuted(end, f"f({end}) = 0 exactly (proved), so f > 0 fails there")
                ctx.zeros.add(end)
            return True
        if not ctx.is_zero(k, end):
            return False
    return False


def _point_fails(ctx: BoxContext, p: Fraction, prec: int) -> bool:
    """Whether the claim certifiably fails at the rational point ``p`` of the interval."""
    if not ctx.interval.contains(p):
        return False
    ball = ctx.enclose(0, p, p, prec)
    return ball is not None and bool(ball < 0)


def _mean_value(ctx: BoxContext, a: Fraction, b: Fraction, prec: int) -> arb | None:
    """The mean-value enclosure ``f(m) + f'([a, b]) * [-h, h]`` (``m`` the centre, ``h`` the
    half-width): much tighter than the direct one where ``f`` is a small difference."""
    m, h = (a + b) / 2, (b - a) / 2
    centre, slope = ctx.enclose(0, m, m, prec), ctx.enclose(1, a, b, prec)
    if centre is None or slope is None:
        return None
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        return centre + slope * box_ball(-h, h)
    finally:
        flint.ctx.prec = old


#: Simple points tried first for a counterexample (small witnesses read better).
SIMPLE_POINTS = tuple(
    Fraction(sign * n, d)
    for n, d in ((0, 1), (1, 1), (1, 2), (2, 1), (3, 1), (1, 4), (4, 1), (8, 1))
    for sign in (-1, 1)
)


def _box_decided(ctx: BoxContext, a: Fraction, b: Fraction, prec: int) -> bool:
    """Whether the direct or the mean-value enclosure at ``prec`` bits decides ``[a, b]``."""
    ctx.count()
    ball = ctx.enclose(0, a, b, prec)
    if ball is not None and ctx.good(ball):
        ctx.records.append({"lo": str(a), "hi": str(b), "f": bounds_text(ball)})
        return True
    centred = _mean_value(ctx, a, b, prec)
    if centred is not None and ctx.good(centred):
        ctx.records.append({"lo": str(a), "hi": str(b), "f": bounds_text(centred), "form": "mean value"})
        return True
    return False


def _simplest(a: Fraction, b: Fraction) -> Fraction:
    """The rational of least denominator in ``[a, b]`` (the simplest one: Stern-Brocot).

    >>> _simplest(Fraction(3, 10), Fraction(2, 5)), _simplest(Fraction(-1, 2), Fraction(1, 2))
    (Fraction(1, 3), Fraction(0, 1))
    """
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -_simplest(-b, -a)
    whole = math.floor(a)
    if whole == a or whole + 1 <= b:
        return Fraction(whole) if whole == a else Fraction(whole + 1)
    # a and b share the integer part: simplest of the reciprocals of the fractional parts
    return whole + 1 / _simplest(1 / (b - whole), 1 / (a - whole))


def _decide_bounded(ctx: BoxContext, lo: Fraction, hi: Fraction) -> None:
    """Decide the claim on ``[lo, hi]`` (ends as in ``ctx.interval`` where they coincide)."""
    stack: list[tuple[Fraction, Fraction, int]] = [(lo, hi, 0)]
    while stack:
        a, b, depth = stack.pop()
        prec = START_PRECISION + depth
        if prec > MAX_PRECISION:
            raise Undecided(
                f"precision budget exhausted ({MAX_PRECISION} bits, LIMITS.max_box_bits) near x = {a}"
            )
        m = (a + b) / 2
        if _box_decided(ctx, a, b, prec) or _box_decided(ctx, a, b, min(4 * prec, MAX_PRECISION)):
            continue
        ball = ctx.enclose(0, a, b, prec)
        quarter = (b - a) / 4
        simple = _simplest(a + quarter, b - quarter)
        for p in (m, a, b, simple):
            if _point_fails(ctx, p, prec):
                raise Refuted(p, f"f({p}) < 0 (arb enclosure)")
        if ctx.strict:
            for p in (m, a, b, simple):
                pb = ctx.enclose(0, p, p, prec)
                if ctx.interval.contains(p) and pb is not None and pb.contains(0) and ctx.is_zero(0, p):
                    raise Refuted(p, f"f({p}) = 0 exactly (proved), so f > 0 fails there")
        if simple.denominator < m.denominator:
            # a zero at a simple rational (x = 1/3) must become a box end for a Taylor argument
            pb = ctx.enclose(0, simple, simple, prec)
            if pb is not None and pb.contains(0) and ctx.is_zero(0, simple):
                stack.append((simple, b, depth + 1))
                stack.append((a, simple, depth + 1))
                continue
        if ball is not None:
            point_balls = {e: ctx.enclose(0, e, e, prec) for e in (a, b)}
            if any(
                pb is not None and pb.contains(0) and _touching(ctx, a, b, e, prec)
                for e, pb in point_balls.items()
            ):
                continue
        stack.append((m, b, depth + 1))
        stack.append((a, m, depth + 1))


def _probe_tails(ctx: BoxContext, lo: Fraction, hi: Fraction) -> None:
    """Look for a counterexample beyond the bounded part: at ``+-2**k``."""
    for k in range(7, 31):
        for p in (Fraction(2**k), Fraction(-(2**k))):
            if (p > hi or p < lo) and _point_fails(ctx, p, 2 * START_PRECISION + k):
                raise Refuted(p, f"f({p}) < 0 (arb enclosure)")


def _decide_bounded_or_point(ctx: BoxContext, lo: Fraction, hi: Fraction) -> None:
    if lo < hi:
        _decide_bounded(ctx, lo, hi)
        return
    if not ctx.interval.contains(lo):
        return
    ctx.count()
    prec = 2 * START_PRECISION
    while True:  # the sign at a point, at rising precision; a zero is proved exactly
        ball = ctx.enclose(0, lo, lo, prec)
        if ball is not None and ctx.good(ball):
            ctx.records.append({"lo": str(lo), "hi": str(lo), "f": bounds_text(ball)})
            return
        if _point_fails(ctx, lo, prec):
            raise Refuted(lo, f"f({lo}) < 0 (arb enclosure)")
        if ctx.is_zero(0, lo) or 2 * prec > MAX_PRECISION:
            break
        prec *= 2
    if not ctx.is_zero(0, lo):
        raise Undecided(f"the sign of f({lo}) is not decided (f = 0 there is not proved either)")
    if ctx.strict:
        raise Refuted(lo, f"f({lo}) = 0 exactly (proved)")
    ctx.zeros.add(lo)


def sign_by_boxes(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval`` by arb subdivision.

    Returns a :class:`SignResult`: ``holds=True`` with the boxes and tail arguments in
    ``certificate``; ``False`` with an exact rational ``witness`` where ``f`` fails;
    ``None`` with the reason (budget exhausted, an enclosure arb cannot give, a tail
    no argument covers).

    >>> from fractions import Fraction
    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> sign_by_boxes(parse("x*sigmoid(x) + 28/100"), x, Interval(), True).holds
    True
    """
    if f.free_symbols - {x}:
        return SignResult(None, "none", reason="interval subdivision handles one variable only")
    ctx = BoxContext(f, x, interval, strict, MAX_BOXES)
    try:
        compile_arb(f)
    except TanhproofError as error:
        return SignResult(None, "none", reason=f"no rigorous enclosure: {error}")
    try:
        for p in SIMPLE_POINTS:
            if _point_fails(ctx, p, 2 * START_PRECISION):
                raise Refuted(p, f"f({p}) < 0 (arb enclosure)")
        lo, hi, tails, failures = decide_tails(ctx, f, x)
        lo, hi, ends, end_failures = decide_open_ends(ctx, f, x, lo, hi)
        failures += end_failures
        try:
            for end in (interval.lo, interval.hi):  # a closed end left out of the bounded part
                if end is not None and interval.contains(end) and not lo <= end <= hi:
                    _decide_bounded_or_point(ctx, end, end)
            _decide_bounded_or_point(ctx, lo, hi)
        except Undecided as undecided:
            failures.append(str(undecided))
        if failures:
            _probe_tails(ctx, lo, hi)
            raise Undecided("; ".join(failures))
    except Refuted as refuted:
        return SignResult(
            False,
            "interval subdivision with arb",
            witness=refuted.witness,
            reason=refuted.reason,
            certificate={"boxes_evaluated": ctx.boxes},
        )
    except Undecided as undecided:
        return SignResult(None, "none", reason=f"interval subdivision: {undecided}")
    except TanhproofError as error:
        return SignResult(None, "none", reason=f"interval subdivision: {error}")
    method = f"interval subdivision with arb ({len(ctx.records)} boxes)"
    if tails:
        method += " and tail enclosures (f, or a derivative sign)"
    if ends:
        method += " and the domain's ends as tails (x = a + 1/t)"
    if ctx.zeros:
        method += " and exact Taylor arguments at touching points"
    zeros = tuple(f"{x} = {z}" for z in sorted(ctx.zeros)) + tuple(
        f"{x} in {cert['tail'].split(':')[0].removeprefix(f'{x} in ')} not excluded"
        for cert in tails + ends
        if not cert["zeros_excluded"]
    )
    certificate = {
        "variable": str(x),
        "interval": str(interval),
        "strict": strict,
        "bounded_part": [str(lo), str(hi)],
        "boxes": ctx.records,
        "tails": tails,
        "ends": ends,
        "budget": {
            "max_boxes": MAX_BOXES,
            "max_precision": MAX_PRECISION,
            "max_taylor_order": MAX_TAYLOR_ORDER,
            "boxes_evaluated": ctx.boxes,
        },
    }
    return SignResult(True, method, zeros=zeros, certificate=certificate)
