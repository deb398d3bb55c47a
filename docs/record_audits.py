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

``python docs/record_audits.py --activations`` records instead the audits of PyTorch's
activations (``torch.nn.functional.silu``, ``mish``, ``gelu`` with both ``approximate``
values, ``softplus``, ``logsigmoid``, ``tanhshrink``, ``softsign``, ``elu``, ``celu``,
``selu``) and of their autograd gradients (``:grad``), each against the reference its name
infers, in binary32 (``--samples32`` samples, 100,000 by default), bfloat16 (every value,
or ``--samples-bfloat16`` samples) and binary16 (every value), into ``docs/_recorded/activations.json``, and draws the worst audit's error
plot into ``docs/figures/activations-worst.png``; ``docs/activations-audits.rst`` renders
them with the ``recorded-activation-audits`` directive.

The numbers describe the libraries on the machine that ran it: another libm or
another torch build may differ in the last bit of ``y``, which is all that
``1 - y*y`` has left for large ``|x|``.
"""

from __future__ import annotations

import datetime
import json
import platform
import signal
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
        "versions": _versions(torch_version),
        "fmt": FMT,
        "seed": SEED,
        "recommended_form": chosen,
        "audits": audits,
    }


# ---------------------------------------------------------------- activations (issue 16)

ACTIVATIONS_OUT = HERE / "_recorded" / "activations.json"
ACTIVATIONS_PLOT = HERE / "figures" / "activations-worst.png"
#: (torch target, the catalog function it computes): the reference each audit infers.
ACTIVATIONS = (
    ("torch.nn.functional.silu", "silu"),
    ("torch.nn.functional.mish", "mish"),
    ("torch.nn.functional.gelu", "gelu"),
    ("torch.nn.functional.gelu[approximate=tanh]", "gelu_tanh"),
    ("torch.nn.functional.softplus", "softplus"),
    ("torch.nn.functional.logsigmoid", "logsigmoid"),
    ("torch.nn.functional.tanhshrink", "tanhshrink"),
    ("torch.nn.functional.softsign", "softsign"),
    ("torch.nn.functional.elu", "elu"),
    ("torch.nn.functional.celu", "celu"),
    ("torch.nn.functional.selu", "selu"),
)
#: binary32 is sampled (--samples32); the 16-bit formats are audited at every value.
ACTIVATION_FORMATS = ("binary32", "bfloat16", "binary16")
FALLBACK_RANGE = 20.0  # where an audit over the whole range stops, the inputs are taken in [-20, 20]


def _fallback_inputs(fmt: str, samples: int) -> object:
    """Every value in [-20, 20] for a 16-bit format; ``samples`` seeded values uniform in
    [-20, 20] for binary32 (rounded to binary32)."""
    if fmt != "binary32":
        return (-FALLBACK_RANGE, FALLBACK_RANGE)
    rng = np.random.default_rng(SEED)
    return rng.uniform(-FALLBACK_RANGE, FALLBACK_RANGE, samples).astype(np.float32)


def _inputs_argument(inputs: object) -> object:
    if isinstance(inputs, tuple):
        return list(inputs)
    if isinstance(inputs, np.ndarray):
        return f"{inputs.size} values uniform in [-{FALLBACK_RANGE:g}, {FALLBACK_RANGE:g}]"
    return inputs


class _TooLong(BaseException):
    """An audit ran past the recording's time per audit (raised by SIGALRM)."""


def _alarm(signum: int, frame: object) -> None:
    raise _TooLong


def _audit_one(spec: str, fmt: str, inputs: object, processes: int, limit: int) -> dict:
    """One audit as recorded: the report, or the error that stopped it (an audit that runs
    past ``limit`` seconds is stopped: the recording has a time budget, not the audit)."""
    started = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        report = tanhproof.audit(spec, fmt=fmt, inputs=inputs, seed=SEED, processes=processes)
    except tanhproof.TanhproofError as exc:
        return {"inputs_argument": _inputs_argument(inputs), "error": str(exc)}
    except _TooLong:
        why = f"stopped after {limit} s, the recording's limit per audit (the reference is slow there)"
        return {"inputs_argument": _inputs_argument(inputs), "error": why}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    took = round(time.perf_counter() - started, 1)
    return {"inputs_argument": _inputs_argument(inputs), "seconds": took, "report": report.to_dict()}


def record_activations(
    samples32: int,
    samples_bf16: int | None,
    processes: int,
    only: str | None = None,
    out: Path | None = None,
    formats: tuple[str, ...] = ACTIVATION_FORMATS,
    limit: int = 120,
    done: frozenset[tuple[str, str]] = frozenset(),
) -> dict:
    """Audit each activation of :data:`ACTIVATIONS` and its autograd gradient in every format
    of :data:`ACTIVATION_FORMATS`, each against the reference its name infers. An audit that
    stops (a reference that cannot be rounded, say) is recorded with its error and run again
    over [-20, 20]."""
    audits: list[dict] = []
    started = time.perf_counter()
    data = {
        "recorded_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python docs/record_audits.py --activations"
        + f" --samples32 {samples32}"
        + (f" --samples-bfloat16 {samples_bf16}" if samples_bf16 else "")
        + (f" --limit {limit}" if limit != 120 else ""),
        "versions": _versions(_torch_version()),
        "samples32": samples32,
        "seed": SEED,
        "limit_seconds": limit,
        "complete": False,
        "audits": audits,
    }
    for fmt in formats:
        inputs = {"binary32": samples32, "bfloat16": samples_bf16 or "exhaustive"}.get(fmt, "exhaustive")
        for target, function in ACTIVATIONS:
            if only is not None and only not in target:
                continue
            for suffix in ("", ":grad"):
                spec = target + suffix
                if (spec, fmt) in done:
                    continue
                entry = {"target": spec, "function": function, "fmt": fmt, "gradient": bool(suffix)}
                entry |= _audit_one(spec, fmt, inputs, processes, limit)
                if "error" in entry:
                    first_error = entry.pop("error")
                    entry |= _audit_one(spec, fmt, _fallback_inputs(fmt, samples32), processes, 2 * limit)
                    entry["whole_range_error"] = first_error
                audits.append(entry)
                r = entry.get("report")
                shown = (
                    f"max {r['max_ulp']} ULP, {r['zero_where_nonzero']} zero where nonzero, {entry['seconds']} s"
                    if r
                    else f"error: {entry['error']}"
                )
                print(f"{spec} in {fmt}: {shown}", flush=True)
                if out is not None:  # what is done so far, should the run be stopped
                    data["seconds"] = round(time.perf_counter() - started, 1)
                    _write(out, data)
    data["complete"] = True
    return data


def _worst(audits: list[dict]) -> dict | None:
    """The audit with the largest finite max ULP (then the most zeros where nonzero), of
    those that ``tanhproof audit`` can run again over the same inputs."""

    def key(a: dict) -> tuple[float, int]:
        r = a["report"]
        return (float(r["max_ulp"]), r["zero_where_nonzero"])

    again = [
        a for a in audits if not isinstance(a["inputs_argument"], str) or a["inputs_argument"] == "exhaustive"
    ]
    done = [a for a in again if "report" in a and a["report"]["points"] and a["report"]["max_ulp"] != "inf"]
    return max(done, key=key) if done else None


def plot_worst(data: dict) -> None:
    """Draw the worst audit's error against x with ``tanhproof audit --plot`` (run again
    over the same inputs; it needs matplotlib)."""
    import tanhproof.cli

    worst = _worst(data["audits"])
    if worst is None:
        return
    argv = ["audit", worst["target"], "--fmt", worst["fmt"], "--plot", str(ACTIVATIONS_PLOT), "--in-process"]
    arg = worst["inputs_argument"]
    if isinstance(arg, int):
        argv += ["--samples", str(arg), "--seed", str(SEED)]
    elif isinstance(arg, list):
        argv += ["--range", str(arg[0]), str(arg[1])]
    elif arg != "exhaustive":
        return  # a fallback array of binary32 values: no plot
    ACTIVATIONS_PLOT.parent.mkdir(parents=True, exist_ok=True)
    tanhproof.cli.main(argv)
    shown = " ".join(argv).replace(str(ACTIVATIONS_PLOT), "FILE").replace(" --in-process", "")
    data["plot"] = {
        "target": worst["target"],
        "fmt": worst["fmt"],
        "file": "figures/" + ACTIVATIONS_PLOT.name,
        "command": f"tanhproof {shown}",
    }


def _versions(torch_version: str | None) -> dict:
    return {
        "tanhproof": tanhproof.__version__,
        "numpy": np.__version__,
        "torch": torch_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _write(out: Path, data: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activations", action="store_true", help="record the activations' audits instead")
    parser.add_argument(
        "--samples32", type=int, default=100_000, help="binary32 samples per activation audit"
    )
    parser.add_argument(
        "--samples-bfloat16", type=int, help="bfloat16 samples per activation audit (default: every value)"
    )
    parser.add_argument("--processes", type=int, default=0, help="worker processes (0: in this process)")
    parser.add_argument("--only", help="only the activation targets whose name contains this (a trial run)")
    parser.add_argument("--out", type=Path, help="write here instead of docs/_recorded/")
    parser.add_argument(
        "--skip-done",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="skip the audits these records hold (a resumed run)",
    )
    parser.add_argument("--limit", type=int, default=120, help="seconds per audit before it is stopped")
    parser.add_argument(
        "--formats", default=",".join(ACTIVATION_FORMATS), help="the formats, comma-separated"
    )
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="join activation records made with --formats (run side by side) into docs/_recorded/ and plot",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.merge:
        parts = [json.loads(p.read_text(encoding="utf-8")) for p in args.merge]
        rows: dict[tuple[str, str], dict] = {}
        source: dict[tuple[str, str], int] = {}
        for k, p in enumerate(
            parts
        ):  # a later file's audit of a target in a format replaces an earlier one's
            rows |= {(a["target"], a["fmt"]): a for a in p["audits"]}
            source |= {(a["target"], a["fmt"]): k for a in p["audits"]}
        used = sorted(set(source.values()))
        parts = [parts[k] for k in used]  # the runs whose audits are kept
        data = {**parts[0], "audits": list(rows.values())}
        data["seconds"] = round(sum(p["seconds"] for p in parts), 1)  # each kept run's own time, added
        commands = [
            p["command"]
            + (
                f" --limit {p['limit_seconds']}"
                if p.get("limit_seconds", 120) != 120 and "--limit" not in p["command"]
                else ""
            )
            for p in parts
        ]
        data["command"] = "; ".join(dict.fromkeys(commands)) + " (formats side by side, resumed runs with"
        data["command"] += " --skip-done, then --merge)"
        data["limit_seconds"] = sorted({p.get("limit_seconds", 120) for p in parts})
        have = {(a["target"], a["fmt"]) for a in data["audits"]}
        data["not_recorded"] = [
            f"{t}{g} in {f}"
            for f in ACTIVATION_FORMATS
            for t, _ in ACTIVATIONS
            for g in ("", ":grad")
            if (t + g, f) not in have
        ]
        data["complete"] = not data["not_recorded"]
        order = {f: k for k, f in enumerate(ACTIVATION_FORMATS)}
        data["audits"].sort(key=lambda a: order[a["fmt"]])
        plot_worst(data)
        _write(ACTIVATIONS_OUT, data)
        print(f"wrote {ACTIVATIONS_OUT}")
        return 0
    if args.activations:
        if _torch_version() is None:
            parser.error("the activations' audits need torch")
        out = args.out or ACTIVATIONS_OUT
        formats = tuple(args.formats.split(","))
        done = frozenset(
            (a["target"], a["fmt"])
            for p in args.skip_done or []
            for a in json.loads(p.read_text(encoding="utf-8"))["audits"]
        )
        data = record_activations(
            args.samples32, args.samples_bfloat16, args.processes, args.only, out, formats, args.limit, done
        )
        if args.out is None:
            plot_worst(data)
    else:
        data = record()
        out = args.out or OUT
    data["seconds"] = round(time.perf_counter() - started, 1)
    _write(out, data)
    print(f"wrote {out} in {data['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
