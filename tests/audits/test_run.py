"""Tests of tanhproof.audits: targets against correctly rounded references, shards, processes."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import tanhproof
from tanhproof.audits._run import audit, reference_name
from tanhproof.audits._sweep import saturation_points
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._formats import FormatError, round_exact


def _exact_round(fn, x: float, fmt: str) -> float:
    """Independent reference: mpmath at 300 bits, rounded exactly (fractions) to the format."""
    from fractions import Fraction

    with mpmath.workprec(300):
        v = fn(mpmath.mpf(x))
        m, e = mpmath.frexp(v)
        exact = Fraction(int(mpmath.ldexp(m, 300))) * Fraction(2) ** (int(e) - 300)
    return round_exact(exact, fmt)


def test_public_entry_point():
    assert tanhproof.audit is audit
    r = tanhproof.audit("numpy.tanh", fmt="binary16", inputs=(0.5, 0.75), processes=1)
    assert isinstance(r, tanhproof.AccuracyReport)


def test_numpy_tanh_binary16_exhaustive_matches_an_independent_mpmath_count():
    r = audit("numpy.tanh", "tanh", "binary16", "exhaustive", processes=1)
    assert r.points == 63493 and not r.partial
    # Independent check over every normal binary16 input: mpmath's tanh rounded exactly.
    x = np.arange(0x0400, 0x7C00, dtype=np.uint16).view(np.float16)
    x = np.concatenate([x, -x])
    got = np.tanh(x).astype(np.float64)
    wrong = sum(
        g != _exact_round(mpmath.tanh, xi, "binary16")
        for xi, g in zip(x.astype(float).tolist(), got.tolist(), strict=True)
    )
    assert r.not_correctly_rounded == wrong
    assert sum(r.histogram.values()) == len(x)
    assert r.slow_path == 0 or r.slow_path < 100


def test_gradient_reference_comes_from_x_not_from_a_rounded_tanh():
    # A target returning sech(x)^2 correctly rounded (mpmath, per point) is correct to 1/2 ULP,
    # including x = 10 where 1 - tanh(x)^2 in binary32 is 0.
    xs = np.array([0.5, 3.0, 9.5, 10.0, 20.0, -15.0], dtype=np.float32)
    exact = np.array(
        [_exact_round(lambda v: mpmath.sech(v) ** 2, float(v), "binary32") for v in xs], dtype=np.float32
    )

    def sech2(x):
        return exact.copy()

    r = audit(sech2, "tanh'", "binary32", xs, processes=1)
    assert r.not_correctly_rounded == 0 and r.max_ulp <= 0.5 and r.zero_where_nonzero == 0


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_torch_tanh_grad_binary32_is_zero_from_9_0109_with_millions_of_ulps():
    pytest.importorskip("torch")
    # Every binary32 input in [8, 10] and [-10, -8]: 2 * (2**21 + 1) inputs.
    r = audit("torch.tanh:grad", "tanh", "binary32", (8, 10))
    neg = audit("torch.tanh:grad", "tanh", "binary32", (-10, -8))
    assert r.reference == "tanh'"
    assert r.zero_where_nonzero > 0 and neg.zero_where_nonzero > 0
    # y = tanh(x) rounds to 1 once 1 - tanh(x) < 2**-25, i.e. x > log(2**26 - 1)/2 = 9.01091...
    threshold = 0.5 * math.log(2.0**26 - 1)
    assert threshold == pytest.approx(9.0109, abs=1e-4)
    assert r.first_zero_where_nonzero == pytest.approx(threshold, abs=2e-3)
    assert neg.first_zero_where_nonzero == pytest.approx(-threshold, abs=2e-3)
    assert r.max_ulp > 1e6  # 0 where sech^2 is about 6e-8: 2**24 ULPs
    assert r.worst.got == 0.0 and r.worst.expected > 0


def test_torch_tanh_values_binary32_samples():
    pytest.importorskip("torch")
    r = audit("torch.tanh", "tanh", "binary32", 20_000, seed=1)
    assert r.points == 20_007 and r.max_ulp < 8 and r.zero_where_nonzero == 0
    assert r.specials["nan"]["mismatches"] == 0


def test_jax_gradient_if_installed():
    pytest.importorskip("jax")
    r = audit("jax.numpy.tanh:grad", "tanh", "binary32", (8, 10))
    assert r.zero_where_nonzero > 0 and r.max_ulp > 1e6


def test_binary64_samples_against_mpmath():
    r = audit(np.tanh, "tanh", "binary64", 600, processes=1, seed=4)
    # 600 samples, +-0 and the NaN/inf specials; the double-double kernels decide (almost) every
    # sample, so the arb loop takes at most a handful
    assert r.points == 607 and r.slow_path <= 6
    assert r.max_ulp < 3  # libm tanh is within a few ULPs
    # Independent check of the worst point's error with mpmath at 300 bits.
    w = r.worst
    with mpmath.workprec(300):
        exact = mpmath.tanh(mpmath.mpf(w.x))
        err = abs(mpmath.mpf(w.got) - exact) / mpmath.ldexp(
            1, int(mpmath.floor(mpmath.log(abs(exact), 2))) - 52
        )
    assert float(err) == pytest.approx(w.ulp, rel=1e-6)


def test_processes_give_the_same_report_as_one_process():
    def grad(x):
        return 1 - np.tanh(x) ** 2

    one = audit(grad, "tanh'", "binary16", "exhaustive", processes=1, shard_size=4000)
    two = audit(grad, "tanh'", "binary16", "exhaustive", processes=2, shard_size=4000)
    a, b = one.to_dict(), two.to_dict()
    for key in ("elapsed", "processes"):
        a.pop(key), b.pop(key)
    assert a == b  # the mean too: the shards' tallies are merged in shard order
    assert two.processes == 2 and two.shards_done == two.shards_total


def test_ctrl_c_returns_a_partial_report():
    calls = []

    def flaky(x):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return np.tanh(x)

    r = audit(flaky, "tanh", "binary16", "exhaustive", processes=0, shard_size=4000)
    assert r.partial and r.stopped_by == "SIGINT" and 0 < r.shards_done < r.shards_total
    assert r.points == sum(s for s in (7, 8000)) and "PARTIAL" in r.to_text()


def test_max_ulp_counts_failures():
    r = audit("numpy.tanh", "tanh", "binary32", (0.5, 0.5078125), max_ulp=1.0, processes=1)
    assert r.max_ulp > 1 and r.failed > 0 and not r.within(1.0)
    assert r.within(2.0)


def test_reference_names():
    assert reference_name("tanh", True) == "tanh'"
    assert reference_name("sigmoid'", False) == "sigmoid'"
    with pytest.raises(FormatError, match="unknown function 'tanhh'"):
        reference_name("tanhh", False)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"target": "numpy.tanhh"}, "numpy.tanhh"),
        ({"target": lambda x: 1 / 0}, "raised ZeroDivisionError"),
        ({"target": lambda x: x[:1]}, "returned shape"),
        ({"target": lambda x: x.astype(np.float64)}, "returned float64"),
        ({"max_ulp": -1}, "max_ulp must be"),
        ({"processes": -1}, "processes must be"),
        ({"shard_timeout": 0}, "shard_timeout must be"),
        ({"seed": -1}, "seed must be"),
        ({"fmt": "binary128"}, "binary128"),
        ({"reference": "relu"}, "unknown function 'relu'"),
    ],
)
def test_bad_input_is_one_line(kwargs, match):
    args = {"target": "numpy.tanh", "reference": "tanh", "fmt": "binary16", "inputs": 100, "processes": 1}
    args.update(kwargs)
    with pytest.raises(TanhproofError, match=match) as info:
        audit(**args)
    assert "\n" not in str(info.value)


def test_a_target_that_mutates_its_input_is_refused():
    def mutate(x):
        x[:] = 0
        return np.tanh(x)

    with pytest.raises(TanhproofError, match="modified its input"):
        audit(mutate, "tanh", "binary16", 100, processes=1)


def test_saturation_point_is_where_the_correctly_rounded_tanh_reaches_one():
    # Cross-check the threshold of the samples' hard region with the independent mpmath rounding.
    sat = saturation_points("binary32")[0]
    below, above = float(np.float32(sat - 1e-3)), float(np.float32(sat + 1e-3))
    assert _exact_round(mpmath.tanh, below, "binary32") < 1
    assert _exact_round(mpmath.tanh, above, "binary32") == 1


def _ulps_b64(got: float, fn, x: float) -> float:
    """Independent: |got - f(x)| in ULPs of f(x)'s binade in binary64, mpmath at 400 bits."""
    with mpmath.workprec(400):
        exact = fn(mpmath.mpf(x))
        e = max(int(mpmath.floor(mpmath.log(abs(exact), 2))), -1022)
        return float(abs(mpmath.mpf(got) - exact) / mpmath.ldexp(1, e - 52))


@pytest.mark.parametrize("x,got", [(-800.0, 5e-324), (-745.0, 1e-323), (-745.0, 0.0), (-740.0, None)])
def test_binary64_errors_at_underflow_match_mpmath(x, got):
    # Regression: a correctly rounded 0 had the spacing 2**-53, and subnormal residuals
    # were cut to whole multiples of 2**-1074.
    fn = (lambda v: np.exp(v)) if got is None else (lambda v, g=got: np.full_like(v, g))
    r = audit(fn, "exp", "binary64", np.array([x]), processes=1)
    value = float(np.exp(x)) if got is None else got
    measured = r.worst.ulp if r.worst is not None else r.specials["subnormal"]["max_ulp"]
    assert measured == pytest.approx(_ulps_b64(value, mpmath.exp, x), rel=1e-9)


def test_binary64_sigmoid_far_below_the_normal_range():
    r = audit(lambda v: np.full_like(v, 1e-304), "sigmoid", "binary64", np.array([-700.0]), processes=1)
    assert r.worst.ulp == pytest.approx(
        _ulps_b64(1e-304, lambda v: 1 / (1 + mpmath.exp(-v)), -700.0), rel=1e-9
    )


def test_mean_counts_only_finite_errors():
    r = audit(lambda x: np.full_like(x, np.nan), "tanh", "binary16", (0.5, 1), processes=1)
    assert r.max_ulp == math.inf and r.mean_ulp == math.inf
    assert r.histogram == {"inf": 1025}


def test_math_overflow_keeps_the_sign_of_c():
    r = audit("math.sinh", "sinh", "binary64", np.array([-1000.0, 1000.0]), processes=1)
    assert r.wrong_sign == 0 and r.not_correctly_rounded == 0


def test_examples_do_not_depend_on_the_sharding():
    x = np.array([2.0**-140, -(2.0**-141), 2.0**-142, -(2.0**-143), 2.0**-144, 0.5], dtype=np.float32)

    def off(v):
        return np.where(np.abs(v) < 1e-30, v * 2, np.tanh(v)).astype(np.float32)

    a = audit(off, "tanh", "binary32", x, processes=1)
    b = audit(off, "tanh", "binary32", x, processes=1, shard_size=1)
    assert a.specials == b.specials
    assert [e["x"] for e in a.specials["subnormal"]["examples"]] == [2.0**-144, -(2.0**-143), 2.0**-142]


def test_empty_range_is_refused():
    with pytest.raises(FormatError, match="holds no binary16 value"):
        audit("numpy.sin", "tanh", "binary16", (1e6, 1e7))


@pytest.mark.parametrize(
    ("target", "reference", "undefined"),
    [
        (np.sqrt, "sqrt", 31743 + 1),  # the 31743 negative nonzero finite binary16 values and -inf
        (lambda x: np.sign(x), "sign", 0),
        (
            lambda x: (1 / np.sqrt(np.float32(x) ** 2 - 1)).astype(np.float16),
            "acosh'",
            31743 + 15359 + 2 + 1 + 1,
        ),
    ],
)
def test_issue_10_audits_against_references_with_a_domain_run_to_the_end(target, reference, undefined):
    # They aborted saying a point outside the domain "is in the domain". Now every binary16
    # input is measured or counted as undefined (NaN reference): x < 0 for sqrt (sqrt(-0) is
    # -0); x <= 1 and -inf for acosh' = 1/(sqrt(x - 1)*sqrt(x + 1)) (31743 negative nonzero
    # finite values, 15359 in (0, 1), both zeros, 1 itself and -inf); NaN inputs are not counted.
    with np.errstate(all="ignore"):
        r = audit(target, reference, "binary16", "exhaustive", processes=1)
    assert r.points == 63493 and not r.partial
    assert r.undefined == undefined
