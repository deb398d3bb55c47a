"""Exact dyadic rationals ``m * 2**e``: the endpoints of ``arb`` balls, kept compact.

An enclosure of ``exp(5*10**8)`` has endpoints near ``2**721347520``; as a Python
``Fraction`` that is a 700-million-bit integer. :class:`Dyadic` keeps the mantissa
and the exponent instead, compares exactly with ints, Fractions and other dyadics,
and prints as ``m*2^e``.

Examples
========

>>> from fractions import Fraction
>>> d = Dyadic(3, -3)
>>> str(d), d == Fraction(3, 8), d < 1, float(d)
('3*2^-3', True, True, 0.375)
>>> big = Dyadic(1, 10**9)
>>> big > 10**100, -big < 0, str(big)
(True, True, '1*2^1000000000')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from flint import fmpz

__all__ = ["Dyadic"]

_EXACT_BITS = 100_000  # up to this size, compare through exact Fractions


@dataclass(frozen=True)
class Dyadic:
    """The exact number ``mantissa * 2**exponent`` (normalised: odd mantissa or 0)."""

    mantissa: int
    exponent: int

    def __post_init__(self) -> None:
        m, e = int(self.mantissa), int(self.exponent)
        if m == 0:
            e = 0
        else:
            tz = (m & -m).bit_length() - 1
            m, e = m >> tz, e + tz
        object.__setattr__(self, "mantissa", m)
        object.__setattr__(self, "exponent", e)

    @classmethod
    def from_fraction(cls, value: Fraction | int) -> Dyadic:
        """The dyadic equal to ``value``; ``ValueError`` if its denominator is not a power of 2."""
        value = Fraction(value)
        d = value.denominator
        if d & (d - 1):
            raise ValueError(f"{value} is not a dyadic rational")
        return cls(value.numerator, -(d.bit_length() - 1))

    def sign(self) -> int:
        return (self.mantissa > 0) - (self.mantissa < 0)

    def log2_magnitude(self) -> int:
        """``floor(log2 |self|)`` (``self`` nonzero)."""
        return self.exponent + abs(self.mantissa).bit_length() - 1

    def as_fraction(self) -> Fraction:
        """The exact value as a Fraction (may be enormous for huge exponents)."""
        if self.exponent >= 0:
            return Fraction(self.mantissa << self.exponent)
        return Fraction(self.mantissa, 1 << -self.exponent)

    def __float__(self) -> float:
        try:
            return math.ldexp(float(self.mantissa), self.exponent)
        except OverflowError:
            return math.copysign(math.inf, self.mantissa)

    def __neg__(self) -> Dyadic:
        return Dyadic(-self.mantissa, self.exponent)

    def __str__(self) -> str:
        """``m*2^e`` (any size: the digits come from python-flint, not from ``str(int)``,
        which refuses more than 4300 digits).

        >>> str(Dyadic(10**5000 + 1, -3))[-12:]
        '0000001*2^-3'
        """
        if self.mantissa == 0:
            return "0"
        m = fmpz(self.mantissa).str()
        return f"{m}*2^{self.exponent}" if self.exponent else m

    def _cmp(self, other) -> int:
        if isinstance(other, Dyadic):
            o_sign = other.sign()
            o_log = other.log2_magnitude() if o_sign else 0
            o_small = abs(other.exponent) <= _EXACT_BITS
        elif isinstance(other, (int, Fraction)):
            other = Fraction(other)
            o_sign = (other > 0) - (other < 0)
            o_log = other.numerator.bit_length() - other.denominator.bit_length() if o_sign else 0
            o_small = True
        else:
            return NotImplemented
        s = self.sign()
        if s != o_sign:
            return (s > o_sign) - (s < o_sign)
        if s == 0:
            return 0
        if not (abs(self.exponent) <= _EXACT_BITS and o_small):
            gap = self.log2_magnitude() - o_log
            if abs(gap) > 2:  # magnitudes differ by more than the estimates' error
                return s if gap > 0 else -s
        mine = self.as_fraction()
        theirs = other.as_fraction() if isinstance(other, Dyadic) else other
        return (mine > theirs) - (mine < theirs)

    def __eq__(self, other) -> bool:
        c = self._cmp(other)
        return NotImplemented if c is NotImplemented else c == 0

    def __hash__(self) -> int:
        return hash((self.mantissa, self.exponent))

    def __lt__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is NotImplemented else c < 0

    def __le__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is NotImplemented else c <= 0

    def __gt__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is NotImplemented else c > 0

    def __ge__(self, other):
        c = self._cmp(other)
        return NotImplemented if c is NotImplemented else c >= 0
