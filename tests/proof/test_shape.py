"""Shape claims (tanhproof.proof.prove_shape), each proved through the derivative it names.

Hand proofs, from tanh' = 1 - tanh^2 = sech^2 (DLMF 4.34.2... d/dx tanh x = sech^2 x) and
tanh'' = -2 tanh sech^2:
- tanh' = sech^2 > 0 everywhere: tanh is (strictly) increasing;
- tanh'' = -2 tanh(x) sech^2(x) has the sign of -x: >= 0 for x <= 0 (convex), <= 0 for
  x >= 0 (concave), zero only at 0 and changing sign there (an inflection point);
- sech^2 x = 1/cosh^2 x <= 1 since cosh x >= 1 with equality only at 0 (DLMF 4.28.2 with
  e^x + e^-x >= 2): the maximum 1 at x = 0, unique;
- sigmoid' = sigmoid (1 - sigmoid) > 0 since 0 < sigmoid < 1: increasing.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.expr._intervals import Interval
from tanhproof.proof import prove_shape


def _verdicts(p):
    return [str(part.verdict) for part in p.parts]


def test_tanh_is_increasing_through_its_derivative():
    p = prove_shape("tanh(x)", "increasing")
    assert str(p.verdict) == "proved", p.reason
    assert p.relation == "shape"
    assert p.claim == "tanh(x) is increasing on (-oo, oo)"
    identity, sign = p.parts
    # the derivative's identity diff(tanh(x), x) = 1 - tanh(x)**2 is itself proved
    assert str(identity.verdict) == "proved" and str(identity.rhs) == "1 - tanh(x)**2"
    assert str(sign.verdict) == "proved" and sign.relation == ">="
    assert "derivative identity" in p.method and sign.method in p.method
    json.dumps(p.to_dict())


def test_sigmoid_is_increasing():
    assert str(prove_shape("sigmoid(x)", "increasing").verdict) == "proved"


def test_tanh_is_convex_left_of_0_and_concave_right_of_0():
    left = prove_shape("tanh(x)", "convex", where="x <= 0")
    right = prove_shape("tanh(x)", "concave", where="x >= 0")
    assert str(left.verdict) == "proved" and left.where == "(-oo, 0]"
    assert str(right.verdict) == "proved" and right.where == "[0, oo)"
    assert "x = 0" in left.equality and "x = 0" in right.equality
    # the same with an interval record
    assert (
        str(prove_shape("tanh(x)", "convex", where=Interval(hi=Fraction(0), hi_closed=True)).verdict)
        == "proved"
    )


def test_tanh_has_an_inflection_point_at_0():
    p = prove_shape("tanh(x)", "inflection", at=0)
    assert str(p.verdict) == "proved", p.reason
    assert p.claim == "tanh(x) has an inflection point at x = 0"
    # f'' identity, f''(0) = 0, f'' > 0 left, -f'' > 0 right
    assert _verdicts(p) == ["proved"] * 4
    assert "convex to concave" in p.method


def test_sech_squared_has_its_unique_maximum_1_at_0():
    p = prove_shape("sech(x)**2", "maximum", at=0)
    assert str(p.verdict) == "proved", p.reason
    assert p.rhs == 1
    assert p.claim == "sech(x)**2 has its maximum 1 at x = 0 (unique) on (-oo, oo)"
    assert p.equality.endswith("only at x = 0")
    assert str(prove_shape("sech(x)**2", "maximum", at=0, value=1).verdict) == "proved"


def test_false_shape_claims_are_refuted_at_a_certified_point():
    # tanh is increasing, so "decreasing" fails where tanh' > 0: everywhere
    p = prove_shape("tanh(x)", "decreasing")
    assert str(p.verdict) == "refuted"
    assert p.counterexample is not None and p.counterexample.upper < 0
    # sech^2(0) = 1, not 2
    p = prove_shape("sech(x)**2", "maximum", at=0, value=2)
    assert str(p.verdict) == "refuted"
    assert p.counterexample is not None and p.counterexample.point == {"x": Fraction(0)}
    # tanh is concave for x > 0: not convex on the whole line
    assert str(prove_shape("tanh(x)", "convex").verdict) == "refuted"
    # tanh''(1) = -2 tanh(1) sech^2(1) != 0: no inflection at 1
    assert str(prove_shape("tanh(x)", "inflection", at=1).verdict) == "refuted"
    # sech^2 has no minimum at 0: sech^2 < 1 away from 0
    assert str(prove_shape("sech(x)**2", "minimum", at=0).verdict) == "refuted"


def test_several_variables_are_undecided():
    p = prove_shape("tanh(x)*y", "increasing")
    assert str(p.verdict) == "undecided" and "one variable" in p.reason
    # naming the variable makes y a parameter that the sign procedure does not decide
    assert str(prove_shape("tanh(x)*y", "increasing", var="x").verdict) != "proved"


def test_bad_shape_input():
    with pytest.raises(tanhproof.ParseError):
        prove_shape("tanh(x)", "wobbly")
    with pytest.raises(tanhproof.ParseError):
        prove_shape("sech(x)**2", "maximum")  # no point
    with pytest.raises(tanhproof.ParseError):
        prove_shape("tanh(x)", "increasing", where="x**2 < 1")


@settings(max_examples=10, deadline=None)
@given(k=st.fractions(min_value=-8, max_value=8, max_denominator=8).filter(lambda k: k != 0))
def test_tanh_of_kx_is_monotone_with_the_sign_of_k(k):
    """d/dx tanh(kx) = k sech^2(kx): the sign of k."""
    up = prove_shape(f"tanh(({k})*x)", "increasing")
    down = prove_shape(f"tanh(({k})*x)", "decreasing")
    assert (str(up.verdict), str(down.verdict)) == (("proved", "refuted") if k > 0 else ("refuted", "proved"))


def test_a_shape_claim_on_a_written_derivative_is_judged_not_crashed():
    # sech^2 = d/dx tanh peaks at 1 exactly at 0 (hand proof: sech(0) = 1 and
    # cosh(x) >= 1, equality only at 0); written as diff(tanh(x), x) it was a crash
    # ("Can't calculate derivative wrt 0") when the point was substituted.
    p = prove_shape("diff(tanh(x), x)", "maximum", at="0", value="1")
    assert str(p.verdict) == "proved"
    assert str(prove_shape("diff(tanh(x), x)", "maximum", at="0", value="2").verdict) == "refuted"


@pytest.mark.parametrize(
    ("expr", "turn"),
    [
        # sigmoid = 1/2 + x/4 - x^3/48 + x^5/480 - ... (the Maclaurin series), so its fourth
        # derivative is 5!/480 x + O(x^3) = x/4 + O(x^3): it changes sign at 0 from - to +,
        # and it vanishes again near +-2.29, so it has no sign on the whole half-lines.
        ("diff(sigmoid(x), x, 2)", "concave to convex"),
        # (x e^{-x^2})'' = (4x^3 - 6x) e^{-x^2}: -6x near 0; other zeros at +-sqrt(3/2).
        ("x*exp(-x**2)", "convex to concave"),
        # (x^5 - x^3)'' = 20x^3 - 6x: -6x near 0; other zeros at +-sqrt(3/10) = +-0.548.
        ("x**5 - x**3", "convex to concave"),
    ],
)
def test_an_inflection_is_a_local_change_of_concavity(expr, turn):
    p = prove_shape(expr, "inflection", at="0")
    assert str(p.verdict) == "proved" and turn in p.method


def test_no_change_of_concavity_is_no_proved_inflection():
    # (x^4)'' = 12 x^2 >= 0 on both sides: x^4 is convex, 0 is no inflection point.
    assert str(prove_shape("x**4", "inflection", at="0").verdict) != "proved"


def test_a_bad_point_is_named_as_the_point_of_the_shape_claim():
    # It used to say "a limit goes to ...", the wording of another command.
    with pytest.raises(
        tanhproof.ParseError, match=r"^the point of a maximum is a rational number, not 'foo'"
    ):
        prove_shape("tanh(x)", "maximum", at="foo")
    with pytest.raises(tanhproof.ParseError, match="the point of an inflection is a rational number"):
        prove_shape("tanh(x)", "inflection", at="oo")
