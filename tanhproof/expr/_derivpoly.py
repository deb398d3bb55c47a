r"""Derivative polynomials: the n-th derivative of tanh as a polynomial in tanh.

Since :math:`\tanh' = 1 - \tanh^2`, the chain rule gives
:math:`\frac{d^n}{dx^n}\tanh x = P_n(\tanh x)` with

.. math:: P_0(u) = u, \qquad P_{n+1}(u) = (1 - u^2)\,P_n'(u).

The same holds for every function ``f`` whose derivative is a polynomial ``g`` in
``f`` itself, with :math:`P_{n+1} = g\,P_n'`: :data:`GENERATORS` lists them
(tanh and coth: ``1 - u^2``; the sigmoid: ``u(1 - u)``; exp: ``u``). The
polynomials are exact, with rational coefficients (python-flint ``fmpq_poly``).

For tanh the coefficients are OEIS A008293 (``P_1 = 1 - u^2``,
``P_2 = -2u + 2u^3``, ``P_3 = -2 + 8u^2 - 6u^4``).

Examples
========

>>> coefficients(derivative_polynomial("tanh", 3))
[-2, 0, 8, 0, -6]
>>> coefficients(derivative_polynomial("sigmoid", 2))  # sigma'' = s - 3s^2 + 2s^3
[0, 1, -3, 2]
>>> import sympy
>>> x = sympy.Symbol("x")
>>> to_sympy(derivative_polynomial("tanh", 2), sympy.tanh(x))
2*tanh(x)**3 - 2*tanh(x)
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from flint import fmpq, fmpq_poly

from tanhproof.expr._errors import LimitError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._polyterms import terms_to_sympy

__all__ = [
    "GENERATORS",
    "coefficients",
    "derivative_polynomial",
    "derivative_polynomials",
    "from_sympy",
    "generator",
    "generator_text",
    "poly_text",
    "to_sympy",
]

#: ``g`` for each catalog function ``f`` with ``f' = g(f)``, a polynomial in ``u = f``.
GENERATORS: dict[str, fmpq_poly] = {
    "tanh": fmpq_poly([1, 0, -1]),
    "coth": fmpq_poly([1, 0, -1]),
    "sigmoid": fmpq_poly([0, 1, -1]),
    "exp": fmpq_poly([0, 1]),
}

_GENERATOR_TEXT = {"tanh": "(1 - u^2)", "coth": "(1 - u^2)", "sigmoid": "u(1 - u)", "exp": "u"}

_MAX_TEXT = 4000


def generator(g: str | fmpq_poly) -> fmpq_poly:
    """The polynomial ``g`` itself, given a name of :data:`GENERATORS` or a polynomial.

    >>> coefficients(generator("coth"))
    [1, 0, -1]
    """
    if isinstance(g, fmpq_poly):
        return g
    try:
        return GENERATORS[g]
    except KeyError:
        raise ValueError(
            f"no derivative polynomial for {g!r}; known: {', '.join(sorted(GENERATORS))}"
        ) from None


def generator_text(g: str | fmpq_poly) -> str:
    """``g`` as it appears in the recurrence, e.g. ``"(1 - u^2)"`` for tanh.

    >>> generator_text("sigmoid")
    'u(1 - u)'
    """
    if isinstance(g, str) and g in _GENERATOR_TEXT:
        return _GENERATOR_TEXT[g]
    return "(" + poly_text(generator(g)) + ")"


def _check_order(n: int) -> None:
    if n < 0:
        raise ValueError(f"the order must be non-negative, got {n}")
    if n > LIMITS.max_derive_order:
        raise LimitError(f"derivative order {n} exceeds the limit of {LIMITS.max_derive_order}")


def derivative_polynomials(g: str | fmpq_poly, n: int) -> list[fmpq_poly]:
    """``[P_0, P_1, ..., P_n]`` for the generator ``g`` (a name or an ``fmpq_poly``).

    Raises :class:`~tanhproof.LimitError` when ``n`` exceeds
    ``LIMITS.max_derive_order``.

    >>> [coefficients(p) for p in derivative_polynomials("tanh", 2)]
    [[0, 1], [1, 0, -1], [0, -2, 0, 2]]
    """
    _check_order(n)
    gp = generator(g)
    polys = [fmpq_poly([0, 1])]
    for _ in range(n):
        polys.append(gp * polys[-1].derivative())
    return polys


def derivative_polynomial(g: str | fmpq_poly, n: int) -> fmpq_poly:
    """``P_n`` for the generator ``g``: ``d^n/dx^n f(x) = P_n(f(x))``.

    Only the last polynomial is kept while the recurrence runs: the list of
    :func:`derivative_polynomials` holds about ``n**3 log n / 3`` bits (some 200 MB at
    ``n = 1000``), one ``P_n`` about ``n**2 log n`` (under 1 MB).

    >>> derivative_polynomial("exp", 5)
    x
    """
    _check_order(n)
    gp, p = generator(g), fmpq_poly([0, 1])
    for _ in range(n):
        p = gp * p.derivative()
    return p


def coefficients(p: fmpq_poly) -> list[int | Fraction]:
    """The coefficients of ``p``, constant term first (ints where integral).

    >>> coefficients(derivative_polynomial("tanh", 1))
    [1, 0, -1]
    """
    out: list[int | Fraction] = []
    for c in p.coeffs():
        num, den = int(c.p), int(c.q)
        out.append(num if den == 1 else Fraction(num, den))
    return out


def to_sympy(p: fmpq_poly, at: sympy.Expr) -> sympy.Expr:
    """``p`` evaluated symbolically at ``at`` (e.g. ``tanh(x)``), term by term.

    >>> to_sympy(derivative_polynomial("tanh", 1), sympy.Symbol("u"))
    1 - u**2
    """
    terms = [((i,), p[i]) for i in range(p.degree(), -1, -1) if p[i] != 0]
    return terms_to_sympy(terms, [at])


def from_sympy(expr: sympy.Expr, fx: sympy.Expr) -> fmpq_poly | None:
    """The polynomial ``p`` with ``expr == p(fx)`` written out, or None if it is not one."""
    u = sympy.Dummy("u")
    e = expr.xreplace({fx: u})
    if e.free_symbols - {u}:
        return None
    try:
        poly = sympy.Poly(e, u, domain="QQ")
    except sympy.PolynomialError:
        return None
    coeffs = [sympy.Rational(c) for c in reversed(poly.all_coeffs())]
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in coeffs])


def poly_text(p: fmpq_poly, var: str = "u") -> str:
    """``p`` as text in ``var``, highest degree first (long ones abbreviated).

    >>> poly_text(derivative_polynomial("tanh", 3))
    '-6*u**4 + 8*u**2 - 2'
    """
    terms: list[str] = []
    for i, c in reversed(list(enumerate(coefficients(p)))):
        if not c:
            continue
        mag = abs(c)
        power = "" if i == 0 else (var if i == 1 else f"{var}**{i}")
        body = str(mag) if not power else (power if mag == 1 else f"{mag}*{power}")
        sign = "-" if c < 0 else "+"
        terms.append(("-" if sign == "-" else "") + body if not terms else f" {sign} {body}")
    text = "".join(terms) or "0"
    return text if len(text) <= _MAX_TEXT else f"<polynomial of degree {p.degree()}, omitted>"
