"""Record audits of tanh and of its binary32 gradient for the documentation.

The usual backward pass of ``y = tanh(x)`` computes ``1 - y*y`` from the stored
output ``y``. In binary32 that cancels: for large ``|x|`` it is the rounding error of
``y`` and nothing else, and from ``|x| > 9.0109`` on it is 0 while the true derivative
``sech(x)**2`` is still a normal binary32 number. This script measures it with
:func:`tanhproof.audit`, against ``sech(x)**2`` correctly rounded to binary32 (computed
from ``x`` itself), for:

* ``numpy: 1 - tanh(x)**2``: ``y = numpy.tanh(x)`` in float32, then ``1 - y*y`` in
  float32 (what a hand-written backward pass does);
* ``torch.tanh:grad``: torch's autograd backward of ``torch.tanh`` (if torch is
  installed);
* ``numpy: 1/cosh(x)**2``: the gradient computed from ``x`` in float32;
* the form that :func:`tanhproof.audits.rank_forms` recommends, ranked over the
  hard-region samples below, then audited like the others;
* and, for the values themselves, ``numpy.tanh`` against ``tanh`` correctly rounded.

Each target runs over two input sets: 2,000,000 samples (a third uniform over the bit
patterns, a third uniform in value over [-40, 40], a third in the hard regions: near
0, around 9.0109 and where exp overflows), and every binary32 value in [8, 10]
(exhaustive, 2,097,153 values around the threshold 9.0109). It writes
``docs/_recorded/audits.json`` with the date, the versions, this command and each
report's ``to_dict()``; the documentation renders that file with the
``recorded-audits`` directive and says when and where it was recorded. Run::

    python docs/record_audits.py

The numbers describe the libraries on the machine that ran it: another libm or
another torch build may differ in the last bit of ``y``, which is all that
``1 - y*y`` has left for large ``|x|``.
"""

from __future__ import annotations

import datetime
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tanhproof package of this checkout

import tanhproof
from tanhproof.audits import compile_float, rank_forms

OUT = HERE / "_recorded" / "audits.json"
FMT = "binary32"
INPUT_SETS = (2_000_000, (8, 10))
RANK_INPUTS = 200_000  # samples for ranking the forms (each form is then audited like the others)
SEED = 0


def one_minus_y2(x: np.ndarray) -> np.ndarray:
    y = np.tanh(x)
    return np.float32(1) - y * y


def inv_cosh2(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        c = np.cosh(x)
        return np.float32(1) / (c * c)


one_minus_y2.__name__ = one_minus_y2.__qualname__ = "numpy: 1 - tanh(x)**2"
inv_cosh2.__name__ = inv_cosh2.__qualname__ = "numpy: 1/cosh(x)**2"


def _torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return torch.__version__


def targets(torch_version: str | None) -> tuple[list[tuple[object, str, str]], dict]:
    """(target, reference, role) triples, and how the recommended form was chosen."""
    started = time.perf_counter()
    ranking = rank_forms("tanh", FMT, RANK_INPUTS)
    form = ranking.recommended
    chosen = {
        "function": "tanh",
        "fmt": FMT,
        "inputs_argument": RANK_INPUTS,
        "inputs": ranking.inputs,
        "label": form.label,
        "text": form.text,
        "ranking": [
            {
                "rank": r.rank,
                "label": r.form.label,
                "max_ulp": r.report.max_ulp,
                "mean_ulp": r.report.mean_ulp,
            }
            for r in ranking.rows
            if r.report is not None
        ],
        "seconds": round(time.perf_counter() - started, 1),
    }
    out: list[tuple[object, str, str]] = [(one_minus_y2, "tanh'", "gradient from y = tanh(x)")]
    if torch_version is not None:
        out.append(("torch.tanh:grad", "tanh'", "gradient from y = tanh(x) (autograd)"))
    out.append((inv_cosh2, "tanh'", "gradient from x"))
    out.append((compile_float(form.text, FMT), "tanh'", "gradient from x (recommended form)"))
    out.append(("numpy.tanh", "tanh", "value"))
    return out, chosen


def record() -> dict:
    torch_version = _torch_version()
    chosen_targets, chosen = targets(torch_version)
    print(f"recommended form: {chosen['label']} ({chosen['seconds']} s to rank)", flush=True)
    audits = []
    for target, reference, role in chosen_targets:
        for inputs in INPUT_SETS:
            started = time.perf_counter()
            report = tanhproof.audit(target, reference, FMT, inputs, seed=SEED)
            took = time.perf_counter() - started
            print(
                f"{report.target} over {report.inputs}: max {report.max_ulp:.4g} ULP, "
                f"{report.zero_where_nonzero} zero where nonzero, {took:.1f} s",
                flush=True,
            )
            audits.append(
                {
                    "role": role,
                    "inputs_argument": list(inputs) if isinstance(inputs, tuple) else inputs,
                    "report": report.to_dict(),
                }
            )
    return {
        "recorded_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python docs/record_audits.py",
        "versions": {
            "tanhproof": tanhproof.__version__,
            "numpy": np.__version__,
            "torch": torch_version,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "fmt": FMT,
        "seed": SEED,
        "recommended_form": chosen,
        "audits": audits,
    }


def main() -> int:
    started = time.perf_counter()
    data = record()
    data["seconds"] = round(time.perf_counter() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(HERE.parent)} in {data['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
