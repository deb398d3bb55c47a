"""Correctly rounded decimal digits, at any size.

Printing a value with ``N`` significant digits is a rounding: to the nearest number
``q * 10**(k - N + 1)`` whose ``q`` has ``N`` digits, ties to even (IEEE 754's
roundTiesToEven, in radix 10). This module does that rounding exactly and then
decides it for values known only through enclosures:

* :func:`round_dyadic` and :func:`round_fraction` round an exact number. Large
  integers are handled by python-flint's ``fmpz`` (GMP/FLINT), and turned into text
  by :func:`decimal_text` through ``fmpz``'s own conversion, so Python's limit on
  int-to-str conversion (4 300 digits, ``sys.set_int_max_str_digits``) is never met
  and never lifted. At 100 000 digits ``str(fmpz)`` takes about 7 ms where
  ``str(decimal.Decimal(int))`` takes 0.2 s. A number whose binary exponent is too
  large for exact integers (``exp(10**9)`` is about ``2**(1.4e9)``) is scaled by
  ``10**-k`` in ball arithmetic at rising precision instead: such a number is never a
  tie, so the loop ends.
* :func:`decimal_digits` is the decimal Ziv loop: the enclosure of the value is
  narrowed until both of its ends round to the same ``N`` digits. It cannot end that
  way when the value *is* a rounding boundary, i.e. a tie (``1/4`` to one digit) or
  0, which ball arithmetic usually cannot see exactly (``sigmoid(x) + sigmoid(-x) -
  3/4`` at ``x = 1/2``). When the enclosure holds a single boundary and has reached
  twice the target precision, the problem's exact check (the exact prover, passed in
  by the caller: :class:`~tanhproof.numeric._enclosure.Problem`) is asked whether the
  value equals it, as :mod:`tanhproof.numeric._rounding` does for binary boundaries;
  a proved tie is rounded half to even.

Examples
========

>>> from fractions import Fraction
>>> round_fraction(Fraction(1, 4), 1)  # the tie 0.25: half to even gives 0.2
(2, -1)
>>> decimal_text(2, -1, 1)
'0.2'
>>> round_fraction(Fraction(-99951, 10), 3)  # -9995.1 -> -1.00e4: the carry moves the exponent
(-100, 4)
>>> decimal_text(-100, 4, 3)
'-1.00e+4'
>>> from tanhproof.numeric._enclosure import prepare
>>> from tanhproof.proof._exact import proved_equal      # the caller's exact check
>>> result = decimal_digits(prepare("sigmoid(x) + sigmoid(-x) - 3/4", {"x": "0.5"}, proved_equal), 1)
>>> result.text, result.correct  # exactly 1/4 (proved), so 0.2
('0.2', True)
>>> decimal_digits(prepare("1/8 - exp(-x)", {"x": 1000}), 2).text  # 0.12499...9 (434 nines): not 0.13
'0.12'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, NamedTuple

import flint

from tanhproof.expr._errors import LimitError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import arb_dyadic_bounds
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.numeric._enclosure import Enclosure, Problem, ziv_enclosures
from tanhproof.numeric._evaluate import check_digits, target_bits

__all__ = ["DecimalDigits", "decimal_digits", "decimal_text", "round_dyadic", "round_fraction"]

_LOG10_2 = math.log10(2)

#: Largest binary exponent that :func:`round_dyadic` rounds with exact integers; above
#: it the value is scaled in ball arithmetic (the integers would have that many bits).
_EXACT_EXPONENT = 1 << 22

#: Largest decimal exponent of a boundary (tie) offered to the exact prover.
_MAX_TIE_EXPONENT = 1 << 20


def _round_ratio(num: int, den: int, digits: int) -> tuple[int, int]:
    """``num/den`` (nonzero, ``den > 0``) rounded to ``digits`` significant digits, exactly."""
    sign = -1 if num < 0 else 1
    n0, d0 = flint.fmpz(abs(num)), flint.fmpz(den)
    low, high = flint.fmpz(10) ** (digits - 1), flint.fmpz(10) ** digits
    k = math.floor((n0.bit_length() - d0.bit_length()) * _LOG10_2)  # off by at most 1
    while True:
        s = digits - 1 - k
        n, d = (n0 * flint.fmpz(10) ** s, d0) if s >= 0 else (n0, d0 * flint.fmpz(10) ** -s)
        q, r = divmod(n, d)
        if q < low:
            k -= 1
        elif q >= high:
            k += 1
        else:
            break
    if 2 * r > d or (2 * r == d and q % 2 == 1):
        q += 1
    if q == high:
        q, k = low, k + 1
    return sign * int(q), k


def _nearest_integer(d: Dyadic) -> int:
    """``d`` rounded to an integer, half to even, exactly."""
    if d.exponent >= 0:
        return d.mantissa << d.exponent
    q, r = divmod(d.mantissa, 1 << -d.exponent)
    twice, unit = 2 * r, 1 << -d.exponent
    return q + 1 if twice > unit or (twice == unit and q % 2) else q


def _round_by_balls(mantissa: int, exponent: int, digits: int) -> tuple[int, int]:
    """:func:`round_dyadic` for an exponent too large for exact integers: ``v * 10**(N-1-k)``
    in arb at rising precision until its ends round to the same integer of ``N`` digits."""
    sign, m = (-1 if mantissa < 0 else 1), abs(mantissa)
    top = exponent + m.bit_length() - 1  # floor(log2 v)
    with flint.ctx.workprec(top.bit_length() + 64):
        estimate = flint.arb(flint.fmpz(top)) * flint.arb(2).log() / flint.arb(10).log()
        floor = estimate.mid().floor().unique_fmpz()  # an exact integer: floor(log10 v) or one less
        assert floor is not None
        k = int(floor)
    low, high = 10 ** (digits - 1), 10**digits
    bits = target_bits(digits) + 64
    while bits <= 4 * _EXACT_EXPONENT:
        s = digits - 1 - k
        with flint.ctx.workprec(bits + abs(s).bit_length() + 64):
            scaled = flint.arb((flint.fmpz(m), flint.fmpz(exponent))) * flint.arb(10) ** flint.fmpz(s)
        lower, upper = arb_dyadic_bounds(scaled)
        if upper < low:
            k -= 1
        elif lower >= high:
            k += 1
        elif lower >= low and upper < high and _nearest_integer(lower) == _nearest_integer(upper):
            q = _nearest_integer(lower)
            return (sign * low, k + 1) if q == high else (sign * q, k)
        elif lower < low <= upper and _near_power_of_ten(lower.as_fraction(), upper.as_fraction(), low):
            # within the ball of 10**(k + digits - 1) itself: rounded from either side of
            # the decade it is the same number, low at exponent k
            return sign * low, k
        elif lower < high <= upper and _near_power_of_ten(
            lower.as_fraction() / 10, upper.as_fraction() / 10, low
        ):
            return sign * low, k + 1  # the same around 10**(k + digits)
        else:
            bits *= 2
    # Not reached: a number this large is not a tie, so the ends agree at some precision.
    raise LimitError(f"cannot round a number near 2^{top} to {digits} decimal digits")


def _near_power_of_ten(lower: Fraction, upper: Fraction, low: int) -> bool:
    """Whether every value in ``[lower, upper]`` (which holds ``low = 10**(digits-1)``)
    rounds to ``low``: above it by less than half a unit, or below it by less than a
    twentieth (half a unit of the decade below)."""
    return upper - low < Fraction(1, 2) and low - lower < Fraction(1, 20)


def round_dyadic(value: Dyadic, digits: int) -> tuple[int, int]:
    """``(q, k)``: ``value`` rounded to ``digits`` significant digits, half to even.

    ``q`` has exactly ``digits`` digits (or is 0, with ``k = 0``) and carries the sign;
    ``k`` is the decimal exponent of the leading digit, so the rounded value is
    ``q * 10**(k - digits + 1)``. Exact at every size.

    Examples
    ========

    >>> round_dyadic(Dyadic(3, -3), 2)  # 0.375 is a tie: half to even gives 0.38
    (38, -1)
    >>> round_dyadic(Dyadic(1, 10**9), 5)  # 2^(10^9) = 4.612976001e+301029995 (mpmath, 40 digits)
    (46130, 301029995)
    """
    if value.mantissa == 0:
        return 0, 0
    m, e = value.mantissa, value.exponent
    if abs(e) > _EXACT_EXPONENT:
        return _round_by_balls(m, e, digits)
    return _round_ratio(m << e, 1, digits) if e >= 0 else _round_ratio(m, 1 << -e, digits)


def round_fraction(value: Fraction | int, digits: int) -> tuple[int, int]:
    """``(q, k)`` as :func:`round_dyadic`, for an exact rational ``value``."""
    value = Fraction(value)
    if value == 0:
        return 0, 0
    return _round_ratio(value.numerator, value.denominator, digits)


def decimal_value(q: int, k: int, digits: int) -> Fraction:
    """The exact number ``q * 10**(k - digits + 1)``."""
    t = k - digits + 1
    return Fraction(q * 10**t) if t >= 0 else Fraction(q, 10**-t)


def decimal_text(q: int, k: int, digits: int) -> str:
    """``q * 10**(k - digits + 1)`` as text, all ``digits`` digits shown: fixed notation
    for ``-5 <= k < digits``, else scientific with the exponent.

    >>> decimal_text(12345, 0, 5), decimal_text(12345, -7, 5), decimal_text(0, 0, 3)
    ('1.2345', '1.2345e-7', '0.00')
    """
    if q == 0:
        return "0." + "0" * max(digits - 1, 1)
    sign, d = ("-" if q < 0 else ""), flint.fmpz(abs(q)).str()
    if -5 <= k < digits:
        if k >= 0:
            whole, frac = d[: k + 1], d[k + 1 :]
        else:
            whole, frac = "0", "0" * (-k - 1) + d
        return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}.0"
    mantissa = d[0] + ("." + d[1:] if len(d) > 1 else ".0")
    return f"{sign}{mantissa}e{k:+d}"


class DecimalDigits(NamedTuple):
    """What :func:`decimal_digits` found: the text, the enclosure that fixed it, whether it
    is the correctly rounded value, and how it was decided (for reports)."""

    text: str
    enclosure: Enclosure
    correct: bool
    how: str


#: How :func:`decimal_digits` decided, for reports.
HOW_EXACT = "the enclosure is a single point: the exact value, rounded to {digits} digits (ties to even)"
HOW_NARROWED = (
    "arb enclosure narrowed until both ends round to the same {digits} digits "
    "(correctly rounded, ties to even)"
)
HOW_ZERO = "the value is exactly 0, proved by the exact prover"
HOW_TIE = (
    "the value is exactly halfway between two {digits}-digit decimals, proved by the exact "
    "prover: rounded half to even"
)
HOW_UNDECIDED = (
    "the arb enclosure at {bits} bits still holds the decimal rounding tie between "
    "last digits {a} and {b}, and the exact prover could not show the value equals "
    "it: the last digit may be off by one"
)


def _successor(r: tuple[int, int], digits: int) -> tuple[int, int]:
    """The next ``digits``-digit decimal above a positive one."""
    q, k = r
    return (10 ** (digits - 1), k + 1) if q + 1 == 10**digits else (q + 1, k)


def _tie_between(a: tuple[int, int], b: tuple[int, int], digits: int) -> Fraction | None:
    """The rounding boundary between the roundings ``a < b`` of two ends of one sign, if
    they are neighbours (else the enclosure holds several boundaries)."""
    sign = 1 if a[0] > 0 else -1
    lo, hi = sorted(((abs(a[0]), a[1]), (abs(b[0]), b[1])), key=lambda r: (r[1], r[0]))
    if _successor(lo, digits) != hi or max(abs(lo[1]), abs(hi[1])) > _MAX_TIE_EXPONENT:
        return None
    return sign * (decimal_value(*lo, digits) + decimal_value(*hi, digits)) / 2


class _Cap(Exception):
    """The loop reached its precision cap (the undecided case is built from it)."""

    def __init__(self, error: Exception | None):
        super().__init__()
        self.error = error


def decimal_digits(problem: Problem, digits: int) -> DecimalDigits:
    """``digits`` significant decimal digits of the value, correctly rounded (half to even).

    Explanation
    ===========

    The decimal target of the one Ziv loop: the ends of the enclosure
    (:func:`tanhproof.numeric._enclosure.ziv_enclosures`, from ``ceil(digits*log2(10)) + 36`` bits,
    doubling) are rounded exactly by
    :func:`round_dyadic`; when they agree, every value in between rounds the same way,
    the true one included. When the enclosure holds exactly one rounding boundary (a
    tie, or 0 for an enclosure around 0), the exact prover is asked once, from twice
    the target precision on, whether the value is that boundary; a proved tie is
    rounded half to even, a proved 0 is 0.

    If neither happens by ``LIMITS.max_evaluation_bits`` of working precision, the value
    is within ``2**-1500000`` (relative) of a tie that the prover could not confirm:
    the result then has ``correct=False``, the text is one of the two neighbours, and
    ``how`` says so. An enclosure that still holds 0, or several boundaries, raises
    :class:`~tanhproof.LimitError`.

    Examples
    ========

    >>> from tanhproof.numeric._enclosure import prepare
    >>> decimal_digits(prepare("1/4 - exp(-x)", {"x": 60}), 1).text  # 0.2499999...: not 0.3
    '0.2'
    >>> from tanhproof.proof._exact import proved_equal
    >>> r = decimal_digits(prepare("sech(x)**2 - (1 - tanh(x)**2)", {"x": "0.5"}, proved_equal), 5)
    >>> r.text, r.correct, r.how
    ('0.0000', True, 'the value is exactly 0, proved by the exact prover')
    >>> decimal_digits(prepare("exp(x)", {"x": 10000}), 5).text  # e^10000 = 8.806818226e+4342 (mpmath, 40 digits)
    '8.8068e+4342'
    """
    digits = check_digits(digits)
    bits = target_bits(digits)
    max_bits = LIMITS.max_evaluation_bits
    asked: set[Fraction] = set()
    state: dict[str, Any] = {"last": None, "candidate": None}

    def decide(enclosure: Enclosure) -> DecimalDigits | None:
        state["last"] = enclosure
        lower, upper = enclosure.lower_dyadic, enclosure.upper_dyadic
        if enclosure.is_exact:
            text = decimal_text(*round_dyadic(lower, digits), digits)
            return DecimalDigits(text, enclosure, True, HOW_EXACT.format(digits=digits))
        if lower > 0 or upper < 0:
            a, b = round_dyadic(lower, digits), round_dyadic(upper, digits)
            if a == b:
                return DecimalDigits(
                    decimal_text(*a, digits), enclosure, True, HOW_NARROWED.format(digits=digits)
                )
            candidate = _tie_between(a, b, digits)
        else:
            candidate = Fraction(0)
        state["candidate"] = candidate
        # Each tie (or 0) the enclosure holds is put to the exact prover once.
        if candidate is not None and candidate not in asked and enclosure.bits >= 2 * bits:
            asked.add(candidate)
            if problem.equals(candidate):
                text = decimal_text(*round_fraction(candidate, digits), digits)
                how = HOW_ZERO if candidate == 0 else HOW_TIE.format(digits=digits)
                return DecimalDigits(text, enclosure, True, how)
        return None

    try:
        return ziv_enclosures(
            problem, decide, start_bits=bits + 32, max_bits=max_bits, give_up=lambda _cap, error: _Cap(error)
        )
    except _Cap as cap:
        last, candidate = state["last"], state["candidate"]
        if last is None:
            raise cap.error or LimitError(f"could not evaluate {problem.expr}") from None
    if candidate is None or candidate == 0:
        hint = "; the value may be 0" if candidate == 0 else ""
        raise LimitError(
            f"could not reach {digits} digits of {problem.expr} at {problem.describe_point()} within "
            f"{max_bits} bits of working precision (enclosure {last}){hint}"
        )
    a, b = round_dyadic(last.lower_dyadic, digits), round_dyadic(last.upper_dyadic, digits)
    how = HOW_UNDECIDED.format(bits=last.bits, a=abs(a[0]) % 10, b=abs(b[0]) % 10)
    return DecimalDigits(decimal_text(*a, digits), last, False, how)
