"""Proved steps: the per-derivation helper that proves each step and makes its record.

A :class:`StepProver` is made once per call of :func:`tanhproof.derive`, for the
variable of differentiation. It proves ``before == after`` with
:func:`tanhproof.prove` (each pair once: proofs are cached; caveats read into
mathematics by :func:`~tanhproof.proof._caveats.with_math`), and turns the rule
records of :mod:`tanhproof.proof._diffsteps`, algebra plans and equivalent forms
into :class:`~tanhproof.proof._derivation.Step` and
:class:`~tanhproof.proof._derivation.Form` records.

Examples
========

>>> import sympy
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> plan = [("recognise", sympy.cosh(x), "(e^@ + e^-@)/2 = cosh(@), the definition of cosh")]
>>> steps = StepProver(x).chain((sympy.exp(x) + sympy.exp(-x)) / 2, plan)
>>> [(s.rule, s.after, s.justification, s.proved) for s in steps]
[('recognise', cosh(x), '(e^x + e^-x)/2 = cosh(x), the definition of cosh', True)]
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy

from tanhproof.proof._caveats import with_math
from tanhproof.proof._derivation import Form, Step
from tanhproof.proof._diffsteps import DiffRule
from tanhproof.proof._evidence import check_equal
from tanhproof.proof._records import Proof

__all__ = ["StepProver"]


class StepProver:
    """Per-derivation helpers: the variable ``x``, and proofs cached by (before, after)."""

    def __init__(self, x: sympy.Symbol):
        self.x = x
        self.proofs: dict[tuple[sympy.Expr, sympy.Expr], Proof] = {}

    def prove(self, lhs: sympy.Expr, rhs: sympy.Expr) -> Proof:
        key = (lhs, rhs)
        if key not in self.proofs:
            from tanhproof.proof._prover import prove

            # caveats in the claims' notation, those that hold everywhere dropped
            self.proofs[key] = with_math(prove(lhs, rhs))
        return self.proofs[key]

    def step(self, rule, before, after, justification, substeps=(), proof=None) -> Step:
        proof = self.prove(before, after) if proof is None else proof
        return Step(rule, before, after, justification, proof, tuple(substeps))

    def from_rule(self, r: DiffRule) -> Step:
        subs = tuple(self.from_rule(s) for s in r.substeps)
        return self.step(r.rule, r.before, r.after, r.justification, subs)

    def chain(self, start: sympy.Expr, plan: Iterable[tuple[str, sympy.Expr, str]]) -> list[Step]:
        out, before = [], start
        for rule, after, why in plan:
            if after != before:
                out.append(self.step(rule, before, after, why.replace("@", self.x.name)))
                before = after
        return out

    def form(self, result: sympy.Expr, expr: sympy.Expr) -> Form:
        return Form(sympy.sstr(expr), expr, self.prove(result, expr), check_equal(result, expr))
