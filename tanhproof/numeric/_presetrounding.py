"""Rounding of dyadic numbers with the format and the mode resolved once.

:func:`tanhproof.numeric._formats.round_dyadic` checks its format and mode and looks
up the format's limits on every call; a caller that rounds many dyadics alike (the
two ends of every ball of :func:`tanhproof.round_to`'s fast step) resolves them once:
:func:`preset` returns a :class:`Preset` (cached per format and mode), whose
:meth:`Preset.round` is ``round_dyadic`` without the checks, the same integer
arithmetic on the same values, so the same float; :meth:`Preset.round_float` does
the same for a normal double in float arithmetic, exactly.

Examples
========

>>> r = preset("binary16", "nearest")
>>> r.round(3, -2), r.round(-1, -30)  # 0.75 exactly; -2**-30 is below half the least subnormal
(0.75, -0.0)
>>> preset("binary32", "up").round(1, -1000) == 2.0**-149  # the least subnormal
True
>>> preset("binary32", "nearest").round_float(0.1)  # float(np.float32(0.1))
0.10000000149011612
>>> preset("binary8", "nearest")
Traceback (most recent call last):
...
tanhproof.numeric.FormatError: unknown format 'binary8'; choose one of binary16, bfloat16, binary32, binary64
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tanhproof.numeric._formats import Format, check_mode, get_format

__all__ = ["Preset", "preset"]

_LDEXP = math.ldexp
_FREXP = math.frexp
_FLOOR = math.floor
_CEIL = math.ceil
_INF = math.inf


@dataclass(frozen=True)
class Preset:
    """A format and a rounding mode, resolved: the format, the mode, the magnitude rule
    for positive and for negative values (``"nearest"``, ``"ceil"``: away from 0,
    ``"floor"``: toward 0), the format's precision and exponent range, its least
    subnormal and largest finite value as floats, and ``scalar``, which makes a rounded
    value the format's numpy scalar (:func:`tanhproof.numeric._formats.as_scalar`)."""

    fmt: Format
    mode: str
    rules: tuple[str, str]
    precision: int
    emin: int
    emax: int
    least: float
    largest: float
    scalar: Callable[[float], Any]

    def round(self, mantissa: int, exponent: int) -> float:
        """``round_dyadic(mantissa, exponent, fmt, mode)`` for Python ints."""
        if mantissa == 0:
            return 0.0
        negative = mantissa < 0
        a = -mantissa if negative else mantissa
        rule = self.rules[negative]
        p, emin, emax = self.precision, self.emin, self.emax
        e = exponent + a.bit_length() - 1
        if e < emin - p:
            mag = self.least if rule == "ceil" else 0.0
        elif e > emax + 1:
            mag = _INF if rule != "floor" else self.largest
        else:
            q = (e if e > emin else emin) - p + 1
            shift = q - exponent
            if shift <= 0:
                n = a << -shift
            else:
                n = a >> shift
                rem = a & ((1 << shift) - 1)
                if rem:
                    half = 1 << (shift - 1)
                    if rule == "ceil" or (rule == "nearest" and (rem > half or (rem == half and n & 1))):
                        n += 1
            if e > emax or (n >> p and e == emax):
                mag = _INF if rule != "floor" else self.largest
            else:
                mag = _LDEXP(n, q)
        return -mag if negative else mag

    def round_float(self, x: float) -> float:
        """:meth:`round` of the double ``x``, for ``2**-1021 <= |x| < 2**1023`` (a normal
        double, so an exact dyadic): the same steps in float arithmetic, every one of them
        exact (scaling by powers of 2 within the normal range; ``round`` of a float ties to
        even, as ``nearest`` does)."""
        negative = x < 0
        a = -x if negative else x
        rule = self.rules[negative]
        p, emin, emax = self.precision, self.emin, self.emax
        e = _FREXP(a)[1] - 1
        if e < emin - p:
            mag = self.least if rule == "ceil" else 0.0
        elif e > emax + 1:
            mag = _INF if rule != "floor" else self.largest
        else:
            q = (e if e > emin else emin) - p + 1
            y = _LDEXP(a, -q)  # in [1/2, 2**p): exact
            n = round(y) if rule == "nearest" else (_CEIL(y) if rule == "ceil" else _FLOOR(y))
            if e > emax or (n >> p and e == emax):
                mag = _INF if rule != "floor" else self.largest
            else:
                mag = _LDEXP(n, q)
        return -mag if negative else mag

    def round_pair(self, lo: float, hi: float) -> float | None:
        """The value both normal doubles ``lo`` and ``hi`` round to (:meth:`round_float`),
        or ``None`` when they round apart (zeros of opposite signs included). Two doubles
        of one sign and one binade share the grid they are rounded on, so they are scaled
        and rounded side by side, at about the cost of one :meth:`round_float`."""
        negative = lo < 0
        if negative == (hi < 0):
            a, b = (-lo, -hi) if negative else (lo, hi)
            e = _FREXP(a)[1] - 1
            p, emin, emax = self.precision, self.emin, self.emax
            if e == _FREXP(b)[1] - 1 and emin - p <= e:
                rule = self.rules[negative]
                if e > emax:  # both beyond the largest binade: both overflow alike
                    mag = _INF if rule != "floor" else self.largest
                    return -mag if negative else mag
                q = (e if e > emin else emin) - p + 1
                ya, yb = _LDEXP(a, -q), _LDEXP(b, -q)  # in [1/2, 2**p): exact
                if rule == "nearest":
                    n, m = round(ya), round(yb)
                elif rule == "ceil":
                    n, m = _CEIL(ya), _CEIL(yb)
                else:
                    n, m = _FLOOR(ya), _FLOOR(yb)
                if n != m:
                    return None
                if n >> p and e == emax:
                    mag = _INF if rule != "floor" else self.largest
                else:
                    mag = _LDEXP(n, q)
                return -mag if negative else mag
        x, y = self.round_float(lo), self.round_float(hi)
        return x if x == y and (x != 0 or math.copysign(1.0, x) == math.copysign(1.0, y)) else None


def _rule(mode: str, negative: bool) -> str:
    if mode == "nearest":
        return "nearest"
    if mode == "zero":
        return "floor"
    return "ceil" if (mode == "up") != negative else "floor"


@functools.lru_cache(maxsize=64, typed=True)
def _preset(fmt: str | Format, mode: str) -> Preset:
    f = get_format(fmt)
    check_mode(mode)
    scalar: Callable[[float], Any] = float if f.name == "bfloat16" else f.dtype
    return Preset(
        f,
        mode,
        (_rule(mode, False), _rule(mode, True)),
        f.precision,
        f.emin,
        f.emax,
        float(f.min_subnormal),
        f.max_float,
        scalar,
    )


def preset(fmt: str | Format, mode: str) -> Preset:
    """The :class:`Preset` of ``fmt`` and ``mode`` (cached). Raises
    :class:`~tanhproof.numeric.FormatError` as :func:`~tanhproof.numeric._formats.get_format`
    and :func:`~tanhproof.numeric._formats.check_mode` do (errors are not cached)."""
    try:
        return _preset(fmt, mode)
    except TypeError:  # unhashable: the checks say what is wrong
        get_format(fmt)
        check_mode(mode)
        raise
