"""Points exactly on a domain's edge (issue 10's class "no non-existent value", both ways).

``sqrt(x - 1/3)`` at ``x = 1/3`` is 0: it exists. Ball arithmetic cannot show that (the
ball of ``x - 1/3`` straddles 0 at every precision), and tanhproof used to call such a
point undefined (a DomainError from ``evaluate``, NaN from ``round_to``). A condition that
balls neither certify nor refute is now decided exactly on its edge (exact rational
arithmetic for a rational argument, the exact prover otherwise), and the argument is
taken at the edge's value. Expected values are exact by construction: the construct at
its edge is ``sqrt(0) = acosh(1) = 0`` where defined, and undefined for ``log(0)``,
``atanh(+-1)``, ``1/0``, ``coth(0)``, ``csch(0)``; the outer wrapper (``tanh(e)``, ``e + x``,
``2*e``) is then evaluated at that value by mpmath at 200 bits. ``round_to`` at an undefined
point gives NaN, or the pole's infinity where IEEE 754 has one (``log(0) = -inf``).
"""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given, settings
from strategies import domain_edges

import tanhproof as tp
from tanhproof import DomainError

_FORMATS = ("binary16", "bfloat16", "binary32", "binary64")
_MODES = ("nearest", "up", "down", "zero")


def _expected(text: str, point) -> mpmath.mpf:
    """The exact value when the construct inside is 0: the wrapper evaluated at 0."""
    x = mpmath.mpf(point.numerator) / point.denominator
    if text.startswith("tanh("):
        return mpmath.mpf(0)  # tanh(0)
    if text.endswith(" + x"):
        return x
    return mpmath.mpf(0)


@settings(max_examples=60, deadline=None)
@given(domain_edges())
def test_a_point_on_a_domain_edge_is_decided_exactly(case):
    text, point, defined = case
    at = f"{point.numerator}/{point.denominator}"
    if not defined:
        with pytest.raises(DomainError, match="is undefined at"):
            tp.evaluate(text, digits=20, x=at)
        for fmt in _FORMATS:  # NaN, or a pole's infinity as IEEE 754 gives it (log(0) = -inf)
            assert not math.isfinite(float(tp.round_to(text, fmt, x=at))), (text, fmt)
        return
    with mpmath.workprec(200):
        expected = _expected(text, point)
    value = tp.evaluate(text, digits=20, x=at)
    assert value == expected or abs(value - expected) <= abs(expected) * mpmath.mpf(10) ** -19
    for fmt in _FORMATS:
        for mode in _MODES:
            got = float(tp.round_to(text, fmt, mode, x=at))
            if expected == 0:
                assert got == 0.0 and math.copysign(1.0, got) == 1.0, (text, fmt, mode)
            else:
                assert got == float(tp.round_to(f"{point.numerator}/{point.denominator}", fmt, mode))


def test_the_example_of_the_docstring():
    assert tp.evaluate("sqrt(x - 1/3)", digits=15, x="1/3") == 0
    assert float(tp.round_to("acosh(3*x)", "binary32", x="1/3")) == 0.0
    with pytest.raises(DomainError, match=r"log\(x - 1/3\) is undefined at x = 1/3"):
        tp.evaluate("log(x - 1/3)", x="1/3")
