"""expand_derivatives: exact, fast for derivative-polynomial functions, bounded otherwise."""

from __future__ import annotations

import pytest
import sympy

from tanhproof import LIMITS, LimitError, evaluate, prove
from tanhproof.expr._derivatives import (
    derivative_order,
    expand_derivatives,
    linear_catalog_call,
)
from tanhproof.expr._functions import sigmoid
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse

x = symbol("x")


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("text", ["tanh(x)", "coth(3*x)", "sigmoid(x/2 - 1)", "exp(-2*x)"])
def test_polynomial_route_agrees_with_sympy_chain_rule(text, n):
    # SymPy's own doit() is the independent reference at small orders.
    f = parse(text)
    ours = expand_derivatives(sympy.Derivative(f, (x, n)))
    assert sympy.simplify((ours - sympy.diff(f, x, n)).rewrite(sympy.exp)) == 0


def test_high_order_is_immediate_and_provable():
    # d^40/dx^40 tanh: SymPy's chain rule alone takes minutes from order ~20.
    expr = expand_derivatives(parse("diff(tanh(x), x, 40)"))
    assert sympy.Poly(expr, sympy.tanh(x)).degree() == 41
    assert str(prove("diff(tanh(x), x, 40)", expr).verdict) == "proved"


def test_other_derivatives_are_bounded():
    # tanh(x)*sigmoid(x) mixes two families: only SymPy's chain rule, within its limit.
    order = LIMITS.max_symbolic_diff_order + 1
    with pytest.raises(LimitError, match=f"order {order} of tanh\\(x\\)\\*sigmoid\\(x\\) exceeds the limit"):
        expand_derivatives(parse(f"diff(tanh(x)*sigmoid(x), x, {order})"))
    with pytest.raises(LimitError):
        evaluate(f"diff(tanh(x)*sigmoid(x), x, {order})", x=1)
    small = expand_derivatives(parse("diff(tanh(x)*sigmoid(x), x, 2)"))
    assert sympy.simplify((small - sympy.diff(sympy.tanh(x) * sigmoid(x), x, 2)).rewrite(sympy.exp)) == 0


def test_helpers():
    y = symbol("y")
    assert derivative_order(sympy.Derivative(sympy.tanh(x * y), (x, 2), y)) == 3
    assert linear_catalog_call(parse("tanh(2*x + 1)"), x)[3] == 2
    assert linear_catalog_call(parse("tanh(x**2)"), x) is None
    assert linear_catalog_call(parse("tanh(y)"), x) is None
    assert linear_catalog_call(parse("sqrt(x)"), x) is None
