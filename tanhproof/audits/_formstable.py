"""The forms ranking as a person reads it: a table of at most 100 columns with a legend.

:func:`forms_text` is what ``tanhproof forms`` prints for a
:class:`~tanhproof.audits.FormsReport`; :func:`forms_blocks` is the same table for
notebooks (:mod:`tanhproof._notebook`). Every column is explained under the table:
the labels ``y`` and ``s`` (the forward pass's ``tanh(x)`` and ``sigmoid(x)``), the
errors (ULPs of the format) and the counts (inputs). A proof's method is a numbered
note, so a long method never widens the table. Nothing here measures anything.

Examples
========

>>> from tanhproof.audits._formstable import WIDTH, legend_lines
>>> WIDTH
100
>>> print("\\n".join(legend_lines("tanh", "binary16", [])[:2]))
y = tanh(x) and s = sigmoid(x): the values the forward pass computed in binary16 (a framework saves
  them for the backward pass).
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

from tanhproof._notebook import Block, Table, Text

__all__ = ["WIDTH", "forms_blocks", "forms_text", "legend", "legend_lines", "nonfinite"]

#: The widest line of the text table.
WIDTH = 100

_HEAD = ("rank", "form", "max ULP", "mean ULP", "misrounded", "zeros", "non-finite", "proof")
# right-aligned columns: rank and the numbers
_RIGHT = (0, 2, 3, 4, 5, 6)


def nonfinite(report: Any) -> int:
    """Inputs where the result was inf or NaN and the derivative finite."""
    return int(report.histogram.get("inf", 0))


def _num(v: float) -> str:
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf"
    if v == int(v) and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.3g}"


def _methods(report: Any) -> list[str]:
    """The distinct proof methods, in order of first use (notes [1], [2], ...)."""
    seen: list[str] = []
    for r in report.rows:
        if r.proof.method not in seen:
            seen.append(r.proof.method)
    return seen


def _proof_cell(row: Any, methods: list[str]) -> str:
    return f"{row.proof.verdict} [{methods.index(row.proof.method) + 1}]"


def _cells(report: Any) -> list[tuple[str, ...]]:
    methods = _methods(report)
    body: list[tuple[str, ...]] = []
    for r in report.rows:
        proof = _proof_cell(r, methods)
        if r.report is None:
            body.append(("-", r.form.label, "-", "-", "-", "-", "-", proof))
            continue
        rep = r.report
        body.append(
            (
                str(r.rank),
                r.form.label,
                _num(rep.max_ulp),
                _num(rep.mean_ulp),
                f"{rep.not_correctly_rounded:,}",
                f"{rep.zero_where_nonzero:,}",
                f"{nonfinite(rep):,}",
                proof,
            )
        )
    return body


def legend(function: str, fmt: str, methods: list[str], labels: tuple[str, ...] = ("y", "s")) -> list[str]:
    """The legend under the table, a paragraph per label or column (``labels``: the
    short names the forms use, of ``y`` and ``s``)."""
    d = f"{function}'(x)"
    names = {"y": "y = tanh(x)", "s": "s = sigmoid(x)"}
    used = [names[k] for k in ("y", "s") if k in labels]
    out = []
    if used:
        out.append(
            f"{' and '.join(used)}: the value{'s' if len(used) > 1 else ''} the forward pass computed in "
            f"{fmt} (a framework saves {'them' if len(used) > 1 else 'it'} for the backward pass)."
        )
    out += [
        f"max ULP, mean ULP: the largest and the mean error over the normal inputs, in units in the "
        f"last place (ULPs) of {fmt}, against the correctly rounded {d}.",
        f"misrounded, zeros, non-finite: how many inputs gave a result that is not the correctly "
        f"rounded {d}, that is 0 where {d} is not, that is inf or NaN where {d} is finite.",
        "rank: by max ULP, then non-finite, then mean ULP; a form with any zeros or non-finite results "
        "ranks below every form without them. '-': not measured (only a proved form is).",
        f"proof: the verdict on 'the form equals {d}' and how it was reached:",
        *(f"  [{k}] {m}" for k, m in enumerate(methods, start=1)),
    ]
    return out


def _labels(report: Any) -> tuple[str, ...]:
    """Which of the short names ``y`` and ``s`` the forms' labels use."""
    text = " ".join(r.form.label for r in report.rows)
    return tuple(k for k in ("y", "s") if re.search(rf"(?<![A-Za-z]){k}(?![A-Za-z(])", text))


def legend_lines(
    function: str, fmt: str, methods: list[str], labels: tuple[str, ...] = ("y", "s")
) -> list[str]:
    """:func:`legend` wrapped to :data:`WIDTH` columns."""
    out: list[str] = []
    for p in legend(function, fmt, methods, labels):
        indent = "      " if p.startswith("  [") else "  "
        out += textwrap.wrap(p, WIDTH, subsequent_indent=indent, break_on_hyphens=False)
    return out


def forms_text(report: Any) -> str:
    """The ranking as text lines of at most :data:`WIDTH` characters (a form label longer
    than its column continues on the next line)."""
    body = _cells(report)
    widths = [max(len(row[i]) for row in (_HEAD, *body)) for i in range(len(_HEAD))]
    room = WIDTH - (sum(widths) - widths[1]) - 2 * (len(_HEAD) - 1)
    widths[1] = max(len(_HEAD[1]), min(widths[1], room))

    def lines(row: tuple[str, ...]) -> list[str]:
        label = textwrap.wrap(row[1], widths[1], break_on_hyphens=False) or [""]
        first = [c.rjust(widths[i]) if i in _RIGHT else c.ljust(widths[i]) for i, c in enumerate(row)]
        first[1] = label[0].ljust(widths[1])
        out = ["  ".join(first).rstrip()]
        out += [(" " * (widths[0] + 2) + rest).rstrip() for rest in label[1:]]
        return out

    partial = any(r.report is not None and getattr(r.report, "partial", False) for r in report.rows)
    out = [f"forms of {report.function}' in {report.fmt}" + (" (partial: interrupted)" if partial else "")]
    out += textwrap.wrap(f"inputs: {report.inputs}", WIDTH, subsequent_indent="  ")
    out += ["", *lines(_HEAD), "  ".join("-" * w for w in widths)]
    for row in body:
        out += lines(row)
    notes = [r for r in report.rows if r.report is None and (r.note or r.proof.reason)]
    if notes:
        out.append("")
        for r in notes:
            out += textwrap.wrap(
                f"{r.form.label}: {r.proof.verdict}, not measured: {r.note or r.proof.reason}",
                WIDTH,
                subsequent_indent="  ",
            )
    out += ["", *legend_lines(report.function, report.fmt, _methods(report), _labels(report)), ""]
    if report.recommended is None:
        out.append("recommended: none (no form was proved)")
    else:
        out += textwrap.wrap(
            f"recommended: {report.recommended.label}  ({report.recommended.text})",
            WIDTH,
            subsequent_indent="  ",
        )
    return "\n".join(out)


def forms_blocks(report: Any) -> list[Block]:
    """The ranking for a notebook: a title, the table with its units, the legend and the
    recommendation."""
    methods = _methods(report)
    rec = "none (no form was proved)" if report.recommended is None else report.recommended.label
    return [
        Text(f"Forms of {report.function}' in {report.fmt}", strong=True),
        Text(f"inputs: {report.inputs}"),
        Table(
            _HEAD,
            _cells(report),
            units=f"errors in ULPs of {report.fmt}; misrounded, zeros and non-finite in inputs",
        ),
        *(Text(p) for p in legend(report.function, report.fmt, methods, _labels(report))),
        Text(f"recommended: {rec}", strong=True),
    ]
