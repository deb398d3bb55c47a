"""Exponents taken apart: rational multiples of monomials, constants, logarithms.

:func:`split_exponent` is how :mod:`tanhproof.proof._exprational` reads ``exp(arg)``: the
rational-linear part becomes powers of the generators ``exp(m/q)``, the rational
constant a power of ``exp(1/q0)``, integer multiples of ``log(u)`` powers of ``u``,
and the rest one opaque atom. It works without SymPy's evaluation on large subtrees
(products are put in a canonical order by :func:`product`), so nested exponentials
such as a power tower cost time linear in their size.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> split_exponent(parse("2*(x + 1) - 3*log(y) + x*log(2)"))
({x*log(2): 1, x: 2}, 2, [(-3, y)], 0)
"""

from __future__ import annotations

import sympy

__all__ = ["base_power", "is_real", "node_count", "product", "split_exponent"]

HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)
#: A product in an exponent is multiplied out only up to this many nodes.
MAX_EXPAND_NODES = 200


def split_exponent(arg: sympy.Expr):
    """Split an exponent into rational multiples of monomials (variables, or products
    such as ``x*log(2)``), a rational constant, integer multiples of logarithms
    ``[(k, u)]`` and the rest (terms without a rational coefficient).

    Sums and rational multiples are taken apart directly; a product with a sum
    among its factors is multiplied out only while it is small (at most
    :data:`MAX_EXPAND_NODES` nodes), else it stays one monomial.
    """
    coefficients: dict[sympy.Expr, sympy.Rational] = {}
    const = sympy.Integer(0)
    stack: list[tuple[sympy.Expr, sympy.Rational]] = [(arg, sympy.Integer(1))]
    while stack:
        e, c = stack.pop()
        if e.is_Add:
            stack.extend((a, c) for a in e.args)
            continue
        if e.is_Rational:
            const += c * e
            continue
        if e.is_Mul:
            coeff, factors = flat_factors(e)
            if coeff == 0:
                continue
            if any(a.is_Add for a in factors) and node_count(e, MAX_EXPAND_NODES) <= MAX_EXPAND_NODES:
                expanded = sympy.expand_mul(sympy.Mul(*factors))
                if not expanded.is_Mul:
                    stack.append((expanded, c * coeff))
                    continue
            c, e = c * coeff, product(factors)
            if e.is_Rational:
                const += c * e
                continue
        coefficients[e] = coefficients.get(e, 0) + c
    linear: dict[sympy.Expr, sympy.Rational] = {}
    logs: list[tuple[int, sympy.Expr]] = []
    rest: list[sympy.Expr] = []
    for term, coeff in coefficients.items():
        if coeff == 0:
            continue
        if term.func is sympy.log and coeff.is_Integer:
            logs.append((int(coeff), term.args[0]))
        elif is_real(term):
            linear[term] = coeff
        else:
            rest.append(term if coeff == 1 else sympy.Mul(coeff, term, evaluate=False))
    if not rest:
        return linear, const, logs, sympy.Integer(0)
    rest.sort(key=sympy.default_sort_key)
    return linear, const, logs, rest[0] if len(rest) == 1 else sympy.Add(*rest, evaluate=False)


def flat_factors(e: sympy.Expr) -> tuple[sympy.Rational, list[sympy.Expr]]:
    """A product, nested products flattened, as (rational coefficient, other factors)."""
    coeff, factors = sympy.Integer(1), []
    stack = [e]
    while stack:
        f = stack.pop()
        if f.is_Mul:
            stack.extend(f.args)
        elif f.is_Rational:
            coeff *= f
        else:
            factors.append(f)
    return coeff, factors


def product(factors: list[sympy.Expr]) -> sympy.Expr:
    """The product of ``factors`` in a canonical form: equal bases merged (``x*x`` is
    ``x**2``), factors in SymPy's sort order, built unevaluated (SymPy's evaluation
    would query assumptions through every factor's whole subtree)."""
    powers: dict[sympy.Expr, sympy.Expr] = {}
    for f in factors:
        base, k = (f.args[0], f.args[1]) if f.is_Pow and f.args[1].is_Integer else (f, sympy.Integer(1))
        powers[base] = powers.get(base, 0) + k
    out = [b if k == 1 else sympy.Pow(b, k, evaluate=False) for b, k in powers.items() if k != 0]
    if not out:
        return sympy.Integer(1)
    if len(out) == 1:
        return out[0]
    return sympy.Mul(*sorted(out, key=sympy.default_sort_key), evaluate=False)


def is_real(term: sympy.Expr) -> bool:
    """True when ``term`` is real wherever it is defined, judged from its structure
    (real variables, rationals, ``pi``, ``E``, sums, products, integer powers, exp and
    the hyperbolic functions of real terms, log of a positive rational). SymPy's
    ``is_real`` would query assumptions through the whole subtree, repeatedly for
    nested exponentials; ``False`` only costs completeness (the term becomes an
    opaque atom), never soundness."""
    if term.is_Symbol or term.is_Number or term.is_NumberSymbol:
        return bool(term.is_real)
    if term.is_Add or term.is_Mul:
        return all(is_real(a) for a in term.args)
    if term.is_Pow:
        base, power = term.args
        if power.is_Rational and base.is_Rational and base > 0:
            return True  # sqrt(2)
        return power.is_Integer and is_real(base)
    if term.func is sympy.exp or term.func in HYPERBOLIC:
        return is_real(term.args[0])
    if term.func is sympy.log:
        return term.args[0].is_Rational and term.args[0] > 0
    return False


def base_power(factor: sympy.Expr) -> tuple[sympy.Expr, int]:
    """``(b, k)`` for ``factor = b**k`` with a positive integer ``k``, else ``(factor, 1)``."""
    if factor.is_Pow and factor.args[1].is_Integer and factor.args[1] > 0:
        return factor.args[0], int(factor.args[1])
    return factor, 1


def node_count(expr: sympy.Expr, stop: int) -> int:
    """The number of nodes of ``expr``, counting no further than ``stop + 1``."""
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count > stop:
            break
    return count
