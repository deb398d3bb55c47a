"""IEEE 754 binary floating-point formats as data, and exact rounding of rationals into them.

The four formats of :data:`FORMATS` are described by their parameters (IEEE 754-2019,
Table 3.5, and the bfloat16 definition: 8 exponent bits, 7 fraction bits, the exponent
range of binary32). Everything else is derived from those numbers: the extreme
values, the bit layout, and correct rounding of an exact rational
(:func:`round_exact`, :func:`round_dyadic`, :func:`round_bounds`) under the four
rounding-direction attributes of IEEE 754 (:data:`MODES`: ``nearest`` is
roundTiesToEven, ``up`` roundTowardPositive, ``down`` roundTowardNegative, ``zero``
roundTowardZero), with gradual underflow, overflow and signed zeros.

Every value of the four formats is a binary64 value, so results are returned as
Python floats. numpy has no bfloat16 dtype: bfloat16 values are carried in float32
arrays (and as Python floats for scalars).

Examples
========

>>> from fractions import Fraction
>>> fmt = get_format("binary16")
>>> fmt.precision, fmt.emin, fmt.emax, float(fmt.max_finite)
(11, -14, 15, 65504.0)
>>> round_exact(Fraction(1, 3), "binary16")
0.333251953125
>>> round_exact(Fraction(1, 3), "binary16", "up")
0.33349609375
>>> round_exact(65520, "binary16"), round_exact(65520, "binary16", "zero")
(inf, 65504.0)

Rounding of whole float64 arrays is in :mod:`tanhproof.numeric._arrayrounding`; the
spacing of a format, neighbours and errors in ULPs in :mod:`tanhproof.numeric._ulps`;
bit patterns and the enumeration of every value of a format in
:mod:`tanhproof.numeric._bitpatterns`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tanhproof.expr._errors import TanhproofError

__all__ = [
    "FORMATS",
    "MODES",
    "Format",
    "FormatError",
    "as_scalar",
    "check_mode",
    "floor_log2",
    "get_format",
    "round_bounds",
    "round_dyadic",
    "round_exact",
    "to_hex",
]


class FormatError(TanhproofError, ValueError):
    """An unknown format or rounding mode, or a value the format cannot hold."""

    __module__ = "tanhproof.numeric"  # public there; tracebacks say so


@dataclass(frozen=True)
class Format:
    """An IEEE 754 binary interchange format.

    ``precision`` is p, the number of significand bits including the implicit one;
    normal numbers are ``m * 2**(e - p + 1)`` with ``2**(p-1) <= m < 2**p`` and
    ``emin <= e <= emax``; subnormals use ``e = emin`` and ``m < 2**(p-1)``.

    Examples
    ========

    >>> f = get_format("bfloat16")
    >>> f.width, f.precision, f.exponent_bits, f.fraction_bits
    (16, 8, 8, 7)
    >>> f.dtype, f.uint_dtype
    (<class 'numpy.float32'>, <class 'numpy.uint16'>)
    >>> float(f.min_subnormal) == 2.0**-133
    True
    """

    name: str
    width: int
    precision: int
    emin: int
    emax: int
    bias: int

    @property
    def fraction_bits(self) -> int:
        """Stored significand bits (p - 1)."""
        return self.precision - 1

    @property
    def exponent_bits(self) -> int:
        """Width of the biased exponent field."""
        return self.width - self.precision

    @property
    def dtype(self) -> type:
        """The numpy scalar type that carries the format's values (float32 for bfloat16)."""
        return (
            {16: np.float16, 32: np.float32, 64: np.float64}[self.width]
            if self.name != "bfloat16"
            else np.float32
        )

    @property
    def uint_dtype(self) -> type:
        """The unsigned integer type of the format's bit patterns."""
        return {16: np.uint16, 32: np.uint32, 64: np.uint64}[self.width]

    @property
    def max_finite(self) -> Fraction:
        """The largest finite value, (2 - 2**(1-p)) * 2**emax, exactly."""
        return Fraction(2**self.precision - 1) * Fraction(2) ** (self.emax - self.precision + 1)

    @property
    def min_normal(self) -> Fraction:
        """The smallest positive normal value, 2**emin, exactly."""
        return Fraction(2) ** self.emin

    @property
    def min_subnormal(self) -> Fraction:
        """The smallest positive subnormal value, 2**(emin - p + 1), exactly."""
        return Fraction(2) ** (self.emin - self.precision + 1)

    @property
    def max_float(self) -> float:
        """:attr:`max_finite` as a float."""
        return float(self.max_finite)

    def __str__(self) -> str:
        return self.name


#: The four supported formats (IEEE 754-2019 Table 3.5, and bfloat16), in this order.
FORMATS: dict[str, Format] = {
    "binary16": Format("binary16", 16, 11, -14, 15, 15),
    "bfloat16": Format("bfloat16", 16, 8, -126, 127, 127),
    "binary32": Format("binary32", 32, 24, -126, 127, 127),
    "binary64": Format("binary64", 64, 53, -1022, 1023, 1023),
}

_ALIASES = {
    "float16": "binary16",
    "half": "binary16",
    "float32": "binary32",
    "single": "binary32",
    "float64": "binary64",
    "double": "binary64",
}

#: Rounding modes: nearest (ties to even), up (toward +inf), down (toward -inf), zero.
MODES: tuple[str, ...] = ("nearest", "up", "down", "zero")


def get_format(fmt: str | Format) -> Format:
    """The :class:`Format` named ``fmt`` (a Format passes through; numpy-style aliases
    ``float16``/``float32``/``float64`` are accepted).

    Examples
    ========

    >>> get_format("binary32").precision
    24
    >>> get_format("binary8")
    Traceback (most recent call last):
    ...
    tanhproof.numeric.FormatError: unknown format 'binary8'; choose one of binary16, bfloat16, binary32, binary64
    """
    if isinstance(fmt, Format):
        return fmt
    if isinstance(fmt, str):
        found = FORMATS.get(_ALIASES.get(fmt, fmt))
        if found is not None:
            return found
    raise FormatError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def check_mode(mode: str) -> str:
    """Return ``mode`` if it is one of :data:`MODES`, else raise :class:`FormatError`.

    Examples
    ========

    >>> check_mode("up")
    'up'
    >>> check_mode("ceil")
    Traceback (most recent call last):
    ...
    tanhproof.numeric.FormatError: unknown rounding mode 'ceil'; choose one of nearest, up, down, zero
    """
    if mode not in MODES:
        raise FormatError(f"unknown rounding mode {mode!r}; choose one of {', '.join(MODES)}")
    return mode


def floor_log2(a: Fraction) -> int:
    """floor(log2(a)) for a > 0, exactly.

    >>> floor_log2(Fraction(1, 3)), floor_log2(Fraction(8))
    (-2, 3)
    """
    n, d = a.numerator, a.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(-e, 0)) < (d << max(e, 0)):
        e -= 1
    return e


def _magnitude_rule(mode: str, negative: bool) -> str:
    """How the magnitude is rounded: 'nearest', 'ceil' (away from 0) or 'floor' (toward 0)."""
    if mode == "nearest":
        return "nearest"
    if mode == "zero":
        return "floor"
    return "ceil" if (mode == "up") != negative else "floor"


def round_exact(
    value: Fraction | int, fmt: str | Format, mode: str = "nearest", *, negative_zero: bool = False
) -> float:
    """The correctly rounded value of the exact rational ``value`` in ``fmt``, as a float.

    IEEE 754 semantics: subnormals (gradual underflow); overflow goes to infinity
    under ``nearest`` when ``|value| >= max_finite + ulp(max_finite)/2`` and under the
    directed modes that round away from zero, to ``+-max_finite`` under those that
    round toward it; a nonzero value that rounds to zero keeps its sign. An exact zero
    gives ``+0.0``, or ``-0.0`` with ``negative_zero=True``.

    Examples
    ========

    >>> from fractions import Fraction
    >>> round_exact(Fraction(1, 10), "binary32") == float(np.float32(0.1))
    True
    >>> round_exact(Fraction(-1, 2**200), "binary32")
    -0.0
    >>> round_exact(Fraction(-1, 2**200), "binary32", "down") == -2.0**-149
    True
    >>> round_exact(2**128, "binary32", "down")
    3.4028234663852886e+38
    """
    f = get_format(fmt)
    check_mode(mode)
    v = Fraction(value)
    if v == 0:
        return -0.0 if negative_zero else 0.0
    negative = v < 0
    a = -v if negative else v
    rule = _magnitude_rule(mode, negative)
    p = f.precision
    e = floor_log2(a)
    if e < f.emin - p:  # below half the smallest subnormal
        mag = float(f.min_subnormal) if rule == "ceil" else 0.0
    elif e > f.emax + 1:  # far beyond the largest finite value
        mag = math.inf if rule != "floor" else f.max_float
    else:
        q = max(e, f.emin) - p + 1
        scaled = a / Fraction(2) ** q if q >= 0 else a * (1 << -q)
        n = scaled.numerator // scaled.denominator
        rem = scaled - n
        half = Fraction(1, 2)
        if rem and (rule == "ceil" or (rule == "nearest" and (rem > half or (rem == half and n % 2)))):
            n += 1
        if e > f.emax or (n >> p and e == f.emax):  # overflow
            mag = math.inf if rule != "floor" else f.max_float
        else:
            mag = math.ldexp(n, q)
    return -mag if negative else mag


def round_dyadic(
    mantissa: int, exponent: int, fmt: str | Format, mode: str = "nearest", *, negative_zero: bool = False
) -> float:
    """:func:`round_exact` of ``mantissa * 2**exponent``, with integer arithmetic only.

    Fast, and safe for huge exponents (nothing of size ``2**exponent`` is built),
    which suits the endpoints of arb balls (``ball.lower().man_exp()``).

    Examples
    ========

    >>> round_dyadic(3, -2, "binary16"), round_dyadic(-1, -30, "binary16", "down") == -2.0**-24
    (0.75, True)
    >>> round_dyadic(1, 10**30, "binary32", "zero") == float(get_format("binary32").max_finite)
    True
    """
    f = get_format(fmt)
    check_mode(mode)
    m = int(mantissa)
    if m == 0:
        return -0.0 if negative_zero else 0.0
    negative = m < 0
    a = -m if negative else m
    rule = _magnitude_rule(mode, negative)
    p = f.precision
    e = int(exponent) + a.bit_length() - 1
    if e < f.emin - p:
        mag = float(f.min_subnormal) if rule == "ceil" else 0.0
    elif e > f.emax + 1:
        mag = math.inf if rule != "floor" else f.max_float
    else:
        q = max(e, f.emin) - p + 1
        shift = q - int(exponent)
        if shift <= 0:
            n = a << -shift
        else:
            n = a >> shift
            rem = a & ((1 << shift) - 1)
            if rem:
                half = 1 << (shift - 1)
                if rule == "ceil" or (rule == "nearest" and (rem > half or (rem == half and n & 1))):
                    n += 1
        if e > f.emax or (n >> p and e == f.emax):
            mag = math.inf if rule != "floor" else f.max_float
        else:
            mag = math.ldexp(n, q)
    return -mag if negative else mag


def round_bounds(lower: Fraction, upper: Fraction, fmt: str | Format, mode: str = "nearest") -> float | None:
    """The common rounding of every real in ``[lower, upper]``, or ``None`` if there is none.

    Rounding is monotone, so the interval rounds to one value exactly when both
    endpoints do (signed zeros must agree too). Used to stop a Ziv loop.

    Examples
    ========

    >>> from fractions import Fraction
    >>> round_bounds(Fraction(1, 3) - Fraction(1, 10**9), Fraction(1, 3) + Fraction(1, 10**9), "binary16")
    0.333251953125
    >>> round_bounds(Fraction(1), Fraction(1) + Fraction(3, 2**12), "binary16") is None
    True
    """
    a = round_exact(lower, fmt, mode)
    b = round_exact(upper, fmt, mode)
    if a == b and math.copysign(1.0, a) == math.copysign(1.0, b):
        return a
    return None


def as_scalar(value: float, fmt: str | Format):
    """``value`` as the format's numpy scalar (``np.float16``/``np.float32``/``np.float64``).

    bfloat16 has no numpy scalar type: its values come back as Python floats.

    Examples
    ========

    >>> as_scalar(0.5, "binary16"), as_scalar(0.5, "bfloat16")
    (np.float16(0.5), 0.5)
    """
    f = get_format(fmt)
    if f.name == "bfloat16":
        return float(value)
    return f.dtype(value)


def to_hex(value: float, *, short: bool = False) -> str:
    """``float.hex`` of ``value``, with ``inf``, ``-inf`` and ``nan`` for the non-finite ones;
    ``short=True`` drops the trailing zero digits (``0x1.8p-1``), as the CLI prints.

    Examples
    ========

    >>> to_hex(1.5), to_hex(-0.0), to_hex(float("-inf")), to_hex(float("nan"))
    ('0x1.8000000000000p+0', '-0x0.0p+0', '-inf', 'nan')
    >>> to_hex(0.75, short=True), to_hex(-0.0, short=True), to_hex(1.0, short=True)
    ('0x1.8p-1', '-0x0p+0', '0x1p+0')
    """
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = value.hex()
    if short:
        mantissa, _, exponent = text.partition("p")
        text = f"{mantissa.rstrip('0').rstrip('.')}p{exponent}"
    return text
