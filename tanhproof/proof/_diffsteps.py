"""Traced differentiation: every rule a small immutable record with its sub-steps.

In the style of SymPy Gamma's ``diffsteps``: :func:`diff_steps` differentiates an
expression and returns a tree of rule records (:class:`DiffRule` subclasses), one
per rule applied, each holding the expression it differentiated (``context``),
the result, and the records of the derivatives it needed. The records are pure
symbolic data; :mod:`tanhproof.proof._derivation` turns them into proved
:class:`~tanhproof.proof._derivation.Step` records.

The rules and their names (the ``rule`` attribute, one of
:data:`tanhproof.proof._derivation.RULES`):

==================  ===============  ===================================================
record              ``rule``         what it says
==================  ===============  ===================================================
ConstantRule        ``constant``     ``c' = 0``
PowerRule           ``power``        ``(x^n)' = n x^(n-1)``
ConstantTimesRule   ``linearity``    ``(c f)' = c f'``
AddRule             ``linearity``    ``(f + g)' = f' + g'``
ProductRule         ``product``      ``(f g)' = f' g + f g'``
QuotientRule        ``quotient``     ``(u/v)' = (u' v - u v')/v^2``
ChainRule           ``chain``        ``f(g(x))' = f'(g(x)) g'(x)``, outer step in ``u``
ExpRule             ``exp``          ``(e^x)' = e^x``, ``(a^x)' = a^x log(a)``
LogRule             ``log``          ``(log x)' = 1/x``
HyperbolicRule      ``hyperbolic``   the catalog's derivative of a family function
PrimitiveRule       ``definition``   erf, abs, sign: the derivative by their definition
RewriteRule         ``algebra``      ``f^g = exp(g log f)`` before differentiating
CasesRule           ``cases``        a definition by cases: each case differentiated
==================  ===============  ===================================================

Examples
========

>>> import sympy
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> r = diff_steps(parse("tanh(2*x)"), x)
>>> r.rule, r.result
('chain', 2 - 2*tanh(2*x)**2)
>>> [s.rule for s in r.substeps]
['hyperbolic', 'linearity']
>>> r.substeps[0].before, r.substeps[0].after
(Derivative(tanh(u), u), 1 - tanh(u)**2)
>>> print(r.justification)
chain rule: d/dx f(g(x)) = f'(g(x)) * g'(x), here g(x) = 2*x
"""

from __future__ import annotations

import sympy

from tanhproof.expr._catalog import entry_for
from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.proof._diffrules import (
    AddRule,
    CasesRule,
    ChainRule,
    ConstantRule,
    ConstantTimesRule,
    DiffRule,
    ExpRule,
    HyperbolicRule,
    LogRule,
    PowerRule,
    PrimitiveRule,
    ProductRule,
    QuotientRule,
    RewriteRule,
)

__all__ = [
    "AddRule",
    "CasesRule",
    "ChainRule",
    "ConstantRule",
    "ConstantTimesRule",
    "DiffRule",
    "ExpRule",
    "HyperbolicRule",
    "LogRule",
    "PowerRule",
    "PrimitiveRule",
    "ProductRule",
    "QuotientRule",
    "RewriteRule",
    "diff_steps",
]


def _s(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


# --------------------------------------------------------------------------- tracer


def diff_steps(expr: sympy.Expr, symbol: sympy.Symbol) -> DiffRule:
    """Differentiate ``expr`` with respect to ``symbol``, recording every rule.

    The returned record's ``result`` is the derivative as the rules produce it
    (SymPy's automatic simplification only, no ``simplify``); ``rule``,
    ``justification`` and ``substeps`` describe how it was obtained.

    Raises :class:`~tanhproof.TanhproofError` for a construct that has no
    rule here (an undefined function ``f(x)``), and :class:`~tanhproof.LimitError` when the
    expression is nested deeper than ``LIMITS.max_depth``.

    Examples
    ========

    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> r = diff_steps(parse("sinh(x)*cosh(x)"), x)
    >>> r.rule, r.result
    ('product', sinh(x)**2 + cosh(x)**2)
    >>> r = diff_steps(parse("1/(1 + exp(-x))"), x)
    >>> r.rule, r.result
    ('quotient', exp(-x)/(1 + exp(-x))**2)
    >>> [s.rule for s in r.walk()]
    ['quotient', 'constant', 'linearity', 'constant', 'chain', 'exp', 'linearity', 'power']
    """
    return _Tracer(symbol, expr).trace(expr, symbol, 0)


class _Tracer:
    def __init__(self, symbol: sympy.Symbol, expr: sympy.Expr):
        taken = {s.name for s in expr.free_symbols} | {symbol.name}
        name, i = "u", 0
        while name in taken:
            i += 1
            name = f"u{i}"
        self.u = sympy.Symbol(name, real=True)

    def trace(self, expr: sympy.Expr, x: sympy.Symbol, depth: int) -> DiffRule:
        if depth > LIMITS.max_depth:
            raise LimitError(f"expression nested deeper than the limit of {LIMITS.max_depth}")
        d = depth + 1
        if not expr.has(x):
            return ConstantRule(context=expr, symbol=x, result=sympy.S.Zero)
        if expr == x:
            return PowerRule(context=expr, symbol=x, result=sympy.S.One, exponent=sympy.S.One)
        if expr.is_Add:
            terms = tuple(self.trace(t, x, d) for t in expr.as_ordered_terms())
            return AddRule(context=expr, symbol=x, result=sympy.Add(*(t.result for t in terms)), terms=terms)
        if expr.is_Mul:
            return self.mul(expr, x, d)
        if expr.is_Pow:
            return self.power(expr, x, d)
        if isinstance(expr, sympy.Piecewise):
            pieces = tuple(self.trace(v, x, d) for v, _ in expr.args)
            result = sympy.Piecewise(*((p.result, c) for p, (_, c) in zip(pieces, expr.args, strict=True)))
            return CasesRule(context=expr, symbol=x, result=result, pieces=pieces)
        if isinstance(expr, sympy.Derivative):
            raise TanhproofError(f"cannot trace a derivative of an unevaluated derivative: {_s(expr)}")
        if isinstance(expr, sympy.Function) and len(expr.args) == 1:
            arg = expr.args[0]
            if arg == x:
                return self.primitive(expr, x)
            outer = self.primitive(expr.func(self.u), self.u)
            return self.chain(expr, x, arg, outer, d)
        raise TanhproofError(f"no differentiation rule for {_s(expr)}")

    def chain(self, expr, x, inner, outerstep: DiffRule, depth: int) -> DiffRule:
        innerstep = self.trace(inner, x, depth)
        result = outerstep.result.xreplace({self.u: inner}) * innerstep.result
        return ChainRule(
            context=expr,
            symbol=x,
            result=result,
            inner=inner,
            u_var=self.u,
            outerstep=outerstep,
            innerstep=innerstep,
        )

    def primitive(self, expr, x) -> DiffRule:
        """``expr`` is ``f(x)`` for a known function ``f``."""
        if expr.func is sympy.exp:
            return ExpRule(context=expr, symbol=x, result=expr, base=sympy.E)
        if expr.func is sympy.log:
            return LogRule(context=expr, symbol=x, result=1 / x)
        found = entry_for(expr)
        if found is None:
            raise TanhproofError(f"no differentiation rule for {_s(expr)}")
        cls = HyperbolicRule if found.in_family else PrimitiveRule
        return cls(context=expr, symbol=x, result=found.derivative(x), name=found.name)

    def mul(self, expr, x, depth) -> DiffRule:
        coeff, rest = expr.as_independent(x, as_Add=False)
        if coeff != 1:
            sub = self.trace(rest, x, depth)
            return ConstantTimesRule(
                context=expr, symbol=x, result=coeff * sub.result, constant=coeff, other=rest, substep=sub
            )
        num, den = _split_fraction(expr, x)
        if den != 1:
            return self.quotient(expr, x, num, den, depth)
        factors = tuple(expr.as_ordered_factors())
        steps = tuple(self.trace(f, x, depth) for f in factors)
        result = sympy.Add(
            *(
                sympy.Mul(*(s.result if j == i else f for j, f in enumerate(factors)))
                for i, s in enumerate(steps)
            )
        )
        return ProductRule(context=expr, symbol=x, result=result, factors=factors, factorsteps=steps)

    def quotient(self, expr, x, num, den, depth) -> DiffRule:
        ns, ds = self.trace(num, x, depth), self.trace(den, x, depth)
        result = (ns.result * den - num * ds.result) / den**2
        return QuotientRule(
            context=expr,
            symbol=x,
            result=result,
            numerator=num,
            denominator=den,
            numerstep=ns,
            denomstep=ds,
        )

    def power(self, expr, x, depth) -> DiffRule:
        base, e = expr.args
        if not e.has(x):
            if base == x:
                return PowerRule(context=expr, symbol=x, result=e * x ** (e - 1), exponent=e)
            if e.is_negative:
                return self.quotient(expr, x, sympy.S.One, base ** (-e), depth)
            u = self.u
            outer: DiffRule = PowerRule(context=u**e, symbol=u, result=e * u ** (e - 1), exponent=e)
            return self.chain(expr, x, base, outer, depth)
        if not base.has(x):
            u = self.u
            if e == x:
                return ExpRule(context=expr, symbol=x, result=expr * sympy.log(base), base=base)
            outer = ExpRule(context=base**u, symbol=u, result=base**u * sympy.log(base), base=base)
            return self.chain(expr, x, e, outer, depth)
        rewritten = sympy.exp(e * sympy.log(base))
        sub = self.trace(rewritten, x, depth)
        result = sub.result.xreplace({rewritten: expr})  # written back as f^g
        return RewriteRule(context=expr, symbol=x, result=result, rewritten=rewritten, substep=sub)


def _split_fraction(expr: sympy.Mul, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """Numerator and denominator of a product: the denominator collects the factors
    ``b**(-e)`` with a negative numeric exponent whose base depends on ``x``
    (``exp(-x)`` stays in the numerator)."""
    num, den = [], []
    for f in expr.args:
        if f.is_Pow and f.exp.is_Number and f.exp.is_negative and f.base.has(x):
            den.append(f.base ** (-f.exp))
        else:
            num.append(f)
    return sympy.Mul(*num), sympy.Mul(*den)
