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
from tanhproof.proof._records import Proof, Verdict

__all__ = [
    "GENERATORS",
    "coefficients",
    "derivative_of",
    "derivative_polynomial",
    "derivative_polynomials",
    "generator",
    "generator_text",
    "induction_method",
    "induction_proof",
    "poly_text",
    "polynomial_steps",
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


def induction_method(g: str | fmpq_poly) -> str:
    """The ``method`` of an induction proof for ``g``.

    >>> induction_method("tanh")
    "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')"
    """
    return f"induction on the derivative-polynomial recurrence (P_{{n+1}} = {generator_text(g)} P_n')"


def derivative_polynomials(g: str | fmpq_poly, n: int) -> list[fmpq_poly]:
    """``[P_0, P_1, ..., P_n]`` for the generator ``g`` (a name or an ``fmpq_poly``).

    Raises :class:`~tanhproof.LimitError` when ``n`` exceeds
    ``LIMITS.max_derive_order``.

    >>> [coefficients(p) for p in derivative_polynomials("tanh", 2)]
    [[0, 1], [1, 0, -1], [0, -2, 0, 2]]
    """
    if n < 0:
        raise ValueError(f"the order must be non-negative, got {n}")
    if n > LIMITS.max_derive_order:
        raise LimitError(f"derivative order {n} exceeds the limit of {LIMITS.max_derive_order}")
    gp = generator(g)
    polys = [fmpq_poly([0, 1])]
    for _ in range(n):
        polys.append(gp * polys[-1].derivative())
    return polys


def derivative_polynomial(g: str | fmpq_poly, n: int) -> fmpq_poly:
    """``P_n`` for the generator ``g``: ``d^n/dx^n f(x) = P_n(f(x))``.

    >>> derivative_polynomial("exp", 5)
    x
    """
    return derivative_polynomials(g, n)[-1]


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
    from tanhproof.expr._derivatives import _terms_to_sympy

    terms = [((i,), p[i]) for i in range(p.degree(), -1, -1) if p[i] != 0]
    return _terms_to_sympy(terms, [at])


def _from_sympy(expr: sympy.Expr, fx: sympy.Expr) -> fmpq_poly | None:
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
    terms = []
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


def _split(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, int]:
    if isinstance(expr, sympy.Derivative) and expr.variables and set(expr.variables) == {x}:
        return expr.expr, len(expr.variables)
    return expr, 0


def induction_proof(
    before: sympy.Expr,
    after: sympy.Expr,
    *,
    fx: sympy.Expr,
    x: sympy.Symbol,
    g: str | fmpq_poly,
    base: Proof,
) -> Proof:
    """A proof of ``before == after`` by the derivative-polynomial recurrence.

    ``before`` is ``Derivative(P_a(fx), (x, m))`` (or ``P_a(fx)`` itself when
    ``m = 0``) and ``after`` is ``Derivative(P_b(fx), (x, m - (b - a)))``, with
    ``fx = f(x)``, ``f' = g(f)``. ``base`` must be a proof of
    ``Derivative(fx, x) == g(fx)``. The chain rule gives
    ``d/dx P(f(x)) = P'(f(x)) g(f(x))`` exactly for every polynomial ``P``, so
    ``b - a`` applications of ``P -> g P'`` take the one side to the other. This
    function reads both polynomials back from the expressions and checks that
    relation with exact rational arithmetic: the verdict is ``proved`` only when
    that check passes and ``base`` is proved, ``undecided`` otherwise.

    Examples
    ========

    >>> x = sympy.Symbol("x", real=True)
    >>> base = Proof(sympy.Derivative(sympy.tanh(x), x), 1 - sympy.tanh(x)**2, Verdict.PROVED, "exp-rational decision procedure")
    >>> p = induction_proof(sympy.Derivative(sympy.tanh(x), (x, 2)), 2*sympy.tanh(x)**3 - 2*sympy.tanh(x), fx=sympy.tanh(x), x=x, g="tanh", base=base)
    >>> str(p.verdict), p.method
    ('proved', "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')")
    >>> str(induction_proof(sympy.Derivative(sympy.tanh(x), (x, 2)), 2*sympy.tanh(x)**3, fx=sympy.tanh(x), x=x, g="tanh", base=base).verdict)
    'undecided'
    """
    gp = generator(g)
    (e_a, m_a), (e_b, m_b) = _split(before, x), _split(after, x)
    p_a, p_b = _from_sympy(e_a, fx), _from_sympy(e_b, fx)
    steps = m_a - m_b
    problems = []
    if p_a is None or p_b is None:
        problems.append("a side is not a polynomial in " + sympy.sstr(fx))
    elif steps < 0:
        problems.append("the right-hand side has more derivatives left than the left-hand side")
    else:
        q = p_a
        for _ in range(steps):
            q = gp * q.derivative()
        if q != p_b:
            problems.append(f"{steps} applications of the recurrence do not give the right-hand side")
    if not base.proved:
        problems.append(f"the base identity d/dx {sympy.sstr(fx)} = g({sympy.sstr(fx)}) is not proved")
    verdict = Verdict.UNDECIDED if problems else Verdict.PROVED
    certificate = {
        "recurrence": f"P_(n+1)(u) = {generator_text(g)} * P_n'(u)",
        "function": sympy.sstr(fx),
        "g": poly_text(gp),
        "chain_rule": "d/dx P(f(x)) = P'(f(x)) * f'(x) for every polynomial P",
        "base": base.to_dict(),
        "applications": steps,
        "lhs_polynomial": None if p_a is None else poly_text(p_a),
        "rhs_polynomial": None if p_b is None else poly_text(p_b),
        "check": "rhs polynomial recomputed from lhs polynomial with exact rational arithmetic",
    }
    return Proof(
        before,
        after,
        verdict,
        induction_method(g),
        caveats=base.caveats,
        certificate=certificate,
        reason="; ".join(problems),
    )


def derivative_of(expr: sympy.Expr, x: sympy.Symbol, m: int) -> sympy.Expr:
    """``Derivative(expr, (x, m))``, or ``expr`` itself when ``m == 0``."""
    return sympy.Derivative(expr, (x, m)) if m > 0 else expr


def polynomial_steps(ctx, fam, n: int, first_steps, *, direct_order: int = 6, show_all: int = 12):
    """The main chain of ``d^n/dx^n f(x)`` through the derivative polynomials.

    Used by :func:`tanhproof.derive`; ``ctx`` supplies ``x``, ``prove(lhs, rhs)`` and
    ``step(rule, before, after, justification, substeps, proof)``; ``fam`` is the
    catalog entry of ``f`` (a name of :data:`GENERATORS`); ``first_steps`` (the
    derivation of ``f'``) become the substeps of the first step. Step ``k`` takes
    ``Derivative(P_(k-1)(f(x)), (x, n-k+1))`` to ``Derivative(P_k(f(x)), (x, n-k))``;
    above ``show_all`` only the first step and one jump to ``P_n`` are shown. A step
    whose left side has order at most ``direct_order`` is proved by ``ctx.prove``,
    any other by :func:`induction_proof` from the proved ``f' = g(f)``.
    """
    x, name = ctx.x, fam.name
    fx = fam.func(x)
    polys = derivative_polynomials(name, n)
    base = ctx.prove(sympy.Derivative(fx, x), to_sympy(generator(name), fx))
    rec = f"P_(k+1)(u) = {generator_text(name)}*P_k'(u)"
    shown = list(range(1, n + 1)) if n <= show_all else [1, n]
    steps, prev, left = [], 0, fx
    for k in shown:
        right = to_sympy(polys[k], fx)
        before, after = derivative_of(left, x, n - prev), derivative_of(right, x, n - k)
        text = poly_text(polys[k])
        if len(text) > 120:
            text = f"a polynomial of degree {polys[k].degree()}"
        if k == prev + 1:
            why = (
                f"derivative polynomial: {rec}, so d/d{x} P_{prev}({fx}) = P_{k}({fx}) with P_{k}(u) = {text}"
            )
        else:
            why = (
                f"apply {rec} for k = {prev}, ..., {k - 1}: d^{k - prev}/d{x}^{k - prev} P_{prev}({fx})"
                f" = P_{k}({fx}), P_{k}(u) = {text}"
            )
        if n - prev <= direct_order:
            proof = ctx.prove(before, after)
        else:
            proof = induction_proof(before, after, fx=fx, x=x, g=name, base=base)
        subs = first_steps if k == 1 else ()
        steps.append(ctx.step("polynomial", before, after, why, subs, proof))
        prev, left = k, right
    return tuple(steps)
