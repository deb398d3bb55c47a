r"""Exact differentiation of ``diff(...)`` nodes, fast where it can be, bounded where not.

SymPy's ``Derivative.doit()`` differentiates ``tanh`` n times by the chain rule without
collecting terms: the 20th derivative takes minutes. For a function whose derivative
is a polynomial in itself (tanh, coth, the sigmoid, exp; see
:mod:`tanhproof.derivpoly`) of a linear argument ``a*x + b``, the n-th derivative is
exactly :math:`a^n P_n(f(a x + b))`, built from the derivative polynomials at once.
Any other ``diff`` node is handed to SymPy only while its order stays within
``LIMITS.max_symbolic_diff_order``; above that a :class:`~tanhproof.errors.LimitError`
says so instead of hanging. (Numeric evaluation has its own route for high orders:
Taylor arithmetic in arb, :mod:`tanhproof.taylor`.)

Examples
========

>>> from tanhproof.parser import parse
>>> expand_derivatives(parse("diff(tanh(2*x + 1), x, 2)"))
8*tanh(2*x + 1)**3 - 8*tanh(2*x + 1)
>>> expand_derivatives(parse("diff(x*tanh(x), x)"))
x*(1 - tanh(x)**2) + tanh(x)
>>> linear_catalog_call(parse("sigmoid(3*x - 1)"), parse("x"))
('sigmoid', sigmoid(3*x - 1), 3*x - 1, 3)
"""

from __future__ import annotations

import sympy

from .errors import LimitError
from .limits import LIMITS

__all__ = ["derivative_order", "expand_derivatives", "linear_catalog_call"]


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
    from .catalog import entry_for

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


def _polynomial_route(node: sympy.Derivative) -> sympy.Expr | None:
    from .derivpoly import GENERATORS, derivative_polynomial, to_sympy

    variables = {v for v, _ in node.variable_count}
    if len(variables) != 1:
        return None
    (x,) = variables
    call = linear_catalog_call(node.expr, x)
    if call is None or call[0] not in GENERATORS:
        return None
    name, fu, _, a = call
    n = derivative_order(node)
    return a**n * to_sympy(derivative_polynomial(name, n), fu)


def expand_derivatives(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every ``Derivative`` node differentiated exactly.

    Raises :class:`~tanhproof.errors.LimitError` for a node that only SymPy's
    chain rule could expand and whose order exceeds
    ``LIMITS.max_symbolic_diff_order``.
    """
    if not expr.has(sympy.Derivative):
        return expr
    replacements = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Derivative) and node not in replacements:
            fast = _polynomial_route(node)
            if fast is None:
                order = derivative_order(node)
                if order > LIMITS.max_symbolic_diff_order:
                    raise LimitError(
                        f"derivative of order {order} of {sympy.sstr(node.expr)} exceeds the limit of "
                        f"{LIMITS.max_symbolic_diff_order} for symbolic differentiation (tanh, coth, "
                        "sigmoid and exp of a linear argument have no such limit)"
                    )
                fast = node.doit()
            replacements[node] = fast
    return expr.xreplace(replacements)
