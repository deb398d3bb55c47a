"""Inequality claims: prove_inequality and tanhproof.prove with one claim.

Each expected verdict has a hand proof in the comment (T = exp(x) > 0 throughout),
or a textbook bound: |tanh x| < 1 and 0 < sech^2 x <= 1 (DLMF 4.28 definitions:
tanh = (T^2 - 1)/(T^2 + 1), sech = 2T/(T^2 + 1)); 0 < sigmoid(x) = T/(T + 1) < 1.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.expr._errors import DomainError, ParseError
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._reading import parse
from tanhproof.proof import prove_inequality
from tanhproof.proof._records import Verdict
from tanhproof.render._render import render_proofs

x = parse("x")


@pytest.mark.parametrize(
    ("claim", "where", "equality"),
    [
        # 1 - tanh = 2/(T^2 + 1) > 0
        ("tanh(x) < 1", None, ""),
        # 1 - sech^2 = tanh^2 >= 0, zero only at x = 0
        ("sech(x)**2 <= 1", None, "equality only at x = 0"),
        # T/(T + 1) > 0
        ("sigmoid(x) > 0", None, ""),
        # tanh(x) = (T^2 - 1)/(T^2 + 1) >= 0 for T >= 1
        ("tanh(x) >= 0", "x >= 0", "equality only at x = 0"),
        # cosh(x) - 1 = (T - 1)^2/(2T) >= 0; a non-strict claim with no zero
        ("cosh(x) >= 1/2", None, "equality nowhere"),
        ("1 >= sech(x)", None, "equality only at x = 0"),
        # constants
        ("1 < 2", None, ""),
        ("exp(1) > 2", None, ""),
    ],
)
def test_proved(claim, where, equality):
    p = prove_inequality(claim, where)
    assert p.verdict is Verdict.PROVED, p.reason
    assert p.equality == equality
    assert p.claim == claim.strip()
    assert p.where == (where or "")
    assert p.relation in ("<", "<=", ">", ">=")


def test_chains():
    # -1 < tanh(x) < 1 (DLMF 4.28: |tanh x| < 1)
    p = tanhproof.prove("-1 < tanh(x) < 1")
    assert p.verdict is Verdict.PROVED and p.relation == "<"
    assert [q.verdict for q in p.parts] == [Verdict.PROVED, Verdict.PROVED]
    assert [q.relation for q in p.parts] == ["<", "<"]
    # 0 < sigmoid(x) < 1
    assert prove_inequality("0 < sigmoid(x) < 1").proved
    # 0 <= tanh(x) < 1 fails at x = -1 (tanh(-1) < 0): one link refuted
    p = prove_inequality("0 <= tanh(x) < 1")
    assert p.verdict is Verdict.REFUTED
    assert [q.verdict for q in p.parts] == [Verdict.REFUTED, Verdict.PROVED]
    assert p.counterexample is not None
    # with where x >= 0 it holds
    assert prove_inequality("0 <= tanh(x) < 1", where="x >= 0").proved


def test_refuted_with_certified_counterexample():
    # tanh(-1) < 0
    p = tanhproof.prove("tanh(x) > 0")
    assert p.verdict is Verdict.REFUTED
    cx = p.counterexample
    assert cx is not None
    w = cx.point["x"]
    assert isinstance(w, Fraction)
    # the enclosure is of rhs - lhs = -tanh(w) and excludes the allowed side (< 0)
    assert cx.lower >= 0 and cx.bits >= 64
    assert arb_eval(parse("tanh(x)"), {x: w}, 128) < 0


def test_strict_claim_refuted_at_equality_point():
    # tanh(0) = 0: tanh(x) > 0 on x >= 0 fails at the end point, exactly
    p = prove_inequality("tanh(x) > 0", where="x >= 0")
    assert p.verdict is Verdict.REFUTED
    assert p.counterexample.point == {"x": Fraction(0)}
    assert p.counterexample.lower == p.counterexample.upper


def test_sech_squared_strictly_below_one_is_refuted_at_zero():
    # sech(0)**2 = 1
    p = prove_inequality("sech(x)**2 < 1")
    assert p.verdict is Verdict.REFUTED and p.counterexample.point == {"x": Fraction(0)}


def test_several_variables():
    # cosh(x)cosh(y) >= 1 is true (each factor >= 1, cosh(0) = 1 only at 0, DLMF 4.28), decided exactly
    p = prove_inequality("cosh(x)*cosh(y) >= 1")
    assert p.proved and "equality only at x = 0, y = 0" in p.equality
    # three variables coupled in one factor: outside the decided class, undecided with the reason
    p = prove_inequality("cosh(x)*cosh(y)*cosh(z) >= 1")
    assert p.verdict is Verdict.UNDECIDED and "several variables" in p.reason
    # exp(x) + exp(y) > 0: every term of the exp-rational form is positive
    p = prove_inequality("exp(x) + exp(y) > 0")
    assert p.proved and "several variables" in p.method
    # sech(x)*sech(y) = 4 T U/((T^2 + 1)(U^2 + 1)) > 0
    assert prove_inequality("sech(x)*sech(y) > 0").proved
    # tanh(x) < 1 + y fails at y = -2 (1 + y = -1 < tanh(x)): certified
    p = prove_inequality("tanh(x) < 1 + y")
    assert p.verdict is Verdict.REFUTED and p.counterexample.point["y"] <= -1
    # a where-condition on one of the variables restricts the search
    p = prove_inequality("tanh(x) + tanh(y) > 0", where="y > 0")
    assert p.verdict is Verdict.REFUTED and p.counterexample.point["y"] > 0
    with pytest.raises(ParseError):
        prove_inequality("tanh(x) + tanh(y) > 0", where="z**2 > 0")


def test_domain_conditions_narrow_the_interval():
    # log(x) needs x > 0; exp(log(x)) = x < x + 1 there
    p = prove_inequality("log(x) < x")
    assert p.verdict is not Verdict.REFUTED
    assert any("x > 0" in c for c in p.caveats) or "(0, oo)" in p.certificate.get("interval", "")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("tanh(x) == 1",), {}),
        (("tanh(x) < 1", "2"), {}),
        (("tanh(x)", "1"), {"where": "x > 0"}),
        (("tanh(x) < 1",), {"where": "x**2 < 1"}),
        (("tanh(x)",), {}),
    ],
)
def test_bad_input(args, kwargs):
    with pytest.raises(ParseError):
        tanhproof.prove(*args, **kwargs)


def test_identities_unchanged():
    p = tanhproof.prove("1 - tanh(x)**2", "sech(x)**2")
    assert p.proved and p.relation == "=" and p.parts == ()


def test_rendering_shows_relation_where_and_equality():
    text = render_proofs([prove_inequality("tanh(x) >= 0", where="x >= 0")], "text", unicode=False)
    assert "1. tanh(x) >= 0" in text
    assert "where: x >= 0" in text
    assert "equality only at x = 0" in text
    chain = render_proofs([prove_inequality("-1 < tanh(x) < 1")], "text")
    assert chain.splitlines()[0] == "1. −1 < tanh(x) < 1"
    assert "links:" in chain
    latex = render_proofs([prove_inequality("sech(x)**2 <= 1")], "latex")
    assert r"&\le 1" in latex
    md = render_proofs([prove_inequality("sech(x)**2 <= 1")], "markdown")
    assert r"\le 1$$" in md
    assert '"relation": "<="' in render_proofs([prove_inequality("sech(x)**2 <= 1")], "json")


# --------------------------------------------------------------------------- property

_ATOMS = ["tanh({a})", "sech({a})**2", "sigmoid({a})", "exp({a})", "cosh({a})"]


@st.composite
def exp_rational(draw) -> str:
    terms = [str(draw(st.integers(-3, 3)))]
    for _ in range(draw(st.integers(1, 3))):
        atom = draw(st.sampled_from(_ATOMS))
        k = draw(st.sampled_from(["x", "2*x", "x/2", "-x"]))
        c = draw(st.integers(-3, 3).filter(bool))
        terms.append(f"({c})*{atom.format(a=k)}")
    return " + ".join(terms)


@settings(max_examples=30, deadline=None)
@given(
    exp_rational(),
    st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=7), min_size=4, max_size=4),
)
def test_verdicts_agree_with_arb(f, points):
    """A proved ``f >= 0`` is never negative at rational points (arb); a refuted one's
    counterexample really fails (checked again here, at another precision)."""
    p = prove_inequality(f"{f} >= 0")
    assert p.verdict is not Verdict.UNDECIDED, p.reason
    expr = parse(f)
    if p.proved:
        for q in points:
            assert not arb_eval(expr, {x: q}, 128) < 0
    else:
        w = p.counterexample.point["x"]
        assert arb_eval(expr, {x: w}, 200) < 0


@pytest.mark.parametrize("claim", ["log(-exp(x)) < 1", "1/(x - x) < 1", "atanh(2) < x"])
def test_sides_undefined_everywhere_are_refused(claim):
    with pytest.raises(DomainError):
        prove_inequality(claim)


def test_sympy_relations_are_claims():
    import sympy

    t = sympy.Symbol("t", real=True)
    assert tanhproof.prove(sympy.Lt(sympy.tanh(t), 1)).proved
    p = tanhproof.prove(sympy.Ge(sympy.tanh(t), 0), where="t >= 0")
    assert p.proved and p.equality == "equality only at t = 0"
    with pytest.raises(ParseError):
        tanhproof.prove(sympy.Ne(sympy.tanh(t), 2))


def test_a_single_point():
    # tanh(0) = 0, tanh(1) > 0 > tanh(-1)
    assert prove_inequality("tanh(x) >= 0", where="0 <= x <= 0").equality == "equality only at x = 0"
    assert prove_inequality("tanh(x) > 0", where="1 <= x <= 1").proved
    assert prove_inequality("tanh(x) > 0", where="-1 <= x <= -1").verdict is Verdict.REFUTED
