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


@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity_agree_with_the_function_far_out(name):
    # Every catalog function and derivative has its (f(-inf), f(+inf)) in the table, and
    # each agrees with the function evaluated (arb, 30 digits) at x = -+100 and -+30: a
    # finite limit within 2e-2 and approached, an infinite one by a value of its sign that
    # grows by more than 1 from 30 to 100, a signed zero by a value of at most 0.1 of that
    # sign (or 0) that decreases, NaN where the function (with its domain: diff(log(x), x),
    # not 1/x) is undefined. (Farther out arb's erfc loses relative accuracy: GELU's
    # derivative at -10**4 stops with a LimitError, an honest one.)
    import math

    import tanhproof as tp
    from tanhproof.numeric._specials import LIMITS_AT_INFINITY, limits_at_infinity

    assert name in LIMITS_AT_INFINITY
    base = name.rstrip("'")
    expr = f"diff({base}(x), x)" if name.endswith("'") else f"{base}(x)"
    for sign, limit in zip((-1, 1), limits_at_infinity(name, "binary64"), strict=True):
        try:
            near, far = (float(tp.evaluate(expr, x=sign * k, digits=30)) for k in (30, 100))
        except tp.DomainError:
            assert math.isnan(limit), (name, sign, limit)
            continue
        if math.isinf(limit):
            assert math.copysign(1, far) == math.copysign(1, limit) and abs(far) > abs(near) + 1, (name, far)
        elif limit == 0:
            same_sign = far == 0 or math.copysign(1, far) == math.copysign(1, limit)
            assert abs(far) <= 0.1 and abs(far) <= abs(near) and same_sign, (name, sign, far, limit)
        else:
            assert abs(far - limit) <= min(2e-2 * abs(limit), abs(near - limit)), (name, sign, far, limit)
