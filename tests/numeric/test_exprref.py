"""Expression references (tanhproof.numeric._exprref): bounds that enclose arb's value,
roundings equal to the arb Ziv loop's and to the catalog kernels', in every format and mode.

The independent peers: arb balls at 300 bits (python-flint) for the error bounds; the
per-point Ziv loop of round_to (arb) for the roundings; the binary32/binary64 kernels of
the catalog names (a different method: one kernel per function, not an expression) for
expressions equal to a catalog function or derivative.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import expressions

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._arb import arb_bounds, arb_eval
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._exprcompile import Unsupported, compile_bounded
from tanhproof.numeric._exprref import limit_at, parsed_reference, slow_point
from tanhproof.numeric._formats import get_format

FORMATS = ("binary16", "bfloat16", "binary32", "binary64")
MODES = ("nearest", "up", "down", "zero")
FUNCTIONS = ("exp", "tanh", "sigmoid", "softplus", "sinh", "cosh", "sech", "log", "sqrt", "coth", "erf")


def _values(fmt: str, x: np.ndarray) -> np.ndarray:
    """``x`` rounded to the format, in the array type bulk.reference takes."""
    f = get_format(fmt)
    r = round_array(np.asarray(x, dtype=np.float64), f)
    return r if fmt == "bfloat16" else r.astype(f.dtype)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def _check_against_loop(expr: str, x: np.ndarray, fmt: str, mode: str) -> None:
    f = get_format(fmt)
    got = reference(expr, x, fmt, mode)
    parsed = parsed_reference(expr)
    for xi, value in zip(x.astype(np.float64).tolist(), got.values.astype(np.float64).tolist(), strict=True):
        want = slow_point(parsed, xi, f, mode)[0]
        assert _same(value, want), (expr, fmt, mode, xi, value, want)


def _encloses(parsed, symbol, xi: float, v: float, e: float) -> bool | None:
    """Whether the exact value at ``xi`` is within ``e`` of ``v``: False when an arb ball
    lies outside ``[v - e, v + e]`` (a wrong bound), True when it lies inside, None when
    arb cannot tell at up to 4000 bits (its ball wider than the bound) or cannot evaluate."""
    low, high = Fraction(v) - Fraction(e), Fraction(v) + Fraction(e)
    for bits in (300, 1200, 4000):
        try:
            lo, hi = arb_bounds(arb_eval(parsed, {symbol: Fraction(xi)}, bits))
        except (TanhproofError, ZeroDivisionError, ValueError, OverflowError):
            return None  # arb's own limits (exp(-1.7e308) as a fraction)
        if hi < low or lo > high:
            return False
        if low <= lo and hi <= high:
            return True
    return None


# Random inputs plus hard ones: zeros of the expression (x = 0, -0), the overflow edge of
# exp in binary16/bfloat16/binary32 (11.09, 88.72), underflow to subnormals and zero
# (x e**x near -100, -750), cancellation (sqrt(x**2 + 1) - x at large x), exact values
# on rounding boundaries (x*x of binary16 values is often a binary16 midpoint). (Not
# x = 3e4: mish'(3e4) = 1 + 1e-26000 or so, which the loop cannot round upward within its
# 65536 bits, as round_to cannot.)
_HARD = np.array(
    [0.0, -0.0, 1e-30, -1e-30, 11.0859375, 11.09375, 88.72283, 88.7228394, -100.0, -103.0, -750.0, 300.0]
)
_EXPRESSIONS = (
    "x*sigmoid(x)",
    "x*tanh(softplus(x))",
    "diff(x*tanh(softplus(x)), x)",
    "exp(x)",
    "x*exp(x)",
    "sqrt(x**2 + 1) - x",
    "x*x",
    "(x + 1)**2 - x**2 - 2*x",
    "log(1 + x**2)/2",
    "log(1 + x)",
)


@pytest.mark.parametrize("fmt", FORMATS[:3])
@pytest.mark.parametrize("mode", MODES)
def test_rounding_equals_the_ziv_loop(fmt, mode):
    rng = np.random.default_rng(hash((fmt, mode)) % 2**32)
    x = _values(fmt, np.concatenate([rng.standard_normal(24) * 6, _HARD]))
    for expr in _EXPRESSIONS:
        _check_against_loop(expr, x, fmt, mode)


@pytest.mark.parametrize("mode", MODES)
def test_binary64_equals_the_ziv_loop(mode):
    # In binary64 only exact values are decided by the float64 bounds; the rest is the loop.
    x = np.array([0.0, -0.0, 0.5, -3.25, 1e-300, 40.0])
    for expr in ("x*sigmoid(x)", "x*x", "(x + 1)**2 - x**2 - 2*x"):
        _check_against_loop(expr, x, "binary64", mode)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "expr"),
    [
        ("sigmoid", "1/(1 + exp(-x))"),
        ("tanh'", "1 - tanh(x)**2"),
        ("sigmoid'", "diff(sigmoid(x), x)"),
        ("softplus", "log(1 + exp(x))"),
        ("sech", "1/cosh(x)"),
    ],
)
def test_expression_equals_the_catalog_kernel(fmt, name, expr):
    rng = np.random.default_rng(7)
    size = 12 if fmt == "binary64" else 400
    x = _values(
        fmt, np.concatenate([rng.standard_normal(size) * 8, [0.0, -0.0, 30.0, -30.0, np.inf, -np.inf]])
    )
    by_name = reference(name, x, fmt).values
    by_expr = reference(expr, x, fmt)
    assert by_expr.points == len(x)
    for a, b in zip(
        by_name.astype(np.float64).tolist(), by_expr.values.astype(np.float64).tolist(), strict=True
    ):
        assert _same(a, b), (name, expr, fmt)


@given(expr=expressions(functions=FUNCTIONS, max_leaves=4), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_error_bounds_enclose_arb(expr, seed):
    """Every claimed bound holds: no arb ball lies outside ``[v - e, v + e]``."""
    try:
        run = compile_bounded(parsed_reference(expr))
    except (Unsupported, TanhproofError):
        return  # erf, or a constant the parser rejects: the arb loop's business
    parsed = parsed_reference(expr)
    (symbol,) = parsed.free_symbols
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.standard_normal(6) * 4, rng.standard_normal(2) * 300]).astype(np.float32)
    b = run(x.astype(np.float64))
    for xi, v, e, bad in zip(x.tolist(), b.v.tolist(), b.e.tolist(), b.bad.tolist(), strict=True):
        if bad:
            continue
        assert _encloses(parsed, symbol, xi, v, e) is not False, (expr, xi, v, e)


@given(
    expr=expressions(functions=FUNCTIONS, max_leaves=3),
    fmt=st.sampled_from(FORMATS[:3]),
    mode=st.sampled_from(MODES),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_expressions_round_like_the_loop(expr, fmt, mode, seed):
    rng = np.random.default_rng(seed)
    x = _values(fmt, rng.standard_normal(6) * 5)
    try:
        parsed_reference(expr)
    except TanhproofError:
        return
    try:
        _check_against_loop(expr, x, fmt, mode)
    except TanhproofError:  # the loop itself gives up (-log(x) + log(x) - 4 is on a boundary it cannot prove)
        return


def test_domain_points_are_not_claimed_and_give_nan():
    run = compile_bounded(parsed_reference("log(x) + sqrt(x - 1) + 1/(x - 2)"))
    b = run(np.array([-1.0, 0.5, 2.0, 3.0]))
    assert b.bad.tolist() == [True, True, True, False]
    got = reference("log(x) + sqrt(x - 1)", np.array([-1.0, 0.5, 4.0], dtype=np.float32))
    assert np.isnan(got.values[:2]).all() and got.undefined == 2
    # log(4) + sqrt(3) = 3.11834516868877...: mpmath at 200 bits
    assert got.values[2] == np.float32(3.1183451686888)


def test_functions_without_kernel_still_correct():
    x = _values("binary16", np.linspace(-4, 4, 9))
    got = reference("sign(x) + x", x, "binary16")
    assert got.fallback == len(x)  # no kernel: every point through the loop
    _check_against_loop("sign(x) + x", x, "binary16", "up")


def test_erf_has_a_kernel_now():
    x = _values("binary16", np.linspace(-4, 4, 9))
    got = reference("erf(x) + x", x, "binary16")
    assert got.fallback < len(x)  # the proved erf kernel decides most points in bulk
    _check_against_loop("erf(x) + x", x, "binary16", "up")


def test_limits_at_infinity():
    cases = {
        "x*sigmoid(x)": (math.inf, -0.0),
        "sigmoid(x) - 1": (-0.0, -1.0),  # sigmoid - 1 < 0 on the right
        "tanh(x) - 1": (-0.0, -2.0),
        "log(x)": (math.inf, math.nan),  # undefined on the left
        "x*exp(-x**2)": (0.0, -0.0),
    }
    for expr, (right, left) in cases.items():
        parsed = parsed_reference(expr)
        assert _same(limit_at(parsed, 1), right), expr
        assert _same(limit_at(parsed, -1), left), expr


def test_a_bad_expression_is_a_one_line_error():
    with pytest.raises(TanhproofError, match="one variable"):
        reference("x*y", np.array([1.0], dtype=np.float32))
    with pytest.raises(TanhproofError, match="never closed"):
        reference("x*(", np.array([1.0], dtype=np.float32))


def test_audit_with_an_expression_reference_gives_the_same_report():
    import tanhproof as tp

    def tanh16(x):
        return np.tanh(x)

    named = tp.audit(tanh16, reference="tanh", fmt="binary16", processes=0)
    written = tp.audit(tanh16, reference="tanh(x)", fmt="binary16", processes=0)
    assert written.reference == "tanh(x)" and named.points == written.points > 60000  # finite, non-special
    for field in ("histogram", "not_correctly_rounded", "wrong_sign"):
        assert getattr(named, field) == getattr(written, field), field
    assert named.specials.keys() == written.specials.keys()
    for kind, row in named.specials.items():
        assert (row["points"], row["mismatches"]) == (
            written.specials[kind]["points"],
            written.specials[kind]["mismatches"],
        )
    # ULP errors come from residuals accurate to about 2**-20 (BulkResult.residual), by two methods
    assert named.max_ulp == pytest.approx(written.max_ulp, abs=2.0**-20)
    assert named.mean_ulp == pytest.approx(written.mean_ulp, abs=2.0**-20)


def test_gradient_reference_is_the_derivative_of_the_expression():
    from tanhproof.audits._run import reference_name

    assert reference_name("x*sigmoid(x)", True) == "diff(x*sigmoid(x), x)"
    assert reference_name(" tanh ", True) == "tanh'"


def test_cli_bad_expression_exit_2(capsys):
    from tanhproof.cli import main

    assert main(["audit", "numpy.tanh", "--reference", "x*(", "--samples", "10"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tanhproof: error:")


@pytest.mark.parametrize("mode", MODES)
def test_piecewise_expressions_choose_the_piece_exactly(mode):
    """ELU by cases (a SymPy expression, taken as it is): the condition x > 0 is decided
    exactly (x = -0.0 and 0.0 take the left piece), and the value equals the loop's."""
    import sympy

    x = sympy.Symbol("x", real=True)
    elu = sympy.Piecewise((x, x > 0), (sympy.exp(x) - 1, True))
    shifted = sympy.Piecewise((x**2, x - sympy.Rational(1, 3) >= 0), (sympy.exp(x) / 3, True))
    rng = np.random.default_rng(11)
    for fmt in FORMATS[:3]:
        xs = _values(
            fmt, np.concatenate([rng.standard_normal(20) * 4, [0.0, -0.0, 1e-30, -1e-30, 1 / 3, -20.0]])
        )
        for expr in (elu, shifted):
            got = reference(expr, xs, fmt, mode)
            assert got.fallback < len(xs)  # the pieces are evaluated, not all left to the loop
            for xi, value in zip(
                xs.astype(np.float64).tolist(), got.values.astype(np.float64).tolist(), strict=True
            ):
                assert _same(value, slow_point(expr, xi, get_format(fmt), mode)[0]), (expr, fmt, xi)


@pytest.mark.parametrize(
    "expr",
    [
        "log(x)",
        "softplus(x)",
        "exp(x)",
        "tanh(x)",
        "sinh(x)",
        "cosh(x)",
        "sech(x)",
        "log(1 + x)",
        "-log(1 + exp(-x))",
    ],
)
def test_kernel_bounds_enclose_arb_at_hard_points(expr):
    """At float64 points (not only values of the small formats): next to 1 (log's
    cancellation), at the ends of the kernels' ranges, tiny and huge."""
    hard = [1 + 2.0**-52, 1 - 2.0**-53, 0.9999, 1e-300, 5e-324, 1.7e308, 709.7, 709.8, -620.5, -745.1, -800.0]
    hard += [2.0**-42, 0.375, 0.75, 30.0, 40.0, 60.0, 384.0, 766.5, 1e-20, 3.0]
    x = np.array(hard + [-h for h in hard])
    parsed = parsed_reference(expr)
    (symbol,) = parsed.free_symbols
    b = compile_bounded(parsed)(x)
    checked = 0
    for xi, v, e, bad in zip(x.tolist(), b.v.tolist(), b.e.tolist(), b.bad.tolist(), strict=True):
        if bad:
            continue
        found = _encloses(parsed, symbol, xi, v, e)
        assert found is not False, (expr, xi, v, e)
        checked += found is True
    assert checked >= len(x) // 4  # most points are claimed and checked


@pytest.mark.parametrize("fmt", ("binary32", "binary64"))
def test_blocks_of_the_expression_path_give_the_whole_arrays_results(fmt, monkeypatch):
    # fast_expression cuts its inputs into blocks: every step is elementwise, so the
    # values, decisions and residuals are those of one block over everything
    from tanhproof.numeric import _exprref

    rng = np.random.default_rng(7)
    x = np.concatenate(
        [rng.uniform(-30, 30, 300), np.exp2(rng.uniform(-80, 9, 100)) * rng.choice([-1, 1], 100)]
    )
    x = round_array(x, get_format(fmt))
    for text in ("x*tanh(log(1 + exp(x)))", "x*sigmoid(x) - erf(x/3)"):
        expr = _exprref.parsed_reference(text)
        whole = _exprref.fast_expression(expr, x, get_format(fmt), "up", residual=True)
        monkeypatch.setattr(_exprref, "EXPRESSION_BLOCK", 37)
        blocked = _exprref.fast_expression(expr, x, get_format(fmt), "up", residual=True)
        monkeypatch.undo()
        assert np.array_equal(whole[1], blocked[1]) and whole[1].mean() > 0.9
        assert np.array_equal(whole[0], blocked[0], equal_nan=True)
        assert np.array_equal(whole[2], blocked[2], equal_nan=True)
