"""Arbitrary-precision values with a guaranteed number of correct digits.

:func:`evaluate` returns an mpmath number whose relative error is below
``10**-digits``, for up to :data:`LIMITS.max_digits <tanhproof.expr._limits.LIMITS>`
(100 000) digits. It is computed from rigorous enclosures (:mod:`tanhproof.numeric._enclosure`),
not by trusting a working precision: the precision is raised (a Ziv loop) until the
enclosure is narrow enough relative to its value, so cancellation such as
``tanh(x) - 1`` at ``x = 20`` costs time, never accuracy.

A value that is exactly zero but not visibly so to ball arithmetic
(``sech(x)**2 - (1 - tanh(x)**2)``) cannot be narrowed to a relative error; once the
enclosure is tight around 0, the caller's exact check decides whether the value at
the point is 0 (``exact``; :func:`tanhproof.evaluate` passes the exact prover, which
this room cannot import). If it is not proved, :func:`evaluate` raises rather than
guess.

The value is a binary number; its correctly rounded *decimal* digits, as ``tanhproof
eval`` prints them, come from :func:`tanhproof.numeric._decimals.decimal_digits`.

Examples
========

>>> import mpmath
>>> from tanhproof import evaluate
>>> v = evaluate("tanh(x)", digits=30, x="0.5")
>>> mpmath.nstr(v, 30)  # tanh(1/2), mpmath.tanh at 60 digits: 0.46211715726000975850231848364...
'0.462117157260009758502318483644'
>>> mpmath.nstr(evaluate("diff(tanh(x), x)", x=0.5), 20)  # sech^2(1/2) = 0.786447732965927410149699 (mpmath, 60 digits)
'0.78644773296592741015'
>>> evaluate("sech(x)**2 - (1 - tanh(x)**2)", x="0.5")  # proved exactly 0 at the point
mpf('0.0')
>>> evaluate("coth(x)", x=0)
Traceback (most recent call last):
...
tanhproof.DomainError: coth(x) is undefined at x = 0: needs x != 0
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
from mpmath.libmp import from_man_exp

from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._enclosure import Enclosure, ExactCheck, Problem, prepare, ziv_enclosures
from tanhproof.numeric._singlevalue import first_value

__all__ = ["check_digits", "evaluate", "evaluate_at", "evaluated", "target_bits", "to_mpf"]

_LOG2_10 = math.log2(10)


def check_digits(digits: Any) -> int:
    """Validate a number of digits: an int in ``1 .. LIMITS.max_digits``.

    >>> check_digits(0)
    Traceback (most recent call last):
    ...
    tanhproof.TanhproofError: digits must be at least 1, got 0
    """
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise TanhproofError(f"digits must be an integer, got {digits!r}")
    if digits < 1:
        raise TanhproofError(f"digits must be at least 1, got {digits}")
    if digits > LIMITS.max_digits:
        raise LimitError(f"digits={digits} exceeds the limit of {LIMITS.max_digits}")
    return digits


def target_bits(digits: int) -> int:
    """Binary precision whose unit roundoff is below ``10**-digits`` with margin."""
    return math.ceil(digits * _LOG2_10) + 4


def to_mpf(enclosure: Enclosure, bits: int) -> mpmath.mpf:
    """The enclosure's midpoint rounded to ``bits`` (round-to-nearest), as an mpmath number."""
    man, exp = enclosure.ball.mid().man_exp()
    return mpmath.mp.make_mpf(from_man_exp(int(man), int(exp), bits, "n"))


def _accurate(enclosure: Enclosure, bits: int) -> bool:
    """Relative radius below ``2**-(bits+2)``.

    Arb's ``rel_accuracy_bits`` is ``top bit of |mid| - top bit of rad - 1``, so
    ``rad / |mid| < 2**-accuracy`` rigorously; a ball containing 0 has negative accuracy.
    Then the midpoint is within ``2**-(bits+1)`` of the true value, relatively, and
    rounding it to ``bits`` bits keeps the total below ``2**-(bits-1)``.
    """
    return enclosure.ball.rel_accuracy_bits() >= bits + 2


def evaluate(expr: Any, digits: int = 50, *, exact: ExactCheck | None = None, **point: Any) -> mpmath.mpf:
    """The value of ``expr`` at ``point``, correct to ``digits`` significant digits:
    :func:`tanhproof.evaluate`, which documents it, without the exact prover.

    ``exact`` decides a value that is exactly 0 (see
    :class:`~tanhproof.numeric._enclosure.Problem`); without it such a value, when ball
    arithmetic never sees it exactly, raises :class:`~tanhproof.LimitError`.

    >>> import mpmath
    >>> mpmath.nstr(evaluate("1 - tanh(x)", digits=15, x=20), 15)  # 2/(e^40 + 1), mpmath at 60 digits
    '8.49670851058318e-18'
    """
    return evaluate_at(expr, digits, point, exact)


#: ``target_bits`` of the common digit counts, computed once (the single-value hot path).
_TARGET_BITS = tuple(math.ceil(d * _LOG2_10) + 4 for d in range(1001))
_TABLED = len(_TARGET_BITS)


def evaluate_at(expr: Any, digits: int, point: dict[str, Any], exact: ExactCheck | None = None) -> mpmath.mpf:
    """:func:`evaluate` with the point as a dict: the cached plan and the Ziv loop's first
    step as one arb call (:func:`tanhproof.numeric._singlevalue.first_value`), else the
    full loop."""
    if type(digits) is int and 0 < digits < _TABLED:
        bits = _TARGET_BITS[digits]
    else:
        bits = target_bits(check_digits(digits))
    fast = first_value(expr, bits, point)
    if fast is not None:
        return fast
    return evaluated(prepare(expr, point, exact), digits)[0]


def evaluated(problem: Problem, digits: int) -> tuple[mpmath.mpf, Enclosure]:
    """The value and the enclosure that fixed it, from the one Ziv loop
    (:func:`tanhproof.numeric._enclosure.ziv_enclosures`): the precision doubles until the
    enclosure is exact or narrow enough; an enclosure around 0 asks the problem's exact
    check once whether the value is 0."""
    bits = target_bits(digits)
    seen: list[Enclosure] = []

    def decide(enclosure: Enclosure) -> tuple[mpmath.mpf, Enclosure] | None:
        seen[:] = [enclosure]
        if enclosure.is_exact or _accurate(enclosure, bits):
            return to_mpf(enclosure, bits), enclosure
        return None

    def zero(enclosure: Enclosure) -> tuple[mpmath.mpf, Enclosure] | None:
        if enclosure.ball.contains(0) and problem.equals(0):
            return mpmath.mp.make_mpf(from_man_exp(0, 0, bits, "n")), enclosure
        return None

    def give_up(max_bits: int, error: Exception | None) -> Exception:
        last = seen[0] if seen else None
        if last is None and error is not None:
            return error
        hint = "; the value may be 0" if last is not None and last.ball.contains(0) else ""
        return LimitError(
            f"could not reach {digits} digits of {problem.expr} at {problem.describe_point()} within "
            f"{max_bits} bits of working precision (enclosure {last}){hint}"
        )

    return ziv_enclosures(
        problem,
        decide,
        start_bits=bits + 32,
        max_bits=LIMITS.max_evaluation_bits,
        boundary=zero,
        give_up=give_up,
    )
