"""Limits at ``+oo`` outside the exp-rational class, by rules on the scale ``t**a exp(P) log(t)**k``.

:class:`Calculus` works bottom-up on an expression in ``t -> +oo`` (a real positive
symbol: every other limit is brought there by an exact substitution, see
:func:`tanhproof.proof._limitcalculus.limit_by_rules`). For each subexpression it finds its
limit and, where it can, a scale monomial ``m`` (:class:`~tanhproof.proof._scale.Mono`)
with ``f ~ m``; each application of a rule is one step of the certificate:

* ``exp-rational leading terms``: a subexpression in the exp-rational class gets its
  monomial from the ratio of the dominant terms of its exact normal form ``N/D``;
* ``product``, ``power``: ``f ~ m1``, ``g ~ m2`` give ``f*g ~ m1*m2``, ``f**r ~ m1**r``
  (``c > 0`` for a non-integer ``r``: ``f`` is eventually positive, so defined);
* ``sum``: the dominant monomial, or the sum of the coefficients of the dominant ones when
  it is nonzero; when they cancel (or a product is ``0*oo``), the exact rewrites of
  :mod:`tanhproof.proof._limitrewrites` are tried;
* ``exp``: ``u = P(t) + a log t + v`` with ``v -> V`` finite gives ``exp(u) ~ e**V t**a exp(P)``;
* ``log``: ``u ~ c t**a exp(P) log(t)**k`` (``c > 0``) gives ``log u = P + a log t + k log log t
  + log c + o(1)``, so ``log u ~`` the leading term of ``P``, else ``a log t``;
* ``Taylor``: ``g`` analytic at ``L = lim u``: ``g(u) ~ g(L)``, or, when ``g(L) = 0``,
  ``g(u) ~ g^(j)(L)/j! (u - L)**j`` for the first ``j <= 4`` with a nonzero derivative;
* ``saturation``: ``erf(u) -> +-1`` (DLMF 7.2.1, 7.2.2), ``tanh(u) -> +-1`` as ``u -> +-oo``;
  ``erfc(u) ~ exp(-u**2)/(sqrt(pi) u)`` as ``u -> oo`` (DLMF 7.12.1);
* ``abs``, ``sign``: the sign of ``c``.

Work is counted in steps (:data:`MAX_STEPS`) and nested rewrites (:data:`MAX_REWRITES`),
so the verdict is the same on every machine.

>>> t = sympy.Symbol("t", positive=True)
>>> r = Calculus(t).run(sympy.log(1 + sympy.exp(t)) / t)
>>> r.limit, r.mono.text(t)
(1, '1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._functions import sigmoid, softplus
from tanhproof.expr._sstr import sstr
from tanhproof.proof._boxcontext import Undecided
from tanhproof.proof._limitrewrites import MAX_REWRITES, PowerOf, one_argument, rewrite_product, rewrite_sum
from tanhproof.proof._scale import Mono, Result, compare, constant_sign, rational

__all__ = ["MAX_REWRITES", "MAX_STEPS", "Calculus", "Result", "one_argument"]

#: Subexpressions one limit may analyse (each is a step of the certificate).
MAX_STEPS = 400
#: Highest derivative the Taylor rule looks at.
MAX_TAYLOR = 4

_ZERO, _ONE = sympy.Integer(0), sympy.Integer(1)
_SATURATING = {sympy.erf: "erf(+-oo) = +-1 (DLMF 7.2.1)", sympy.tanh: "tanh(+-oo) = +-1 (DLMF 4.28.3)"}
_BY_EXP = (sympy.sinh, sympy.cosh, sympy.tanh)
_RECIPROCAL = {sympy.sech: sympy.cosh, sympy.csch: sympy.sinh}


@dataclass
class Calculus:
    """The rules, a budget and the steps taken (the certificate)."""

    t: sympy.Symbol
    steps: list[dict[str, str]] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)
    known: dict[sympy.Expr, Result] = field(default_factory=dict)
    rewrites: int = 0
    _work: int = 0
    _memo: dict[sympy.Expr, Result] = field(default_factory=dict)

    def note(self, e: sympy.Expr, rule: str, r: Result) -> Result:
        head, _, tail = rule.partition(": ")
        self.rules.add(f"{head}: {tail.split(' (')[0].split(':')[0]}" if head == "rewrite" else head)
        shown = f"~ {r.mono.text(self.t)}" if r.mono is not None else f"-> {sstr(r.limit)}"
        self.steps.append({"expr": sstr(e), "rule": rule, "result": shown})
        return r

    def run(self, e: sympy.Expr) -> Result:
        """The :class:`Result` of ``e`` as ``t -> +oo``; raises :class:`Undecided`."""
        if e in self.known:
            return self.known[e]
        hit = self._memo.get(e)
        if hit is not None:
            return hit
        self._work += 1
        if self._work > MAX_STEPS:
            raise Undecided(f"the limit rules took more than {MAX_STEPS} steps")
        if e.has(sympy.I, sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise Undecided(f"{sstr(e)} is not real on the tail")
        r = self._run(e)
        self._memo[e] = r
        return r

    def _run(self, e: sympy.Expr) -> Result:
        t = self.t
        if not e.free_symbols:
            s = constant_sign(e)
            return Result.only(e) if s else Result(_ZERO)
        if e == t:
            return self.note(e, "variable", Result.of(Mono(_ONE, Fraction(1), Fraction(0))))
        from tanhproof.proof._limitclass import class_monomial

        if not e.is_Symbol:
            mono = class_monomial(e, t)
            if mono is not None:
                if not isinstance(mono, Mono):
                    return self.note(e, "exp-rational normal form: identically 0", Result(_ZERO))
                return self.note(e, "exp-rational leading terms", Result.of(mono))
        if e.is_Add:
            return self._sum(e)
        if e.is_Mul:
            return self._product(e)
        if e.is_Pow:
            return self._power(e)
        return self._function(e)

    # --- sums and products ----------------------------------------------------------------------

    def _sum(self, e: sympy.Expr) -> Result:
        parts = [self.run(a) for a in e.args]
        monos = [r.mono for r in parts if r.mono is not None]
        rest = [r.limit for r in parts if r.mono is None]
        best: Mono | None = None
        if monos:
            top = monos[0]
            for m in monos[1:]:
                if compare(m, top) > 0:
                    top = m
            c = sympy.Add(*(m.c for m in monos if compare(m, top) == 0))
            if constant_sign(c) != 0:
                best = Mono(c, top.a, top.k, top.p)
        infinite = {sympy.sign(v) for v in rest if v.is_infinite}
        if best is not None and best.growth() >= 0 and not infinite:
            return self.note(
                e, "sum: the dominant term" + ("" if not rest else "; the others tend to 0"), Result.of(best)
            )
        if best is not None and not rest:
            return self.note(e, "sum: the dominant term", Result.of(best))
        again = rewrite_sum(self, e)
        if again is not None:
            return again
        limits = [r.limit for r in parts]
        signs = {sympy.sign(v) for v in limits if v.is_infinite}
        if len(signs) > 1:
            raise Undecided(f"oo - oo in {sstr(e)}: no rewrite removed the cancellation")
        if signs:
            return self.note(e, "sum: limits add", Result(signs.pop() * sympy.oo))
        total = sympy.Add(*limits)
        return self.note(e, "sum: limits add", Result.only(total))

    def _product(self, e: sympy.Expr) -> Result:
        parts = [self.run(a) for a in e.args]
        if all(r.mono is not None for r in parts):
            mono = parts[0].mono
            assert mono is not None
            for r in parts[1:]:
                assert r.mono is not None
                mono = mono.times(r.mono)
            return self.note(e, "product", Result.of(mono))
        limits = [r.limit for r in parts]
        if any(v == 0 for v in limits):
            if any(v.is_infinite for v in limits):
                again = rewrite_product(self, e)
                if again is None:
                    raise Undecided(f"0*oo in {sstr(e)}")
                return again
            return self.note(e, "product: a factor tends to 0, the others are finite", Result(_ZERO))
        sign = 1
        for v in limits:
            sign *= int(sympy.sign(v)) if v.is_infinite else constant_sign(v)
        return self.note(e, "product: an infinite factor, the others nonzero", Result(sign * sympy.oo))

    # --- powers ---------------------------------------------------------------------------------

    def _power(self, e: sympy.Expr) -> Result:
        base, exponent = e.args
        r = rational(exponent) if not exponent.has(self.t) else None
        if r is None:
            if exponent.has(self.t) or base.has(self.t):
                rewritten = sympy.exp(exponent * sympy.log(base))
                return self.note(e, "rewrite: b**e = exp(e*log(b))", self.run(rewritten))
            raise Undecided(f"{sstr(e)}: not a power this rule knows")
        rb = self.run(base)
        if rb.mono is not None:
            return self.note(e, "power", Result.of(rb.mono.power(r)))
        lim = rb.limit
        if lim.is_infinite:
            if r < 0:
                return self.note(e, "power: a negative power of an infinite base", Result(_ZERO))
            if lim > 0 or r.denominator == 1:
                sign = 1 if lim > 0 or r.numerator % 2 == 0 else -1
                return self.note(e, "power: a positive power of an infinite base", Result(sign * sympy.oo))
        if lim == 0 and r > 0 and r.denominator == 1:
            return self.note(e, "power: a positive power of a base tending to 0", Result(_ZERO))
        raise Undecided(f"{sstr(e)}: the sign of a base tending to {sstr(lim)} is not known")

    # --- functions ------------------------------------------------------------------------------

    def _function(self, e: sympy.Expr) -> Result:
        f = e.func
        if f in _RECIPROCAL:
            return self.note(e, "rewrite: reciprocal function", self.run(1 / _RECIPROCAL[f](e.args[0])))
        if f is sympy.coth:
            u = e.args[0]
            return self.note(e, "rewrite: coth = cosh/sinh", self.run(sympy.cosh(u) / sympy.sinh(u)))
        if f in (sigmoid, softplus) or isinstance(e, sympy.Derivative):
            from tanhproof.proof._rewriting import prepare

            return self.note(e, "rewrite: catalog definition", self.run(prepare(e)))
        if len(e.args) != 1:
            raise Undecided(f"{sstr(e)}: no limit rule for this function")
        u = e.args[0]
        ru = self.run(u)
        if f is sympy.exp:
            return self._exp(e, u, ru)
        if f is sympy.log:
            return self._log(e, u, ru)
        if f is sympy.Abs or f is sympy.sign:
            if ru.mono is not None:
                s = constant_sign(ru.mono.c)
                mono = (
                    ru.mono.scaled(sympy.Integer(s)) if f is sympy.Abs else Mono(sympy.Integer(s), *_flat())
                )
                return self.note(e, f"{f.__name__}: the sign of the leading coefficient", Result.of(mono))
            if f is sympy.Abs:
                return self.note(e, "abs: continuity", Result(abs(ru.limit)))
            raise Undecided(f"the sign of {sstr(u)} is not known")
        if f is sympy.erfc:
            return self._erfc(e, u, ru)
        if ru.limit.is_infinite:
            s = 1 if ru.limit > 0 else -1
            if f in _BY_EXP:
                rewritten = e.rewrite(sympy.exp)
                try:
                    return self.note(e, "rewrite: hyperbolic through exp (DLMF 4.28)", self.run(rewritten))
                except Undecided:
                    if f is not sympy.tanh:
                        raise
            if f in _SATURATING:
                return self.note(
                    e, "saturation: " + _SATURATING[f], Result.of(Mono(sympy.Integer(s), *_flat()))
                )
            raise Undecided(f"{sstr(e)}: no rule for {f.__name__} at {sstr(ru.limit)}")
        return self.taylor(e, f, u, ru)

    def _exp(self, e: sympy.Expr, u: sympy.Expr, ru: Result) -> Result:
        t = self.t
        if ru.limit.is_finite:
            return self.taylor(e, sympy.exp, u, ru)
        poly: dict[Fraction, sympy.Expr] = {}
        a, rest = Fraction(0), []
        for term in sympy.Add.make_args(sympy.expand(u) if sympy.count_ops(u) <= 60 else u):
            coeff, base = term.as_independent(t, as_Add=False)
            d = base.as_base_exp()
            if base == t or (d[0] == t and d[1].is_Rational and d[1] > 0):
                deg = Fraction(1) if base == t else rational(d[1])
                assert deg is not None
                poly[deg] = poly.get(deg, _ZERO) + coeff
            elif base == sympy.log(t) and coeff.is_Rational:
                a += rational(coeff) or 0
            else:
                rest.append(term)
        p = tuple((d, poly[d]) for d in sorted(poly, reverse=True) if constant_sign(poly[d]) != 0)
        if p or a:
            v = sympy.Add(*rest)
            rv = self.run(v)
            if rv.limit.is_finite:
                mono = Mono(sympy.exp(rv.limit), a, Fraction(0), p)
                return self.note(e, "exp: polynomial part, log part and a convergent rest", Result.of(mono))
        return self.note(e, "exp: continuity at +-oo", Result(sympy.oo if ru.limit > 0 else _ZERO))

    def _log(self, e: sympy.Expr, u: sympy.Expr, ru: Result) -> Result:
        m = ru.mono
        if m is None or m.is_constant():
            if ru.limit.is_infinite and ru.limit > 0:
                return self.note(e, "log: continuity at oo", Result(sympy.oo))
            if ru.limit.is_finite and ru.limit != 0:
                return self.taylor(e, sympy.log, u, ru)
            raise Undecided(f"log of {sstr(u)}, which tends to {sstr(ru.limit)} from an unknown side")
        if constant_sign(m.c) < 0:
            raise Undecided(f"log of {sstr(u)}, which is eventually negative")
        if m.p:
            d, b = m.p[0]
            mono = Mono(b, d, Fraction(0))
        elif m.a:
            mono = Mono(sympy.Rational(m.a.numerator, m.a.denominator), Fraction(0), Fraction(1))
        else:
            return self.note(
                e, "log of a scale monomial: log log", Result(sympy.oo if m.k > 0 else -sympy.oo)
            )
        return self.note(
            e, "log of a scale monomial: log(c t**a exp(P)) = P + a log t + O(1)", Result.of(mono)
        )

    def _erfc(self, e: sympy.Expr, u: sympy.Expr, ru: Result) -> Result:
        if ru.limit == sympy.oo:
            asym = sympy.exp(-sympy.expand(u**2)) / (sympy.sqrt(sympy.pi) * u)
            r = self.run(asym)
            if r.mono is not None:
                return self.note(e, "erfc(u) ~ exp(-u**2)/(sqrt(pi) u) (DLMF 7.12.1)", r)
            return self.note(e, "erfc(oo) = 0 (DLMF 7.12.1)", Result(_ZERO))
        return self.note(e, "rewrite: erfc = 1 - erf (DLMF 7.2.2)", self.run(1 - sympy.erf(u)))

    def taylor(self, e: sympy.Expr, g: Any, u: sympy.Expr, ru: Result) -> Result:
        """``g(u)`` for ``g`` analytic at ``L = lim u`` (finite): ``g(L)``, else the first
        nonzero Taylor term ``g^(j)(L)/j! (u - L)**j``."""
        L = ru.limit
        if not _analytic_at(g, L):
            raise Undecided(f"{sstr(e)}: {getattr(g, '__name__', g)} is not analytic at {sstr(L)}")
        s = sympy.Dummy("s")
        derivative = g(s)
        for j in range(MAX_TAYLOR + 1):
            if j:
                derivative = sympy.diff(derivative, s)
            coeff = derivative.subs(s, L) / sympy.factorial(j)
            if constant_sign(coeff) == 0:
                continue
            if j == 0:
                return self.note(
                    e, f"Taylor: {getattr(g, '__name__', 'g')} continuous at {sstr(L)}", Result.only(coeff)
                )
            du = self.run(sympy.Add(u, -L))
            if du.mono is None:  # g(u) -> g(L) = 0, from an unknown side
                return self.note(e, f"Taylor: continuity at {sstr(L)}", Result(_ZERO))
            return self.note(
                e, f"Taylor: order {j} at {sstr(L)}", Result.of(du.mono.power(Fraction(j)).scaled(coeff))
            )
        raise Undecided(f"{sstr(e)}: the first {MAX_TAYLOR} Taylor coefficients vanish")


def _flat() -> tuple[Fraction, Fraction]:
    return Fraction(0), Fraction(0)


def _analytic_at(g: Any, L: sympy.Expr) -> bool:
    """Whether ``g`` is real-analytic at the finite constant ``L``."""
    g = getattr(g, "g", g)  # g(s) - g(L)
    if g is sympy.log:
        return constant_sign(L) > 0
    if g in (sympy.exp, sympy.erf, sympy.tanh, sympy.sinh, sympy.cosh):
        return True
    if g is sympy.atanh:
        return constant_sign(1 - L) > 0 and constant_sign(1 + L) > 0
    if isinstance(g, PowerOf):
        return constant_sign(L) > 0 or (g.r.denominator == 1 and (g.r > 0 or constant_sign(L) != 0))
    return False
