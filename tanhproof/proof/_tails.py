"""The unbounded tails of a sign claim: ``[A, oo)`` and ``(-oo, -A]`` decided without boxes.

:func:`decide_tails` tries the starts :data:`TAIL_STARTS` in turn (the tail towards -oo
as ``f(-x)`` towards +oo) and, on each, these arguments
(:mod:`tanhproof.proof._tailenclosure` gives the enclosures on the closed half-line):

* the enclosure of ``f`` on the tail is positive (non-negative);
* monotonicity: ``f' >= 0`` on the tail (by its enclosure, or by the exact procedure
  :func:`tanhproof.proof._exactsign.sign_exact`) and ``f(A) > 0``; or the same one or more
  derivatives higher, up to :data:`~tanhproof.proof._boxcontext.MAX_TAYLOR_ORDER`;
* where ``f`` decreases towards its limit: ``f >= 0`` on the tail, ``f(A) > 0`` and
  analyticity give ``f > 0``;
* strict claims whose limit is 0: a product or sum of factors each positive at every
  point of the tail.

A tail no argument covers is returned as a reason (``x*tanh(x) - x + 1/2`` towards +oo).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import sympy
from flint import arb

from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.numeric._arb import compile_arb
from tanhproof.proof._boxcontext import (
    MAX_TAYLOR_ORDER,
    START_PRECISION,
    BoxContext,
    arb_form,
    bounds_text,
    frac_ball,
)
from tanhproof.proof._tailenclosure import End, conjugate_root, divide_exp, merge_log, tail_enclosure

__all__ = ["TAIL_STARTS", "decide_tail", "decide_tails", "first_tail"]

#: Where unbounded tails start, tried in turn: ``[A, oo)`` and ``(-oo, -A]``.
TAIL_STARTS = (Fraction(1), Fraction(4), Fraction(16), Fraction(64))


#: Catalog functions positive at every real point of their domain.
_POSITIVE_FUNCTIONS = ("exp", "sigmoid", "softplus", "cosh", "sech")


def _surely_positive(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, depth: int = 0) -> bool:
    """Whether ``expr(y) > 0`` at every point ``y >= start``, pointwise: a product or sum
    of factors each positive there (its tail enclosure is, or it is ``exp``, ``sigmoid``...
    of a defined argument, or the reciprocal or square root of such a factor).

    Enclosures on ``[start, oo]`` may reach 0 only as a limit (``1/(x + 1)``), so they are
    used for the denominators' and roots' arguments only where they exclude 0, and a
    reciprocal of a value finite at every point is positive there.
    """
    enclosure = tail_enclosure(expr, y, start)
    if enclosure is not None and enclosure[0][0] > 0:
        return True
    if depth >= 4:
        return False
    for rewrite in (merge_log, divide_exp, conjugate_root):
        again = rewrite(expr, y) if expr.is_Add or expr.is_Mul else None
        if again is not None and again != expr:
            return _surely_positive(again, y, start, depth + 1)
    if enclosure is None:
        return False
    if expr.is_Mul:
        return all(_surely_positive(a, y, start, depth + 1) for a in expr.args)
    if expr.is_Add:
        lowers = [tail_enclosure(a, y, start) for a in expr.args]
        return all(e is not None and e[0][0] >= 0 for e in lowers) and any(
            _surely_positive(a, y, start, depth + 1) for a in expr.args
        )
    if expr.is_Pow and expr.args[1].is_Rational and expr.args[1] < 0:
        base = tail_enclosure(expr.args[0], y, start)
        return base is not None and base[0][0] > 0  # finite and positive at each point
    if expr.is_Pow and expr.args[1] == sympy.S.Half:
        return _surely_positive(expr.args[0], y, start, depth + 1)
    return getattr(expr.func, "__name__", "") in _POSITIVE_FUNCTIONS


def _text(v: End) -> str:
    return ("oo" if v > 0 else "-oo") if isinstance(v, float) else str(v)


def _point(g: sympy.Expr, y: sympy.Symbol, p: Fraction) -> arb | None:
    """An enclosure of ``g`` at the rational point ``p`` (``None`` where undefined)."""
    old = flint.ctx.prec
    flint.ctx.prec = 2 * START_PRECISION
    try:
        value = compile_arb(arb_form(g))({y: frac_ball(p)})
    except (DomainError, ZeroDivisionError, ValueError):
        return None
    finally:
        flint.ctx.prec = old
    return value if value.is_finite() else None


def _slope_nonnegative(g: sympy.Expr, y: sympy.Symbol, start: Fraction) -> str | None:
    """How ``g' >= 0`` on ``[start, oo)`` is shown (enclosure, also of the common factors
    taken out: ``-log(1/t)/t**2 - 1/t**2 = -(log(1/t) + 1)/t**2``; else the exact procedure)."""
    dg = sympy.diff(g, y)
    slope = tail_enclosure(dg, y, start)
    if slope is not None and slope[0][0] >= 0:
        return f"f' >= {_text(slope[0][0])} on the tail (enclosure)"
    factored = sympy.factor_terms(dg)
    slope = tail_enclosure(factored, y, start) if factored != dg else None
    if slope is not None and slope[0][0] >= 0:
        return f"f' = {sympy.sstr(factored)} >= {_text(slope[0][0])} on the tail (enclosure)"
    from tanhproof.proof._exactsign import sign_exact

    try:
        exact = sign_exact(dg, y, Interval(lo=start, lo_closed=True), strict=False)
    except TanhproofError:
        return None
    return f"f' >= 0 on the tail ({exact.method})" if exact.holds else None


def decide_tail(
    ctx: BoxContext, g: sympy.Expr, y: sympy.Symbol, start: Fraction, label: str
) -> dict[str, Any] | None:
    """Decide ``g(y) > 0`` (``>= 0``) for ``y`` in ``[start, oo)``: a certificate or ``None``.

    Five arguments, tried in turn: (1) the enclosure of ``g`` on the closed half-line
    ``[start, oo]`` is positive (non-negative); (2) ``g' >= 0`` there and ``g(start) > 0``
    (``>= 0``): ``g(y) >= g(start)``; (3) strict claims only: the enclosure of ``g`` is
    ``>= 0``, ``g(start) > 0``, ``-g' >= 0`` and ``g`` is real-analytic on the tail: were
    ``g(y0) = 0``, ``g`` would vanish on ``[y0, oo)``, hence everywhere; (5) strict claims:
    a product or sum of factors positive at each point; (4) the same as (2) one or more
    derivatives higher (up to :data:`MAX_TAYLOR_ORDER`).

    The certificate's ``zeros_excluded`` says whether the argument also shows ``g > 0``
    (a positive lower bound, or ``g(start) > 0`` and ``g`` increasing): a non-strict claim
    proved otherwise may have zeros on the tail.

    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> ctx = BoxContext(parse("tanh(x) - 1/2"), x, Interval(), False, max_boxes=10)
    >>> cert = decide_tail(ctx, parse("tanh(x) - 1/2"), x, Fraction(1), "[1, oo)")
    >>> cert["argument"], cert["zeros_excluded"]
    ('enclosure of f on the tail', True)
    """
    cert = _tail_argument(ctx, g, y, start, label, True)  # g > 0: for either claim
    if cert is not None:
        cert.pop("_lower", None)
        cert["zeros_excluded"] = True
        return cert
    if ctx.strict:
        return None
    cert = _tail_argument(ctx, g, y, start, label, False)
    if cert is not None:
        lower = cert.pop("_lower", None)
        if lower is not None:  # the enclosure alone: g >= 0 may still touch 0
            excluded = lower > 0
        else:  # g(start) > 0 and g increasing
            at_start = _point(g, y, start)
            excluded = at_start is not None and bool(at_start > 0)
        cert["zeros_excluded"] = bool(excluded)
    return cert


def _tail_argument(
    ctx: BoxContext, g: sympy.Expr, y: sympy.Symbol, start: Fraction, label: str, strict: bool
) -> dict[str, Any] | None:
    """The arguments of :func:`decide_tail`, in turn, for ``g > 0`` (``strict``) or ``g >= 0``."""
    enclosure = tail_enclosure(g, y, start)
    if enclosure is not None and (enclosure[0][0] > 0 or (not strict and enclosure[0][0] >= 0)):
        return {
            "tail": label,
            "argument": "enclosure of f on the tail",
            "f_lower": _text(enclosure[0][0]),
            "_lower": enclosure[0][0],
        }
    at_start = _point(g, y, start)
    if at_start is None or not (at_start > 0 or (not strict and at_start >= 0)):
        return None
    rising = _slope_nonnegative(g, y, start)
    if rising is not None:
        return {
            "tail": label,
            "argument": f"{rising} and f at its start",
            "f_at_start": bounds_text(at_start),
        }
    if enclosure is not None and enclosure[0][0] >= 0 and enclosure[1]:
        falling = _slope_nonnegative(-g, y, start)
        if falling is not None:
            return {
                "tail": label,
                "argument": f"f >= 0 on the tail (enclosure), f at its start > 0, -{falling}, f analytic",
                "f_at_start": bounds_text(at_start),
            }
    # (5) strict: positive at each point of the tail (not only as an enclosure, which may
    # reach 0 as a limit): 1/(sqrt(x**2 + 1) + x) is positive wherever it is finite.
    if strict and _surely_positive(g, y, start):
        return {"tail": label, "argument": "f > 0 at each point of the tail (positive factors)"}
    # (4) f^(j)(start) > 0 for 1 <= j < k and f^(k) >= 0 on the tail: each f^(j) increases.
    derivative = g
    for k in range(1, MAX_TAYLOR_ORDER + 1):
        derivative = sympy.diff(derivative, y)
        if k >= 2:
            top = tail_enclosure(derivative, y, start)
            if top is not None and top[0][0] >= 0:
                return {
                    "tail": label,
                    "argument": f"f^({k}) >= {_text(top[0][0])} on the tail (enclosure), "
                    f"f^(j)({start}) > 0 for 1 <= j < {k} and f at its start",
                    "f_at_start": bounds_text(at_start),
                }
        value = _point(derivative, y, start)
        if value is None or not value > 0:
            return None
    return None


def first_tail(
    ctx: BoxContext, g: sympy.Expr, y: sympy.Symbol, starts: list[Fraction], label: Callable[[Fraction], str]
) -> tuple[Fraction, dict[str, Any] | None]:
    """The first start in ``starts`` whose tail :func:`decide_tail` decides, and its
    certificate; a later start whose argument excludes zeros (``g > 0``) is preferred for
    a non-strict claim. Without any: the last start and ``None``."""
    found: tuple[Fraction, dict[str, Any]] | None = None
    for start in starts:
        cert = decide_tail(ctx, g, y, start, label(start))
        if cert is not None and cert["zeros_excluded"]:
            return start, cert
        if cert is not None and found is None:
            found = start, cert
    return found if found is not None else (starts[-1], None)


def decide_tails(
    ctx: BoxContext, f: sympy.Expr, x: sympy.Symbol
) -> tuple[Fraction, Fraction, list[dict[str, Any]], list[str]]:
    """Choose where the tails start and decide them.

    Returns the bounded part left ``(lo, hi)``, the tail certificates and the reasons
    of the tails that could not be decided (their bounded part then reaches the last
    start tried, where a counterexample is still looked for).
    """
    iv = ctx.interval
    tails: list[dict[str, Any]] = []
    failures: list[str] = []
    lo, hi = iv.lo, iv.hi
    if hi is None:
        starts = [a if lo is None else max(a, Fraction(math.floor(lo)) + a) for a in TAIL_STARTS]
        hi, cert = first_tail(ctx, f, x, starts, lambda s: f"[{s}, oo)")
        if cert is not None:
            tails.append(cert)
        else:
            failures.append(f"the tail [{hi}, oo): neither the enclosure of f nor a sign of f' decides it")
    if lo is None:
        starts = [a if iv.hi is None else max(a, Fraction(-math.ceil(iv.hi)) + a) for a in TAIL_STARTS]
        start, cert = first_tail(ctx, f.subs(x, -x), x, starts, lambda s: f"(-oo, {-s}]")
        if cert is not None:
            tails.append(cert)
        else:
            failures.append(
                f"the tail (-oo, {-start}]: neither the enclosure of f nor a sign of f' decides it"
            )
        lo = -start
    return lo, hi, tails, failures
