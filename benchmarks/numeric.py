"""Benchmark: values of sech²(x) and correctly rounded references, against peers, in one run.

Run from the repository root (gmpy2 is optional: ``pip install gmpy2``)::

    python benchmarks/numeric.py [--points N] [--bulk N]

Part 1 times one point of sech²(x) at 15, 50, 1 000 and 10 000 digits for

- ``tanhproof.evaluate``: guaranteed correct to the digits (enclosure + Ziv loop);
- plain mpmath at ``mp.dps = digits``: no error bound;
- python-flint ``arb`` at the same precision: a rigorous ball, but of whatever width
  that precision gives (no guarantee of the digits);
- gmpy2 (MPFR) ``sech(x)**2``: correctly rounded sech, then one more rounding.

and prints microseconds per point and the ratio of tanhproof to the fastest peer.

Part 2 (formats of at most 32 bits, issue 14) measures, for every catalog function and
derivative in binary16, bfloat16 and binary32, points per second of
``reference(f, x, fmt)`` (``tanhproof.numeric._bulk``: float64 kernels with a proved error
bound, the arb Ziv loop for what they cannot decide) on N inputs (half uniform over the
finite bit patterns, half uniform in [-20, 20]), the fraction that fell back to the Ziv
loop, the per-point arb Ziv loop (``slow_reference``) on a subsample, and numpy's own
function in the input's precision (torch for erf; not correctly rounded) in the same
run, with the ratios. A function without a kernel of its own (the activations) is timed
on 200,000 of the inputs and marked by its path: "as softplus" (an exact route to a
catalog kernel, ``tanhproof.numeric._activationroutes``), "one-kernel formula"
(``tanhproof.numeric._activationdd``: one kernel at an exact input, a bound per
operation), "GELU formula" (``tanhproof.numeric._activationgelu``: erfc, exp or sigmoid
at a double-double argument, first order and curvature) or "expression path" (``tanhproof.numeric._exprref``: float64 and
double-double values with a rigorous bound per operation); each leaves what it cannot
decide to the next, the arb loop last. A row that fails says why. In binary16 and
bfloat16 a call of 16,384 inputs or more reads the format's whole table of 65,536
values (``tanhproof.numeric._table16``), built by its first call: the rows say how long
that first call took, and the rate is of the calls after it (best of 3).

Part 3 (binary64, issue 14) measures, for every catalog function and derivative, points
per second of ``reference(f, x, "binary64")`` (the double-double kernels of
``tanhproof.numeric._ddkernels.KERNELS64``, the arb Ziv loop for the rest; with numba
installed, every double-double kernel in the compiled loop of
``tanhproof.numeric._ddjit``, and the activations' formulas in that of
``tanhproof.numeric._activationjit``, built first and marked "compiled") on N inputs
(uniform in [-20, 20], and log-uniform over ``2**-60 .. 2**10`` of both signs), the
fraction that fell back to the arb Ziv loop, the per-point arb Ziv loop
(``slow_reference``, what binary64 used before) on a subsample, MPFR through gmpy2 one
point at a time (correctly rounded, where MPFR has the function) and numpy's own float64
function (not correctly rounded) in the same run, with the ratios. The activations take
their paths as in part 2 (200,000 of the inputs).

Nothing here is asserted: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Inputs timed for a function without a kernel of its own (the activations).
_EXPRESSION_INPUTS = 200_000
sys.path.insert(0, str(ROOT))

import flint
import mpmath
import numpy as np

import tanhproof

try:
    import gmpy2
except ImportError:  # pragma: no cover - optional peer
    gmpy2 = None

DIGITS = (15, 50, 1_000, 10_000)


def _per_point(fn, points, repeat_until: float = 0.3) -> float:
    """Seconds per point: run ``fn`` over ``points`` until ``repeat_until`` seconds pass."""
    fn(points[0])  # warm caches (parsing, compilation)
    done, start = 0, time.perf_counter()
    while True:
        for p in points:
            fn(p)
        done += len(points)
        elapsed = time.perf_counter() - start
        if elapsed >= repeat_until:
            return elapsed / done


def part_values(count: int) -> None:
    points = [Fraction(k, 7) - 3 for k in range(1, count + 1)]
    print("Part 1: one point of sech(x)**2, microseconds per point (lower is better)")
    header = (
        f"{'digits':>7} {'tanhproof':>10} {'mpmath':>10} {'arb':>10} {'gmpy2':>10}  tanhproof / fastest peer"
    )
    print(header)
    for digits in DIGITS:
        pts = points if digits < 5_000 else points[: max(3, count // 10)]
        bits = math.ceil(digits * math.log2(10))

        def ours(x, d=digits):
            return tanhproof.evaluate("sech(x)**2", digits=d, x=x)

        def plain_mpmath(x, d=digits):
            with mpmath.workdps(d):
                return mpmath.sech(mpmath.mpf(x.numerator) / x.denominator) ** 2

        def arb(x, b=bits):
            old = flint.ctx.prec
            flint.ctx.prec = b
            try:
                return flint.arb(flint.fmpq(x.numerator, x.denominator)).sech() ** 2
            finally:
                flint.ctx.prec = old

        times = {
            "tanhproof": _per_point(ours, pts),
            "mpmath": _per_point(plain_mpmath, pts),
            "arb": _per_point(arb, pts),
        }
        if gmpy2 is not None:

            def mpfr(x, b=bits):
                with gmpy2.context(precision=b):
                    return gmpy2.sech(gmpy2.mpfr(gmpy2.mpq(x.numerator, x.denominator))) ** 2

            times["gmpy2"] = _per_point(mpfr, pts)
        fastest = min(v for k, v in times.items() if k != "tanhproof")
        cells = " ".join(
            f"{times[k] * 1e6:10.1f}" if k in times else f"{'-':>10}"
            for k in ("tanhproof", "mpmath", "arb", "gmpy2")
        )
        print(f"{digits:>7} {cells}  {times['tanhproof'] / fastest:6.2f}x")
    if gmpy2 is None:
        print("(gmpy2 not installed: pip install gmpy2 for the MPFR column)")


def _small_format_inputs(fmt: str, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` values of a format of at most 32 bits: half uniform over its finite bit
    patterns (every binade, both signs), half uniform in [-20, 20] rounded to it."""
    from tanhproof.numeric._arrayrounding import round_array

    width = 16 if fmt in ("binary16", "bfloat16") else 32
    half = count // 2
    patterns = rng.integers(0, 2**width, 2 * half, dtype=np.uint64)
    if fmt == "binary16":
        spread = patterns.astype(np.uint16).view(np.float16).astype(np.float32)
    elif fmt == "bfloat16":
        spread = (patterns.astype(np.uint32) << 16).view(np.float32)
    else:
        spread = patterns.astype(np.uint32).view(np.float32)
    spread = spread[np.isfinite(spread)][:half]
    uniform = round_array(rng.uniform(-20, 20, count - len(spread)), fmt).astype(np.float32)
    x = np.concatenate([spread, uniform])
    return x.astype(np.float16) if fmt == "binary16" else x


def _numpy_peers_all() -> dict:
    """numpy (torch for erf, when installed) computing every catalog function and
    derivative in the input's precision: fast, not correctly rounded."""

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    peers = {
        **_numpy_peers(),
        "abs": np.abs,
        "abs'": np.sign,
        "sign": np.sign,
        "sign'": np.zeros_like,
        "acosh": np.arccosh,
        "acosh'": lambda x: 1 / np.sqrt(x * x - 1),
        "asinh": np.arcsinh,
        "asinh'": lambda x: 1 / np.sqrt(x * x + 1),
        "atanh": np.arctanh,
        "atanh'": lambda x: 1 / (1 - x * x),
        "cosh'": np.sinh,
        "sinh'": np.cosh,
        "exp'": np.exp,
        "coth": lambda x: 1 / np.tanh(x),
        "coth'": lambda x: -1 / np.sinh(x) ** 2,
        "csch": lambda x: 1 / np.sinh(x),
        "csch'": lambda x: -np.cosh(x) / np.sinh(x) ** 2,
        "sech'": lambda x: -np.tanh(x) / np.cosh(x),
        "erf'": lambda x: 1.1283791670955126 * np.exp(-x * x),
        "log": np.log,
        "log'": lambda x: 1 / x,
        "softplus": lambda x: np.logaddexp(0, x),
        "softplus'": sigmoid,
        "sqrt": np.sqrt,
        "sqrt'": lambda x: 0.5 / np.sqrt(x),
    }
    try:
        import torch

        peers["erf"] = lambda x: torch.special.erf(torch.from_numpy(x)).numpy()
    except ImportError:  # pragma: no cover - optional peer
        pass
    return peers


def _compiled_loops() -> set[str]:
    """Build (or load from numba's cache) the compiled loops, before any timing: the names
    they compute (none without numba)."""
    compiled: set[str] = set()
    try:
        from tanhproof.numeric import _activationjit, _ddjit

        start = time.perf_counter()
        if _ddjit.loop(_ddjit.COMPILE_SIZE) is not None:  # built (about 80 s) or loaded from numba's cache
            compiled = set(_ddjit.KINDS)
            print(
                f"\nthe compiled binary64 loop (numba) is ready in {time.perf_counter() - start:.1f} s",
                end="",
            )
            start = time.perf_counter()
            if _activationjit.loop(_ddjit.COMPILE_SIZE) is not None:  # about 20 s more
                compiled |= set(_activationjit.NAMES)
                print(f"; the activations' loop in {time.perf_counter() - start:.1f} s", end="")
    except ImportError:
        pass
    return compiled


def part_bulk(count: int) -> None:
    try:
        from tanhproof.numeric._bulk import reference, slow_reference
    except ImportError:
        print("\nPart 2: tanhproof.numeric._bulk is not available in this checkout")
        return
    from tanhproof.numeric._kerneltable import KERNELS

    names = sorted(tanhproof.CATALOG)
    pairs = [p for name in names for p in (name, f"{name}'")]
    peers = _numpy_peers_all()
    compiled = _compiled_loops()  # the activations' formulas are compiled in every format
    rng = np.random.default_rng(2026)
    print(f"\nPart 2: formats of at most 32 bits, {count:,} inputs, points per second")
    print("(half uniform over the finite bit patterns, half uniform in [-20, 20]; best of 3)")
    print(
        f"{'function':>10} {'format':>9} {'bulk':>11} {'fallback':>9} {'arb loop':>9} {'numpy':>12}"
        "  bulk/arb  numpy/bulk"
    )
    worst = (math.inf, "")
    for fmt in ("binary16", "bfloat16", "binary32"):
        xs = _small_format_inputs(fmt, count, rng)
        peer_input = xs if fmt != "bfloat16" else xs.astype(np.float32)
        sample = xs[:200].astype(np.float64).tolist()
        for function in pairs:
            # without a kernel of its own (the activations): their paths (see _path), whose
            # leftovers take the arb loop; a subsample keeps the run short
            ys = xs if function in KERNELS else xs[:_EXPRESSION_INPUTS]
            n = len(ys)
            try:
                reference(function, ys[:100], fmt)  # tables, caches
            except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"{function:>10} {fmt:>9}  failed: {type(error).__name__}: {str(error)[:60]}")
                continue
            try:
                start = time.perf_counter()
                reference(function, ys, fmt)  # in a 16-bit format: builds the format's table
                first = time.perf_counter() - start
                seconds = _best(lambda f=function, v=ys, m=fmt: reference(f, v, m))
                fallback = reference(function, ys, fmt).fallback
                start = time.perf_counter()
                for x in sample:
                    slow_reference(function, x, fmt)
                slow = len(sample) / (time.perf_counter() - start)
                fast = n / seconds
                worst = min(worst, (fast, f"{function} {fmt}"))
                peer = peers.get(function)
                if peer is None:
                    numpy_cell, ratio = f"{'-':>12}", f"{'-':>9}"
                else:
                    with np.errstate(all="ignore"):
                        ours_numpy = count / _best(lambda p=peer, v=peer_input: p(v))
                    numpy_cell, ratio = f"{ours_numpy:12,.0f}", f"{ours_numpy / fast:9.0f}x"
                kernel = "" if function in KERNELS else f"  ({_path(function, fmt)}, {n:,} inputs)"
                kernel += "  (compiled)" if function in compiled and function not in KERNELS else ""
                if fmt != "binary32":
                    kernel += f"  (table; first call {first * 1e3:,.0f} ms)"
                print(
                    f"{function:>10} {fmt:>9} {fast:11,.0f} {fallback / n:9.1e} {slow:9,.0f} "
                    f"{numpy_cell}  {fast / slow:7.0f}x  {ratio}{kernel}"
                )
            except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"{function:>10} {fmt:>9}  failed: {type(error).__name__}: {str(error)[:60]}")
    print(f"slowest bulk: {worst[1]} at {worst[0]:,.0f} points/s (issue 14's goal: 5,000,000 per core)")


def _path(function: str, fmt: str) -> str:
    """How ``reference`` computes an activation (the first path it tries)."""
    from tanhproof.numeric._activationdd import applies
    from tanhproof.numeric._activationroutes import ROUTES
    from tanhproof.numeric._formats import get_format

    if function in ROUTES:
        return f"as {ROUTES[function].target}"
    from tanhproof.numeric._activationgelu import GELU_DD

    if not applies(function, get_format(fmt)):
        return "expression path"
    return "GELU formula" if function in GELU_DD else "one-kernel formula"


def _numpy_peers() -> dict:
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    return {
        "exp": np.exp,
        "tanh": np.tanh,
        "tanh'": lambda x: 1 / np.cosh(x) ** 2,
        "sinh": np.sinh,
        "cosh": np.cosh,
        "sech": lambda x: 1 / np.cosh(x),
        "sigmoid": sigmoid,
        "sigmoid'": lambda x: sigmoid(x) * sigmoid(-x),
    }


def _best(fn, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _mpfr_peers() -> dict:
    """MPFR (gmpy2) per point, correctly rounded in binary64, for the catalog names it has."""
    if gmpy2 is None:
        return {}
    names = (
        "exp",
        "tanh",
        "sinh",
        "cosh",
        "sech",
        "log",
        "sqrt",
        "coth",
        "csch",
        "asinh",
        "acosh",
        "atanh",
        "erf",
    )
    peers = {name: getattr(gmpy2, name) for name in names}
    peers |= {"exp'": gmpy2.exp, "sinh'": gmpy2.cosh, "cosh'": gmpy2.sinh, "log'": lambda v: 1 / v}
    return peers


def _mpfr_rate(fn, sample: list[float]) -> float:
    """Points per second of MPFR on ``sample`` (53 bits, subnormals; domain errors give NaN)."""
    context = gmpy2.context(precision=53, emin=-1073, emax=1024, subnormalize=True)
    with gmpy2.context(context):
        start = time.perf_counter()
        for x in sample:
            float(fn(gmpy2.mpfr(x)))
        return len(sample) / (time.perf_counter() - start)


def part_binary64(count: int) -> None:
    try:
        from tanhproof.numeric._bulk import reference, slow_reference
    except ImportError:
        print("\nPart 3: tanhproof.numeric._bulk is not available in this checkout")
        return
    from tanhproof.numeric._ddkernels import KERNELS64

    compiled = _compiled_loops()
    rng = np.random.default_rng(2027)
    inputs = {
        "uniform": rng.uniform(-20, 20, count),
        "log-uniform": np.exp2(rng.uniform(-60, 10, count)) * rng.choice([-1.0, 1.0], count),
    }
    pairs = [p for name in sorted(tanhproof.CATALOG) for p in (name, f"{name}'")]
    peers = _numpy_peers_all()
    mpfr = _mpfr_peers()
    print(f"\nPart 3: binary64 correctly rounded references, {count:,} inputs, points per second")
    print("(uniform in [-20, 20] and log-uniform over 2**-60 .. 2**10 of both signs; best of 3;")
    print(" MPFR: gmpy2 per point, correctly rounded; numpy: float64, not correctly rounded)")
    print(
        f"{'function':>9} {'inputs':>12} {'bulk':>11} {'fallback':>9} {'arb loop':>9} {'MPFR':>9} {'numpy':>12}"
        "  bulk/MPFR  numpy/bulk"
    )
    worst = (math.inf, "")
    with np.errstate(all="ignore"):
        for function in pairs:
            for label, full in inputs.items():
                # without a kernel of its own (the activations): their paths (see _path),
                # whose leftovers take the arb loop; a subsample keeps the run short
                xs = full if function in KERNELS64 else full[:_EXPRESSION_INPUTS]
                n = len(xs)
                try:
                    reference(function, xs[:100], "binary64")  # tables, caches
                except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
                    print(f"{function:>9} {label:>12}  failed: {type(error).__name__}: {str(error)[:60]}")
                    continue
                try:
                    seconds = _best(lambda f=function, v=xs: reference(f, v, "binary64"))
                    fallback = reference(function, xs, "binary64").fallback
                    sample = xs[:100].tolist()
                    start = time.perf_counter()
                    for x in sample:
                        try:
                            slow_reference(function, x, "binary64")
                        except ValueError:  # outside the domain
                            pass
                    slow = len(sample) / (time.perf_counter() - start)
                    fast = n / seconds
                    worst = min(worst, (fast, f"{function} {label}"))
                    if function in mpfr:
                        rate = _mpfr_rate(mpfr[function], xs[:20_000].tolist())
                        mpfr_cell, mpfr_ratio = f"{rate:9,.0f}", f"{fast / rate:9.1f}x"
                    else:
                        mpfr_cell, mpfr_ratio = f"{'-':>9}", f"{'-':>10}"
                    peer = peers.get(function)
                    if peer is None:
                        numpy_cell, ratio = f"{'-':>12}", f"{'-':>9}"
                    else:
                        ours_numpy = n / _best(lambda p=peer, v=xs: p(v))
                        numpy_cell, ratio = f"{ours_numpy:12,.0f}", f"{ours_numpy / fast:9.0f}x"
                    kernel = (
                        "" if function in KERNELS64 else f"  ({_path(function, 'binary64')}, {n:,} inputs)"
                    )
                    kernel += "  (compiled)" if function in compiled else ""
                    print(
                        f"{function:>9} {label:>12} {fast:11,.0f} {fallback / n:9.1e} {slow:9,.0f} "
                        f"{mpfr_cell} {numpy_cell}  {mpfr_ratio}  {ratio}{kernel}"
                    )
                except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
                    print(f"{function:>9} {label:>12}  failed: {type(error).__name__}: {str(error)[:60]}")
    print(f"slowest bulk: {worst[1]} at {worst[0]:,.0f} points/s (issue 14's goal: 5,000,000 per core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=40, help="points per precision in part 1")
    parser.add_argument("--bulk", type=int, default=10**6, help="inputs in parts 2 and 3")
    parser.add_argument("--part", type=int, choices=(1, 2, 3), help="run only this part")
    args = parser.parse_args()
    if args.part in (None, 1):
        part_values(args.points)
    if args.part in (None, 2):
        part_bulk(args.bulk)
    if args.part in (None, 3):
        part_binary64(args.bulk)


if __name__ == "__main__":
    main()
