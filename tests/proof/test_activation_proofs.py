"""The activations in the prover and in derive: every step proved, forms proved and
checked numerically, identities with abs and definitions by cases decided by cases.

Expected verdicts come from the mathematics stated at each test (the definitions by
cases, the textbook derivatives); refutations must carry a certified point inside the
case where the claim fails.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof.cli._main import main
from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE, elu, selu
from tanhproof.expr._catalog import entry
from tanhproof.expr._parser import symbol

x = symbol("x")
NAMES = ["silu", "mish", "gelu", "gelu_tanh", "softsign", "logsigmoid", "tanhshrink", "elu", "celu", "selu"]


@pytest.mark.parametrize("name", NAMES)
def test_derive_proves_every_step_and_form(name):
    d = tp.derive(name)
    assert d.all_proved, [(s.rule, s.proof.verdict) for s in d.steps]
    assert d.steps[0].rule == "definition"
    assert d.steps[0].after == sympy.Derivative(entry(name).defined_by(x), x)
    assert d.result == entry(name).derivative(x)
    assert len(d.forms) == len({label for label, _ in entry(name).forms})
    for form in d.forms:
        assert form.proof.proved, (name, form.text, form.proof.method)
        assert form.checks and all(c.ok for c in form.checks), (name, form.text)


@pytest.mark.parametrize("name", ["mish", "gelu_tanh"])
def test_cli_derive_exits_0(name, capsys):
    assert main(["derive", name]) == 0
    out = capsys.readouterr().out
    assert "proved" in out and "undecided" not in out and "refuted" not in out


def test_piecewise_derivations_go_by_cases():
    assert [s.rule for s in tp.derive("elu").steps] == ["definition", "cases"]
    caveats = tp.derive("selu").steps[0].proof.caveats
    assert any("not differentiable where x = 0" in c for c in caveats)  # one-sided derivatives differ


def test_mish_derivative_claims():
    # d/dx x*tanh(softplus(x)) by the product and chain rules (softplus' = sigmoid)
    p = tp.prove("diff(mish(x), x)", "tanh(softplus(x)) + x*sigmoid(x)*(1 - tanh(softplus(x))**2)")
    assert p.proved
    closed = "exp(x)*(4*(x+1) + 4*exp(2*x) + exp(3*x) + exp(x)*(4*x+6))/(2*exp(x) + exp(2*x) + 2)**2"
    assert tp.prove("diff(mish(x), x)", closed).method == "exp-rational decision procedure"
    wrong = tp.prove("diff(mish(x), x)", "tanh(softplus(x))")
    assert str(wrong.verdict) == "refuted"


@pytest.mark.parametrize(
    "lhs, rhs",
    [
        ("diff(x/(1 + abs(x)), x)", "1/(1 + abs(x))**2"),  # undecided before the split by cases
        ("diff(softsign(x), x)", "(1 - abs(softsign(x)))**2"),  # nested abs, resolved inside each case
        ("elu(x)", "celu(x)"),  # the same function for alpha = 1
        ("abs(x)*sign(x)", "x"),
        ("diff(elu(x), x)", "exp((x - abs(x))/2)"),
        ("softsign(-x)", "-softsign(x)"),
        ("tanhshrink(-x)", "-tanhshrink(x)"),
        ("logsigmoid(x)", "-softplus(-x)"),
        ("silu(x)", "x*sigmoid(x)"),
        ("gelu_tanh(x)", "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2"),
        ("abs(tanh(x))", "tanh(abs(x))"),  # the linear switch x first resolves abs(tanh(x))
        ("abs(x*y)", "abs(x)*abs(y)"),  # two variables, case inside case
        ("sign(x*y)", "sign(x)*sign(y)"),  # including x = 0 and y = 0, where both are 0
        ("elu(abs(x))", "abs(x)"),
    ],
)
def test_identities_proved(lhs, rhs):
    p = tp.prove(lhs, rhs)
    assert p.proved, (p.method, p.reason)


@pytest.mark.parametrize(
    "lhs, rhs, inside",
    [
        ("elu(x)", "x", lambda p: p <= 0),  # they differ exactly where x <= 0 and x != 0
        ("elu(x - 100)", "exp(x - 100) - 1", lambda p: p > 100),  # only right of 100
        ("sign(x)**2", "1", lambda p: p == 0),  # sign(0) = 0: fails only at the switch
        ("abs(x - 50)", "x - 50", lambda p: p < 50),
    ],
)
def test_refutations_carry_a_point_in_the_failing_case(lhs, rhs, inside):
    p = tp.prove(lhs, rhs)
    assert str(p.verdict) == "refuted"
    assert p.counterexample.excludes_zero
    assert inside(p.counterexample.point["x"])


def test_selu_is_not_scale_times_elu():
    p = tp.prove(selu(x), SELU_SCALE * elu(x))  # equal for x > 0 only (alpha != 1)
    assert str(p.verdict) == "refuted" and p.counterexample.point["x"] < 0
    assert tp.prove(selu(x), SELU_SCALE * sympy.Piecewise((x, x > 0), (SELU_ALPHA * elu(x), True))).proved


nonzero = st.fractions(min_value=-5, max_value=5, max_denominator=7).filter(lambda a: a != 0)
offsets = st.fractions(min_value=-20, max_value=20, max_denominator=7)


@settings(max_examples=12, deadline=None)
@given(a=nonzero, b=offsets, eps=st.sampled_from([Fraction(1, 10**6), Fraction(-1, 3), Fraction(2)]))
def test_affine_switches_by_cases(a, b, eps):
    g = sympy.Rational(a.numerator, a.denominator) * x + sympy.Rational(b.numerator, b.denominator)
    e = sympy.Rational(eps.numerator, eps.denominator)
    # elu(g) + |g| is 2g for g > 0 and exp(g) - 1 - g for g <= 0 (from the definitions)
    right = sympy.Piecewise((2 * g, g > 0), (sympy.exp(g) - 1 - g, True))
    assert tp.prove(elu(g) + sympy.Abs(g), right).proved
    for wrong, case in (
        (sympy.Piecewise((2 * g + e, g > 0), (sympy.exp(g) - 1 - g, True)), lambda v: v > 0),
        (sympy.Piecewise((2 * g, g > 0), (sympy.exp(g) - 1 - g + e, True)), lambda v: v <= 0),
    ):
        p = tp.prove(elu(g) + sympy.Abs(g), wrong)
        assert str(p.verdict) == "refuted", (g, wrong)
        point = p.counterexample.point["x"]
        assert case(a * point + b), (g, wrong, point)  # inside the case whose branch is wrong


def test_derivatives_past_the_smoothness_are_stated_away_from_the_switch():
    # ELU (alpha = 1) is C^1 at 0: elu'' jumps from 1 (x < 0) to 0 (x > 0); SELU's first
    # derivative already jumps (scale*alpha to scale)
    assert not any("differentiable" in c for s in tp.derive("elu").steps for c in s.proof.caveats)
    second = tp.derive("elu", order=2).steps[0].proof.caveats
    assert any("not differentiable where x = 0" in c for c in second)


@pytest.mark.parametrize(
    "lhs, rhs",
    [
        ("sign(tanh(x))**2", "1"),  # false at x = 0 only, a point of no linear switch
        ("abs(x) + sign(x)", "x + 1"),  # true for x > 0 only
    ],
)
def test_a_claim_false_on_the_switch_or_one_side_is_never_proved(lhs, rhs):
    assert not tp.prove(lhs, rhs).proved


def test_exp_of_a_nonlinear_argument_is_one_atom_and_positive():
    # exp(-r) is the reciprocal of the atom exp(r) (tanh(r) and 1/(1 + exp(-2r)) meet), and
    # a sum of positive terms in it never vanishes: no caveat about 1 + exp(-x**2) = 0
    p = tp.prove("1/(1 + exp(x**2))", "exp(-x**2)/(exp(-x**2) + 1)")
    assert p.proved and p.caveats == ()
    assert tp.prove("tanh(x/sqrt(pi))", "(1 - exp(-2*x/sqrt(pi)))/(1 + exp(-2*x/sqrt(pi)))").proved
    assert str(tp.prove("exp(x**2)", "exp(-x**2)").verdict) == "refuted"
