"""Tests of tanhproof.audits._sweep: the inputs of an audit and their shards."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tanhproof.audits._sweep import MAX_SAMPLES, Shard, plan, saturation_points, values
from tanhproof.expr._errors import LimitError
from tanhproof.numeric._bitpatterns import all_values, count_values
from tanhproof.numeric._formats import FormatError


def _all(shards, fmt):
    return np.concatenate([values(s, fmt) for s in shards]).astype(np.float64)


@pytest.mark.parametrize("fmt", ["binary16", "bfloat16"])
def test_exhaustive_covers_every_value_once(fmt):
    got = _all(plan("exhaustive", fmt, shard_size=5000), fmt)
    finite = np.concatenate(list(all_values(fmt))).astype(np.float64)
    assert len(got) == count_values(fmt) + 5  # +-0 and +-inf, three NaNs; every finite value once
    bits = np.sort(got[np.isfinite(got)].view(np.uint64))
    assert np.array_equal(bits, np.sort(finite.view(np.uint64)))
    assert np.isnan(got).sum() == 3 and np.isinf(got).sum() == 2


def test_exhaustive_binary32_shards_cover_the_positive_magnitudes_with_both_signs():
    shards = plan("exhaustive", "binary32")
    bits = [s for s in shards if s.kind == "bits"]
    assert bits[0].start == 1 and bits[-1].stop == 0x7F800000
    assert all(a.stop == b.start for a, b in itertools.pairwise(bits))
    assert sum(s.size for s in shards) == 2**32 - 2 * (2**23 - 1) + 5 - 2  # every value, 3 NaNs only


def test_exhaustive_binary64_is_refused():
    with pytest.raises(FormatError, match="exhaustive audit of binary64 is impossible"):
        plan("exhaustive", "binary64")


def test_range_is_inclusive_and_rounds_inward():
    x = _all(plan((0.1, 0.2), "binary16"), "binary16")
    assert x.min() >= 0.1 and x.max() <= 0.2
    step = np.float16(0.1)
    lo = float(np.nextafter(step, np.float16(1))) if float(step) < 0.1 else float(step)
    assert x.min() == lo
    both = _all(plan((-1, 1), "binary16"), "binary16")
    assert both.min() == -1 and both.max() == 1 and np.sum(both == 0) == 2  # +0 and -0
    neg = _all(plan(("-2", "-0x1p0"), "binary32"), "binary32")
    assert neg.min() == -2 and neg.max() == -1 and len(neg) == 2**23 + 1


def test_samples_are_deterministic_format_values_with_hard_regions():
    a = _all(plan(3000, "binary32", seed=3), "binary32")
    b = _all(plan(3000, "binary32", seed=3), "binary32")
    assert np.array_equal(a, b, equal_nan=True)
    assert len(a) == 3000 + 7
    sat, ovf = saturation_points("binary32")
    assert np.any(np.abs(np.abs(a) - sat) < 0.5) and np.any(np.abs(np.abs(a) - ovf) < 1)
    assert np.array_equal(a.astype(np.float32).astype(np.float64), a, equal_nan=True)


def test_saturation_points_match_the_definition():
    # tanh(x) rounds to 1 in a format of precision p once 1 - tanh(x) < 2**-(p+1).
    for fmt, p in (("binary32", 24), ("binary64", 53)):
        sat = saturation_points(fmt)[0]
        assert 1 - math.tanh(sat * (1 - 1e-9)) > 2.0 ** -(p + 1) * 0.99
    assert saturation_points("binary32")[1] == pytest.approx(88.72283905206835)  # log(FLT_MAX)


def test_binary64_range_samples_and_arrays():
    shards = plan((-1, 1), "binary64", samples=1000)
    x = _all(shards, "binary64")
    assert len(x) == 1002 and x.min() == -1 and x.max() == 1
    arr = plan(np.array([0.5, 1.5], dtype=np.float32), "binary32")
    assert values(arr[0], "binary32").tolist() == [0.5, 1.5]


@pytest.mark.parametrize(
    "bad,match",
    [
        ("all", "inputs must be"),
        ((2, 1), "is empty"),
        (0, "positive integer"),
        (np.array([0.1]), "is not a binary32 value"),
        (np.array(["a"]), "inputs must be"),
    ],
)
def test_bad_inputs(bad, match):
    with pytest.raises(FormatError, match=match):
        plan(bad, "binary32")


def test_too_many_samples():
    with pytest.raises(LimitError, match="exceeds the limit"):
        plan(MAX_SAMPLES + 1, "binary32")


def test_shard_sizes():
    assert Shard("bits", 0, 10, "+-").size == 20
    assert Shard("array", 5, 10).size == 5
