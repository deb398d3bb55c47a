"""The report of a recorded target: the live target's report, plus the check of the file's expected values.

An audit of a file of recorded results (:func:`~tanhproof.audits.recorded`) returns a
:class:`RecordedReport`: the :class:`~tanhproof.AccuracyReport` any target gets, whose
inputs line names the file (and the CSV rows of other dtypes left out), plus the rows
whose recorded *expected* value (the CSV's ``output`` column, an ``.npz``'s optional
``expected`` array) is not the correctly rounded one, with its error in ULPs, in file
order (line numbers for a CSV, indices for an ``.npz``): all of them counted, the first
:data:`ROWS_KEPT` kept, the first :data:`ROWS_SHOWN` in the text.

Examples
========

>>> import os, tempfile
>>> import numpy as np
>>> import tanhproof
>>> path = os.path.join(tempfile.mkdtemp(), "sinh.npz")
>>> x = np.array([0.5, 1.0, 2.0], dtype=np.float16)
>>> wrong = np.sinh(x)
>>> wrong[1] = np.nextafter(wrong[1], np.float16(2))  # one ULP above the correctly rounded sinh(1)
>>> np.savez(path, x=x, y=np.sinh(x), expected=wrong, reference="sinh")
>>> report = tanhproof.audit(path, fmt="binary16", processes=0)
>>> report.recorded.wrong, [(r.row, r.x) for r in report.recorded.rows]
(1, [(1, 1.0)])
>>> print(report.to_text().splitlines()[-2])  # doctest: +ELLIPSIS
recorded expected values (column expected of ...sinh.npz): 1 of 3 rows not correctly rounded
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from tanhproof.audits._accuracy import ulp_errors
from tanhproof.audits._accuracyreport import AccuracyReport, _json_float
from tanhproof.audits._recordedfiles import CSV_FORMATS, FileData, quiet_inputs, recorded_data
from tanhproof.numeric._formats import to_hex

__all__ = ["ROWS_KEPT", "ROWS_SHOWN", "RecordedCheck", "RecordedReport", "RecordedRow", "finish_report"]

#: The rows a report keeps (the count says how many there are in all); the text shows fewer.
ROWS_KEPT = 1000
ROWS_SHOWN = 20


@dataclass(frozen=True)
class RecordedRow:
    """A row whose recorded expected value is not the correctly rounded one: its ``row``
    (CSV line number or ``.npz`` index), input ``x``, ``recorded`` value, ``correct``
    (correctly rounded) value and the recorded value's error in ULPs."""

    row: int
    x: float
    recorded: float
    correct: float
    ulp: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row}
        for name in ("x", "recorded", "correct"):
            v = getattr(self, name)
            out[name] = _json_float(v)
            out[f"{name}_hex"] = to_hex(v, short=True)
        out["ulp"] = _json_float(self.ulp)
        return out

    def text(self, kind: str) -> str:
        where = f"line {self.row}" if kind == "csv" else f"x[{self.row}]"
        ulp = "inf" if math.isinf(self.ulp) else f"{self.ulp:.4g}"
        return (
            f"{where}: x = {to_hex(self.x, short=True)} ({self.x!r}): recorded {to_hex(self.recorded, short=True)}, "
            f"correctly rounded {to_hex(self.correct, short=True)}, {ulp} ULP"
        )


@dataclass(frozen=True)
class RecordedCheck:
    """What a recorded file adds to an audit's report: the file, the inputs left out, and the
    check of its recorded expected values (``column`` is ``""`` when it has none)."""

    path: str
    kind: str
    column: str = ""
    checked: int = 0
    wrong: int = 0
    rows: tuple[RecordedRow, ...] = ()
    tolerance: int | None = None
    left_out: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind, "left_out": self.left_out}
        if self.tolerance is not None:
            out["ulperrortol"] = self.tolerance
        if self.column:
            out["expected"] = {
                "column": self.column,
                "checked": self.checked,
                "not_correctly_rounded": self.wrong,
                "rows": [r.to_dict() for r in self.rows],
                "rows_kept": min(self.wrong, ROWS_KEPT),
            }
        return out

    def lines(self) -> list[str]:
        if not self.column:
            return []
        source = f"column {self.column} of {self.path}"
        if not self.wrong:
            return ["", f"recorded expected values ({source}): all {self.checked:,} correctly rounded"]
        out = [
            "",
            f"recorded expected values ({source}): {self.wrong:,} of {self.checked:,} rows not correctly rounded",
        ]
        out += [f"  {r.text(self.kind)}" for r in self.rows[:ROWS_SHOWN]]
        if self.wrong > ROWS_SHOWN:
            out.append(f"  ... {self.wrong - ROWS_SHOWN:,} more (--json lists the first {ROWS_KEPT:,})")
        return out


@dataclass(frozen=True, repr=False)  # AccuracyReport's short repr
class RecordedReport(AccuracyReport):
    """The :class:`~tanhproof.AccuracyReport` of a recorded target, plus ``recorded``: the
    file, and the rows whose recorded expected value is not the correctly rounded one."""

    recorded: RecordedCheck | None = None

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["recorded"] = self.recorded.to_dict() if self.recorded is not None else None
        return out

    def to_text(self) -> str:
        text = super().to_text()
        return text if self.recorded is None else "\n".join([text, *self.recorded.lines()])


def _check_expected(data: FileData, reference: str) -> tuple[int, tuple[RecordedRow, ...]]:
    from tanhproof.numeric._bulk import reference as bulk_reference

    assert data.expected is not None
    inputs = quiet_inputs(data)
    ref = bulk_reference(reference, inputs, data.fmt, residual=True)
    assert ref.residual is not None  # asked for with residual=True
    with np.errstate(invalid="ignore"):  # a signalling NaN recorded as expected
        got = data.expected.astype(np.float64)
    correct = np.asarray(ref.values, dtype=np.float64)
    err = ulp_errors(got, correct, ref.residual, data.fmt)
    same = got.view(np.uint64) == correct.view(np.uint64)
    nan = np.isnan(correct)
    same[nan] = np.isnan(got[nan])
    err[nan] = np.where(np.isnan(got[nan]), 0.0, np.inf)
    wrong = np.flatnonzero(~same)
    x = inputs.astype(np.float64)
    rows = tuple(
        RecordedRow(int(data.rows[i]), float(x[i]), float(got[i]), float(correct[i]), float(err[i]))
        for i in wrong[:ROWS_KEPT].tolist()
    )
    return int(wrong.size), rows


def finish_report(target: Any, report: AccuracyReport) -> AccuracyReport:
    """``report`` unchanged for a live target; for a recorded one, a :class:`RecordedReport`
    that says which file and checks the file's expected values against ``report.reference``."""
    data = recorded_data(target)
    if data is None:
        return report
    left = "; ".join(
        f"{n:,} {d} rows left out: --fmt {CSV_FORMATS[d.removeprefix('np.')]} audits them"
        for d, n in data.left_out.items()
    )
    what = "rows" if data.kind == "csv" else "inputs"
    inputs = f"{data.x.size:,} recorded {what} from {data.path}" + (f" ({left})" if left else "")
    column = "" if data.expected is None else ("output" if data.kind == "csv" else "expected")
    wrong, rows = _check_expected(data, report.reference) if column else (0, ())
    check = RecordedCheck(data.path, data.kind, column, data.x.size, wrong, rows, data.tolerance, left)
    values = {f.name: getattr(report, f.name) for f in fields(AccuracyReport)}
    values["inputs"] = inputs
    values["method"] = f"{report.method}; the results are the values recorded in {data.path}"
    return RecordedReport(**values, recorded=check)
