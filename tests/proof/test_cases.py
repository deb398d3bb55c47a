"""Claims with ``abs`` decided by cases on the signs of its arguments (issue 12).

Each expected answer comes with its hand proof (or a textbook bound) next to the claim.
Kinks (zeros of an argument of ``abs``) must be split points; on each piece the claim is
about a smooth function, so a Taylor argument or the exact procedure applies there.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import tanhproof as tp
from tanhproof.expr._intervals import Interval
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse
from tanhproof.proof._cases import abs_nodes, kink_points, sign_by_cases, smooth_piece
from tanhproof.proof._inequality import decide_sign

x = symbol("x")


def test_abs_tanh_below_abs_with_equality_at_the_kink():
    # |tanh x| <= |x|: tanh x <= x for x >= 0 (d/dx (x - tanh x) = tanh**2 >= 0) and tanh is
    # odd (DLMF 4.35.25); equality only at 0, the kink of both sides.
    p = tp.prove("abs(tanh(x)) <= abs(x)")
    assert str(p.verdict) == "proved", p.reason
    assert p.equality == "equality only at x = 0"
    assert p.method.startswith("by cases on the signs of the arguments of abs (2 pieces)")
    pieces = p.certificate["cases"]
    assert [c["piece"] for c in pieces] == ["(-oo, 0]", "[0, oo)"]
    assert pieces[1]["f"] == "x - tanh(x)" and pieces[0]["f"] == "-x + tanh(x)"
    touching = [b for c in pieces for b in c["certificate"]["boxes"] if "touch" in b]
    assert touching and all(
        b["touch"] == "0" and b["order"] == 3 for b in touching
    )  # x - tanh x = x**3/3 + ...


def test_strict_version_fails_at_the_kink():
    p = tp.prove("abs(tanh(x)) < abs(x)")
    assert str(p.verdict) == "refuted"
    assert p.counterexample.point == {"x": Fraction(0)}


def test_kink_at_a_rational_point_off_zero():
    # |sinh u| >= |u| (sinh u - u has derivative cosh u - 1 >= 0), u = x - 1/3.
    p = tp.prove("abs(sinh(x - 1/3)) >= abs(x - 1/3)")
    assert str(p.verdict) == "proved", p.reason
    assert p.equality == "equality only at x = 1/3"


def test_abs_with_one_sign_on_the_interval_needs_no_split():
    # |x| - tanh x = x - tanh x >= 0 on x >= 0 (as above), equality at 0.
    r = sign_by_cases(
        parse("abs(x) - tanh(x)"), x, Interval(lo=Fraction(0), lo_closed=True), False, decide_sign
    )
    assert r is not None and r.holds is True and r.zeros == ("x = 0",)
    assert len(r.certificate["cases"]) == 1


def test_log_cosh_above_abs_minus_log_two():
    # DLMF 4.28.2: cosh x = (e^|x| + e^-|x|)/2 > e^|x|/2, so log cosh x > |x| - log 2; on
    # x >= 0 the tail is log(1 + e^-2x) > 0, an exact rewrite of log(cosh x) - x + log 2.
    p = tp.prove("log(cosh(x)) > abs(x) - log(2)")
    assert str(p.verdict) == "proved", p.reason
    p = tp.prove("log(cosh(x)) >= abs(x) - log(2)")
    assert str(p.verdict) == "proved" and p.equality == "equality nowhere"


def test_false_claim_with_abs_is_refuted_on_its_piece():
    # log cosh x - |x| + 69/100 < 0 for large |x| (tends to 69/100 - log 2 = -0.0031...).
    p = tp.prove("log(cosh(x)) > abs(x) - 69/100")
    assert str(p.verdict) == "refuted"


def test_nested_abs():
    # ||x| - 1| >= 0 with equality at x = +-1; the inner abs is resolved first on each piece.
    r = sign_by_cases(parse("abs(abs(x) - 1)*(2 + erf(x))"), x, Interval(), False, decide_sign)
    assert r is not None and r.holds is True
    assert r.zeros == ("x = -1", "x = 1")


def test_irrational_kink_is_not_a_split_point():
    # |x**2 - 2| vanishes at +-sqrt(2), no rational point: no split there.
    assert kink_points(abs_nodes(parse("abs(x**2 - 2)")), x, Interval()) == []
    assert kink_points(abs_nodes(parse("abs(x**2 - 1/4)")), x, Interval()) == [
        Fraction(-1, 2),
        Fraction(1, 2),
    ]


def test_smooth_piece_replaces_inner_abs_first():
    inner = sympy.Abs(x)
    outer = sympy.Abs(inner - 1)
    assert smooth_piece(outer, {inner: -1, outer: 1}) == -x - 1


def test_no_abs_is_not_for_cases():
    assert sign_by_cases(parse("x - tanh(x)"), x, Interval(), False, decide_sign) is None


@pytest.mark.parametrize("claim", ["abs(tanh(x)) <= abs(x) - 1/1000", "abs(x) <= abs(tanh(x))"])
def test_false_abs_claims_are_refuted(claim):
    # |x| - |tanh x| is 0 at 0 and positive elsewhere (above): both fail.
    assert str(tp.prove(claim).verdict) == "refuted"
