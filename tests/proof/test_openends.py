"""Open domain ends (``x -> 0+``) decided as tails by ``x = a + 1/t**p`` (issue 12).

Every expected answer has an independent source: a textbook bound with its hand proof
written next to the claim. A false claim must be refuted with a certified point or stay
undecided, never proved; the Hypothesis property shifts sharp bounds by rationals near 0
(truth decided by the sign of the shift, :func:`strategies.sharp_bounds`).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from strategies import sharp_bounds

import tanhproof as tp
from tanhproof.expr._intervals import Interval
from tanhproof.expr._parser import symbol
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._reading import parse
from tanhproof.proof._boxes import sign_by_boxes
from tanhproof.proof._openends import rational_tail_sign

x = symbol("x")
POSITIVE = Interval(lo=Fraction(0))


@pytest.mark.parametrize(
    ("claim", "where", "equality"),
    [
        # log x < x: log x <= x - 1 < x (the next claim).
        ("log(x) < x", "x > 0", ""),
        # log x <= x - 1, equality only at 1: (x - 1 - log x)' = 1 - 1/x changes sign at 1.
        ("log(x) <= x - 1", "x > 0", "equality only at x = 1"),
        # AM-GM: (1 + x)/2 - sqrt x = (1 - sqrt x)**2/2 >= 0, zero only at x = 1.
        ("sqrt(x) <= (1 + x)/2", "x > 0", "equality only at x = 1"),
        ("sqrt(x) <= (1 + x)/2", "x >= 0", "equality only at x = 1"),
        # 1/x > 0 for x > 0.
        ("1/x > 0", "x > 0", ""),
        # (x log x - x + 1)' = log x changes sign at 1: minimum 0 there.
        ("x*log(x) >= x - 1", "x > 0", "equality only at x = 1"),
        # sqrt x >= x on [0, 1] (x = sqrt(x)**2 <= sqrt x there): equality at 0 and 1.
        ("sqrt(x) >= x", "0 <= x <= 1", "equality only at x = 0, x = 1"),
        # log(1 + x) <= x for x > -1 (same hand proof as log u <= u - 1, u = 1 + x).
        ("log(1 + x) <= x", "x > -1", "equality only at x = 0"),
        # x log x >= -1/e > -2/3: (x log x)' = log x + 1, minimum -1/e at 1/e.
        ("x*log(x) > -2/3", "x > 0", ""),
    ],
)
def test_open_end_claims_are_proved(claim, where, equality):
    p = tp.prove(claim, where=where)
    assert str(p.verdict) == "proved", p.reason
    assert p.equality == equality
    assert "the domain's ends as tails" in p.method
    (end,) = p.certificate["ends"]
    assert end["zeros_excluded"] is True and ": x = " in end["tail"]


@pytest.mark.parametrize(
    ("claim", "where", "witness"),
    [
        ("log(x) < x - 1", "x > 0", Fraction(1)),  # equality at 1 (above)
        ("sqrt(x) < (1 + x)/2", "x > 0", Fraction(1)),  # equality at 1 (AM-GM above)
        ("sqrt(x) > x", "0 <= x <= 1", Fraction(0)),  # equality at 0
        ("x*log(x) >= -1/3", "x > 0", None),  # min x log x = -1/e = -0.3679 < -1/3
    ],
)
def test_false_open_end_claims_are_refuted_at_certified_points(claim, where, witness):
    p = tp.prove(claim, where=where)
    assert str(p.verdict) == "refuted", p.reason
    (point,) = p.counterexample.point.values()
    if witness is not None:
        assert point == witness


def test_false_claim_whose_counterexample_is_out_of_reach_stays_undecided():
    # log x + 100 > 0 fails for x < e**-100 (about 3.7e-44): no tail argument shows the end
    # x -> 0+ (log(1/t) + 100 tends to -oo), and no box reaches that far: undecided, with it.
    p = tp.prove("log(x) + 100 > 0", where="x > 0")
    assert str(p.verdict) == "undecided"
    assert "the end x -> 0+" in p.reason


def test_closed_end_is_decided_as_a_point():
    # sqrt(x)*(2 + erf(x)) >= 0 on [0, oo): sqrt(0) = 0, so the closed end is a zero.
    r = sign_by_boxes(parse("sqrt(x)*(2 + erf(x))"), x, Interval(lo=Fraction(0), lo_closed=True), False)
    assert r.holds is True and r.zeros == ("x = 0",)
    r = sign_by_boxes(parse("sqrt(x)*(2 + erf(x))"), x, Interval(lo=Fraction(0), lo_closed=True), True)
    assert r.holds is False and r.witness == 0


def test_right_open_end():
    # log u < u for u = 1 - x > 0 (log u <= u - 1 above), so 1 - x - log(1 - x) > 0 on
    # x < 1; the end x -> 1- is the tail t -> oo of x = 1 - 1/t.
    r = sign_by_boxes(parse("1 - x - log(1 - x)"), x, Interval(hi=Fraction(1)), True)
    assert r.holds is True
    assert any("x = 1 - 1/t" in e["tail"] for e in r.certificate["ends"])


def test_rational_tail_sign_is_exact():
    # 1/t - 1/t**2 = (t - 1)/t**2: positive for t > 1, zero at t = 1.
    t = sympy.Symbol("t", positive=True)
    assert rational_tail_sign(1 / t - 1 / t**2, t, Fraction(2)) is not None
    assert rational_tail_sign(1 / t - 1 / t**2, t, Fraction(1)) is None
    assert rational_tail_sign(1 / t - 1 / t**2 - sympy.Rational(1, 4), t, Fraction(2)) is None  # 0 at t = 2
    assert rational_tail_sign(sympy.log(t), t, Fraction(2)) is None  # not rational


def test_tail_zeros_are_not_hidden():
    # (x - 100)**2*(2 + erf(x)) >= 0 vanishes at x = 100, beyond every tail start (1 .. 64):
    # the tail's enclosure [0, oo] proves the claim but cannot exclude a zero, and says so.
    r = sign_by_boxes(parse("(x - 100)**2*(2 + erf(x))"), x, Interval(), False)
    assert r.holds is True
    assert any("not excluded" in z for z in r.zeros)


# --- property: sharp bounds shifted near 0 are never wrongly decided -------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sharp_bounds())
def test_sharp_bounds_are_never_wrongly_decided(case):
    claim, where, holds = case
    p = tp.prove(claim, where=where)
    verdict = str(p.verdict)
    if holds:
        assert verdict != "refuted", (claim, where, p.reason)
    else:
        assert verdict != "proved", (claim, where, p.method)
    if verdict == "refuted":  # the counterexample is certified again here, with arb
        (point,) = p.counterexample.point.values()
        lhs, rhs = (parse(side) for side in claim.replace("<=", "<").split(" < "))
        ball = arb_eval(rhs - lhs, {x: point}, 256)
        assert ball < 0 or (ball.contains(0) and "<=" not in claim)
    # every one of these is decided (all are within the arguments of issue 12)
    assert verdict != "undecided", (claim, where, p.reason)
