"""Certified counterexamples and labelled numeric evidence.

A counterexample is certified when, at an exact rational point where both sides
are defined, a python-flint ``arb`` enclosure of ``lhs - rhs`` excludes 0. The
working precision is raised (64, 256, 1024, … bits up to
``LIMITS.max_precision_bits``) so that near misses such as
``tanh(x)`` vs ``tanh(x) + exp(-1000)`` are refuted too. For an inequality link
``lhs < rhs`` (``<=``, ``>``, ``>=``), :func:`certify_failure` certifies a point where
the enclosure of ``rhs - lhs`` excludes the side the relation allows.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> cex = find_counterexample(parse("sech(x)**2"), parse("1 - tanh(x)**2 + 10**-30"))
>>> cex.excludes_zero, cex.upper < 0
(True, True)
>>> find_counterexample(parse("sech(x)**2"), parse("1 - tanh(x)**2"), max_bits=256) is None
True
"""

from __future__ import annotations

import time
from fractions import Fraction

import sympy

from tanhproof.expr._derivatives import expand_derivatives
from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import arb_dyadic_bounds, arb_eval
from tanhproof.numeric._conditions import certified
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.proof._logpoint import LogPoint
from tanhproof.proof._records import Counterexample

__all__ = [
    "METHOD_RELATION_COUNTEREXAMPLE",
    "candidate_points",
    "certify_failure",
    "common_point",
    "find_counterexample",
    "numeric_evidence",
]

METHOD_RELATION_COUNTEREXAMPLE = (
    "certified counterexample (arb enclosure of rhs - lhs excludes the claimed side)"
)
"""The method of a refutation by :func:`certify_failure`."""

#: Exact rational coordinates tried in turn: inside (-1, 1) for atanh, above 1 for
#: acosh, negative ones for odd/even mistakes, none of them a pole of the family.
_COORDINATES = tuple(
    Fraction(n, d)
    for n, d in [
        (1, 2),
        (-1, 3),
        (3, 4),
        (5, 4),
        (-5, 7),
        (2, 3),
        (7, 5),
        (-2, 1),
        (5, 2),
        (1, 7),
        (-3, 7),
        (3, 1),
        (11, 10),
        (-9, 4),
        (13, 6),
    ]
)


def candidate_points(symbols: list[sympy.Symbol], count: int = 12) -> list[dict[sympy.Symbol, Fraction]]:
    """``count`` exact points for ``symbols``, each variable on a different cycle of
    coordinates so that ``u`` and ``v`` never take equal values together."""
    n = len(_COORDINATES)
    points = []
    for i in range(count):
        points.append({s: _COORDINATES[(i + 5 * j) % n] for j, s in enumerate(symbols)})
    return points


def _difference(lhs, rhs, point, bits):
    left = arb_eval(lhs, point, bits)
    right = arb_eval(rhs, point, bits)
    return left - right


def find_counterexample(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    *,
    max_bits: int | None = None,
    deadline: float | None = None,
    points: int = 12,
    conditions: tuple = (),
) -> Counterexample | None:
    """Search for a certified counterexample to ``lhs == rhs``; ``None`` if none found.

    Only a point where both sides evaluate to finite enclosures and every domain
    condition of the sides as written (:mod:`tanhproof.expr._domain`) is certified counts,
    and only an enclosure of ``lhs - rhs`` that excludes 0 certifies it.
    """
    max_bits = LIMITS.max_precision_bits if max_bits is None else max_bits
    lhs, rhs = expand_derivatives(lhs), expand_derivatives(rhs)
    symbols = _symbols(lhs, rhs, conditions)
    candidates = candidate_points(symbols, points if symbols else 1)
    alive = [p for p in candidates if certified(conditions, p)]
    bits = 64
    while alive and bits <= max_bits:
        survivors = []
        for point in alive:
            if deadline is not None and time.monotonic() > deadline:
                return None
            try:
                diff = _difference(lhs, rhs, point, bits)
            except TanhproofError:
                continue  # a side is undefined (or not evaluable) here: not a valid point
            if diff.is_finite() and (diff > 0 or diff < 0):
                lower, upper = arb_dyadic_bounds(diff)
                return Counterexample(
                    point={str(k): v for k, v in point.items()},
                    lower=lower,
                    upper=upper,
                    bits=bits,
                    enclosure=diff.str(10, radius=True),
                )
            survivors.append(point)
        # Raise the precision only for the first few points: if lhs - rhs is not
        # identically zero, it is nonzero at almost every point.
        alive = survivors[:3] if bits >= 256 else survivors
        bits *= 4
    return None


def certify_failure(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    rel: str,
    point: dict[sympy.Symbol, Fraction],
    conditions: tuple[Condition, ...],
    exact_zero: bool,
) -> Counterexample | None:
    """A certified counterexample at ``point``: an arb enclosure of ``rhs - lhs`` that
    excludes the side the relation allows (``<``: ``> 0``; ``<=``: ``>= 0``; ``>``/``>=``:
    the mirror). ``exact_zero``: the exact procedure showed ``rhs - lhs = 0`` there,
    which refutes a strict claim when arb cannot (its ball may straddle 0)."""
    if not certified(conditions, point):
        return None
    named: dict[str, Fraction | LogPoint] = {str(k): v for k, v in point.items()}
    bits = 64
    while bits <= LIMITS.max_precision_bits:
        try:
            diff = arb_eval(rhs, point, bits) - arb_eval(lhs, point, bits)
        except TanhproofError:
            return None
        if diff.is_finite():
            fails = {
                "<": not (diff > 0) and diff <= 0,
                "<=": bool(diff < 0),
                ">": not (diff < 0) and diff >= 0,
                ">=": bool(diff > 0),
            }[rel]
            if fails:
                lower, upper = arb_dyadic_bounds(diff)
                return Counterexample(named, lower, upper, bits, diff.str(10, radius=True))
        bits *= 4
    if exact_zero and rel in ("<", ">"):
        zero = Dyadic(0, 0)
        return Counterexample(named, zero, zero, 0, "0 (exact: the exp-rational form vanishes here)")
    return None


def _symbols(lhs: sympy.Expr, rhs: sympy.Expr, conditions: tuple) -> list[sympy.Symbol]:
    """The variables of both sides and of their domain conditions (a side that SymPy
    simplified to a constant still has the variables it was written with)."""
    found = set(lhs.free_symbols | rhs.free_symbols)
    for c in conditions:
        found |= c.expr.free_symbols
    return sorted(found, key=str)


#: Coordinates beyond the usual candidates, for domains far from the origin or thin
#: around it (``log(x - 100)``, ``sqrt(x**2 - 10**6)``, ``sqrt(-x**2)`` at 0).
_WIDE = tuple(
    Fraction(v)
    for v in (0, 10, -10, 100, -100, 1000, -1000, 10**6, -(10**6), Fraction(1, 1000), Fraction(-1, 1000))
)


def _wide_points(symbols: list[sympy.Symbol]) -> list[dict[sympy.Symbol, Fraction]]:
    n = len(_WIDE)
    return [{s: _WIDE[(i + 3 * j) % n] for j, s in enumerate(symbols)} for i in range(n)]


def _boundary_points(symbols: list[sympy.Symbol], conditions: tuple) -> list[dict[sympy.Symbol, Fraction]]:
    """Points next to where a linear condition in one variable changes truth
    (``log(x - 10**7)``: ``x = 10**7 +- 1/2, +- 1``), the other variables at 1/2."""
    points = []
    for c in conditions:
        free = c.expr.free_symbols
        if len(free) != 1:
            continue
        (s,) = free
        try:
            poly = sympy.Poly(c.expr, s)
        except sympy.PolynomialError:
            continue
        if poly.degree() != 1 or not all(k.is_Rational for k in poly.all_coeffs()):
            continue
        a, b = poly.all_coeffs()
        for bound in sorted(
            {-b / a} | ({(1 - b) / a, (-1 - b) / a} if c.kind in ("open_unit", "at_least_one") else set())
        ):
            for step in (Fraction(1, 2), Fraction(-1, 2), Fraction(1), Fraction(-1)):
                base = {t: Fraction(1, 2) for t in symbols}
                base[s] = Fraction(int(bound.p), int(bound.q)) + step
                points.append(base)
    return points


def common_point(lhs: sympy.Expr, rhs: sympy.Expr, conditions: tuple = ()) -> dict | None:
    """A point where both sides are certifiably defined (every condition certified and
    both sides evaluated to finite balls), or ``None`` when none of the candidate
    points (:func:`candidate_points`, then wide ones up to ``+-10**6``) is one."""
    symbols = _symbols(lhs, rhs, conditions)
    candidates = candidate_points(symbols, 12) + _wide_points(symbols) + _boundary_points(symbols, conditions)
    for point in candidates if symbols else [{}]:
        if not certified(conditions, point):
            continue
        try:
            arb_eval(lhs, point, 64)
            arb_eval(rhs, point, 64)
        except TanhproofError:
            continue
        return point
    return None


def numeric_evidence(
    lhs: sympy.Expr, rhs: sympy.Expr, *, bits: int = 128, points: int = 4
) -> tuple[str, ...]:
    """Lines of numeric *evidence* (never proof): enclosures of ``lhs - rhs`` at a few points."""
    lhs, rhs = expand_derivatives(lhs), expand_derivatives(rhs)
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    lines = []
    for point in candidate_points(symbols, points if symbols else 1):
        where = ", ".join(f"{k} = {v}" for k, v in point.items()) or "(constant)"
        try:
            diff = _difference(lhs, rhs, point, bits)
        except TanhproofError as exc:
            lines.append(f"evidence at {where}: not evaluated ({exc})")
            continue
        lines.append(f"evidence at {where}: lhs - rhs in {diff.str(5, radius=True)} ({bits}-bit arb)")
    return tuple(lines)
