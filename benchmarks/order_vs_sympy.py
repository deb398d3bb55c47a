"""Benchmark: tanhproof's order claims against SymPy on the order corpus (issue 12).

Run from the repository root::

    python benchmarks/order_vs_sympy.py [--kind KIND] [--limit N] [--sympy-timeout SECONDS]

Both run in this process on the claims of tests/order_corpus.py (inequalities, limits
at +-oo, asymptotic equivalences, shape claims). tanhproof answers with
``tanhproof.prove(claim, where=...)``, ``tanhproof.proof.prove_limit``,
``prove_asymptotic`` and ``prove_shape``. SymPy answers, on the same parsed
expressions (``sigmoid`` and ``softplus`` rewritten to ``exp``/``log`` so that SymPy knows
them):

* inequalities: ``sympy.solve_univariate_inequality`` for each link of the claim, on
  the claim's interval as domain; the solution set containing the interval counts as
  "proved", a solution set that misses part of it as "refuted";
* limits: ``sympy.limit`` equal to the claimed value ("proved") or a different
  definite value ("refuted");
* asymptotic equivalences: ``sympy.limit`` of the ratio, 1 or another definite value;
* shape claims: SymPy has no method ("no method").

Anything else, an exception or the per-claim timeout (a signal alarm, counted at its
cap) is undecided. SymPy's answers are not certified: a right SymPy answer here is
right by the corpus' source, not a proof. Printed: one row per claim, then per kind
the decided/right/wrong counts of both and the median per-claim time ratio
SymPy/tanhproof measured in this run. Nothing is asserted: timings depend on the
machine, so only ratios measured in the same run are reported.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import sympy
from order_corpus import KINDS, ORDER_CORPUS, OrderClaim

import tanhproof
import tanhproof.proof

X = tanhproof.parse("x")
_RELATION = re.compile(r"(<=|>=|<|>)")
_OPS = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


# ------------------------------------------------------------------------------ tanhproof


def _word(proof) -> str:
    return str(proof.verdict)


def ours_once(claim: OrderClaim) -> str:
    """tanhproof's verdict on ``claim``: proved, refuted or undecided."""
    if claim.kind == "inequality":
        return _word(tanhproof.prove(claim.expr, where=claim.where))
    if claim.kind == "limit":
        return _word(tanhproof.proof.prove_limit(claim.expr, "x", claim.to, value=claim.value))
    if claim.kind == "asymptotic":
        return _word(tanhproof.proof.prove_asymptotic(claim.expr, claim.other, "x", claim.to))
    return _word(
        tanhproof.proof.prove_shape(
            claim.expr, claim.shape, where=claim.where, at=claim.at, value=claim.value
        )
    )


def ours(claim: OrderClaim, repeat: int) -> tuple[str, float]:
    """The verdict and the best of ``repeat`` times (an exception is reported as ``error``)."""
    best = float("inf")
    verdict = "error"
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            verdict = ours_once(claim)
        except Exception as exc:  # noqa: BLE001 - the benchmark reports, it does not stop
            verdict = f"error: {type(exc).__name__}"
        best = min(best, time.perf_counter() - start)
    return verdict, best


# ------------------------------------------------------------------------------ SymPy


def _for_sympy(text: str) -> sympy.Expr:
    """``text`` read by tanhproof's parser, with sigmoid/softplus rewritten for SymPy."""
    expr = tanhproof.parse(text)
    return expr.replace(lambda e: type(e).__name__ in ("sigmoid", "softplus"), lambda e: e.rewrite(sympy.exp))


def _links(text: str) -> list[tuple[str, str, str]]:
    pieces = [p.strip() for p in _RELATION.split(text)]
    sides, ops = pieces[0::2], pieces[1::2]
    return [(sides[i], op, sides[i + 1]) for i, op in enumerate(ops)]


def _domain(where: str | None) -> sympy.Set:
    domain: sympy.Set = sympy.S.Reals
    for left, op, right in _links(where or ""):
        rel = _OPS[op](_for_sympy(left), _for_sympy(right))
        domain = domain.intersect(sympy.solve_univariate_inequality(rel, X, relational=False))
    return domain


def _sympy_inequality(claim: OrderClaim) -> str:
    domain = _domain(claim.where)
    verdicts = []
    for left, op, right in _links(claim.expr):
        rel = _OPS[op](_for_sympy(left), _for_sympy(right))
        solution = sympy.solve_univariate_inequality(rel, X, relational=False, domain=domain)
        missing = sympy.Complement(domain, solution)
        if missing.is_empty:
            verdicts.append("proved")
        elif missing.is_empty is False:
            verdicts.append("refuted")
        else:
            verdicts.append("undecided")
    if "refuted" in verdicts:
        return "refuted"
    return "proved" if all(v == "proved" for v in verdicts) else "undecided"


def _target(to: str | None) -> sympy.Expr:
    return sympy.oo if to == "oo" else -sympy.oo


def _compare(found: sympy.Expr, claimed: sympy.Expr) -> str:
    if (
        isinstance(found, sympy.Limit)
        or found.has(sympy.AccumBounds)
        or not (found.is_number or found.is_infinite)
    ):
        return "undecided"
    if found == claimed:
        return "proved"
    if found.is_infinite or claimed.is_infinite:
        return "refuted"
    equal = (found - claimed).equals(0)
    return "undecided" if equal is None else "proved" if equal else "refuted"


def _sympy_limit(claim: OrderClaim) -> str:
    value = claim.value or ""
    claimed = {"oo": sympy.oo, "-oo": -sympy.oo}.get(value)
    if claimed is None:
        claimed = tanhproof.parse(value)
    return _compare(sympy.limit(_for_sympy(claim.expr), X, _target(claim.to)), claimed)


def _sympy_asymptotic(claim: OrderClaim) -> str:
    ratio = _for_sympy(claim.expr) / _for_sympy(claim.other or "")
    return _compare(sympy.limit(ratio, X, _target(claim.to)), sympy.Integer(1))


_SYMPY = {"inequality": _sympy_inequality, "limit": _sympy_limit, "asymptotic": _sympy_asymptotic}


def sympy_verdict(claim: OrderClaim, timeout: float) -> tuple[str, float]:
    """SymPy's answer and the seconds it took (capped at ``timeout``)."""
    if claim.kind not in _SYMPY:
        return "no method", 0.0
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        verdict = _SYMPY[claim.kind](claim)
    except _Timeout:
        verdict = "timeout"
    except Exception as exc:  # noqa: BLE001 - NotImplementedError and friends: SymPy cannot
        verdict = f"error: {type(exc).__name__}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return verdict, time.perf_counter() - start


# ------------------------------------------------------------------------------ report


def _expected(claim: OrderClaim) -> str:
    return "proved" if claim.expected else "refuted"


def _summary(name: str, rows: list, col: int) -> str:
    decided = sum(r[col] in ("proved", "refuted") for r in rows)
    right = sum(r[col] == _expected(r[0]) for r in rows)
    wrong = sum(r[col] in ("proved", "refuted") and r[col] != _expected(r[0]) for r in rows)
    return f"{name} decided {decided:3d}/{len(rows):3d} right {right:3d} wrong {wrong}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--kind", choices=sorted(KINDS), default=None, help="only claims of this kind")
    ap.add_argument("--limit", type=int, default=None, help="only the first N claims")
    ap.add_argument("--sympy-timeout", type=float, default=20.0, help="seconds per SymPy call")
    ap.add_argument("--repeat", type=int, default=3, help="tanhproof timing: best of N")
    args = ap.parse_args(argv)
    corpus = [c for c in ORDER_CORPUS if args.kind is None or c.kind == args.kind][: args.limit]
    rows = []
    print(f"{'tanhproof':>22} | {'SymPy':>24} | class expected  claim")
    for claim in corpus:
        ov, ot = ours(claim, args.repeat)
        sv, st = sympy_verdict(claim, args.sympy_timeout)
        rows.append((claim, ov, ot, sv, st))
        marks = []
        if ov in ("proved", "refuted") and ov != _expected(claim):
            marks.append("<-- tanhproof WRONG")
        if sv in ("proved", "refuted") and sv != _expected(claim):
            marks.append("<-- SymPy wrong")
        cls = "exp-r" if claim.exprational else "other"
        print(
            f"{ot * 1e3:9.1f} ms {ov[:9]:9s} | {st * 1e3:9.1f} ms {sv[:11]:11s} | {cls} {_expected(claim):8s}"
            f" {claim.text} {' '.join(marks)}"
        )

    print()
    for kind in KINDS:
        part = [r for r in rows if r[0].kind == kind]
        if not part:
            continue
        for label, sub in (
            ("exp-rational", [r for r in part if r[0].exprational]),
            ("outside", [r for r in part if not r[0].exprational]),
        ):
            if not sub:
                continue
            line = f"{kind:>10} {label:>12}: {_summary('tanhproof', sub, 1)} | {_summary('SymPy', sub, 3)}"
            timed = [r[4] / r[2] for r in sub if r[2] > 0 and r[3] != "no method"]
            if timed:
                line += f" | median time ratio SymPy/tanhproof {statistics.median(timed):.1f}x"
            print(line)
    print()
    print(f"{'all':>23}: {_summary('tanhproof', rows, 1)} | {_summary('SymPy', rows, 3)}")
    compared = [r for r in rows if r[3] != "no method"]
    ratios = [r[4] / r[2] for r in compared if r[2] > 0]
    if ratios:
        print(
            f"median per-claim time ratio SymPy/tanhproof where SymPy has a method: {statistics.median(ratios):.1f}x "
            f"(total {sum(r[4] for r in compared):.2f} s vs {sum(r[2] for r in compared):.2f} s; "
            f"SymPy timeouts counted at their cap of {args.sympy_timeout:g} s)"
        )
    both = [r[4] / r[2] for r in compared if r[2] > 0 and {r[1], r[3]} <= {"proved", "refuted"}]
    if both:
        print(
            f"median time ratio SymPy/tanhproof over the {len(both)} claims both decided: {statistics.median(both):.1f}x"
        )
    shape_decided = sum(r[1] in ("proved", "refuted") for r in rows if r[0].kind == "shape")
    print(f"shape claims: SymPy has no method; tanhproof decided {shape_decided}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
