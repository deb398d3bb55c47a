"""Exact point values: every number a user gives is taken exactly.

A point value may be a decimal string (``"0.1"`` is exactly 1/10, not the binary
float nearest to it), a C99 hex-float string (``"0x1.8p-1"`` is exactly 3/4), a
fraction string (``"1/3"``), an ``int``, a :class:`~fractions.Fraction`, or a Python
or numpy float, which is its exact binary value (``0.1`` is
3602879701896397/36028797018963968). Infinities and NaNs are refused: a point must
be a real number. Exponents are bounded by :data:`tanhproof.expr._limits.LIMITS`
(``max_exponent`` for decimal exponents, four times that for binary ones) so that
``"1e999999999"`` is refused instead of building a billion-digit integer.

Examples
========

>>> exact_value("0.1")
Fraction(1, 10)
>>> exact_value("0x1.8p-1")
Fraction(3, 4)
>>> exact_value(0.1) == Fraction(3602879701896397, 36028797018963968)
True
>>> exact_value("-2.5e-3")
Fraction(-1, 400)
>>> exact_value("inf")
Traceback (most recent call last):
...
tanhproof.DomainError: point value 'inf' is not finite; give a real number
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from tanhproof.expr._errors import DomainError, LimitError, ParseError
from tanhproof.expr._limits import LIMITS

__all__ = ["PointValue", "exact_value", "format_value", "resolve_point"]

PointValue = str | int | float | Fraction

_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_HEX = re.compile(r"([+-]?)0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?")
_RATIO = re.compile(r"[+-]?\d+\s*/\s*[+-]?\d+")
_NONFINITE = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan", "+nan", "-nan"}


def _check_exponent(exponent: int, limit: int, text: str) -> None:
    if abs(exponent) > limit:
        raise LimitError(f"exponent {exponent} of point value {text!r} exceeds the limit of {limit}")


def _check_digits(digits: str, text: str) -> None:
    if len(digits) > LIMITS.max_literal_digits:
        raise LimitError(
            f"point value {text[:40]!r}... has {len(digits)} digits, over the limit of "
            f"{LIMITS.max_literal_digits}"
        )


def _from_text(text: str) -> Fraction:
    s = text.strip().replace("_", "")
    if s.lower() in _NONFINITE:
        raise DomainError(f"point value {text!r} is not finite; give a real number")
    m = _HEX.fullmatch(s)
    if m:
        sign, digits, exp = m.groups()
        whole, _, frac = digits.partition(".")
        _check_digits(whole + frac, text)
        e = int(exp[1:]) if exp else 0
        _check_exponent(e, 4 * LIMITS.max_exponent, text)
        value = Fraction(int((whole or "0") + frac, 16)) * Fraction(2) ** (e - 4 * len(frac))
        return -value if sign == "-" else value
    if _DECIMAL.fullmatch(s):
        mantissa, _, exp = s.lower().partition("e")
        _check_digits(mantissa, text)
        _check_exponent(int(exp or 0), LIMITS.max_exponent, text)
        return Fraction(s)
    if _RATIO.fullmatch(s):
        _check_digits(s, text)
        num, den = (int(part) for part in s.split("/"))
        if den == 0:
            raise DomainError(f"point value {text!r} divides by zero")
        return Fraction(num, den)
    raise ParseError(
        f"point value {text!r} is not a number; use a decimal (0.5), a hex float (0x1.8p-1) "
        "or a fraction (1/3)"
    )


def exact_value(value: Any) -> Fraction:
    """The exact rational value of a point value (see the module docstring).

    Raises :class:`~tanhproof.DomainError` for a non-finite value and
    :class:`~tanhproof.ParseError` for text that is not a number.
    """
    if isinstance(value, bool):
        raise ParseError(f"point value {value!r} is a bool, not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if type(value).__module__.startswith("sympy"):  # a SymPy number: its exact value
        import sympy

        if getattr(value, "is_Rational", False) or (getattr(value, "is_Float", False) and value.is_finite):
            r = sympy.Rational(value)
            return Fraction(int(r.p), int(r.q))
        raise ParseError(f"point value {value!r} must be a finite rational or float number")
    if isinstance(value, numbers.Rational):  # gmpy2.mpq and the like
        return Fraction(value)
    if isinstance(value, numbers.Real):  # float, numpy floating: the exact binary value
        # as_integer_ratio is not part of numbers.Real (mpmath's mpf lacks it)
        as_integer_ratio = getattr(value, "as_integer_ratio", None)
        try:
            if as_integer_ratio is not None:
                return Fraction(*as_integer_ratio())
        except (OverflowError, ValueError, AttributeError, TypeError):
            pass
        try:
            finite = math.isfinite(float(value))
        except (TypeError, ValueError, OverflowError):
            finite = True
        if not finite:
            raise DomainError(f"point value {value!r} is not finite; give a real number")
        raise ParseError(f"point value {value!r} is not an exact number")
    if isinstance(value, str):
        return _from_text(value)
    raise ParseError(f"point value {value!r} has type {type(value).__name__}; give a number or a string")


def resolve_point(symbols, values: Mapping[str, Any]) -> dict:
    """Map each free symbol of an expression to the exact value given for it by name.

    ``symbols`` are the expression's free symbols; ``values`` maps names to point
    values. Every symbol needs a value, and every value must name a symbol.

    >>> import sympy
    >>> x = sympy.Symbol("x", real=True)
    >>> resolve_point({x}, {"x": "0.25"})
    {x: Fraction(1, 4)}
    >>> resolve_point({x}, {})
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: variable 'x' has no value; give it, e.g. x=0.5
    """
    by_name = {s.name: s for s in symbols}
    for name in sorted(by_name):
        if name not in values:
            raise ParseError(f"variable {name!r} has no value; give it, e.g. {name}=0.5")
    extra = sorted(set(values) - set(by_name))
    if extra:
        where = ", ".join(sorted(by_name)) or "none"
        raise ParseError(f"variable {extra[0]!r} does not occur in the expression (its variables: {where})")
    return {by_name[name]: exact_value(values[name]) for name in sorted(by_name)}


def format_value(value: Fraction) -> str:
    """A short text for a point value: an integer, a terminating decimal or p/q when
    that takes at most 40 characters (exact), else ``~`` and 17 significant digits.

    >>> format_value(Fraction(1, 4)), format_value(Fraction(1, 3)), format_value(Fraction(-3))
    ('0.25', '1/3', '-3')
    >>> format_value(Fraction(10**300 + 1))
    '~1.0e+300'
    """
    # Numbers of over 256 bits are never shown in full (nor converted by str(), which
    # Python refuses beyond 4,300 digits): about 17 digits suffice in a message.
    if max(value.numerator.bit_length(), value.denominator.bit_length()) <= 256:
        text = _exact_text(value)
        if len(text) <= 40:
            return text
    import mpmath

    with mpmath.workprec(64):
        return "~" + mpmath.nstr(mpmath.mpf(value.numerator) / value.denominator, 17)


def _exact_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    twos = (d & -d).bit_length() - 1
    rest = d >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest == 1 and max(twos, fives) <= 60:
        places = max(twos, fives)
        digits = str(abs(value.numerator) * 10**places // d).rjust(places + 1, "0")
        sign = "-" if value < 0 else ""
        return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return f"{value.numerator}/{value.denominator}"
