"""Measure how accurate the gradient ``1 - y*y`` of tanh is in binary32; record it.

The usual backward pass of ``y = tanh(x)`` computes ``1 - y*y`` from the stored
output ``y``. In binary32 that cancels: for large ``|x|``, ``y`` is 1 or its
neighbour ``1 - 2**-24`` and ``1 - y*y`` is 0 or about ``6e-8``, while the true
derivative ``sech(x)**2 ~ 4*exp(-2|x|)`` keeps shrinking. This script measures it:

* inputs: every 8th binary32 bit pattern in ``[1/16, 16)`` (8 binades, 2**20 values),
  the derivative being even, so ``|x|`` suffices;
* ``y = numpy.tanh(x)`` in binary32, ``g = 1 - y*y`` in binary32, and for comparison
  ``h = 1/cosh(x)**2`` in binary32;
* reference: ``tanhproof.bulk.reference("tanh'", x, "binary32")``, ``sech(x)**2``
  correctly rounded to binary32;
* per unit bin of ``|x|``: the largest relative error, the largest distance in
  binary32 ULPs (of the reference), and the fraction of inputs where ``g == 0``.

It writes ``docs/_recorded/gradient.json`` with the date, the versions and this
command; the documentation renders that file and says when it was recorded. Run::

    python docs/measure_gradient.py

The numbers describe numpy's ``tanh`` on the machine that ran it; another libm
may differ in the last bit of ``y``, which is all that ``1 - y*y`` has left.
"""

from __future__ import annotations

import datetime
import json
import platform
import sys
from pathlib import Path

import numpy as np

import tanhproof
from tanhproof import bulk

OUT = Path(__file__).parent / "_recorded" / "gradient.json"
LOW, HIGH, STRIDE = 1 / 16, 16.0, 8


def inputs() -> np.ndarray:
    lo = np.array(LOW, dtype=np.float32).view(np.uint32)
    hi = np.array(HIGH, dtype=np.float32).view(np.uint32)
    return np.arange(lo, hi, STRIDE, dtype=np.uint32).view(np.float32)


def measure() -> dict:
    x = inputs()
    with np.errstate(over="ignore"):
        y = np.tanh(x)
        g = np.float32(1) - y * y
        h = np.float32(1) / (np.cosh(x) * np.cosh(x))
    ref = bulk.reference("tanh'", x, "binary32").values.astype(np.float32)
    spacing = np.spacing(ref).astype(np.float64)  # one binary32 ULP at the reference
    r64 = ref.astype(np.float64)

    def errors(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = np.abs(v.astype(np.float64) - r64)
        return d / r64, d / spacing

    rel_g, ulp_g = errors(g)
    rel_h, ulp_h = errors(h)
    bins = []
    for k in range(int(HIGH)):
        sel = (x >= k) & (x < k + 1)
        bins.append({
            "from": k if k else LOW, "to": k + 1, "points": int(sel.sum()),
            "one_minus_y2": {"max_rel_error": float(rel_g[sel].max()), "max_ulps": float(ulp_g[sel].max()),
                             "zero_fraction": float((g[sel] == 0).mean())},
            "inv_cosh2": {"max_rel_error": float(rel_h[sel].max()), "max_ulps": float(ulp_h[sel].max())},
        })
    lost = x[rel_g >= 0.5]
    zero = x[g == 0]
    return {
        "recorded_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python docs/measure_gradient.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "tanhproof": tanhproof.__version__, "platform": platform.platform()},
        "inputs": f"every {STRIDE}th binary32 bit pattern in [{LOW}, {HIGH}): {x.size} values",
        "reference": "tanhproof.bulk.reference(\"tanh'\", x, 'binary32'): sech(x)**2 correctly rounded",
        "first_total_loss": float(lost.min()) if lost.size else None,
        "first_zero": float(zero.min()) if zero.size else None,
        "bins": bins,
    }


def main() -> int:
    record = measure()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: first |x| with relative error >= 1/2: {record['first_total_loss']}, "
          f"first |x| with 1 - y*y == 0: {record['first_zero']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
