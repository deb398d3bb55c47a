"""Quotients of exact multivariate polynomials, with size guards.

:class:`RationalForm` is ``num/den`` for two python-flint ``fmpq_mpoly`` of one ring.
It is the arithmetic of :mod:`tanhproof.proof._exprational`: sums cancel common factors of
the denominators, products cancel across, and every result is checked against
``LIMITS.max_terms``; powers and products whose size can be bounded in advance are
refused *before* flint starts on them. The guards count work (degrees, terms, term
pairs), never seconds, so a conversion succeeds or stops alike on every machine.

Examples
========

>>> import flint
>>> from tanhproof.proof._exprational import RationalContext
>>> from tanhproof.numeric._reading import parse
>>> ctx = RationalContext.for_expressions([parse("tanh(x)")])
>>> t = ctx.convert(parse("tanh(x)"))
>>> (t * t.inverse()).reduced().num == 1
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import flint

from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS

__all__ = ["RationalForm", "check_power_degree", "check_size"]

_MAX_PRODUCT_WORK = 50 * LIMITS.max_terms  # term pairs one multiplication may touch


def check_power_degree(degree: int, n: int) -> None:
    """Raise :class:`~tanhproof.LimitError` before building the ``n``-th power of a
    polynomial of ``degree`` past ``LIMITS.max_degree``."""
    if degree * n > LIMITS.max_degree:
        raise LimitError(
            f"power {n} of a polynomial of degree {degree} exceeds the degree limit "
            f"max_degree={LIMITS.max_degree}"
        )


def check_size(num: flint.fmpq_mpoly, den: flint.fmpq_mpoly) -> None:
    """Raise :class:`~tanhproof.LimitError` for a numerator or denominator with more
    than ``LIMITS.max_terms`` terms."""
    if len(num) > LIMITS.max_terms or len(den) > LIMITS.max_terms:
        raise LimitError(
            f"intermediate polynomial with {max(len(num), len(den))} terms exceeds "
            f"the limit max_terms={LIMITS.max_terms}"
        )


@dataclass
class RationalForm:
    """``num/den``, two ``fmpq_mpoly`` of the ring of one
    :class:`~tanhproof.proof._exprational.RationalContext`, ``ctx``."""

    num: flint.fmpq_mpoly
    den: flint.fmpq_mpoly
    # The RationalContext (not imported: the context builds on this module); the
    # arithmetic only carries it over to its results.
    ctx: Any = field(repr=False)

    def _new(self, num, den) -> RationalForm:
        check_size(num, den)
        return RationalForm(num, den, self.ctx)

    def __add__(self, other: RationalForm) -> RationalForm:
        if self.den == other.den:
            return self._new(self.num + other.num, self.den)
        g = self.den.gcd(other.den)
        a, b = self.den / g, other.den / g
        return self._new(self.num * b + other.num * a, self.den * b)

    def __neg__(self) -> RationalForm:
        return RationalForm(-self.num, self.den, self.ctx)

    def __sub__(self, other: RationalForm) -> RationalForm:
        return self + (-other)

    def __mul__(self, other: RationalForm) -> RationalForm:
        work = max(len(self.num) * len(other.num), len(self.den) * len(other.den))
        if work > _MAX_PRODUCT_WORK:
            raise LimitError(
                f"a product of polynomials with {max(len(self.num), len(self.den))} and "
                f"{max(len(other.num), len(other.den))} terms is too large (limit max_terms={LIMITS.max_terms})"
            )
        if self.den.is_one() and other.den.is_one():
            return self._new(self.num * other.num, self.den)
        g1 = self.num.gcd(other.den)
        g2 = other.num.gcd(self.den)
        return self._new((self.num / g1) * (other.num / g2), (self.den / g2) * (other.den / g1))

    def inverse(self) -> RationalForm:
        if self.num.is_zero():
            raise TanhproofError("division by an expression that is identically zero")
        return RationalForm(self.den, self.num, self.ctx)

    def __pow__(self, n: int) -> RationalForm:
        base = self if n >= 0 else self.inverse()
        n = abs(n)
        check_power_degree(max(base.num.total_degree(), base.den.total_degree()), n)
        for poly in (base.num, base.den):
            if _power_terms_bound(poly, n) > LIMITS.max_terms:
                raise LimitError(
                    f"power {n} of a polynomial with {len(poly)} terms in {len(_used(poly))} generators "
                    f"could have more than max_terms={LIMITS.max_terms} terms"
                )
        return self._new(base.num**n, base.den**n)

    def reduced(self) -> RationalForm:
        """The same quotient with ``gcd(num, den)`` cancelled."""
        g = self.num.gcd(self.den)
        return RationalForm(self.num / g, self.den / g, self.ctx)

    def key(self) -> tuple[str, str]:
        """A canonical key: reduced, with the denominator's leading coefficient 1."""
        r = self.reduced()
        lc = r.den.leading_coefficient()
        return str(r.num / lc), str(r.den / lc)


def _used(poly) -> list[int]:
    return [d for d in poly.degrees() if d]


def _power_terms_bound(poly, n: int) -> int:
    """An upper bound on the number of terms of ``poly**n``."""
    if len(poly) <= 1:
        return 1
    dense = 1
    for d in _used(poly):
        dense *= d * n + 1
        if dense > 10**12:
            break
    return min(math.comb(len(poly) + n - 1, n), dense)
