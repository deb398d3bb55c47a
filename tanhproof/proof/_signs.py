"""The sign of a function of one variable on an interval: the common result record.

An inequality ``lhs < rhs`` on an interval is the claim that ``f = rhs - lhs`` is
positive there (``<=``: non-negative). Two methods decide it, each returning a
:class:`SignResult`: the exact one for the exp-rational family
(:func:`tanhproof.proof._exactsign.sign_exact`: ``T = exp(x/q) > 0`` and exact real-root
isolation) and rigorous interval subdivision with arb for everything else
(:func:`tanhproof.proof._boxes.sign_by_boxes`).
:func:`tanhproof.proof._inequality.decide_sign` tries them in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["SignResult"]


@dataclass(frozen=True)
class SignResult:
    """Whether ``f > 0`` (``strict``) or ``f >= 0`` holds on the interval.

    ``holds`` is ``True`` (proved), ``False`` (refuted: ``witness`` is an exact rational
    point of the interval where it fails, which the caller certifies with arb) or
    ``None`` (undecided, ``reason`` says why). ``zeros`` describes, for a proved
    non-strict claim, the points where ``f = 0`` as text (``("x = 0",)``; empty: ``f > 0``
    everywhere). ``method`` names how it was decided; ``certificate`` holds the data to
    re-check it (JSON-serialisable).
    """

    holds: bool | None
    method: str
    zeros: tuple[str, ...] = ()
    witness: Fraction | None = None
    certificate: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
