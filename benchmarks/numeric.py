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

Part 2 measures points per second of correctly rounded references for N random inputs
(default 10**6; best of three runs): ``tanhproof.numeric._bulk.reference`` (fast path with a stated error bound, arb
fallback) against a per-point arb Ziv loop timed on a subsample and projected.

Part 3 (binary64, issue 14) measures, for every function of the double-double fast path
(``tanhproof.numeric._ddkernels.KERNELS64``), points per second of
``reference(f, x, "binary64")`` on N inputs (uniform in [-20, 20], and log-uniform over
``2**-60 .. 2**10`` of both signs), the fraction that fell back to the arb Ziv loop, the
per-point arb Ziv loop (``slow_reference``, what binary64 used before) on a subsample,
and numpy's own float64 function (not correctly rounded) in the same run, with the ratios.

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


def _arb_loop(function: str, xs: np.ndarray, fmt: str) -> None:
    for x in xs.tolist():
        tanhproof.round_to(function, fmt, x=x)


def part_bulk(count: int) -> None:
    try:
        from tanhproof.numeric._bulk import reference
    except ImportError:
        print("\nPart 2: tanhproof.numeric._bulk is not available in this checkout")
        return
    rng = np.random.default_rng(2026)
    print(f"\nPart 2: correctly rounded references for {count:,} random inputs, points per second")
    print(f"{'function':>9} {'format':>9} {'fast path':>12} {'fallback':>9} {'per-point arb':>14}  speed-up")
    for fmt, dtype in (("binary32", np.float32), ("binary64", np.float64)):
        xs = rng.uniform(-20, 20, count).astype(dtype)
        for function, expr in (("tanh", "tanh(x)"), ("tanh'", "diff(tanh(x), x)")):
            best = math.inf
            for _ in range(3):  # best of 3: the first large call also pays for page faults
                start = time.perf_counter()
                result = reference(function, xs, fmt)
                best = min(best, time.perf_counter() - start)
            fast = count / best
            sample = xs[:2_000]
            start = time.perf_counter()
            _arb_loop(expr, sample, fmt)
            slow = len(sample) / (time.perf_counter() - start)
            print(
                f"{function:>9} {fmt:>9} {fast:12,.0f} {result.fallback:9,d} {slow:14,.0f}  {fast / slow:7.0f}x"
            )


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


def part_binary64(count: int) -> None:
    try:
        from tanhproof.numeric._bulk import reference, slow_reference
    except ImportError:
        print("\nPart 3: tanhproof.numeric._bulk is not available in this checkout")
        return
    rng = np.random.default_rng(2027)
    inputs = {
        "uniform": rng.uniform(-20, 20, count),
        "log-uniform": np.exp2(rng.uniform(-60, 10, count)) * rng.choice([-1.0, 1.0], count),
    }
    print(f"\nPart 3: binary64 correctly rounded references, {count:,} inputs, points per second")
    print(
        f"{'function':>9} {'inputs':>12} {'bulk':>11} {'fallback':>9} {'arb loop':>9} {'numpy':>12}"
        "  bulk/arb  numpy/bulk"
    )
    with np.errstate(over="ignore"):
        for function, peer in _numpy_peers().items():
            for label, xs in inputs.items():
                reference(function, xs[:100], "binary64")  # tables, caches
                seconds = _best(lambda f=function, v=xs: reference(f, v, "binary64"))
                fallback = reference(function, xs, "binary64").fallback
                sample = xs[:300].tolist()
                start = time.perf_counter()
                for x in sample:
                    slow_reference(function, x, "binary64")
                slow = len(sample) / (time.perf_counter() - start)
                fast = count / seconds
                ours_numpy = count / _best(lambda p=peer, v=xs: p(v))
                print(
                    f"{function:>9} {label:>12} {fast:11,.0f} {fallback / count:9.1e} {slow:9,.0f} "
                    f"{ours_numpy:12,.0f}  {fast / slow:7.0f}x  {ours_numpy / fast:9.0f}x"
                )


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
