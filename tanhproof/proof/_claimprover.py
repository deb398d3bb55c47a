"""The prover's front door: an identity ``lhs = rhs``, or an inequality claim.

:func:`prove` is :func:`tanhproof.prove`. Two sides are an identity, decided by
:func:`tanhproof.proof._prover.prove` (syntactic identity, the exp-rational decision
procedure, a certified counterexample, else undecided). One text with a comparison
(``"tanh(x) < 1"``, ``"-1 < tanh(x) < 1"``), optionally with a ``where`` condition, is
an inequality claim, decided by :func:`tanhproof.proof._inequality.prove_inequality`.
This module sits above both so that neither imports the other (the sign methods
use the identity prover for exact zero tests).

Examples
========

>>> str(prove("1 - tanh(x)**2", "sech(x)**2").verdict)
'proved'
>>> p = prove("tanh(x) < 1")
>>> str(p.verdict), p.relation
('proved', '<')
"""

from __future__ import annotations

import sympy

from tanhproof.expr._claims import has_comparison
from tanhproof.expr._errors import ParseError
from tanhproof.proof._inequality import prove_inequality
from tanhproof.proof._prover import prove as prove_identity
from tanhproof.proof._records import Proof

__all__ = ["prove"]


def prove(lhs: str | sympy.Expr, rhs: str | sympy.Expr | None = None, *, where: str | None = None) -> Proof:
    """Decide the identity ``lhs == rhs`` wherever both sides are defined, or, with one
    argument containing a comparison, the inequality claim ``lhs`` on ``where``.

    Parameters
    ==========

    lhs, rhs : str or sympy.Expr
        Text is read by :func:`tanhproof.parse` (never ``sympify``), as written.
        Without ``rhs``, ``lhs`` is an inequality claim: a chain of ``<``, ``<=``,
        ``>``, ``>=`` (``"-1 < tanh(x) < 1"``).
    where : str, optional
        For an inequality only: a condition on its variable, ``"x >= 0"``.

    Returns
    =======

    Proof
        With ``verdict``, ``method``, ``caveats``, ``certificate`` (and
        ``counterexample`` or ``evidence``); for an inequality also ``relation``,
        ``claim``, ``where``, ``equality`` and, for a chain, ``parts``.

    Raises
    ======

    ParseError, LimitError
        Bad input text (an inequality with two sides, ``where`` for an identity,
        ``==`` in a claim).
    DomainError, TanhproofError
        A side that is undefined everywhere.

    Examples
    ========

    >>> str(prove("cosh(u + v)", "cosh(u)*cosh(v) + sinh(u)*sinh(v)").verdict)
    'proved'
    >>> p = prove("tanh(x) >= 0", where="x >= 0")
    >>> p.relation, p.where
    ('>=', 'x >= 0')
    >>> p = prove("sech(x)**2 <= 1")
    >>> str(p.verdict), p.equality
    ('proved', 'equality only at x = 0')
    """
    if rhs is None or where is not None or has_comparison(lhs):
        if rhs is not None:
            if has_comparison(lhs) or has_comparison(rhs):
                raise ParseError(
                    "an inequality claim is one argument (such as 'tanh(x) < 1'), without a second side"
                )
            raise ParseError("where= is for inequality claims (such as 'tanh(x) <= x'), not for identities")
        return prove_inequality(lhs, where)  # a text claim, or a SymPy relation
    return prove_identity(lhs, rhs)
