"""Benchmark: ``tanhproof prove "diff(tanh(x), x, N)" x``, time and peak memory, against a peer.

Run from the repository root::

    python benchmarks/high_derivatives.py [--order N]

Each case runs in a fresh interpreter, which reports its own time (imports included,
interpreter start-up not) and peak resident memory (``resource.getrusage``):

- the claim refuted (``diff(tanh(x), x, N) == x``) and proved
  (``diff(tanh(x), x, N) == diff(1 - tanh(x)**2, x, N - 1)``) through the command line;
- the peer: the same interpreter importing tanhproof and building the derivative
  polynomial ``P_N`` with python-flint (the least any exact route must do), so the
  ratio shows what the prover adds beyond start-up and ``P_N``.

Issue 14's goal at N = 1000: at most 2 s and 200 MB for the refutation. Nothing is
asserted: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def _measured(code: str) -> tuple[float, float]:
    """Run ``code`` in a fresh interpreter that reports its own peak memory."""
    wrapper = (
        "import resource, time\nstart = time.perf_counter()\n"
        + code
        + "\nprint(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=False).stdout
    seconds, mb = out.strip().splitlines()[-1].split()
    return float(seconds), float(mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--order", type=int, default=1000, help="derivative order N (at most 1000)")
    args = parser.parse_args()
    n = args.order
    cli = "from tanhproof.cli._main import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    cases = {
        "peer: import + P_N": f"import tanhproof\nfrom tanhproof.expr import derivative_polynomial\n"
        f"derivative_polynomial('tanh', {n})",
        "prove ... == x": cli.format(argv=["prove", f"diff(tanh(x), x, {n})", "x"]),
        "prove ... == P_N by induction": cli.format(
            argv=["prove", f"diff(tanh(x), x, {n})", f"diff(1 - tanh(x)**2, x, {n - 1})"]
        ),
    }
    print(f"order N = {n}: wall seconds and peak resident MB, each in a fresh process")
    results = {name: _measured(code) for name, code in cases.items()}
    peer = results["peer: import + P_N"]
    for name, (seconds, mb) in results.items():
        print(f"  {name:<32} {seconds:7.2f} s {mb:8.1f} MB   {seconds / peer[0]:5.2f}x the peer's time")
    print("(goal at N = 1000: the refutation within 2 s and 200 MB)")


if __name__ == "__main__":
    main()
