"""Bit patterns of IEEE formats, and every value of a format of 32 bits or fewer.

The bit-level view of :mod:`tanhproof.numeric._formats`: values to and from their unsigned
integer encodings, and the enumeration, in bit-pattern order and in numpy chunks, of
all values of binary16, bfloat16 or binary32, the inputs of an exhaustive audit.
bfloat16 values are carried in float32 arrays (numpy has no bfloat16 dtype).

Examples
========

>>> count_values("binary16")  # 2**16 patterns minus 2 * 2**10 with the maximal exponent
63488
>>> first = next(all_values("binary16", chunk_size=4))
>>> first.tolist()
[0.0, 5.960464477539063e-08, 1.1920928955078125e-07, 1.7881393432617188e-07]
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tanhproof.numeric._formats import Format, FormatError, get_format

__all__ = ["all_values", "bits_to_float", "count_values", "float_to_bits"]

_FLOAT_VIEW = {
    "binary16": (np.float16, np.uint16),
    "binary32": (np.float32, np.uint32),
    "binary64": (np.float64, np.uint64),
}


def float_to_bits(values: np.ndarray, fmt: str | Format) -> np.ndarray:
    """The bit patterns of an array of format values (unsigned integers of the format's width).

    Examples
    ========

    >>> float_to_bits(np.array([1.0, -2.0], dtype=np.float32), "bfloat16").tolist()
    [16256, 49152]
    """
    f = get_format(fmt)
    if f.name == "bfloat16":
        wide = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32)
        if np.any(wide & 0xFFFF):
            raise FormatError("values are not all bfloat16 values (low 16 bits of the float32 set)")
        return (wide >> 16).astype(np.uint16)
    ftype, utype = _FLOAT_VIEW[f.name]
    return np.ascontiguousarray(values, dtype=ftype).view(utype)


def bits_to_float(bits: np.ndarray, fmt: str | Format) -> np.ndarray:
    """The format values of an array of bit patterns (float32 arrays for bfloat16).

    Examples
    ========

    >>> bits_to_float(np.array([0x3C00, 0x7C00], dtype=np.uint16), "binary16").tolist()
    [1.0, inf]
    """
    f = get_format(fmt)
    if f.name == "bfloat16":
        return (np.asarray(bits).astype(np.uint32) << 16).view(np.float32)
    ftype, utype = _FLOAT_VIEW[f.name]
    return np.ascontiguousarray(bits, dtype=utype).view(ftype)


def _small(fmt: str | Format) -> Format:
    f = get_format(fmt)
    if f.width > 32:
        raise FormatError(f"cannot enumerate {f.name!r}: only formats of at most 32 bits")
    return f


def all_values(fmt: str | Format, *, chunk_size: int = 1 << 22, finite: bool = True) -> Iterator[np.ndarray]:
    """Every value of a format of at most 32 bits, in chunks, in bit-pattern order.

    Chunks are float16 arrays for binary16 and float32 arrays for bfloat16 and
    binary32: first +0 and the positive values upwards, then (with ``finite=False``)
    +inf and the NaNs, then -0 and the negative values by increasing magnitude.

    Examples
    ========

    >>> sum(len(c) for c in all_values("bfloat16")), sum(len(c) for c in all_values("bfloat16", finite=False))
    (65280, 65536)
    """
    f = _small(fmt)
    if chunk_size < 1:
        raise FormatError(f"chunk_size must be positive, got {chunk_size!r}")
    total = 1 << f.width
    exp_mask = ((1 << f.exponent_bits) - 1) << f.fraction_bits
    work = np.uint64
    for start in range(0, total, chunk_size):
        bits = np.arange(start, min(start + chunk_size, total), dtype=work)
        if finite:
            bits = bits[(bits & exp_mask) != exp_mask]
        if len(bits):
            yield bits_to_float(bits.astype(f.uint_dtype), f)


def count_values(fmt: str | Format, *, finite: bool = True) -> int:
    """How many values (bit patterns) the format has: ``2**width``, less the
    ``2 * 2**(p-1)`` infinities and NaNs (exponent field all ones) when ``finite``.

    Examples
    ========

    >>> count_values("binary16"), count_values("binary16", finite=False)
    (63488, 65536)
    """
    f = get_format(fmt)
    total = 1 << f.width
    return total - 2 * (1 << f.fraction_bits) if finite else total
