"""Signs outside the exp-rational class by rigorous interval subdivision (issue 12).

Every expected answer has a source independent of tanhproof: a textbook or DLMF bound,
a hand proof written next to the claim, or mpmath at 50 digits. Refutations are
checked with arb at the returned witness; proofs are checked by re-reading their
certificate (boxes cover the bounded part) and, in the Hypothesis property, by arb
values at random rational points.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanhproof.expr._intervals import Interval
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import symbol
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._reading import parse
from tanhproof.proof import _boxes
from tanhproof.proof._boxes import sign_by_boxes

x = symbol("x")
WHOLE = Interval()
NONNEG = Interval(lo=Fraction(0), lo_closed=True)
POSITIVE = Interval(lo=Fraction(0))


def closed(a: int, b: int) -> Interval:
    return Interval(Fraction(a), Fraction(b), True, True)


def fails_at(text: str, point: Fraction) -> bool:
    """Whether arb certifies ``f(point) < 0``."""
    return bool(arb_eval(parse(text), {x: point}, 128) < 0)


def covered(result, interval_lo: Fraction, interval_hi: Fraction) -> bool:
    """Whether the certificate's boxes tile ``[lo, hi]`` with no gap."""
    boxes = sorted((Fraction(b["lo"]), Fraction(b["hi"])) for b in result.certificate["boxes"])
    reach = interval_lo
    for lo, hi in boxes:
        if lo > reach:
            return False
        reach = max(reach, hi)
    return reach >= interval_hi


# --- true claims ----------------------------------------------------------------------------


def test_tanh_below_identity_on_half_line_with_equality_at_zero():
    # tanh x <= x for x >= 0 (textbook bound). Hand proof: d/dx (x - tanh x) = tanh(x)**2 >= 0
    # and x - tanh x = 0 at x = 0; equality only at 0 (tanh**2 > 0 for x > 0).
    r = sign_by_boxes(parse("x - tanh(x)"), x, NONNEG, strict=False)
    assert r.holds is True
    assert r.zeros == ("x = 0",)
    assert "interval subdivision with arb" in r.method
    assert r.certificate["tails"], "the tail [A, oo) needs its own argument"
    lo, hi = (Fraction(v) for v in r.certificate["bounded_part"])
    assert covered(r, lo, hi)


def test_tanh_below_identity_strict_on_open_half_line():
    # Same hand proof: x - tanh x is strictly increasing on (0, oo) from 0.
    r = sign_by_boxes(parse("x - tanh(x)"), x, POSITIVE, strict=True)
    assert r.holds is True and r.zeros == ()


def test_touching_point_on_a_bounded_interval():
    # sech(x)**2 <= 1 (cosh x >= 1), equality only at 0: 1 - sech**2 = tanh**2.
    r = sign_by_boxes(parse("1 - sech(x)**2"), x, closed(-3, 3), strict=False)
    assert r.holds is True and r.zeros == ("x = 0",)
    assert covered(r, Fraction(-3), Fraction(3))
    assert any("touch" in b for b in r.certificate["boxes"])


def test_touching_point_at_a_simple_rational_that_bisection_never_hits():
    # tanh(x - 2/3)**2 >= 0 with equality only at x = 2/3 (tanh vanishes only at 0); 2/3 is
    # no dyadic point, so it must be found as a split point and proved a zero exactly.
    r = sign_by_boxes(parse("tanh(x - 2/3)**2"), x, WHOLE, strict=False)
    assert r.holds is True and r.zeros == ("x = 2/3",)
    r = sign_by_boxes(parse("tanh(x - 2/3)**2"), x, WHOLE, strict=True)
    assert r.holds is False and r.witness == Fraction(2, 3)


def test_irrational_touching_point_is_undecided_within_the_precision_budget():
    # (x**2 - 1/8)**2 >= 0 touches 0 at x = +-1/sqrt(8), irrational: no box end is a zero,
    # the enclosures never exclude 0 there, and the precision budget ends the search.
    r = sign_by_boxes(parse("x**4 - x**2/4 + 1/64"), x, closed(0, 1), strict=False)
    assert r.holds is None and "precision budget exhausted" in r.reason


def test_sech_squared_at_most_one_on_the_whole_line():
    r = sign_by_boxes(parse("1 - sech(x)**2"), x, WHOLE, strict=False)
    assert r.holds is True and r.zeros == ("x = 0",)
    assert len(r.certificate["tails"]) == 2


def test_softplus_above_identity_on_a_bounded_interval():
    # log(1 + exp(x)) > x. Hand proof: log(1 + e^x) - x = log(1 + e^-x) > 0 since e^-x > 0.
    r = sign_by_boxes(parse("log(1 + exp(x)) - x"), x, closed(-8, 8), strict=True)
    assert r.holds is True


@pytest.mark.parametrize("text", ["log(1 + exp(x)) - x", "softplus(x) - x"])
def test_softplus_above_identity_on_the_whole_line(text):
    # Same hand proof; towards +oo the claim cancels (f -> 0), decided by the exact rewrite
    # log(1 + e^x) - x = log(e^-x + 1) >= 0, f' = -1/(1 + e^x) <= 0 and analyticity.
    r = sign_by_boxes(parse(text), x, WHOLE, strict=True)
    assert r.holds is True
    assert any("analytic" in t["argument"] for t in r.certificate["tails"])


@pytest.mark.parametrize("strict", [False, True])
def test_erf_at_most_one(strict):
    # |erf x| < 1 for real x (DLMF 7.2.1: erf x = 2/sqrt(pi) * integral of exp(-t^2) from 0
    # to x, and the integral over (0, oo) is sqrt(pi)/2).
    r = sign_by_boxes(parse("1 - erf(x)"), x, WHOLE, strict=strict)
    assert r.holds is True


def test_softplus_positive():
    # softplus(x) = log(1 + e^x) > log(1) = 0 (hand proof: log is increasing, e^x > 0).
    r = sign_by_boxes(parse("softplus(x)"), x, WHOLE, strict=True)
    assert r.holds is True


def test_sqrt_above_abs_on_a_bounded_interval():
    # sqrt(x**2 + 1) > |x| = sqrt(x**2) (hand proof: sqrt is increasing).
    r = sign_by_boxes(parse("sqrt(x**2 + 1) - abs(x)"), x, closed(-5, 5), strict=True)
    assert r.holds is True


@pytest.mark.parametrize("strict", [False, True])
def test_sqrt_above_abs_on_the_whole_line(strict):
    # Same hand proof; towards +-oo the claim cancels, decided through the exact conjugate
    # sqrt(x**2 + 1) - |x| = 1/(sqrt(x**2 + 1) + |x|), positive at every point.
    r = sign_by_boxes(parse("sqrt(x**2 + 1) - abs(x)"), x, WHOLE, strict=strict)
    assert r.holds is True and len(r.certificate["tails"]) == 2


def silu_minimum() -> mpmath.mpf:
    """min x*sigmoid(x), by mpmath at 50 digits: the critical point solves 1 + x*(1 - sigmoid(x)) = 0."""
    with mpmath.workdps(50):
        sig = lambda t: 1 / (1 + mpmath.exp(-t))  # noqa: E731
        c = mpmath.findroot(lambda t: 1 + t * (1 - sig(t)), -1.3)
        return c * sig(c)


def test_silu_minimum_reference():
    assert -0.2785 < silu_minimum() < -0.2784  # about -0.278465


def test_silu_bounded_below_on_the_whole_line():
    assert silu_minimum() > mpmath.mpf(-28) / 100
    r = sign_by_boxes(parse("x*sigmoid(x) + 28/100"), x, WHOLE, strict=True)
    assert r.holds is True
    assert len(r.certificate["tails"]) == 2


# --- false claims ---------------------------------------------------------------------------


def test_tanh_below_identity_fails_on_the_whole_line():
    # tanh(-1) = -0.7615941559557649 > -1 (DLMF 4.35 values), so x - tanh x < 0 at -1.
    r = sign_by_boxes(parse("x - tanh(x)"), x, WHOLE, strict=False)
    assert r.holds is False
    assert r.witness is not None and r.witness < 0
    assert fails_at("x - tanh(x)", r.witness)


def test_erf_below_tanh_fails_near_one():
    # erf(1) = 0.8427007929497149 > tanh(1) = 0.7615941559557649 (DLMF 7.2, 4.35 values).
    r = sign_by_boxes(parse("tanh(x) - erf(x)"), x, NONNEG, strict=False)
    assert r.holds is False
    assert r.witness is not None and NONNEG.contains(r.witness)
    assert fails_at("tanh(x) - erf(x)", r.witness)


def test_strict_claim_fails_at_an_exact_zero():
    # x - tanh x = 0 at x = 0, so x - tanh x > 0 on [0, oo) is false there.
    r = sign_by_boxes(parse("x - tanh(x)"), x, NONNEG, strict=True)
    assert r.holds is False and r.witness == 0


def test_silu_not_above_minus_027():
    # min SiLU = -0.278465... < -0.27 (mpmath above).
    assert silu_minimum() < mpmath.mpf(-27) / 100
    r = sign_by_boxes(parse("x*sigmoid(x) + 27/100"), x, WHOLE, strict=True)
    assert r.holds is False
    assert fails_at("x*sigmoid(x) + 27/100", r.witness)


# --- undecided, with the reason -------------------------------------------------------------


def test_box_budget_is_counted_in_work(monkeypatch):
    monkeypatch.setattr(_boxes, "MAX_BOXES", 3)
    r = sign_by_boxes(parse("x - tanh(x)"), x, closed(0, 2), strict=False)
    assert r.holds is None
    assert "box budget exhausted (3 boxes, LIMITS.max_boxes)" in r.reason


def test_budgets_are_the_documented_limits():
    from tanhproof.expr import _limits

    assert (_boxes.MAX_BOXES, _boxes.MAX_PRECISION, _boxes.MAX_TAYLOR_ORDER) == (
        LIMITS.max_boxes,
        LIMITS.max_box_bits,
        LIMITS.max_taylor_order,
    )
    for name in ("max_boxes", "max_box_bits", "max_taylor_order"):
        assert f"``{name}``" in (_limits.__doc__ or "")


def test_touching_point_of_order_five():
    # tanh x = x - x**3/3 + 2x**5/15 - ... (Abramowitz-Stegun 4.5.64), so f = tanh x - x + x**3/3
    # has a zero of order 5 at 0. Hand proof of f >= 0 on x >= 0: f(0) = 0 and
    # f' = x**2 - tanh(x)**2 >= 0 since 0 <= tanh x <= x there; equality only at 0.
    r = sign_by_boxes(parse("tanh(x) - x + x**3/3"), x, NONNEG, strict=False)
    assert r.holds is True and r.zeros == ("x = 0",)
    assert [b["order"] for b in r.certificate["boxes"] if "touch" in b] == [5]


def test_taylor_order_is_a_budget(monkeypatch):
    # The same claim with Taylor arguments of order at most 4: the zero of order 5 is out of
    # reach and the boxes next to 0 never decide; undecided, naming the limit it ran out of.
    monkeypatch.setattr(_boxes, "MAX_TAYLOR_ORDER", 4)
    monkeypatch.setattr(_boxes, "MAX_PRECISION", 96)
    r = sign_by_boxes(parse("tanh(x) - x + x**3/3"), x, closed(0, 1), strict=False)
    assert r.holds is None and "LIMITS.max_box_bits" in r.reason


def test_log_cosh_below_half_square_touches_at_order_four():
    # log cosh x = x**2/2 - x**4/12 + ... (from A&S 4.5.64 integrated: (log cosh)' = tanh).
    # Hand proof of x**2/2 - log cosh x >= 0: even, 0 at 0, derivative x - tanh x >= 0 on x >= 0.
    r = sign_by_boxes(parse("x**2/2 - log(cosh(x))"), x, WHOLE, strict=False)
    assert r.holds is True and r.zeros == ("x = 0",)
    assert {b["order"] for b in r.certificate["boxes"] if "touch" in b} == {4}


def test_cancelling_tail_is_undecided_with_its_reason():
    # x*tanh(x) - x + 1/2 > 0 is true: x*(tanh x - 1) = -2x/(e^(2x) + 1) = u*sigmoid(u) with
    # u = -2x, at least the SiLU minimum -0.2785 (mpmath, below). But towards +oo x*tanh(x) - x
    # is oo - oo in every enclosure, and f' = tanh - 1 + x*sech**2 shows no sign there either.
    r = sign_by_boxes(parse("x*tanh(x) - x + 1/2"), x, WHOLE, strict=True)
    assert r.holds is None
    assert "the tail [64, oo)" in r.reason


def test_several_variables_undecided():
    r = sign_by_boxes(parse("x - tanh(y)"), x, WHOLE, strict=False)
    assert r.holds is None and "one variable" in r.reason


# --- property: proofs agree with arb at random points ---------------------------------------

TEMPLATES = (
    "x - tanh(x)",
    "erf(x) - tanh(x)",
    "x*sigmoid(x)",
    "sech(x)**2",
    "softplus(x) - x",
    "sqrt(x**2 + 1)",
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(TEMPLATES),
    st.fractions(min_value=-2, max_value=2, max_denominator=8),
    st.integers(-4, 3),
    st.integers(1, 4),
    st.booleans(),
    st.lists(st.fractions(min_value=0, max_value=1, max_denominator=1000), min_size=1, max_size=5),
)
def test_verdicts_agree_with_arb_at_rational_points(template, shift, a, width, strict, ts):
    text = f"{template} + ({shift})"
    lo, hi = Fraction(a), Fraction(a + width)
    r = sign_by_boxes(parse(text), x, closed(a, a + width), strict=strict)
    if r.holds is True:
        for t in ts:
            p = lo + t * (hi - lo)
            ball = arb_eval(parse(text), {x: p}, 128)
            assert not ball < 0, (text, p, ball)
            if strict:
                assert not ball == flint.arb(0)
    elif r.holds is False:
        assert r.witness is not None and lo <= r.witness <= hi
        ball = arb_eval(parse(text), {x: r.witness}, 128)
        assert ball < 0 or (strict and ball.contains(0))
