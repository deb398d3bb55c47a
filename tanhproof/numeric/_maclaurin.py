r"""Exact Maclaurin coefficients of tanh and its family, and the tangent numbers.

:func:`taylor_coefficients` gives the exact rational coefficients of the Maclaurin
series of the functions that have rational ones (:data:`RATIONAL_TAYLOR_FUNCTIONS`),
computed with exact rational power series (python-flint ``fmpq_series``);
:func:`tangent_numbers` gives the tangent numbers (OEIS A000182) with integers only,
since :math:`\tanh^{(2k-1)}(0) = (-1)^{k-1} T_k`. Rigorous n-th derivatives at any
point are in :mod:`tanhproof.numeric._taylor`, which reads an exactly zero derivative
at 0 from these coefficients.

Examples
========

>>> taylor_coefficients("tanh", 8)
[Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(-1, 3), Fraction(0, 1), Fraction(2, 15), Fraction(0, 1), Fraction(-17, 315)]
>>> tangent_numbers(5)
[1, 2, 16, 272, 7936]
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import flint
from flint import fmpq_series

from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS

__all__ = [
    "RATIONAL_TAYLOR_FUNCTIONS",
    "check_name",
    "series_context",
    "tangent_numbers",
    "taylor_coefficients",
]

#: Functions whose Maclaurin coefficients are rational (:func:`taylor_coefficients`).
RATIONAL_TAYLOR_FUNCTIONS = ("asinh", "atanh", "cosh", "exp", "sech", "sigmoid", "sinh", "tanh")


@contextmanager
def series_context(prec: int, cap: int) -> Iterator[None]:
    """Set ``flint.ctx.prec`` and the series length ``flint.ctx.cap``, restoring both."""
    old = flint.ctx.prec, flint.ctx.cap
    flint.ctx.prec, flint.ctx.cap = prec, cap
    try:
        yield
    finally:
        flint.ctx.prec, flint.ctx.cap = old


def check_name(name: str, allowed: tuple[str, ...], what: str) -> None:
    """Raise :class:`~tanhproof.TanhproofError` unless ``name`` is one of ``allowed``."""
    if name not in allowed:
        raise TanhproofError(f"{what} not available for {name!r}; choose one of {', '.join(allowed)}")


def taylor_coefficients(name: str, terms: int) -> list[Fraction]:
    """The exact Maclaurin coefficients ``c_0, ..., c_(terms-1)`` of ``name``.

    Explanation
    ===========

    Computed with exact rational power series (``flint.fmpq_series``) from the
    definitions: ``tanh``, ``sinh``, ``cosh``, ``exp``, ``atanh``, ``asinh`` by their
    series functions, ``sech = 1/cosh`` and ``sigmoid = 1/(1 + exp(-x))``. Only
    functions with rational coefficients are accepted (:data:`RATIONAL_TAYLOR_FUNCTIONS`);
    ``coth`` and ``csch`` have a pole at 0, ``log`` a singularity, and ``softplus``,
    ``erf``, ``acosh`` irrational or no coefficients.

    Examples
    ========

    >>> [str(c) for c in taylor_coefficients("sech", 7)]
    ['1', '0', '-1/2', '0', '5/24', '0', '-61/720']
    >>> taylor_coefficients("coth", 3)
    Traceback (most recent call last):
    ...
    tanhproof.TanhproofError: coth has a pole at 0: no Maclaurin series; rational coefficients for asinh, atanh, cosh, exp, sech, sigmoid, sinh, tanh
    """
    allowed = ", ".join(RATIONAL_TAYLOR_FUNCTIONS)
    if name in ("coth", "csch"):
        raise TanhproofError(
            f"{name} has a pole at 0: no Maclaurin series; rational coefficients for {allowed}"
        )
    check_name(name, RATIONAL_TAYLOR_FUNCTIONS, "rational Maclaurin coefficients are")
    if isinstance(terms, bool) or not isinstance(terms, int) or terms < 0:
        raise TanhproofError(f"terms must be a non-negative integer, got {terms!r}")
    if terms > LIMITS.max_derive_order + 1:
        raise LimitError(f"terms {terms} exceeds the limit of {LIMITS.max_derive_order + 1}")
    if terms == 0:
        return []
    with series_context(flint.ctx.prec, terms):
        h = fmpq_series([0, 1], prec=terms)
        if name == "sech":
            s = 1 / fmpq_series.cosh(h)
        elif name == "sigmoid":
            s = 1 / (1 + fmpq_series.exp(-h))
        else:
            s = getattr(fmpq_series, name)(h)
        coeffs = s.coeffs()
    out = [Fraction(int(c.p), int(c.q)) for c in coeffs]
    return out + [Fraction(0)] * (terms - len(out))


def tangent_numbers(count: int) -> list[int]:
    """The first ``count`` tangent numbers ``T_1, T_2, ...`` (OEIS A000182).

    Explanation
    ===========

    ``tan x = sum T_k x^(2k-1)/(2k-1)!``, so ``tanh^(2k-1)(0) = (-1)^(k-1) T_k``.
    Computed with integers only by the boustrophedon recurrence of Knuth and
    Buckholtz (Math. Comp. 21 (1967) 663-688), ``O(count^2)`` additions.

    Examples
    ========

    >>> tangent_numbers(6)
    [1, 2, 16, 272, 7936, 353792]
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise TanhproofError(f"count must be a non-negative integer, got {count!r}")
    if count > LIMITS.max_derive_order:
        raise LimitError(f"count {count} exceeds the limit of {LIMITS.max_derive_order}")
    if count == 0:
        return []
    t = [0] * (count + 1)
    t[1] = 1
    for k in range(2, count + 1):
        t[k] = (k - 1) * t[k - 1]
    for k in range(2, count + 1):
        for j in range(k, count + 1):
            t[j] = (j - k) * t[j - 1] + (j - k + 2) * t[j]
    return t[1:]
