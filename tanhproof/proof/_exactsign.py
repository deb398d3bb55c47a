"""The exact sign of an exp-rational function of one variable on an interval.

(Being written: see :func:`sign_exact`.)
"""

from __future__ import annotations

import sympy

from tanhproof.expr._intervals import Interval
from tanhproof.proof._signs import SignResult

__all__ = ["sign_exact"]


def sign_exact(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval``, decided exactly when ``f`` is
    exp-rational in ``x``; ``holds=None`` otherwise."""
    return SignResult(None, "none", reason="the exact sign procedure is not written yet")
