"""A sign claim with ``abs`` decided by cases on the signs of the arguments of ``abs``.

``abs(u)`` is not differentiable where ``u = 0``, so neither a Taylor argument at such a
touching point (``abs(x) - abs(tanh(x))`` at 0) nor the exact procedure applies to the
claim as a whole. Split by cases instead:

* **Kinks.** The split points are the rational points of the interval where an argument
  ``u`` of ``abs`` is proved exactly to vanish: candidates are the rational roots of the
  polynomial parts of ``u`` (``x``, ``x - 1/3``) and a few simple points.
* **Pieces.** On each closed piece between consecutive split points, the sign of every
  ``u`` (innermost ``abs`` first) is decided as a claim of its own (``u >= 0`` or
  ``-u >= 0`` on the piece, by the same decision procedure), and ``abs(u)`` becomes ``u``
  or ``-u``: the claim there is about a smooth function (``x - tanh(x)`` on ``[0, oo)``),
  equal to ``f`` at every point of the closed piece.
* **Verdict.** Proved when every piece is; refuted by a witness of one piece (a point of
  the piece, where ``f`` equals the piece's function; the caller certifies it again with
  arb on the claim as written); undecided otherwise, with the pieces' reasons.

>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> from tanhproof.proof._inequality import decide_sign
>>> x = symbol("x")
>>> r = sign_by_cases(parse("abs(x) - abs(tanh(x))"), x, Interval(), False, decide_sign)
>>> r.holds, r.zeros, r.certificate["cases"][1]["piece"]
(True, ('x = 0',), '[0, oo)')
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._arb import arb_eval
from tanhproof.proof._signs import SignResult

__all__ = ["METHOD_CASES", "abs_nodes", "kink_points", "sign_by_cases", "smooth_piece"]

METHOD_CASES = "by cases on the signs of the arguments of abs"

Decide = Callable[[sympy.Expr, sympy.Symbol, Interval, bool], SignResult]

#: Simple points tried as kinks besides the rational roots of polynomial parts.
_SIMPLE = tuple(Fraction(n, d) for n, d in ((0, 1), (1, 1), (-1, 1), (1, 2), (-1, 2), (2, 1), (-2, 1)))
#: Largest degree of a polynomial part whose rational roots are kink candidates.
_MAX_DEGREE = 32
#: Most split points (pieces = split points + 1).
_MAX_KINKS = 8


def abs_nodes(f: sympy.Expr) -> list[sympy.Expr]:
    """The ``abs`` subexpressions of ``f``, innermost first, each once.

    >>> x = sympy.Symbol("x", real=True)
    >>> abs_nodes(sympy.Abs(x - sympy.Abs(sympy.tanh(x))) + sympy.Abs(x))
    [Abs(x), Abs(tanh(x)), Abs(x - Abs(tanh(x)))]
    """
    found: list[sympy.Expr] = []
    for node in sympy.postorder_traversal(f, keys=sympy.default_sort_key):
        if isinstance(node, sympy.Abs) and node not in found:
            found.append(node)
    return found


def smooth_piece(f: sympy.Expr, signs: dict[sympy.Expr, int]) -> sympy.Expr:
    """``f`` with each ``abs(u)`` whose sign is in ``signs`` written ``u`` (``+1``) or ``-u``
    (``-1``), inner ones first.

    >>> x = sympy.Symbol("x", real=True)
    >>> smooth_piece(sympy.Abs(x) - sympy.Abs(sympy.tanh(x)), {sympy.Abs(x): 1, sympy.Abs(sympy.tanh(x)): -1})
    x + tanh(x)
    """
    if not f.args:
        return f
    args = [smooth_piece(a, signs) for a in f.args]
    if isinstance(f, sympy.Abs) and f in signs:
        return signs[f] * args[0]
    return f.func(*args) if args != list(f.args) else f


def _polynomial_parts(u: sympy.Expr, x: sympy.Symbol) -> list[sympy.Poly]:
    parts = []
    for sub in sympy.preorder_traversal(u):
        if isinstance(sub, sympy.Expr) and sub.has(x) and sub.is_polynomial(x):
            try:
                poly = sympy.Poly(sub, x, domain="QQ")
            except (sympy.PolynomialError, sympy.polys.polyerrors.CoercionFailed):
                continue
            if 1 <= poly.degree() <= _MAX_DEGREE:
                parts.append(poly)
    return parts


def _vanishes(u: sympy.Expr, x: sympy.Symbol, p: Fraction) -> bool:
    """Whether ``u(p) = 0`` is proved exactly (an arb ball containing 0 first, cheaply)."""
    value = u.subs(x, sympy.Rational(p.numerator, p.denominator))
    try:
        if not arb_eval(value, {}, 64).contains(0):
            return False
        from tanhproof.proof._prover import prove

        return value == 0 or str(prove(value, sympy.Integer(0)).verdict) == "proved"
    except TanhproofError:
        return False


def kink_points(nodes: list[sympy.Expr], x: sympy.Symbol, interval: Interval) -> list[Fraction]:
    """The rational points inside ``interval`` where the argument of some ``abs`` in
    ``nodes`` is proved to vanish, sorted.

    >>> x = sympy.Symbol("x", real=True)
    >>> kink_points([sympy.Abs(sympy.tanh(3*x - 1))], x, Interval())
    [Fraction(1, 3)]
    """
    points: set[Fraction] = set()
    for node in nodes:
        (u,) = node.args
        candidates = set(_SIMPLE)
        for poly in _polynomial_parts(u, x):
            candidates |= {Fraction(int(r.p), int(r.q)) for r in poly.ground_roots() if r.is_Rational}
        inside = sorted(
            p
            for p in candidates
            if interval.contains(p) and p != interval.lo and p != interval.hi and p not in points
        )
        points |= {p for p in inside if _vanishes(u, x, p)}
    return sorted(points)[:_MAX_KINKS]


def _pieces(interval: Interval, kinks: list[Fraction]) -> list[Interval]:
    ends = [interval.lo, *kinks, interval.hi]
    closed = [interval.lo_closed, *([True] * len(kinks)), interval.hi_closed]
    return [Interval(ends[i], ends[i + 1], closed[i], closed[i + 1]) for i in range(len(ends) - 1)]


def _signs_on(
    nodes: list[sympy.Expr], x: sympy.Symbol, piece: Interval, decide: Decide
) -> tuple[dict[sympy.Expr, int], dict[str, str]]:
    """The sign of each ``abs`` argument on ``piece`` that the decision procedure proves,
    innermost first (an outer argument is read with the inner ones already resolved)."""
    signs: dict[sympy.Expr, int] = {}
    how: dict[str, str] = {}
    for node in nodes:
        u = smooth_piece(node.args[0], signs)
        for sign in (1, -1):
            result = decide(sign * u, x, piece, False)
            if result.holds:
                signs[node] = sign
                how[f"abs({sstr(node.args[0])})"] = (
                    f"{sstr(sign * u)} ({'u >= 0' if sign > 0 else 'u <= 0'}: {result.method})"
                )
                break
    return signs, how


def sign_by_cases(
    f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool, decide: Decide
) -> SignResult | None:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval`` by cases on the signs of the
    arguments of ``abs`` in ``f`` (``decide`` decides each piece and each sign);
    ``None`` where ``f`` has no ``abs`` or no case could be resolved. An undecided
    result whose certificate says ``final`` had every ``abs`` resolved on every piece."""
    nodes = [n for n in abs_nodes(f) if n.has(x)]
    if not nodes:
        return None
    kinks = kink_points(nodes, x, interval)
    cases: list[dict[str, Any]] = []
    zeros: list[str] = []
    undecided: list[str] = []
    resolved_any, resolved_all = False, True
    for piece in _pieces(interval, kinks):
        signs, how = _signs_on(nodes, x, piece, decide)
        resolved_any = resolved_any or bool(signs)
        resolved_all = resolved_all and len(signs) == len(nodes)
        g = smooth_piece(f, signs)
        result = decide(g, x, piece, strict)
        case = {"piece": str(piece), "abs": how, "f": sstr(g), "method": result.method}
        if result.holds is False and result.witness is not None and piece.contains(result.witness):
            cases.append(case)
            return SignResult(
                False,
                f"{METHOD_CASES}: {result.method}",
                witness=result.witness,
                reason=f"on {piece}: {result.reason}",
                certificate={"cases": cases},
            )
        if result.holds:
            case["certificate"] = result.certificate
            zeros += [z for z in result.zeros if z not in zeros]
        else:
            undecided.append(f"on {piece} ({sstr(g)}): {result.reason or 'not decided'}")
        cases.append(case)
    if not resolved_any:
        return None
    if undecided:  # final where every piece was smooth: subdividing f itself cannot do better
        return SignResult(
            None,
            "none",
            reason=f"{METHOD_CASES}: " + "; ".join(undecided),
            certificate={"cases": cases, "final": resolved_all},
        )
    methods = sorted({c["method"] for c in cases})
    return SignResult(
        True,
        f"{METHOD_CASES} ({len(cases)} pieces): " + "; ".join(methods),
        zeros=tuple(zeros),
        certificate={"cases": cases},
    )
