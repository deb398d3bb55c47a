"""Every catalog function and derivative has a reference at every value of every format.

"No crash on valid input": an audit over the whole range of a format stops if the
reference raises at one value (activations' derivatives once did at -65504 in binary16,
and at |x| >= 100 for GELU's). This checks the whole class: every catalog name and its
derivative, in every format, at both signs of one or two values per binade from the
smallest subnormal to the largest finite value, and at 0, infinities and NaN. A value
exists or is NaN (undefined there, and counted so; a NaN input gives NaN); nothing raises.
"""

from __future__ import annotations

import numpy as np
import pytest

from tanhproof.expr._catalog import CATALOG
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._formats import get_format

# (least exponent of a subnormal, greatest exponent, largest finite value) of each format
_RANGES = {
    "binary16": (-24, 15, 65504.0),
    "bfloat16": (-133, 127, float(np.array([0x7F7F0000], np.uint32).view(np.float32)[0])),
    "binary32": (-149, 127, float(np.finfo(np.float32).max)),
    "binary64": (-1074, 1023, float(np.finfo(np.float64).max)),
}


def across_the_range(fmt: str) -> np.ndarray:
    """Values of ``fmt`` from the smallest subnormal to the largest finite, both signs:
    a power of two and 1.5 times it in about 40 binades, plus 0, 1/2, 1, inf and NaN."""
    emin, emax, big = _RANGES[fmt]
    values = [big, 0.0, 0.5, 1.0, np.inf, np.nan]
    for e in range(emin, emax + 1, max(1, (emax - emin) // 40)):
        values.append(2.0**e)
        if emin + 1 < e < emax:  # 1.5 * 2**e is a value of the format there
            values.append(1.5 * 2.0**e)
    x = np.array(values + [-v for v in values], dtype=np.float64)
    dtype = get_format(fmt).dtype
    return x.astype(dtype) if dtype != np.dtype("uint16") else x


NAMES = sorted(name + prime for name in CATALOG for prime in ("", "'"))


@pytest.mark.parametrize("fmt", sorted(_RANGES))
@pytest.mark.parametrize("name", NAMES)
def test_a_reference_exists_or_is_nan_at_every_value(name, fmt):
    x = across_the_range(fmt)
    result = reference(name, x, fmt)
    assert result.points == x.size
    got = result.values.astype(np.float64)
    nan_in = np.isnan(x.astype(np.float64))
    assert np.isnan(got[nan_in]).all()  # NaN propagates
    assert result.undefined == int(np.isnan(got[~nan_in]).sum())  # other NaNs: undefined there
