"""Exact rewrites that remove a cancellation in a sum (``log(1 + exp(t)) - t``, ``sqrt(t**2 + 1) - t``).

When the dominant terms of a sum cancel, :func:`rewrite_sum` tries these rewrites in
turn, each an identity on the tail ``t > T0`` (so the limit and the asymptotic form are
those of the rewritten sum), and analyses the result again
(:class:`~tanhproof.proof._limitrules.Calculus`, at most
:data:`~tanhproof.proof._limitrules.MAX_REWRITES` deep):

* ``evaluate``: the sum as SymPy adds it (like terms collected: ``t - t = 0``);
* ``log: extract the scale``: ``log u = log c + a log t + P(t) + log(u/(c t**a exp(P)))`` for
  ``u ~ c t**a exp(P)`` with ``c > 0`` (softplus: ``log(1 + e**t) = t + log(1 + e**-t)``);
* ``conjugate``: ``A + R = (A**2 - R**2)/(A - R)`` for a term ``A`` with a square-root
  factor whose square has none (``sqrt(t - 1)*sqrt(t + 1)``), where ``A - R`` has a scale
  monomial (so is nonzero on a tail);
* ``erf = 1 - erfc``: ``erf(u) = 1 - erfc(u)``, ``erf(u) = erfc(-u) - 1`` (DLMF 7.2.2, 7.4.1) for
  ``u -> +oo``, ``u -> -oo``, so that ``erfc`` gets its asymptotic form (DLMF 7.12.1);
* ``Taylor``: a factor ``g(u)`` with ``u -> L`` finite and ``g`` analytic at ``L`` is
  ``g(L) + D`` with ``D = g(u) - g(L) ~ g^(j)(L)/j! (u - L)**j`` (Taylor's theorem),
  ``D`` a placeholder whose result is known;
* ``together``: hyperbolic functions through ``exp`` and the sum over one denominator.

>>> t = sympy.Symbol("t", positive=True)
>>> from tanhproof.proof._limitrules import Calculus as Rules
>>> c = Rules(t)
>>> c.run(sympy.sqrt(t**2 + 1) - t).mono.text(t)
'1/2*t**(-1)'
>>> "rewrite: conjugate" in c.rules
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import sympy

from tanhproof.proof._boxcontext import Undecided
from tanhproof.proof._scale import Result, constant_sign

__all__ = ["MAX_REWRITES", "PowerOf", "one_argument", "rewrite_product", "rewrite_sum"]

#: Exact rewrites nested inside one another.
MAX_REWRITES = 4


class Calculus(Protocol):
    """What the rewrites use of :class:`tanhproof.proof._limitrules.Calculus`."""

    t: sympy.Symbol
    rewrites: int
    known: dict[sympy.Expr, Result]

    def run(self, e: sympy.Expr) -> Result: ...

    def note(self, e: sympy.Expr, rule: str, r: Result) -> Result: ...

    def taylor(self, e: sympy.Expr, g: Any, u: sympy.Expr, ru: Result) -> Result: ...


_MAX_OPS = 120  # operations in a sum that expand_mul / together may rewrite


def rewrite_sum(calc: Calculus, e: sympy.Expr) -> Result | None:
    """The result of ``e`` through the first rewrite that gives a scale monomial (else
    the first that gives a limit), ``None`` when none helps."""
    if calc.rewrites >= MAX_REWRITES:
        return None
    found = None
    for name, make in _REWRITES:
        calc.rewrites += 1
        try:
            for again in make(calc, e):
                if again is None or again == e:
                    continue
                r = calc.run(again)
                if r.mono is not None:
                    return calc.note(e, f"rewrite: {name}", r)
                found = found or calc.note(e, f"rewrite: {name}", r)
        except Undecided:
            continue
        finally:
            calc.rewrites -= 1
    return found


def rewrite_product(calc: Calculus, e: sympy.Expr) -> Result | None:
    """A ``0*oo`` product with its exponentials merged, ``exp(a)*exp(b) = exp(a + b)``
    (``x**x*exp(-x) = exp(x*log(x) - x)``); ``None`` when that does not decide it."""
    exps = [f for f in e.args if f.func is sympy.exp]
    if len(exps) < 2 or calc.rewrites >= MAX_REWRITES:
        return None
    rest = [f for f in e.args if f.func is not sympy.exp]
    calc.rewrites += 1
    try:
        r = calc.run(sympy.Mul(*rest, sympy.exp(sympy.Add(*(f.args[0] for f in exps)))))
    except Undecided:
        return None
    finally:
        calc.rewrites -= 1
    return calc.note(e, "rewrite: exp(a)*exp(b) = exp(a + b)", r)


def _evaluate(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    yield sympy.Add(*e.args)


def _log_scale(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    t = calc.t
    out, changed = [], False
    for term in e.args:
        coeff, factor = term.as_independent(t, as_Add=False)
        if factor.func is sympy.log and factor.args[0] != t:
            u = factor.args[0]
            m = calc.run(u).mono
            if m is not None and not m.k and constant_sign(m.c) > 0:
                p = sympy.Add(*(b * t ** sympy.Rational(d.numerator, d.denominator) for d, b in m.p))
                a = sympy.Rational(m.a.numerator, m.a.denominator)
                inner = u * t**-a * sympy.exp(-p) / m.c
                term = coeff * (sympy.log(m.c) + a * sympy.log(t) + p + sympy.log(inner))
                changed = True
        out.append(term)
    if changed:
        yield sympy.expand_mul(sympy.Add(*out)) if sympy.count_ops(e) <= _MAX_OPS else sympy.Add(*out)


def _conjugate(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    for term in e.args:
        if not any(f.is_Pow and f.args[1] == sympy.S.Half for f in sympy.Mul.make_args(term)):
            continue
        rest = sympy.Add(*(a for a in e.args if a is not term))
        if not rest.has(calc.t):
            continue
        numerator = sympy.expand(term**2 - rest**2)
        denominator = term - rest
        if calc.run(denominator).mono is None:
            continue
        yield numerator / denominator


def _erfc(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    mapping = {}
    for f in e.atoms(sympy.erf):
        lim = calc.run(f.args[0]).limit
        if lim == sympy.oo:
            mapping[f] = 1 - sympy.erfc(f.args[0])
        elif lim == -sympy.oo:
            mapping[f] = sympy.erfc(-f.args[0]) - 1
    if mapping:
        yield e.xreplace(mapping)


def _taylor(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for term in e.args:
        for factor in sympy.Mul.make_args(term):
            split = one_argument(factor)
            if split is None or factor in mapping or not factor.has(calc.t):
                continue
            g, u = split
            lim = calc.run(u).limit
            if not lim.is_finite:
                continue
            value = g(lim)
            delta = sympy.Dummy("D")
            diff = calc.taylor(factor - value, _Shifted(g, value), u, calc.run(u))
            calc.known[delta] = Result(diff.limit, diff.mono)
            mapping[factor] = value + delta
    if mapping:
        replaced = e.xreplace(mapping)
        yield sympy.expand_mul(replaced) if sympy.count_ops(replaced) <= _MAX_OPS else replaced


class _Shifted:
    """``s -> g(s) - v`` (the Taylor rule of ``g(u) - g(L)``)."""

    def __init__(self, g: Callable[[sympy.Expr], sympy.Expr], v: sympy.Expr):
        self.g, self.v = g, v
        self.__name__ = f"{getattr(g, '__name__', 'g')} - {v}"

    def __call__(self, s: sympy.Expr) -> sympy.Expr:
        return self.g(s) - self.v


def _together(calc: Calculus, e: sympy.Expr) -> Iterator[sympy.Expr]:
    if sympy.count_ops(e) > _MAX_OPS:
        return
    written = e.replace(
        lambda n: n.func in (sympy.sinh, sympy.cosh, sympy.tanh), lambda n: n.rewrite(sympy.exp)
    )
    yield sympy.together(written)


_REWRITES: tuple[tuple[str, Callable[[Calculus, sympy.Expr], Iterator[sympy.Expr]]], ...] = (
    ("evaluate", _evaluate),
    ("log: extract the scale", _log_scale),
    ("conjugate", _conjugate),
    ("erf = 1 - erfc (DLMF 7.2.2)", _erfc),
    ("Taylor: g(u) = g(L) + D", _taylor),
    ("together", _together),
)


@dataclass(frozen=True)
class PowerOf:
    """``s -> s**r`` as a function (the Taylor rule for a power of a convergent base)."""

    r: Fraction

    def __call__(self, s: sympy.Expr) -> sympy.Expr:
        return s ** sympy.Rational(self.r.numerator, self.r.denominator)

    @property
    def __name__(self) -> str:
        return f"s**({self.r})"


def one_argument(e: sympy.Expr) -> tuple[Any, sympy.Expr] | None:
    """``(g, u)`` when ``e = g(u)`` for a function ``g`` the Taylor rule knows."""
    if e.is_Pow and e.args[1].is_Rational and e.args[0].has(sympy.Symbol):
        return PowerOf(Fraction(int(e.args[1].p), int(e.args[1].q))), e.args[0]
    if e.func in (sympy.exp, sympy.log, sympy.erf, sympy.tanh, sympy.sinh, sympy.cosh):
        return e.func, e.args[0]
    return None
