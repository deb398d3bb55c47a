"""Inequality links in several variables: a termwise-positivity proof, or a certified counterexample.

The sign procedures of :mod:`tanhproof.proof._inequality` take one variable. A link
in several variables (``cosh(x)*cosh(y) >= 1``) is proved when the exp-rational form
``N/D`` of its margin has ``N*D`` with every term non-negative
(:func:`termwise_certificate`: shown for every real point, never sampled), refuted
by a certified counterexample at one of the exact candidate points that satisfy
the where-condition, and else left undecided. :func:`check_where` refuses a
where-condition that is an interval of none of the variables.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> termwise_certificate(parse("exp(x) + exp(y)"), True)["strict"]
True
>>> termwise_certificate(parse("tanh(x) + tanh(y)"), False) is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._claims import read_where
from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._sstr import sstr
from tanhproof.proof._certify import METHOD_RELATION_COUNTEREXAMPLE, candidate_points, certify_failure
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._factorsigns import FactorDecision, decide_factors
from tanhproof.proof._records import Proof, Verdict
from tanhproof.proof._sides import evaluated, nonnegative_everywhere

__all__ = ["check_where", "several_variables_link", "termwise_certificate"]

METHOD_NONE = "none: neither proved nor refuted"
METHOD_TERMWISE = "exp-rational form with every term positive (several variables)"
METHOD_FACTORS = (
    "exact sign of the exp-rational form by factors, real-root isolation and cylindrical "
    "decomposition (several variables)"
)


def check_where(where: str, variables: list[sympy.Symbol]) -> None:
    """Refuse a where-condition that is an interval of none of ``variables``."""
    for v in variables:
        try:
            read_where(where, v)
            return
        except ParseError:
            continue
    read_where(where, variables[0])  # raises the one-line error


def _where_holds(where: str, point: dict[sympy.Symbol, Fraction]) -> bool:
    """Whether ``point`` satisfies a where-condition on one of its variables."""
    for v, value in point.items():
        try:
            return read_where(where, v).contains(value)
        except ParseError:
            continue
    return False


def termwise_certificate(f: sympy.Expr, strict: bool) -> dict[str, Any] | None:
    """A certificate that ``f > 0`` (``>= 0``) at every real point in any number of
    variables, when its exp-rational form ``N/D`` has ``N*D`` with every term
    non-negative in positive exponentials and even powers (strictly: a term of
    exponentials only), else ``None``. Shown, never sampled."""
    try:
        prepared = prepare(evaluated(f))
        ctx = RationalContext.for_expressions([prepared])
        form = ctx.convert(prepared).reduced()
        if not ctx.complete:
            return None
        product = form.num * form.den
        if not nonnegative_everywhere(ctx, product, strict=strict):
            return None
        positive = nonnegative_everywhere(ctx, product, strict=True)
    except (TanhproofError, KeyError, ValueError, ZeroDivisionError):
        return None
    return {
        "substitution": ctx.substitution,
        "numerator": ctx.text(form.num),
        "denominator": ctx.text(form.den),
        "N*D": ctx.text(product),
        "strict": positive,
    }


def _where_variable(where: str, variables: list[sympy.Symbol]) -> tuple[sympy.Symbol | None, Interval | None]:
    """The variable a where-condition restricts, and its interval."""
    for v in variables:
        try:
            return v, read_where(where, v)
        except ParseError:
            continue
    return None, None


def _at(
    decision: FactorDecision, poly: Any, point: dict[sympy.Symbol, Fraction], bits: int = 128
) -> flint.arb:
    """An arb enclosure of a polynomial of the decision's ring at the point ``x`` (``T = exp(x/q)``)."""
    saved, flint.ctx.prec = flint.ctx.prec, bits
    try:
        values = {}
        for i in range(len(decision.ctx.names)):
            found = decision.ctx.exponent_of(i)
            if found is not None and found[0] in point:
                x = point[found[0]] / found[1]
                values[i] = flint.arb(flint.fmpq(x.numerator, x.denominator)).exp()
        total = flint.arb(0)
        for monom, c in poly.terms():
            term = flint.arb(c)
            for i, d in enumerate(monom):
                if d:
                    term *= values[i] ** d
            total += term
        return total
    finally:
        flint.ctx.prec = saved


def _near(decision: FactorDecision, where: str, variables: list[sympy.Symbol]):
    """Rational points ``x`` ever nearer ``q*log(T)`` for the witness ``T`` where ``N*D < 0``."""
    for k in range(12):
        point = {}
        for v in variables:
            t, q = decision.witness.get(v, Fraction(1)), decision.q_of.get(v, 1)
            if t == 1:
                point[v] = Fraction(0)
                continue
            saved, flint.ctx.prec = flint.ctx.prec, 64 + 8 * k
            try:
                x = (flint.arb(flint.fmpq(t.numerator, t.denominator)).log() * q).mid()
            finally:
                flint.ctx.prec = saved
            point[v] = Fraction(round(float(x) * 4**k), 4**k)
        if (not where or _where_holds(where, point)) and _at(
            decision, decision.num * decision.den, point
        ) < 0:
            yield point


def _nonzero(ball: flint.arb) -> bool:
    return bool(ball > 0 or ball < 0)


def _zero_points(decision: FactorDecision, where: str, variables: list[sympy.Symbol]):
    """Rational points where the margin is exactly 0 (and defined: ``D != 0`` by arb)."""
    for zero in decision.rational_zeros:
        for fill in candidate_points(variables, 4):
            point = {v: zero.get(v, fill[v]) for v in variables}
            if (not where or _where_holds(where, point)) and _nonzero(_at(decision, decision.den, point)):
                yield point
                break


def _equality(decision: FactorDecision) -> str:
    if not decision.zeros and decision.unsettled:  # never "nowhere" while a zero may be there
        return "equality not settled: possibly at " + "; ".join(decision.unsettled)
    if not decision.zeros:
        text = "equality nowhere"
    elif decision.zeros == ["everywhere"]:
        text = "equality everywhere"
    else:
        text = (
            "equality only at " + "; ".join(decision.zeros)
            if decision.points_only
            else "equality only where "
            + " or ".join(sorted(f"({z})" if ", " in z else z for z in decision.zeros))
        )
    if decision.unsettled:
        text += " (other possible zeros not settled: " + "; ".join(decision.unsettled) + ")"
    return text


def several_variables_link(
    f: sympy.Expr,
    strict: bool,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    rel: str,
    where: str,
    variables: list[sympy.Symbol],
    conditions: tuple[Condition, ...],
    done: Callable[..., Proof],
) -> Proof:
    """Decide the link ``lhs rel rhs`` (margin ``f``, which must be positive when
    ``strict``, else non-negative) in two or more ``variables``; ``done(verdict, method,
    **fields)`` makes the link's :class:`~tanhproof.proof._records.Proof`."""
    names = ", ".join(str(v) for v in variables)
    caveats = tuple(f"only where {c.where or sstr(c.expr)} is defined: {c}" for c in conditions)
    certificate = termwise_certificate(f, strict)
    if certificate is not None:  # everywhere, so on any where-set too
        return done(
            Verdict.PROVED,
            METHOD_TERMWISE,
            caveats=caveats,
            certificate=certificate,
            equality="" if strict else "equality nowhere" if certificate["strict"] else "",
        )
    where_var, interval = _where_variable(where, variables) if where else (None, None)
    decision = decide_factors(f, variables, where_var, interval)
    exact_cert = {**decision.certificate, "margin": sstr(f), "where": where}
    if decision.holds and not (strict and (decision.zeros or decision.unsettled)):
        return done(
            Verdict.PROVED,
            METHOD_FACTORS,
            caveats=caveats,
            certificate={**exact_cert, "zeros": decision.zeros, "unsettled": decision.unsettled},
            equality="" if strict else _equality(decision),
        )
    tried: list[dict[sympy.Symbol, Fraction]] = []
    if decision.holds:  # strict, but the margin vanishes somewhere
        tried = list(_zero_points(decision, where, variables))
    elif decision.holds is False:
        tried = list(_near(decision, where, variables))[:4]
    for point in tried + candidate_points(variables, 12):
        if where and not _where_holds(where, point):
            continue
        cex = certify_failure(lhs, rhs, rel, point, conditions, decision.holds is True and point in tried)
        if cex is not None:
            return done(
                Verdict.REFUTED,
                METHOD_RELATION_COUNTEREXAMPLE,
                caveats=caveats,
                certificate={**exact_cert, "decided_by": METHOD_FACTORS}
                if decision.holds is not None
                else {},
                counterexample=cex,
                reason=f"the claim fails at {', '.join(f'{k} = {v}' for k, v in point.items())}"
                + (f" ({decision.reason})" if decision.reason else ""),
            )
    if decision.holds:
        zeros = "; ".join(decision.zeros) or "; ".join(decision.unsettled)
        reason = (
            f"the margin is >= 0 (exact) and vanishes {'where ' if zeros != 'everywhere' else ''}{zeros}, but no rational point there was "
            "certified: no certified counterexample"
            if decision.zeros
            else f"the margin is >= 0 (exact); whether it vanishes is not settled: {zeros}"
        )
    elif decision.holds is False:
        reason = f"{decision.reason} (exact), but no certified counterexample at a rational point was found"
    else:
        reason = (
            f"an inequality in several variables ({names}): the margin's exp-rational form is not "
            f"termwise positive, the exact procedure does not decide it ({decision.reason}), and no "
            "certified counterexample was found"
        )
    return done(Verdict.UNDECIDED, METHOD_NONE, caveats=caveats, certificate=exact_cert, reason=reason)
