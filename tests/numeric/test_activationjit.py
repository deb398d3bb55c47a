"""The compiled twins of the activations' formulas (``_activationjit``) give the numpy
path's bits (``_activationdd``, checked against arb and the Ziv loop in
``test_activationdd.py``): values, decisions and residuals.

Two ways, as ``test_ddjit.py`` checks the catalog's twins:

- plain Python (no numba needed): the twins run as Python on floats over random inputs
  and every branch boundary of their kernels, every mode, with and without residuals;
- compiled (numba, the ``fast`` extra; marked slow: the build takes a few seconds on top
  of the catalog loop's): the compiled loop over 20,000 inputs per name.
"""

from __future__ import annotations

import numpy as np
import pytest

from tanhproof.numeric import _activationdd, _activationjit, _ddjit
from tanhproof.numeric._activationdd import activation_values
from tanhproof.numeric._ddjit import cached_constants
from tanhproof.numeric._exprddforms import (
    SHORT_ORDER,
    SHORT_RADIUS,
    SHRINK_ORDER,
    SHRINK_RADIUS,
    power7,
    power17,
)
from tanhproof.numeric._exprddfunc import kernel_dd
from tanhproof.numeric._formats import MODES, get_format

B64 = get_format("binary64")
NAMES = sorted(_activationjit.NAMES)
# the kernels' branch ends (kernel_dd's series and complements, expm1's +-0.75 and -37,
# the value ranges of exp and sigmoid) and the formulas' own (tanhshrink's series, 0);
# GELU's (mpmath): erfc's ends at x = -+6 sqrt(2), -+24.9 sqrt(2), erf''s scaled kind
# to 27.7 sqrt(2), exp's at x**2/2 = 620 and 766, Z = 37, 620, 766, and 2**-42
EDGES = [
    8.485281374238571, -8.485281374238571, 35.21391770309007, -35.21391770309007, 39.173715677734734,
    -39.173715677734734, 35.21363372331802, -35.21363372331802, 39.14077158156185, -39.14077158156185,
    7.11059155316317, -7.11059155316317, 20.19583867008003, -20.19583867008003, 21.721912179815593,
    -21.721912179815593, 2.0**-42, -(2.0**-43), -0.7518, 1e-200,
    0.0, -0.0, 2.0**-30, -(2.0**-30), 2.0**-84, 2.0**-90, 1e-300, -1e-300, 5e-324, SHRINK_RADIUS,
    -SHRINK_RADIUS, SHORT_RADIUS, -SHORT_RADIUS, 0.75, -0.75, 19.0, -19.0, 37.0, -37.0, 60.0, -620.0, 310.0, 311.0, 620.0, 621.0,
    709.7, -700.0, -800.0, 1e300, -1e300,
]  # fmt: skip


def _inputs(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    edges = np.array(EDGES)
    near = np.concatenate([np.nextafter(edges, np.inf), np.nextafter(edges, -np.inf)])
    log_uniform = np.exp2(rng.uniform(-60, 10, n)) * rng.choice([-1.0, 1.0], n)
    return np.concatenate([edges, near, rng.uniform(-40, 40, n), log_uniform])


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(np.asarray(a, dtype=np.float64).view(np.int64), np.asarray(b).view(np.int64)))


def _twins(run, name: str, x: np.ndarray, mode: str, residual: bool, f=B64):
    values, res = np.zeros_like(x), np.zeros_like(x)
    decided, handled = np.zeros(x.shape, dtype=bool), np.zeros(x.shape, dtype=bool)
    gelu = name in _activationjit.GELU_NAMES
    k, c = cached_constants(gelu), _activationjit.cached_constants(gelu)
    fp = _activationjit.format_parameters(f)
    with np.errstate(all="ignore"):  # numpy scalars in plain Python
        run(
            _activationjit.NAMES[name],
            _ddjit.MODES[mode],
            x,
            k,
            c,
            values,
            decided,
            res,
            handled,
            residual,
            res,
            fp,
        )
    return values, decided, res, handled


def _assert_as_numpy(run, name: str, x: np.ndarray, mode: str, residual: bool, f=B64) -> np.ndarray:
    values, decided, res, handled = _twins(run, name, x, mode, residual, f)
    want, want_decided, want_res = activation_values(name, x, f, mode, residual, compiled=False)
    assert np.array_equal(decided[handled], want_decided[handled]), (name, mode)
    both = handled & decided
    assert _same(values[both], want[both]), (name, mode)
    if residual:
        assert _same(res[both], want_res[both]), (name, mode)
    return handled & decided


def test_power17_is_the_seventeenth_power():
    assert SHRINK_ORDER == 17 and power17(2.0) == 2.0**17 and power17(-1.5) == (-1.5) ** 17
    assert SHORT_ORDER == 7 and power7(2.0) == 2.0**7 and power7(-1.5) == (-1.5) ** 7


@pytest.mark.parametrize("name", NAMES)
def test_the_twins_give_the_numpy_paths_bits(name):
    x = _inputs(len(name), 60)
    for mode in MODES:
        for residual in (False, True):
            decided = _assert_as_numpy(_activationjit.run, name, x, mode, residual)
            # not vacuous (gelu_tanh far left, below -22 of the uniform inputs, is 0 within
            # a bound: open, for the tail rules)
            assert decided.mean() > (0.5 if name.startswith("gelu_tanh") else 0.6), (name, mode)


@pytest.mark.parametrize("name", NAMES)
def test_the_twins_give_the_numpy_double_doubles_and_bounds(name):
    # before the decision: h, l, the bound e and "no claim", bit for bit where handled
    x = _inputs(3 * len(name), 60)
    gelu = name in _activationjit.GELU_NAMES
    k, c = cached_constants(gelu), _activationjit.cached_constants(gelu)
    with np.errstate(all="ignore"):
        want = _activationdd.ACTIVATION_DD[name](x)
        got = [_activationjit.formula(_activationjit.NAMES[name], v, k, c) for v in x.tolist()]
    for i, (h, lo, e, bad, handled) in enumerate(got):
        if not handled:
            continue
        # _end zeroes a value with no claim, and finish adds the range check
        assert bad == bool(want.bad[i]) or (not bad and _activationjit.outside(h, lo)), (name, x[i])
        if not want.bad[i]:
            assert _same(np.array([h, lo, e]), np.array([want.h[i], want.l[i], want.e[i]])), (name, x[i])


# kernel_dd's branch ends in t: the series and complements, erfc's 0, -6, +-24.9, erf''s
# 7.7 and 27.7, exp's and sigmoid's -766, -620, 620, 709.7, 766 and 2**-42
KERNEL_EDGES = [
    0.0, -0.0, 2.0**-30, -(2.0**-30), 2.0**-42, -(2.0**-42), 2.0**-84, 2.0**-500, -(2.0**-500),
    -(2.0**-499), 6.0, -6.0, 7.7, -7.7, 24.9, -24.9, 27.7, -27.7, 37.0, -37.0, 60.0, 620.0, -620.0,
    709.7, 766.0, -766.0, 800.0, -800.0, 1e300, -1e300,
]  # fmt: skip
# where each twin leaves t to numpy: kernel_dd's scaled kinds (and exp's overflow)
LEFT_TO_NUMPY = {
    "erfc": lambda t: (t < 0) & (t > -(2.0**-500)),
    "erf'": lambda t: (np.abs(t) > 24.9) & (np.abs(t) <= 27.7),
    "exp": lambda t: ((t >= -766) & (t < -620)) | (t > 709.7),
    "sigmoid": lambda t: ((t >= -766) & (t < -620)) | ((t > 620) & (t <= 766)),
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_NUMPY))
def test_the_kernel_twins_are_kernel_dd(name):
    # GELU's kernels, bit for bit, with kernel_dd's "ok", at every input they handle;
    # handled everywhere but in kernel_dd's scaled kinds
    k, c = cached_constants(True), _activationjit.cached_constants(True)
    twin = {
        "erfc": lambda t: _activationjit.erfc_kernel(t, k, c),
        "erf'": lambda t: _activationjit.erf_prime_kernel(t, k),
        "exp": lambda t: _activationjit.exp_any(t, k),
        "sigmoid": lambda t: _activationjit.sigmoid_any(t, k),
    }[name]
    rng = np.random.default_rng(len(name))
    edges = np.array(KERNEL_EDGES)
    t = np.concatenate(
        [
            edges,
            np.nextafter(edges, np.inf),
            np.nextafter(edges, -np.inf),
            rng.uniform(-30, 30, 200),
            rng.uniform(-800, 800, 100),
            np.exp2(rng.uniform(-520, 10, 200)) * rng.choice([-1.0, 1.0], 200),
        ]
    )
    with np.errstate(all="ignore"):
        h, lo, e, ok = kernel_dd(name, t)
        got = [twin(v) for v in t.tolist()]
    handled = np.array([g[4] for g in got])
    assert np.array_equal(handled, ~LEFT_TO_NUMPY[name](t)), t[handled == LEFT_TO_NUMPY[name](t)]
    for i in np.flatnonzero(handled):
        gh, gl, ge, gok, _ = got[i]
        assert gok == bool(ok[i]), (name, t[i])
        if gok:
            assert _same(np.array([gh, gl, ge]), np.array([h[i], lo[i], e[i]])), (name, t[i])


def test_a_compiled_call_leaves_the_unhandled_inputs_to_numpy(monkeypatch):
    # activation_values with the loop (here the plain twins) equals the numpy path on
    # every input, those the twins leave (kernels outside their value range) included
    monkeypatch.setattr(_activationjit, "loop", lambda size: _activationjit.run)
    x = _inputs(7, 40)
    for name in NAMES:
        _, _, _, handled = _twins(_activationjit.run, name, x, "nearest", False)
        assert not handled.all() or name.startswith("softsign"), name  # the test reaches numpy
        for mode in ("nearest", "up"):
            with np.errstate(all="ignore"):  # numpy scalars in plain Python
                got = activation_values(name, x, B64, mode, True)
            want = activation_values(name, x, B64, mode, True, compiled=False)
            assert np.array_equal(got[1], want[1]), name
            assert _same(got[0][got[1]], want[0][want[1]]) and _same(got[2][got[1]], want[2][want[1]]), name


def test_the_loop_is_not_taken_for_small_calls_or_when_switched_off(monkeypatch):
    assert _activationjit.loop(_ddjit.MIN_SIZE - 1) is None
    monkeypatch.setenv("TANHPROOF_NUMBA", "0")
    monkeypatch.setattr(_activationjit, "_LOADED", [])
    assert _activationjit.loop(_ddjit.COMPILE_SIZE) is None


@pytest.mark.parametrize("fmt", ["binary32", "bfloat16", "binary16"])
def test_a_narrow_format_decides_the_twins_double_doubles_as_numpy(monkeypatch, fmt):
    monkeypatch.setattr(_activationjit, "loop", lambda size: _activationjit.run)
    f = get_format(fmt)
    with np.errstate(over="ignore"):
        x = _inputs(11, 30).astype(np.float32 if fmt != "binary16" else np.float16)
    if fmt == "bfloat16":  # the top half of a float32
        x = (x.view(np.uint32) & 0xFFFF0000).view(np.float32)
    x = np.unique(x.astype(np.float64))
    x = x[np.isfinite(x)]
    for name in NAMES:
        for mode in ("nearest", "down"):
            with np.errstate(all="ignore"):  # numpy scalars in plain Python
                got = activation_values(name, x, f, mode, True)
            want = activation_values(name, x, f, mode, True, compiled=False)
            assert np.array_equal(got[1], want[1]), (name, mode)
            ok = got[1]
            assert _same(got[0][ok], want[0][ok]) and _same(got[2][ok], want[2][ok]), (name, mode)
        for mode in MODES:  # the twins' own narrow decision, on the inputs they handle
            _assert_as_numpy(_activationjit.run, name, x, mode, mode == "up", f)
    assert _activationdd.applies("tanhshrink", f)  # with the loop at hand


# --- compiled (numba) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_run():
    pytest.importorskip("numba", reason="the compiled activations need numba (pip install '.[fast]')")
    run = _activationjit.loop(_ddjit.COMPILE_SIZE)  # loaded from numba's cache, or built
    assert run is not None
    return run


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_compiled_loop_gives_the_numpy_paths_bits(compiled_run, name):
    x = _inputs(100 + len(name), 10_000)
    with np.errstate(over="ignore"):
        x32 = np.unique(x.astype(np.float32).astype(np.float64))
    x32 = x32[np.isfinite(x32)]
    for mode in MODES:
        decided = _assert_as_numpy(compiled_run, name, x, mode, mode == "nearest")
        # gelu_tanh is 0 within the bound below -22, and x (1 - d) with d below it above 9.5,
        # where a directed rounding is open: both the tail rules'
        assert decided.mean() > (0.65 if name.startswith("gelu_tanh") else 0.9), (name, mode)
        decided = _assert_as_numpy(compiled_run, name, x32, mode, mode == "up", get_format("binary32"))
        assert decided.mean() > 0.5, (name, mode)  # (the far tails are the rules')
