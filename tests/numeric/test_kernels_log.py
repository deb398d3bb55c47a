"""The log-family kernels (tanhproof.numeric._logkernels) against arb at 300 bits and MPFR.

Each kernel's relative error on ``d`` must stay within the bound its module docstring
derives (the table there, in units of ``u = 2**-53``); the measured maxima are far
below. The log kernel's condition number ``kappa`` is checked for every table entry,
and the bulk references built on these kernels are compared with MPFR (gmpy2), which
shares no code with tanhproof.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from kernelcheck import inputs, mpfr_binary32, worst_error

from tanhproof.numeric._bulk import reference
from tanhproof.numeric._formats import MODES
from tanhproof.numeric._kernels import BOUND

# The bounds of the module docstring's analysis, in units of 2**-53.
ANALYSED = {"log": 14.0, "log'": 1.0, "softplus": 21.2, "asinh": 19.7, "acosh": 18.2, "atanh": 17.2}


@pytest.mark.parametrize("function", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(function):
    worst = worst_error(function, inputs(function, seed=len(function)))
    assert worst <= ANALYSED[function], (function, worst)
    assert ANALYSED[function] * 2.0**-53 * 10 <= BOUND  # the claimed bound keeps a margin


def test_log_kernel_exact_cases_and_general_float64_inputs():
    # log(1) = 0 exactly; the kernel also takes float64 inputs of 53 bits (log1p uses them).
    x = np.array(
        [1.0, 1 + 2.0**-52, 1 - 2.0**-53, 2.0**-1022, 1.7e308, 0.7071067811865476, 1.4142135623730951]
    )
    assert worst_error("log", x) <= ANALYSED["log"]
    assert worst_error("log", np.exp2(np.random.default_rng(1).uniform(-1000, 1000, 300))) <= 14


def test_log_condition_number_for_every_table_entry():
    # kappa = (|e ln2| + |log c_j| + |log1p r|) / |log x| <= 3.04 (module docstring), with
    # m in [181/256, 362/256), c_j = j/128, |m - c_j| <= 1/256; mpmath at 60 digits.
    worst = mpmath.mpf(1)
    with mpmath.workdps(60):
        lo_m, hi_m = mpmath.mpf(181) / 256, mpmath.mpf(362) / 256
        for j in range(90, 182):
            cj = mpmath.mpf(j) / 128
            ends = [max(lo_m, cj - mpmath.mpf(1) / 256), min(hi_m, cj + mpmath.mpf(1) / 256)]
            p_max = max(abs(mpmath.log1p((m - cj) / cj)) for m in ends)
            for e in (-2, -1, 0, 1, 2):
                for m in ends:
                    value = abs(e * mpmath.log(2) + mpmath.log(m))
                    if value == 0:
                        continue  # x = 1: exact
                    kappa = (abs(e) * mpmath.log(2) + abs(mpmath.log(cj)) + p_max) / value
                    worst = max(worst, kappa)
    assert 3.0 < worst <= 3.04


def binary32_inputs(function: str) -> np.ndarray:
    x = inputs(function, seed=7, count=800)
    return x.astype(np.float32)


@pytest.mark.parametrize("function", ["log", "asinh", "acosh", "atanh"])
@pytest.mark.parametrize("mode", MODES)
def test_bulk_agrees_with_mpfr_in_binary32(function, mode):
    x = binary32_inputs(function)
    got = reference(function, x, "binary32", mode)
    # log(1 - 2**-23) lies 2**-47 relative from a binary32 midpoint: the kernel's
    # c = x - 1, d = log1p(r) - r near 1 decides it.
    assert got.fallback == 0
    expected = mpfr_binary32(function, x, mode)
    same = (got.values.astype(np.float64) == expected) & (np.signbit(got.values) == np.signbit(expected))
    assert same.all(), (function, mode, x[~same][:5], got.values[~same][:5], expected[~same][:5])
