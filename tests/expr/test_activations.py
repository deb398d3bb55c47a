"""The activation function classes against independent formulas.

References: each function's textbook / PyTorch-documentation formula in mpmath at 50
digits (written out here), PyTorch's literals for SELU's constants, and mpmath's
numerical derivative for the derivatives (``fdiff``).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.expr._activations import ACTIVATIONS, GELU_KAPPA, SELU_ALPHA, SELU_SCALE
from tanhproof.expr._catalog import CATALOG, entry
from tanhproof.numeric._reading import parse

X = sympy.Symbol("x", real=True)
DIGITS = 50
_ALPHA, _SCALE = "1.6732632423543772848170429916717", "1.0507009873554804934193349852946"
FORMULAS = {
    "silu": lambda u: u / (1 + mpmath.exp(-u)),
    "mish": lambda u: u * mpmath.tanh(mpmath.log(1 + mpmath.exp(u))),
    "gelu": lambda u: u * (1 + mpmath.erf(u / mpmath.sqrt(2))) / 2,
    "gelu_tanh": lambda u: (
        u / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (u + mpmath.mpf("0.044715") * u**3)))
    ),
    "softsign": lambda u: u / (1 + abs(u)),
    "logsigmoid": lambda u: mpmath.log(1 / (1 + mpmath.exp(-u))),
    "tanhshrink": lambda u: u - mpmath.tanh(u),
    "elu": lambda u: u if u > 0 else mpmath.exp(u) - 1,
    "celu": lambda u: max(0, u) + min(0, mpmath.exp(u) - 1),
    "selu": lambda u: mpmath.mpf(_SCALE) * (max(0, u) + min(0, mpmath.mpf(_ALPHA) * (mpmath.exp(u) - 1))),
}
NAMES = sorted(FORMULAS)
points = st.fractions(min_value=-12, max_value=12, max_denominator=1000).filter(lambda p: p != 0)


def _n(expr: sympy.Expr) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(str(sympy.N(expr, DIGITS + 10)))


TIGHT = mpmath.mpf(10) ** -40


def _close(a, b, tol=TIGHT) -> bool:
    return abs(a - b) <= tol * (1 + abs(a) + abs(b))


def test_every_activation_is_in_the_catalog_once():
    assert set(ACTIVATIONS) == set(NAMES)
    for name, cls in ACTIVATIONS.items():
        assert CATALOG[name].func is cls
        assert parse(f"{name}(x)") == cls(X)


def test_selu_constants_are_pytorchs_literals():
    # aten/src/ATen/native/Activation.cpp: SELU_ALPHA and SELU_SCALE
    assert SELU_ALPHA == sympy.Rational(16732632423543772848170429916717, 10**31)
    assert SELU_SCALE == sympy.Rational(10507009873554804934193349852946, 10**31)
    assert GELU_KAPPA == sympy.Rational(44715, 10**6)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=15, deadline=None)
@given(p=points)
def test_value_and_definition_match_the_formula(name, p):
    u = sympy.Rational(p.numerator, p.denominator)
    with mpmath.workdps(DIGITS):
        expected = FORMULAS[name](mpmath.mpf(p.numerator) / p.denominator)
    e = entry(name)
    assert _close(_n(e.func(u)), expected), name
    assert _close(_n(e.defined_by(u)), expected), name


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, deadline=None)
@given(p=points.filter(lambda p: abs(p) > Fraction(1, 100)))
def test_derivative_matches_mpmath_diff_of_the_formula(name, p):
    u = sympy.Rational(p.numerator, p.denominator)
    with mpmath.workdps(DIGITS):
        expected = mpmath.diff(FORMULAS[name], mpmath.mpf(p.numerator) / p.denominator)
    assert _close(_n(sympy.diff(ACTIVATIONS[name](X), X).subs(X, u)), expected, mpmath.mpf(10) ** -30), name
    for label, build in entry(name).forms:
        assert _close(_n(build(u)), expected, mpmath.mpf(10) ** -30), (name, label)


@pytest.mark.parametrize("name", NAMES)
def test_value_at_zero(name):
    with mpmath.workdps(DIGITS):
        expected = FORMULAS[name](mpmath.mpf(0))
    value = ACTIVATIONS[name](sympy.Integer(0))
    assert value.is_number and _close(_n(value), expected)


@pytest.mark.parametrize("name", NAMES)
def test_parity_as_declared(name):
    parity = entry(name).parity
    with mpmath.workdps(DIGITS):
        f = FORMULAS[name]
        odd = all(_close(f(-v), -f(v)) for v in (mpmath.mpf("0.3"), mpmath.mpf(2)))
        even = all(_close(f(-v), f(v)) for v in (mpmath.mpf("0.3"), mpmath.mpf(2)))
    assert parity == ("odd" if odd else "even" if even else None)


@pytest.mark.parametrize("name", ["elu", "celu", "selu"])
def test_definitions_by_cases(name):
    d = entry(name).extended_definition(X)
    assert isinstance(d, sympy.Piecewise)
    assert [c for _, c in d.args] == [X > 0, sympy.true]
    assert ACTIVATIONS[name](X).rewrite(sympy.Piecewise) == d


def test_latex_names():
    assert sympy.latex(ACTIVATIONS["gelu_tanh"](X)) == r"\operatorname{GELU}_{\tanh}\left(x\right)"
    assert sympy.latex(ACTIVATIONS["silu"](X) ** 2) == r"\operatorname{SiLU}^{2}\left(x\right)"
