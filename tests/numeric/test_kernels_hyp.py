"""The coth/csch/sech' kernels (tanhproof.numeric._hypkernels) against arb at 300 bits.

Each kernel's relative error on ``d`` must stay within the bound its module docstring
derives (units of ``u = 2**-53``); the exact series coefficients are checked against
mpmath's Taylor expansion, an independent computation.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from kernelcheck import inputs, worst_error

from tanhproof.numeric._hypkernels import HYP_KERNELS, series_coefficients

# The bounds of the module docstring's analysis (the largest of the three ranges).
ANALYSED = {"coth": 14.8, "coth'": 18.5, "csch": 8.8, "csch'": 15.8, "sech'": 15.4}


def test_every_kernel_is_analysed():
    assert set(ANALYSED) == set(HYP_KERNELS)


@pytest.mark.parametrize("function", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(function):
    x = inputs(function, seed=len(function))
    x = np.concatenate(
        [x, np.exp2(-np.arange(5.0, 150.0)), -np.exp2(-np.arange(5.0, 150.0))]
    )  # c = pole term
    assert worst_error(function, x) <= ANALYSED[function], function


def test_series_coefficients_match_mpmath():
    # f(a) minus its pole term, by mpmath at 80 digits (independent), against the exact
    # series summed to 9 terms at a = 2**-5 and 2**-7: a wrong coefficient of z**k would
    # leave a difference near a**(2k), far above the truncation (below a**18).
    with mpmath.workdps(80):
        pole_free = {
            "coth": lambda a: (mpmath.coth(a) - 1 / a) / a,
            "csch": lambda a: (mpmath.csch(a) - 1 / a) / a,
            "coth'": lambda a: -(mpmath.csch(a) ** 2) + 1 / a**2,
            "csch'": lambda a: -mpmath.coth(a) * mpmath.csch(a) + 1 / a**2,
            "sech'": lambda a: (-mpmath.tanh(a) * mpmath.sech(a) + a) / a**3,
        }
        for name, series in series_coefficients().items():
            for a in (mpmath.mpf(2) ** -5, mpmath.mpf(2) ** -7):
                z = a * a
                total = sum(mpmath.mpf(c.numerator) / c.denominator * z**k for k, c in enumerate(series))
                assert abs(total / pole_free[name](a) - 1) < a**17, (name, a)
    # The small-range series alternate with ratios at most 0.61 z (module docstring), z < 2**-10.
    for name, series in series_coefficients().items():
        for a, b in itertools.pairwise(series[:8]):
            assert a * b < 0 and abs(b / a) <= Fraction(61, 100), name
