"""The vectorized part of the compiled audit loop: one run's rounding decisions, errors and codes.

:func:`tanhproof.audits._fastpath.block_tally` works on runs of
:data:`~tanhproof.numeric._kernelsvec.RUN` inputs. For each run, after the kernel's
``(c, d)`` (:func:`tanhproof.numeric._kernelsvec.cd_run`), :func:`_classify` decides the
correctly rounded value of every input as :func:`tanhproof.numeric._bulk._fast` does,
computes its error in ULPs as :func:`tanhproof.audits._accuracy.ulp_errors` does and
gives it a code (the target has the right value; another plain value; anything else;
undecided; outside the domain), with integer counts over the run that let the caller
tally a typical run without looking at its inputs one by one. Every loop here is written
without branches and without calls, so that LLVM vectorizes it (the ``fast`` extra,
numba); without numba the functions run as plain Python, with the same results.

``tests/audits/test_fastpath.py`` checks the whole loop against the numpy path.

Examples
========

>>> from tanhproof.numeric._kernelsjit import KINDS, constants, kernel
>>> c, d = (np.array([v]) for v in kernel(KINDS["exp"], 1.0, constants()))
>>> e, code, pb, info = np.zeros(1), np.zeros(1, np.int8), np.zeros(1, np.int64), np.zeros(10, np.int64)
>>> x, g = np.array([1.0], np.float32), np.array([2.7182817], np.float32)  # exp(1), correctly rounded
>>> _classify(KINDS["exp"], x, g, 0, 1, c, d, 1.0, math.inf, e, code, pb, -1.0, 0.0, info)
>>> int(code[0]), bool(0 < e[0] < 0.5)
(0, True)
"""

from __future__ import annotations

import functools
import math
import sys
from typing import Any

import numpy as np

from tanhproof.audits._accuracy import _PROFILE_BINS, _PROFILE_SHIFT
from tanhproof.numeric import _kernelsjit as kj
from tanhproof.numeric._jit import jit, stamp

__all__ = ["KNOWN", "compiled", "flat_run", "known_run", "undefined_run"]

_MIN_NORMAL = 2.0**-126
_MAX_FLOAT = float(np.finfo(np.float32).max)
_PER_MIN_SUBNORMAL = 2.0**149
_FRACTION = 0xFFFFFFFFFFFFF
_MAX_DOUBLE = 1.7976931348623157e308
_TINY = 2.0**-900


def _sum(e: Any, m: int) -> float:
    """The sum of ``e[:m]`` (finite, >= 0), compiled with ``reassoc``: vectorized."""
    s = 0.0
    for j in range(m):
        s += e[j]
    return s


def _max_error(e: Any, code: Any, m: int) -> float:
    """The largest error of ``e[:m]`` among the inputs of code 0 or 1 (-1 if none): a
    vectorized reduction (errors of those codes are finite)."""
    top = -1.0
    for j in range(m):
        top = max(top, e[j] if code[j] <= 1 else -1.0)
    return top


def _scale(r: float, res: float) -> float:
    """The factor of :func:`~tanhproof.audits._fastpath._account`'s error at the value ``r`` with residual ``res``: 2
    below a power of two whose exact value lies in the binade below, else 1 (the same for
    ``-r``, ``-res``: a mirrored value shares it)."""
    rb = kj.bits64(r)
    edge = (res != 0) & ((kj.bits64(res) ^ rb) < 0) & (abs(r) > _MIN_NORMAL) & ((rb & _FRACTION) == 0)
    return 2.0 if edge else 1.0


def _code(
    g: float, r: float, res: float, pu: float, scale: float, decided: Any, max_ulp: float
) -> tuple[int, float]:
    """The code of one input (see :func:`_classify`) and its error (0 unless code <= 1)."""
    err = abs((g - r) * pu - res) * scale  # _account's error, for a finite r
    big = abs(r) > _MAX_FLOAT  # an infinite value: 1/2 if the target has it
    err = (0.5 if g == r else math.inf) if big else err
    same_sign = (kj.bits64(g) ^ kj.bits64(r)) >= 0
    match = (g == r) & same_sign
    plain = (err <= _MAX_DOUBLE) & (g != 0) & (r != 0) & same_sign & ~big
    k = 0 if match & (err <= 0.5) & (err <= max_ulp) else (1 if ~match & plain else 2)
    k = k if decided else 3
    return k, (err if k <= 1 else 0.0)


def _step(
    acc: tuple[int, ...], k: int, err: float, p: int, x: float, thr: float, thr_x: float, max_ulp: float
) -> tuple[int, ...]:
    """One input into a row's counts (see :func:`_classify`): integer reductions only."""
    other, n1, bin1, bin2, fail, top, hot, lo, hi, undefined = acc
    one = k == 1
    better = (err > thr) | ((err == thr) & (abs(x) <= thr_x))  # might be the worst point
    measured = k <= 1
    return (
        other + ((k == 2) | (k == 3)),
        n1 + one,
        bin1 + (one & (err > 0.5) & (err <= 1.0)),  # _bin's bin 1 is (1/2, 1], bin 2 (1, 2]
        bin2 + (one & (err > 1.0) & (err <= 2.0)),
        fail + (one & (err > max_ulp)),
        max(top, kj.bits64(err) if one else 0),
        hot + (better & measured),
        min(lo, p if measured else _PROFILE_BINS),
        max(hi, p if measured else -1),
        undefined + (k == 4),
    )


def _decision(cj: float, dj: float) -> tuple[float, bool, float, float, float]:
    """The rounding decision of the kernel's ``(c, d)`` and the error's ingredients:
    ``(r, decided, 1/ulp(r), residual, scale)`` (see :func:`_scale`)."""
    # kj.decide_cd, branches as selects, with one change that decides the same: a tiny
    # d (0 < |d| < 2**-900: exp far below -104) is taken as +-2**-900 in the enclosure,
    # so that no operation has a subnormal result (each costs a microcode assist, about
    # 100 cycles; exp's left half is all such inputs). It changes no rounding: c is 0
    # or at least 2**-149 in magnitude (a binary32 value or x - 1), so c + t = c for
    # both |t| < 2**-899; and c = 0 gives ends of d's sign below 2**-150 either way,
    # which round to a zero of that sign. The residual below uses d itself.
    dt = math.copysign(_TINY, dj) if (abs(dj) < _TINY) & (dj != 0) else dj
    w = abs(dt) * kj._BOUND
    lo = cj + (dt - w)
    hi = cj + (dt + w)
    lo -= abs(lo) * kj._ULP1
    hi += abs(hi) * kj._ULP1
    eps = abs(cj) * kj._EPS_REL + kj._EPS_ABS
    c_up = cj + eps
    lo = c_up if (dj > 0) & (lo < c_up) else lo
    c_down = cj - eps
    hi = c_down if (dj < 0) & (hi > c_down) else hi
    lo = cj if dj == 0 else lo
    hi = cj if dj == 0 else hi
    r = np.float64(np.float32(lo))
    r_hi = np.float64(np.float32(hi))
    rounded = (r == r_hi) & ((kj.bits64(r) ^ kj.bits64(r_hi)) >= 0)
    pu = kj.from_bits64((2069 - ((kj.bits64(r) >> 52) & 0x7FF)) << 52)
    pu = _PER_MIN_SUBNORMAL if abs(r) < _MIN_NORMAL else pu
    res = ((cj - r) + dj) * pu
    return r, rounded, pu, res, _scale(r, res)


def _decision_known(cj: float, dj: float) -> tuple[float, bool, float, float, float]:
    """:func:`_decision` of a :func:`known_run`'s input: ``c`` itself, decided (see
    :data:`KNOWN`); the same ingredients of the error, by the same operations."""
    r = cj
    pu = kj.from_bits64((2069 - ((kj.bits64(r) >> 52) & 0x7FF)) << 52)
    res = ((cj - r) + dj) * pu
    return r, True, pu, res, _scale(r, res)


#: Per kind, the bound on ``|x|`` below which the correctly rounded value is the
#: kernel's ``c`` and the kernel's enclosure decides it (normal binary32 ``x``; log: none).
#: tanh, ``|x| < 2**-13``: ``c = x`` and ``0 < |x - tanh x| < |x|**3/3 < |x| 2**-26/3``,
#: while half the spacing of binary32 next to ``x`` on the side of 0 is at least
#: ``|x| 2**-25`` (``2**(e-25)`` below ``x = 2**e``), so ``tanh x`` is more than ``|x|
#: 2**-26`` from a rounding boundary. tanh', ``|x| < 2**-13``: ``c = 1`` and ``1 - x**2 <
#: sech**2 x < 1``, more than ``2**-25 - 2**-26`` from the boundary ``1 - 2**-25``. exp,
#: ``|x| < 2**-26``: ``c = 1`` and ``|e**x - 1| < |x| (1 + |x|) < 2**-26 + 2**-52``, more
#: than ``2**-26`` from ``1 - 2**-25`` and ``1 + 2**-24``. The enclosure
#: :func:`_decision` rounds is ``c + d`` widened by at most ``|d| 2**-45 + |c| 2**-40 +
#: 2**-1000`` and ``2**-52`` relative, under ``|c| 2**-39`` here: both its ends round to
#: ``c``. ``tests/audits/test_fastpath.py`` checks it on every input of the binade just
#: below each bound, both signs.
KNOWN = (2.0**-13, 2.0**-13, 2.0**-26, 0.0)


def known_run(kind: int, xs: Any, start: int, m: int) -> bool:
    """Whether every input of the run is normal and below :data:`KNOWN` in magnitude."""
    lim = KNOWN[kind]
    if lim == 0:  # none (log): no pass over the run
        return False
    n: Any = 0
    for j in range(m):
        a = abs(np.float64(xs[start + j]))
        n += (a >= _MIN_NORMAL) & (a < lim)
    return n == m


def _classify(
    kind: int, xs: Any, gs: Any, start: int, m: int, c: Any, d: Any, sv: float, max_ulp: float,
    e: Any, code: Any, pb: Any, thr: float, thr_x: float, info: Any, known: bool = False,
) -> None:  # fmt: skip
    """The vectorized decision and error of the ``m`` inputs ``xs[start:start + m]``, whose
    values are ``sv`` (1, or -1 for the mirror image of an odd function) times the
    kernel's ``(c, d)``, into one row: ``e``, ``code``, ``pb`` and ``info``.

    ``code``: 0 the target has the correctly rounded value, error <= 1/2 and within
    ``max_ulp``; 1 it has another finite nonzero value of the right sign, error finite;
    2 anything else decided (through :func:`~tanhproof.audits._fastpath._account`); 3 handed back; 4 outside the
    domain (log of a negative normal x: counted, not measured, as in ``measure``).
    ``e``: the error (codes 0 and 1, else 0), ``pb``: the profile's bin. ``info``:
    how many have code 2 or 3; code 1; code 1 in histogram bin 1, in bin 2; code 1 and
    over ``max_ulp``; the bits of the largest error of code 1; how many might be the
    worst point (error above ``thr``, or equal to it at ``|x| <= thr_x``); the least and
    the greatest profile bin of codes 0 and 1; how many have code 4.

    ``known`` (a :func:`known_run`): the decision is ``c``, by proof, not computed.

    The loop has no branch on ``sv``: a branch inside it, on a value known only at run
    time, kept LLVM from vectorizing it (a mirrored block calls it once per row); each
    call site passes ``known`` as a constant.
    """
    acc: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 0, _PROFILE_BINS, -1, 0)
    for j in range(m):
        x = np.float64(xs[start + j])
        a = abs(x)
        normal = (a >= _MIN_NORMAL) & (a <= _MAX_FLOAT)
        r, rounded, pu, res, scale = _decision_known(c[j], d[j]) if known else _decision(c[j], d[j])
        decided = normal & ~((kind == 3) & (x <= 0)) & rounded
        k, err = _code(np.float64(gs[start + j]), sv * r, sv * res, pu, scale, decided, max_ulp)
        k = 4 if (kind == 3) & (x < 0) & normal else k  # log(x < 0)
        p = (kj.bits64(x) >> _PROFILE_SHIFT) & (_PROFILE_BINS - 1)
        code[j], e[j], pb[j] = k, err, p
        acc = _step(acc, k, err, p, x, thr, thr_x, max_ulp)
    for i in range(10):
        info[i] = acc[i]


def _classify_exact(
    xs: Any, gs: Any, start: int, m: int, c: Any, d: Any, sv: float, max_ulp: float,
    e: Any, code: Any, pb: Any, thr: float, thr_x: float, info: Any,
) -> bool:  # fmt: skip
    """:func:`_classify` of a :func:`known_run` (``known``) where the target has the
    decided value ``sv * c`` itself at every input, within 1/2 ulp and ``max_ulp`` (the
    common case: ``tanh x = x``, ``exp x = 1``, ``tanh' x = 1`` for tiny ``x``): every code
    is 0, so of :func:`_step`'s counts only the profile's bins and the possible worst points
    are added up. The errors are :func:`_code`'s, by the same operations. Returns whether
    it was so; if not, the row is not complete and :func:`_classify` makes it."""
    good: Any = 0
    hot: Any = 0
    lo, hi = _PROFILE_BINS, -1
    for j in range(m):
        x = np.float64(xs[start + j])
        g = np.float64(gs[start + j])
        r, _, pu, res, scale = _decision_known(c[j], d[j])
        v, rs = sv * r, sv * res
        err = abs((g - v) * pu - rs) * scale  # _code's error (v finite and normal here)
        good += (kj.bits64(g) == kj.bits64(v)) & (err <= 0.5) & (err <= max_ulp)
        p = (kj.bits64(x) >> _PROFILE_SHIFT) & (_PROFILE_BINS - 1)
        code[j], e[j], pb[j] = 0, err, p
        hot += (err > thr) | ((err == thr) & (abs(x) <= thr_x))
        lo, hi = min(lo, p), max(hi, p)
    if good != m:
        return False
    for i in range(6):
        info[i] = 0
    info[6], info[7], info[8], info[9] = hot, lo, hi, 0
    return True


def _classify_flat(
    kind: int, xs: Any, gs: Any, start: int, m: int, c0: float, d0: float, max_ulp: float,
    e: Any, code: Any, pb: Any, thr: float, thr_x: float, info: Any, uniform: bool,
) -> None:  # fmt: skip
    """:func:`_classify` of a run whose inputs all have the same kernel value
    ``(c0, d0)`` (see :func:`flat_run`): the decision is made once. Where, moreover, the
    target gave the same result (the same bits) at every input of the run and every
    input is finite (``uniform``, :func:`flat_run`'s 2; the common case: a saturated
    tanh, exp's overflow), every input has the same code and error too (:func:`_code`
    depends on the input only through its being normal, and these are), so they are
    computed once and the run's counts follow by multiplication (:func:`_uniform_info`)."""
    r, rounded, pu, res, scale = _decision(c0, d0)
    if uniform:
        k, err = _code(np.float64(gs[start]), r, res, pu, scale, rounded, max_ulp)
        _uniform_info(xs, start, m, k, err, max_ulp, e, code, pb, thr, thr_x, info)
        return
    r0: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 0, _PROFILE_BINS, -1, 0)
    for j in range(m):
        x = np.float64(xs[start + j])
        a = abs(x)
        decided = rounded & (a >= _MIN_NORMAL) & (a <= _MAX_FLOAT)
        k, err = _code(np.float64(gs[start + j]), r, res, pu, scale, decided, max_ulp)
        p = (kj.bits64(x) >> _PROFILE_SHIFT) & (_PROFILE_BINS - 1)
        code[j], e[j], pb[j] = k, err, p
        r0 = _step(r0, k, err, p, x, thr, thr_x, max_ulp)
    for i in range(10):
        info[i] = r0[i]


def _uniform_info(
    xs: Any, start: int, m: int, k: int, err: float, max_ulp: float, e: Any, code: Any, pb: Any,
    thr: float, thr_x: float, info: Any,
) -> None:  # fmt: skip
    """The row of a run whose inputs all have code ``k`` and error ``err`` (see
    :func:`_classify_flat`): what :func:`_step` would add up input by input, in closed
    form, with one vectorized loop for what depends on ``x`` (the profile's bins and how
    many inputs might be the worst point)."""
    measured = k <= 1
    lo, hi = _PROFILE_BINS, -1
    near: Any = 0
    for j in range(m):
        x = np.float64(xs[start + j])
        p = (kj.bits64(x) >> _PROFILE_SHIFT) & (_PROFILE_BINS - 1)
        code[j], e[j], pb[j] = k, err, p
        lo, hi = min(lo, p), max(hi, p)
        near += abs(x) <= thr_x
    one = k == 1
    info[0] = m if (k == 2) | (k == 3) else 0
    info[1] = m if one else 0
    info[2] = m if one & (err > 0.5) & (err <= 1.0) else 0
    info[3] = m if one & (err > 1.0) & (err <= 2.0) else 0
    info[4] = m if one & (err > max_ulp) else 0
    info[5] = kj.bits64(err) if one else 0
    info[6] = (m if err > thr else (near if err == thr else 0)) if measured else 0
    info[7] = lo if measured else _PROFILE_BINS
    info[8] = hi if measured else -1
    info[9] = m if k == 4 else 0


def flat_run(kind: int, xs: Any, gs: Any, start: int, m: int) -> int:
    """Whether every input of the run lies beyond the kernel's clamp on one side (``|x| >=
    300`` for tanh and tanh', 700 for exp; log has none): the kernels of
    :mod:`tanhproof.numeric._kernelsjit` take ``min(|x|, 300)`` and ``clip(x, -700, 700)``
    first, so all of them have the kernel value of the first. 0: not so; 1: so; 2: so,
    and every input is finite and every result ``gs[start:start + m]`` has the bits of
    the first (one vectorized pass counts all three)."""
    if kind == 3:  # log has no clamp: no pass over the run
        return 0
    lim = 300.0 if kind <= 1 else 700.0
    above: Any = 0
    below: Any = 0
    same: Any = 0
    b0 = kj.bits64(np.float64(gs[start]))
    for j in range(m):
        x = np.float64(xs[start + j])
        above += x >= lim
        below += x <= -lim
        same += (kj.bits64(np.float64(gs[start + j])) == b0) & (abs(x) <= _MAX_FLOAT)
    flat = (above == m) | (below == m)
    return (2 if same == m else 1) if flat else 0


def undefined_run(kind: int, xs: Any, start: int, m: int) -> bool:
    """Whether every input of the run is a negative normal number and the function log:
    outside the domain, each is counted and nothing else (as ``measure`` does)."""
    if kind != 3:  # no pass over the run for the other functions
        return False
    n: Any = 0
    for j in range(m):
        x = np.float64(xs[start + j])
        n += (x < 0) & (x <= -_MIN_NORMAL) & (x >= -_MAX_FLOAT)
    return n == m


def _mirrors(g1: Any, g2: Any, start: int, m: int, sign: float) -> bool:
    """Whether the target's results at ``x2 = -x1`` are ``sign`` times those at ``x1``, bit
    for bit, over the run (an odd or even implementation, as most are): then the second
    row's codes and errors are the first row's (each quantity of :func:`_code` only
    changes sign), and :func:`_mirror_row` copies them instead of computing them."""
    differ = 0
    for j in range(m):
        differ += kj.bits64(np.float64(g2[start + j])) != kj.bits64(sign * np.float64(g1[start + j]))
    return differ == 0


def _mirror_row(m: int, e: Any, code: Any, pb: Any, info: Any) -> None:
    """Row 1 of a classified run as the mirror image of row 0 (see :func:`_mirrors`): the
    same codes and errors, the profile bins of ``-x`` (the sign is the bin's top bit)."""
    flip = _PROFILE_BINS >> 1
    for j in range(m):
        code[1, j] = code[0, j]
        e[1, j] = e[0, j]
        pb[1, j] = pb[0, j] ^ flip
    for i in range(10):
        info[1, i] = info[0, i]
    if info[0, 7] <= info[0, 8]:  # some input measured: its bins' range, mirrored
        info[1, 7], info[1, 8] = info[0, 7] ^ flip, info[0, 8] ^ flip
        if info[1, 7] > info[1, 8]:
            info[1, 7], info[1, 8] = info[1, 8], info[1, 7]


@functools.cache
def compiled() -> None:
    """Replace this module's functions by numba-compiled ones, inlined into their compiled
    callers (:func:`_sum` is called, compiled with ``reassoc``: the order of a sum of errors
    does not matter, and only so does its loop vectorize)."""
    kj.compiled()
    g = globals()
    inlined = (
        "_scale",
        "_decision",
        "_decision_known",
        "_code",
        "_step",
        "_classify",
        "_classify_flat",
        "_classify_exact",
        "_uniform_info",
    )
    for name in (*inlined, "flat_run", "known_run", "undefined_run", "_mirrors", "_mirror_row"):
        g[name] = jit(g[name], inline=True)
    for name in ("_sum", "_max_error"):
        g[name] = jit(g[name], fastmath={"reassoc", "nnan", "ninf", "nsz"}, key=stamp(sys.modules[__name__]))
