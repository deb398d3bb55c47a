r"""Proofs by the derivative-polynomial recurrence, and the derivation chain through it.

With ``f' = g(f)`` for a polynomial ``g`` (:data:`tanhproof.expr._derivpoly.GENERATORS`),
the chain rule gives ``d/dx P(f(x)) = P'(f(x)) g(f(x))`` for every polynomial ``P``,
so ``P_(n+1) = g P_n'``. :func:`induction_proof` checks one or many applications of
that recurrence with exact rational arithmetic; :func:`polynomial_steps` builds the
main chain of an n-th derivative from it (used by :func:`tanhproof.derive`).
"""

from __future__ import annotations

import sympy
from flint import fmpq_poly

from tanhproof.expr._derivpoly import (
    derivative_polynomials,
    from_sympy,
    generator,
    generator_text,
    poly_text,
    to_sympy,
)
from tanhproof.proof._records import Proof, Verdict

__all__ = ["derivative_of", "induction_method", "induction_proof", "polynomial_steps"]


def induction_method(g: str | fmpq_poly) -> str:
    """The ``method`` of an induction proof for ``g``.

    >>> induction_method("tanh")
    "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')"
    """
    return f"induction on the derivative-polynomial recurrence (P_{{n+1}} = {generator_text(g)} P_n')"


def _split(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, int]:
    if isinstance(expr, sympy.Derivative) and expr.variables and set(expr.variables) == {x}:
        return expr.expr, len(expr.variables)
    return expr, 0


def induction_proof(
    before: sympy.Expr,
    after: sympy.Expr,
    *,
    fx: sympy.Expr,
    x: sympy.Symbol,
    g: str | fmpq_poly,
    base: Proof,
) -> Proof:
    """A proof of ``before == after`` by the derivative-polynomial recurrence.

    ``before`` is ``Derivative(P_a(fx), (x, m))`` (or ``P_a(fx)`` itself when
    ``m = 0``) and ``after`` is ``Derivative(P_b(fx), (x, m - (b - a)))``, with
    ``fx = f(x)``, ``f' = g(f)``. ``base`` must be a proof of
    ``Derivative(fx, x) == g(fx)``. The chain rule gives
    ``d/dx P(f(x)) = P'(f(x)) g(f(x))`` exactly for every polynomial ``P``, so
    ``b - a`` applications of ``P -> g P'`` take the one side to the other. This
    function reads both polynomials back from the expressions and checks that
    relation with exact rational arithmetic: the verdict is ``proved`` only when
    that check passes and ``base`` is proved, ``undecided`` otherwise.

    Examples
    ========

    >>> x = sympy.Symbol("x", real=True)
    >>> base = Proof(sympy.Derivative(sympy.tanh(x), x), 1 - sympy.tanh(x)**2, Verdict.PROVED, "exp-rational decision procedure")
    >>> p = induction_proof(sympy.Derivative(sympy.tanh(x), (x, 2)), 2*sympy.tanh(x)**3 - 2*sympy.tanh(x), fx=sympy.tanh(x), x=x, g="tanh", base=base)
    >>> str(p.verdict), p.method
    ('proved', "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')")
    >>> str(induction_proof(sympy.Derivative(sympy.tanh(x), (x, 2)), 2*sympy.tanh(x)**3, fx=sympy.tanh(x), x=x, g="tanh", base=base).verdict)
    'undecided'
    """
    gp = generator(g)
    (e_a, m_a), (e_b, m_b) = _split(before, x), _split(after, x)
    p_a, p_b = from_sympy(e_a, fx), from_sympy(e_b, fx)
    steps = m_a - m_b
    problems = []
    if p_a is None or p_b is None:
        problems.append("a side is not a polynomial in " + sympy.sstr(fx))
    elif steps < 0:
        problems.append("the right-hand side has more derivatives left than the left-hand side")
    else:
        q = p_a
        for _ in range(steps):
            q = gp * q.derivative()
        if q != p_b:
            problems.append(f"{steps} applications of the recurrence do not give the right-hand side")
    if not base.proved:
        problems.append(f"the base identity d/dx {sympy.sstr(fx)} = g({sympy.sstr(fx)}) is not proved")
    verdict = Verdict.UNDECIDED if problems else Verdict.PROVED
    certificate = {
        "recurrence": f"P_(n+1)(u) = {generator_text(g)} * P_n'(u)",
        "function": sympy.sstr(fx),
        "g": poly_text(gp),
        "chain_rule": "d/dx P(f(x)) = P'(f(x)) * f'(x) for every polynomial P",
        "base": base.to_dict(),
        "applications": steps,
        "lhs_polynomial": None if p_a is None else poly_text(p_a),
        "rhs_polynomial": None if p_b is None else poly_text(p_b),
        "check": "rhs polynomial recomputed from lhs polynomial with exact rational arithmetic",
    }
    return Proof(
        before,
        after,
        verdict,
        induction_method(g),
        caveats=base.caveats,
        certificate=certificate,
        reason="; ".join(problems),
    )


def derivative_of(expr: sympy.Expr, x: sympy.Symbol, m: int) -> sympy.Expr:
    """``Derivative(expr, (x, m))``, or ``expr`` itself when ``m == 0``."""
    return sympy.Derivative(expr, (x, m)) if m > 0 else expr


def polynomial_steps(ctx, fam, n: int, first_steps, *, direct_order: int = 6, show_all: int = 12):
    """The main chain of ``d^n/dx^n f(x)`` through the derivative polynomials.

    Used by :func:`tanhproof.derive`; ``ctx`` supplies ``x``, ``prove(lhs, rhs)`` and
    ``step(rule, before, after, justification, substeps, proof)``; ``fam`` is the
    catalog entry of ``f`` (a name of :data:`GENERATORS`); ``first_steps`` (the
    derivation of ``f'``) become the substeps of the first step. Step ``k`` takes
    ``Derivative(P_(k-1)(f(x)), (x, n-k+1))`` to ``Derivative(P_k(f(x)), (x, n-k))``;
    above ``show_all`` only the first step and one jump to ``P_n`` are shown. A step
    whose left side has order at most ``direct_order`` is proved by ``ctx.prove``,
    any other by :func:`induction_proof` from the proved ``f' = g(f)``.
    """
    x, name = ctx.x, fam.name
    fx = fam.func(x)
    polys = derivative_polynomials(name, n)
    base = ctx.prove(sympy.Derivative(fx, x), to_sympy(generator(name), fx))
    rec = f"P_(k+1)(u) = {generator_text(name)}*P_k'(u)"
    shown = list(range(1, n + 1)) if n <= show_all else [1, n]
    steps, prev, left = [], 0, fx
    for k in shown:
        right = to_sympy(polys[k], fx)
        before, after = derivative_of(left, x, n - prev), derivative_of(right, x, n - k)
        text = poly_text(polys[k])
        if len(text) > 120:
            text = f"a polynomial of degree {polys[k].degree()}"
        if k == prev + 1:
            why = (
                f"derivative polynomial: {rec}, so d/d{x} P_{prev}({fx}) = P_{k}({fx}) with P_{k}(u) = {text}"
            )
        else:
            why = (
                f"apply {rec} for k = {prev}, ..., {k - 1}: d^{k - prev}/d{x}^{k - prev} P_{prev}({fx})"
                f" = P_{k}({fx}), P_{k}(u) = {text}"
            )
        if n - prev <= direct_order:
            proof = ctx.prove(before, after)
        else:
            proof = induction_proof(before, after, fx=fx, x=x, g=name, base=base)
        subs = first_steps if k == 1 else ()
        steps.append(ctx.step("polynomial", before, after, why, subs, proof))
        prev, left = k, right
    return tuple(steps)
