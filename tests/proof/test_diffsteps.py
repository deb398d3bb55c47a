"""Tests of tanhproof.proof._diffsteps: the traced differentiation rules.

The independent source for every derivative is ``sympy.diff``; equality is decided
by the prover where the expressions are in its exact class, and checked with SymPy's
evalf (mpmath) at 30 digits otherwise.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from strategies import expressions
from sympy import Derivative

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse
from tanhproof.proof._derivation import RULES
from tanhproof.proof._diffsteps import (
    AddRule,
    ChainRule,
    ConstantRule,
    ConstantTimesRule,
    DiffRule,
    ExpRule,
    HyperbolicRule,
    LogRule,
    PowerRule,
    PrimitiveRule,
    ProductRule,
    QuotientRule,
    RewriteRule,
    diff_steps,
)
from tanhproof.proof._prover import prove

x = symbol("x")


def same_value(a: sympy.Expr, b: sympy.Expr, points=("1/3", "1/2", "2")) -> bool:
    for p in points:
        va = a.subs(x, parse(p)).evalf(30)
        vb = b.subs(x, parse(p)).evalf(30)
        if abs(va - vb) > sympy.Float("1e-25") * max(1, abs(va)):
            return False
    return True


@pytest.mark.parametrize(
    "text, cls",
    [
        ("7", ConstantRule),
        ("x", PowerRule),
        ("x**5", PowerRule),
        ("x**(-2)", PowerRule),
        ("3*x", ConstantTimesRule),
        ("x + tanh(x)", AddRule),
        ("x*exp(x)", ProductRule),
        ("x*exp(x)*tanh(x)", ProductRule),
        ("exp(x)/x", QuotientRule),
        ("1/(1 + exp(-x))", QuotientRule),
        ("tanh(x**2)", ChainRule),
        ("(1 + x)**3", ChainRule),
        ("exp(x)", ExpRule),
        ("2**x", ExpRule),
        ("log(x)", LogRule),
        ("tanh(x)", HyperbolicRule),
        ("sigmoid(x)", HyperbolicRule),
        ("acosh(x)", HyperbolicRule),
        ("erf(x)", PrimitiveRule),
        ("abs(x)", PrimitiveRule),
        ("x**x", RewriteRule),
    ],
)
def test_rule_chosen_and_result_matches_sympy_diff(text, cls):
    expr = parse(text)
    r = diff_steps(expr, x)
    assert type(r) is cls
    assert r.rule in RULES
    assert r.context == expr and r.symbol == x
    assert r.before == Derivative(expr, x)
    assert same_value(r.result, sympy.diff(expr, x))
    for sub in r.walk():
        assert sub.rule in RULES and sub.justification


def test_rule_names():
    names = {cls: cls.rule for cls in DiffRule.__subclasses__()}
    assert names[QuotientRule] == "quotient" and names[ChainRule] == "chain"
    assert names[AddRule] == names[ConstantTimesRule] == "linearity"
    assert names[HyperbolicRule] == "hyperbolic" and names[RewriteRule] == "algebra"
    assert set(names.values()) <= set(RULES)


def test_quotient_rule_records_numerator_and_denominator():
    r = diff_steps(parse("(exp(x) - exp(-x))/(exp(x) + exp(-x))"), x)
    assert isinstance(r, QuotientRule)
    assert r.numerator == parse("exp(x) - exp(-x)")  # as written (the parser does not evaluate)
    assert r.denominator == parse("exp(x) + exp(-x)")
    assert r.substeps == (r.numerstep, r.denomstep)
    assert r.numerstep.result == sympy.exp(x) + sympy.exp(-x)
    assert "quotient rule" in r.justification


def test_chain_rule_outer_step_in_a_fresh_variable():
    r = diff_steps(parse("tanh(u*x)"), x)  # 'u' is taken by the expression
    assert isinstance(r, ChainRule)
    assert r.u_var.name != "u" and r.u_var not in r.context.free_symbols
    assert r.outerstep.before == Derivative(sympy.tanh(r.u_var), r.u_var)
    assert r.innerstep.before == Derivative(symbol("u") * x, x)
    assert r.result == symbol("u") * (1 - sympy.tanh(symbol("u") * x) ** 2)


def test_exp_of_minus_x_is_a_chain():
    r = diff_steps(sympy.exp(-x), x)
    assert [s.rule for s in r.walk()] == ["chain", "exp", "linearity", "power"]
    assert r.result == -sympy.exp(-x)


def test_constant_base_power_and_rewrite():
    r = diff_steps(parse("2**(x**2)"), x)
    assert isinstance(r, ChainRule) and isinstance(r.outerstep, ExpRule)
    assert same_value(r.result, sympy.diff(parse("2**(x**2)"), x))
    r = diff_steps(parse("x**x"), x)
    assert r.result == x**x * (sympy.log(x) + 1)  # written back as x**x
    assert r.substep.context == sympy.exp(x * sympy.log(x))


def test_other_symbols_are_constants():
    a = symbol("a")
    r = diff_steps(a * sympy.tanh(x), x)
    assert isinstance(r, ConstantTimesRule) and r.constant == a
    assert isinstance(diff_steps(a**2, x), ConstantRule)


def test_records_are_frozen():
    r = diff_steps(sympy.tanh(x), x)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.result = 0


def test_no_rule_for_unknown_functions():
    with pytest.raises(TanhproofError, match="no differentiation rule"):
        diff_steps(sympy.Function("f")(x), x)
    with pytest.raises(TanhproofError, match="no differentiation rule"):
        diff_steps(sympy.Function("f")(x**2), x)


def test_sign_is_differentiated_away_from_zero():
    r = diff_steps(sympy.sign(x), x)
    assert isinstance(r, PrimitiveRule) and r.result == 0
    assert "sign(u) = 1 for u > 0" in r.justification


@pytest.mark.parametrize(
    "text",
    [
        "x*tanh(softplus(x))",
        "tanh(2*x)",
        "sinh(x)*cosh(x)",
        "log(cosh(x))",
        "sech(x)**3/(1 + x**2)",
        "sigmoid(x)*(1 - sigmoid(x))",
        "atanh(x/2)",
        "asinh(x)*acosh(x + 2)",
    ],
)
def test_every_traced_step_is_proved(text):
    r = diff_steps(parse(text), x)
    for sub in r.walk():
        proof = prove(sub.before, sub.after)
        assert proof.proved, (sympy.sstr(sub.before), sympy.sstr(sub.after), proof.reason)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions())
def test_traced_derivative_equals_sympy_diff(text):
    expr = parse(text)
    r = diff_steps(expr, x)
    proof = prove(r.result, sympy.diff(expr, x))
    assert proof.proved, (text, sympy.sstr(r.result), proof.reason)
