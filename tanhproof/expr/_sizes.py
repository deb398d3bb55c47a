"""Sizes of numbers, for the parser's limits and messages.

Python refuses to convert an int of more than 4300 digits to text, and a literal's
size must be known before SymPy builds a huge power; these estimate digit counts
from bit lengths and logarithms.

Examples
========

>>> import sympy
>>> digits(sympy.Rational(22, 7))          # numerator and denominator digits
3
>>> int_digits(2**100000)                  # 30103 digits; from the bit length, an upper bound
30104
>>> short(sympy.Integer(10) ** 40)
'<41-digit number>'
"""

from __future__ import annotations

import math

import sympy

__all__ = ["digits", "int_digits", "power_digits", "short"]


def int_digits(n: int) -> int:
    """Decimal digits of ``n`` (estimated from the bit length for huge ``n``, where
    Python refuses the int-to-str conversion)."""
    n = abs(n)
    if n.bit_length() <= 13_000:
        return len(str(n))
    return math.ceil(n.bit_length() * 0.30103)


def digits(value: sympy.Expr) -> int:
    """Decimal digits of a rational number's numerator plus denominator."""
    if value.is_Rational:
        return int_digits(int(value.p)) + (int_digits(int(value.q)) if value.q != 1 else 0)
    return 20  # a Float or other number: its digits are bounded by its precision


def power_digits(base: sympy.Expr, exponent: sympy.Expr) -> int:
    """About how many digits ``base**exponent`` has (numerator plus denominator)."""
    if not base.is_Rational:
        return 20
    p, q = abs(int(base.p)), int(base.q)
    magnitude = math.log10(p) + math.log10(q)
    return math.ceil(abs(float(exponent)) * magnitude) + 1


def short(value: sympy.Expr) -> str:
    """A number for a message: itself when short, else its size."""
    if value.is_Rational and digits(value) > 30:
        return f"<{digits(value)}-digit number>"
    return sympy.sstr(value)
