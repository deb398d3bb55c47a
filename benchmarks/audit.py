"""Benchmark: an exhaustive audit against a per-point mpmath reference, in one run; and
the engine's scaling and memory on sample audits.

Run from the repository root::

    python benchmarks/audit.py [--target numpy.tanh] [--reference tanh] [--fmt binary32]
                               [--processes N] [--subsample N] [--range LO HI]
    python benchmarks/audit.py --scaling [--samples 600000] [--fmt binary64]
    python benchmarks/audit.py --memory [--seconds 60]
    python benchmarks/audit.py --suite [--processes 2] [--range LO HI] [--paths numba,numpy]

The first form measures, on this machine and in this run:

1. the full audit -- ``tanhproof.audit(target, reference, fmt, "exhaustive")``, every
   value of the format (4,278,190,085 inputs for binary32) -- wall time, inputs per
   second, how many inputs needed the reference's slow path (arb Ziv loop), and the
   peak resident memory of the audit's process and of its largest worker;
2. the peer: the same comparison with a plain per-point mpmath reference (mpmath's
   function at 24 bits above the format's precision, then rounded to the format --
   no error bound, so not even guaranteed correct), timed on a random subsample of
   the inputs and projected to all of them and to the same number of processes;
3. the cost of the target alone over one shard, as a floor.

It prints the ratio projected-mpmath / tanhproof. ``--range`` audits only the format
values in [LO, HI] (a quicker run).

``--scaling`` runs the same sample audit (``--samples``, default 600,000 binary64
samples of numpy.tanh) on 1 and on 2 worker processes, each in a fresh process, and
prints both times, their ratio and each run's peak memory. ``--memory`` starts a
2^30-sample binary64 audit (the largest accepted) on 2 processes, stops it with
SIGINT after ``--seconds`` and prints the peak memory reached: samples are drawn
inside each shard, so memory does not grow with the sample count. Nothing is
asserted: timings depend on the machine and its load.

``--suite`` prints the rows of issue 14's table in one run: the exhaustive binary32
audits of ``numpy.tanh``, ``numpy.exp``, ``torch.tanh:grad`` and ``numpy.log`` (a log
implementation next to tanh's), each with its wall time, inputs per second, slow-path
count, the target's own cost and the audit's checks per input on top of it (elapsed x
processes / inputs - the target alone), the plain mpmath peer projected to all inputs
and the ratio. With ``--range LO HI`` only the values in [LO, HI] are audited and the
exhaustive time is an extrapolation, labelled ESTIMATE (for a loaded machine). With numba
installed (the ``fast`` extra) each audit runs twice, path ``numba`` (the compiled loop of
:mod:`tanhproof.audits._fastpath`) and path ``numpy`` (``TANHPROOF_NUMBA=0``), and the
ratio of their times is printed (``--paths numba`` runs the compiled path only).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mpmath
import numpy as np

import tanhproof
from tanhproof.audits._sweep import plan, values
from tanhproof.audits._targets import resolve
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import get_format

_MPMATH = {
    "tanh": mpmath.tanh,
    "tanh'": lambda v: mpmath.sech(v) ** 2,
    "sigmoid": lambda v: 1 / (1 + mpmath.exp(-v)),
    "exp": mpmath.exp,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "log": lambda v: mpmath.log(v) if v > 0 else (mpmath.mpf("-inf") if v == 0 else mpmath.mpf("nan")),
}

#: The audits of issue 14's table: (target, reference).
SUITE = (("numpy.tanh", "tanh"), ("numpy.exp", "exp"), ("torch.tanh:grad", "tanh'"), ("numpy.log", "log"))
#: binary32 values, NaN and infinities excluded (the exhaustive audit's inputs).
BINARY32_INPUTS = 4_278_190_085


def _mpmath_reference_rate(name: str, fmt: str, x: np.ndarray) -> float:
    """Seconds per input of a plain per-point mpmath reference plus the ULP comparison."""
    f = get_format(fmt)
    fn = _MPMATH[name]
    started = time.perf_counter()
    with mpmath.workprec(f.precision + 24):
        out = np.empty(len(x))
        for i, xi in enumerate(x.astype(np.float64).tolist()):
            out[i] = float(fn(mpmath.mpf(xi)))
    round_array(out, f)
    return (time.perf_counter() - started) / len(x)


def _peak_mib() -> tuple[float, float]:
    """Peak resident memory (MiB) of this process and of its largest finished child (Linux: KiB)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, child


def _child(spec: str) -> None:
    """Run one audit described by ``spec`` (JSON) in this fresh process; print what it measured."""
    import os
    import signal
    import threading

    args = json.loads(spec)
    if args.get("seconds"):
        threading.Timer(args["seconds"], os.kill, (os.getpid(), signal.SIGINT)).start()
    started = time.perf_counter()
    r = tanhproof.audit(
        args["target"], args["reference"], args["fmt"], args["samples"], processes=args["processes"]
    )
    me, child = _peak_mib()
    out = dict(seconds=time.perf_counter() - started, points=r.points, partial=r.partial, me=me, worker=child)
    print(json.dumps(out))


def _run_child(**spec: object) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scaling(args: argparse.Namespace) -> None:
    fmt = args.fmt if "--fmt" in sys.argv else "binary64"
    n = args.samples or 600_000
    print(f"sample audit of {args.target} against {args.reference} in {fmt}: {n:,} samples, fresh processes")
    runs = {}
    for processes in (1, 2):
        r = runs[processes] = _run_child(
            target=args.target, reference=args.reference, fmt=fmt, samples=n, processes=processes
        )
        print(
            f"  {processes} process(es): {r['seconds']:.1f} s, {r['points']:,} inputs, "
            f"peak memory {r['me']:.0f} MiB (audit) + {r['worker']:.0f} MiB (largest worker)"
        )
    print(f"ratio 1 process / 2 processes: {runs[1]['seconds'] / runs[2]['seconds']:.2f}x (target: >= 1.6x)")


def _memory(args: argparse.Namespace) -> None:
    n = 1 << 30
    print(f"a {n:,}-sample binary64 audit of numpy.tanh on 2 processes, stopped after {args.seconds:g} s")
    r = _run_child(
        target="numpy.tanh", reference="tanh", fmt="binary64", samples=n, processes=2, seconds=args.seconds
    )
    total = r["me"] + 2 * r["worker"]
    print(
        f"  measured {r['points']:,} inputs (partial: {r['partial']}); peak memory {r['me']:.0f} MiB (audit) "
        f"+ 2 x {r['worker']:.0f} MiB (workers) <= {total:.0f} MiB (target: < 2048 MiB)"
    )


def _suite(args: argparse.Namespace) -> None:
    """Issue 14's rows: each audit of :data:`SUITE` with its peer and ratio, in one run."""
    inputs = (float(args.range[0]), float(args.range[1])) if args.range else "exhaustive"
    print(
        f"tanhproof {tanhproof.__version__}, numpy {np.__version__}, mpmath {mpmath.__version__}, "
        f"python {sys.version.split()[0]}; binary32, inputs: {inputs}"
    )
    if args.range:
        print(
            "ESTIMATE: the audits cover only the values in the range; 'exhaustive s' extrapolates "
            f"the elapsed time linearly to all {BINARY32_INPUTS:,} binary32 inputs"
        )
    print(
        f"{'target':>16} {'path':>5} {'inputs':>13} {'elapsed s':>9} {'exhaustive s':>12} {'inputs/s':>12} {'slow':>7} "
        f"{'target ns':>9} {'checks ns':>9} {'ref ns':>9} {'stats ns':>9} {'audit ns':>9} {'mpmath h':>9} "
        f"{'mpmath/ours':>11}"
    )
    from tanhproof.audits import _fastpath

    for target_name, reference in SUITE:
        try:
            target = resolve(target_name, "binary32")
        except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"{target_name:>16}  unavailable: {error}")
            continue
        shards = plan(inputs, "binary32")
        # the largest shard nearest the middle of the plan: the first one holds the subnormals,
        # which the compiled path hands to the numpy path, and would misrepresent it
        big = max(shards, key=lambda s: (s.size, -abs(s.index - len(shards) // 2)))
        x = values(big, "binary32")
        # The compiled path where numba is installed, then the numpy path in the same run.
        paths = (
            ["numba", "numpy"]
            if _fastpath.usable(_reference_name(target, reference), "binary32")
            else ["numpy"]
        )
        paths = [p for p in paths if p in args.paths.split(",")] or paths[-1:]
        times = {}
        for path in paths:
            _use_numba(path == "numba")
            floor, checked, ref_ns, stats_ns = _breakdown(target, reference, x, path == "numba")
            report = tanhproof.audit(target_name, reference, "binary32", inputs, processes=args.processes)
            per_input = report.elapsed * report.processes / report.points  # CPU-seconds per input
            exhaustive = times[path] = report.elapsed * BINARY32_INPUTS / report.points
            sub = np.concatenate(
                [values(s, "binary32") for s in plan(args.subsample, "binary32") if s.kind != "special"]
            )
            sub = sub[np.isfinite(sub)]
            mpmath_s = _mpmath_reference_rate(reference, "binary32", sub) * BINARY32_INPUTS / report.processes
            stats = f"{stats_ns:9.1f}" if path == "numpy" else f"{'(fused)':>9}"
            print(
                f"{target_name:>16} {path:>5} {report.points:13,} {report.elapsed:9.1f} {exhaustive:12.1f} "
                f"{report.points / report.elapsed:12,.0f} {report.slow_path:7,} {floor * 1e9:9.2f} "
                f"{(checked - floor) * 1e9:9.2f} {ref_ns:9.1f} {stats} {per_input * 1e9:9.1f} "
                f"{mpmath_s / 3600:9.1f} {mpmath_s / exhaustive:10,.0f}x"
            )
        if len(times) == 2:
            print(f"{'':>16} numpy / numba exhaustive time: {times['numpy'] / times['numba']:.1f}x")
        _use_numba(True)
    print(
        "goals (issue 14): exhaustive <= 30 s on 2 cores; checks <= 1 ns/input on top of the target.\n"
        "target ns: the library function alone, called as the audit calls it (on 2^18 inputs at a time;\n"
        "torch on one thread, as in the audit's worker processes); checks ns: the audit's checked call of\n"
        "it (inputs, result's shape and dtype, input left unchanged) minus the function alone; reference\n"
        "ns and stats ns: the correctly rounded reference and the ULP statistics per input, block by block\n"
        "as the audit runs them (path numba: the compiled loop of tanhproof.audits._fastpath does both at\n"
        "once, 'ref ns' is its cost on all the inputs of the largest shard, unmirrored; path numpy:\n"
        "TANHPROOF_NUMBA=0)\n"
        "(one process, the largest shard; for odd and even functions the audit computes the reference of\n"
        "half the inputs); audit ns: elapsed x processes / inputs "
        f"({args.processes or 'default'} processes)"
    )


def _best(fn, n: int = 3) -> float:
    best = float("inf")
    for _ in range(n):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _use_numba(on: bool) -> None:
    """The audit's compiled fast path on or off, here and in worker processes (forked or spawned)."""
    import os

    from tanhproof.audits import _fastpath

    _fastpath.ENABLED = on
    os.environ["TANHPROOF_NUMBA"] = "1" if on else "0"


def _reference_name(target, reference: str) -> str:
    from tanhproof.audits._run import reference_name

    return reference_name(reference, target.gradient)


def _breakdown(
    target, reference: str, x: np.ndarray, fused: bool = False
) -> tuple[float, float, float, float]:
    """Seconds per input of the function alone and of the checked call; nanoseconds per
    input of the reference and of the statistics, in the audit's blocks (``fused``: of the
    compiled loop doing both, and 0)."""
    from tanhproof.audits._accuracy import measure
    from tanhproof.audits._fastpath import block_tally
    from tanhproof.audits._shardwork import BLOCK, CALL
    from tanhproof.numeric._bulk import reference as bulk_reference

    name = _reference_name(target, reference)
    n = len(x)
    torch = sys.modules.get("torch")
    threads = torch.get_num_threads() if torch is not None else 0
    if torch is not None:  # as in the audit's worker processes (_shardwork.ShardJob.setup)
        torch.set_num_threads(1)
    pieces = [x[i : i + CALL] for i in range(0, n, CALL)]  # as run_shard calls the target

    def each(call) -> None:  # one result alive at a time, as in run_shard
        for p in pieces:
            call(p)

    try:
        floor = _best(lambda: each(target._impl)) / n
        checked = _best(lambda: each(target.results)) / n
    finally:
        if torch is not None:
            torch.set_num_threads(threads)
    got = target.results(x)
    blocks = range(0, n, BLOCK)
    if fused:

        def numpy_path(xb, gb, mirrored):
            return measure(xb, gb, bulk_reference(name, xb, "binary32", residual=True), "binary32")

        def run():
            for i in blocks:
                xb, gb = x[i : i + BLOCK], got[i : i + BLOCK]
                block_tally(name, None, numpy_path, xb, gb, xb[:0], gb[:0])

        run()  # compiled (or loaded from numba's cache) outside the timing
        return floor, checked, _best(run) / n * 1e9, 0.0
    refs = [bulk_reference(name, x[i : i + BLOCK], "binary32", residual=True) for i in blocks]
    ref_s = _best(lambda: [bulk_reference(name, x[i : i + BLOCK], "binary32", residual=True) for i in blocks])
    stats_s = _best(
        lambda: [
            measure(x[i : i + BLOCK], got[i : i + BLOCK], refs[k], "binary32") for k, i in enumerate(blocks)
        ]
    )
    return floor, checked, ref_s / n * 1e9, stats_s / n * 1e9


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", default="numpy.tanh")
    ap.add_argument("--reference", default="tanh")
    ap.add_argument("--fmt", default="binary32")
    ap.add_argument("--processes", type=int, default=None)
    ap.add_argument("--subsample", type=int, default=20_000)
    ap.add_argument("--range", nargs=2, default=None, metavar=("LO", "HI"))
    ap.add_argument("--scaling", action="store_true", help="1 against 2 processes on a sample audit")
    ap.add_argument("--samples", type=int, default=None, help="--scaling: samples (default 600,000)")
    ap.add_argument("--memory", action="store_true", help="peak memory of a 2^30-sample audit")
    ap.add_argument("--seconds", type=float, default=60.0, help="--memory: seconds before SIGINT")
    ap.add_argument(
        "--suite", action="store_true", help="issue 14's audits (tanh, exp, tanh:grad, log) in one run"
    )
    ap.add_argument(
        "--paths",
        default="numba,numpy",
        help="--suite: the paths to run, numba and/or numpy (default both; 'numba' alone makes a "
        "full exhaustive suite a few minutes instead of half an hour)",
    )
    args = ap.parse_args()
    if args.suite:
        _suite(args)
        return
    if args.scaling:
        _scaling(args)
        return
    if args.memory:
        _memory(args)
        return

    inputs = tuple(args.range) if args.range else "exhaustive"
    target = resolve(args.target, args.fmt)
    print(
        f"tanhproof {tanhproof.__version__}, numpy {np.__version__}, mpmath {mpmath.__version__}, "
        f"python {sys.version.split()[0]}"
    )
    print(f"audit of {args.target} against {args.reference} in {args.fmt}, inputs: {inputs}")

    shards = plan(inputs, args.fmt)
    big = max(shards, key=lambda s: s.size)
    x = values(big, args.fmt)
    started = time.perf_counter()
    target(x)
    floor = (time.perf_counter() - started) / len(x)

    report = tanhproof.audit(
        args.target, args.reference, args.fmt, inputs, processes=args.processes, progress=sys.stderr.isatty()
    )
    rate = report.points / report.elapsed
    me, worker = _peak_mib()
    print(
        f"\n1. tanhproof.audit: {report.points:,} inputs in {report.elapsed:.1f} s on {report.processes} "
        f"process(es): {rate:,.0f} inputs/s; slow path {report.slow_path:,}; max {report.max_ulp:.4g} ULP; "
        f"peak memory {me:.0f} MiB (audit) + {worker:.0f} MiB (largest worker)"
    )

    # The subsample: the audit's own sampler (uniform in bit patterns, in value, hard regions).
    sub = np.concatenate([values(s, args.fmt) for s in plan(args.subsample, args.fmt) if s.kind != "special"])
    sub = sub[np.isfinite(sub)]
    name = report.reference
    if name not in _MPMATH:
        print(f"2. (no plain mpmath peer for {name!r})")
        return
    per_point = _mpmath_reference_rate(name, args.fmt, sub)
    projected = per_point * report.points / report.processes
    print(
        f"2. plain mpmath per point: {per_point * 1e6:.1f} us/input on a {len(sub):,}-input subsample; "
        f"projected for {report.points:,} inputs on {report.processes} process(es): {projected:,.0f} s "
        f"({projected / 3600:.1f} h)"
    )
    print(f"3. the target alone: {floor * 1e9:.1f} ns/input ({len(x):,} inputs, one process)")
    print(f"\nratio projected mpmath / tanhproof: {projected / report.elapsed:,.0f}x")
    if not args.range and args.fmt == "binary32":
        print(
            f"target: the exhaustive binary32 audit in <= 120 s on 2 cores: "
            f"{'met' if report.elapsed <= 120 else 'NOT met'} ({report.elapsed:.1f} s, {report.processes} processes)"
        )


if __name__ == "__main__":
    main()
