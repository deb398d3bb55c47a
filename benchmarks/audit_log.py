"""Benchmark: the exhaustive binary32 audit of numpy.log next to numpy.tanh, in one run.

Run from the repository root::

    python benchmarks/audit_log.py [--fmt binary32] [--processes N] [--range LO HI]

For each of ``numpy.log`` (reference ``log``) and ``numpy.tanh`` (reference ``tanh``)
this runs the first form of ``benchmarks/audit.py`` -- ``tanhproof.audit(target,
reference, fmt, "exhaustive")`` over every value of the format (4,278,190,085 binary32
inputs), its wall time, inputs per second, slow-path count and peak memory, the plain
per-point mpmath peer projected to all inputs, and the target alone -- so the two audits
are measured on the same machine and load. log has a fast float64 kernel since issue 14
(before, every positive input went to the arb Ziv loop: about 8.4 hours). The mpmath peer
of log gives what IEEE 754 does outside the domain (NaN below 0, -inf at 0). ``--range``
audits only the values in [LO, HI] (a quicker run). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
from pathlib import Path

import mpmath

HERE = Path(__file__).resolve().parent


def _audit_module():
    spec = importlib.util.spec_from_file_location("tanhproof_benchmark_audit", HERE / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mpmath_log(v: mpmath.mpf) -> mpmath.mpf:
    if v > 0:
        return mpmath.log(v)
    return mpmath.mpf(-math.inf) if v == 0 else mpmath.mpf(math.nan)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fmt", default="binary32")
    ap.add_argument("--processes", type=int, default=None)
    ap.add_argument("--range", nargs=2, default=None, metavar=("LO", "HI"))
    args = ap.parse_args()
    audit = _audit_module()
    audit._MPMATH.setdefault("log", _mpmath_log)
    extra = ["--fmt", args.fmt]
    if args.processes is not None:
        extra += ["--processes", str(args.processes)]
    if args.range:
        extra += ["--range", *args.range]
    for target, reference in (("numpy.log", "log"), ("numpy.tanh", "tanh")):
        print(f"\n=== {target} ===")
        sys.argv = [str(HERE / "audit.py"), "--target", target, "--reference", reference, *extra]
        audit.main()


if __name__ == "__main__":
    main()
