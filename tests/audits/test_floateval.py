"""Tests of tanhproof.audits._floateval: formulas computed operation by operation in a format.

The expected values are hand-written numpy programs in the format's dtype (the
independent source: numpy's own float16/float32/float64 arithmetic), compared bit for
bit.
"""

import pickle
import warnings

import numpy as np
import pytest

from tanhproof.audits._floateval import FloatProgram, compile_float
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._evaluators import EVALUATORS, np_sigmoid
from tanhproof.numeric._formats import FormatError
from tanhproof.numeric._reading import parse


def bits(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    return a.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize])


def same(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(bits(got), bits(expected))


X32 = np.concatenate(
    [
        np.linspace(-30, 30, 20001, dtype=np.float32),
        np.array(
            [0.0, -0.0, 1e-30, -1e-30, 1e-45, 10.0, 88.7, 89.0, 1e30, -1e30, np.inf, -np.inf, np.nan],
            np.float32,
        ),
    ]
)
ALL16 = np.arange(1 << 16, dtype=np.uint16).view(np.float16)


def test_one_minus_y_squared_binary32_bit_for_bit():
    with np.errstate(all="ignore"):
        t = np.tanh(X32)
        expected = np.float32(1) - t * t
    got = compile_float("1 - tanh(x)**2", "binary32")(X32)
    same(got, expected)
    assert got[np.flatnonzero(X32 == np.float32(10))[0]] == 0  # tanh(10) rounds to 1 in binary32


def test_quotient_forms_binary32():
    with np.errstate(all="ignore"):
        s = np.exp(X32) + np.exp(-X32)
        expected = np.float32(4) / (s * s)
        c = np.cosh(X32)
        inv_cosh_sq = np.float32(1) / (c * c)
        h = np.float32(1) / np.cosh(X32 / np.float32(2))
        sech_half = (h * h) / np.float32(4)
        e = np.exp(-np.float32(2) * np.abs(X32))
        d = np.float32(1) + e
        abs_form = (np.float32(4) * e) / (d * d)
    same(compile_float("4/(exp(x) + exp(-x))**2", "binary32")(X32), expected)
    same(compile_float("1/cosh(x)**2", "binary32")(X32), inv_cosh_sq)
    same(compile_float("sech(x/2)**2/4", "binary32")(X32), sech_half)
    same(compile_float("4*exp(-2*abs(x))/(1 + exp(-2*abs(x)))**2", "binary32")(X32), abs_form)


def test_catalog_evaluators_in_the_dtype():
    with np.errstate(all="ignore"):
        expected = np.float32(4) * np_sigmoid(np.float32(2) * X32) * np_sigmoid(-(np.float32(2) * X32))
    got = compile_float("4*sigmoid(2*x)*sigmoid(-2*x)", "binary32")(X32)
    # SymPy orders the factors 4*sigmoid(-2*x)*sigmoid(2*x); float multiplication by 4 is exact
    # (no overflow here) so the order changes nothing.
    same(got, expected)


def test_binary16_every_value():
    with np.errstate(all="ignore"):
        c = np.cosh(ALL16)
        expected = np.float16(1) / (c * c)
    got = compile_float("1/cosh(x)**2", "binary16")(ALL16)
    same(got, expected)


def test_binary64():
    x = np.linspace(-800, 800, 10001)
    with np.errstate(all="ignore"):
        e = np.exp(-x)
        d = 1 + e
        expected = e / (d * d)
    same(compile_float("exp(-x)/(1 + exp(-x))**2", "binary64")(x), expected)


def test_bfloat16_rounds_after_every_operation():
    x = round_array(np.linspace(-12, 12, 4001), "bfloat16")  # float32 array of bfloat16 values

    def rb(v):
        return round_array(np.asarray(v, dtype=np.float64), "bfloat16")

    t = rb(np.tanh(x))
    expected = rb(np.float32(1) - rb(t * t))
    got = compile_float("1 - tanh(x)**2", "bfloat16")(x)
    same(got, expected)
    # Every result is a bfloat16 value, and rounding only at the end would differ somewhere.
    same(rb(got), got)
    only_at_end = rb(np.float32(1) - np.tanh(x) * np.tanh(x))
    assert np.any(bits(only_at_end) != bits(got))


def test_widening_evaluator_is_cast_back(monkeypatch):
    # An evaluator that computes in float64: its result is rounded to the format at once.
    wide = EVALUATORS["sigmoid"]._replace(numpy=lambda u: 1 / (1 + np.exp(-np.asarray(u, dtype=np.float64))))
    monkeypatch.setitem(EVALUATORS, "sigmoid", wide)
    x = np.linspace(-20, 20, 1001, dtype=np.float32)
    s = (1 / (1 + np.exp(-x.astype(np.float64)))).astype(np.float32)
    expected = s * s
    got = compile_float("sigmoid(x)**2", "binary32")(x)
    same(got, expected)


def test_squares_powers_roots_and_constants():
    x = np.linspace(0.5, 3, 101, dtype=np.float32)
    same(compile_float("x**2", "binary32")(x), x * x)
    same(compile_float("x**3", "binary32")(x), np.power(x, np.float32(3)))
    same(compile_float("sqrt(x)", "binary32")(x), np.sqrt(x))
    same(compile_float("x**(-2)", "binary32")(x), np.float32(1) / (x * x))
    # 1/3 and pi rounded once to binary32 (numpy's float32 of the double; neither is near a tie).
    same(compile_float("x + pi", "binary32")(x), x + np.float32(np.pi))
    same(compile_float("x - 1/3", "binary32")(x), x - np.float32(1 / 3))
    same(compile_float("x/3", "binary32")(x), x / np.float32(3))
    same(compile_float("-x/2", "binary32")(x), -(x / np.float32(2)))


def test_constant_formula_has_the_shape_of_x():
    x = np.zeros((2, 3), dtype=np.float16)
    got = compile_float("7/2", "binary16")(x)
    assert got.dtype == np.float16 and got.shape == (2, 3) and set(got.ravel().tolist()) == {3.5}


def test_returns_new_array_and_keeps_input():
    x = np.array([0.5, 1.0], dtype=np.float32)
    keep = x.copy()
    f = compile_float("x", "binary32")
    out = f(x)
    assert out is not x and not np.shares_memory(out, x)
    same(x, keep)


def test_no_floating_point_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = compile_float("4/(exp(x) + exp(-x))**2", "binary32")(X32)
    assert out[np.flatnonzero(X32 == np.float32(89.0))[0]] == 0  # exp(89) overflows in binary32


def test_program_is_picklable_and_named():
    p = compile_float("sech(x)**2", "binary32")
    assert p.__qualname__ == p.__name__ == "sech(x)**2"
    q = pickle.loads(pickle.dumps(p))
    assert isinstance(q, FloatProgram) and q.__qualname__ == "sech(x)**2"
    same(q(X32), p(X32))
    assert repr(p) == "FloatProgram('sech(x)**2', fmt='binary32')"


def test_sympy_expression_input():
    e = parse("1 - tanh(x)**2")
    same(compile_float(e, "binary32")(X32), compile_float("1 - tanh(x)**2", "binary32")(X32))


def test_steps():
    assert compile_float("1/cosh(x)**2", "binary32").steps == (
        "t0 = 1",
        "t1 = x",
        "t2 = cosh(t1)",
        "t3 = t2 * t2",
        "t4 = t0 / t3",
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("erf(x)", "erf has no numpy evaluator"),
        ("x + y", "one variable expected, got x, y"),
        ("diff(tanh(x), x)", "a derivative must be computed first"),
    ],
)
def test_errors_are_one_line(text, fragment):
    with pytest.raises(TanhproofError) as info:
        compile_float(text, "binary32")
    message = str(info.value)
    assert fragment in message and "\n" not in message and repr(text) in message


def test_bad_format_and_bad_expression():
    with pytest.raises(FormatError):
        compile_float("x", "binary8")
    with pytest.raises(TanhproofError, match="expected an expression"):
        compile_float(3.5, "binary32")
