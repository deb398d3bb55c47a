"""Building SymPy expressions as written.

SymPy's automatic evaluation rewrites an expression while it is built
(``log(exp(x))`` becomes ``x``, ``tanh(-x)`` becomes ``-tanh(x)``, ``0*x`` becomes
``0``, ``tanh(atanh(2))`` becomes ``2``), which would let SymPy, not tanhproof, judge
a claim. The parser builds through these functions instead: sums and products stay
flat and unevaluated, calls are not evaluated, and only exact arithmetic on rational
numbers is folded.

Examples
========

>>> import sympy
>>> x = sympy.Symbol("x")
>>> sum_as_written([sympy.Integer(1), x, sympy.Rational(1, 2), -x])   # x - x is kept
-x + x + 3/2
>>> call_as_written(sympy.log, sympy.exp(x, evaluate=False))
log(exp(x))
"""

from __future__ import annotations

import sympy

__all__ = ["call_as_written", "negated", "product_as_written", "sum_as_written"]


def sum_as_written(terms: list[sympy.Expr]) -> sympy.Expr:
    """The terms' sum as written, with its rational terms added up exactly."""
    constant = sympy.Add(*(t for t in terms if t.is_Rational))
    kept: list[sympy.Expr] = []
    for t in terms:  # the constant stands where the first number was written
        if not t.is_Rational:
            kept.append(t)
        elif constant is not None:
            if constant != 0 or len(terms) == 1:
                kept.append(constant)
            constant = None
    if not kept:
        return sympy.S.Zero
    return kept[0] if len(kept) == 1 else sympy.Add(*kept, evaluate=False)


def product_as_written(factors: list[sympy.Expr]) -> sympy.Expr:
    """The factors' product as written, with its rational factors multiplied exactly
    into one leading coefficient."""
    others = [f for f in factors if not f.is_Rational]
    coefficient = sympy.Mul(*(f for f in factors if f.is_Rational))
    if not others:
        return coefficient
    if coefficient != 1:
        others.insert(0, coefficient)
    return others[0] if len(others) == 1 else sympy.Mul(*others, evaluate=False)


def negated(value: sympy.Expr) -> sympy.Expr:
    """``-value`` as written (a number is negated exactly)."""
    if value.is_Number:
        return -value
    return sympy.Mul(sympy.S.NegativeOne, value, evaluate=False)


def call_as_written(func, arg: sympy.Expr) -> sympy.Expr:
    """``func(arg)`` as written, without SymPy's automatic evaluation."""
    if func is sympy.sqrt:
        return sympy.Pow(arg, sympy.S.Half, evaluate=False)
    return func(arg, evaluate=False)
