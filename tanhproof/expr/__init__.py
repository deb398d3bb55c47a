"""Reading input: the whitelisting parser, the function classes and their catalog,
domain conditions, exact points, symbolic derivatives, limits and errors.

The lowest room: it imports no other room of tanhproof. Text becomes a SymPy
expression only through the parser (:func:`tanhproof.parse`), never through
``eval`` or ``sympify``; every function tanhproof knows is declared once, as data,
in :data:`tanhproof.CATALOG`; every resource limit is stated once, in
:data:`tanhproof.LIMITS`.

Public names, beyond those of :mod:`tanhproof` itself: :class:`CatalogEntry` (one
function of the catalog), :class:`Limits` (the record behind ``LIMITS``),
:func:`derivative_polynomial` and :func:`derivative_polynomials` (the polynomials
P_n with tanh⁽ⁿ⁾ = P_n(tanh), exact, python-flint ``fmpq_poly``),
:func:`exact_value` (the exact rational value of a point such as ``"0.1"``),
:func:`symbol` (the real SymPy symbol the parser uses for a variable), and the SymPy
function classes :class:`sigmoid` and :class:`softplus`. The modules whose names
start with ``_`` are internal. Names are imported lazily, on first use, so importing
this room does not import SymPy.

Examples
========

>>> from tanhproof.expr import exact_value, sigmoid, symbol
>>> exact_value("0.1"), exact_value("0x1.8p-1")
(Fraction(1, 10), Fraction(3, 4))
>>> x = symbol("x")
>>> sigmoid(x).diff(x)
(1 - sigmoid(x))*sigmoid(x)
>>> from tanhproof.expr import derivative_polynomial
>>> p = derivative_polynomial("tanh", 3)   # P_3(u) = -2 + 8u^2 - 6u^4
>>> [int(c) for c in p.coeffs()]
[-2, 0, 8, 0, -6]
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = [
    "CatalogEntry",
    "Limits",
    "derivative_polynomial",
    "derivative_polynomials",
    "exact_value",
    "sigmoid",
    "softplus",
    "symbol",
]

_WHERE = {
    "CatalogEntry": "_catalog",
    "Limits": "_limits",
    "derivative_polynomial": "_derivpoly",
    "derivative_polynomials": "_derivpoly",
    "exact_value": "_points",
    "sigmoid": "_functions",
    "softplus": "_functions",
    "symbol": "_parser",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.expr._catalog import CatalogEntry
    from tanhproof.expr._derivpoly import derivative_polynomial, derivative_polynomials
    from tanhproof.expr._functions import sigmoid, softplus
    from tanhproof.expr._limits import Limits
    from tanhproof.expr._parser import symbol
    from tanhproof.expr._points import exact_value

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
