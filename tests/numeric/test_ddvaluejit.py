"""Tests of ``tanhproof.numeric._ddvaluejit``: the per-element decisions and format
roundings equal numpy's (``decide_dd``, ``_activationdd._decide``, ``round_array``,
``ulp_array``) on constructed double-doubles around every rounding boundary. Plain
Python, no compiler (the compiled loop is checked end to end in test_activationjit.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from tanhproof.numeric import _activationdd, _ddjit, _ddvalue, _ddvaluejit
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._exprdd import decide_dd, finish
from tanhproof.numeric._formats import MODES, get_format
from tanhproof.numeric._ulps import ulp_array


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(np.asarray(a, dtype=np.float64).view(np.int64), np.asarray(b).view(np.int64)))


def test_the_decision_decides_as_decide_dd():
    # (h, l, e) around the rounding boundaries, with bounds from 0 to past 2**-20 ulp
    rng = np.random.default_rng(5)
    n = 4000
    h = np.exp2(rng.uniform(-890, 1000, n)) * rng.choice([-1.0, 1.0], n)
    lo = h * np.exp2(-53.0) * rng.choice([0.5, 0.25, 0.4999999, 0.0, -0.5, 1e-10], n)
    e = np.abs(h) * np.exp2(-rng.choice([200.0, 110.0, 80.0, 73.0, 72.0, 60.0, 54.0], n))
    e[::7] = 0.0
    b = finish(h, lo, e, np.zeros(n, dtype=bool))
    for mode in MODES:
        for residual in (False, True):
            values, decided, res = decide_dd(b, mode, residual)
            for i in range(n):
                v, ok, r = _ddvaluejit.decide(h[i], lo[i], e[i], False, _ddjit.MODES[mode], residual)
                assert ok == decided[i], (mode, residual, h[i], lo[i], e[i])
                if ok:
                    assert v == values[i] and (not residual or r == res[i])


@pytest.mark.parametrize("fmt", ["binary32", "bfloat16", "binary16"])
def test_the_format_rounding_is_round_arrays(fmt):
    f = get_format(fmt)
    fp = _ddvaluejit.format_parameters(f)
    rng = np.random.default_rng(len(fmt))
    x = np.exp2(rng.uniform(-160, 130, 3000)) * rng.choice([-1.0, 1.0], 3000)
    ties = round_array(x, f).astype(np.float64)  # format values, and the midpoints above them
    x = np.concatenate([x, ties, ties + ulp_array(ties, f) / 2, [0.0, -0.0, float(f.max_float) * 1.001]])
    x = x[np.isfinite(x)]
    for mode in MODES:
        want = round_array(x, f, mode).astype(np.float64)
        with np.errstate(over="ignore"):
            got = np.array([_ddvaluejit.round_format(v, _ddjit.MODES[mode], fp) for v in x.tolist()])
        assert _same(got, want), mode
    values = want[np.isfinite(want)]
    ulps = np.array([_ddvaluejit.ulp_format(v, fp) for v in values.tolist()])
    assert _same(ulps, ulp_array(values, f))


def test_the_narrow_decision_decides_as_numpy():
    # values below the format's range of a known sign (rounded like its least subnormal),
    # exact floats, and bounds from 0 to past 2**-20 ulp
    rng = np.random.default_rng(9)
    n = 3000
    h = np.exp2(rng.uniform(-899, 130, n)) * rng.choice([-1.0, 1.0], n)
    h[::5] = np.exp2(rng.uniform(-899, -160, len(h[::5])))
    lo = h * np.exp2(-53.0) * rng.choice([0.5, 0.25, 0.0, -0.5, 1e-10], n)
    e = np.abs(h) * np.exp2(-rng.choice([200.0, 90.0, 60.0, 48.0, 44.0, 30.0, 1.0], n))
    e[::7] = 0.0
    lo[::7] = 0.0
    for fmt in ("binary32", "binary16", "bfloat16"):
        f = get_format(fmt)
        fp = _ddvaluejit.format_parameters(f)
        block = _ddvalue.end(_ddvalue.V(h, lo, e, np.zeros(n, dtype=bool)))
        for mode in MODES:
            for residual in (False, True):
                values, decided, res = _activationdd._decide(block, f, mode, residual)
                for i in range(n):
                    m = _ddjit.MODES[mode]
                    with np.errstate(over="ignore"):
                        v, ok, r = _ddvaluejit.decide_narrow(h[i], lo[i], e[i], False, m, residual, fp)
                    assert ok == decided[i], (fmt, mode, residual, h[i], lo[i], e[i])
                    if ok:
                        assert v == values[i] and (not residual or r == res[i]), (fmt, mode, h[i])
