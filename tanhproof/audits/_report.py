"""Rendering of accuracy reports: a text table and a plot of the error against x.

The JSON form is :meth:`tanhproof.audits._accuracyreport.AccuracyReport.to_dict`; this module holds
the two renderings that need layout: :func:`report_text` (what ``tanhproof audit``
prints) and :func:`plot_report` (``--plot FILE.png``, needs matplotlib, the ``plot``
extra). Nothing here measures anything.

Examples
========

>>> from tanhproof.audits._accuracyreport import AccuracyReport, Point
>>> r = AccuracyReport(target="numpy.tanh", reference="tanh", fmt="binary16", inputs="3 given inputs",
...                    points=3, max_ulp=0.75, worst=Point(0.5, 0.4619140625, 0.46142578125, 0.75),
...                    mean_ulp=0.5, histogram={"<=0.5": 2, "<=1": 1}, not_correctly_rounded=1)
>>> print(report_text(r))  # doctest: +ELLIPSIS
tanhproof audit: numpy.tanh against tanh in binary16 (round to nearest)
inputs: 3 given inputs; 0 of 0 shards, 1 process, 0.0 s
<BLANKLINE>
  normal inputs measured  3
  max error               0.75 ULP at x = 0x1p-1 (0.5)
                            got       0x1.d9p-2 (0.4619140625)
                            expected  0x1.d88p-2 (0.46142578125), correctly rounded
  mean error              0.5 ULP
  not correctly rounded   1 (33.3%)
...
"""

from __future__ import annotations

import math
import os
import tempfile
from typing import Any

__all__ = [
    "MAX_TICKS",
    "SHOWN_FAILURES",
    "failure_lines",
    "plot_report",
    "report_blocks",
    "report_figure",
    "report_png",
    "report_text",
    "symlog_ticks",
]


def _n(v: int) -> str:
    return f"{v:,}"


def _ulp(v: float) -> str:
    if math.isinf(v):
        return "inf"
    return f"{v:.4g}"


def _pct(part: int, whole: int) -> str:
    if not whole:
        return ""
    p = 100.0 * part / whole
    text = f"{p:.3g}%" if p >= 0.001 or p == 0 else "<0.001%"
    return f" ({text})"


def _summary_rows(r: Any) -> list[tuple[str, str]]:
    """The report's headline rows: (what, value with its unit)."""
    measured = sum(r.histogram.values())
    rows = [("normal inputs measured", _n(measured))]
    if r.worst is not None:
        w = r.worst
        rows.append(("max error", f"{_ulp(r.max_ulp)} ULP at x = {w.x_hex} ({w.x!r})"))
        rows.append(("", f"  got       {w.got_hex} ({w.got!r})"))
        rows.append(("", f"  expected  {w.expected_hex} ({w.expected!r}), correctly rounded"))
    rows.append(("mean error", f"{_ulp(r.mean_ulp)} ULP"))
    rows.append(
        ("not correctly rounded", _n(r.not_correctly_rounded) + _pct(r.not_correctly_rounded, measured))
    )
    zero = _n(r.zero_where_nonzero)
    if r.first_zero_where_nonzero is not None:
        x = r.first_zero_where_nonzero
        from tanhproof.numeric._formats import to_hex

        zero += f" (the first at |x| = {to_hex(abs(x), short=True)} = {abs(x)!r})"
    rows.append(("zero where nonzero", zero))
    rows.append(("wrong sign", _n(r.wrong_sign)))
    rows.append(("reference slow path", f"{_n(r.slow_path)} inputs (arb Ziv loop)"))
    if r.undefined:
        rows.append(("undefined", f"{_n(r.undefined)} inputs outside the reference's domain (not measured)"))
    if r.max_ulp_limit is not None:
        verdict = "yes" if r.within(r.max_ulp_limit) else f"no: {_n(r.failed or 0)} inputs beyond it"
        if r.shard_failures:
            verdict = f"no: {len(r.shard_failures)} shards gave no result"
        rows.append((f"within {_ulp(r.max_ulp_limit)} ULP", verdict))
    return rows


def report_text(report: Any) -> str:
    """The report as a text table."""
    r = report
    lines = [f"tanhproof audit: {r.target} against {r.reference} in {r.fmt} (round to nearest)"]
    where = "in-process" if r.processes == 0 else f"{r.processes} process{'' if r.processes == 1 else 'es'}"
    resumed = f" ({r.resumed_shards} from a checkpoint)" if r.resumed_shards else ""
    lines.append(
        f"inputs: {r.inputs}; {r.shards_done} of {r.shards_total} shards{resumed}, {where}, {r.elapsed:.1f} s"
    )
    if r.partial:
        by = f" by {r.stopped_by}" if r.stopped_by else ""
        lines.append(
            f"PARTIAL: interrupted{by} after {r.shards_done} of {r.shards_total} shards; "
            f"the numbers below cover only the {_n(r.points)} inputs measured"
        )
    lines += failure_lines(r.shard_failures)
    rows = _summary_rows(r)
    lines.append("")
    lines += [f"  {k:<22}  {v}".rstrip() for k, v in rows]
    if r.histogram:
        lines += ["", "  ULP error histogram (normal inputs)"]
        top = max(r.histogram.values())
        for label, n in r.histogram.items():
            bar = "#" * max(1, round(30 * n / top)) if n else ""
            lines.append(f"    {label:>8}  {_n(n):>15}  {bar}")
    if r.specials:
        lines += ["", f"  {'special inputs':<14}  {'points':>15}  {'mismatches':>10}  first mismatch"]
        for cat, s in r.specials.items():
            ex = s["examples"][0] if s["examples"] else None
            first = f"x = {ex['x_hex']}: got {ex['got_hex']}, expected {ex['expected_hex']}" if ex else ""
            extra = f" (max {_ulp(s['max_ulp'])} ULP)" if cat == "subnormal" and s["points"] else ""
            lines.append(
                f"    {cat:<12}  {_n(s['points']):>15}  {_n(s['mismatches']):>10}  {first}{extra}".rstrip()
            )
    if r.method:
        lines += ["", f"method: {r.method}"]
    return "\n".join(lines)


def report_blocks(report: Any) -> list[Any]:
    """The report for a notebook (:mod:`tanhproof._notebook`): the headline table, the
    error histogram and the special inputs as tables with units, and the error plot
    when matplotlib is installed."""
    import importlib.util

    from tanhproof._notebook import Image, Table, Text

    r = report
    units = f"errors in ULPs of {r.fmt}; counts in inputs"
    out: list[Any] = [Text(f"{r.target} against {r.reference} in {r.fmt} (round to nearest)", strong=True)]
    out.append(Text(f"inputs: {r.inputs}; {r.shards_done} of {r.shards_total} shards"))
    if r.partial:
        out.append(Text(f"PARTIAL: interrupted; the numbers cover only the {_n(r.points)} inputs measured"))
    out += [Text(line) for line in failure_lines(r.shard_failures)]
    rows = [(k, v.strip()) for k, v in _summary_rows(r)]
    out.append(Table(("measure", "value"), rows, units=units))
    if r.histogram:
        hist = [(label, _n(n)) for label, n in r.histogram.items()]
        out.append(Table(("error (ULP)", "normal inputs"), hist, units=f"errors in ULPs of {r.fmt}"))
    if r.specials:
        spec = []
        for cat, s in r.specials.items():
            ex = s["examples"][0] if s["examples"] else None
            first = f"x = {ex['x_hex']}: got {ex['got_hex']}, expected {ex['expected_hex']}" if ex else ""
            spec.append((cat, _n(s["points"]), _n(s["mismatches"]), first))
        out.append(
            Table(
                ("special inputs", "inputs", "mismatches (inputs)", "first mismatch"),
                spec,
                units="counts in inputs",
            )
        )
    if r.profile and importlib.util.find_spec("matplotlib") is not None:
        out.append(Image(report_png(r), f"largest ULP error of {r.target} against x"))
    if r.method:
        out.append(Text(f"method: {r.method}"))
    return out


#: Failed shards named one by one in the text report; the rest are counted.
SHOWN_FAILURES = 10


def failure_lines(failures: Any) -> list[str]:
    """The text report's lines about failed shards (none when there are none).

    >>> from tanhproof.audits._accuracyreport import ShardFailure
    >>> for line in failure_lines([ShardFailure(2, "x in [1, 2] (5 inputs)", 5, "no answer in 60 s")]):
    ...     print(line)
    FAILED: 1 shard (5 inputs) gave no result and is not counted below:
      shard 2, x in [1, 2] (5 inputs): no answer in 60 s
    """
    if not failures:
        return []
    points = sum(f.points for f in failures)
    n = len(failures)
    lines = [
        f"FAILED: {n} shard{'s' if n > 1 else ''} ({_n(points)} inputs) gave no result "
        f"and {'are' if n > 1 else 'is'} not counted below:"
    ]
    lines += [f"  shard {f.shard}, {f}" for f in failures[:SHOWN_FAILURES]]
    if n > SHOWN_FAILURES:
        lines.append(f"  ... and {n - SHOWN_FAILURES} more (all of them in the JSON report)")
    return lines


#: The most x-axis ticks of a plot (its labels must not touch).
MAX_TICKS = 11


def symlog_ticks(lo: float, hi: float, linthresh: float = 1e-3) -> list[float]:
    """Ticks for a symmetric-log x axis over ``[lo, hi]``: 0 and powers of ten from
    ``linthresh`` on each side that holds data, every k-th decade so that there are at
    most :data:`MAX_TICKS` (the same decades on both sides).

    >>> symlog_ticks(-1e5, 1e5)
    [-100000.0, -1000.0, -10.0, -0.1, -0.001, 0.0, 0.001, 0.1, 10.0, 1000.0, 100000.0]
    >>> symlog_ticks(0, 10)
    [0.0, 0.001, 0.01, 0.1, 1.0, 10.0]
    """
    first = round(math.log10(linthresh))
    top = max(abs(lo), abs(hi), linthresh)
    last = max(first, math.ceil(math.log10(top) - 1e-9))
    sides = (lo < 0) + (hi > 0)
    decades = list(range(first, last + 1))
    step = 1
    while sides * len(decades[::step]) + 1 > MAX_TICKS:
        step += 1
    chosen = decades[::-1][::step][::-1]  # keep the outermost decade
    ticks = [0.0]
    if hi > 0:
        ticks += [10.0**k for k in chosen]
    if lo < 0:
        ticks = [-(10.0**k) for k in reversed(chosen)] + ticks
    return ticks


def _tick_label(v: float) -> str:
    if v == 0:
        return "0"
    k = round(math.log10(abs(v)))
    return f"${'-' if v < 0 else ''}10^{{{k}}}$"


def report_figure(report: Any) -> Any:
    """The plot of :func:`plot_report` as a matplotlib ``Figure``: the largest ULP error
    against x (symmetric log scale), the legend below the axes (never over the data) and
    at most :data:`MAX_TICKS` labelled x ticks. Needs matplotlib."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, NullLocator

    xs = [p[0] for p in report.profile]
    ys = [max(p[1], 1e-3) for p in report.profile]
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.add_subplot()
    ax.scatter(xs, ys, s=4, color="tab:blue", label="largest error in the bin of x", zorder=3)
    ax.set_xscale("symlog", linthresh=1e-3)
    ax.set_yscale("log")
    if report.max_ulp_limit is not None:
        ax.axhline(
            report.max_ulp_limit, color="tab:red", linewidth=1, label=f"limit {report.max_ulp_limit:g} ULP"
        )
    ax.axhline(0.5, color="tab:gray", linewidth=0.8, linestyle=":", label="correctly rounded (0.5 ULP)")
    if xs:
        ticks = symlog_ticks(min(xs), max(xs))
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xticklabels([_tick_label(t) for t in ticks])
        ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("x")
    ax.set_ylabel(f"error (ULPs of {report.fmt})")
    title = f"{report.target} vs {report.reference}, {report.fmt}"
    ax.set_title(title + (" (partial)" if report.partial else ""))
    fig.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    ax.grid(True, which="major", alpha=0.3)
    return fig


def report_png(report: Any, dpi: int = 100) -> bytes:
    """:func:`report_figure` as PNG bytes (for a notebook). Needs matplotlib."""
    import io

    buffer = io.BytesIO()
    report_figure(report).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def plot_report(report: Any, path: str | os.PathLike) -> None:
    """Plot the largest ULP error against x (symmetric log scale) to ``path``
    (:func:`report_figure`).

    The file is written only once the figure is complete (a temporary file renamed
    into place). Needs matplotlib (``pip install 'tanhproof[plot]'``).
    """
    fig = report_figure(report)
    directory = os.path.dirname(os.path.abspath(path))
    suffix = os.path.splitext(str(path))[1] or ".png"
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=suffix)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a plot is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
