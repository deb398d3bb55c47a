"""Tail rules of the activations (tanhproof.numeric._activationtails): every rule's value
equals the arb Ziv loop's (slow_reference, an independent method: the catalog expression
in arb balls, precision doubled until the rounding is certain) in every format and mode,
at the threshold, just beyond it, far out and at random points beyond it; and each rule's
premise (the sign and the bound on the tiny part) holds for arb balls at 3000 bits of
the activation's textbook definition, written here afresh.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from flint import arb, ctx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE
from tanhproof.numeric._activationtails import RULES, Rule, tail_values
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bulk import reference, slow_reference
from tanhproof.numeric._exprref import catalog_expression, slow_point
from tanhproof.numeric._formats import get_format, round_exact

FORMATS = ("binary16", "bfloat16", "binary32", "binary64")
MODES = ("nearest", "up", "down", "zero")
CASES = [(name, rule) for name, rules in RULES.items() for rule in rules]
IDS = [f"{name}-{'right' if rule.right else 'left'}" for name, rule in CASES]


def _same(a: float, b: float) -> bool:
    return (a == b and math.copysign(1.0, a) == math.copysign(1.0, b)) or (math.isnan(a) and math.isnan(b))


def _outward(rule: Rule) -> float:
    """The direction in which the rule's range extends from its threshold."""
    if rule.zero:
        return -math.inf if rule.right else math.inf
    return math.inf if rule.right else -math.inf


def _beyond(rule: Rule, fmt: str, k: int) -> float:
    """The format's ``k``-th value beyond the rule's threshold (0: the threshold itself)."""
    f = get_format(fmt)
    step = _outward(rule)
    x = np.array([rule.threshold(f)], dtype=np.float64)
    for _ in range(k):
        x = round_array(np.nextafter(x, step), f, "up" if step > 0 else "down")
    return float(x[0])


def _lowest(rule: Rule, fmt: str) -> float:
    """The least magnitude in a near-zero rule's range."""
    f = get_format(fmt)
    low = float(f.min_subnormal)
    return 2.0**-1021 if rule.scale != 1 and f.width > 32 else low


def _fifths(x: float, fmt: str) -> bool:
    """Whether ``3x/5`` is a value of the format (exact rationals: proof 16's premise)."""
    c = Fraction(x) * 3 / 5
    return Fraction(round_exact(c, fmt, "nearest")) == c


def _points(rule: Rule, fmt: str) -> list[float]:
    f = get_format(fmt)
    a = rule.threshold(f)
    if rule.ratio is not None:  # mantissas divisible by 5; narrow formats only
        if f.width > 32:
            return []
        sx = 1 if rule.right else -1
        xs = [sx * m * 2.0**-k for m, k in ((5, 55), (15, 60), (25, 130), (5, 137), (5, 145), (65, 150))]
        xs = [x for x in xs if float(round_array(np.array([x]), f)[0]) == x and _fifths(x, fmt)]
        return _points_in_range(rule, fmt, xs)
    if rule.zero:
        far = [a / 4, a * 2.0**-40, math.copysign(_lowest(rule, fmt), a)]
    else:
        far = [a * 4, a * 64, float(f.max_finite) * (1 if rule.right else -1)]
    xs = [_beyond(rule, fmt, 0), _beyond(rule, fmt, 1), *far]
    xs = [float(round_array(np.array([x]), f, "zero")[0]) for x in xs]
    return _points_in_range(rule, fmt, xs)


def _points_in_range(rule: Rule, fmt: str, xs: list[float]) -> list[float]:
    f = get_format(fmt)
    a = rule.threshold(f)
    xs = [
        x
        for x in xs
        if math.isfinite(x) and (not rule.offset or abs(x) < (2.0**53 if f.width > 32 else 2.0**24))
    ]
    if rule.scale != 1 and f.width > 32:
        xs = [x for x in xs if abs(x) >= 2.0**-1021]
    if rule.zero:  # binary16 has no value in 0 < |x| <= 2**-52
        return [x for x in xs if 0 < abs(x) <= abs(a) and x * a > 0]
    return [x for x in xs if (x >= a if rule.right else x <= a)]  # 2**52 is beyond binary16


@pytest.mark.parametrize(("name", "rule"), CASES, ids=IDS)
def test_rule_equals_ziv_loop(name: str, rule: Rule) -> None:
    for fmt in FORMATS:
        f = get_format(fmt)
        xs = np.array(_points(rule, fmt))
        if not len(xs):
            continue
        inside = np.array([_beyond(rule, fmt, 0)])
        toward = -_outward(rule)
        before = round_array(np.nextafter(inside, toward), f, "up" if toward > 0 else "down")
        for mode in MODES:
            mask, values, _ = tail_values(name, xs, f, mode)
            assert mask.all(), (name, fmt, xs[~mask])
            for x, v in zip(xs.tolist(), values.tolist(), strict=True):
                assert _same(v, slow_reference(name, x, fmt, mode)), (name, x, fmt, mode, v)
            if inside[0] == rule.threshold(f):  # the threshold is the rule's
                assert not tail_values(name, before, f, mode)[0][0]


@settings(max_examples=60, deadline=None)
@given(
    case=st.sampled_from(CASES), fmt=st.sampled_from(FORMATS), mode=st.sampled_from(MODES), u=st.floats(0, 1)
)
def test_random_points_beyond_threshold(case: tuple[str, Rule], fmt: str, mode: str, u: float) -> None:
    name, rule = case
    f = get_format(fmt)
    a = abs(rule.threshold(f))
    top = (2.0**52 if f.width > 32 else 2.0**23.9) if rule.offset else float(f.max_finite)
    if rule.zero:
        a, top = _lowest(rule, fmt), a
    magnitude = a * (top / a) ** u  # log-uniform between the threshold and the top
    x = float(round_array(np.array([magnitude if rule.right else -magnitude]), f, "zero")[0])
    assume(x in _points_in_range(rule, fmt, [x]))
    assume(rule.ratio is None or (f.width <= 32 and _fifths(x, fmt)))
    mask, values, _ = tail_values(name, np.array([x]), f, mode)
    assert mask[0]
    assert _same(float(values[0]), slow_reference(name, x, fmt, mode)), (name, x, fmt, mode)


def test_residuals_equal_the_loops() -> None:
    """The rules' residuals (c - v)/ulp(v) agree with the Ziv loop's to 2**-20."""
    for name, rule in CASES:
        for fmt in ("binary16", "binary32", "binary64"):
            f = get_format(fmt)
            xs = np.array(_points(rule, fmt)[:3])
            for mode in ("nearest", "up"):
                _, _, res = tail_values(name, xs, f, mode)
                for x, r in zip(xs.tolist(), res.tolist(), strict=True):
                    want = slow_point(catalog_expression(name), x, f, mode, residual=True)[1]
                    assert want is not None, (name, x, fmt, mode)
                    assert abs(r - want) <= 2.0**-20, (name, x, fmt, mode, r, want)


# The textbook definitions in arb (independent of the catalog's expressions).


def _sigmoid(x: arb) -> arb:
    return 1 / (1 + (-x).exp())


def _gelu_z(x: arb) -> tuple[arb, arb]:
    k = (2 / arb.pi()).sqrt()
    kappa = arb(44715) / 10**6
    return k * (x + kappa * x**3), k * (1 + 3 * kappa * x**2)


def _sp(x: arb) -> arb:
    return x.exp().log1p()


def _la() -> arb:
    return arb(SELU_SCALE.p) / SELU_SCALE.q * arb(SELU_ALPHA.p) / SELU_ALPHA.q


DEFINITIONS = {
    "softsign": lambda x: x / (1 + abs(x)),
    "softsign'": lambda x: 1 / (1 + abs(x)) ** 2,
    "silu": lambda x: x * _sigmoid(x),
    "silu'": lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x))),
    "mish": lambda x: x * _sp(x).tanh(),
    "mish'": lambda x: _sp(x).tanh() + x * _sigmoid(x) * _sp(x).sech() ** 2,
    "gelu": lambda x: x * (-x / arb(2).sqrt()).erfc() / 2,
    "gelu'": lambda x: (-x / arb(2).sqrt()).erfc() / 2 + x * (-(x**2) / 2).exp() / (2 * arb.pi()).sqrt(),
    "gelu_tanh": lambda x: x * _sigmoid(2 * _gelu_z(x)[0]),
    "gelu_tanh'": lambda x: (
        _sigmoid(2 * _gelu_z(x)[0])
        + 2 * x * _gelu_z(x)[1] * _sigmoid(2 * _gelu_z(x)[0]) * _sigmoid(-2 * _gelu_z(x)[0])
    ),
    "logsigmoid": lambda x: -(-x).exp().log1p(),
    "logsigmoid'": lambda x: _sigmoid(-x),
    "tanhshrink": lambda x: x - x.tanh(),
    "tanhshrink'": lambda x: x.tanh() ** 2,
    "elu": lambda x: x.exp() - 1,
    "celu": lambda x: x.exp() - 1,
    "selu": lambda x: _la() * (x.exp() - 1),
    "elu'": lambda x: x.exp(),
    "celu'": lambda x: x.exp(),
    "selu'": lambda x: _la() * x.exp(),
}


def _premise_points(rule: Rule) -> list[float]:
    thresholds = [rule.start] if rule.narrow is None else [rule.start, rule.narrow]
    if rule.zero:
        return [a * 2.0**-k for a in thresholds for k in (0, 1, 30, 700)]
    sign = 1 if rule.right else -1
    span = (0.0, 0.5, 3.0, 7.5) if rule.kind != "tiny" else (0.0, 1.0, 40.0, 3000.0)
    return [a + sign * d for a in thresholds for d in span]


@pytest.mark.parametrize(("name", "rule"), CASES, ids=IDS)
def test_premise_holds_in_arb(name: str, rule: Rule) -> None:
    """tiny: 0 < s f(x) < 2**-1100 (2**-200 beyond the narrow threshold); beside c:
    0 < s (f(x) - c) < 2**-80 |c| (2**-50 |c|), at points from the thresholds outward."""
    old = ctx.prec
    ctx.prec = 3000
    try:
        for x in _premise_points(rule):
            v = DEFINITIONS[name](arb(x))
            wide = abs(x) <= abs(rule.start) if rule.zero else abs(x) >= abs(rule.start)
            if rule.kind == "tiny":
                bound = arb(2) ** (-1100 if wide else -200)
                assert rule.side * v > 0 and rule.side * v < bound, (name, x)
                continue
            const = rule.const or Fraction(0)
            c = (
                arb(x * rule.scale + rule.offset)
                if rule.kind == "x"
                else arb(const.numerator) / const.denominator
            )
            if rule.ratio is not None:
                c = c * rule.ratio[0] / rule.ratio[1]
            if rule.shift:  # proof 11, beyond: x - 1 < f(x) < x (x > 0; tanh x < 1 exactly)
                assert rule.side * (v - c) > 0, (name, x)
                for fmt in FORMATS:  # and the format's neighbour towards 0 is 2 or more away
                    f = get_format(fmt)
                    xf = float(round_array(np.array([x]), f, "zero")[0])
                    if abs(xf) >= abs(rule.threshold(f)) and math.isfinite(xf):
                        inner = round_array(np.nextafter(np.array([xf]), 0.0), f, "zero")[0]
                        assert abs(xf - inner) >= 2, (fmt, xf)
                continue
            t = rule.side * (v - c)
            assert t > 0 and t < abs(c) * arb(2) ** (-80 if wide else -50), (name, x, t)
    finally:
        ctx.prec = old


@pytest.mark.parametrize("name", sorted(RULES))
def test_binary16_fallback(name: str) -> None:
    """Design check: with the rules, nearest binary16 leaves at most the two zeros (whose
    sign the loop settles) to the Ziv loop, for every name with rules."""
    x = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    got = reference(name, x, "binary16", "nearest")
    assert got.fallback <= 2, (name, got.fallback)
    sample = x[::997]
    for xi, v in zip(sample.tolist(), got.values[::997].tolist(), strict=True):
        assert _same(v, slow_reference(name, xi, "binary16", "nearest")), (name, xi)


def test_bulk_residuals_from_rules() -> None:
    """reference() fills the rules' points and sends the rest on; counts and residuals
    combine (residuals equal the Ziv loop's to 2**-20)."""
    x = np.array([-100.0, -50.0, 3.0, 500.0, np.inf, np.nan])
    got = reference("gelu", x, "binary64", "down", residual=True)
    assert got.points == 6 and got.undefined == 0 and got.fallback == 0
    assert got.residual is not None
    for i, xi in enumerate(x[:4].tolist()):
        value, want, _ = slow_point(
            catalog_expression("gelu"), xi, get_format("binary64"), "down", residual=True
        )
        assert _same(float(got.values[i]), value)
        assert abs(got.residual[i] - want) <= 2.0**-20, (xi, got.residual[i], want)
    assert got.values[4] == math.inf and math.isnan(got.values[5])


@pytest.mark.parametrize(("name", "rule"), [(n, r) for n, r in CASES if r.rounding is not None])
def test_rounding_only_tier(name: str, rule: Rule) -> None:
    """Without residuals the binary64 tiny rules start at +-760 (|f| < 2**-1076, checked
    in arb at 3000 bits), and round there like the Ziv loop; with residuals they do not."""
    assert rule.rounding is not None
    f = get_format("binary64")
    xs = np.array([rule.rounding + d * (1 if rule.right else -1) for d in (0.0, 0.5, 17.25, 39.75)])
    for mode in MODES:
        mask, values, _ = tail_values(name, xs, f, mode, residual=False)
        assert mask.all()
        for x, v in zip(xs.tolist(), values.tolist(), strict=True):
            assert _same(v, slow_reference(name, x, "binary64", mode)), (name, x, mode)
    assert not tail_values(name, xs[:1], f, "nearest")[0][0]
    old = ctx.prec
    ctx.prec = 3000
    try:
        v = DEFINITIONS[name](arb(rule.rounding))
        assert rule.side * v > 0 and rule.side * v < arb(2) ** -1076
    finally:
        ctx.prec = old


def test_bulk_rounding_tier_only_without_residuals() -> None:
    x = np.array([-770.0, -900.0])
    # -770: |silu| in (2**-1100, 2**-1076): the rule's rounding tier only without residuals
    assert tail_values("silu", x, "binary64", "down", residual=False)[0].tolist() == [True, True]
    assert tail_values("silu", x, "binary64", "down", residual=True)[0].tolist() == [False, True]
    plain = reference("silu", x, "binary64", "down")
    with_res = reference("silu", x, "binary64", "down", residual=True)
    assert plain.fallback == 0 and with_res.fallback == 0  # -770 with residuals: _activationdd's left tail
    assert plain.values.tolist() == with_res.values.tolist() == [-(2.0**-1074)] * 2
    assert with_res.residual is not None  # 1 - |silu(x)|/2**-1074 (left tail at -770, rule at -900)
    assert np.allclose(with_res.residual, [1.0, 1.0], rtol=0, atol=2.0**-20)
