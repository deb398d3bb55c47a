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
within 2x of raw arb), from the best times and as the median of each round's own ratio
(the steadier of the two on a loaded machine). ``--slow`` also times the full
Ziv-loop path (the plan's fast step disabled), to show what the cache and the direct
first step save.

Nothing is asserted: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
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


def _rounds(cases: dict, number: int, repeat: int) -> list[dict[str, float]]:
    """Microseconds per call of each case in each of ``repeat`` interleaved rounds."""
    for fn in cases.values():
        fn()  # warm every cache
    rounds = []
    for _ in range(repeat):
        times = {}
        for name, fn in cases.items():
            seconds = timeit.Timer(fn, timer=time.process_time).timeit(number=number)
            times[name] = seconds / number * 1e6
        rounds.append(times)
    return rounds


def _ratio(rounds: list[dict[str, float]], a: str, b: str) -> str:
    """``a / b`` from the best times, and the median of the rounds' own ratios (the two
    cases ran side by side in each round, so load that drifts between rounds cancels)."""
    best = min(r[a] for r in rounds) / min(r[b] for r in rounds)
    return f"{best:5.2f}x (median of rounds {statistics.median(r[a] / r[b] for r in rounds):5.2f}x)"


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
    rounds = _rounds(cases, args.number, args.repeat)
    print("microseconds per call (best of interleaved rounds; lower is better)")
    for name in cases:
        print(f"  {name:<22} {min(r[name] for r in rounds):9.2f}")
    print(f"evaluate / raw arb:  {_ratio(rounds, 'evaluate', 'arb sech^2')}   (goal <= 2x)")
    print(f"evaluate / mpmath:   {_ratio(rounds, 'evaluate', 'mpmath sech^2')}")
    print(f"round_to / raw arb:  {_ratio(rounds, 'round_to', 'arb tanh')}")
    if args.slow:
        print(f"full path / fast:    evaluate {_ratio(rounds, 'evaluate (full path)', 'evaluate')}, ", end="")
        print(f"round_to {_ratio(rounds, 'round_to (full path)', 'round_to')}")


if __name__ == "__main__":
    main()
