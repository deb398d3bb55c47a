"""The exact sign of an exp-rational function of several variables, factor by factor.

With ``T_v = exp(v/q_v) > 0`` for each variable, a margin ``f`` of the exp-rational
family is ``N/D`` with ``N``, ``D`` coprime polynomials over Q, and where ``f`` is
defined its sign is the sign of ``P = N*D``. :func:`decide_factors` factors ``P`` over
Q and groups the irreducible factors into *components* that share no variable, so
``P = c * P_1 * ... * P_k`` with each ``P_i`` in its own variables, and each variable
in one ``P_i`` at most. When every component has at most two variables its signs are
decided exactly: one variable by real-root isolation
(:func:`~tanhproof.proof._positivereals.signs_between`), two by the cylindrical
decomposition of :func:`~tanhproof.proof._twovars.signs_two`. Then ``P >= 0``
everywhere exactly when each component keeps one sign and the product of the signs
is positive (the components vary independently, and the set where one vanishes has
empty interior); else an exact rational point ``T`` where ``P < 0`` is returned.

For a proved ``P >= 0`` the zeros of ``f`` are the zeros of the irreducible factors
of ``N`` (:func:`~tanhproof.proof._twovars.zeros_two` for two variables): lines
``x = q*log(t)`` for a factor in one variable, curves or isolated points for two.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> x, y = parse("x"), parse("y")
>>> d = decide_factors(parse("cosh(x)*cosh(y) - 1"), [x, y], None, None)
>>> d.holds, d.zeros, d.rational_zeros
(True, ['x = 0, y = 0'], [{x: Fraction(0, 1), y: Fraction(0, 1)}])
>>> decide_factors(parse("exp(x) + exp(y) - 2*exp((x + y)/2)"), [x, y], None, None).zeros
['x = y']
>>> d = decide_factors(parse("tanh(x)*tanh(y)"), [x, y], None, None)
>>> d.holds, d.witness
(False, {x: Fraction(1, 2), y: Fraction(2, 1)})
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._positivereals import Budget, PositiveReal, inside, positive_points, signs_between
from tanhproof.proof._sides import evaluated
from tanhproof.proof._twovars import signs_two, univariate, zeros_two

__all__ = ["MAX_PRODUCT_DEGREE", "MAX_PRODUCT_TERMS", "FactorDecision", "decide_factors"]

#: Largest degree in one variable of ``N*D`` that is factored (work, not time).
MAX_PRODUCT_DEGREE = 200
#: Most terms of ``N*D`` that is factored.
MAX_PRODUCT_TERMS = 5000


@dataclass
class FactorDecision:
    """The outcome of :func:`decide_factors`.

    ``holds``: ``True`` (``f >= 0`` wherever defined), ``False`` (``witness``: exact
    rational values of the ``T_v`` where ``f < 0``) or ``None`` (``reason``). For ``True``:
    ``zeros`` describes where ``f = 0`` (empty: nowhere), ``rational_zeros`` lists points
    with rational coordinates (in the variables) where it is exactly 0, and
    ``unsettled`` candidate zeros that were not decided.
    """

    holds: bool | None
    reason: str = ""
    witness: dict[sympy.Symbol, Fraction] = field(default_factory=dict)
    zeros: list[str] = field(default_factory=list)
    points_only: bool = True
    rational_zeros: list[dict[sympy.Symbol, Fraction]] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    certificate: dict[str, Any] = field(default_factory=dict)
    ctx: Any = None
    num: Any = None
    den: Any = None
    q_of: dict[sympy.Symbol, int] = field(default_factory=dict)


def _log_text(q: int, t: PositiveReal, name: str) -> str:
    if t.value is not None:
        value = sympy.Integer(q) * sympy.log(sympy.Rational(t.value.numerator, t.value.denominator))
        return f"{name} = {sympy.sstr(value)}"
    approx = q * math.log(float(t.ball(64).mid()))
    return f"{name} ≈ {approx:.6g} ({'' if q == 1 else f'{q}*'}log of {t})"


def decide_factors(
    f: sympy.Expr, variables: list[sympy.Symbol], where_var: sympy.Symbol | None, where: Interval | None
) -> FactorDecision:
    """Decide ``f >= 0`` for all real values of ``variables`` (``where_var`` restricted
    to the interval ``where``), exactly, by the factors of its exp-rational form."""
    try:
        prepared = prepare(evaluated(f))
        ctx = RationalContext.for_expressions([prepared])
        form = ctx.convert(prepared).reduced()
    except (TanhproofError, KeyError, ValueError, ZeroDivisionError) as exc:
        return FactorDecision(None, f"not converted to the exp-rational form: {exc}")
    used = sorted({i for p in (form.num, form.den) for m in p.monoms() for i, d in enumerate(m) if d})
    exps = {i: ctx.exponent_of(i) for i in used}
    if not ctx.complete or any(e is None or not e[0].is_Symbol for e in exps.values()):
        return FactorDecision(None, "not exp-rational in the variables (opaque functions or constants)")
    var_of = {i: e[0] for i, e in exps.items() if e is not None}
    q_of = {i: e[1] for i, e in exps.items() if e is not None}
    # the interval of the where-variable as an interval of its T
    lo = hi = None
    w_index = next((i for i, v in var_of.items() if v == where_var), None)
    if where is not None and w_index is not None:
        q = q_of[w_index]
        lo = None if where.lo is None else PositiveReal.exp(where.lo / q)
        hi = None if where.hi is None else PositiveReal.exp(where.hi / q)
    certificate: dict[str, Any] = {
        "substitution": ctx.substitution,
        "numerator": ctx.text(form.num),
        "denominator": ctx.text(form.den),
    }
    decision = FactorDecision(None, certificate=certificate, ctx=ctx, num=form.num, den=form.den)
    decision.q_of = {var_of[i]: q_of[i] for i in var_of}
    if form.num.is_zero():
        decision.holds, decision.zeros, decision.points_only = True, ["everywhere"], False
        decision.rational_zeros = [{}]
        return decision
    try:
        _signs(decision, form.num * form.den, var_of, w_index, lo, hi)
        if decision.holds:
            _zeros(decision, form.num, var_of, q_of, w_index, lo, hi, where)
    except Budget as exc:
        decision.holds, decision.reason = None, f"exact several-variable procedure: {exc}"
    if decision.holds is False:  # a variable the margin does not use: any value of the where-set
        for v in variables:
            decision.witness.setdefault(v, Fraction(1))
    return decision


def _components(factors: list[tuple[Any, int]]) -> list[tuple[set[int], list[tuple[Any, int]]]]:
    """The factors grouped by shared variables (generator indices)."""
    groups: list[tuple[set[int], list[tuple[Any, int]]]] = []
    for g, m in factors:
        gens = {i for mono in g.monoms() for i, d in enumerate(mono) if d}
        joined = [grp for grp in groups if grp[0] & gens]
        merged: tuple[set[int], list[tuple[Any, int]]] = (set(gens), [(g, m)])
        for grp in joined:
            merged[0].update(grp[0])
            merged[1].extend(grp[1])
            groups.remove(grp)
        groups.append(merged)
    return groups


def _two_ring(p: Any, outer: int, inner: int) -> flint.fmpq_mpoly:
    """``p`` (using generators ``outer`` and ``inner`` only) in the ring ``Q[a, b]``."""
    ring = flint.fmpq_mpoly_ctx.get(("a", "b"), "degrevlex")
    return ring.from_dict({(m[outer], m[inner]): c for m, c in p.terms()})


def _order(gens: set[int], w_index: int | None) -> tuple[int, int]:
    first, second = sorted(gens)
    return (second, first) if second == w_index else (first, second)


def _signs(decision: FactorDecision, product: Any, var_of, w_index, lo, hi) -> None:
    degrees = product.degrees()
    if max(degrees, default=0) > MAX_PRODUCT_DEGREE or len(product) > MAX_PRODUCT_TERMS:
        raise Budget(
            f"N*D of degree {max(degrees)} with {len(product)} terms, over the limits "
            f"{MAX_PRODUCT_DEGREE} per variable and {MAX_PRODUCT_TERMS} terms"
        )
    constant, factors = product.factor()
    parts = []
    total = 1 if constant > 0 else -1
    witness: dict[int, Fraction] = {}
    choices: list[tuple[dict[int, dict[int, Fraction]]]] = []
    for gens, group in _components(factors):
        poly = product.context().constant(1)
        for g, m in group:
            poly *= g**m
        if len(gens) > 2:
            names = ", ".join(str(var_of[i]) for i in sorted(gens))
            raise Budget(f"a factor couples three or more variables ({names})")
        if len(gens) == 1:
            (i,) = gens
            ends = (lo, hi) if i == w_index else (None, None)
            found, roots = signs_between(univariate(poly, i), *ends)
            signs = {s: {i: t} for s, t in found.items()}
            detail: dict[str, Any] = {"roots": roots}
        else:
            outer, inner = _order(gens, w_index)
            ends = (lo, hi) if outer == w_index else (None, None)
            found2, detail = signs_two(_two_ring(poly, outer, inner), *ends)
            signs = {s: {outer: ab[0], inner: ab[1]} for s, ab in found2.items()}
        parts.append(
            {
                "variables": [str(var_of[i]) for i in sorted(gens)],
                "factors": [[decision.ctx.text(g), m] for g, m in group],
                "signs": "".join("+" if s > 0 else "-" for s in sorted(signs)),
                **detail,
            }
        )
        choices.append((signs,))
    decision.certificate["constant"] = str(constant)
    decision.certificate["components"] = parts
    mixed = [k for k, (signs,) in enumerate(choices) if len(signs) == 2]
    for k, (signs,) in enumerate(choices):
        if k in mixed[:1]:
            continue
        sign, point = next(iter(signs.items()))
        total *= sign
        witness.update(point)
    if mixed:
        (signs,) = choices[mixed[0]]
        witness.update(signs[-total])
        total = -1
    decision.holds = total > 0
    if not decision.holds:
        decision.witness = {var_of[i]: t for i, t in witness.items()}
        decision.reason = "the exact sign of N*D is negative at T = " + ", ".join(
            f"{decision.ctx.names[i]} = {t}" for i, t in sorted(witness.items())
        )


def _binomial_line(g: Any, outer: int, inner: int, var_of, q_of) -> tuple[str, dict] | None:
    """``a^i*b^k - a^m*b^n = 0`` as the line ``(i - m)*x/q_x = (n - k)*y/q_y``, and a
    rational point on it other than the origin."""
    terms = list(g.terms())
    if len(terms) != 2 or terms[0][1] != -terms[1][1]:
        return None
    (m1, _), (m2, _) = terms
    x, y = var_of[outer], var_of[inner]
    cx = sympy.Rational(m1[outer] - m2[outer], q_of[outer])
    cy = sympy.Rational(m2[inner] - m1[inner], q_of[inner])
    if cx == 0 or cy == 0:
        return None
    point = {x: Fraction(int(cy.p), int(cy.q)) / 2, y: Fraction(int(cx.p), int(cx.q)) / 2}
    return f"{sympy.sstr(x)} = {sympy.sstr(cy / cx * y)}", point


def _zeros(decision: FactorDecision, num, var_of, q_of, w_index, lo, hi, where) -> None:
    ctx = decision.ctx
    ends_closed = (
        [] if where is None or w_index is None else [(where.lo, where.lo_closed), (where.hi, where.hi_closed)]
    )
    closed_one = [e for e, c in ends_closed if c and e == 0]  # a closed end at T = 1 (x = 0)
    closed_other = [e for e, c in ends_closed if c and e != 0]  # elsewhere: T = exp(e/q) is transcendental
    for g, _m in num.factor()[1]:
        gens = sorted({i for mono in g.monoms() for i, d in enumerate(mono) if d})
        if len(gens) == 1:
            (i,) = gens
            ends = (lo, hi) if i == w_index else (None, None)
            roots = [
                r for r in positive_points(univariate(g, i)) if _within(r, ends, i == w_index and closed_one)
            ]
            for r in roots:
                decision.zeros.append(_log_text(q_of[i], r, str(var_of[i])))
                decision.points_only = False
                if r.value == 1:
                    decision.rational_zeros.append({var_of[i]: Fraction(0)})
            continue
        outer, inner = _order(set(gens), w_index)
        two = _two_ring(g, outer, inner)
        ends = (lo, hi) if outer == w_index else (None, None)
        found = zeros_two(two, *ends)
        x, y = var_of[outer], var_of[inner]
        if found["curve"]:
            decision.points_only = False
            line = _binomial_line(g, outer, inner, var_of, q_of)
            if line is None:
                decision.zeros.append(f"the curve {ctx.text(g)} = 0")
            else:
                decision.zeros.append(line[0])
                decision.rational_zeros.append(line[1])
            continue
        points = list(found["points"])
        if closed_other and outer == w_index:  # g(exp(e/q), b) has transcendental coefficients
            decision.unsettled += [f"zeros of {ctx.text(g)} on the line {x} = {e}" for e in closed_other]
        if closed_one and outer == w_index:
            fibre = univariate(two.subs({"a": flint.fmpq(1)}), 1)
            on_line = positive_points(fibre)
            points += [(Fraction(1), r.value) for r in on_line if r.value is not None]
            if any(r.value is None for r in on_line):
                decision.unsettled.append(f"irrational zeros of {ctx.text(g)} on the line {x} = 0")
        for alpha, beta in dict.fromkeys(points):
            decision.zeros.append(
                _log_text(q_of[outer], PositiveReal.exact(alpha), str(x))
                + ", "
                + _log_text(q_of[inner], PositiveReal.exact(beta), str(y))
            )
            if alpha == 1 and beta == 1:
                decision.rational_zeros.append({x: Fraction(0), y: Fraction(0)})
            decision.points_only = decision.points_only and len(var_of) == 2
        decision.unsettled += [f"a zero of {ctx.text(g)} at T = ({a}, {b})" for a, b in found["unsettled"]]


def _within(r: PositiveReal, ends: tuple, closed_one: list) -> bool:
    """Whether ``r`` lies strictly between ``ends``, or at a closed end ``T = 1``."""
    where = inside(r, *ends)
    return bool(where) or (where is None and bool(closed_one))
