"""Reading input completely: the parser's syntax, then the constants decided by value.

The parser (:mod:`tanhproof.expr._parser`) builds the expression as written and
records the real-domain condition of every construct and the constants whose size
is bounded. Whether ``atanh(2)`` is a real number, or whether the argument of
``exp(exp(exp(exp(3))))`` is too large to handle, is a question about values, so it
is decided here, with ``arb`` (:mod:`tanhproof.numeric._conditions`): this is the
reader every other room uses, and :func:`tanhproof.parse` is its public face.

Examples
========

>>> parse("1 - tanh(x)**2")
1 - tanh(x)**2
>>> parse("0.1 + x")
x + 1/10
>>> expr, conditions = parse_with_conditions("log(x) + atanh(1/2)")
>>> expr, [str(c) for c in conditions]         # |1/2| < 1 holds everywhere: dropped
(log(x) + atanh(1/2), ['x > 0'])
>>> parse("atanh(2)")
Traceback (most recent call last):
...
tanhproof.DomainError: atanh(2) is undefined (a constant outside the domain, so at every point): needs |2| < 1
>>> parse("exp(exp(exp(exp(3))))")
Traceback (most recent call last):
...
tanhproof.LimitError: the constant in exp(...) exceeds 1.84e+19 in size, the limit for a constant argument of exp, the hyperbolic functions or an exponent (LIMITS.max_constant_argument) (at column 1 of 'exp(exp(exp(exp(3))))')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import sympy

from tanhproof.expr._claims import ClaimReading, read_claim
from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import ConstantBound, Reading, read
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._conditions import resolve_constants

__all__ = ["parse", "parse_claim", "parse_with_conditions"]


def _check_bound(reading: Reading, bound: ConstantBound) -> None:
    """Refuse a constant argument (or exponent) beyond ``LIMITS.max_constant_argument``.

    An ``arb`` ball at 64 bits decides the size; a constant that is itself undefined
    is reported by its own domain condition instead.
    """
    limit = LIMITS.max_constant_argument
    try:
        ok = bool(abs(arb_eval(bound.value, {}, 64)) < limit)
    except TanhproofError:
        ok = True
    if not ok:
        raise LimitError(
            f"the constant in {bound.where} exceeds {limit:.3g} in size, the limit for a constant "
            "argument of exp, the hyperbolic functions or an exponent (LIMITS.max_constant_argument)",
            text=reading.text,
            position=bound.position,
        )


def parse_with_conditions(
    text: Any, equals: Callable[[sympy.Expr, int], bool | None] | None = None
) -> tuple[sympy.Expr, tuple[Condition, ...]]:
    """Parse ``text`` (see :func:`tanhproof.expr._parser.read` for the grammar) and
    decide the conditions on constants; return the expression and the conditions
    left, those on variables (and any constant one that cannot be decided).

    ``equals(expr, b)`` is asked whether a constant sitting exactly on its condition's
    boundary ``b`` equals it (the prover passes an exact decision; without it such a
    condition is returned undecided). Raises :class:`~tanhproof.ParseError`,
    :class:`~tanhproof.LimitError` or, for a construct whose constant argument is
    outside its domain, :class:`~tanhproof.DomainError`.
    """
    reading = read(text)
    try:
        for bound in reading.bounds:
            _check_bound(reading, bound)
        return reading.expr, resolve_constants(reading.conditions, equals)
    except RecursionError:
        raise LimitError(
            f"expression nested deeper than the limit of {LIMITS.max_depth}", text=reading.text
        ) from None


def parse(text: Any) -> sympy.Expr:
    """The expression of :func:`parse_with_conditions`: text to SymPy, safely.

    >>> parse("tanh(x/2)")
    tanh(x/2)
    """
    return parse_with_conditions(text)[0]


def parse_claim(text: Any, equals: Callable[[sympy.Expr, int], bool | None] | None = None) -> ClaimReading:
    """Read a claim such as ``"-1 < tanh(x) < 1"`` completely
    (:func:`tanhproof.expr._claims.read_claim`), checking each side's constants as
    :func:`parse_with_conditions` does: each side's ``conditions`` are those left
    (on variables, or undecided).

    >>> c = parse_claim("log(x) < atanh(1/2)")
    >>> c.relations, [[str(k) for k in s.conditions] for s in c.sides]
    (('<',), [['x > 0'], []])
    """
    claim = read_claim(text)
    sides = []
    try:
        for side in claim.sides:
            for bound in side.bounds:
                _check_bound(side, bound)
            sides.append(dataclasses.replace(side, conditions=resolve_constants(side.conditions, equals)))
    except RecursionError:
        raise LimitError(
            f"expression nested deeper than the limit of {LIMITS.max_depth}", text=claim.text
        ) from None
    return dataclasses.replace(claim, sides=tuple(sides))
