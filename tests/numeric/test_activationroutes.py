"""Activations computed as a catalog kernel at a transformed input (``_activationroutes``).

Expected values come from the activations' own path, which does not use the routes:
``_bulk._computed`` (their tail rules and expression path, checked against arb and
MPFR in ``test_bulk.py`` and ``test_exprref.py``), compared bit for bit; residuals
agree within their stated accuracy (``2**-20`` ulp: the two paths compute them from
different enclosures).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import format_arrays

from tanhproof.numeric import _bulk, _table16
from tanhproof.numeric._activationroutes import ROUTES, routed
from tanhproof.numeric._formats import MODES, get_format


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    both_nan = np.isnan(a) & np.isnan(b)
    return bool(
        np.array_equal(np.where(both_nan, 0.0, a).view(np.int64), np.where(both_nan, 0.0, b).view(np.int64))
    )


# moderate values, and far out: the values below every format, beside 1 and beside -x
_EDGES = [
    -2.5,
    -0.75,
    0.5,
    3.0,
    0.0,
    -0.0,
    1e-30,
    -1e-30,
    30.0,
    -30.0,
    40.0,
    -40.0,
    800.0,
    -800.0,
    1e300,
    -1e300,
    5e-324,
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(ROUTES)), format_arrays(), st.sampled_from(MODES), st.booleans())
def test_a_route_gives_the_activations_own_reference(function, case, mode, residual):
    fmt, x = case
    f = get_format(fmt)
    got = _bulk.reference(function, x, fmt, mode, residual=residual)
    want = _bulk._computed(function, x, f, mode, residual)
    assert got.values.dtype == want.values.dtype and got.values.shape == x.shape
    assert _same(got.values, want.values), (function, fmt, mode, x, got.values, want.values)
    assert (got.points, got.undefined) == (want.points, want.undefined)
    if residual:
        both_nan = np.isnan(got.residual) & np.isnan(want.residual)
        assert np.array_equal(np.isnan(got.residual), np.isnan(want.residual))
        assert np.all(both_nan | (np.abs(got.residual - want.residual) <= 2.0**-19))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("function", sorted(ROUTES))
def test_far_out_and_at_zero(function, mode):
    x = np.array([*_EDGES, np.inf, -np.inf, np.nan])
    f = get_format("binary64")
    got = _bulk.reference(function, x, f, mode, residual=True)
    want = _bulk._computed(function, x, f, mode, True)
    assert _same(got.values, want.values)
    assert np.array_equal(np.isnan(got.residual), np.isnan(want.residual))
    both = ~np.isnan(got.residual)
    assert np.all(np.abs(got.residual[both] - want.residual[both]) <= 2.0**-19)


def test_an_error_names_the_callers_value_not_the_negated_one():
    with pytest.raises(ValueError, match=r"input 0\.1 is not a binary32 value"):
        _bulk.reference("logsigmoid", [0.1], "binary32")


def test_other_names_have_no_route():
    assert routed("tanh", [1.0], "binary64", "nearest") is None
    assert routed("x*sigmoid(x)", [1.0], "binary64", "nearest") is None
    assert routed("logsigmoid", [1.0], "binary64", "nearest").route.target == "softplus"


def test_a_16_bit_route_reads_the_catalog_functions_table(monkeypatch):
    monkeypatch.setattr(_table16, "_TABLES", {})
    x = _table16.patterns(get_format("binary16"))
    got = _bulk.reference("logsigmoid", x, "binary16", "up")
    assert _table16.cached() == [("softplus", "binary16", "down", False)]
    assert _same(got.values, _bulk._computed("logsigmoid", x, get_format("binary16"), "up", False).values)
