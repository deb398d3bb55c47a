"""Intervals of one real variable, with exact rational ends: where a claim is asked.

An inequality or a shape claim holds on a set of one variable's values: the whole
line, or an interval such as ``x >= 0`` (``--where``). Ends are exact rationals or
infinite (``None``); each finite end is open or closed.

Examples
========

>>> from fractions import Fraction
>>> Interval(lo=Fraction(0), lo_closed=True)
Interval(lo=Fraction(0, 1), hi=None, lo_closed=True, hi_closed=False)
>>> str(Interval(lo=Fraction(0), lo_closed=True)), str(Interval())
('[0, oo)', '(-oo, oo)')
>>> Interval(Fraction(-1), Fraction(1)).contains(Fraction(1)), Interval(Fraction(-1), Fraction(1), True, True).contains(Fraction(1))
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Interval"]


@dataclass(frozen=True)
class Interval:
    """``lo < x < hi`` (``lo_closed``/``hi_closed``: ``<=``); ``None`` is an infinite end."""

    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_closed: bool = False
    hi_closed: bool = False

    def __post_init__(self) -> None:
        if (self.lo is None and self.lo_closed) or (self.hi is None and self.hi_closed):
            raise ValueError("an infinite end cannot be closed")
        if self.lo is not None and self.hi is not None:
            if self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed)):
                raise ValueError(f"empty interval {self}")

    @property
    def whole_line(self) -> bool:
        """Whether this is the whole real line."""
        return self.lo is None and self.hi is None

    def contains(self, x: Fraction) -> bool:
        """Whether the rational ``x`` lies in the interval."""
        if self.lo is not None and (x < self.lo or (x == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and not self.hi_closed)))

    def __str__(self) -> str:
        lo = "-oo" if self.lo is None else str(self.lo)
        hi = "oo" if self.hi is None else str(self.hi)
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"
