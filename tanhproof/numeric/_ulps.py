"""ULPs: the spacing of a format, the neighbours of a value, and errors measured in ULPs.

:func:`ulp` is the spacing of a format in the binade of a value (exactly, as a
``Fraction``) and :func:`ulp_array` the same for a whole array; :func:`next_up` and
:func:`next_down` step to a value's neighbours in the format; :func:`ulp_error` is
the distance of a float from an exact value, or a guaranteed bound on it from an
enclosure, in ULPs of the exact value's binade: the measure every audit reports.

Examples
========

>>> from fractions import Fraction
>>> ulp(1, "binary32")
Fraction(1, 8388608)
>>> next_up(1.0, "binary16") - 1.0 == float(ulp(1.0, "binary16"))
True
>>> ulp_error(1 + 2**-23, Fraction(1), "binary32")
1.0
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._bitpatterns import bits_to_float, float_to_bits
from tanhproof.numeric._formats import Format, FormatError, floor_log2, get_format

__all__ = ["next_down", "next_up", "ulp", "ulp_array", "ulp_error"]


def _step(value: float, f: Format, upward: bool) -> float:
    """The neighbour of ``value`` in ``f``, stepping on the sign-magnitude bit pattern."""
    if math.isnan(value):
        return value
    if f.name == "binary64":
        return math.nextafter(value, math.inf if upward else -math.inf)
    scalar = np.array([value], dtype=np.float64)
    if not np.array_equal(round_array(scalar, f).astype(np.float64), scalar):
        raise FormatError(f"{value!r} is not a {f.name} value")
    bits = int(float_to_bits(scalar.astype(f.dtype), f)[0])
    sign = 1 << (f.width - 1)
    magnitude, negative = bits & (sign - 1), bool(bits & sign)
    inf_bits = ((1 << f.exponent_bits) - 1) << f.fraction_bits
    if magnitude == 0:
        negative, magnitude = not upward, 1
    elif negative == upward:  # the magnitude shrinks
        magnitude -= 1
    elif magnitude < inf_bits:
        magnitude += 1
    out = bits_to_float(np.array([magnitude | (sign if negative else 0)], dtype=f.uint_dtype), f)
    return float(out[0])


def next_up(value: float, fmt: str | Format) -> float:
    """The least value of the format greater than ``value`` (``value`` must belong to it).

    Examples
    ========

    >>> next_up(1.0, "binary16") == 1 + 2**-10
    True
    >>> next_up(65504.0, "binary16"), next_up(-0.0, "binary16") == 2.0**-24
    (inf, True)
    """
    return _step(float(value), get_format(fmt), True)


def next_down(value: float, fmt: str | Format) -> float:
    """The greatest value of the format less than ``value`` (``value`` must belong to it).

    Examples
    ========

    >>> next_down(1.0, "binary16") == 1 - 2**-11
    True
    >>> next_down(2.0**-24, "binary16")
    0.0
    """
    return _step(float(value), get_format(fmt), False)


def ulp(value: Fraction | float, fmt: str | Format) -> Fraction:
    """The spacing of ``fmt`` in the binade of ``|value|``, exactly.

    ``2**(max(e, emin) - p + 1)`` with ``e = floor(log2|value|)``; ``ulp(0)`` is the
    smallest subnormal.

    Examples
    ========

    >>> ulp(1.0, "binary16"), ulp(0.999, "binary16")
    (Fraction(1, 1024), Fraction(1, 2048))
    >>> ulp(0, "binary16") == ulp(2.0**-20, "binary16") == Fraction(1, 2**24)
    True
    """
    f = get_format(fmt)
    if isinstance(value, float) and not math.isfinite(value):
        raise FormatError(f"the ulp of {value!r} is undefined")
    a = abs(Fraction(value))
    e = floor_log2(a) if a else f.emin
    return Fraction(2) ** (max(e, f.emin) - f.precision + 1)


def ulp_array(values: np.ndarray, fmt: str | Format) -> np.ndarray:
    """:func:`ulp` of every element of an array of the format's values, as float64
    (NaN for infinities and NaNs).

    Examples
    ========

    >>> ulp_array(np.array([1.0, 0.999755859375, 0.0, 2.0**-20, np.inf]), "binary16").tolist()
    [0.0009765625, 0.00048828125, 5.960464477539063e-08, 5.960464477539063e-08, nan]
    >>> ulp_array(np.array([0.0, 1.0]), "binary64").tolist() == [2.0**-1074, 2.0**-52]
    True
    """
    f = get_format(fmt)
    v = np.asarray(values)
    if v.dtype not in (np.float16, np.float32):
        v = np.asarray(v, dtype=np.float64)
    tiny = float(f.min_subnormal)
    with np.errstate(invalid="ignore", over="ignore"):
        if f.width <= 32:
            # Every value of the format is a float32 (exactly): its exponent field alone is
            # 2**e. A float32 array (the audit's own results) is read in place.
            v = v if v.dtype == np.float32 else v.astype(np.float32)
            bits = v.view(np.uint32)
            out = (bits & np.uint32(0x7F800000)).view(np.float32).astype(np.float64)
            out *= 2.0 ** (1 - f.precision)
        else:
            v = np.asarray(v, dtype=np.float64)
            _, exp = np.frexp(v)
            e = np.where(v == 0, f.emin, np.maximum(exp - 1, f.emin))
            out = np.ldexp(1.0, (e - f.precision + 1).astype(np.int32))
        np.maximum(out, tiny, out=out)
        out[~np.isfinite(v)] = np.nan
    return out


def _float_above(q: Fraction) -> float:
    """A float >= q (q >= 0)."""
    r = float(q)
    return r if Fraction(r) >= q else math.nextafter(r, math.inf)


def ulp_error(computed: float, exact: Fraction | tuple[Fraction, Fraction], fmt: str | Format) -> float:
    """``|computed - exact|`` in ulps of the exact value's binade (:func:`ulp`).

    For an enclosure ``(lower, upper)`` of the exact value the result is a guaranteed
    upper bound: the largest distance to the enclosure divided by the smallest ulp
    over it, rounded up. A NaN or infinite ``computed`` against a finite exact value
    gives ``inf``.

    Examples
    ========

    >>> from fractions import Fraction
    >>> ulp_error(1 + 2**-23, Fraction(1), "binary32")
    1.0
    >>> ulp_error(1.0, Fraction(1) - Fraction(1, 2**24), "binary32")  # the binade below 1
    1.0
    >>> ulp_error(math.inf, Fraction(5), "binary32")
    inf
    """
    f = get_format(fmt)
    lo, hi = (Fraction(exact[0]), Fraction(exact[1])) if isinstance(exact, tuple) else (Fraction(exact),) * 2
    if lo > hi:
        raise FormatError(f"empty enclosure ({lo}, {hi})")
    computed = float(computed)
    if not math.isfinite(computed):
        return math.inf
    c = Fraction(computed)
    if lo == hi == c:
        return 0.0
    distance = max(abs(c - lo), abs(c - hi))
    if lo <= 0 <= hi:
        spacing = f.min_subnormal
    else:
        spacing = ulp(min(abs(lo), abs(hi)), f)
    return _float_above(distance / spacing)
