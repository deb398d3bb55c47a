"""Limits at +-oo and asymptotic forms (tanhproof.proof.prove_limit, prove_asymptotic).

Expected values come from the definitions (DLMF 4.28.1-4.28.7: sinh x = (e^x - e^-x)/2,
cosh x = (e^x + e^-x)/2, tanh = sinh/cosh, sech = 1/cosh, coth = cosh/sinh; the logistic
sigmoid 1/(1 + e^-x)), worked by hand in each comment.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.proof import prove_asymptotic, prove_limit

oo = sympy.oo


@pytest.mark.parametrize(
    ("expr", "to", "expected"),
    [
        # tanh x = (e^{2x} - 1)/(e^{2x} + 1): -> 1 as e^{2x} -> oo, -> -1 as e^{2x} -> 0
        ("tanh(x)", "oo", 1),
        ("tanh(x)", "-oo", -1),
        # sigmoid = 1/(1 + e^{-x}): e^{-x} -> 0 at oo (1), -> oo at -oo (0)
        ("sigmoid(x)", "oo", 1),
        ("sigmoid(x)", "-oo", 0),
        # sech^2 x = 4/(e^x + e^{-x})^2 <= 4 e^{-2|x|} -> 0 at both ends
        ("sech(x)**2", "oo", 0),
        ("sech(x)**2", "-oo", 0),
        # 1 - tanh^2 = sech^2 (DLMF 4.33.2... the Pythagorean identity): 0 at both ends
        ("1 - tanh(x)**2", "oo", 0),
        ("1 - tanh(x)**2", "-oo", 0),
        # coth x = (e^{2x} + 1)/(e^{2x} - 1): 1 at oo, (0 + 1)/(0 - 1) = -1 at -oo
        ("coth(x)", "oo", 1),
        ("coth(x)", "-oo", -1),
        # the derivative of tanh, 4/(e^x + e^-x)^2, as diff: 0
        ("diff(tanh(x), x)", "oo", 0),
        # e^x grows without bound; e^{-x} -> 0
        ("exp(x)", "oo", oo),
        ("-exp(x)", "oo", -oo),
        ("exp(-x)", "oo", 0),
        # polynomial against exponential: x e^{-x} -> 0 at oo; at -oo, x -> -oo and e^{-x} -> oo
        ("x*exp(-x)", "oo", 0),
        ("x*exp(-x)", "-oo", -oo),
        ("x**3*exp(x)", "-oo", 0),
        ("x**2*exp(-x)", "-oo", oo),
        # tanh(x)/x: bounded over unbounded -> 0
        ("tanh(x)/x", "oo", 0),
        # half-integer rates: sinh(x/2)/cosh(x/2) = tanh(x/2) -> 1
        ("sinh(x/2)/cosh(x/2)", "oo", 1),
        # cosh(x)/e^x = (1 + e^{-2x})/2 -> 1/2
        ("cosh(x)*exp(-x)", "oo", Fraction(1, 2)),
    ],
)
def test_limits_at_infinity(expr, to, expected):
    p = prove_limit(expr, "x", to)
    assert str(p.verdict) == "proved", p.reason
    assert p.rhs == (expected if isinstance(expected, sympy.Basic) else sympy.Rational(expected))
    assert p.relation == "="
    assert isinstance(p.lhs, sympy.Limit)
    assert ("leading terms" if to == "oo" else "trailing terms") in p.method
    json.dumps(p.to_dict())


def test_limit_record_carries_its_certificate():
    p = prove_limit("1 - tanh(x)**2", "x", "oo")
    assert p.method == "exp-rational leading terms (T = exp(x) -> oo)"
    assert p.claim == "lim_{x -> oo} 1 - tanh(x)**2 = 0"
    # sech^2 = 4 T^2/(T^2 + 1)^2 with T = e^x: leading terms 4 T^2 and T^4
    assert p.certificate["substitution"] == {"T_x": "exp(x)"}
    assert p.certificate["leading_N"] == "4*T_x^2"
    assert p.certificate["leading_D"] == "T_x^4"


def test_a_wrong_claimed_value_is_refuted_with_the_exact_limit():
    # sigmoid -> 1 at oo, not 1/2 (that is its value at 0)
    p = prove_limit("sigmoid(x)", "x", "oo", value="1/2")
    assert str(p.verdict) == "refuted"
    assert p.method.endswith("exact limit is 1")
    assert p.certificate["exact_limit"] == "1"
    assert p.rhs == sympy.Rational(1, 2)
    # tanh is bounded: it does not tend to oo
    assert str(prove_limit("tanh(x)", "x", "oo", value="oo").verdict) == "refuted"


def test_a_right_claimed_value_is_proved():
    assert str(prove_limit("tanh(x)", "x", "-oo", value="-1").verdict) == "proved"
    assert str(prove_limit("exp(x)", "x", "oo", value="+oo").verdict) == "proved"


@pytest.mark.parametrize(
    ("expr", "to", "why"),
    [
        # sqrt(x) is not real for x < 0: no limit at -oo
        ("sqrt(x)", "-oo", "not defined on the tail"),
        ("tanh(x)*y", "oo", "variables other than x"),
        # |x|/x is 1 right of 0 and -1 left of it
        ("abs(x)/x", "0", "the limit does not exist"),
    ],
)
def test_what_the_rules_do_not_decide_is_undecided_with_the_reason(expr, to, why):
    p = prove_limit(expr, "x", to)
    assert str(p.verdict) == "undecided"
    assert why in p.reason


def test_limit_at_a_point_of_continuity_is_the_value():
    # sigmoid(0) = 1/(1 + 1) = 1/2; tanh(0) = 0
    assert prove_limit("sigmoid(x)", "x", "0").rhs == sympy.Rational(1, 2)
    p = prove_limit("tanh(x)", "x", "1/2")
    assert str(p.verdict) == "proved" and p.rhs == sympy.tanh(sympy.Rational(1, 2))
    # sinh(x)/x at 0 is 0/0: not continuity, but the Taylor rule (sinh x = x + x**3/6 + ...,
    # DLMF 4.33.1) on both sides x = +-1/t gives 1
    p = prove_limit("sinh(x)/x", "x", "0")
    assert str(p.verdict) == "proved" and p.rhs == 1
    assert "Taylor" in p.method and p.certificate["substitutions"] == ["x = 1/t", "x = -1/t"]


def test_bad_target_is_a_parse_error():
    with pytest.raises(tanhproof.ParseError):
        prove_limit("tanh(x)", "x", "up")
    with pytest.raises(tanhproof.ParseError):
        prove_limit("tanh(x", "x", "oo")


@pytest.mark.parametrize(
    ("f", "g", "to"),
    [
        # sech^2 x = 4 e^{-2x}/(1 + e^{-2x})^2, and (1 + e^{-2x})^2 -> 1
        ("sech(x)**2", "4*exp(-2*x)", "oo"),
        # 1 - tanh x = 2/(e^{2x} + 1) = 2 e^{-2x}/(1 + e^{-2x})
        ("1 - tanh(x)", "2*exp(-2*x)", "oo"),
        # sigmoid = e^x/(1 + e^x), and 1 + e^x -> 1 at -oo
        ("sigmoid(x)", "exp(x)", "-oo"),
        # sinh x = (e^x - e^{-x})/2 ~ e^x/2
        ("sinh(x)", "exp(x)/2", "oo"),
    ],
)
def test_asymptotic_forms(f, g, to):
    p = prove_asymptotic(f, g, "x", to)
    assert str(p.verdict) == "proved", p.reason
    assert p.relation == "~"
    assert p.method.startswith("limit of the ratio: exp-rational")
    (limit,) = p.parts
    assert limit.rhs == 1


def test_wrong_asymptotic_form_is_refuted():
    # sech^2 x ~ 4 e^{-2x}, so the ratio with 2 e^{-2x} tends to 2
    p = prove_asymptotic("sech(x)**2", "2*exp(-2*x)")
    assert str(p.verdict) == "refuted"
    assert p.method.endswith("exact limit is 2")


rationals = st.fractions(min_value=-50, max_value=50, max_denominator=20)


@settings(max_examples=25, deadline=None)
@given(a=rationals, b=rationals)
def test_mobius_in_exp_tends_to_its_end_coefficients(a, b):
    """(a e^x + b)/(e^x + 1) -> a at oo (divide by e^x) and -> b at -oo (e^x -> 0)."""
    expr = f"({a}*exp(x) + ({b}))/(exp(x) + 1)"
    assert prove_limit(expr, "x", "oo").rhs == sympy.Rational(a)
    assert prove_limit(expr, "x", "-oo").rhs == sympy.Rational(b)


@settings(max_examples=15, deadline=None)
@given(c=rationals.filter(lambda c: c != 0), n=st.integers(min_value=1, max_value=6))
def test_powers_of_tanh(c, n):
    """c tanh^n x -> c at oo and c (-1)^n at -oo, since tanh -> +-1."""
    expr = f"({c})*tanh(x)**{n}"
    assert prove_limit(expr, "x", "oo").rhs == sympy.Rational(c)
    assert prove_limit(expr, "x", "-oo").rhs == sympy.Rational(c) * (-1) ** n


def test_a_limit_at_a_point_of_a_written_derivative_is_judged_not_crashed():
    # d/dx tanh = sech^2, continuous at 0 with value 1 (sech(0) = 1); written as
    # diff(tanh(x), x) the point could not be substituted ("Can't calculate derivative wrt 0").
    from tanhproof.proof import prove_limit

    assert prove_limit("diff(tanh(x), x)", "x", "0").rhs == 1
    assert str(prove_limit("diff(tanh(x), x)", "x", "0", value="2").verdict) == "refuted"
