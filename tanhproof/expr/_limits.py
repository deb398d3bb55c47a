"""Resource limits, stated once.

Every limit that tanhproof enforces lives in :data:`LIMITS`, a frozen record, so
that the documentation, the error messages and the checks read the same numbers.
Exceeding one raises :class:`tanhproof.LimitError` with a message that names the
limit and the value that exceeded it; the last three are budgets of a proof search
instead, and exhausting one leaves the claim ``undecided`` with a reason that names it
(``LIMITS.max_boxes``).

Every limit counts *work* (characters, depth, digits, degree, terms, bits, points,
boxes), never seconds, so the same claim gets the same verdict on a fast, slow or loaded
machine. The only wall-clock limit is the command line's ``--time-limit`` safety
net, which stops a whole command and says so (:doc:`/cli`); it never decides a
verdict.

============================  =========  ==============================================
limit                         default    what it bounds
============================  =========  ==============================================
``max_text_length``           10 000     characters of one expression
``max_depth``                 100        nesting depth of the expression tree
``max_literal_digits``        1 000      digits of one integer or decimal literal
``max_exponent``              10 000     absolute value of a numeric exponent in ``a**b``
``max_root_digits``           100        digits of a constant under a non-integer power
``max_variables``             16         distinct free variables in one expression
``max_constant_argument``     2**64      size of a constant argument of exp, the
                                         hyperbolic functions, or a constant exponent
``max_diff_order``            1 000      ``n`` in ``diff(expr, x, n)``
``max_symbolic_diff_order``   12         order SymPy's chain rule may expand (tanh, coth,
                                         sigmoid, exp of a linear argument: unlimited)
``max_degree``                20 000     degree of a polynomial built by the prover
``max_terms``                 200 000    terms of a polynomial built by the prover
``max_nesting``               200        nesting depth of an expression after the prover's
                                         rewriting (exp/log definitions deepen a tree)
``max_traced_steps``          1 500      steps a derivation traces (each to be proved)
                                         before it proves any
``max_precision_bits``        65 536     precision used to certify a counterexample
``max_derive_order``          1 000      ``order`` of :func:`tanhproof.derive`
``max_digits``                100 000    ``digits`` of :func:`tanhproof.evaluate`
``max_evaluation_bits``       1 500 000  working precision of an enclosure or Ziv loop
``max_boxes``                 3 000      boxes an inequality outside the exp-rational class
                                         is enclosed on (arb subdivision), with its
                                         touching points
``max_box_bits``              320        working precision of one such box (boxes narrower
                                         than about ``2**-(320 - 64)`` are not split)
``max_taylor_order``          6          derivative order of a Taylor argument at a
                                         touching point or on an unbounded tail
============================  =========  ==============================================

Examples
========

>>> from tanhproof.expr._limits import LIMITS
>>> LIMITS.max_text_length
10000
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """The numbers behind every resource check (see the module docstring)."""

    max_text_length: int = 10_000
    max_depth: int = 100
    max_literal_digits: int = 1_000
    max_exponent: int = 10_000
    max_root_digits: int = 100
    max_variables: int = 16
    max_constant_argument: int = 2**64
    max_diff_order: int = 1_000
    max_symbolic_diff_order: int = 12
    max_degree: int = 20_000
    max_terms: int = 200_000
    max_nesting: int = 200
    max_traced_steps: int = 1_500
    max_precision_bits: int = 65_536
    max_derive_order: int = 1_000
    max_digits: int = 100_000
    max_evaluation_bits: int = 1_500_000
    max_boxes: int = 3_000
    max_box_bits: int = 320
    max_taylor_order: int = 6


LIMITS = Limits()
