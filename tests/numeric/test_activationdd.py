"""The activations' one-kernel formulas (``_activationdd``): every bound encloses the
exact value, every decided point is the correctly rounded one, and the references they
feed equal those of the expression path.

The independent peers: arb balls at 300 bits or more (python-flint) of the catalog
definitions for the bounds (``ddcheck``); the per-point arb Ziv loop (``slow_point``,
what ``round_to`` runs) for the roundings, the binary64 left tail included; the
expression path (``_activationtails`` without these formulas, checked against arb and
mpmath in ``test_exprdd.py``) for whole references, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from ddcheck import check_bounds, exact_ball
from flint import arb, ctx
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.numeric import _activationjit, _activationtails
from tanhproof.numeric._activationdd import ACTIVATION_DD, LEFT_TAIL, activation_values, applies, left_tail
from tanhproof.numeric._activationgelu import GELU_TAIL, gelu_tail, tail_parts
from tanhproof.numeric._activationtails import RULES, tail_values
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._exprref import catalog_expression, slow_point
from tanhproof.numeric._formats import MODES, get_format
from tanhproof.numeric._ulps import ulp_array

NAMES = sorted(ACTIVATION_DD)
B64 = get_format("binary64")
# branch ends: sigmoid's and tanh's far and tiny ranges, expm1's +-0.75, the kernels'
# ranges, the minima of mish and silu (-1.19, -1.28), the zeros of silu' and mish'; for
# GELU: erfc's ends at +-6 and +-24.9 (x = -+8.4853, -+35.214), the zeros of gelu' and
# gelu_tanh' (-0.7518, -0.7522), sigmoid''s constant below 2**-42, Z = +-37 (x ~ +-8.3)
HARD = np.array(
    [
        2.0**-30, -(2.0**-30), 2.0**-31, 2.0**-60, 0.75, -0.75, 0.7500000000000001, -1.19, -1.1936,
        -1.2785, -1.2784645, 19.0, -19.0, 37.0, -37.0, 18.9999, 60.0, -60.0, 619.9, -619.9, -620.0,
        700.0, -700.0, 1e10, -1e10, 1e300, -1e300, 8.4852813742385695, -8.4852813742385713,
        35.213633723318019, -35.213633723318019, 35.3, -35.3, -0.75179, -0.7522, 2.0**-43, -(2.0**-43),
        8.3, -8.3, 39.2, 22.0, -22.0,
    ]
)  # fmt: skip


def _inputs(seed: int, n: int = 40) -> np.ndarray:
    rng = np.random.default_rng(seed)
    log_uniform = np.exp2(rng.uniform(-60, 10, n)) * rng.choice([-1.0, 1.0], n)
    return np.concatenate([HARD, rng.uniform(-40, 40, n), log_uniform])


def _check_residual(expr, x: float, value: float, res: float, f) -> None:
    """``res`` is ``(f(x) - value)/ulp(value)`` within ``2**-20`` (the loop's own residual
    is no reference here: from a ball of ``exp(x) - 1`` near 0 it is off by ``2**-7``)."""
    ulp = float(ulp_array(np.array([value]), f)[0])
    ball = exact_ball(expr, x, arb(ulp) * arb(2) ** -40)  # below the least float64 at subnormal ulps
    assert ball is not None, (sympy.sstr(expr), x)
    exact_res = (ball - arb(value)) / arb(ulp)
    assert abs(exact_res - arb(res)) <= arb(2.0**-20), (sympy.sstr(expr), x, value, res, exact_res)


@pytest.mark.parametrize("name", NAMES)
def test_every_bound_encloses_the_exact_value(name):
    x = _inputs(len(name))
    with np.errstate(all="ignore"):
        b = ACTIVATION_DD[name](x)
    claims = int((~b.bad & (b.e > 0)).sum())  # e = 0: an exact x (elu, celu for x > 0)
    assert claims > len(x) // 3
    assert check_bounds(catalog_expression(name), x, b) >= 0.9 * claims


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-700, 700, allow_subnormal=False))
def test_a_bound_holds_at_any_input(name, x):
    xs = np.array([x])
    with np.errstate(all="ignore"):
        b = ACTIVATION_DD[name](xs)
    check_bounds(catalog_expression(name), xs, b)


@pytest.mark.parametrize("fmt", ["binary64", "binary32"])
@pytest.mark.parametrize("name", NAMES)
def test_every_decided_point_is_the_loops_rounding(name, fmt):
    f = get_format(fmt)
    x = _inputs(7 * len(name), 25)
    with np.errstate(over="ignore"):
        x = x if fmt == "binary64" else np.unique(x.astype(np.float32).astype(np.float64))
    x = x[np.isfinite(x)]
    if name in RULES:  # the tail rules take their inputs first
        x = x[~tail_values(name, x, f, "nearest", True)[0]]
    expr = catalog_expression(name)
    decided_total = 0
    for mode in MODES:
        values, decided, res = activation_values(name, x, f, mode, residual=True)
        decided_total += int(decided.sum())
        for i in np.flatnonzero(decided):
            want = slow_point(expr, float(x[i]), f, mode)[0]
            assert values[i] == want and np.signbit(values[i]) == np.signbit(want), (name, mode, x[i])
            _check_residual(expr, float(x[i]), float(values[i]), float(res[i]), f)
    assert decided_total > 3 * len(x)


@pytest.mark.parametrize("name", sorted(LEFT_TAIL))
def test_the_left_tail_is_the_loops_rounding(name):
    rng = np.random.default_rng(len(name))
    x = np.concatenate(
        [rng.uniform(-800, -620, 12), [-790.0, -745.2, -744.4, -708.4, np.nextafter(-620.0, -700)]]
    )
    expr = catalog_expression(name)
    for mode in MODES:
        values, decided, res = left_tail(name, x, mode, residual=True)
        assert decided[x > -780].all()  # only values below about 2**-1100 may stay open
        for i in np.flatnonzero(decided):
            want = slow_point(expr, float(x[i]), B64, mode)[0]
            assert values[i] == want and np.signbit(values[i]) == np.signbit(want), (name, mode, x[i])
            _check_residual(expr, float(x[i]), float(values[i]), float(res[i]), B64)


@pytest.mark.parametrize("name", sorted(GELU_TAIL))
def test_the_gelu_tails_are_the_loops_rounding(name):
    low, high = GELU_TAIL[name]
    rng = np.random.default_rng(len(name))
    ends = [low, np.nextafter(high, low), -35.2139, -38.6, -20.196, -21.5]  # and where kernels end
    x = np.concatenate([rng.uniform(low, high, 12), [v for v in ends if low <= v < high]])
    expr = catalog_expression(name)
    for mode in MODES:
        values, decided, res = gelu_tail(name, x, mode, residual=True)
        assert decided[x > low + 0.5].all()  # only values below about 2**-1100 may stay open
        for i in np.flatnonzero(decided):
            want = slow_point(expr, float(x[i]), B64, mode)[0]
            assert values[i] == want and np.signbit(values[i]) == np.signbit(want), (name, mode, x[i])
            _check_residual(expr, float(x[i]), float(values[i]), float(res[i]), B64)


@pytest.mark.parametrize("name", sorted(GELU_TAIL))
def test_the_gelu_tails_bounds_enclose_the_exact_value(name):
    # |f - (-2**k (h + l))| <= bound |f|, f by arb at 300 bits or more
    low, high = GELU_TAIL[name]
    rng = np.random.default_rng(3 * len(name))
    x = np.concatenate([rng.uniform(low, high, 30), [low, np.nextafter(high, low)]])
    h, lo, k, bound = tail_parts(name, x)
    expr = catalog_expression(name)
    assert np.all(bound < 2.0**-90)
    old = ctx.prec
    ctx.prec = 600
    try:
        for i in range(len(x)):
            ball = exact_ball(expr, float(x[i]), arb(2) ** (int(k[i]) - 200))  # 2**-200 relative
            value = -(arb(float(h[i])) + arb(float(lo[i]))) * arb(2) ** int(k[i])
            assert abs(ball - value) <= arb(float(bound[i])) * abs(ball), (name, x[i])
    finally:
        ctx.prec = old


def test_binary64_takes_the_gelu_tails_before_the_formulas():
    # no input of the tails is left open by the formulas (which leave them bad) for the loop
    for name, (low, high) in GELU_TAIL.items():
        x = np.linspace(low + 0.5, high + 1.0, 4001)  # the formulas from high on
        _, decided, _ = activation_values(name, x, B64, "nearest")
        assert decided.all(), (name, x[~decided][:5])


def test_tanhshrink_starts_with_float64_bounds_in_narrow_formats(monkeypatch):
    assert applies("tanhshrink", get_format("binary64"))
    monkeypatch.setattr(_activationjit, "loop", lambda size: None)  # without the compiled loop at hand
    assert not applies("tanhshrink", get_format("binary32")) and applies("mish", get_format("binary16"))
    monkeypatch.setattr(_activationjit, "loop", lambda size: _activationjit.run)
    assert applies("tanhshrink", get_format("binary32"))
    assert applies("gelu", get_format("binary64")) and not applies("logsigmoid", get_format("binary64"))


@st.composite
def _arrays(draw):
    fmt = draw(st.sampled_from(["binary64", "binary32"]))
    width = 64 if fmt == "binary64" else 32
    values = draw(st.lists(st.floats(width=width), min_size=1, max_size=30))
    values += draw(st.lists(st.floats(-800, 40, width=width), max_size=10))
    return fmt, np.array(values, dtype=np.float64 if width == 64 else np.float32)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NAMES), _arrays(), st.sampled_from(MODES), st.booleans())
def test_references_equal_the_expression_paths(name, case, mode, residual):
    fmt, x = case
    got = reference(name, x, fmt, mode, residual=residual)
    with pytest.MonkeyPatch.context() as patch:  # the expression path alone
        patch.setattr(_activationtails, "applies", lambda *_: False)
        want = reference(name, x, fmt, mode, residual=residual)
    a, b = got.values.astype(np.float64), want.values.astype(np.float64)
    assert np.array_equal(
        np.where(np.isnan(a), 0, a).view(np.int64), np.where(np.isnan(b), 0, b).view(np.int64)
    )
    assert np.array_equal(np.isnan(a), np.isnan(b))
    assert (got.points, got.undefined) == (want.points, want.undefined)
    assert got.fallback <= want.fallback
    if residual:
        assert np.array_equal(np.isnan(got.residual), np.isnan(want.residual))
        both = ~np.isnan(got.residual)
        assert np.all(np.abs(got.residual[both] - want.residual[both]) <= 2.0**-19)
