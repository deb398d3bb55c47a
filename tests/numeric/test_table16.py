"""The whole tables of the 16-bit formats (``_table16``) give what the reference computes.

Expected values are the reference's own without tables (``_bulk._computed``, checked
against MPFR and arb in ``test_bulk.py`` and ``test_ieee_mpfr.py``), compared bit for
bit: whole tables against one call over every bit pattern, calls that read a table
against direct calls on random inputs (NaN payloads, signed zeros, infinities,
subnormals included), with the counts of inputs that took the arb loop or lie outside
the domain.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.numeric import _bulk, _table16
from tanhproof.numeric._formats import get_format

FORMATS = ["binary16", "bfloat16"]
# a kernel, one with a domain, poles and overflow, an activation with points that take
# the arb loop (gelu in binary16), and a derivative through the expression path
FUNCTIONS = ["tanh", "log", "atanh", "exp", "gelu", "mish'"]


@pytest.fixture(autouse=True)
def _fresh_tables(monkeypatch):
    monkeypatch.setattr(_table16, "_TABLES", {})


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit, every NaN equal to every NaN."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    both_nan = np.isnan(a) & np.isnan(b)
    return bool(
        np.array_equal(np.where(both_nan, 0.0, a).view(np.int64), np.where(both_nan, 0.0, b).view(np.int64))
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_table_holds_the_reference_of_every_pattern(function, fmt):
    f = get_format(fmt)
    mode = "nearest" if function != "exp" else "up"
    t = _table16.table(_bulk._computed, function, f, mode, False)
    x = _table16.patterns(f)
    direct = _bulk._computed(function, x, f, mode, False)
    assert _same(t.values, direct.values)
    assert int(t.undefined.sum()) == direct.undefined
    assert t.values.dtype == direct.values.dtype
    # the entries flagged as the loop's, and as many others, each alone
    rng = np.random.default_rng(len(function))
    flagged = np.flatnonzero(t.fallback).tolist()
    others = rng.choice(np.flatnonzero(~t.fallback), 60, replace=False).tolist()
    for i in flagged + others:
        alone = _bulk._computed(function, x[i : i + 1], f, mode, False)
        assert _same(alone.values, t.values[i : i + 1]), (function, fmt, x[i])
        assert alone.fallback == int(t.fallback[i]), (function, fmt, x[i])
        assert alone.undefined == int(t.undefined[i]), (function, fmt, x[i])


def test_the_flags_find_the_points_that_took_the_loop():
    # gelu in binary16 sends a few points to the loop: not a vacuous test of the halving
    f = get_format("binary16")
    t = _table16.table(_bulk._computed, "gelu", f, "nearest", False)
    assert 0 < t.fallback.sum() < 20


@st.composite
def _pattern_arrays(draw):
    fmt = draw(st.sampled_from(FORMATS))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    f = get_format(fmt)
    size = draw(st.sampled_from([_table16.TABLE_MIN, _table16.TABLE_MIN + 7, 3 * _table16.TABLE_MIN]))
    x = _table16.patterns(f)[rng.integers(0, 1 << 16, size)]
    if fmt == "bfloat16" and draw(st.booleans()):  # a float32 NaN with low bits set is a NaN too
        x[:3] = np.array([0x7FC00001, 0xFF800001, 0x7F80FFFF], dtype=np.uint32).view(np.float32)
    if draw(st.booleans()):  # not the format's own dtype: read through float64
        x = x.astype(np.float64)
    if fmt == "binary16" and draw(st.booleans()):
        x = x.reshape(-1, size // _table16.TABLE_MIN if size % _table16.TABLE_MIN == 0 else 1)
    return draw(st.sampled_from(FUNCTIONS)), fmt, x, draw(st.sampled_from(["nearest", "up", "down", "zero"]))


@settings(max_examples=25, deadline=None)
@given(_pattern_arrays(), st.booleans())
def test_a_call_that_reads_a_table_gives_the_direct_call(case, residual):
    function, fmt, x, mode = case
    f = get_format(fmt)
    got = _bulk.reference(function, x, fmt, mode, residual=residual)
    assert (function, fmt, mode, residual) in _table16.cached()
    want = _bulk._computed(function, x, f, mode, residual)
    assert got.values.shape == x.shape and got.values.dtype == want.values.dtype
    assert _same(got.values, want.values)
    assert (got.points, got.undefined) == (want.points, want.undefined)
    assert got.fallback == want.fallback
    assert (got.residual is None) == (not residual)
    if residual:
        assert _same(got.residual, want.residual)


def test_small_calls_and_other_formats_compute_directly():
    x = np.linspace(-3, 3, _table16.TABLE_MIN - 1).astype(np.float16)
    _bulk.reference("tanh", x, "binary16")
    _bulk.reference("tanh", x.astype(np.float32), "binary32")
    _bulk.reference("tanh", np.resize(x, _table16.TABLE_MIN).astype(np.float32), "binary32")
    _bulk.reference("x*tanh(x)", np.resize(x, _table16.TABLE_MIN), "binary16")  # an expression
    assert _table16.cached() == []


def test_a_bad_input_is_refused_before_any_table():
    x = np.full(_table16.TABLE_MIN, 0.1)
    with pytest.raises(ValueError, match=r"0\.1 is not a binary16 value"):
        _bulk.reference("tanh", x, "binary16")
    with pytest.raises(ValueError):
        _bulk.reference("nosuch", np.zeros(_table16.TABLE_MIN, dtype=np.float16), "binary16")
    assert _table16.cached() == []


def test_tables_are_kept_most_recent_first_out_last(monkeypatch):
    monkeypatch.setattr(_table16, "TABLES", 2)
    x = np.zeros(_table16.TABLE_MIN, dtype=np.float16)
    for function in ("tanh", "exp", "tanh", "log"):
        _bulk.reference(function, x, "binary16")
    assert _table16.cached() == [
        ("tanh", "binary16", "nearest", False),
        ("log", "binary16", "nearest", False),
    ]


def test_a_table_whose_nan_count_disagrees_is_not_kept(monkeypatch):
    # a NaN that the blocks do not count as undefined: no table, the usual path
    def compute(function, x, f, mode, residual):
        r = _bulk._computed(function, x, f, mode, residual)
        values = r.values.copy()
        values[0] = np.nan
        return _bulk.BulkResult(values, r.points, r.fallback, r.undefined, r.residual)

    f = get_format("binary16")
    assert _table16.table(compute, "tanh", f, "nearest", False) is None
    x = np.ones(_table16.TABLE_MIN, dtype=np.float16)
    assert _table16.lookup(compute, "tanh", x, f, "nearest", False) is None
