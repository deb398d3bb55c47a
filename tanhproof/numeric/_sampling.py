"""Sample an expression on a grid for plotting: values, with gaps where undefined.

:func:`sample` evaluates an expression of one variable at evenly spaced exact
points with :func:`tanhproof.evaluate` (17 correct significant digits) and returns
them as binary64 floats (within one binary64 ulp: enough for a figure); where the
expression is undefined (a pole, outside the domain: a
:class:`~tanhproof.DomainError`) the value is ``None``, a gap in the curve. The grid points are exact rationals
``start + k*(stop - start)/(points - 1)``.

Examples
========

>>> s = sample("tanh(x)", -1, 1, points=3)
>>> s.xs
(-1.0, 0.0, 1.0)
>>> [round(y, 12) for y in s.ys]  # tanh(1) = 0.761594155955764888... (mpmath, 30 digits)
[-0.761594155956, 0.0, 0.761594155956]
>>> sample("coth(x)", -1, 1, points=3).ys[1] is None  # pole at 0: a gap
True
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tanhproof.expr._errors import DomainError, ParseError, TanhproofError
from tanhproof.numeric._enclosure import ExactCheck

__all__ = ["MAX_POINTS", "Samples", "sample"]

#: Most points one call may sample.
MAX_POINTS = 10_001


@dataclass(frozen=True)
class Samples:
    """``ys[k]`` is the value at ``xs[k]`` rounded to binary64, or ``None`` (undefined)."""

    expr: str
    variable: str
    xs: tuple[float, ...]
    ys: tuple[float | None, ...]


def sample(
    expr: Any,
    start: Any,
    stop: Any,
    points: int = 201,
    variable: str = "x",
    *,
    exact: ExactCheck | None = None,
) -> Samples:
    """Values of ``expr`` at ``points`` evenly spaced points of ``[start, stop]``.

    ``start`` and ``stop`` are read exactly (ints, Fractions, decimal strings such
    as ``"-4.5"``); ``points`` is between 2 and :data:`MAX_POINTS`. ``exact`` decides
    values that are exactly 0 (the Sphinx extension passes the exact prover; see
    :class:`~tanhproof.numeric._enclosure.Problem`). Raises
    :class:`~tanhproof.ParseError` for a bad range or expression.

    Examples
    ========

    >>> sample("diff(tanh(x), x)", 0, 0, points=2)
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: empty range [0, 0]; need start < stop
    """
    from tanhproof.numeric._evaluate import evaluate
    from tanhproof.numeric._reading import parse

    a, b = _exact(start), _exact(stop)
    if not a < b:
        raise ParseError(f"empty range [{start}, {stop}]; need start < stop")
    if not 2 <= int(points) <= MAX_POINTS:
        raise ParseError(f"points {points!r} out of range; choose 2 to {MAX_POINTS}")
    parsed = parse(expr) if isinstance(expr, str) else expr
    n = int(points)
    xs: list[float] = []
    ys: list[float | None] = []
    for k in range(n):
        x = a + (b - a) * k / (n - 1)
        xs.append(float(x))
        try:
            ys.append(float(evaluate(parsed, digits=17, exact=exact, **{variable: x})))
        except DomainError:
            ys.append(None)
    return Samples(str(expr), variable, tuple(xs), tuple(ys))


def _exact(value: Any) -> Fraction:
    """A range end taken exactly, as every point value is (:func:`tanhproof.expr._points.exact_value`)."""
    from tanhproof.expr._points import exact_value

    try:
        return exact_value(value)
    except TanhproofError:
        raise ParseError(f"not a number: {value!r}") from None
