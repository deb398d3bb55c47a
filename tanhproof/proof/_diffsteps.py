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

from dataclasses import dataclass
from typing import ClassVar

import sympy

from tanhproof.expr._catalog import entry_for
from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS

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


@dataclass(frozen=True)
class DiffRule:
    """One rule applied to ``context``: ``d/d symbol context = result``.

    Subclasses add the fields the rule needs; ``substeps`` lists the records of
    the derivatives the rule used, in the order they are shown.
    """

    context: sympy.Expr
    symbol: sympy.Symbol
    result: sympy.Expr
    rule: ClassVar[str] = ""

    @property
    def before(self) -> sympy.Expr:
        """The unevaluated derivative ``Derivative(context, symbol)``."""
        return sympy.Derivative(self.context, self.symbol)

    @property
    def after(self) -> sympy.Expr:
        return self.result

    @property
    def substeps(self) -> tuple[DiffRule, ...]:
        return ()

    @property
    def justification(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def walk(self):
        """This record and all records below it, depth first."""
        yield self
        for s in self.substeps:
            yield from s.walk()


@dataclass(frozen=True, kw_only=True)
class ConstantRule(DiffRule):
    rule: ClassVar[str] = "constant"

    @property
    def justification(self) -> str:
        return f"constant rule: {_s(self.context)} does not depend on {self.symbol}, its derivative is 0"


@dataclass(frozen=True, kw_only=True)
class PowerRule(DiffRule):
    exponent: sympy.Expr
    rule: ClassVar[str] = "power"

    @property
    def justification(self) -> str:
        v, n = self.symbol, self.exponent
        if n == 1:
            return f"power rule: d/d{v} {v} = 1"
        return f"power rule: d/d{v} {v}^n = n*{v}^(n-1), here n = {_s(n)}"


@dataclass(frozen=True, kw_only=True)
class ConstantTimesRule(DiffRule):
    constant: sympy.Expr
    other: sympy.Expr
    substep: DiffRule
    rule: ClassVar[str] = "linearity"

    @property
    def substeps(self):
        return (self.substep,)

    @property
    def justification(self) -> str:
        return f"linearity: (c*f)' = c*f', here c = {_s(self.constant)}"


@dataclass(frozen=True, kw_only=True)
class AddRule(DiffRule):
    terms: tuple[DiffRule, ...]
    rule: ClassVar[str] = "linearity"

    @property
    def substeps(self):
        return self.terms

    @property
    def justification(self) -> str:
        return "linearity: (f + g)' = f' + g', term by term"


@dataclass(frozen=True, kw_only=True)
class ProductRule(DiffRule):
    factors: tuple[sympy.Expr, ...]
    factorsteps: tuple[DiffRule, ...]
    rule: ClassVar[str] = "product"

    @property
    def substeps(self):
        return self.factorsteps

    @property
    def justification(self) -> str:
        if len(self.factors) == 2:
            return "product rule: (f*g)' = f'*g + f*g'"
        return (
            f"product rule for {len(self.factors)} factors: (f1*f2*...*fn)' = "
            "f1'*f2*...*fn + f1*f2'*...*fn + ... + f1*f2*...*fn'"
        )


@dataclass(frozen=True, kw_only=True)
class QuotientRule(DiffRule):
    numerator: sympy.Expr
    denominator: sympy.Expr
    numerstep: DiffRule
    denomstep: DiffRule
    rule: ClassVar[str] = "quotient"

    @property
    def substeps(self):
        return (self.numerstep, self.denomstep)

    @property
    def justification(self) -> str:
        return (
            f"quotient rule: (u/v)' = (u'v - uv')/v^2, "
            f"here u = {_s(self.numerator)}, v = {_s(self.denominator)}"
        )


@dataclass(frozen=True, kw_only=True)
class ChainRule(DiffRule):
    inner: sympy.Expr
    u_var: sympy.Symbol
    outerstep: DiffRule
    innerstep: DiffRule
    rule: ClassVar[str] = "chain"

    @property
    def substeps(self):
        return (self.outerstep, self.innerstep)

    @property
    def justification(self) -> str:
        v = self.symbol
        return f"chain rule: d/d{v} f(g({v})) = f'(g({v})) * g'({v}), here g({v}) = {_s(self.inner)}"


@dataclass(frozen=True, kw_only=True)
class ExpRule(DiffRule):
    base: sympy.Expr
    rule: ClassVar[str] = "exp"

    @property
    def justification(self) -> str:
        v = self.symbol
        if self.base is sympy.E:
            return f"exponential: d/d{v} exp({v}) = exp({v})"
        return f"exponential: d/d{v} a^{v} = a^{v}*log(a), here a = {_s(self.base)}"


@dataclass(frozen=True, kw_only=True)
class LogRule(DiffRule):
    rule: ClassVar[str] = "log"

    @property
    def justification(self) -> str:
        v = self.symbol
        return f"logarithm: d/d{v} log({v}) = 1/{v}"


@dataclass(frozen=True, kw_only=True)
class HyperbolicRule(DiffRule):
    name: str
    rule: ClassVar[str] = "hyperbolic"

    @property
    def justification(self) -> str:
        v = self.symbol
        return f"{self.name} rule (catalog): d/d{v} {self.name}({v}) = {_s(self.result)}"


@dataclass(frozen=True, kw_only=True)
class CasesRule(DiffRule):
    pieces: tuple[DiffRule, ...]
    rule: ClassVar[str] = "cases"

    @property
    def substeps(self):
        return self.pieces

    @property
    def justification(self) -> str:
        return "by cases: differentiate each case on the open set where its condition holds"


_PRIMITIVE_WHY = {
    "erf": "erf(u) = 2/sqrt(pi) * integral of exp(-t^2) from 0 to u",
    "abs": "abs(u) = u for u > 0 and -u for u < 0 (no derivative at 0)",
    "sign": "sign(u) = 1 for u > 0 and -1 for u < 0 (no derivative at 0)",
}


@dataclass(frozen=True, kw_only=True)
class PrimitiveRule(DiffRule):
    name: str
    rule: ClassVar[str] = "definition"

    @property
    def justification(self) -> str:
        v = self.symbol
        why = _PRIMITIVE_WHY.get(self.name, f"the catalog's rule for {self.name}")
        return f"definition: {why}, so d/d{v} {self.name}({v}) = {_s(self.result)}"


@dataclass(frozen=True, kw_only=True)
class RewriteRule(DiffRule):
    rewritten: sympy.Expr
    substep: DiffRule
    rule: ClassVar[str] = "algebra"

    @property
    def substeps(self):
        return (self.substep,)

    @property
    def justification(self) -> str:
        return (
            f"rewrite f^g = exp(g*log(f)): {_s(self.context)} = {_s(self.rewritten)}, "
            "differentiate, and write exp(g*log(f)) back as f^g"
        )


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
