"""The scale monomial of an exp-rational subexpression, from its exact normal form.

A subexpression built from ``t``, rationals, ``exp`` and the hyperbolic functions of
``a*t + b`` (``a``, ``b`` rational) is exactly ``N/D`` with ``N``, ``D`` polynomials in
``T = exp(t/q)``, ``t`` and ``S = exp(1/q0)``
(:class:`~tanhproof.proof._exprational.RationalContext`). As ``t -> oo`` each
polynomial behaves like its leading term in ``(T, t)`` (the rule of
:func:`tanhproof.proof.prove_limit`), so ``N/D ~ (cN/cD) t**(xN - xD) exp((tN - tD) t/q)``.

>>> t = sympy.Symbol("t", positive=True)
>>> class_monomial(1 - sympy.tanh(t), t).text(t)
'2*exp(-2*t)'
>>> class_monomial(sympy.erf(t), t) is None
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.proof._scale import Mono

__all__ = ["class_monomial", "degree", "dominant", "in_class"]

_HYPERBOLIC = (sympy.exp, sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)


def _linear(u: sympy.Expr, t: sympy.Symbol) -> bool:
    if not u.is_polynomial(t):
        return False
    poly = sympy.Poly(u, t)
    return poly.degree() <= 1 and all(c.is_Rational for c in poly.all_coeffs())


def in_class(e: sympy.Expr, t: sympy.Symbol) -> bool:
    """Whether ``e`` is a rational function of ``t`` and exponentials of ``a*t + b``."""
    if e.is_Rational or e == t or e is sympy.E:
        return True
    if e.is_Add or e.is_Mul:
        return all(in_class(a, t) for a in e.args)
    if e.is_Pow:
        if e.args[0] is sympy.E:
            return _linear(e.args[1], t)
        return e.args[1].is_Integer and in_class(e.args[0], t)
    if e.func in _HYPERBOLIC:
        return _linear(e.args[0], t)
    return False


def class_monomial(e: sympy.Expr, t: sympy.Symbol) -> Mono | bool | None:
    """The monomial ``e ~ m`` when ``e`` is exp-rational in ``t``; ``False`` when ``e`` is
    identically 0; ``None`` outside the class (or when the ring's budget stops it)."""
    if not in_class(e, t):
        return None
    from tanhproof.proof._exprational import RationalContext, prepare

    try:
        a = prepare(e)
        ctx = RationalContext.for_expressions([a])
        form = ctx.convert(a).reduced()
    except TanhproofError:
        return None
    t_index = x_index = None
    for i in range(len(ctx.names) - ctx._atom_slots + len(ctx.atoms)):
        if not any(m[i] for poly in (form.num, form.den) for m in poly.monoms()):
            continue
        ex = ctx.exponent_of(i)
        if ex is not None and ex[0] == t:
            t_index = i
        elif ctx.generator_expr(i) == t:
            x_index = i
        elif i != ctx._s_index:
            return None
    if form.num.is_zero():
        return False
    tn, xn, cn = dominant(form.num, t_index, x_index, 1)
    td, xd, cd = dominant(form.den, t_index, x_index, 1)
    q = ctx.qs.get(t, 1)
    rate = Fraction(tn - td, q)
    c = ctx.to_sympy(cn) / ctx.to_sympy(cd)
    p = ((Fraction(1), sympy.Rational(rate.numerator, rate.denominator)),) if rate else ()
    return Mono(c, Fraction(xn - xd), Fraction(0), p)


def degree(m: tuple, i: int | None) -> int:
    return 0 if i is None else int(m[i])


def dominant(poly, t_index: int | None, x_index: int | None, sign: int) -> tuple[int, int, Any]:
    """``(T-degree, x-degree, coefficient)`` of the dominant term of ``poly``; the
    coefficient is a polynomial of the ring in the remaining generator ``S`` only."""
    keys = {(degree(m, t_index), degree(m, x_index)) for m in poly.monoms()}
    best = max(keys, key=lambda k: (k[0] * sign, k[1]))
    ring = poly.context()
    coeff = ring.from_dict(
        {
            tuple(0 if i in (t_index, x_index) else d for i, d in enumerate(m)): c
            for m, c in poly.terms()
            if (degree(m, t_index), degree(m, x_index)) == best
        }
    )
    return best[0], best[1], coeff
