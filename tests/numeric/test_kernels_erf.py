"""The erf kernels (tanhproof.numeric._erfkernels) against arb at 300 bits, mpmath and MPFR.

Each kernel's relative error on ``d`` must stay within the bound its module docstring
derives (units of ``u = 2**-53``). The erfcx Taylor table is checked against mpmath's
erfc (an independent implementation), and bulk erf against MPFR (gmpy2) in binary32.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from kernelcheck import inputs, mpfr_binary32, worst_error

from tanhproof.numeric._bulk import reference
from tanhproof.numeric._erfkernels import ERF_KERNELS, erfcx_table
from tanhproof.numeric._formats import MODES

# The bounds of the module docstring's analysis, in units of 2**-53.
ANALYSED = {"erf": 8.4, "erf'": 7.0}


def test_every_kernel_is_analysed():
    assert set(ANALYSED) == set(ERF_KERNELS)


@pytest.mark.parametrize("function", sorted(ANALYSED))
def test_kernel_within_its_analysed_bound(function):
    x = inputs(function, seed=len(function))
    edges = 2.0 ** np.arange(-2.0, 5.0)[:, None] * (1 + np.arange(17.0) / 16)  # the table's intervals
    x = np.concatenate([x, edges.ravel(), np.nextafter(edges.ravel().astype(np.float32), np.float32(0))])
    assert worst_error(function, x) <= ANALYSED[function], function


def test_erfcx_table_matches_mpmath():
    # e_0 = erfcx(x0) = exp(x0**2) erfc(x0) and e_1 = 2 x0 e_0 - 2/sqrt(pi), mpmath at 40 digits;
    # the table's own checks (remainder, ratios, alternation) ran when it was built.
    centres, coefficients, rho = erfcx_table()
    assert rho <= 1 / 16 and centres.shape == (112,)
    with mpmath.workdps(40):
        for x0, row in zip(centres.tolist(), coefficients.tolist(), strict=True):
            e0 = mpmath.exp(mpmath.mpf(x0) ** 2) * mpmath.erfc(x0)
            e1 = 2 * x0 * e0 - 2 / mpmath.sqrt(mpmath.pi)
            assert abs(row[0] / e0 - 1) < 2.0**-52 and abs(row[1] / e1 - 1) < 2.0**-52, x0


@pytest.mark.parametrize("mode", MODES)
def test_bulk_erf_agrees_with_mpfr_in_binary32(mode):
    x = np.concatenate([inputs("erf", seed=11, count=800), np.linspace(-6, 6, 801)]).astype(np.float32)
    got = reference("erf", x, "binary32", mode)
    assert got.fallback == 0
    expected = mpfr_binary32("erf", x, mode)
    same = (got.values.astype(np.float64) == expected) & (np.signbit(got.values) == np.signbit(expected))
    assert same.all(), (mode, x[~same][:5])
