"""Exact values at a point: the prover as the numeric room's boundary check.

Ball arithmetic cannot narrow onto a value that sits exactly on a rounding boundary
(0 for a relative error, a decimal tie, a binary midpoint) unless it happens to see
it exactly. The Ziv loops of the numeric room then ask their problem's exact check
(:class:`tanhproof.numeric._enclosure.Problem`); :func:`proved_equal` is that check,
deciding with the exact prover whether the value at the point equals the rational.
The numeric room never imports it: the public functions pass it in
(:mod:`tanhproof._api`), as do the front ends.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.numeric._enclosure import prepare
>>> proved_equal(prepare("sech(x)**2 + tanh(x)**2", {"x": "0.5"}), 1)
True
>>> proved_equal(prepare("sigmoid(x)", {"x": "0.5"}), Fraction(1, 2))
False
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._enclosure import Problem
from tanhproof.proof._prover import prove
from tanhproof.proof._records import Verdict

__all__ = ["proved_equal"]


def proved_equal(problem: Problem, value: Fraction | int) -> bool:
    """Whether the exact prover proves that the value of ``problem`` at its point is
    ``value``. ``False`` means "not proved" (refuted, or undecided), never an error."""
    value = Fraction(value)
    try:
        claim = prove(problem.constant(), sympy.Rational(value.numerator, value.denominator))
    except TanhproofError:
        return False
    return claim.verdict is Verdict.PROVED
