"""The records of a derivation: :class:`Step`, :class:`Form` and :class:`Derivation`.

A :class:`Derivation` (made by :func:`tanhproof.derive`, see
:mod:`tanhproof.proof._derive`) is the main chain of :class:`Step` records from
``Derivative(f, (x, n))`` to the result, alternative branches, and the result's
equivalent :class:`Form` records. Each step carries its rule (one of :data:`RULES`),
a one-line justification and the :class:`~tanhproof.proof._records.Proof` of
``before == after``; each form carries the proof of its equality with the result
and numeric checks of it (evidence only). Every record serialises to JSON through
``to_dict()``.

Examples
========

>>> from tanhproof.proof._derive import derive
>>> d = derive("tanh")
>>> first = d.steps[0]
>>> first.rule, first.before, first.proved
('definition', Derivative(tanh(x), x), True)
>>> sorted(first.to_dict())
['after', 'after_latex', 'before', 'before_latex', 'justification', 'proof', 'rule', 'substeps']
>>> [f.label for f in d.forms][:2], d.all_proved
(['1 - tanh(x)**2', 'sech(x)**2'], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from tanhproof._notebook import Block, RichDisplay, Table, Text, short_repr
from tanhproof.proof._evidence import NumericCheck
from tanhproof.proof._records import Proof

__all__ = ["RULES", "Derivation", "Form", "Step"]

RULES = (
    "definition",
    "linearity",
    "constant",
    "power",
    "product",
    "quotient",
    "chain",
    "exp",
    "log",
    "hyperbolic",
    "algebra",
    "recognise",
    "polynomial",
    "cases",
)


def _tex(expr: sympy.Expr) -> str:
    return sympy.latex(expr)


@dataclass(frozen=True)
class Step:
    """One step ``before == after`` of a derivation, with its rule and proof.

    ``rule`` is one of :data:`RULES`; ``justification`` is one line of plain
    English; ``proof`` proves ``before == after``; ``substeps`` are the steps the
    rule needed (the derivatives of a quotient's numerator and denominator, ...).
    """

    rule: str
    before: sympy.Expr
    after: sympy.Expr
    justification: str
    proof: Proof
    substeps: tuple[Step, ...] = ()

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}; rules: {', '.join(RULES)}")

    @property
    def proved(self) -> bool:
        """This step and all its substeps, recursively, are proved."""
        return self.proof.proved and all(s.proved for s in self.substeps)

    def walk(self):
        """This step and every step below it, depth first."""
        yield self
        for s in self.substeps:
            yield from s.walk()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (``sympy.sstr`` and LaTeX strings), recursive."""
        return {
            "rule": self.rule,
            "before": sympy.sstr(self.before),
            "after": sympy.sstr(self.after),
            "before_latex": _tex(self.before),
            "after_latex": _tex(self.after),
            "justification": self.justification,
            "proof": self.proof.to_dict(),
            "substeps": [s.to_dict() for s in self.substeps],
        }


@dataclass(frozen=True)
class Form:
    """An equivalent form ``expr`` of a derivation's result, its proof of equality
    with the result, and numeric checks (evidence) of that equality."""

    label: str
    expr: sympy.Expr
    proof: Proof
    checks: tuple[NumericCheck, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "expr": sympy.sstr(self.expr),
            "latex": _tex(self.expr),
            "proof": self.proof.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True, repr=False)
class Derivation(RichDisplay):
    """A derivation of ``d^order/d variable^order function``.

    ``steps`` is the main chain: ``steps[0].before`` is
    ``Derivative(function, (variable, order))``, each step's ``before`` is the
    previous step's ``after`` and ``steps[-1].after`` is ``result``. Each chain in
    ``branches`` starts from the ``after`` of some main step and reaches another
    form of the result (for tanh: ``sech(x)**2``). ``forms`` are the result's
    equivalent forms, each proved equal to it.
    """

    function: sympy.Expr
    variable: sympy.Symbol
    order: int
    steps: tuple[Step, ...]
    result: sympy.Expr
    forms: tuple[Form, ...]
    branches: tuple[tuple[Step, ...], ...] = ()

    @property
    def all_proved(self) -> bool:
        """Every step (substeps included), every branch step and every form is proved."""
        chains = (self.steps, *self.branches)
        return all(s.proved for chain in chains for s in chain) and all(f.proof.proved for f in self.forms)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the whole derivation."""
        return {
            "function": sympy.sstr(self.function),
            "function_latex": _tex(self.function),
            "variable": self.variable.name,
            "order": self.order,
            "steps": [s.to_dict() for s in self.steps],
            "result": sympy.sstr(self.result),
            "result_latex": _tex(self.result),
            "branches": [[s.to_dict() for s in b] for b in self.branches],
            "forms": [f.to_dict() for f in self.forms],
            "all_proved": self.all_proved,
        }

    def _title(self) -> str:
        var = self.variable.name
        d = f"d/d{var}" if self.order == 1 else f"d^{self.order}/d{var}^{self.order}"
        return f"{d} {sympy.sstr(self.function)}"

    def __repr__(self) -> str:
        n = len(self.steps)
        state = "all proved" if self.all_proved else "not all proved"
        return short_repr(
            "Derivation",
            f"{self._title()} = {sympy.sstr(self.result)}: {n} step{'s' * (n != 1)}, "
            f"{len(self.forms)} forms, {state}",
        )

    def _blocks(self) -> list[Block]:
        """The derivation for a notebook, typeset step by step: each step's new
        expression with its rule, justification and verdict (the steps a rule needed
        indented under it), the other routes, then the equivalent forms."""
        out: list[Block] = [Text(f"Derivation of {self._title()}", strong=True)]
        out.append(_steps_table(self.steps))
        for k, branch in enumerate(self.branches, start=1):
            out.append(Text(f"Another route ({k}), from {sympy.sstr(branch[0].before)}"))
            out.append(_steps_table(branch))
        if self.forms:
            rows = [(_tex(f.expr), str(f.proof.verdict), f.proof.method) for f in self.forms]
            out.append(Text("Equivalent forms of the result"))
            out.append(Table(("form", "equal to the result", "method"), rows, math_columns=(0,)))
        out.append(Text("Every step and form proved." if self.all_proved else "Not every step is proved."))
        return out


def _steps_table(steps: tuple[Step, ...]) -> Table:
    """A chain of steps as table rows: the first ``before``, then ``= after`` per step
    (substeps as ``before = after``, marked under their step)."""
    rows = [(_tex(steps[0].before), "", "", "")]

    def add(step: Step, depth: int) -> None:
        if depth == 0:
            cell = "= " + _tex(step.after)
        else:
            cell = r"\quad " * depth + f"{_tex(step.before)} = {_tex(step.after)}"
        rule = ("  " * depth + "└ " if depth else "") + step.rule
        rows.append((cell, rule, step.justification, str(step.proof.verdict)))
        for sub in step.substeps:
            add(sub, depth + 1)

    for step in steps:
        add(step, 0)
    return Table(("step", "rule", "justification", "proof"), rows, math_columns=(0,))
