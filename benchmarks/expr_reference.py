"""Benchmark: correctly rounded references of expressions (issue 16 part 4), against the per-point loop.

Run from the repository root::

    python benchmarks/expr_reference.py [--points N] [--loop M]

For each expression (activations written out: SiLU ``x*sigmoid(x)``, Mish
``x*tanh(softplus(x))``, their gradients through ``diff``, a GELU-like Gaussian
``x*exp(-x**2/2)``, ...) in binary16, bfloat16 and binary32 under round to nearest
(and binary32 under round up, on the inputs in [-20, 20] only), and in binary64 under
round to nearest and up, it measures points per second of
``reference(EXPR, x, fmt)`` (``tanhproof.numeric._exprref``: float64 values with a rigorous
error bound per operation, double-doubles in binary64, the arb Ziv loop for what they
cannot decide) on N inputs (half uniform in [-20, 20], half uniform over the finite bit
patterns; in binary64 log-uniform over 2**-60 .. 2**10 of both signs), the fraction
that fell back to the Ziv loop, and the per-point arb Ziv loop (``slow_point``, what an
expression reference costs without the fast path) on M of the inputs, in the same run,
with the ratio.

Nothing here is asserted: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np

from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bulk import reference
from tanhproof.numeric._exprref import parsed_reference, slow_point
from tanhproof.numeric._formats import get_format

EXPRESSIONS = (
    "x*sigmoid(x)",
    "diff(x*sigmoid(x), x)",
    "x*tanh(softplus(x))",
    "diff(x*tanh(softplus(x)), x)",
    "x*exp(-x**2/2)",
    "log(1 + x**2)",
    "x/(1 + abs(x))",
)
CASES = (
    ("binary16", "nearest"),
    ("bfloat16", "nearest"),
    ("binary32", "nearest"),
    ("binary32", "up"),
    ("binary64", "nearest"),
    ("binary64", "up"),
)


def inputs(fmt: str, count: int, seed: int = 0) -> np.ndarray:
    """Half uniform in [-20, 20], half uniform over the finite bit patterns of ``fmt``
    (binary64: log-uniform over ``2**-60 .. 2**10`` of both signs)."""
    f = get_format(fmt)
    rng = np.random.default_rng(seed)
    half = count // 2
    uniform = rng.uniform(-20, 20, half)
    if fmt == "binary64":
        spread = np.exp2(rng.uniform(-60, 10, count - half)) * rng.choice([-1.0, 1.0], count - half)
        return np.concatenate([uniform, spread])
    if fmt == "binary32":
        bits = rng.integers(0, 2**32, count - half, dtype=np.uint64).astype(np.uint32).view(np.float32)
    else:
        bits16 = rng.integers(0, 2**16, count - half, dtype=np.uint32).astype(np.uint16)
        bits = (
            bits16.view(np.float16)
            if fmt == "binary16"
            else (bits16.astype(np.uint32) << 16).view(np.float32)
        )
    with np.errstate(invalid="ignore"):  # NaN patterns are dropped below
        x = np.concatenate([uniform, bits.astype(np.float64)])
    x = round_array(x[np.isfinite(x)], f)
    return x if fmt == "bfloat16" else x.astype(f.dtype)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=200_000, help="inputs per case (default 200000)")
    parser.add_argument("--loop", type=int, default=300, help="inputs timed through the per-point loop")
    args = parser.parse_args()
    header = f"{'expression':32} {'format':9} {'mode':8} {'points/s':>11} {'fallback':>9} {'loop pts/s':>11} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    ratios = []
    for expr in EXPRESSIONS:
        parsed = parsed_reference(expr)
        for fmt, mode in CASES:
            f = get_format(fmt)
            x = inputs(fmt, args.points)
            if mode != "nearest":
                # Directed modes: only [-20, 20]. Far out a saturating expression is 1 + e**-|x|
                # (SiLU' at 1e33), which rounds up or down only with the sign of e**-|x|'s
                # coefficient: the float64 bound cannot tell it, and the loop gives up at 65536 bits.
                x = x[np.abs(x.astype(np.float64)) <= 20]
            reference(expr, x[:64], fmt, mode)  # warm: parse, compile, limits
            start = time.perf_counter()
            r = reference(expr, x, fmt, mode)
            fast = len(x) / (time.perf_counter() - start)
            sub = x[: args.loop].astype(np.float64).tolist()
            start = time.perf_counter()
            for xi in sub:
                slow_point(parsed, xi, f, mode)
            loop = len(sub) / (time.perf_counter() - start)
            ratios.append(fast / loop)
            print(
                f"{expr:32} {fmt:9} {mode:8} {fast:11.3g} {r.fallback / r.points:9.2%} {loop:11.3g} {fast / loop:7.0f}x"
            )
    print(f"\nratio to the per-point loop: median {np.median(ratios):.0f}x, least {min(ratios):.0f}x")


if __name__ == "__main__":
    main()
