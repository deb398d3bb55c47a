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

import sympy

from tanhproof.expr._claims import read_where
from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.expr._sstr import sstr
from tanhproof.proof._certify import METHOD_RELATION_COUNTEREXAMPLE, candidate_points, certify_failure
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._records import Proof, Verdict
from tanhproof.proof._sides import evaluated, nonnegative_everywhere

__all__ = ["check_where", "several_variables_link", "termwise_certificate"]

METHOD_NONE = "none: neither proved nor refuted"
METHOD_TERMWISE = "exp-rational form with every term positive (several variables)"


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
    certificate = termwise_certificate(f, strict)
    if certificate is not None:  # everywhere, so on any where-set too
        return done(
            Verdict.PROVED,
            METHOD_TERMWISE,
            caveats=tuple(f"only where {c.where or sstr(c.expr)} is defined: {c}" for c in conditions),
            certificate=certificate,
            equality="" if strict else "equality nowhere" if certificate["strict"] else "",
        )
    for point in candidate_points(variables, 12):
        if where and not _where_holds(where, point):
            continue
        cex = certify_failure(lhs, rhs, rel, point, conditions, False)
        if cex is not None:
            return done(
                Verdict.REFUTED,
                METHOD_RELATION_COUNTEREXAMPLE,
                counterexample=cex,
                reason=f"the claim fails at {', '.join(f'{k} = {v}' for k, v in point.items())}",
            )
    return done(
        Verdict.UNDECIDED,
        METHOD_NONE,
        reason=f"an inequality in several variables ({names}): the sign procedures take one variable, "
        "the margin's exp-rational form is not termwise positive, and no certified counterexample "
        "was found",
    )
