"""Correct rounding of whole float64 arrays to a format, and checks that arrays hold its values.

:func:`round_array` is :func:`~tanhproof.numeric._formats.round_exact` elementwise on a
numpy array, in all four rounding modes and without leaving numpy;
:func:`format_values` checks that an array holds values of a format only (the inputs
an audit accepts). bfloat16 results come back in float32 arrays (numpy has no
bfloat16 dtype).

Examples
========

>>> import numpy as np
>>> round_array(np.array([1 / 3, 1e10, -1e-30]), "binary16").tolist()
[0.333251953125, inf, -0.0]
>>> format_values(np.array([1.0, 0.5], dtype=np.float16), "binary16").tolist()
[1.0, 0.5]
"""

from __future__ import annotations

import numpy as np

from tanhproof.numeric._formats import Format, FormatError, check_mode, get_format

__all__ = ["format_values", "round_array"]


def round_array(values: np.ndarray, fmt: str | Format, mode: str = "nearest") -> np.ndarray:
    """Correct rounding of float64 ``values`` to ``fmt``, elementwise, in the format's dtype.

    All four modes, with overflow, subnormals, signed zeros and NaN propagation as in
    :func:`round_exact`. bfloat16 results come back in a float32 array.

    Explanation
    ===========

    For binary16 and binary32 under ``nearest`` numpy's own float64 casts are used
    (they round once, to nearest even). Otherwise each finite value ``a = |x|`` is
    split exactly as ``a = s * 2**q`` with ``q = max(e, emin) - p + 1`` (``e`` the
    binade of ``a``): scaling by a power of two is exact in float64, ``s < 2**p``,
    and the integer rounding of ``s`` (``rint`` ties to even, ``floor``, ``ceil``)
    rounded back by ``2**q`` is the correctly rounded magnitude.

    Examples
    ========

    >>> x = np.array([1 + 2.0**-9, -(1 + 2.0**-9), 1e300, np.nan, -0.0])
    >>> round_array(x, "bfloat16").tolist()
    [1.0, -1.0, inf, nan, -0.0]
    >>> round_array(x, "bfloat16", "up").tolist()
    [1.0078125, -1.0, inf, nan, -0.0]
    >>> float(round_array(x, "bfloat16", "zero")[2]) == float(get_format("bfloat16").max_finite)
    True
    """
    f = get_format(fmt)
    check_mode(mode)
    x = np.asarray(values, dtype=np.float64)
    if f.name == "binary64":
        return x.copy()
    if mode == "nearest" and f.name != "bfloat16":
        with np.errstate(over="ignore"):
            return x.astype(f.dtype)
    a = np.abs(x)
    with np.errstate(invalid="ignore", over="ignore"):
        _, E = np.frexp(a)
        q = np.maximum(E - 1, f.emin) - f.fraction_bits
        s = np.ldexp(a, -q)
        if mode == "nearest":
            n = np.rint(s)
        elif mode == "zero":
            n = np.floor(s)
        else:
            negative = np.signbit(x)
            away = negative if mode == "down" else ~negative
            n = np.where(away, np.ceil(s), np.floor(s))
        mag = np.ldexp(n, q)
        big = mag > f.max_float
        if big.any():  # overflow: to inf, or to max_finite where the magnitude is truncated
            if mode == "nearest":
                truncated = np.zeros(x.shape, dtype=bool)
            elif mode == "zero":
                truncated = np.ones(x.shape, dtype=bool)
            else:
                truncated = ~away
            mag = np.where(big, np.where(truncated, f.max_float, np.inf), mag)
        out = np.where(np.isfinite(x), np.copysign(mag, x), x)
    return out.astype(f.dtype)


def format_values(values: object, fmt: str | Format) -> np.ndarray:
    """``values`` as a float64 array, checked to hold values of ``fmt`` only (NaN and
    infinities included); a :class:`FormatError` names the first one that is not.

    Examples
    ========

    >>> format_values(np.array([0.5, np.nan], dtype=np.float32), "bfloat16").tolist()
    [0.5, nan]
    >>> format_values([0.1], "binary32")
    Traceback (most recent call last):
    ...
    tanhproof.numeric.FormatError: input 0.1 is not a binary32 value
    """
    f = get_format(fmt)
    arr = np.asarray(values)
    if arr.dtype == f.dtype and f.name != "bfloat16":
        return arr.astype(np.float64)
    if arr.dtype.kind not in "fiu":
        raise FormatError(f"inputs of dtype {arr.dtype} are not {f.name} values")
    wide = arr.astype(np.float64)
    back = round_array(wide, f).astype(np.float64)
    same = (back == wide) | (np.isnan(back) & np.isnan(wide))
    if not same.all():
        raise FormatError(f"input {float(wide[~same][0])!r} is not a {f.name} value")
    return wide
