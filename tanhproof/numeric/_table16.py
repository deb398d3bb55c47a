"""Whole tables of the 16-bit formats: the reference value of every binary16 and bfloat16 input.

A 16-bit format has 65,536 bit patterns, fewer than many calls have inputs. For a call
of :func:`~tanhproof.numeric._bulk.reference` with at least :data:`TABLE_MIN` inputs of
binary16 or bfloat16 and a function given by its catalog name, the reference of every
bit pattern is computed once per process (:func:`table`, by the very computation a
call without the table makes, in blocks of :data:`BLOCK` patterns), kept (the
:data:`TABLES` most recent tables), and each call reads its values by bit pattern
(:func:`lookup`): the same values and residuals, at the cost of one gather.

Explanation
===========

**Same values.** Each entry is what the reference gives for that input in a block of
the table: a correctly rounded value is one value whatever the block (the tests compare
whole tables with one call over every pattern, and entries with calls of their own);
each ``(function, format, mode, residual)`` has its own table, so a residual is
present exactly when asked for.

**How each value was reached.** ``fallback`` counts the inputs of the call whose
entry the arb Ziv loop gave, and ``undefined`` those outside the domain, as a call
without the table counts them: a block of the table with a fallback is halved until the
inputs that took the loop stand alone (a few per table: one call of the reference per
halving), and an entry is undefined where the value is NaN at an input that is not
(checked against the blocks' own counts; a table whose counts disagree is not kept, and
the call takes the usual path).

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._bulk import reference
>>> x = np.linspace(-4, 4, TABLE_MIN).astype(np.float16)
>>> r = reference("tanh", x, "binary16")
>>> float(r.values[-1]), r.fallback, ("tanh", "binary16", "nearest", False) in cached()
(0.99951171875, 0, True)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tanhproof.numeric._arrayrounding import format_values
from tanhproof.numeric._formats import Format

__all__ = ["BLOCK", "TABLES", "TABLE_MIN", "Table", "cached", "lookup", "patterns", "table"]

#: Calls with fewer inputs compute their values directly: a table costs 65,536 values
#: once, at most about four such calls.
TABLE_MIN = 1 << 14
#: Bit patterns per block of a table's computation.
BLOCK = 1 << 12
#: Tables kept per process (each at most about 0.7 MB: values, two flags, residuals).
TABLES = 32

#: ``compute(function, x, fmt, mode, residual)`` -> a ``BulkResult``: the reference without tables.
Compute = Callable[[str, np.ndarray, Format, str, bool], Any]


def patterns(f: Format) -> np.ndarray:
    """Every value of the 16-bit format ``f``, in its dtype, indexed by bit pattern."""
    bits = np.arange(1 << 16, dtype=np.uint32)
    if f.name == "bfloat16":
        return (bits << 16).view(np.float32)
    return bits.astype(np.uint16).view(np.float16)


_BFLOAT16_NAN = 0x7FC0


def _index(x: Any, f: Format) -> np.ndarray:
    """The bit patterns of the values ``x`` of ``f`` (any NaN as a NaN pattern), checked
    as :func:`~tanhproof.numeric._arrayrounding.format_values` checks them. An array in
    the format's own dtype is read by its bits (float16: every pattern is a value;
    float32 for bfloat16: the low 16 bits zero, or a NaN); others through float64."""
    arr = np.asarray(x)
    if f.name == "binary16" and arr.dtype == np.float16:
        return arr.ravel().view(np.uint16)
    if f.name == "bfloat16" and arr.dtype == np.float32:
        bits = arr.ravel().view(np.uint32)
        whole = (bits & 0xFFFF) == 0
        if whole.all():
            return bits >> 16
        nan = np.isnan(arr.ravel())
        if (whole | nan).all():
            return np.where(nan, np.uint32(_BFLOAT16_NAN), bits >> 16)
    narrow: np.ndarray = format_values(arr, f).ravel().astype(f.dtype)  # raises for a value not of f
    if f.name == "bfloat16":
        return narrow.view(np.uint32) >> 16
    return narrow.view(np.uint16)


@dataclass(frozen=True)
class Table:
    """One function's values at every pattern: ``values`` (the format's dtype),
    ``fallback`` and ``undefined`` (bool) and ``residual`` (float64, or None)."""

    values: np.ndarray
    fallback: np.ndarray
    undefined: np.ndarray
    residual: np.ndarray | None


def _loop_points(
    compute: Compute, function: str, x: np.ndarray, f: Format, mode: str, residual: bool
) -> list[int]:
    """The indices of ``x`` whose values the arb loop gives: halve while a half has one."""
    if len(x) == 1:
        return [0]
    half = len(x) // 2
    found = []
    for start, part in ((0, x[:half]), (half, x[half:])):
        if compute(function, part, f, mode, residual).fallback:
            found += [start + i for i in _loop_points(compute, function, part, f, mode, residual)]
    return found


def _build(compute: Compute, function: str, f: Format, mode: str, residual: bool) -> Table | None:
    x = patterns(f)
    values: np.ndarray = np.empty(x.shape, dtype=f.dtype)
    fallback = np.zeros(x.shape, dtype=bool)
    res = np.empty(x.shape) if residual else None
    undefined_count = 0
    for start in range(0, len(x), BLOCK):
        part = x[start : start + BLOCK]
        with np.errstate(invalid="ignore"):  # the signalling NaNs among the patterns
            r = compute(function, part, f, mode, residual)
        values[start : start + BLOCK] = r.values
        undefined_count += r.undefined
        if res is not None:
            res[start : start + BLOCK] = r.residual
        if r.fallback:
            for i in _loop_points(compute, function, part, f, mode, residual):
                fallback[start + i] = True
    with np.errstate(invalid="ignore"):
        undefined = np.isnan(values) & ~np.isnan(x)
    if int(undefined.sum()) != undefined_count:  # NaN for another reason: no table
        return None
    return Table(values, fallback, undefined, res)


_LOCK = threading.Lock()
_TABLES: dict[tuple[str, str, str, bool], Table | None] = {}


def table(compute: Compute, function: str, f: Format, mode: str, residual: bool) -> Table | None:
    """The table of ``function`` in ``f`` under ``mode`` (built by ``compute`` on first
    use), or None where one cannot be kept."""
    key = (function, f.name, mode, residual)
    with _LOCK:
        if key in _TABLES:
            _TABLES[key] = _TABLES.pop(key)  # most recently used last
            return _TABLES[key]
    built = _build(compute, function, f, mode, residual)
    with _LOCK:
        _TABLES[key] = built
        while len(_TABLES) > TABLES:
            _TABLES.pop(next(iter(_TABLES)))
    return built


def cached() -> list[tuple[str, str, str, bool]]:
    """The keys ``(function, format, mode, residual)`` of the tables kept, oldest first."""
    with _LOCK:
        return list(_TABLES)


def lookup(
    compute: Compute, function: str, x: Any, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, int, int, np.ndarray | None] | None:
    """``(values, fallback, undefined, residual)`` of ``function`` at the values ``x`` of
    ``f`` read from its table, in ``x``'s shape, or None for the usual path (another
    format, fewer than :data:`TABLE_MIN` inputs, no table). A value not of ``f`` raises
    :class:`~tanhproof.numeric.FormatError`, before any table is built."""
    shape = np.shape(x)
    if f.width != 16 or math.prod(shape) < TABLE_MIN:
        return None
    i = _index(x, f)
    t = table(compute, function, f, mode, residual)
    if t is None:
        return None
    res = None if t.residual is None else t.residual[i].reshape(shape)
    return t.values[i].reshape(shape), int(t.fallback[i].sum()), int(t.undefined[i].sum()), res
