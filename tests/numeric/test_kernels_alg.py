"""The algebraic kernels (tanhproof.numeric._algkernels) against arb at 300 bits and MPFR.

Each kernel's relative error on ``d`` must stay within the bound its module docstring
derives (units of ``u = 2**-53``); exact values (``sqrt(4) = 2``, ``sqrt'(1/4) = 1``,
``abs``, ``sign``) must come with ``d = 0``, which :func:`kernelcheck.worst_error`
checks against arb (an exact ball of radius 0).
"""

from __future__ import annotations

import numpy as np
import pytest
from kernelcheck import inputs, mpfr_binary32, worst_error

from tanhproof.numeric._algkernels import ALG_KERNELS
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._formats import MODES

# The bounds of the module docstring's analysis, in units of 2**-53.
ANALYSED = {
    "abs": 0.0,
    "abs'": 0.0,
    "acosh'": 3.51,
    "asinh'": 3.01,
    "atanh'": 4.0,
    "sign": 0.0,
    "sign'": 0.0,
    "sqrt": 2.6,
    "sqrt'": 2.01,
}


def test_every_kernel_is_analysed():
    assert set(ANALYSED) == set(ALG_KERNELS)


@pytest.mark.parametrize("function", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(function):
    x = inputs(function, seed=len(function))
    if function in ("asinh'", "acosh'"):  # the exact 1/a branch: large powers of two
        x = np.concatenate([x, np.exp2(np.arange(8.0, 128.0))])
    assert worst_error(function, x) <= ANALYSED[function], function


def test_sqrt_is_exact_exactly_at_squares():
    # Every binary16 value: the kernel's d is 0 (c = sqrt(x)) exactly when x is the square
    # of a dyadic number; the independent check takes integer square roots of x's fraction.
    from fractions import Fraction

    bits = np.arange(0, 0x7C00, dtype=np.uint16)
    x = bits.view(np.float16).astype(np.float64)
    found = ALG_KERNELS["sqrt"](x)[1] == 0
    for xi, flag in zip(x.tolist(), found.tolist(), strict=True):
        q = Fraction(xi)
        num, den = q.numerator, q.denominator
        root_num, root_den = int(num**0.5 + 0.5), int(den**0.5 + 0.5)
        square = root_num * root_num == num and root_den * root_den == den
        assert flag == square, xi


@pytest.mark.parametrize("mode", MODES)
def test_sqrt_agrees_with_mpfr_in_binary32(mode):
    x = np.concatenate(
        [inputs("sqrt", seed=5, count=800), np.arange(0.0, 400.0) ** 2, 2.0 ** np.arange(-149.0, 128)]
    )
    x = x.astype(np.float32)
    got = reference("sqrt", x, "binary32", mode)
    # c = sqrt(x) to 25 bits and d = (x - c*c)/(sqrt(x) + c) decide every point, exact
    # squares (d = 0) and sqrt(1 + 2**-23), 2**-49 relative from a midpoint, alike.
    assert got.fallback == 0
    expected = mpfr_binary32("sqrt", x, mode)
    same = (got.values.astype(np.float64) == expected) & (np.signbit(got.values) == np.signbit(expected))
    assert same.all(), (mode, x[~same][:5])
