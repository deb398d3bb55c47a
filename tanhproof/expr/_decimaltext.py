"""Exact decimals: a rational a person wrote as a decimal is printed as that decimal.

The parser takes a decimal literal exactly (``0.044715`` is ``8943/200000``), so the
constants of the frameworks' activations (PyTorch's ``0.044715``, SELU's
``1.0507009873554804934193349852946``) become rationals whose denominator is
``2^a·5^b``. :func:`decimal_text` writes such a rational back as its **exact** decimal
expansion (it terminates; nothing is rounded), so that the printed claim shows the
constant as it was written. Small fractions stay fractions (``1/2``, ``3/4``, ``7/8``):
only denominators of at least :data:`MIN_DENOMINATOR` are written as decimals. A product
of such literals (SELU's ``scale·alpha`` has 62 decimals) is exact too, as long as
the decimal has at most :data:`MAX_CHARS` characters; a longer one stays a fraction.

The text returned is read back exactly by :class:`fractions.Fraction` and by the
parser (``tp.parse``).

Examples
========

>>> from fractions import Fraction
>>> decimal_text(Fraction(8943, 200000)), decimal_text(Fraction(-1, 1024))
('0.044715', '-0.0009765625')
>>> decimal_text(Fraction(1, 2)), decimal_text(Fraction(1, 3000)), decimal_text(Fraction(5))
(None, None, None)
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_CHARS", "MIN_DENOMINATOR", "decimal_text"]

#: The smallest denominator written as a decimal (``1/8`` stays a fraction, ``1/1000`` does not).
MIN_DENOMINATOR = 1000

#: The longest decimal written (sign and point included); a longer one stays a fraction.
MAX_CHARS = 70


def _places(q: int) -> int | None:
    """The number of decimal places of ``1/q`` if it terminates (``q = 2^a·5^b``), else ``None``."""
    twos = (q & -q).bit_length() - 1
    rest = q >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return max(twos, fives) if rest == 1 else None


def decimal_text(value: Any) -> str | None:
    """The exact decimal expansion of the rational ``value`` (a :class:`fractions.Fraction`
    or a SymPy ``Rational``) if its denominator is ``2^a·5^b`` and at least
    :data:`MIN_DENOMINATOR`, and the expansion has at most :data:`MAX_CHARS` characters;
    else ``None`` (print it as a fraction).

    >>> import sympy
    >>> decimal_text(sympy.Rational("1.0507009873554804934193349852946"))
    '1.0507009873554804934193349852946'
    >>> decimal_text(sympy.Rational(123456789, 1000))
    '123456.789'
    """
    p, q = (int(value.p), int(value.q)) if hasattr(value, "p") else (value.numerator, value.denominator)
    if q < MIN_DENOMINATOR:
        return None
    places = _places(q)
    if places is None or places + 3 > MAX_CHARS or abs(p).bit_length() - q.bit_length() > 4 * MAX_CHARS:
        return None  # not terminating, or far too long to write
    scaled = abs(p) * 10**places // q  # exact: q divides 10**places
    digits = str(scaled).rjust(places + 1, "0")
    text = f"{'-' if p < 0 else ''}{digits[:-places]}.{digits[-places:]}"
    return text if len(text) <= MAX_CHARS else None
