"""Polynomials in given SymPy bases, assembled as SymPy's evaluation would build them.

The exact polynomial arithmetic of tanhproof (python-flint) ends in a SymPy
expression; building it with ``Add``/``Mul`` evaluation would query assumptions for
every huge coefficient (seconds at order 1000). :func:`terms_to_sympy` assembles the
same canonical tree directly.

Examples
========

>>> import sympy
>>> from flint import fmpq
>>> x = sympy.Symbol("x")
>>> terms_to_sympy([((2,), fmpq(3)), ((0,), fmpq(-1, 2))], [sympy.tanh(x)])
3*tanh(x)**2 - 1/2
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy
from sympy.core.add import _addsort
from sympy.core.mul import _mulsort

__all__ = ["terms_to_sympy"]


def terms_to_sympy(terms: Iterable[tuple[Sequence[int], Any]], bases: Sequence[sympy.Expr]) -> sympy.Expr:
    """``sum c * prod(bases[i]**k_i)`` for ``(monomial, c)`` pairs (distinct monomials),
    as the same tree SymPy's evaluation would build, but assembled directly in its
    canonical order (``Mul._from_args``, ``Add._from_args``): evaluating would query
    assumptions for every huge coefficient (seconds at order 1000)."""
    out = []
    # A ring may have more generators than ``bases`` name; their exponents are 0 here.
    for monom, c in terms:
        factors = [b if k == 1 else sympy.Pow(b, k) for b, k in zip(bases, monom, strict=False) if k]
        coeff = sympy.Rational(int(c.p), int(c.q))
        if not factors:
            out.append(coeff)
            continue
        _mulsort(factors)
        if coeff == 1 and len(factors) == 1:
            out.append(factors[0])
        else:
            out.append(sympy.Mul._from_args(factors if coeff == 1 else [coeff, *factors]))
    if not out:
        return sympy.Integer(0)
    if len(out) == 1:
        return out[0]
    _addsort(out)
    return sympy.Add._from_args(out)
