"""Bit patterns and enumeration of IEEE formats (tanhproof.numeric._bitpatterns).

Expected counts come from the format parameters of IEEE 754-2019 Table 3.5 (and the
bfloat16 definition): 2**width patterns, of which 2 * 2**(fraction bits) have the
maximal exponent (infinities and NaNs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tanhproof.numeric._bitpatterns import all_values, bits_to_float, count_values, float_to_bits
from tanhproof.numeric._formats import FormatError

SMALL = ("binary16", "bfloat16", "binary32")


def test_binary16_has_63488_finite_values_in_bit_order():
    # 2**16 patterns, less those with the exponent field all ones (2 signs * 2**10
    # fraction patterns: the infinities and NaNs) = 65536 - 2048 = 63488.
    assert count_values("binary16") == 2**16 - 2 * 2**10 == 63488
    chunks = list(all_values("binary16", chunk_size=5000))
    values = np.concatenate(chunks).astype(np.float64)
    assert chunks[0].dtype == np.float16 and len(values) == 63488
    assert np.isfinite(values).all()
    positive, negative = values[: 63488 // 2], values[63488 // 2 :]
    assert np.all(np.diff(positive) > 0) and positive[0] == 0 and positive[-1] == 65504
    assert np.all(np.diff(-negative) > 0) and math.copysign(1.0, negative[0]) < 0
    every = np.concatenate(list(all_values("binary16", finite=False)))
    assert len(every) == count_values("binary16", finite=False) == 65536
    assert np.isinf(every).sum() == 2 and np.isnan(every).sum() == 2046


def test_counts_of_the_other_formats():
    assert count_values("bfloat16") == 2**16 - 2 * 2**7
    assert sum(len(c) for c in all_values("bfloat16")) == count_values("bfloat16")
    assert count_values("binary32") == 2**32 - 2 * 2**23
    first = next(all_values("binary32", chunk_size=1000))
    assert first.dtype == np.float32 and first[1] == 2.0**-149
    with pytest.raises(FormatError, match="binary64"):
        next(all_values("binary64"))


def test_bits_round_trip():
    for fmt in SMALL:
        values = next(all_values(fmt, chunk_size=1 << 16, finite=False))
        bits = float_to_bits(values, fmt)
        assert np.array_equal(bits, np.arange(len(values)))
        back = bits_to_float(bits, fmt)
        assert np.array_equal(back.view(np.uint8), values.view(np.uint8))
    # binary32 1.0 is 0x3F800000; bfloat16 1.0 is its upper half 0x3F80.
    assert float_to_bits(np.array([1.0], dtype=np.float32), "binary32")[0] == 0x3F800000
    assert float_to_bits(np.array([1.0], dtype=np.float32), "bfloat16")[0] == 0x3F80
    with pytest.raises(FormatError, match="bfloat16"):
        float_to_bits(np.array([1 + 2.0**-20], dtype=np.float32), "bfloat16")
