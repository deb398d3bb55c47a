"""Tests of the compiled arb closures of tanhproof.numeric._arb.

The single-value path evaluates :func:`compile_arb_by_name` (variables keyed by name)
where the Ziv loop evaluates :func:`compile_arb` (keyed by symbol); the fast step is
only right if the two give the same balls, bit for bit (midpoint and radius), and raise
alike. The square node multiplies the ball by itself where it excludes 0 and must
give ``b**2`` exactly (python-flint's power, the independent reference); small dyadic
constants are exact balls.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import sympy
from flint import arb, fmpq
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import expressions

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._parser import symbol
from tanhproof.numeric._arb import compile_arb, compile_arb_by_name, to_fraction
from tanhproof.numeric._reading import parse

_POINTS = st.fractions(min_value=-6, max_value=6, max_denominator=2**12)


def _run(function, values, bits):
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        ball = function(values)
        return ball.mid().str(radius=False, more=True), ball.rad().str(radius=False, more=True)
    except TanhproofError as exc:
        return type(exc), str(exc)
    finally:
        flint.ctx.prec = old


@settings(max_examples=80, deadline=None)
@given(expressions(variables=("x", "y")), _POINTS, _POINTS, st.sampled_from([20, 53, 86, 200]))
def test_by_name_is_by_symbol(text, x, y, bits):
    expr = parse(text)
    by_symbol, by_name = compile_arb(expr), compile_arb_by_name(expr)
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        bx, by = arb(fmpq(x.numerator, x.denominator)), arb(fmpq(y.numerator, y.denominator))
    finally:
        flint.ctx.prec = old
    assert _run(by_symbol, {symbol("x"): bx, symbol("y"): by}, bits) == _run(
        by_name, {"x": bx, "y": by}, bits
    )


@settings(max_examples=200, deadline=None)
@given(
    st.fractions(min_value=-(10**6), max_value=10**6),
    st.fractions(min_value=0, max_value=10**3),
    st.sampled_from([2, 20, 53, 86, 300]),
)
def test_square_is_arb_power(mid, rad, bits):
    square = compile_arb_by_name(parse("x**2"))
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        b = arb(fmpq(mid.numerator, mid.denominator), fmpq(rad.numerator, rad.denominator))
        got = square({"x": b})
        if not b.contains(0):
            expected = b**2
            assert (got.mid(), got.rad()) == (expected.mid(), expected.rad())
        else:  # the old path: [0, |b|**2] from the bound on |b|
            assert got.contains(0) and got.upper() >= b.abs_upper() ** 2
    finally:
        flint.ctx.prec = old


def test_small_dyadic_constants_are_exact():
    # A dyadic of at most 16 bits is made once, exact: the ball arb(fmpq) gives at 16 bits
    # or more, and tighter below (where arb rounds it); 1/3 is made at each call, as before.
    old = flint.ctx.prec
    try:
        for q in (sympy.Rational(65535, 4), sympy.Rational(-3, 1024), sympy.Integer(7)):
            node = compile_arb_by_name(q)
            for bits in (2, 8, 16, 53, 300):
                flint.ctx.prec = bits
                ball, reference = node({}), arb(fmpq(int(q.p), int(q.q)))
                assert ball.is_exact() and to_fraction(ball) == Fraction(int(q.p), int(q.q))
                if bits >= 16:
                    assert (ball.mid(), ball.rad()) == (reference.mid(), reference.rad())
        flint.ctx.prec = 2
        assert not arb(fmpq(65535, 4)).is_exact()  # what a per-call arb(fmpq) would give
        third = compile_arb_by_name(sympy.Rational(1, 3))({})
        assert not third.is_exact() and third.contains(fmpq(1, 3))
    finally:
        flint.ctx.prec = old
