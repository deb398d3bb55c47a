"""Benchmark: tanhproof.prove against ``sympy.simplify(lhs - rhs) == 0`` on the corpus.

Run from the repository root::

    python benchmarks/prove_vs_sympy.py [--limit N] [--simplify-timeout SECONDS]

Both run in this process on the same parsed expressions (tests/corpus.py). For
SymPy, ``simplify(lhs - rhs)`` returning 0 counts as "proved", a nonzero number as
"refuted", anything else (or a timeout) as undecided. Printed: decided and right
counts for both, and the median of the per-identity time ratio simplify/prove.
Nothing here is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import sympy
from corpus import CORPUS

from tanhproof import parse, prove


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def sympy_verdict(lhs, rhs, timeout: float) -> tuple[str, float]:
    """SymPy's answer and the seconds it took (capped at ``timeout``)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        diff = sympy.simplify((lhs - rhs).doit())
        if diff == 0:
            verdict = "proved"
        elif diff.is_number and diff.is_zero is False:
            verdict = "refuted"
        else:
            verdict = "undecided"
    except _Timeout:
        verdict = "timeout"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return verdict, time.perf_counter() - start


def ours(lhs, rhs, repeat: int = 3) -> tuple[str, float]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        verdict = str(prove(lhs, rhs).verdict)
        best = min(best, time.perf_counter() - start)
    return verdict, best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N identities")
    ap.add_argument("--simplify-timeout", type=float, default=20.0, help="seconds per simplify call")
    args = ap.parse_args(argv)
    corpus = CORPUS[: args.limit] if args.limit else CORPUS
    rows = []
    for ident in corpus:
        lhs, rhs = parse(ident.lhs), parse(ident.rhs)
        ov, ot = ours(lhs, rhs)
        sv, st = sympy_verdict(lhs, rhs, args.simplify_timeout)
        rows.append((ident, ov, ot, sv, st))
        mark = "" if ov == ident.expected else "  <-- tanhproof wrong"
        print(f"{ot * 1e3:8.2f} ms {ov:9s} | {st * 1e3:9.1f} ms {sv:9s} | {ident.lhs} == {ident.rhs}{mark}")

    def summary(name, col):
        decided = sum(r[col] in ("proved", "refuted") for r in rows)
        right = sum(r[col] == r[0].expected for r in rows)
        wrong = sum(r[col] in ("proved", "refuted") and r[col] != r[0].expected for r in rows)
        print(f"{name:>16}: decided {decided}/{len(rows)}, right {right}, wrong {wrong}")

    print()
    summary("tanhproof.prove", 1)
    summary("sympy.simplify", 3)
    ratios = [r[4] / r[2] for r in rows if r[2] > 0]
    total_ours = sum(r[2] for r in rows)
    total_sympy = sum(r[4] for r in rows)
    print(
        f"median speed ratio simplify/prove: {statistics.median(ratios):.1f}x "
        f"(total {total_sympy:.2f} s vs {total_ours:.3f} s; simplify timeouts counted at their cap)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
