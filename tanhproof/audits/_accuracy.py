"""Accuracy statistics of a float implementation: ULP errors, tallied per shard.

:func:`measure` compares what an implementation returned with the correctly rounded
reference (:func:`tanhproof.numeric._bulk.reference` with ``residual=True``) over one shard of
inputs and returns a :class:`Tally`; tallies merge associatively (``a + b``), so shards
can run in any order, in any process, and be combined; :meth:`Tally.report` gives the
finished, immutable summary that :func:`tanhproof.audit` returns
(:class:`~tanhproof.AccuracyReport`, in :mod:`tanhproof.audits._accuracyreport`).

Explanation
===========

**ULP error.** ``|got - f(x)| / ulp``, where ``ulp`` is the spacing of the format in
the binade of the exact value ``f(x)`` (subnormal spacing below the normal range), as
:func:`tanhproof.numeric._ulps.ulp_error` defines it for one point. The exact value is never
a float computation of ``f``: it is the correctly rounded reference plus its residual
``f(x) - reference``, which the bulk reference computes from a rigorous enclosure to
about ``2**-20`` ULP. So a correctly rounded result has an error of at most 1/2, and
the error is measured, not estimated, to about six digits.

**Categories.** Inputs are split into normal numbers (the headline statistics),
subnormals, zeros, infinities and NaNs; the last four are reported apart. For every
category a result is *correctly rounded* when it equals the reference bit for bit
(the sign of a zero included; any NaN matches NaN). Inputs outside the reference's
domain (``log(-1)``) are counted as ``undefined`` and not measured.

**Mean.** ``mean_ulp`` is the mean of the finite errors (the histogram's ``inf`` bin
counts the others; with no finite error at all it is infinite).

**Other counts.** ``zero_where_nonzero``: the result is 0 where the correctly rounded
value is not (the true value is representably nonzero: the tanh gradient 1 - y^2 at
|x| > 9.0109 in binary32); ``wrong_sign``: result and reference are nonzero with
opposite signs. A NaN or infinite result where the reference is finite has an
infinite error, and so does a finite result where the correctly rounded value
overflowed to infinity (its distance from the exact value is not computed).

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._bulk import reference
>>> x = np.array([0.5, 1.0, 10.0, -0.0], dtype=np.float32)
>>> ref = reference("tanh'", x, "binary32", residual=True)
>>> got = (1 - np.tanh(x) ** 2).astype(np.float64)     # the framework rule, 1 - y^2
>>> report = measure(x, got, ref, "binary32").report(target="1 - y^2", reference="tanh'")
>>> report.points, report.zero_where_nonzero, report.first_zero_where_nonzero
(4, 1, 10.0)
>>> report.worst.x, report.worst.got
(10.0, 0.0)
>>> report.max_ulp > 1e6
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tanhproof.audits._accuracyreport import AccuracyReport, Point
from tanhproof.numeric._formats import Format, get_format
from tanhproof.numeric._ulps import ulp_array

__all__ = ["CATEGORIES", "HISTOGRAM_LABELS", "Tally", "measure", "ulp_errors"]

#: Input categories; the first is the headline one, the rest are reported apart.
CATEGORIES: tuple[str, ...] = ("normal", "subnormal", "zero", "infinity", "nan")


def _power_label(k: int) -> str:
    return str(2**k) if k <= 10 else f"2^{k}"


#: Histogram bins of the ULP error: [0, 1/2], (1/2, 1], (1, 2], ..., (2^29, 2^30],
#: beyond 2^30, and infinite (a NaN or infinity where the value is finite).
HISTOGRAM_LABELS: tuple[str, ...] = (
    "<=0.5",
    *(f"<={_power_label(k)}" for k in range(31)),
    ">2^30",
    "inf",
)
_NBINS = len(HISTOGRAM_LABELS)
# Plot profile: the largest error in each bin of x by its float64 sign, exponent and top
# two fraction bits (2**14 bins over the whole line).
_PROFILE_SHIFT = 50
_PROFILE_BINS = 1 << 14


def _better(a: Point | None, b: Point | None) -> Point | None:
    """The worse of two points (larger error; ties: smaller |x|, then smaller x), so the
    choice does not depend on the order in which shards are merged."""
    if a is None or b is None:
        return a or b
    ka = (_key(a.ulp), -abs(a.x), -a.x)
    kb = (_key(b.ulp), -abs(b.x), -b.x)
    return a if ka >= kb else b


def _key(v: float) -> float:
    return math.inf if math.isnan(v) else v


def ulp_errors(got: np.ndarray, ref: np.ndarray, residual: np.ndarray, fmt: str | Format) -> np.ndarray:
    """The ULP error of every result ``got`` given the correctly rounded ``ref`` and
    ``residual = (f(x) - ref) / ulp(ref)`` (float64 arrays, the residual as
    :attr:`tanhproof.numeric._bulk.BulkResult.residual` gives it); see the module docstring.

    Examples
    ========

    >>> import numpy as np
    >>> # f(x) = 1 - 2**-26 lies in the binade below 1, where the spacing is 2**-24
    >>> ulp_errors(np.array([1.0, 1.0]), np.array([1.0, 1.0 - 2**-24]), np.array([-0.125, 0.0]), "binary32")
    array([0.25, 1.  ])
    """
    f = get_format(fmt)
    ref32 = None
    if f.width <= 32:  # the format's values are float32 values: read their bits once
        native = np.asarray(ref)
        ref32 = (
            native if native.dtype == np.float32 else np.asarray(native, dtype=np.float64).astype(np.float32)
        )
    got, ref, residual = (np.asarray(v, dtype=np.float64) for v in (got, ref, residual))
    with np.errstate(invalid="ignore", over="ignore"):
        spacing = ulp_array(ref if ref32 is None else ref32, f)
        err = np.abs((got - ref) / spacing - residual)
        # At a power of two, an exact value of smaller magnitude lies in the binade below,
        # whose spacing is half as large.
        if ref32 is not None:
            power = (ref32.view(np.uint32) & np.uint32(0x007FFFFF)) == 0
        else:
            power = np.abs(np.frexp(ref)[0]) == 0.5
        below = np.flatnonzero(
            power
            & (residual != 0)
            & (np.signbit(residual) != np.signbit(ref))
            & (np.abs(ref) > float(f.min_normal))
        )
        if below.size:
            err[below] *= 2
        odd = np.flatnonzero(~np.isfinite(err))
        if odd.size:
            g, r = got[odd], ref[odd]
            # Infinite where the result is NaN or infinite and the value finite (or a finite
            # result where the value overflowed); an overflow matched exactly counts 1/2.
            err[odd] = np.where(np.isinf(r) & (g == r), 0.5, np.inf)
    return err


def _histogram(err: np.ndarray) -> np.ndarray:
    big = err[err > 0.5]  # usually few: most results are correctly rounded
    out = np.zeros(_NBINS, dtype=np.int64)
    out[0] = err.size - big.size
    if big.size:
        out += _bins(big)
    return out


def _bins(err: np.ndarray) -> np.ndarray:
    mant, exp = np.frexp(err)
    j = exp - (mant == 0.5)  # err in (2**(j-1), 2**j]
    k = np.clip(j + 1, 0, _NBINS - 2)  # bin 0: <= 1/2; bin k: (2**(k-2), 2**(k-1)]
    k = np.where(err == 0, 0, k)
    k = np.where(np.isinf(err), _NBINS - 1, k)
    return np.bincount(k.astype(np.intp), minlength=_NBINS).astype(np.int64)


@dataclass
class Tally:
    """The mergeable statistics of one shard (or of several, after ``+``).

    Everything is a count, a sum, a maximum or a first-by-|x|, so ``+`` is associative
    and commutative up to the rounding of the float sum of errors.
    """

    points: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    measured: int = 0
    finite: int = 0
    sum_ulp: float = 0.0
    worst: Point | None = None
    histogram: np.ndarray = field(default_factory=lambda: np.zeros(_NBINS, dtype=np.int64))
    not_correctly_rounded: int = 0
    zero_where_nonzero: int = 0
    first_zero_where_nonzero: float | None = None
    wrong_sign: int = 0
    slow_path: int = 0
    undefined: int = 0
    failed: int = 0
    mismatches: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES[1:], 0))
    special_worst: dict[str, Point | None] = field(default_factory=lambda: dict.fromkeys(CATEGORIES[1:]))
    examples: dict[str, tuple[Point, ...]] = field(default_factory=dict)
    profile: np.ndarray = field(default_factory=lambda: np.full(_PROFILE_BINS, -1.0))
    shards: int = 0

    def __add__(self, other: Tally) -> Tally:
        first = [v for v in (self.first_zero_where_nonzero, other.first_zero_where_nonzero) if v is not None]
        examples = {}
        for cat in set(self.examples) | set(other.examples):
            both = sorted(self.examples.get(cat, ()) + other.examples.get(cat, ()), key=_example_key)
            examples[cat] = tuple(both[:3])
        return Tally(
            points=self.points + other.points,
            counts={c: self.counts[c] + other.counts[c] for c in CATEGORIES},
            measured=self.measured + other.measured,
            finite=self.finite + other.finite,
            sum_ulp=self.sum_ulp + other.sum_ulp,
            worst=_better(self.worst, other.worst),
            histogram=self.histogram + other.histogram,
            not_correctly_rounded=self.not_correctly_rounded + other.not_correctly_rounded,
            zero_where_nonzero=self.zero_where_nonzero + other.zero_where_nonzero,
            first_zero_where_nonzero=min(first, key=lambda v: (abs(v), v)) if first else None,
            wrong_sign=self.wrong_sign + other.wrong_sign,
            slow_path=self.slow_path + other.slow_path,
            undefined=self.undefined + other.undefined,
            failed=self.failed + other.failed,
            mismatches={c: self.mismatches[c] + other.mismatches[c] for c in self.mismatches},
            special_worst={
                c: _better(self.special_worst[c], other.special_worst[c]) for c in self.special_worst
            },
            examples=examples,
            profile=np.maximum(self.profile, other.profile),
            shards=self.shards + other.shards,
        )

    def report(self, **info: Any) -> AccuracyReport:
        """The finished :class:`AccuracyReport`; ``info`` fills its descriptive fields
        (``target``, ``reference``, ``fmt``, ``inputs``, ``max_ulp_limit``, ``partial``,
        ``elapsed``, ``processes``, ``shards_total``)."""
        specials = {}
        for cat in CATEGORIES[1:]:
            worst = self.special_worst[cat]
            specials[cat] = {
                "points": self.counts[cat],
                "mismatches": self.mismatches[cat],
                "max_ulp": worst.ulp if worst is not None else 0.0,
                "examples": [p.to_dict() for p in self.examples.get(cat, ())],
            }
        limit = info.pop("max_ulp_limit", None)
        worst_ulp = self.worst.ulp if self.worst is not None else 0.0
        return AccuracyReport(
            points=self.points,
            max_ulp=_key(worst_ulp),
            worst=self.worst,
            mean_ulp=(self.sum_ulp / self.finite if self.finite else math.inf) if self.measured else 0.0,
            histogram={label: int(n) for label, n in zip(HISTOGRAM_LABELS, self.histogram, strict=True) if n},
            not_correctly_rounded=self.not_correctly_rounded,
            zero_where_nonzero=self.zero_where_nonzero,
            first_zero_where_nonzero=self.first_zero_where_nonzero,
            wrong_sign=self.wrong_sign,
            slow_path=self.slow_path,
            undefined=self.undefined,
            specials=specials,
            failed=self.failed if limit is not None else None,
            max_ulp_limit=limit,
            profile=_profile_points(self.profile),
            shards_done=self.shards,
            **info,
        )


def _example_key(p: Point) -> tuple:
    return (abs(p.x) if not math.isnan(p.x) else math.inf, p.x if not math.isnan(p.x) else 0.0)


def _profile_points(profile: np.ndarray) -> tuple[tuple[float, float], ...]:
    idx = np.flatnonzero(profile >= 0)
    # The middle of each bin: its sign/exponent/top bits, then a one just below them.
    bits = (idx.astype(np.uint64) << np.uint64(_PROFILE_SHIFT)) | np.uint64(1 << (_PROFILE_SHIFT - 1))
    xs = bits.view(np.float64)
    keep = np.isfinite(xs)
    return tuple(zip(xs[keep].tolist(), profile[idx][keep].tolist(), strict=True))


def _category(x: np.ndarray, f: Format) -> np.ndarray:
    """0..4 as in :data:`CATEGORIES`."""
    ax = np.abs(x)
    if x.size and float(f.min_normal) <= ax.min() and ax.max() < np.inf:  # all normal (NaN fails)
        return np.zeros(x.shape, dtype=np.int8)
    cat = np.zeros(x.shape, dtype=np.int8)
    cat[ax < float(f.min_normal)] = 1
    cat[x == 0] = 2
    cat[np.isinf(x)] = 3
    cat[np.isnan(x)] = 4
    return cat


def _first(xs: np.ndarray) -> float:
    """The element of smallest magnitude (the negative one on a tie)."""
    i = np.lexsort((xs, np.abs(xs)))[0]
    return float(xs[i])


def _point(x: np.ndarray, got: np.ndarray, ref: np.ndarray, err: np.ndarray, i: int) -> Point:
    return Point(float(x[i]), float(got[i]), float(ref[i]), float(err[i]))


def measure(x: Any, got: Any, reference: Any, fmt: str | Format, max_ulp: float | None = None) -> Tally:
    """Compare results ``got`` at inputs ``x`` with a correctly rounded
    :class:`~tanhproof.numeric._bulk.BulkResult` (computed with ``residual=True``) and tally them.

    ``max_ulp``, if given, makes :attr:`Tally.failed` count the points beyond it (and
    every special input whose result is not the reference bit for bit).
    """
    f = get_format(fmt)
    x = np.asarray(x, dtype=np.float64).ravel()
    got = np.asarray(got, dtype=np.float64).ravel()
    ref_native = np.asarray(reference.values).ravel()
    ref = np.asarray(ref_native, dtype=np.float64)
    if reference.residual is None:
        raise ValueError("measure needs the reference's residuals: bulk.reference(..., residual=True)")
    residual = np.asarray(reference.residual, dtype=np.float64).ravel()
    t = Tally(
        points=int(x.size), slow_path=int(reference.fallback), undefined=int(reference.undefined), shards=1
    )
    cat = _category(x, f)
    counts = np.bincount(cat, minlength=len(CATEGORIES))
    t.counts = {c: int(n) for c, n in zip(CATEGORIES, counts, strict=True)}
    match = got.view(np.uint64) == ref.view(np.uint64)  # bit for bit (NaNs are settled below)
    err = ulp_errors(got, ref_native, residual, f)
    defined = None
    nan_ref = np.flatnonzero(np.isnan(ref))
    if nan_ref.size:
        both = np.isnan(got[nan_ref])
        match[nan_ref] = both
        err[nan_ref] = np.where(both, 0.0, np.inf)
        defined = ~(np.isnan(ref) & np.isfinite(x))  # NaN reference at a finite input: outside the domain
    # Headline statistics: normal inputs inside the domain.
    headline = cat == 0 if defined is None else (cat == 0) & defined
    whole = bool(counts[0] == x.size) and defined is None
    chosen = None if whole else np.flatnonzero(headline)  # None: every input
    if chosen is None or chosen.size:
        rows = slice(None) if chosen is None else chosen
        e, g, r, xs, m = err[rows], got[rows], ref[rows], x[rows], match[rows]
        t.measured = int(e.size)
        total = float(e.sum())
        if np.isfinite(total):
            t.sum_ulp, t.finite = total, int(e.size)
        else:
            finite = np.isfinite(e)
            t.sum_ulp, t.finite = float(e[finite].sum()), int(np.count_nonzero(finite))
        t.histogram = _histogram(e)
        wrong = np.flatnonzero(~m)
        t.not_correctly_rounded = int(wrong.size)
        if wrong.size:
            gw, rw = g[wrong], r[wrong]
            zero = (gw == 0) & (rw != 0) & ~np.isnan(rw)
            t.zero_where_nonzero = int(np.count_nonzero(zero))
            if t.zero_where_nonzero:
                t.first_zero_where_nonzero = _first(xs[wrong][zero])
            t.wrong_sign = int(
                np.count_nonzero(
                    (gw != 0) & (rw != 0) & (np.signbit(gw) != np.signbit(rw)) & ~np.isnan(gw) & ~np.isnan(rw)
                )
            )
        top = np.flatnonzero(e == e.max())
        # Ties: the smallest |x| (then the smaller x), as Tally.__add__ does.
        j = int(top[np.lexsort((xs[top], np.abs(xs[top])))[0]])
        t.worst = Point(float(xs[j]), float(g[j]), float(r[j]), float(e[j]))
        # Plot profile: bins holding only correctly rounded results are drawn at 1/2.
        bins = (xs.view(np.uint64) >> np.uint64(_PROFILE_SHIFT)).astype(np.intp)
        present = np.bincount(bins, minlength=_PROFILE_BINS) > 0
        t.profile[present] = 0.5
        if wrong.size:
            np.maximum.at(t.profile, bins[wrong], np.where(np.isinf(e[wrong]), 1e300, e[wrong]))
        if max_ulp is not None:
            t.failed += int(np.count_nonzero(e > max_ulp))
    for k, name in enumerate(CATEGORIES[1:], start=1):
        if not counts[k]:
            continue
        sel = np.flatnonzero(cat == k if defined is None else (cat == k) & defined)
        if not sel.size:
            continue
        bad = sel[~match[sel]]
        t.mismatches[name] = int(bad.size)
        if name == "subnormal":
            e = err[sel]
            top = sel[e == e.max()]
            i = int(top[np.lexsort((x[top], np.abs(x[top])))[0]])  # ties as Tally.__add__
            t.special_worst[name] = _point(x, got, ref, err, i)
            if max_ulp is not None:
                t.failed += int(np.count_nonzero(e > max_ulp))
        elif max_ulp is not None:
            t.failed += int(bad.size)
        if bad.size:
            first = bad[np.lexsort((np.nan_to_num(x[bad]), np.abs(np.nan_to_num(x[bad], nan=np.inf))))[:3]]
            pts = [_point(x, got, ref, err, int(i)) for i in first.tolist()]
            t.examples[name] = tuple(sorted(pts, key=_example_key))
    return t
