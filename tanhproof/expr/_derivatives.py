r"""Exact differentiation of ``diff(...)`` nodes, fast where it can be, bounded where not.

SymPy's ``Derivative.doit()`` differentiates ``tanh`` n times by the chain rule without
collecting terms: the 20th derivative takes minutes. Most of the family is closed
under differentiation as *polynomials*: with :math:`T = \tanh v`, :math:`S =
\operatorname{sech} v` and :math:`v = a x + b`,

.. math:: \frac{dT}{dx} = a(1 - T^2), \qquad \frac{dS}{dx} = -a S T,

so the derivative of any polynomial :math:`Q(x, T, S)` is the polynomial
:math:`Q_x + a(1 - T^2) Q_T - a S T Q_S`, and the n-th derivative is that map applied
n times to exact polynomials (python-flint ``fmpq_mpoly``): no expression swell. The
families (:data:`FAMILIES`): tanh and sech (``cosh**-k`` is ``sech**k``), coth and csch
(``sinh**-k``), sinh and cosh, exp, the sigmoid; softplus differentiates once into the
sigmoid. This covers ``diff(tanh(x), x, 1000)``, ``diff(sech(x)**2, x, 500)`` and
``diff(x*tanh(x), x, 30)``: :func:`polynomial_derivative`. For a single catalog
function of the derivative-polynomial kind (tanh, coth, the sigmoid, exp) it is
:math:`a^n P_n(f(ax + b))` with the polynomials of :mod:`tanhproof.expr._derivpoly`.

Any other ``diff`` node is handed to SymPy only while its order stays within
``LIMITS.max_symbolic_diff_order``; above that a :class:`~tanhproof.LimitError`
says so instead of hanging. (Numeric evaluation has its own route for high orders:
Taylor arithmetic in arb, :mod:`tanhproof.numeric._taylor`.)

Examples
========

>>> from tanhproof import parse
>>> expand_derivatives(parse("diff(tanh(2*x + 1), x, 2)"))
8*tanh(2*x + 1)**3 - 8*tanh(2*x + 1)
>>> expand_derivatives(parse("diff(x*tanh(x), x)"))
-x*tanh(x)**2 + x + tanh(x)
>>> expand_derivatives(parse("diff(sech(x)**2, x, 2)"))  # sech' = -sech*tanh, tanh' = 1 - tanh^2
6*tanh(x)**2*sech(x)**2 - 2*sech(x)**2
>>> linear_catalog_call(parse("sigmoid(3*x - 1)"), parse("x"))
('sigmoid', sigmoid(3*x - 1), 3*x - 1, 3)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import flint
import sympy

from tanhproof.expr._errors import LimitError
from tanhproof.expr._functions import sigmoid, softplus
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._polyterms import terms_to_sympy

__all__ = [
    "FAMILIES",
    "Family",
    "at_point",
    "derivative_order",
    "expand_derivatives",
    "linear_catalog_call",
    "polynomial_derivative",
    "polynomial_form",
]


@dataclass(frozen=True)
class Family:
    """Functions of one argument ``v`` whose derivatives are polynomials in them.

    ``functions[i]`` is generator ``i`` (as a SymPy function class); ``rules(gens)``
    gives ``d/dv`` of each generator as a polynomial in the generators.
    """

    name: str
    functions: tuple[type, ...]
    rules: Callable[[tuple], tuple]


#: The families, by name of their first function.
FAMILIES: dict[str, Family] = {
    "tanh": Family("tanh", (sympy.tanh, sympy.sech), lambda g: (1 - g[0] ** 2, -g[1] * g[0])),
    "coth": Family("coth", (sympy.coth, sympy.csch), lambda g: (1 - g[0] ** 2, -g[1] * g[0])),
    "sinh": Family("sinh", (sympy.sinh, sympy.cosh), lambda g: (g[1], g[0])),
    "exp": Family("exp", (sympy.exp,), lambda g: (g[0],)),
    "sigmoid": Family("sigmoid", (sigmoid,), lambda g: (g[0] - g[0] ** 2,)),
}

# A call f(v)**k: (family, generator, sign of k that is allowed; -1 means f**-k is gen**k)
_CALLS: dict[type, tuple[tuple[str, int, int], ...]] = {
    sympy.tanh: (("tanh", 0, 1),),
    sympy.sech: (("tanh", 1, 1),),
    sympy.coth: (("coth", 0, 1),),
    sympy.csch: (("coth", 1, 1),),
    sympy.sinh: (("sinh", 0, 1), ("coth", 1, -1)),
    sympy.cosh: (("sinh", 1, 1), ("tanh", 1, -1)),
    sympy.exp: (("exp", 0, 1),),
    sigmoid: (("sigmoid", 0, 1),),
}


def derivative_order(node: sympy.Derivative) -> int:
    """The total order of a ``Derivative`` node.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> derivative_order(sympy.Derivative(sympy.tanh(x*y), (x, 2), y))
    3
    """
    return sum(int(count) for _, count in node.variable_count)


def linear_catalog_call(expr: sympy.Expr, x: sympy.Symbol):
    """``(name, expr, u, a)`` when ``expr`` is a catalog function ``f(u)`` with
    ``u = a*x + b`` (``a`` a nonzero constant), else ``None``."""
    from tanhproof.expr._catalog import entry_for

    if not expr.args or len(expr.args) != 1:
        return None
    found = entry_for(expr)
    if found is None or expr.is_Pow:
        return None
    u = expr.args[0]
    a = sympy.diff(u, x)
    if a == 0 or a.free_symbols or not a.is_real:
        return None
    return found.name, expr, u, a


class _Form:
    """An expression as a polynomial ``Q(x, g_0, g_1)`` over Q, where the ``g_i`` are
    the generators of one :class:`Family` at one argument ``a*x + b``."""

    def __init__(self, x: sympy.Symbol):
        self.x = x
        self.family: Family | None = None
        self.arg: tuple[sympy.Rational, sympy.Expr] | None = None  # (a, b)
        self.ring = flint.fmpq_mpoly_ctx.get(("x", "g0", "g1"), "degrevlex")
        self.gens = self.ring.gens()

    def _call(self, e: sympy.Expr, k: int):
        """``e**k`` for a call ``e = f(v)`` of a family function, or None."""
        for name, index, sign in _CALLS.get(e.func, ()):
            if k * sign < 0 or (k == 0):
                continue
            if self.family is not None and self.family.name != name:
                continue
            v = e.args[0]
            a = sympy.diff(v, self.x)
            if not a.is_Rational or a == 0:
                return None
            arg = (a, sympy.expand(v - a * self.x))
            if arg[1].has(self.x) or (self.arg is not None and arg != self.arg):
                return None
            self.family, self.arg = FAMILIES[name], arg
            return self.gens[1 + index] ** (k * sign)
        return None

    def poly(self, e: sympy.Expr):
        """``e`` as a polynomial of this form, or None."""
        if e == self.x:
            return self.gens[0]
        if e.is_Rational:
            return self.ring.constant(flint.fmpq(int(e.p), int(e.q)))
        if e.is_Add or e.is_Mul:
            parts = [self.poly(a) for a in e.args]
            if any(p is None for p in parts):
                return None
            total = parts[0]
            for p in parts[1:]:
                total = total + p if e.is_Add else total * p
                if len(total) > LIMITS.max_terms:
                    return None
            return total
        if e.is_Pow and e.args[1].is_Integer:
            base, k = e.args[0], int(e.args[1])
            if base.func in _CALLS:
                return self._call(base, k)
            if k < 0:
                return None
            p = self.poly(base)
            if p is None or p.total_degree() * k > LIMITS.max_degree:
                return None
            return p**k
        if e.func in _CALLS and len(e.args) == 1:
            return self._call(e, 1)
        return None

    def derivative(self, q, n: int = 1):
        """``d^n/dx^n`` of the polynomial ``q`` (the family's chain rule, exactly)."""
        assert self.family is not None and self.arg is not None  # step() sends plain polynomials elsewhere
        a = flint.fmpq(int(self.arg[0].p), int(self.arg[0].q))
        gens = tuple(self.gens[1 : 1 + len(self.family.functions)])
        rules = [r * a for r in self.family.rules(gens)]
        for _ in range(n):
            d = q.derivative(0)
            for i, r in enumerate(rules):
                d += q.derivative(1 + i) * r
            q = d
            if len(q) > LIMITS.max_terms:
                raise LimitError(
                    f"a derivative grew past {len(q)} terms, over the limit max_terms={LIMITS.max_terms}"
                )
        return q

    def step(self, q, n: int = 1):
        """``d^n/dx^n q``, also for a polynomial in ``x`` alone (no family)."""
        if self.family is None:
            return _plain_derivative(q, n)
        return self.derivative(q, n)

    def rule_text(self) -> str:
        """The chain rule this form differentiates by, as text, e.g.
        ``d/dx tanh(x) = 1 - tanh(x)**2, d/dx sech(x) = -tanh(x)*sech(x)``."""
        x = self.x
        if self.family is None:
            return f"d/d{x} {x} = 1"
        assert self.arg is not None  # a form with a family has its argument a*x + b
        a, b = self.arg
        v = a * x + b
        calls = [f(v) for f in self.family.functions]
        parts = []
        for call, rule in zip(calls, self.family.rules(tuple(calls)), strict=True):
            parts.append(f"d/d{x} {sympy.sstr(call)} = {sympy.sstr(sympy.expand(a * rule))}")
        return f"d/d{x} {x} = 1, " + ", ".join(parts)

    def to_sympy(self, q) -> sympy.Expr:
        """The polynomial ``q`` back as a SymPy expression, highest powers first."""
        if q.is_zero():
            return sympy.Integer(0)
        a, b = self.arg if self.arg is not None else (sympy.Integer(1), sympy.Integer(0))
        v = a * self.x + b
        funcs = [self.x] + ([f(v) for f in self.family.functions] if self.family else [])
        return terms_to_sympy(q.terms(), funcs)


def polynomial_form(expr: sympy.Expr, x: sympy.Symbol) -> tuple[_Form, object] | None:
    """``(form, Q)`` when ``expr`` is a polynomial ``Q`` over Q in ``x`` and the
    functions of one :class:`Family` at one argument ``a*x + b`` (``a`` rational),
    else ``None``.

    >>> from tanhproof import parse
    >>> from tanhproof.expr._parser import symbol
    >>> form, q = polynomial_form(parse("x*sech(x)**2"), symbol("x"))
    >>> form.family.name, str(q)
    ('tanh', 'x*g1^2')
    >>> polynomial_form(parse("tanh(x)*sigmoid(x)"), symbol("x")) is None
    True
    """
    form = _Form(x)
    q = form.poly(expr)
    return None if q is None else (form, q)


def polynomial_derivative(expr: sympy.Expr, x: sympy.Symbol, n: int) -> sympy.Expr | None:
    """``d^n/dx^n expr`` through the polynomial families (exact, without expression
    swell), or ``None`` when ``expr`` is not a polynomial in one family (see
    :func:`polynomial_form`).

    >>> from tanhproof import parse
    >>> from tanhproof.expr._parser import symbol
    >>> polynomial_derivative(parse("x*tanh(x)"), symbol("x"), 2)
    2*x*tanh(x)**3 - 2*x*tanh(x) - 2*tanh(x)**2 + 2
    >>> polynomial_derivative(parse("cosh(2*x)"), symbol("x"), 3)
    8*sinh(2*x)
    """
    found = polynomial_form(expr, x)
    if found is None:
        return None
    form, q = found
    if form.family is None:  # a polynomial in x alone
        return form.to_sympy(_plain_derivative(q, n))
    return form.to_sympy(form.derivative(q, n))


def _plain_derivative(q, n: int):
    for _ in range(n):
        q = q.derivative(0)
    return q


@functools.lru_cache(maxsize=256)
def _polynomial_route(node: sympy.Derivative) -> sympy.Expr | None:
    from tanhproof.expr._derivpoly import GENERATORS, derivative_polynomial, to_sympy

    variables = {v for v, _ in node.variable_count}
    if len(variables) != 1:
        return None
    (x,) = variables
    n = derivative_order(node)
    expr = node.expr
    if isinstance(expr, softplus) and n >= 1:  # softplus' = sigmoid
        call = linear_catalog_call(expr, x)
        if call is None:
            return None
        inner = _polynomial_route(sympy.Derivative(sigmoid(expr.args[0]), (x, n - 1))) if n > 1 else None
        return call[3] * (inner if inner is not None else sigmoid(expr.args[0]))
    if not expr.has(x):
        return sympy.Integer(0)
    call = linear_catalog_call(expr, x)
    if call is not None and call[0] in GENERATORS:  # one function: univariate, fastest
        name, fu, _, a = call
        return (
            to_sympy(derivative_polynomial(name, n) * _fmpq(a**n), fu)
            if a.is_Rational
            else a**n * to_sympy(derivative_polynomial(name, n), fu)
        )
    return polynomial_derivative(expr, x, n)


def _fmpq(r: sympy.Rational) -> flint.fmpq:
    return flint.fmpq(int(r.p), int(r.q))


def expand_derivatives(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every ``Derivative`` node differentiated exactly.

    Raises :class:`~tanhproof.LimitError` for a node that only SymPy's
    chain rule could expand and whose order exceeds
    ``LIMITS.max_symbolic_diff_order``.
    """
    if not expr.has(sympy.Derivative):
        return expr
    replacements = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Derivative) and node not in replacements:
            inner = node.expr
            if inner.has(sympy.Derivative):
                inner = expand_derivatives(inner)
                node_now = sympy.Derivative(inner, *node.variable_count)
            else:
                node_now = node
            fast = _polynomial_route(node_now)
            if fast is None:
                order = derivative_order(node_now)
                if order > LIMITS.max_symbolic_diff_order:
                    raise LimitError(
                        f"derivative of order {order} of {sympy.sstr(inner)} exceeds the limit of "
                        f"{LIMITS.max_symbolic_diff_order} for symbolic differentiation (max_symbolic_diff_order; "
                        "polynomials in x and in tanh/sech, coth/csch, sinh/cosh, exp or the sigmoid of one "
                        "linear argument have no such limit)"
                    )
                fast = node_now.doit()
            replacements[node] = fast
    return expr.xreplace(replacements)


def at_point(expr: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> sympy.Expr:
    """``expr`` at ``x = point``, as written; a ``diff(...)`` in it is first differentiated
    exactly (SymPy cannot take a derivative with respect to a number, so substituting
    into ``Derivative(tanh(x), x)`` directly fails).

    >>> x = sympy.Symbol("x", real=True)
    >>> at_point(sympy.Derivative(sympy.tanh(x), x), x, sympy.Integer(0))
    1
    """
    if expr.has(sympy.Derivative):
        expr = expand_derivatives(expr)
    return expr.xreplace({x: point})
