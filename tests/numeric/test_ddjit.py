"""The scalar twins of the binary64 kernels (``_ddjit``) give what the numpy path gives.

The twins claim the numpy kernels' error bound because they perform the same float64
operations in the same order; these tests are what makes that claim true. Expected
values are the numpy path's own (``split64`` and ``decide64``, checked against MPFR and
the arb Ziv loop in ``test_ddbulk.py``), compared bit for bit: the double-double value
``(h, l)`` of every kernel, and the decision and value in every rounding mode.

- plain Python (no numba needed): Hypothesis draws inputs over each kernel's whole range
  and every branch boundary; ``fast64``'s split between the twins and the numpy path
  (ranges and constant-range rules) is checked at every threshold, with the residuals
  ``(f - value) / ulp`` an audit reads;
- compiled (numba, the ``fast`` extra; marked slow: the build takes about 80 s): the
  same comparisons on 10^5 inputs per function and mode, and the decision on values
  next to rounding boundaries; a compiler that contracted ``a*b + c`` into a fused
  multiply-add or reassociated a sum would fail them. The one fused multiply-add the
  compiled kernels have on purpose, in ``two_prod``, gives Dekker's exact bits: checked
  on its own too.
"""

from __future__ import annotations

import importlib.util
import itertools
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhproof.numeric import _ddfast, _ddjit
from tanhproof.numeric._dddecide import decide64
from tanhproof.numeric._ddkernels import BOUND64, KERNELS64, KIND_VALUE, split64

MODES = list(_ddjit.MODES)
FUNCTIONS = sorted(_ddjit.KINDS)
# The kernels' branch points (and their ranges' ends and the rules' thresholds):
# _ddexpkernels, _ddhypkernels, _ddlogkernels (log: near 1 on [0.5, 2], far elsewhere),
# _ddinvkernels, _dderfkernels.
BOUNDARIES = [
    2.0**-1023,
    2.0**-512,
    2.0**-511.5,
    2.0**-84,
    2.0**-42,
    2.0**-26,  # asinh, atanh: the series below
    0.375,
    0.5,
    0.75,
    1.0,
    2.0,
    30.0,
    40.0,
    60.0,
    80.0,
    310.0,
    384.0,
    620.0,
    709.7,
    766.0,
    1 / 3,  # _ddinvkernels: atanh; 0.75 asinh, 1.25 acosh, 2**30 log far, 2**50 reciprocal
    1.25,
    2.0**30,
    2.0**50,
    2.0**900,
    2.0**-500,  # erf: its kernel from here up to 7.7, erf' up to 24.9 (scaled beyond)
    2.0**-56,  # erf: shorter Horner loops below these (_dderf._SHORT)
    2.0**-28,
    2.0**-19,
    2.0**-14,
    2.0**-10,
    7.7,
    24.9,
    27.7,
]


def _around(values: list[float], steps: int = 3) -> list[float]:
    out = []
    for v in values:
        lo = hi = v
        out.append(v)
        for _ in range(steps):
            lo, hi = float(np.nextafter(lo, -np.inf)), float(np.nextafter(hi, np.inf))
            out += [lo, hi]
    return out + [-v for v in out]


def _kernel_inputs(function: str, x: np.ndarray) -> np.ndarray:
    """The inputs of ``x`` that ``split64`` gives to the kernel (kind "value")."""
    return x[split64(function, x, compiled=False).kind == KIND_VALUE]


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(
        np.asarray(a, dtype=np.float64).view(np.int64), np.asarray(b, dtype=np.float64).view(np.int64)
    )


@st.composite
def _kernel_points(draw):
    function = draw(st.sampled_from(FUNCTIONS))
    spec = KERNELS64[function]
    x = draw(
        st.one_of(
            st.floats(min_value=spec.low, max_value=spec.high),
            st.sampled_from(_around(BOUNDARIES)),
            st.floats(min_value=-1.0, max_value=1.0),
        )
    )
    if draw(st.booleans()):
        x = -x
    return function, x, draw(st.sampled_from(MODES))


@settings(max_examples=400, deadline=None)
@given(_kernel_points())
def test_the_twins_give_the_numpy_kernels_bits(point):
    function, x, mode = point
    s = split64(function, np.array([x]), compiled=False)
    if s.kind[0] != KIND_VALUE:  # a constant range or outside the kernel: not the twins' part
        return
    k = _ddjit.constants(erf=True)
    kind = _ddjit.KINDS[function]
    g = _ddjit.guesses(kind, np.array([x]), np.array([True]), k)
    h, lo = _ddjit.value(kind, x, float(g[0]), k)
    assert _same([h, lo], [s.h[0], s.lo[0]]), (function, x)
    v, ok = _ddjit.decide(h, lo, BOUND64, _ddjit.MODES[mode])
    values, decided = decide64(s.h, s.lo, BOUND64, mode)
    assert bool(ok) == bool(decided[0]), (function, x, mode)
    assert not ok or _same([v], values), (function, x, mode)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_twins_give_the_numpy_kernels_bits_at_every_boundary(function):
    rng = np.random.default_rng(len(function))
    spec = KERNELS64[function]
    x = np.concatenate(
        [
            _around(BOUNDARIES),
            rng.uniform(-3, 3, 150),
            rng.uniform(-min(spec.high, 1e300), min(spec.high, 1e300), 150),
        ]
    )
    x = _kernel_inputs(function, x)
    s = split64(function, x, compiled=False)
    k = _ddjit.constants(erf=True)
    kind = _ddjit.KINDS[function]
    g = _ddjit.guesses(kind, x, np.ones(x.shape, dtype=bool), k).tolist()
    got = np.array([_ddjit.value(kind, t, g[i], k) for i, t in enumerate(x.tolist())])
    assert _same(got[:, 0], s.h) and _same(got[:, 1], s.lo), function
    # the same through run's VALUES mode (kernel_values), at |x| for the odd and even functions
    t = x if KERNELS64[function].parity < 0 else np.abs(x)
    free = np.ones(t.shape, dtype=bool)
    h, lo = np.empty_like(t), np.empty_like(t)
    with np.errstate(over="ignore"):  # numpy scalars in plain Python: asinh's 1/(4x**2) far out
        _ddjit.run(kind, _ddjit.VALUES, t, _ddjit.guesses(kind, t, free, k), free, k, h, free, lo)
    unsigned = split64(function, t, compiled=False)
    assert _same(h, unsigned.h) and _same(lo, unsigned.lo), function


def _decision_sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Values ``h + l`` next to rounding boundaries (as in test_ddbulk.py), values whose
    error bound ends exactly on one (``l +- E`` equal to 0 or to half a gap), and the
    ends of the decided magnitudes."""
    rng = np.random.default_rng(seed)
    h = np.exp2(rng.uniform(-905, 1024, n)) * rng.choice([-1.0, 1.0], n)
    ulp = np.spacing(np.abs(h))
    lo = rng.choice([0.5, -0.5, 0.25, 1e-20, -1e-20, 0.0], n) * ulp + rng.uniform(-1, 1, n) * ulp * 2.0**-40
    E = np.abs(h) * (BOUND64 * (1 + 2.0**-40))  # decide64's bound, computed as it computes it
    third = n // 3
    offsets = rng.choice([0.0, 0.5, -0.5, 1.0, -1.0], third) * ulp[:third]
    lo[:third] = offsets + rng.choice([1.0, -1.0], third) * E[:third]
    h[:4] = [2.0**-900, -(2.0**-900), np.nextafter(2.0**-900, 0), 2.0**1023]
    lo[:4] = 0.0
    return h, lo


@pytest.mark.parametrize("mode", MODES)
def test_the_decision_twin_decides_as_decide64(mode):
    h, lo = _decision_sample(600, seed=MODES.index(mode))
    values, decided = decide64(h, lo, BOUND64, mode)
    assert 0.2 < decided.mean() < 1  # both outcomes occur
    for i in range(len(h)):
        v, ok = _ddjit.decide(float(h[i]), float(lo[i]), BOUND64, _ddjit.MODES[mode])
        assert bool(ok) == bool(decided[i]), (h[i], lo[i])
        assert not ok or _same([v], [values[i]]), (h[i], lo[i])


def _mixed_inputs(seed: int, n: int) -> np.ndarray:
    """Every threshold of the constant ranges and kernel ranges with its neighbours, zeros,
    and random inputs of every size."""
    rng = np.random.default_rng(seed)
    logs = np.exp2(rng.uniform(-1074, 10.5, n)) * rng.choice([-1.0, 1.0], n)
    return np.concatenate(
        [_around([*BOUNDARIES, 709.79, 710.48]), [0.0, -0.0], logs, rng.uniform(-40, 40, n)]
    )


def _assert_as_the_numpy_path(run, function: str, x: np.ndarray, mode: str) -> np.ndarray:
    """``fast64``'s block with ``run`` gives the numpy block's decisions, and its values
    and residuals where decided, bit for bit; returns the decisions."""
    values, decided, res = _ddfast._compiled(run, function, x, mode, True)
    expected, expected_decided, expected_res = _ddfast._block(function, x, mode, True, compiled=False)
    assert np.array_equal(decided, expected_decided), (function, mode)
    assert _same(values[decided], expected[decided]), (function, mode)
    assert _same(res[decided], expected_res[decided]), (function, mode)
    return decided


@pytest.mark.parametrize("function", FUNCTIONS)
def test_fast64_splits_its_inputs_as_split64_does(function):
    # The twins take exactly the inputs split64 gives to the kernel (the rules first,
    # then the kernel's range); the others keep the numpy path. run is the plain-Python
    # loop here (the compiled one in the slow test below).
    x = _mixed_inputs(seed=len(function), n=40)
    with np.errstate(over="ignore"):  # numpy scalars in plain Python: asinh's 1/(4x**2) far out
        for mode in MODES:
            _assert_as_the_numpy_path(_ddjit.run, function, x, mode)
            assert _ddfast._compiled(_ddjit.run, function, x, mode, False)[2] is None


def _stand_in(monkeypatch, dispatcher) -> None:
    """``_ddjit.loop`` in a fresh process with numba present, ``dispatcher`` in place of
    the compiled run."""
    monkeypatch.setattr(_ddjit, "compiled", lambda: types.SimpleNamespace(run=dispatcher))
    monkeypatch.setattr(_ddjit, "_signature", lambda dispatcher: ("sig",))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    monkeypatch.setattr(_ddjit, "_LOADED", [])
    monkeypatch.setattr(_ddjit, "_FAILED", [])
    monkeypatch.delenv("TANHPROOF_NUMBA", raising=False)


def test_loop_is_taken_only_when_it_costs_no_compile(monkeypatch):
    # The policy of _ddjit.loop with a stand-in for the compiled dispatcher.
    calls = []

    class Cache:
        held = False

        def load_overload(self, signature, context):
            return object() if self.held else None

    fake = types.SimpleNamespace(_cache=Cache(), targetctx=None, compile=calls.append)
    _stand_in(monkeypatch, fake)
    assert _ddjit.loop(_ddjit.MIN_SIZE - 1) is None  # too small to be worth numba's import
    assert _ddjit.loop(_ddjit.COMPILE_SIZE - 1) is None and not calls  # not cached: no compile
    Cache.held = True
    monkeypatch.setenv("TANHPROOF_NUMBA", "0")
    assert _ddjit.loop(_ddjit.COMPILE_SIZE) is None  # switched off
    monkeypatch.delenv("TANHPROOF_NUMBA")
    assert _ddjit.loop(_ddjit.MIN_SIZE) is fake and calls == [("sig",)]  # cached: loaded
    assert _ddjit.loop(1) is fake  # once loaded, for any size


def test_loop_compiles_a_large_call_and_warns_once_if_the_build_fails(monkeypatch):
    calls = []
    fake = types.SimpleNamespace(
        _cache=types.SimpleNamespace(load_overload=lambda s, c: None), targetctx=None, compile=calls.append
    )
    _stand_in(monkeypatch, fake)
    assert _ddjit.loop(_ddjit.COMPILE_SIZE) is fake and calls == [("sig",)]

    def refuse(signature):
        raise TypeError("no such option: _nrt")

    monkeypatch.setattr(_ddjit, "_LOADED", [])
    fake.compile = refuse
    with pytest.warns(UserWarning, match="do not build here .*_nrt"):
        assert _ddjit.loop(_ddjit.COMPILE_SIZE) is None
    assert _ddjit.loop(_ddjit.COMPILE_SIZE) is None  # no second attempt, no second warning


def test_without_numba_fast64_keeps_the_numpy_path(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(_ddjit, "_LOADED", [])
    assert _ddjit.loop(_ddjit.COMPILE_SIZE) is None


# --- compiled (numba) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled():
    numba = pytest.importorskip(
        "numba", reason="the compiled binary64 kernels need numba (pip install '.[fast]')"
    )
    twins = _ddjit.compiled()
    kernel, decision = twins.value, twins.decide

    @numba.njit
    def values(kind, x, g, k, h, lo):  # the kernels alone, into arrays (compiled once)
        for i in range(x.shape[0]):
            h[i], lo[i] = kernel(kind, x[i], g[i], k)

    @numba.njit
    def decide(h, lo, bound, mode, values, decided):
        for i in range(h.shape[0]):
            values[i], decided[i] = decision(h[i], lo[i], bound, mode)

    return types.SimpleNamespace(run=twins.run, values=values, decide=decide)


@pytest.mark.slow
@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_compiled_loop_gives_the_numpy_paths_bits(compiled, function):
    x = _mixed_inputs(seed=100 + len(function), n=50_000)
    for mode in MODES:
        decided = _assert_as_the_numpy_path(compiled.run, function, x, mode)
        # not vacuous (left undecided: results next to overflow, with residuals the
        # overflows that round to the largest float, log's negative half, and all but
        # the quarter x >= 1 for acosh)
        assert decided.mean() > (0.2 if function.startswith("acosh") else 0.45)


def _branch_inputs(function: str, n: int, seed: int) -> np.ndarray:
    """``n`` inputs uniform in each piece between consecutive boundaries inside the
    kernel's range, log-uniform between its least magnitude and 1 and next to 1, both
    signs: a change of the last bit of a low part happens for a few inputs in 10^4, so
    every branch gets many."""
    rng = np.random.default_rng(seed)
    spec = KERNELS64[function]
    ends = sorted({spec.low, spec.high, *(b for b in BOUNDARIES if spec.low < b < spec.high)})
    pieces = [rng.uniform(a, b, n) for a, b in itertools.pairwise(ends)]
    smallest = ends[0] if ends[0] > 0 else 2.0**-84  # exp and sigmoid: the kernel's range is around 0
    if smallest < 1:  # (acosh's range starts at 1)
        pieces.append(np.exp2(rng.uniform(np.log2(smallest), 0.0, n)))
    pieces.append(1.0 + rng.choice([-1.0, 1.0], n) * np.exp2(rng.uniform(-52, -1, n)))  # log next to 1
    x = np.concatenate(pieces)
    return _kernel_inputs(function, np.concatenate([x, -x]))


@pytest.mark.slow
@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_compiled_kernels_give_the_numpy_kernels_double_doubles(compiled, function):
    x = _branch_inputs(function, 20_000, seed=len(function))
    s = split64(function, x, compiled=False)
    h, lo = np.empty_like(x), np.empty_like(x)
    kind = _ddjit.KINDS[function]
    k = _ddjit.constants(erf=True)
    g = _ddjit.guesses(kind, x, np.ones(x.shape, dtype=bool), k, compiled.run)
    compiled.values(kind, x, g, k, h, lo)
    assert _same(h, s.h) and _same(lo, s.lo), function


@pytest.mark.slow
@pytest.mark.parametrize("function", FUNCTIONS)
def test_split64_takes_the_compiled_kernel_values_bit_for_bit(compiled, function):
    assert _ddjit.loop(_ddjit.COMPILE_SIZE) is not None  # loaded from numba's cache, or built
    x = _mixed_inputs(seed=200 + len(function), n=5_000)
    inside = _kernel_inputs(function, x)  # kernel_values' inputs: inside the range, outside the rules
    t = np.resize(inside if KERNELS64[function].parity < 0 else np.abs(inside), _ddjit.MIN_SIZE)
    assert _ddjit.kernel_values(function, t) is not None
    fast, plain = split64(function, x), split64(function, x, compiled=False)
    for name in ("kind", "h", "lo", "c", "side", "e"):
        assert _same(getattr(fast, name).astype(np.float64), getattr(plain, name).astype(np.float64)), name


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_the_compiled_decision_decides_as_decide64(compiled, mode):
    h, lo = _decision_sample(20_000, seed=50 + MODES.index(mode))
    values, decided = decide64(h, lo, BOUND64, mode)
    got, ok = np.empty_like(h), np.zeros(h.shape, dtype=bool)
    compiled.decide(h, lo, BOUND64, _ddjit.MODES[mode], got, ok)
    assert np.array_equal(ok, decided)
    assert _same(got[ok], values[ok])


def _product_operands():
    """Floats whose products Dekker's two_prod makes exact (module ``_ddjit``'s
    ``two_prod_fused``): ``|a|, |b| < 2**995`` and ``|a b| >= 2**-969``."""
    magnitude = st.floats(2.0**-480, 2.0**480)
    return st.tuples(magnitude, magnitude, st.sampled_from([-1.0, 1.0]))


@settings(max_examples=300, deadline=None)
@given(_product_operands())
def test_the_compiled_two_prod_is_dekkers(operands):
    # The compiled kernels' two_prod is one fused multiply-add: where Dekker's product is
    # exact both are the exact error a b - p (checked with fractions), so the compiled
    # kernels keep the numpy kernels' bits. numba is needed (the fast extra).
    pytest.importorskip("numba", reason="the compiled binary64 kernels need numba (pip install '.[fast]')")
    from fractions import Fraction

    a, b, sign = operands
    fused = _ddjit.compiled().two_prod
    p, e = fused(sign * a, b)
    assert (p, e) == _ddjit.two_prod(sign * a, b)
    assert Fraction(p) + Fraction(e) == Fraction(sign * a) * Fraction(b)
    # and in Python (the tests' fma): exact too
    assert _ddjit.two_prod_fused(sign * a, b) == (p, e)
