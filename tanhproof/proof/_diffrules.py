"""The records of traced differentiation: one small immutable record per rule.

Each :class:`DiffRule` holds the expression it differentiated (``context``), the
result, and the records of the derivatives it needed (``substeps``); the tracer
:func:`tanhproof.proof._diffsteps.diff_steps` builds them, and the table of rules is in
that module's docstring.

Examples
========

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> r = PowerRule(context=x**3, symbol=x, result=3 * x**2, exponent=sympy.Integer(3))
>>> r.rule, r.before, r.justification
('power', Derivative(x**3, x), 'power rule: d/dx x^n = n*x^(n-1), here n = 3')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import sympy

from tanhproof.expr._sstr import readable

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
]


def _s(expr: sympy.Expr) -> str:
    return readable(expr)  # a person's text: exact decimals, cases as cases


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
