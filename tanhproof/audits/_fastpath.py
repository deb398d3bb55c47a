"""The optional compiled fast path of a binary32 audit block: reference and statistics in one pass.

With numba installed (the ``fast`` extra: ``pip install "tanhproof[fast]"``), an audit
of ``tanh``, ``tanh'``, ``exp`` or ``log`` in binary32 (round to nearest, the audit's
mode) measures each block of :func:`tanhproof.audits._shardwork.run_shard` with
:func:`block_tally`: one compiled loop over runs of a few hundred inputs. For each run
it computes the kernel's ``(c, d)`` in vectorized loops
(:func:`tanhproof.numeric._kernelsvec.cd_run`, bit for bit the kernels of
:mod:`tanhproof.numeric._kernelsjit`), then, in one more vectorized loop
(:func:`tanhproof.audits._fastrun._classify`), decides the correctly rounded value as
:func:`tanhproof.numeric._bulk._fast` does (both ends of the enclosure rounded, decided
where they agree, the residual) and the ULP error as
:func:`~tanhproof.audits._accuracy.ulp_errors` computes it. A run whose inputs are all
in one profile bin, each either correctly rounded or a plain value within 2 ULP, is
tallied from the classification's counts (:func:`_tally_row`); the worst point is looked
for only in a run whose largest error could be it. Any other run goes one input at a
time through :func:`_tally_rare` and :func:`_account`, which tally as
:func:`tanhproof.audits._accuracy.measure` does (the histogram, the worst point, not
correctly rounded, zero where nonzero, wrong sign, the profile, ``failed``).

Explanation
===========

The loop measures only normal inputs inside the domain that the kernel decides, and
counts ``log`` of a negative normal ``x`` as outside the domain; it hands every other
input (subnormals, zeros, infinities, NaN, the rare undecided ones) back, and those go through the numpy path (the bulk reference with its
Ziv loop, then ``measure``); the two :class:`~tanhproof.audits._accuracy.Tally` objects
are added. The result is the numpy path's tally for the block: the same counts, points
and bins, and the same ``sum_ulp`` up to the order of the float sum (compensated here,
pairwise in numpy). ``tests/audits/test_fastpath.py`` checks that on many blocks.

For a mirrored block of an odd or even function (``x`` and ``-x``, see
:func:`tanhproof.audits._shardwork._reference`), the kernel runs at ``x`` only and the value at
``-x`` is its mirror, as in the numpy path.

The fast path is used when numba is importable and the environment variable
``TANHPROOF_NUMBA`` is not ``0`` (set ``TANHPROOF_NUMBA=0`` to audit with the numpy path
only; :data:`ENABLED` is the same switch for a running process).

Examples
========

>>> usable("tanh", "binary32") in (True, False), usable("sinh", "binary32"), usable("tanh", "binary16")
(True, False, False)
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from tanhproof.audits import _fastrun as fr
from tanhproof.audits._accuracy import _NBINS, _PROFILE_BINS, _PROFILE_SHIFT, CATEGORIES, Tally
from tanhproof.audits._accuracyreport import Point
from tanhproof.numeric import _kernelsjit as kj
from tanhproof.numeric import _kernelsvec as kv
from tanhproof.numeric._formats import Format, get_format
from tanhproof.numeric._jit import jit, stamp

__all__ = ["ENABLED", "applies", "block_tally", "usable"]

#: Whether audits may use the compiled fast path (with numba installed); the environment
#: variable ``TANHPROOF_NUMBA=0`` sets it False at import.
ENABLED: bool = os.environ.get("TANHPROOF_NUMBA", "1") != "0"

_MIN_NORMAL, _FRACTION = fr._MIN_NORMAL, fr._FRACTION  # binary32's least normal; a double's fraction bits
# ints: measured, finite, not correctly rounded, zero where nonzero, wrong sign, failed, undefined (normal inputs outside the domain)
# floats: sum, its compensation, worst error, worst x, worst got, worst ref, first zero-where-nonzero x
_NI, _NF = 7, 7


def usable(reference: str, fmt: str | Format) -> bool:
    """Whether the fast path measures blocks of this reference and format (numba
    installed, :data:`ENABLED`, ``reference`` one of tanh, tanh', exp, log, ``fmt`` binary32).

    Examples
    ========

    >>> usable("log'", "binary32")
    False
    """
    return applies(reference, fmt) and _working()


def applies(reference: str, fmt: str | Format) -> bool:
    """:func:`usable` without building the loop: whether an audit would use it, if it builds."""
    return ENABLED and reference in kj.KINDS and get_format(fmt).name == "binary32" and kj.available()


@functools.cache
def _working() -> bool:
    """Whether the compiled loop builds and runs here (once per process): a numba that
    refuses an option the loop uses (``_nrt``, a private one) or fails to compile leaves
    the audit on the numpy path, with a warning, instead of failing it."""
    import warnings

    x = np.array([1.0], dtype=np.float32)
    try:
        block_tally("tanh", None, lambda *args: Tally(), x, np.tanh(x), x[:0], x[:0], 0.0)
    except Exception as error:  # noqa: BLE001 - any failure of the optional compiled path
        warnings.warn(
            f"the compiled audit loop (numba) failed, the numpy path runs: {type(error).__name__}: {error}",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    return True


def _account(
    x: float, g: float, r: float, res: float, max_ulp: float, ints: Any, fl: Any, hist: Any, prof: Any
) -> None:
    """One decided input into the statistics, as :func:`~tanhproof.audits._accuracy.measure`."""
    if math.isinf(r):
        err = 0.5 if g == r else math.inf
    else:
        rb = kj.bits64(r)
        err = abs((g - r) * kj.per_ulp32(r) - res)  # = (g - r) / ulp, exactly
        # ref a power of two, the exact value below it: the binade below has half the spacing
        if res != 0 and (res < 0) != (rb < 0) and abs(r) > _MIN_NORMAL and (rb & _FRACTION) == 0:
            err *= 2
        if not math.isfinite(err):
            err = math.inf
    match = g == r and (kj.bits64(g) < 0) == (kj.bits64(r) < 0)
    ints[0] += 1
    if err != math.inf:
        ints[1] += 1
        s = fl[0] + err  # Neumaier's compensated sum
        if abs(fl[0]) >= err:
            fl[1] += (fl[0] - s) + err
        else:
            fl[1] += (err - s) + fl[0]
        fl[0] = s
    if err > 0.5:
        if err == math.inf:
            b = _NBINS - 1
        else:
            eb = kj.bits64(err)
            j = ((eb >> 52) & 0x7FF) - 1022 - (1 if (eb & 0xFFFFFFFFFFFFF) == 0 else 0)
            b = min(max(j + 1, 0), _NBINS - 2)
        hist[b] += 1
    else:
        hist[0] += 1
    if err > max_ulp:
        ints[5] += 1
    p = kj.bits64(x) >> _PROFILE_SHIFT
    p = p & (_PROFILE_BINS - 1)  # x >= 0 gives p itself; the sign bit is bit 13 of the bin
    if prof[p] < 0.5:
        prof[p] = 0.5
    if not match:
        ints[2] += 1
        if g == 0 and r != 0:
            ints[3] += 1
            z = fl[6]
            if math.isnan(z) or abs(x) < abs(z) or (abs(x) == abs(z) and x < z):
                fl[6] = x
        elif g != 0 and r != 0 and not math.isnan(g) and (kj.bits64(g) < 0) != (kj.bits64(r) < 0):
            ints[4] += 1
        v = 1e300 if err == math.inf else err
        if v > prof[p]:
            prof[p] = v
    w = fl[2]
    if err > w or (err == w and (abs(x) < abs(fl[3]) or (abs(x) == abs(fl[3]) and x < fl[3]))):
        fl[2], fl[3], fl[4], fl[5] = err, x, g, r


def _bin(err: float) -> int:
    """The histogram's bin of an error > 1/2, as :func:`_account`."""
    eb = kj.bits64(err)
    j = ((eb >> 52) & 0x7FF) - 1022 - (1 if (eb & _FRACTION) == 0 else 0)
    return min(max(j + 1, 0), _NBINS - 2)


def _tally_rare(
    row: int, xs: Any, gs: Any, start: int, m: int, c: Any, d: Any, sv: float, max_ulp: float,
    e: Any, code: Any, pb: Any, ints: Any, fl: Any, hist: Any, prof: Any, back: Any, nb: int,
    offset: int, record: bool,
) -> int:  # fmt: skip
    """:func:`_tally_row`'s counts and profile one input at a time (a run with inputs of
    other codes than 0, or several bins)."""
    n0 = n1 = 0
    last = -1
    for j in range(m):
        k = code[row, j]
        p = pb[row, j]
        if k == 0:  # the profile's floor: 1/2 in the bin of every input measured
            n0 += 1
            if p != last:
                last = p
                if prof[p] < 0.5:
                    prof[p] = 0.5
        elif k == 1:  # not correctly rounded, nothing else to record: as _account
            n1 += 1
            err = e[row, j]
            hist[_bin(err) if err > 0.5 else 0] += 1
            if err > max_ulp:
                ints[5] += 1
            prof[p] = max(prof[p], max(err, 0.5))
        elif k == 2:
            x, g = np.float64(xs[start + j]), np.float64(gs[start + j])
            r, res, _ = kj.decide_cd(c[j], d[j])
            _account(x, g, sv * r, sv * res, max_ulp, ints, fl, hist, prof)
        elif k == 3:
            if record:
                back[nb] = offset + start + j
                nb += 1
        else:  # outside the domain: counted, not measured (as measure())
            ints[6] += 1
    ints[0] += n0 + n1
    ints[1] += n0 + n1
    ints[2] += n1
    hist[0] += n0
    return nb


def _tally_row(
    row: int, xs: Any, gs: Any, start: int, m: int, c: Any, d: Any, sv: float, max_ulp: float,
    e: Any, code: Any, pb: Any, info: Any, ints: Any, fl: Any, hist: Any, prof: Any, back: Any,
    nb: int, offset: int, record: bool,
) -> int:  # fmt: skip
    """Row ``row`` of a classified run (inputs ``xs[start:start + m]``, values ``sv`` times
    the kernel's) into the statistics; the handed-back ones into ``back`` (as ``offset +
    index``) when ``record``. Returns the new count of ``back``."""
    s = fr._sum(e[row], m)
    t = fl[0] + s  # Neumaier's compensated sum, as _account
    if abs(fl[0]) >= s:
        fl[1] += (fl[0] - t) + s
    else:
        fl[1] += (s - t) + fl[0]
    fl[0] = t
    other, n1, bin1, bin2, fail = info[row, 0], info[row, 1], info[row, 2], info[row, 3], info[row, 4]
    top, hot, lo, hi, undefined = info[row, 5], info[row, 6], info[row, 7], info[row, 8], info[row, 9]
    measured = m - undefined
    if other == 0 and (lo == hi or measured == 0) and bin1 + bin2 == n1:
        # one profile bin, every error in histogram bins 0 to 2: no loop over the inputs
        if measured:
            prof[lo] = max(prof[lo], max(0.5, kj.from_bits64(top)))
        ints[0] += measured
        ints[1] += measured
        ints[2] += n1
        ints[5] += fail
        ints[6] += undefined
        hist[0] += measured - n1
        hist[1] += bin1
        hist[2] += bin2
    else:
        nb = _tally_rare(row, xs, gs, start, m, c, d, sv, max_ulp, e, code, pb, ints, fl, hist, prof, back, nb, offset, record)  # fmt: skip
    if hot:  # the worst point may be here: the run's worst by the exact rule of _account
        top_err = fr._max_error(e[row], code[row], m)
        bj, bx = -1, math.inf
        for j in range(m):  # the least |x| (then x) among the run's inputs of that error
            if code[row, j] <= 1 and e[row, j] == top_err:
                x = np.float64(xs[start + j])
                if abs(x) < abs(bx) or (abs(x) == abs(bx) and x < bx):
                    bj, bx = j, x
        w, wx = fl[2], fl[3]
        if bj >= 0 and (
            top_err > w or (top_err == w and (abs(bx) < abs(wx) or (abs(bx) == abs(wx) and bx < wx)))
        ):
            r = sv * kj.decide_cd(c[bj], d[bj])[0]
            fl[2], fl[3], fl[4], fl[5] = top_err, bx, np.float64(gs[start + bj]), r
    return nb


def _block(
    kind: int, x1: Any, g1: Any, x2: Any, g2: Any, sign: float, k: Any, max_ulp: float,
    ints: Any, fl: Any, hist: Any, prof: Any, back: Any, cd: Any, f: Any, ki: Any, code: Any,
    pb: Any, info: Any,
) -> int:  # fmt: skip
    """The loop: ``x2`` is ``-x1`` with the mirrored value (``sign`` = -1 odd, 1 even), or
    (``sign`` = 0) other inputs of its own. Returns how many indices it put in ``back``:
    into ``x1`` when mirrored, else into ``x1`` followed by ``x2``. Runs of
    :data:`~tanhproof.numeric._kernelsvec.RUN` inputs: the kernel's ``(c, d)`` of the run
    (:func:`~tanhproof.numeric._kernelsvec.cd_run`), the decisions and errors
    (:func:`tanhproof.audits._fastrun._classify`, once per row when mirrored), then the statistics; the
    last ``size % RUN`` inputs of each half are handed back."""
    nb = 0
    full = x1.size - x1.size % kv.RUN
    for start in range(0, full, kv.RUN):
        nb = _run(kind, x1, g1, x2, g2, start, sign, k, max_ulp, ints, fl, hist, prof, back, cd, f, ki, code, pb, info, nb, 0)  # fmt: skip
    for j in range(full, x1.size):  # the last few: handed back
        back[nb] = j
        nb += 1
    if sign == 0:
        full = x2.size - x2.size % kv.RUN
        for start in range(0, full, kv.RUN):
            nb = _run(kind, x2, g2, x2, g2, start, 0.0, k, max_ulp, ints, fl, hist, prof, back, cd, f, ki, code, pb, info, nb, x1.size)  # fmt: skip
        for j in range(full, x2.size):
            back[nb] = x1.size + j
            nb += 1
    return nb


def _run(
    kind: int, x1: Any, g1: Any, x2: Any, g2: Any, start: int, sign: float, k: Any,
    max_ulp: float, ints: Any, fl: Any, hist: Any, prof: Any, back: Any, cd: Any, f: Any,
    ki: Any, code: Any, pb: Any, info: Any, nb: int, offset: int,
) -> int:  # fmt: skip
    """One run of :func:`_block` (``x1[start:start + m]``, and its mirror ``x2`` when
    ``sign`` is not 0); returns the new count of ``back``. Shortcuts, each giving the
    same tally: log of negative numbers only is counted without a kernel; a run beyond
    the kernel's clamp takes one kernel value and one decision for all
    (:func:`~tanhproof.audits._fastrun.flat_run`); a run of tiny inputs, where the
    correctly rounded value is the kernel's ``c`` by proof, is classified without the
    decision (:func:`~tanhproof.audits._fastrun.known_run`), and with only the errors and
    the profile where the target has ``c`` everywhere
    (:func:`~tanhproof.audits._fastrun._classify_exact`); a mirror image copies its rows. Every
    run has :data:`~tanhproof.numeric._kernelsvec.RUN` inputs (a constant trip count lets
    LLVM drop the loops' remainder code; a block's last few inputs are handed back)."""
    m = kv.RUN
    if fr.undefined_run(kind, x1, start, m):
        ints[6] += m
        return nb
    c, d, e = cd[0], cd[1], f[:2]
    twin = sign != 0 and fr._mirrors(g1, g2, start, m, sign)  # row 1 is row 0's mirror image
    thr, thr_x = fl[2], abs(fl[3])
    flat = fr.flat_run(kind, x1, g1, start, m) if sign == 0 or twin else 0
    if flat:
        kv.cd_run(kind, x1, start, 1, k, c, d, f, ki)
        fr._classify_flat(
            kind, x1, g1, start, m, c[0], d[0], max_ulp, e[0], code[0], pb[0], thr, thr_x, info[0], flat == 2
        )
        for j in range(1, m):  # the rare inputs (_account) read the kernel's value per input
            c[j], d[j] = c[0], d[0]
    else:
        kv.cd_run(kind, x1, start, m, k, c, d, f, ki)
        known = fr.known_run(kind, x1, start, m)  # the decision is c, by proof
        for row in range(1 if sign == 0 or twin else 2):  # row 1: the mirror image -x1, sign times the value
            xs, gs = (x1, g1) if row == 0 else (x2, g2)
            sv = 1.0 if row == 0 else sign
            if known:
                if not fr._classify_exact(xs, gs, start, m, c, d, sv, max_ulp, e[row], code[row], pb[row], thr, thr_x, info[row]):  # fmt: skip
                    fr._classify(kind, xs, gs, start, m, c, d, sv, max_ulp, e[row], code[row], pb[row], thr, thr_x, info[row], True)  # fmt: skip
            else:
                fr._classify(kind, xs, gs, start, m, c, d, sv, max_ulp, e[row], code[row], pb[row], thr, thr_x, info[row], False)  # fmt: skip
    if twin:
        fr._mirror_row(m, e, code, pb, info)
    nb = _tally_row(0, x1, g1, start, m, c, d, 1.0, max_ulp, e, code, pb, info, ints, fl, hist, prof, back, nb, offset, True)  # fmt: skip
    if sign != 0:
        _tally_row(1, x2, g2, start, m, c, d, sign, max_ulp, e, code, pb, info, ints, fl, hist, prof, back, nb, offset, False)  # fmt: skip
    return nb


@functools.cache
def _compiled() -> Callable[..., int]:
    """The compiled loop: :func:`_block` calls :func:`_run` (one compiled function each,
    every other function inlined into them), cached on disk by numba under a key of the
    sources of every module compiled into them (:func:`tanhproof.numeric._jit.stamp`)."""
    from tanhproof.numeric import _kernels, _logkernels

    g = globals()
    kj.compiled()  # the module's functions are compiled ones from now on
    kv.compiled()
    fr.compiled()
    key = stamp(_kernels, _logkernels, kj, kv, fr, sys.modules[__name__])
    for name in ("_account", "_bin", "_tally_row"):
        g[name] = jit(g[name], inline=True)
    for name in ("_tally_rare", "_run", "_block"):  # called: each compiled once, not copied
        g[name] = jit(g[name], key=key)
    return g["_block"]


def block_tally(
    reference: str,
    max_ulp: float | None,
    numpy_path: Callable[[np.ndarray, np.ndarray, bool], Tally],
    x1: np.ndarray,
    g1: np.ndarray,
    x2: np.ndarray,
    g2: np.ndarray,
    sign: float = 0.0,
) -> Tally:
    """The :class:`Tally` of one block (see the module docstring; :func:`usable` must hold):
    inputs ``x1`` then ``x2`` with the target's results ``g1``, ``g2``; ``sign`` -1 or 1
    when ``x2 = -x1`` and the reference is odd or even (0 otherwise).
    ``numpy_path(x, got, mirrored)`` measures the inputs handed back."""
    loop = _compiled()
    ints = np.zeros(_NI, dtype=np.int64)
    fl = np.array([0.0, 0.0, -1.0, 0.0, 0.0, 0.0, math.nan])
    hist = np.zeros(_NBINS, dtype=np.int64)
    prof = np.full(_PROFILE_BINS, -1.0)
    back = np.empty(x1.size + x2.size, dtype=np.int64)
    limit = math.inf if max_ulp is None else float(max_ulp)
    run = kv.RUN
    scratch = (
        np.empty((2, run)),
        np.empty((3, run)),
        np.empty(run, np.int64),
        np.empty((2, run), np.int8),
        np.empty((2, run), np.int64),
        np.empty((2, 10), np.int64),
    )
    args = (x1, g1, x2, g2, float(sign), _constants(), limit, ints, fl, hist, prof, back, *scratch)
    nb = loop(kj.KINDS[reference], *args)
    n, u = int(ints[0]), int(ints[6])  # measured; normal inputs outside the domain (log)
    t = Tally(points=n + u, undefined=u, shards=1)
    t.counts = {c: (n + u if c == "normal" else 0) for c in CATEGORIES}
    t.measured, t.finite = n, int(ints[1])
    t.sum_ulp = float(fl[0] + fl[1])
    t.histogram, t.profile = hist, prof
    t.not_correctly_rounded, t.zero_where_nonzero, t.wrong_sign = int(ints[2]), int(ints[3]), int(ints[4])
    t.first_zero_where_nonzero = None if math.isnan(fl[6]) else float(fl[6])
    t.failed = int(ints[5]) if max_ulp is not None else 0
    if n:
        t.worst = Point(float(fl[3]), float(fl[4]), float(fl[5]), float(fl[2]))
    if nb:
        idx = back[:nb]
        if sign != 0:
            rest = numpy_path(np.concatenate([x1[idx], x2[idx]]), np.concatenate([g1[idx], g2[idx]]), True)
        else:
            xs, gs = np.concatenate([x1, x2]), np.concatenate([g1, g2])
            rest = numpy_path(xs[idx], gs[idx], False)
        t = t + rest
        t.shards = 1
    return t


@functools.cache
def _constants() -> np.ndarray:
    return kj.constants()
