"""Benchmark: one value of a repeated expression, against raw arb and mpmath in the same run.

Run from the repository root::

    python benchmarks/single_value.py [--number N] [--repeat R] [--slow]

Times, in microseconds per call (the best of ``R`` rounds of ``N`` calls, the peers
interleaved with tanhproof in every round so that machine load hits all alike; the
process's CPU time, so that other processes on a shared machine count less, and many
short rounds, so that the best of them is seldom disturbed):

- ``tp.evaluate("sech(x)**2", digits=15, x="0.5")``: guaranteed 15 digits (cached plan,
  the Ziv loop's first step as one compiled arb call);
- raw python-flint ``arb``: ``arb(fmpq(1, 2)).sech()**2`` at 50 bits: a rigorous ball,
  no digit guarantee, no parsing;
- mpmath ``sech(mpf(1)/2)**2`` at ``mp.dps = 15``: no error bound;
- ``tp.round_to("tanh(x)", "binary32", x="0.5")`` against raw arb ``tanh`` at 56 bits;

and prints the ratios tanhproof / arb and tanhproof / mpmath (issue 14's goal: evaluate
within 2x of raw arb). ``--slow`` also times the full Ziv-loop path (the plan's fast
step disabled), to show what the cache and the direct first step save.

Nothing is asserted: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flint
import mpmath

import tanhproof as tp
from tanhproof.numeric import _singlevalue


def _raw_arb_sech2() -> flint.arb:
    old = flint.ctx.prec
    flint.ctx.prec = 50
    try:
        return flint.arb(flint.fmpq(1, 2)).sech() ** 2
    finally:
        flint.ctx.prec = old


def _raw_arb_tanh() -> flint.arb:
    old = flint.ctx.prec
    flint.ctx.prec = 56
    try:
        return flint.arb(flint.fmpq(1, 2)).tanh()
    finally:
        flint.ctx.prec = old


def _mpmath_sech2() -> mpmath.mpf:
    with mpmath.workdps(15):
        return mpmath.sech(mpmath.mpf(1) / 2) ** 2


def _best(cases: dict, number: int, repeat: int) -> dict[str, float]:
    """Microseconds per call of each case: the best of ``repeat`` interleaved rounds."""
    for fn in cases.values():
        fn()  # warm every cache
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(repeat):
        for name, fn in cases.items():
            seconds = timeit.Timer(fn, timer=time.process_time).timeit(number=number)
            best[name] = min(best[name], seconds / number * 1e6)
    return best


def _slow(fn):
    """``fn`` with the fast first step disabled: the full path on every call."""

    def run():
        saved = _singlevalue._ball
        _singlevalue._ball = lambda *args, **kwargs: None
        try:
            return fn()
        finally:
            _singlevalue._ball = saved

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=500, help="calls per round")
    parser.add_argument("--repeat", type=int, default=40, help="rounds (the best counts)")
    parser.add_argument("--slow", action="store_true", help="also time the full path")
    args = parser.parse_args()

    def evaluate():
        return tp.evaluate("sech(x)**2", digits=15, x="0.5")

    def round_to():
        return tp.round_to("tanh(x)", "binary32", x="0.5")

    cases = {
        "evaluate": evaluate,
        "arb sech^2": _raw_arb_sech2,
        "mpmath sech^2": _mpmath_sech2,
        "round_to": round_to,
        "arb tanh": _raw_arb_tanh,
    }
    if args.slow:
        cases["evaluate (full path)"] = _slow(evaluate)
        cases["round_to (full path)"] = _slow(round_to)
    t = _best(cases, args.number, args.repeat)
    print("microseconds per call (best of interleaved rounds; lower is better)")
    for name, us in t.items():
        print(f"  {name:<22} {us:9.2f}")
    print(f"evaluate / raw arb:  {t['evaluate'] / t['arb sech^2']:5.2f}x   (goal <= 2x)")
    print(f"evaluate / mpmath:   {t['evaluate'] / t['mpmath sech^2']:5.2f}x")
    print(f"round_to / raw arb:  {t['round_to'] / t['arb tanh']:5.2f}x")
    if args.slow:
        print(f"full path / fast:    evaluate {t['evaluate (full path)'] / t['evaluate']:5.2f}x, ", end="")
        print(f"round_to {t['round_to (full path)'] / t['round_to']:5.2f}x")


if __name__ == "__main__":
    main()
