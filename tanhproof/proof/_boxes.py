"""The sign of a function of one variable on an interval by rigorous subdivision (arb).

(Being written: see :func:`sign_by_boxes`.)
"""

from __future__ import annotations

import sympy

from tanhproof.expr._intervals import Interval
from tanhproof.proof._signs import SignResult

__all__ = ["sign_by_boxes"]


def sign_by_boxes(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval`` by arb subdivision;
    ``holds=None`` when it cannot decide within its budget."""
    return SignResult(None, "none", reason="interval subdivision is not written yet")
