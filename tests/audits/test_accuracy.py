"""Tests of tanhproof.audits._accuracy and _accuracyreport: ULP errors, the tally of a shard,
merging, the report."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from tanhproof.audits._accuracy import HISTOGRAM_LABELS, Tally, measure, ulp_errors
from tanhproof.audits._accuracyreport import AccuracyReport, Point
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bulk import BulkResult, reference
from tanhproof.numeric._ulps import ulp_error


def _exact(fn, x: float, bits: int = 200) -> Fraction:
    with mpmath.workprec(bits):
        v = fn(mpmath.mpf(x))
        m, e = mpmath.frexp(v)
        return Fraction(int(mpmath.ldexp(m, bits)), 1) * Fraction(2) ** (int(e) - bits)


@pytest.mark.parametrize(
    "fmt,dtype", [("binary16", np.float16), ("binary32", np.float32), ("binary64", np.float64)]
)
def test_ulp_errors_agree_with_the_exact_one_point_definition(fmt, dtype):
    # Independent check: formats.ulp_error with the exact value from mpmath at 200 bits.
    rng = np.random.default_rng(5)
    x = (rng.standard_normal(300) * 4).astype(dtype)
    got = round_array(np.tanh(x.astype(np.float64)) * (1 + rng.integers(-3, 4, 300) * 2.0**-22), fmt)
    ref = reference("tanh", x, fmt, residual=True)
    errs = ulp_errors(got.astype(np.float64), ref.values.astype(np.float64), ref.residual, fmt)
    for xi, gi, ei in zip(x.tolist(), got.tolist(), errs.tolist(), strict=True):
        expected = ulp_error(gi, _exact(mpmath.tanh, xi), fmt)
        assert ei == pytest.approx(expected, rel=1e-5, abs=1e-6), xi


def test_ulp_error_just_below_a_power_of_two_uses_the_lower_binade():
    # f(x) = 1 - 2**-26 rounds to 1 in binary32; the exact value's spacing is 2**-24.
    # Residuals in ULPs of the rounded value's binade: -2**-26 / 2**-23 = -1/8.
    err = ulp_errors(
        np.array([1.0, 1.0 - 2**-24]), np.array([1.0, 1.0]), np.array([-0.125, -0.125]), "binary32"
    )
    assert err.tolist() == [0.25, 0.75]


def test_non_finite_results_have_infinite_error_and_matched_overflow_half():
    err = ulp_errors(
        np.array([np.nan, np.inf, np.inf, 3.0]),
        np.array([1.0, 1.0, np.inf, np.inf]),
        np.array([0.0, 0.0, np.nan, np.nan]),
        "binary32",
    )
    assert err.tolist() == [math.inf, math.inf, 0.5, math.inf]


def _tally(x, got, fmt="binary32", name="tanh", max_ulp=None):
    x = np.asarray(x, dtype={"binary16": np.float16, "binary32": np.float32}[fmt])
    return measure(x, np.asarray(got, dtype=np.float64), reference(name, x, fmt, residual=True), fmt, max_ulp)


def test_histogram_bins_and_labels():
    assert HISTOGRAM_LABELS[:4] == ("<=0.5", "<=1", "<=2", "<=4")
    assert HISTOGRAM_LABELS[-2:] == (">2^30", "inf")
    # tanh'(x) at 1: its correctly rounded value and values 1, 2, 3 and 1000 binary32 steps off.
    x = np.float32(1.0)
    ref = float(reference("tanh'", np.array([x]), "binary32").values[0])
    steps = [0, 1, 2, 3, 1000]
    got = [ref + k * 2.0**-25 for k in steps]  # tanh'(1) = 0.42 lies in [1/4, 1/2): spacing 2**-25
    t = _tally([1.0] * 5, got, name="tanh'")
    report = t.report()
    # Independent: each error from the exact sech(1)**2 (mpmath, 200 bits), binned by hand.
    exact = _exact(lambda v: mpmath.sech(v) ** 2, 1.0)
    expected: dict[str, int] = {}
    for g in got:
        e = ulp_error(g, exact, "binary32")
        label = "<=0.5" if e <= 0.5 else next(f"<={2**k}" for k in range(11) if e <= 2**k)
        expected[label] = expected.get(label, 0) + 1
    assert report.histogram == expected
    assert report.not_correctly_rounded == 4
    assert 999 < report.max_ulp < 1001


def test_zero_where_nonzero_and_wrong_sign():
    x = [0.5, 10.0, -10.0, 12.0, 1.0]
    grad = (1 - np.tanh(np.array(x, dtype=np.float32)) ** 2).astype(np.float64)  # 1 - y^2 in binary32
    grad[-1] = -grad[-1]
    r = _tally(x, grad, name="tanh'").report()
    assert r.zero_where_nonzero == 3
    assert r.first_zero_where_nonzero == -10.0  # smallest |x|; on a tie, the negative input
    assert r.wrong_sign == 1
    assert r.worst.x == 1.0 and r.worst.ulp > 2.8e7  # |-0.42 - 0.42| is 2 * 0.42 / 2**-25 ULPs


def test_special_inputs_are_reported_apart():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, 0.5], dtype=np.float32)
    got = np.tanh(x).astype(np.float64)
    got[1] = 0.0  # tanh(-0) is -0: wrong sign of zero
    got[2] = np.nan  # tanh(inf) is 1
    r = _tally(x, got, max_ulp=2.0).report(max_ulp_limit=2.0)
    assert r.specials["zero"] == {
        "points": 2,
        "mismatches": 1,
        "max_ulp": 0.0,
        "examples": [Point(-0.0, 0.0, -0.0, 0.0).to_dict()],
    }
    assert r.specials["infinity"]["mismatches"] == 1
    assert r.specials["nan"] == {"points": 1, "mismatches": 0, "max_ulp": 0.0, "examples": []}
    assert r.specials["subnormal"]["points"] == 1
    assert sum(r.histogram.values()) == 1  # only 0.5 is a normal input
    assert r.failed == 2 and not r.within(2.0)  # numpy's tanh(0.5) is 1.27 ULP off, within 2


def test_undefined_inputs_are_not_measured():
    x = np.array([-1.0, 0.5], dtype=np.float32)
    r = _tally(x, np.log(np.abs(x)).astype(np.float64), name="log").report()
    assert r.undefined == 1 and sum(r.histogram.values()) == 1


def _fields(t: Tally) -> tuple:
    return (
        t.points,
        t.counts,
        t.measured,
        round(t.sum_ulp, 6),
        t.worst,
        t.histogram.tolist(),
        t.not_correctly_rounded,
        t.zero_where_nonzero,
        t.first_zero_where_nonzero,
        t.wrong_sign,
        t.mismatches,
        t.special_worst,
        t.examples,
        t.profile.tolist(),
    )


def test_merging_is_associative_and_commutative():
    rng = np.random.default_rng(2)
    x = (rng.standard_normal(3000) * 6).astype(np.float32)
    x[:4] = [0.0, -0.0, np.inf, 1e-41]
    got = (1 - np.tanh(x) ** 2).astype(np.float64)
    a, b, c = (
        _tally(x[s], got[s], name="tanh'") for s in (slice(0, 1000), slice(1000, 2000), slice(2000, None))
    )
    whole = _tally(x, got, name="tanh'")
    assert _fields((a + b) + c) == _fields(a + (b + c)) == _fields(c + b + a)
    merged = (a + b) + c
    assert _fields(merged)[:4] == _fields(whole)[:4]
    assert _fields(merged)[4:] == _fields(whole)[4:]


def test_report_json_keys_and_text():
    x = np.linspace(-12, 12, 2001, dtype=np.float32)
    r = _tally(x, (1 - np.tanh(x) ** 2).astype(np.float64), name="tanh'").report(
        target="1 - y^2", reference="tanh'", fmt="binary32", inputs="2001 given inputs"
    )
    d = r.to_dict()
    for key in (
        "points",
        "max_ulp",
        "worst",
        "mean_ulp",
        "histogram",
        "not_correctly_rounded",
        "zero_where_nonzero",
        "slow_path",
        "partial",
    ):
        assert key in d
    assert d["worst"]["x_hex"].startswith(("0x", "-0x"))
    import json

    assert json.loads(r.to_json())["points"] == 2001
    text = r.to_text()
    assert "zero where nonzero" in text and "1 - y^2 against tanh'" in text
    assert isinstance(AccuracyReport().to_dict(), dict)


def test_point_text():
    p = Point(10.0, 0.0, 8.24e-9, 2.0e7)
    assert str(p).startswith("x = 0x1.4p+3 (10.0): got 0x0p+0 (0.0), correctly rounded")


def test_bulk_result_without_residual_is_refused_clearly():
    with pytest.raises((TypeError, ValueError)):
        measure(
            np.array([1.0], dtype=np.float32),
            np.array([0.76]),
            BulkResult(np.array([0.76]), 1, 0),
            "binary32",
        )


@pytest.mark.parametrize("fmt", ["binary16", "bfloat16", "binary32"])
def test_ulp_errors_read_native_arrays_like_float64_ones(fmt):
    # The audit passes the reference in the format's own dtype (no conversion pass); the
    # errors must be those of the float64 arrays, bit for bit, over every kind of value.
    from tanhproof.numeric._ulps import ulp_array

    rng = np.random.default_rng(7)
    bits = rng.integers(0, 2**32, 20_000, dtype=np.uint64).astype(np.uint32)
    with np.errstate(invalid="ignore", over="ignore"):
        x = round_array(bits.view(np.float32).astype(np.float64), fmt)  # values of fmt, native dtype
    x = np.concatenate([x, np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dtype=x.dtype)])
    wide = x.astype(np.float64)
    assert np.array_equal(ulp_array(x, fmt), ulp_array(wide, fmt), equal_nan=True)
    got = np.roll(wide, 1)
    residual = rng.uniform(-0.5, 0.5, x.size)
    assert np.array_equal(
        ulp_errors(got, x, residual, fmt), ulp_errors(got, wide, residual, fmt), equal_nan=True
    )
