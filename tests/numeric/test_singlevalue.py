"""Tests of tanhproof.numeric._singlevalue: the cached plan and the first Ziv step.

The fast path must change how fast a value comes, never what it is: every value is
compared with the full Ziv loop (``evaluated(prepare(...))`` and
``_rounding.round_to``, which never use the fast step, with the exact prover as
:func:`tanhproof.evaluate` passes it), over Hypothesis sweeps of
expressions, points and precisions (strategies in tests/strategies.py), and results
must not depend on what was evaluated before.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import expressions

import tanhproof as tp
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric import _rounding, _singlevalue
from tanhproof.numeric._enclosure import prepare
from tanhproof.numeric._evaluate import evaluated, target_bits
from tanhproof.proof._exact import proved_equal

_POINTS = st.fractions(min_value=-6, max_value=6, max_denominator=64)
_FORMATS = st.sampled_from(["binary16", "bfloat16", "binary32", "binary64"])
_MODES = st.sampled_from(["nearest", "up", "down", "zero"])
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _as_given(value: Fraction, how: int):
    """The same exact value as text, a Fraction, or (when exact) a float."""
    if how == 0:
        return f"{value.numerator}/{value.denominator}"
    if how == 1 or value.denominator & (value.denominator - 1):
        return value
    return float(value)


def _full(expr, digits, point):
    """The full Ziv loop, or the error it raises (type and message)."""
    try:
        return evaluated(prepare(expr, point, proved_equal), digits)[0]
    except TanhproofError as exc:
        return type(exc), str(exc)


def _public(expr, digits, point):
    try:
        return tp.evaluate(expr, digits=digits, **point)
    except TanhproofError as exc:
        return type(exc), str(exc)


def _same(a, b) -> bool:
    if isinstance(a, mpmath.mpf) and isinstance(b, mpmath.mpf):
        return a._mpf_ == b._mpf_  # the same binary number, bit for bit
    return a == b


@_SETTINGS
@given(expressions(variables=("x",)), _POINTS, st.integers(0, 2), st.integers(1, 60))
def test_fast_value_is_the_full_loops_value(text, x, how, digits):
    point = {"x": _as_given(x, how)}
    fast = _singlevalue.first_value(text, target_bits(digits), point)
    full = _full(text, digits, point)
    if fast is not None:
        assert _same(fast, full)
    assert _same(_public(text, digits, point), full)


@_SETTINGS
@given(expressions(variables=("x", "y")), _POINTS, _POINTS, st.integers(1, 40))
def test_two_variables(text, x, y, digits):
    point = {"x": _as_given(x, 0), "y": y}
    assert _same(_public(text, digits, point), _full(text, digits, point))


@_SETTINGS
@given(expressions(variables=("x",)), _POINTS, _FORMATS, _MODES)
def test_fast_rounding_is_the_full_loops_rounding(text, x, fmt, mode):
    point = {"x": _as_given(x, 0)}
    fast = _singlevalue.first_rounding(text, fmt, mode, point)
    try:
        full = _rounding.round_to(text, fmt, mode, exact=proved_equal, **point)
    except TanhproofError:
        assert fast is None
        return
    if fast is not None:
        assert fast == float(full) or (fast != fast and full != full)
        assert str(fast)[0] == str(float(full))[0] or fast != 0  # a zero keeps its sign
    public = tp.round_to(text, fmt, mode, **point)
    assert str(public) == str(full)


@_SETTINGS
@given(expressions(variables=("x",)), expressions(variables=("x",)), _POINTS, _POINTS, st.integers(1, 40))
def test_results_do_not_depend_on_call_order(a, b, xa, xb, digits):
    first = _public(a, digits, {"x": _as_given(xa, 0)})
    _public(b, digits, {"x": _as_given(xb, 0)})
    _public(a, digits + 1, {"x": _as_given(xa, 0)})
    again = _public(a, digits, {"x": _as_given(xa, 0)})
    _singlevalue.plan.cache_clear()
    cold = _public(a, digits, {"x": _as_given(xa, 0)})
    assert _same(first, again) and _same(first, cold)


def test_errors_are_never_cached():
    assert tp.evaluate("coth(x)", x=1) > 1
    with pytest.raises(tp.DomainError, match="needs x != 0"):
        tp.evaluate("coth(x)", x=0)
    assert tp.evaluate("1", digits=5) == 1
    with pytest.raises(tp.ParseError):
        tp.evaluate(True)  # True == 1 and hashes alike: the cache is typed
    with pytest.raises(tp.ParseError, match="has no value"):
        tp.evaluate("tanh(x)", digits=5)
    with pytest.raises(tp.ParseError, match="does not occur"):
        tp.evaluate("tanh(x)", digits=5, x=1, y=2)


def test_plan_is_keyed_by_type():
    assert _singlevalue.plan(2) is not _singlevalue.plan(sympy.Integer(2))
    assert _singlevalue.plan("tanh(x)") is _singlevalue.plan("tanh(x)")


def test_exact_zero_and_signed_zero_take_the_full_path():
    # sech^2 - (1 - tanh^2) is exactly 0: only the exact prover decides it.
    assert _singlevalue.first_value("sech(x)**2 - (1 - tanh(x)**2)", 54, {"x": "0.5"}) is None
    assert tp.evaluate("sech(x)**2 - (1 - tanh(x)**2)", x="0.5") == 0
    # tanh(-0.0) = -0.0 (IEEE 754): an exact ball, decided by the full path.
    assert _singlevalue.first_rounding("tanh(x)", "binary64", "nearest", {"x": -0.0}) is None
    assert str(tp.round_to("tanh(x)", "binary64", x=-0.0)) == "-0.0"


def test_known_values():
    # sech(1/2)^2 = 0.78644773296592741014969... and tanh(1/2) = 0.46211715726000975850...
    # (mpmath at 60 digits); binary32 nearest of the latter is 0x3eec9a9f = 0.46211716532707214.
    assert mpmath.nstr(tp.evaluate("sech(x)**2", digits=15, x="0.5"), 15) == "0.786447732965927"
    assert float(tp.round_to("tanh(x)", "binary32", x="0.5")) == 0.46211716532707214


# Points at the edge of a domain (a pole, log(0), a root of a negative number, the end
# of atanh's interval), given every way a value can be given: the fast step must leave
# them to the full path, so evaluate raises the full path's error, word for word, and
# round_to returns the full path's IEEE special value (or its error).
_EDGES = [
    ("log(x)", 0),
    ("sqrt(x)", -1),
    ("coth(x)", 0),
    ("csch(x)", 0),
    ("atanh(x)", 1),
    ("acosh(x)", 0),
    ("log(x)", Fraction(-1, 2)),
    ("1/x", 0),
    ("x**(1/2)", Fraction(-1, 4)),
    ("1/(tanh(x) - tanh(x))", 1),
    ("log(x - 1/3)", Fraction(1, 3)),  # the edge at a point that is not a dyadic
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_EDGES), st.integers(0, 2), st.integers(1, 40), _FORMATS, _MODES)
def test_domain_edges_take_the_full_path(edge, how, digits, fmt, mode):
    text, x = edge
    point = {"x": _as_given(Fraction(x), how)}
    assert _singlevalue.first_value(text, target_bits(digits), point) is None
    full = _full(text, digits, point)
    assert isinstance(full, tuple) and full[0] is tp.DomainError
    assert _public(text, digits, point) == full
    try:
        expected = str(_rounding.round_to(text, fmt, mode, exact=proved_equal, **point))
    except TanhproofError as exc:
        expected = repr(exc)
    try:
        got = str(tp.round_to(text, fmt, mode, **point))
    except TanhproofError as exc:
        got = repr(exc)
    assert got == expected


def test_bad_input_raises_the_same_errors():
    for call in (
        lambda: tp.evaluate("tanh(x", x=1),  # ParseError
        lambda: tp.evaluate("tanh(x)", x="zero"),  # a value that is not a number
        lambda: tp.evaluate("tanh(x)", x=float("nan")),
        lambda: tp.evaluate("tanh(x)", digits=0, x=1),
        lambda: tp.round_to("tanh(x)", "binary8", x=1),
        lambda: tp.round_to("tanh(x)", "binary32", "ceil", x=1),
        lambda: tp.round_to("tanh(x)", "binary32", x=1, y=2),
        lambda: tp.evaluate("tanh(x)", y="1"),  # a name the expression lacks, given as text
        lambda: tp.evaluate("coth(x)", x="0"),  # outside the domain, given as text
        lambda: tp.evaluate("tanh(x)*x/x", x="0"),  # a condition the ball cannot see (x/x is 1)
        lambda: tp.evaluate("tanh(x) + 0*log(x)", x="-1"),
        lambda: tp.evaluate("tanh(x)*x/x", x=0),  # the same, given as a number
        lambda: tp.evaluate("tanh(x)", y=Fraction(1, 2)),
    ):
        with pytest.raises(TanhproofError) as fast:
            call()
        saved = _singlevalue._ball
        _singlevalue._ball = lambda *args, **kwargs: None  # the full path alone
        try:
            with pytest.raises(TanhproofError) as slow:
                call()
        finally:
            _singlevalue._ball = saved
        assert (type(fast.value), str(fast.value)) == (type(slow.value), str(slow.value))


@pytest.mark.parametrize("fast_precision", [True, False])
def test_precision_is_restored_and_either_setter_gives_the_same_values(monkeypatch, fast_precision):
    # FAST_PRECISION sets python-flint's ctx._prec field; the public setter is the fallback.
    monkeypatch.setattr(_singlevalue, "FAST_PRECISION", fast_precision and _singlevalue.FAST_PRECISION)
    flint.ctx.prec = 77
    context = (flint.ctx.prec, flint.ctx.dps)
    try:
        cases = [
            ("sech(x)**2", "0.5"),
            ("tanh(x)/x", "1/3"),
            ("coth(x)", "0"),
            ("exp(x)", "1e400"),
            ("x", "-0.0"),
        ]
        for text, x in cases:
            for digits in (5, 15, 40):
                assert _same(_public(text, digits, {"x": x}), _full(text, digits, {"x": x}))
                assert (flint.ctx.prec, flint.ctx.dps) == context
            for fmt in ("binary16", "bfloat16", "binary32", "binary64"):
                fast = _singlevalue.first_rounding(text, fmt, "nearest", {"x": x})
                if fast is not None:
                    assert fast == float(_rounding.round_to(text, fmt, "nearest", exact=proved_equal, x=x))
                assert (flint.ctx.prec, flint.ctx.dps) == context
    finally:
        flint.ctx.prec = 53


@_SETTINGS
@given(
    expressions(variables=("x",)),
    st.fractions(min_value=-6, max_value=6, max_denominator=2**20),
    _FORMATS,
    _MODES,
)
def test_fast_scalar_is_round_to(text, x, fmt, mode):
    # Points with long dyadic and non-dyadic values: the ends of the ball are rounded in
    # float arithmetic for the formats of at most 24 bits, with integers for binary64.
    point = {"x": f"{x.numerator}/{x.denominator}"}
    fast = _singlevalue.first_scalar(text, fmt, mode, point)
    try:
        full = _rounding.round_to(text, fmt, mode, exact=proved_equal, **point)
    except TanhproofError:
        assert fast is None
        return
    if fast is not None:
        assert type(fast) is type(full) and str(fast) == str(full)


# Every catalog function, those with domain conditions (log, sqrt, acosh, atanh, coth,
# csch), definitions by cases (abs, sign, elu, celu, selu) and the activations among them.
_CATALOG = (
    "log", "sqrt", "acosh", "atanh", "asinh", "coth", "csch", "erf", "abs", "sign", "softplus",
    "softsign", "elu", "celu", "selu", "gelu", "gelu_tanh", "silu", "mish", "logsigmoid", "tanhshrink",
)  # fmt: skip


@_SETTINGS
@given(
    expressions(variables=("x",), functions=_CATALOG, max_leaves=4),
    _POINTS,
    st.integers(0, 2),
    st.integers(1, 40),
    _FORMATS,
    _MODES,
)
def test_catalog_fast_steps_are_the_full_loops(text, x, how, digits, fmt, mode):
    # Points where a condition fails or cannot be certified give the full path's error
    # (compared word for word); where it holds, the fast value is the loop's, bit for bit,
    # and again on a second call, when the certification comes from its cache.
    point = {"x": _as_given(x, how)}
    full = _full(text, digits, point)
    for _ in range(2):
        fast = _singlevalue.first_value(text, target_bits(digits), point)
        assert fast is None or _same(fast, full)
        assert _same(_public(text, digits, point), full)
    try:
        expected = str(_rounding.round_to(text, fmt, mode, exact=proved_equal, **point))
    except TanhproofError as exc:
        expected = repr(exc)
    for _ in range(2):
        try:
            got = str(tp.round_to(text, fmt, mode, **point))
        except TanhproofError as exc:
            got = repr(exc)
        assert got == expected


@st.composite
def _midpoints(draw):
    """``(man, exp, bits)``: a mantissa of up to 120 bits, or one built so that the midpoint
    cut to 62 bits lies exactly halfway between two ``bits``-bit numbers, with one more bit
    below the cut (it must round up, away from the even neighbour half of the time) or
    none (a true tie, to even): the cases :func:`_singlevalue.mid_man_exp` must not get wrong."""
    kind = draw(st.sampled_from(["random", "above a tie", "tie"]))
    if kind == "random":
        man, bits = draw(st.integers(1, 2**120)), draw(st.integers(2, 70))
    else:
        bits = draw(st.integers(2, 60))
        head = draw(st.integers(2 ** (bits - 1), 2**bits - 1))
        below = draw(st.integers(62 - bits, 100 - bits))  # the tie's bit at or above the cut
        man = ((2 * head + 1) << below) + (1 if kind == "above a tie" else 0)
    return draw(st.sampled_from([1, -1])) * man, draw(st.integers(-200, 200)), bits


@_SETTINGS
@given(_midpoints(), st.integers(0, 1))
def test_the_cut_midpoint_rounds_as_the_midpoint(case, radius):
    # Oracle: mpmath's from_man_exp on the full midpoint, read exactly from arb.
    from mpmath.libmp import from_man_exp

    man, exp, bits = case
    old = flint.ctx.prec
    flint.ctx.prec = 400  # the ball exactly as built
    try:
        ball = flint.arb((man, exp))
        if radius:
            ball += flint.arb(0, flint.arb((1, exp - 3)))
    finally:
        flint.ctx.prec = old
    got = _singlevalue.mid_man_exp(ball, bits)
    assert from_man_exp(*got, bits, "n") == from_man_exp(man, exp, bits, "n")
    assert flint.ctx.prec == old
