"""Inequalities: ``lhs < rhs`` (``<=``, ``>``, ``>=``, chains) on an interval of one variable.

(Being written: :func:`decide_sign` is the shared entry point of the sign methods.)
"""

from __future__ import annotations

import sympy

from tanhproof.expr._intervals import Interval
from tanhproof.proof._boxes import sign_by_boxes
from tanhproof.proof._exactsign import sign_exact
from tanhproof.proof._signs import SignResult

__all__ = ["decide_sign"]


def decide_sign(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """Decide ``f > 0`` (``strict``) or ``f >= 0`` on ``interval``: exactly when ``f`` is
    exp-rational in ``x``, else by arb subdivision; undecided when neither can."""
    exact = sign_exact(f, x, interval, strict)
    if exact.holds is not None:
        return exact
    boxes = sign_by_boxes(f, x, interval, strict)
    if boxes.holds is not None:
        return boxes
    return SignResult(None, "none", reason="; ".join(r for r in (exact.reason, boxes.reason) if r))
