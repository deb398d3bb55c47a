"""The activations' numeric evaluators against independent references.

References: each function's textbook / PyTorch-documentation formula evaluated by
mpmath at 60 digits (written out here, not tanhproof's evaluators), and PyTorch's own
float64 kernels (torch.nn.functional) as a second, independent implementation.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from flint import arb, ctx, fmpq
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.numeric._bulk import reference
from tanhproof.numeric._evaluators import EVALUATORS
from tanhproof.numeric._formats import get_format

DIGITS = 60
# PyTorch's SELU literals (aten/src/ATen/native/Activation.cpp), as decimals
_ALPHA, _SCALE = "1.6732632423543772848170429916717", "1.0507009873554804934193349852946"


def _formula(name: str):
    """The function from its definition, in mpmath (independent of tanhproof)."""
    e, t = mpmath.exp, mpmath.tanh
    return {
        "silu": lambda u: u / (1 + e(-u)),
        "mish": lambda u: u * t(mpmath.log(1 + e(u))),
        "gelu": lambda u: u * mpmath.erfc(-u / mpmath.sqrt(2)) / 2,  # x*Phi(x), DLMF 7.2.2
        # 1/2*(1 + tanh z) = 1/(1 + exp(-2z)) (DLMF 4.35.1): no cancellation for negative z
        "gelu_tanh": lambda u: (
            u / (1 + e(-2 * mpmath.sqrt(2 / mpmath.pi) * (u + mpmath.mpf("0.044715") * u**3)))
        ),
        "softsign": lambda u: u / (1 + abs(u)),
        "logsigmoid": lambda u: -mpmath.log(1 + e(-u)),
        "tanhshrink": lambda u: u - t(u),
        "elu": lambda u: u if u > 0 else e(u) - 1,
        "celu": lambda u: max(0, u) + min(0, e(u) - 1),
        # the constants read at the working precision of the call
        "selu": lambda u: mpmath.mpf(_SCALE) * (max(0, u) + min(0, mpmath.mpf(_ALPHA) * (e(u) - 1))),
    }[name]


NAMES = ["silu", "mish", "gelu", "gelu_tanh", "softsign", "logsigmoid", "tanhshrink", "elu", "celu", "selu"]
# moderate range: the formulas above (written naively) stay accurate at 60 digits here
points = st.fractions(min_value=-30, max_value=30, max_denominator=10**6)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None)
@given(p=points)
def test_arb_encloses_the_mpmath_value(name, p):
    with mpmath.workdps(DIGITS):
        expected = _formula(name)(mpmath.mpf(p.numerator) / p.denominator)
    old = ctx.prec
    ctx.prec = 128
    try:
        ball = EVALUATORS[name].arb(arb(fmpq(p.numerator, p.denominator)))
        ctx.prec = 400
        value = _exact(expected)
    finally:
        ctx.prec = old
    # the mpmath value is within 1e-55 of the true one; the 128-bit ball is far wider
    assert ball.contains(value) or (ball - value).abs_upper() <= ball.rad() + abs(value) * 1e-55, (
        name,
        p,
        ball,
    )
    assert ball.rad() <= 1e-30 * (1 + abs(value))


def _exact(v) -> arb:
    """The mpmath binary number ``v`` as an exact ball (at a precision that holds it)."""
    sign, m, e, _ = (v if isinstance(v, mpmath.mpf) else mpmath.mpf(v))._mpf_  # no rounding for an mpf
    f = (-1) ** sign * Fraction(int(m)) * Fraction(2) ** int(e)
    return arb(fmpq(f.numerator, f.denominator))


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None)
@given(p=points)
def test_mpmath_evaluator_matches_the_formula(name, p):
    with mpmath.workdps(DIGITS):
        u = mpmath.mpf(p.numerator) / p.denominator
        got, expected = EVALUATORS[name].mpmath(u), _formula(name)(u)
        assert abs(got - expected) <= mpmath.mpf(10) ** -50 * (1 + abs(expected))


@pytest.mark.parametrize("name", ["elu", "celu", "selu"])
@settings(max_examples=30, deadline=None)
@given(r=st.fractions(min_value=Fraction(1, 10**9), max_value=3, max_denominator=10**9))
def test_a_ball_straddling_the_switch_encloses_both_branches(name, r):
    ball = EVALUATORS[name].arb(arb(0, float(r)))
    for end in (-r, r, Fraction(0), -r / 3, r / 2):
        with mpmath.workdps(40):
            value = _exact(_formula(name)(mpmath.mpf(end.numerator) / end.denominator))
        assert ball.contains(value) or (ball - value).abs_upper() <= ball.rad() * (1 + 1e-12), (
            name,
            end,
            ball,
        )


@pytest.mark.parametrize("name", [n for n in NAMES if EVALUATORS[n].numpy is not None])
def test_numpy_evaluator_is_close_and_never_overflows(name):
    x = np.array([-1000.0, -40.0, -3.5, -0.25, 0.0, 1e-300, 0.7, 12.0, 800.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow or invalid-value warning fails the test
        got = EVALUATORS[name].numpy(x)
    with mpmath.workdps(DIGITS):
        expected = [float(_formula(name)(mpmath.mpf(v))) for v in x]
    assert np.allclose(got, expected, rtol=1e-13, atol=1e-300), (name, got, expected)


def test_gelu_has_no_numpy_evaluator():
    assert EVALUATORS["gelu"].numpy is None  # numpy has no erf, as for erf itself


@pytest.mark.parametrize(
    "name", ["silu", "mish", "gelu", "softsign", "logsigmoid", "tanhshrink", "elu", "celu", "selu"]
)
def test_agrees_with_pytorch_in_float64(name):
    torch = pytest.importorskip("torch")
    nnf = torch.nn.functional
    ops = {
        "silu": nnf.silu, "mish": nnf.mish, "gelu": nnf.gelu, "softsign": nnf.softsign,
        "logsigmoid": nnf.logsigmoid, "tanhshrink": nnf.tanhshrink, "elu": nnf.elu,
        "celu": nnf.celu, "selu": nnf.selu,
    }  # fmt: skip
    x = np.array([-20.0, -3.5, -1.0, -0.25, 0.0, 0.3, 1.9, 7.5])
    theirs = ops[name](torch.tensor(x, dtype=torch.float64)).numpy()
    with mpmath.workdps(30):
        ours = np.array([float(EVALUATORS[name].mpmath(mpmath.mpf(v))) for v in x])
    # PyTorch's GELU forms 1 + erf(x/sqrt(2)), which cancels for negative x: absolute error ~1e-16
    assert np.allclose(ours, theirs, rtol=1e-14, atol=1e-15), (name, ours, theirs)


def test_gelu_tanh_agrees_with_pytorch_approximate_tanh():
    torch = pytest.importorskip("torch")
    x = np.array([-6.0, -1.5, -0.2, 0.0, 0.4, 2.5])
    theirs = torch.nn.functional.gelu(torch.tensor(x, dtype=torch.float64), approximate="tanh").numpy()
    with mpmath.workdps(30):
        ours = np.array([float(EVALUATORS["gelu_tanh"].mpmath(mpmath.mpf(v))) for v in x])
    assert np.allclose(ours, theirs, rtol=1e-13, atol=1e-15)  # 1 + tanh(z) cancels in PyTorch's kernel


@pytest.mark.parametrize("name", NAMES)
def test_bulk_reference_without_a_kernel_goes_through_arb(name):
    """No fast kernel exists for the activations: bulk.reference must still round them
    correctly (the arb loop); checked against the formula at 60 digits rounded to 24 bits."""
    x = np.array([-9.5, -1.25, -0.375, 0.0, 0.15625, 2.0, 13.0], dtype=np.float32)
    got = reference(name, x, "binary32").values
    assert get_format("binary32").precision == 24
    for v, g in zip(x.tolist(), got.tolist(), strict=True):
        with mpmath.workdps(DIGITS):
            exact = _formula(name)(mpmath.mpf(v))
        with mpmath.workprec(24):  # round to nearest at binary32's precision (normal range)
            expected = float(+exact)
        assert g == expected, (name, v, g, expected)


# ------------------------------------------------------- round_to far out (near-limit splits)

_DERIVATIVES = {n: (lambda f: lambda u: mpmath.diff(f, u))(_formula(n)) for n in NAMES}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("x", [-200.0, -30.0, -1.0, -(2.0**-30), 0.25, 3.0, 40.0, 200.0])
def test_round_to_matches_mpmath_for_values_and_derivatives(name, x):
    from tanhproof import round_to

    with mpmath.workdps(400):  # mpmath's numerical derivative of the formula, far more digits than needed
        for text, f in ((f"{name}(x)", _formula(name)), (f"diff({name}(x), x)", _DERIVATIVES[name])):
            exact = f(mpmath.mpf(x))
            with mpmath.workprec(53):
                want = float(+exact)
            if want != 0 and abs(want) < 2.3e-308:
                continue  # subnormal: mpmath's 53-bit rounding is not binary64's there
            assert float(round_to(text, "binary64", "nearest", x=x)) == want, (text, x)


@pytest.mark.parametrize(
    "text, x, down, up",
    [
        # silu'(x) = 1 + sigmoid(-x)(x sigmoid(x) - 1) > 1 for x > 1: just above 1
        ("diff(silu(x), x)", 1e10, 1.0, math.nextafter(1.0, 2.0)),
        ("diff(silu(x), x)", 1.7e308, 1.0, math.nextafter(1.0, 2.0)),
        # gelu'(x) - 1 = x phi(x) - Q(x) > 0 (Mills: Q(x) < phi(x)/x)
        ("diff(gelu(x), x)", 1e10, 1.0, math.nextafter(1.0, 2.0)),
        # gelu'(x) = Q(|x|) - |x| phi(|x|) < 0 far left, and tiny
        ("diff(gelu(x), x)", -1.7e308, -5e-324, -0.0),
        # mish'(x) = 1 + (4x - 2)e^(-2x) + ... > 1 far right
        ("diff(mish(x), x)", 1.7e308, 1.0, math.nextafter(1.0, 2.0)),
        # tanhshrink'(x) = tanh(x)^2 < 1
        ("diff(tanhshrink(x), x)", 1e10, math.nextafter(1.0, 0.0), 1.0),
        # silu(x) = x - x e^-x/(1 + e^-x): just below x
        ("silu(x)", 1e10, math.nextafter(1e10, 0.0), 1e10),
        # elu(x) = e^x - 1 > -1 far left
        ("elu(x)", -1.7e308, -1.0, math.nextafter(-1.0, 0.0)),
        # selu'(x) = scale*alpha*e^x > 0, far below every binary64 number
        ("diff(selu(x), x)", -1e10, 0.0, 5e-324),
    ],
)
def test_round_to_far_out_rounds_by_the_remainder_sign(text, x, down, up):
    from tanhproof import round_to

    assert float(round_to(text, "binary64", "down", x=x)) == down
    assert float(round_to(text, "binary64", "up", x=x)) == up
