"""The compiled fast path (numba, the ``fast`` extra) gives what the numpy path gives.

:mod:`tanhproof.numeric._kernelsjit` claims bit-for-bit equality with the numpy kernels of
:mod:`tanhproof.numeric._kernels` and :mod:`tanhproof.numeric._logkernels` (so their error
analyses hold for it), and :mod:`tanhproof.audits._fastpath` claims the same
:class:`~tanhproof.audits._accuracy.Tally` as :func:`~tanhproof.audits._accuracy.measure`
on the bulk reference (up to the rounding of the float sum of errors). Both are checked
here against the numpy code itself, which is the independent reference; the numpy code
has its own tests against arb and MPFR.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pytest

numba = pytest.importorskip("numba", reason="the compiled fast path needs numba (pip install '.[fast]')")

from tanhproof.audits import _fastpath as fp  # noqa: E402
from tanhproof.audits._accuracy import Tally, measure  # noqa: E402
from tanhproof.audits._shardwork import _reference  # noqa: E402
from tanhproof.numeric import _kernelsjit as kj  # noqa: E402
from tanhproof.numeric import _kernelsvec as kv  # noqa: E402
from tanhproof.numeric._bulk import _fast  # noqa: E402
from tanhproof.numeric._formats import get_format  # noqa: E402
from tanhproof.numeric._kerneltable import KERNELS  # noqa: E402

F32 = np.float32
# random bit patterns include signalling NaNs, whose cast to float64 numpy reports
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")


def _f32(bits: Any) -> np.ndarray:
    return np.asarray(bits, dtype=np.uint32).view(F32)


def _near(values: list[float], count: int = 64) -> np.ndarray:
    """binary32 values within ``count`` steps of each of ``values``, both signs."""
    centers = np.array(values, dtype=F32).view(np.uint32).astype(np.int64)
    steps = np.arange(-count, count + 1)
    bits = (centers[:, None] + steps[None, :]).ravel()
    bits = bits[(bits >= 0) & (bits < 0x7F800000)]
    x = _f32(bits.astype(np.uint32))
    return np.concatenate([x, -x])


def _kernel_inputs(name: str) -> np.ndarray:
    """>= 10^6 finite binary32 inputs: random bit patterns (every binade, both signs), 2^12
    from each binade, and the kernels' branch boundaries and clamps."""
    rng = np.random.default_rng(20261203)
    rand = _f32(rng.integers(0, 1 << 32, size=1 << 20, dtype=np.uint64).astype(np.uint32))
    binades = _f32(
        (np.arange(255, dtype=np.uint32)[:, None] << 23)
        | rng.integers(0, 1 << 23, (255, 1 << 12)).astype(np.uint32)
    )
    edges = _near(
        [
            2.0**-5,
            2.0**-4,
            300.0,
            150.0,
            350.0,
            700.0,
            1.0,
            1 - 2.0**-5,
            1 + 2.0**-5,
            181 / 256,
            362 / 256,
            0.0,
            1e-30,
        ]
    )
    x = np.concatenate([rand, binades.ravel(), -binades.ravel(), edges, np.array([0.0, -0.0], dtype=F32)])
    x = x[np.isfinite(x)].astype(np.float64)
    return x[x > 0] if name == "log" else x


@numba.njit
def _kernel_loop(kind: int, x: np.ndarray, k: np.ndarray, c: np.ndarray, d: np.ndarray) -> None:
    for i in range(x.size):
        c[i], d[i] = kj.kernel(kind, x[i], k)


@numba.njit
def _decide_loop(
    kind: int, x: np.ndarray, k: np.ndarray, v: np.ndarray, r: np.ndarray, ok: np.ndarray
) -> None:
    for i in range(x.size):
        v[i], r[i], ok[i] = kj.decide(kind, x[i], k)


@numba.njit
def _runs(
    run: Any, kind: int, x: np.ndarray, k: np.ndarray, c: np.ndarray, d: np.ndarray, f: Any, ki: Any
) -> None:
    start, m = 0, 1
    while start < x.size:  # runs of 1, 2, ..., RUN inputs, then RUN at a time
        m = min(m, kv.RUN, x.size - start)
        run(kind, x, start, m, k, c[start:], d[start:], f, ki)
        start += m
        m += 1


@pytest.mark.slow  # >= 10^6 inputs per function (CI runs the slow tests too)
@pytest.mark.parametrize("name", sorted(kj.KINDS))
def test_compiled_kernel_is_the_numpy_kernel_bit_for_bit(name: str) -> None:
    kj.compiled()
    x = _kernel_inputs(name)
    assert x.size >= 10**6
    kind, k = kj.KINDS[name], kj.constants()
    c, d = np.empty_like(x), np.empty_like(x)
    _kernel_loop(kind, x, k, c, d)
    c0, d0 = KERNELS[name](x)
    for got, want in ((c, c0), (d, d0)):
        differ = np.flatnonzero(got.view(np.uint64) != want.view(np.uint64))
        assert differ.size == 0, (
            f"{name} at {x[differ[:3]].tolist()}: {got[differ[:3]]} != {want[differ[:3]]}"
        )
    # the vectorized runs give the same bits (runs of every length: the last is partial)
    run = kv.compiled()
    cv, dv, scratch = np.empty_like(x), np.empty_like(x), kv.Scratch()
    _runs(run, kind, x, k, cv, dv, scratch.f, scratch.i)
    for got, want in ((cv, c0), (dv, d0)):
        differ = np.flatnonzero(got.view(np.uint64) != want.view(np.uint64))
        assert differ.size == 0, (
            f"{name} (runs) at {x[differ[:3]].tolist()}: {got[differ[:3]]} != {want[differ[:3]]}"
        )
    # and the rounding decision is _bulk._fast's (binary32, nearest): values, mask and residual
    v, r, ok = np.empty_like(x), np.empty_like(x), np.empty(x.size, dtype=np.bool_)
    _decide_loop(kind, x, k, v, r, ok)
    with np.errstate(over="ignore", invalid="ignore"):
        v0, ok0, r0 = _fast(name, x, get_format("binary32"), "nearest", residual=True)
    assert r0 is not None
    assert np.array_equal(ok, ok0)
    assert np.array_equal(v[ok].view(np.uint64), v0.astype(np.float64)[ok].view(np.uint64))
    assert np.array_equal(r[ok], r0[ok], equal_nan=True)


@pytest.mark.slow  # 2**24 inputs per function (CI runs the slow tests too)
@pytest.mark.parametrize("name", ["exp", "tanh", "tanh'"])
def test_the_known_runs_round_to_the_kernels_c(name: str) -> None:
    # _fastrun.KNOWN: below the bound, the correctly rounded value is the kernel's c (x
    # for tanh, 1 otherwise) and the kernel's enclosure decides it. The proof in
    # _fastrun is uniform in the binade; here every input of the top binade below each
    # bound, both signs, through the numpy path's decision (bulk._fast, independent of
    # the compiled loop).
    from tanhproof.audits import _fastrun as fr

    bound = fr.KNOWN[kj.KINDS[name]]
    top = np.arange(1 << 23, dtype=np.uint32) + F32(bound / 2).view(np.uint32)
    x = _f32(top).astype(np.float64)
    x = np.concatenate([x, -x])
    assert np.abs(x).max() < bound <= 2 * np.abs(x).min()
    with np.errstate(all="ignore"):
        v, ok, _ = _fast(name, x, get_format("binary32"), "nearest", residual=True)
    want = x if name == "tanh" else np.ones_like(x)
    assert ok.all() and np.array_equal(v.astype(np.float64), want)


def _canon(v: Any) -> Any:
    """A comparable form: floats by their bits (NaN equal to NaN), arrays as lists."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _canon(dataclasses.asdict(v))
    if isinstance(v, dict):
        return {key: _canon(val) for key, val in v.items()}
    if isinstance(v, (list, tuple)):
        return [_canon(u) for u in v]
    if isinstance(v, np.ndarray):
        return _canon(v.tolist())
    if isinstance(v, float):
        return "nan" if math.isnan(v) else v.hex()
    return v


def assert_same_tally(a: Tally, b: Tally) -> None:
    assert math.isclose(a.sum_ulp, b.sum_ulp, rel_tol=1e-12, abs_tol=0.0), (a.sum_ulp, b.sum_ulp)
    ca, cb = _canon(dataclasses.replace(a, sum_ulp=0.0)), _canon(dataclasses.replace(b, sum_ulp=0.0))
    for key in ca:
        assert ca[key] == cb[key], key


def _numpy(name: str, parity: str | None, max_ulp: float | None) -> Any:
    def path(x: np.ndarray, got: np.ndarray, mirrored: bool) -> Tally:
        return measure(x, got, _reference(name, x, "binary32", parity, mirrored), "binary32", max_ulp)

    return path


_BAD = {
    "scaled": lambda f: lambda x: F32(1.0001) * f(x),
    "zeros": lambda f: lambda x: np.where(np.abs(x) > 2, F32(0), f(x)).astype(F32),
    "nans": lambda f: lambda x: np.where(np.abs(x) < 1, F32(np.nan), -f(x)).astype(F32),
    # right for x > 0, scaled for x <= 0: not symmetric (the mirrored loop cannot copy rows)
    # (also: constant where the reference is, as the others, so it takes flat runs' shortcut)
    "lopsided": lambda f: lambda x: np.where(x > 0, f(x), F32(1.0001) * f(x)).astype(F32),
    # one ulp up at every odd bit pattern: results that vary within a flat run (beyond the
    # kernels' clamps, where a saturated or overflowing target is constant), so that those
    # runs take the input-by-input classification instead of the uniform shortcut
    "jittery": lambda f: (
        lambda x: np.where(x.view(np.uint32) & 1, np.nextafter(f(x), F32(np.inf)), f(x)).astype(F32)
    ),
}
_TARGETS = {
    "tanh": np.tanh,
    "exp": np.exp,
    "log": np.log,
    "tanh'": lambda x: (1 - np.tanh(x) ** 2).astype(F32),
}


def _blocks(name: str) -> list[np.ndarray]:
    rng = np.random.default_rng(sum(map(ord, name)))
    rand = _f32(rng.integers(0, 1 << 32, size=1 << 13, dtype=np.uint64).astype(np.uint32))
    binade = _f32(np.arange(1 << 13, dtype=np.uint32) + F32(1.5).view(np.uint32))
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, -1e-40, 1e-45, 1.0, -1.0], dtype=F32)
    tiny = np.concatenate([_f32(np.arange(4000, 4100, dtype=np.uint32)), specials, _near([2.0**-126], 50)])
    # the kernels' small branch (|x| < 2**-5: _kernelsvec._small_run), the bounds of the
    # runs whose decision is known by proof (_fastrun.KNOWN), runs far below them, and
    # runs a little above them, where c is not the rounded value (a KNOWN set too high)
    edge = {
        "tanh": [9.0, 9.01, 0.03125, 2.0**-13, 1e-20, 2.0**-11],
        "tanh'": [9.0, 9.01, 0.03125, 40.0, 2.0**-13, 1e-20, 2.0**-11],
        "exp": [88.72, -87.33, -103.97, 0.03125, 2.0**-26, 1e-20, 2.0**-23],
        "log": [1.0, 0.97, 2.0**-126],
    }[name]
    # sorted runs beyond the kernels' clamps (|x| >= 300, 700), where a whole run shares one
    # kernel value and one decision (_fastrun.flat_run), crossing into them and far out
    far = _near([300.0, 700.0, 1e30], 1 << 10)
    return [rand, binade, tiny, _near(edge, 1 << 10), far]


@pytest.mark.parametrize("name", sorted(_TARGETS))
@pytest.mark.parametrize("bad", [None, *sorted(_BAD)])
def test_fused_tally_is_the_numpy_tally(name: str, bad: str | None) -> None:
    target = _TARGETS[name] if bad is None else _BAD[bad](_TARGETS[name])
    for i, x in enumerate(_blocks(name)):
        with np.errstate(all="ignore"):
            got = np.asarray(target(x), dtype=F32)
        max_ulp = 1.0 if i % 2 else None
        want = _numpy(name, None, max_ulp)(x, got, False)
        fused = fp.block_tally(name, max_ulp, _numpy(name, None, max_ulp), x, got, x[:0], got[:0])
        assert_same_tally(fused, want)


@pytest.mark.parametrize("name", sorted(_TARGETS))
def test_fused_tally_of_a_correctly_rounded_target(name: str) -> None:
    # Every error <= 1/2: the vectorized runs decide all but the handed-back inputs, and the
    # worst point comes from their exact scan; infinite values (exp) tie at exactly 1/2, so
    # the smallest |x| must win as in measure().
    for x in _blocks(name):
        with np.errstate(all="ignore"):
            ref = np.asarray(_reference(name, x, "binary32", None, False).values, dtype=F32)
        want = _numpy(name, None, None)(x, ref, False)
        fused = fp.block_tally(name, None, _numpy(name, None, None), x, ref, x[:0], ref[:0])
        assert fused.not_correctly_rounded == 0
        assert_same_tally(fused, want)


def _stepped(v: np.ndarray, steps: int) -> np.ndarray:
    """``v`` moved by ``steps`` binary32 values (toward +inf when positive, else toward -inf)."""
    out = np.asarray(v, dtype=F32)
    for _ in range(abs(steps)):
        out = np.nextafter(out, F32(np.inf if steps > 0 else -np.inf))
    return out


@pytest.mark.parametrize("name", ["exp", "tanh", "tanh'"])
@pytest.mark.parametrize("steps", [-3, -2, -1, 0, 1, 2])
def test_fused_tally_of_flat_runs_with_one_result(name: str, steps: int) -> None:
    # Blocks beyond the kernels' clamps only (every run flat), where a target that is
    # constant on each run takes the shortcut of one code and one error per run
    # (_fastrun._uniform_info): a constant wrong by 0 to 3 ulps, so that errors fall in
    # each histogram bin and on either side of max_ulp; the same magnitudes with both
    # signs, each order, so that the worst point ties in |x| across runs (the least x wins); and
    # a run that ends at inf, which only the numpy path measures.
    lim = int(F32(700.0 if name == "exp" else 300.0).view(np.uint32))
    m = np.concatenate(
        [
            _f32(np.arange(lim, lim + 2048, dtype=np.uint32)),
            _f32(np.arange(0x7E000000, 0x7E000800, dtype=np.uint32)),
            _f32(np.arange(0x7F800000 - 255, 0x7F800001, dtype=np.uint32)),  # a run that ends at inf
            # a run across a profile bin's edge (768 = 0x1.8p9: a quarter binade), descending
            _f32(np.arange(0x44400000 + 127, 0x44400000 - 129, -1, dtype=np.int64).astype(np.uint32)),
        ]
    )
    for x in (np.concatenate([m, -m]), np.concatenate([-m, m])):
        with np.errstate(all="ignore"):
            ref = np.asarray(_reference(name, x, "binary32", None, False).values, dtype=F32)
        got = _stepped(ref, steps)
        for max_ulp in (None, 1.0, 2.0):
            want = _numpy(name, None, max_ulp)(x, got, False)
            fused = fp.block_tally(name, max_ulp, _numpy(name, None, max_ulp), x, got, x[:0], got[:0])
            assert_same_tally(fused, want)


@pytest.mark.parametrize("name", ["exp", "tanh", "tanh'"])
@pytest.mark.parametrize("max_ulp", [None, 1.0, 0.0])
def test_fused_tally_of_known_runs(name: str, max_ulp: float | None) -> None:
    # Blocks of tiny inputs only (every run a known run, _fastrun.KNOWN), where a target
    # with the decided value everywhere takes the shortcut of errors and profile only
    # (_fastrun._classify_exact): the same magnitudes with both signs, each order, so that
    # the worst point ties in error and |x| across runs (the least x wins); max_ulp 0,
    # which every nonzero error fails; and a target wrong at one input of one run.
    bound = int(F32(fp.fr.KNOWN[kj.KINDS[name]]).view(np.uint32))
    m = np.concatenate(
        [
            _f32(np.arange(bound - 2048, bound, dtype=np.uint32)),  # the binade just below the bound
            _f32(np.arange(0x1E3CE508 - 1024, 0x1E3CE508 + 1024, dtype=np.uint32)),  # about 1e-20
            # a run across a profile bin's edge (half a binade below the bound), descending
            _f32(
                np.arange(bound - (2 << 21) + 127, bound - (2 << 21) - 129, -1, dtype=np.int64).astype(
                    np.uint32
                )
            ),
        ]
    )
    for x in (np.concatenate([m, -m]), np.concatenate([-m, m])):
        with np.errstate(all="ignore"):
            ref = np.asarray(_reference(name, x, "binary32", None, False).values, dtype=F32)
        wrong = ref.copy()
        wrong[3000] = np.nextafter(wrong[3000], F32(np.inf))
        for got in (ref, wrong):
            want = _numpy(name, None, max_ulp)(x, got, False)
            fused = fp.block_tally(name, max_ulp, _numpy(name, None, max_ulp), x, got, x[:0], got[:0])
            assert_same_tally(fused, want)
    parity = {"tanh": "odd", "tanh'": "even"}.get(name)
    if parity is not None:  # mirrored, wrong at one positive input: the mirror's rows are classified apart
        x = np.concatenate([m, -m])
        ref = np.asarray(_reference(name, x, "binary32", None, False).values, dtype=F32)
        ref[100] = np.nextafter(ref[100], F32(np.inf))
        n, sign = m.size, -1.0 if parity == "odd" else 1.0
        want = _numpy(name, parity, max_ulp)(x, ref, True)
        fused = fp.block_tally(
            name, max_ulp, _numpy(name, parity, max_ulp), x[:n], ref[:n], x[n:], ref[n:], sign
        )
        assert_same_tally(fused, want)


@pytest.mark.parametrize("name", sorted(_TARGETS))
@pytest.mark.parametrize("bad", ["scaled", "lopsided"])
def test_fused_tally_of_a_mirrored_block(name: str, bad: str) -> None:
    """A shard of x and -x (odd or even reference: its mirror, as _shardwork._reference does).
    A symmetric target (scaled) takes the loop's shortcut of copying the first row to its
    mirror; a lopsided one (different results at x and -x) cannot."""
    parity = {"tanh": "odd", "tanh'": "even"}.get(name)
    sign = {"odd": -1.0, "even": 1.0}.get(parity or "", 0.0)
    m = np.concatenate(_blocks(name))
    m = m[~np.signbit(m)]
    x = np.concatenate([m, -m])
    with np.errstate(all="ignore"):
        got = np.asarray(_BAD[bad](_TARGETS[name])(x), dtype=F32)
    n = m.size
    want = _numpy(name, parity, 2.0)(x, got, True)
    fused = fp.block_tally(name, 2.0, _numpy(name, parity, 2.0), x[:n], got[:n], x[n:], got[n:], sign)
    assert_same_tally(fused, want)


def _report(monkeypatch: pytest.MonkeyPatch, enabled: bool, *args: Any, **kwargs: Any) -> dict:
    import tanhproof

    calls = []
    real = fp.block_tally
    monkeypatch.setattr(fp, "ENABLED", enabled)
    monkeypatch.setattr(fp, "block_tally", lambda *a, **k: calls.append(1) or real(*a, **k))
    out = tanhproof.audit(*args, **kwargs).to_dict()
    assert bool(calls) == enabled  # the switch switches
    return {key: val for key, val in out.items() if key not in ("elapsed",)}


def test_an_audit_is_the_same_with_and_without_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("numpy.tanh", "tanh", "binary32")
    fast = _report(monkeypatch, True, *args, inputs=("0.5", "4"), processes=0)
    slow = _report(monkeypatch, False, *args, inputs=("0.5", "4"), processes=0)
    assert math.isclose(fast.pop("mean_ulp"), slow.pop("mean_ulp"), rel_tol=1e-12)
    assert _canon(fast) == _canon(slow)
    assert fast["points"] == 3 * 2**23 + 1


def test_a_compiled_loop_that_fails_leaves_the_numpy_path(monkeypatch):
    # A numba that refuses the loop's private option (_nrt) or fails to compile must not
    # fail the audit: usable() says no, once, with a warning naming the failure.
    from tanhproof.audits import _fastpath

    def broken(*args, **kwargs):
        raise TypeError("unknown option _nrt")

    monkeypatch.setattr(_fastpath, "block_tally", broken)
    _fastpath._working.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="compiled audit loop .* failed, the numpy path runs"):
            assert not _fastpath.usable("tanh", "binary32")
    finally:
        monkeypatch.undo()
        _fastpath._working.cache_clear()
    assert _fastpath.usable("tanh", "binary32")


def test_the_progress_bar_says_while_the_loop_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first audit after an install compiles the loop for about a minute: a terminal's
    # progress bar says so meanwhile, and no longer once it is built.
    from tanhproof.audits import _run
    from tanhproof.audits._shardwork import WARMING

    said: list[tuple[str, bool]] = []

    class Bar:
        def update(self, n: int) -> None:
            pass

        def close(self) -> None:
            pass

        def set_postfix_str(self, s: str, refresh: bool = True) -> None:
            said.append((s, fp._working.cache_info().currsize > 0))

    fp._working.cache_clear()  # as in a new process: the loop is built (or loaded) here
    monkeypatch.setattr(_run, "_progress_bar", lambda *args: Bar())
    _run.audit("numpy.tanh", "tanh", "binary32", inputs=("0.5", "0.75"), processes=0, progress=True)
    assert said == [(WARMING, False), ("", True)]
    said.clear()
    _run.audit("numpy.tanh", "sinh", "binary32", inputs=("0.5", "0.75"), processes=0, progress=True)
    assert said == []  # no compiled loop for sinh: nothing to say
