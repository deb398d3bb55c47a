"""The sign and the zeros of a polynomial in two positive variables, decided exactly.

A claim in two variables ``x, y`` becomes, in the exp-rational form, a polynomial
``P(a, b)`` over Q in ``a = exp(x/q_x) > 0`` and ``b = exp(y/q_y) > 0``
(:mod:`tanhproof.proof._severalvars`). :func:`signs_two` decides which signs ``P``
takes on ``a`` in an interval times ``b > 0`` by a cylindrical decomposition:

* The *critical* values of ``a`` are the positive roots of, for each irreducible
  factor ``g`` of ``P`` over Q, its leading coefficient in ``b``, its value at
  ``b = 0``, its discriminant in ``b`` (a factor free of ``b``: ``g`` itself), and the
  resultants in ``b`` of every two factors. Between two consecutive critical values
  the positive roots of ``P(a, .)`` are continuous in ``a``, distinct, and neither
  reach ``b = 0`` nor escape to infinity, so ``P`` keeps one sign on each region
  between them.
* At a rational sample ``a_s`` in each gap, ``P(a_s, b)`` is a polynomial over Q in
  ``b``; its positive roots are isolated exactly and its sign read at a rational
  sample in each gap (:func:`~tanhproof.proof._positivereals.signs_between`).

Those regions are dense in the quadrant, so ``P >= 0`` on it exactly when no sample
is negative (by continuity), and a negative sample is an exact point where ``P < 0``.

:func:`zeros_two` describes where an irreducible ``g`` vanishes: on a curve (a
sample fibre ``g(a_s, .)`` has a positive root; a binomial ``a^i*b^k - a^m*b^n``
is the line ``(i - m)*x/q_x = (n - k)*y/q_y``), or at isolated points, which are
singular (``g = g_a = g_b = 0``: a regular zero lies on a branch that a sample fibre
meets): their coordinates are positive roots of ``res_b(g, g_b)`` and
``res_a(g, g_a)``, and each pair is decided exactly when rational and by arb balls
that exclude 0 otherwise (a pair arb cannot settle stays ``unsettled``). Budgets
count degrees and refinements, never time.

Examples
========

>>> import flint
>>> ring = flint.fmpq_mpoly_ctx.get(("a", "b"), "degrevlex")
>>> a, b = ring.gens()
>>> signs, _ = signs_two((a**2 + 1)*(b**2 + 1) - 4*a*b, None, None)  # 4*a*b*(cosh(x)*cosh(y) - 1)
>>> sorted(signs)
[1]
>>> zeros_two((a**2 + 1)*(b**2 + 1) - 4*a*b, None, None)["points"]
[(Fraction(1, 1), Fraction(1, 1))]
>>> zeros_two(a - b, None, None)["curve"]
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import flint

from tanhproof.proof._positivereals import Budget, PositiveReal, gap_samples, points_between, signs_between

__all__ = ["MAX_DEGREE", "MAX_PROJECTION_DEGREE", "signs_two", "univariate", "zeros_two"]

#: Largest degree in either variable the two-variable procedure takes.
MAX_DEGREE = 24
#: Largest total degree of the projection (resultants, discriminants) it takes.
MAX_PROJECTION_DEGREE = 1200
#: Most candidate singular points it checks.
MAX_PAIRS = 400


def univariate(p: flint.fmpq_mpoly, index: int) -> flint.fmpq_poly:
    """A polynomial that uses only generator ``index`` as a univariate ``fmpq_poly``."""
    coefficients = {m[index]: c for m, c in p.terms()}
    if not coefficients:
        return flint.fmpq_poly([])
    return flint.fmpq_poly([coefficients.get(k, 0) for k in range(max(coefficients) + 1)])


def _coefficient_in_b(g: flint.fmpq_mpoly, k: int) -> flint.fmpq_poly:
    """The coefficient of ``b**k`` in ``g(a, b)``, a polynomial in ``a``."""
    coefficients = {m[0]: c for m, c in g.terms() if m[1] == k}
    if not coefficients:
        return flint.fmpq_poly([])
    return flint.fmpq_poly([coefficients.get(i, 0) for i in range(max(coefficients) + 1)])


def _at_a(g: flint.fmpq_mpoly, value: Fraction) -> flint.fmpq_poly:
    """``g(value, b)`` as a polynomial in ``b``."""
    return univariate(g.subs({g.context().names()[0]: flint.fmpq(value.numerator, value.denominator)}), 1)


def _critical(factors: list[flint.fmpq_mpoly]) -> list[flint.fmpq_poly]:
    """The projection in ``a`` of ``factors`` (irreducible, distinct)."""
    bound = 0  # a bound on the projection's total degree, checked before any resultant is computed
    for i, g in enumerate(factors):
        da, db = g.degrees()
        if max(da, db) > MAX_DEGREE:
            raise Budget(f"a factor of degree {max(da, db)} in one variable, over the limit {MAX_DEGREE}")
        bound += (
            2 * da + 2 * da * db + sum(da * h.degrees()[1] + h.degrees()[0] * db for h in factors[i + 1 :])
        )
    if bound > MAX_PROJECTION_DEGREE:
        raise Budget(f"a projection of degree up to {bound}, over the limit {MAX_PROJECTION_DEGREE}")
    out: list[flint.fmpq_poly] = []
    for i, g in enumerate(factors):
        da, db = g.degrees()
        if db == 0:
            out.append(univariate(g, 0))
            continue
        out.append(_coefficient_in_b(g, db))
        trailing = _coefficient_in_b(g, 0)
        if not trailing.is_zero():  # zero only for the factor b itself, which has no root b > 0
            out.append(trailing)
        if db >= 2:
            out.append(univariate(g.discriminant(g.context().names()[1]), 0))
        for h in factors[i + 1 :]:
            if h.degrees()[1] >= 1:
                out.append(univariate(g.resultant(h, g.context().names()[1]), 0))
    if any(p.is_zero() for p in out):  # impossible for distinct irreducible factors; never dropped silently
        raise Budget("a resultant or discriminant of the projection is identically zero")
    return [p for p in out if p.degree() >= 1]


def signs_two(
    p: flint.fmpq_mpoly, lo: PositiveReal | None, hi: PositiveReal | None
) -> tuple[dict[int, tuple[Fraction, Fraction]], dict[str, Any]]:
    """The signs ``p(a, b)`` takes for ``lo < a < hi`` (``None``: 0, infinity) and
    ``b > 0``: ``{sign: an exact rational point (a, b) with that sign}``, and the
    certificate (critical values of ``a``, the samples and the signs of each fibre).
    Raises :class:`~tanhproof.proof._positivereals.Budget` over the work limits."""
    factors = [g for g, _m in p.factor()[1]]
    critical = points_between(_critical(factors), lo, hi)
    found: dict[int, tuple[Fraction, Fraction]] = {}
    fibres = []
    for a_s in gap_samples(critical, lo, hi):
        signs, roots = signs_between(_at_a(p, a_s), None, None)
        for sign, b_s in signs.items():
            found.setdefault(sign, (a_s, b_s))
        fibres.append(
            {"a": str(a_s), "signs": "".join("+" if s > 0 else "-" for s in sorted(signs)), "roots": roots}
        )
    certificate = {"critical_a": [str(r) for r in critical], "fibres": fibres}
    return found, certificate


def _balls(g: flint.fmpq_mpoly, alpha: PositiveReal, beta: PositiveReal) -> list[flint.arb]:
    names = g.context().names()
    a, b = alpha.ball(128), beta.ball(128)
    out = []
    for h in (g, g.derivative(names[0]), g.derivative(names[1])):
        out.append(sum((flint.arb(c) * a ** m[0] * b ** m[1] for m, c in h.terms()), flint.arb(0)))
    return out


def zeros_two(g: flint.fmpq_mpoly, lo: PositiveReal | None, hi: PositiveReal | None) -> dict[str, Any]:
    """Where the irreducible ``g(a, b)`` (using both variables) vanishes for
    ``lo < a < hi`` and ``b > 0``: ``curve`` (a whole curve of zeros), else ``points``
    (its zeros, exact and rational) and ``unsettled`` (irrational candidates that arb
    balls of ``g``, ``g_a``, ``g_b`` do not exclude). Raises :class:`~tanhproof.proof._positivereals.Budget` over the work limits."""
    critical = points_between(_critical([g]), lo, hi)
    for a_s in gap_samples(critical, lo, hi):
        if signs_between(_at_a(g, a_s), None, None)[1]:
            return {"curve": True, "points": [], "unsettled": []}
    names = g.context().names()
    r1 = univariate(g.resultant(g.derivative(names[1]), names[1]), 0)
    r2 = univariate(g.resultant(g.derivative(names[0]), names[0]), 1)
    if r1.is_zero() or r2.is_zero():  # cannot happen for an irreducible g in both variables
        raise Budget("a resultant of a factor with its derivative is identically zero")
    alphas = points_between([r1], lo, hi)
    betas = points_between([r2], None, None)
    if len(alphas) * len(betas) > MAX_PAIRS:
        raise Budget(f"{len(alphas) * len(betas)} candidate singular points, over the limit {MAX_PAIRS}")
    points: list[tuple[Fraction, Fraction]] = []
    unsettled: list[tuple[str, str]] = []
    for alpha in alphas:
        for beta in betas:
            if alpha.value is not None and beta.value is not None:
                if g(*(flint.fmpq(v.numerator, v.denominator) for v in (alpha.value, beta.value))) == 0:
                    points.append((alpha.value, beta.value))
                continue
            if any(not (v.contains(0)) for v in _balls(g, alpha, beta)):
                continue
            unsettled.append((str(alpha), str(beta)))
    return {"curve": False, "points": points, "unsettled": unsettled}
