r"""Identities with high-order derivatives: decided through the derivative polynomials.

A side such as ``diff(tanh(x), x, 1000)`` is, exactly, ``P_1000(tanh(x))``
(:mod:`tanhproof.expr._derivpoly`): a polynomial of degree 1001 whose coefficients have
thousands of digits. Written out as a SymPy expression and rewritten through ``exp``
for the exp-rational procedure it costs time and memory that the claim does not need.
:func:`decide_high_derivatives` is the prover's first try for a claim with a
derivative of order above :data:`HIGH_ORDER` (:func:`tanhproof.proof._prover.prove`
dispatches to it after the syntactic check):

* **both sides polynomials in one** ``f(x + b)`` (``f`` with ``f' = g(f)``: tanh, coth,
  the sigmoid, exp), each possibly differentiated: ``diff(tanh(x), x, 1000)`` against
  ``diff(1 - tanh(x)**2, x, 999)``, or against a polynomial in ``tanh(x)``. The two
  polynomials are compared by the recurrence ``P_(k+1) = g P_k'`` in exact rational
  arithmetic (:func:`tanhproof.proof._induction.induction_proof`, with the base
  identity ``f' = g(f)`` proved by the exact prover): equal means ``proved``, by
  induction; different polynomials mean different functions (``f`` takes infinitely
  many values), refuted by a certified counterexample;
* **anything else** (``diff(tanh(x), x, 1000) == x``): a certified counterexample is
  searched first, on the sides as written, where ``arb`` evaluates the derivative by
  Taylor arithmetic (:mod:`tanhproof.numeric._taylor`) without expanding it. A claim
  refuted that way is refuted exactly as the exp-rational route would refute it (a
  point and an enclosure excluding 0); one that is not goes on to the general
  procedure (``None`` is returned).

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.proof._prover import prove
>>> d = decide_high_derivatives(parse("diff(tanh(x), x, 20)"), parse("diff(1 - tanh(x)**2, x, 19)"), (), prove)
>>> str(d.verdict), d.method
('proved', "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')")
>>> d = decide_high_derivatives(parse("diff(tanh(x), x, 20)"), parse("x"), (), prove)
>>> str(d.verdict), d.counterexample.point
('refuted', {'x': Fraction(1, 2)})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._catalog import CATALOG
from tanhproof.expr._derivatives import derivative_order
from tanhproof.expr._derivpoly import GENERATORS, from_sympy, generator, to_sympy
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._arb import arb_dyadic_bounds, arb_eval
from tanhproof.numeric._conditions import certified
from tanhproof.proof._certify import candidate_points
from tanhproof.proof._induction import induction_proof
from tanhproof.proof._records import Counterexample, Proof, Verdict

__all__ = ["HIGH_ORDER", "Decision", "decide_high_derivatives", "highest_order"]

#: Above this derivative order the prover tries :func:`decide_high_derivatives` first;
#: up to it the exact expansion is small and the exp-rational procedure decides as before
#: (the same order up to which SymPy's chain rule may expand a derivative at all,
#: ``LIMITS.max_symbolic_diff_order``).
HIGH_ORDER = LIMITS.max_symbolic_diff_order

METHOD_COUNTEREXAMPLE = "certified counterexample (arb enclosure excludes 0)"

_FUNCS = {CATALOG[name].func: name for name in GENERATORS}


@dataclass(frozen=True)
class Decision:
    """What :func:`decide_high_derivatives` found: the verdict and method, and the
    ``Proof`` fields that go with them (certificate, counterexample, reason)."""

    verdict: Verdict
    method: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def counterexample(self) -> Counterexample | None:
        return self.fields.get("counterexample")


def highest_order(*exprs: sympy.Expr) -> int:
    """The largest order of a ``Derivative`` node in ``exprs`` (0 if none).

    >>> from tanhproof.numeric._reading import parse
    >>> highest_order(parse("diff(tanh(x), x, 20) + diff(x**3, x)"), parse("x"))
    20
    """
    orders = [
        derivative_order(node)
        for e in exprs
        for node in sympy.preorder_traversal(e)
        if isinstance(node, sympy.Derivative)
    ]
    return max(orders, default=0)


def _single_variable(node: sympy.Expr) -> sympy.Symbol | None:
    variables = {v for v, _ in node.variable_count}
    return next(iter(variables)) if len(variables) == 1 else None


def _function_of(expr: sympy.Expr) -> tuple[str, sympy.Expr, sympy.Symbol] | None:
    """``(name, f(x + b), x)`` when ``expr`` is ``Derivative(E, (x, n))`` and ``E``
    contains one call ``f(x + b)`` of a function of :data:`GENERATORS` (``b`` constant)."""
    if not isinstance(expr, sympy.Derivative):
        return None
    x = _single_variable(expr)
    if x is None:
        return None
    calls = {a for a in expr.expr.atoms(sympy.Function) if a.func in _FUNCS}
    if len(calls) != 1:
        return None
    (call,) = calls
    name = _FUNCS.get(call.func)
    if name is None or len(call.args) != 1 or sympy.diff(call.args[0], x) != 1:
        return None
    return name, call, x


def _polynomial_side(expr: sympy.Expr, fx: sympy.Expr, x: sympy.Symbol) -> tuple[Any, int] | None:
    """``(P, m)`` when ``expr`` is ``Derivative(P(fx), (x, m))`` or ``P(fx)`` (``m = 0``)."""
    order = 0
    if isinstance(expr, sympy.Derivative):
        if _single_variable(expr) != x:
            return None
        order, expr = derivative_order(expr), expr.expr
    p = from_sympy(expr, fx)
    return None if p is None else (p, order)


def decide_high_derivatives(
    left: sympy.Expr,
    right: sympy.Expr,
    conditions: tuple,
    prove: Callable[[sympy.Expr, sympy.Expr], Proof],
) -> Decision | None:
    """Decide ``left == right`` through the derivative polynomials (see the module
    docstring), or ``None`` to leave it to the general procedure.

    ``conditions`` are both sides' domain conditions (a counterexample needs them
    certified at its point); ``prove`` is the exact prover, asked for the base identity
    ``d/dx f(x) = g(f(x))`` of an induction.
    """
    found = _function_of(left) or _function_of(right)
    if found is not None:
        name, fx, x = found
        side_left, side_right = _polynomial_side(left, fx, x), _polynomial_side(right, fx, x)
        if side_left is not None and side_right is not None:
            (p_left, m_left), (p_right, m_right) = side_left, side_right
            before, after = (left, right) if m_left >= m_right else (right, left)
            base = prove(sympy.Derivative(fx, x), to_sympy(generator(name), fx))
            proof = induction_proof(before, after, fx=fx, x=x, g=name, base=base)
            if proof.proved:
                # The base identity's caveats (coth's pole) are the sides' own conditions.
                return Decision(Verdict.PROVED, proof.method, {"certificate": proof.certificate})
            if not base.proved:
                return None
            difference = _recurred(p_left, m_left, name) - _recurred(p_right, m_right, name)
            cex = _polynomial_counterexample(difference, fx, conditions)
            return None if cex is None else _refuted(cex, f"lhs - rhs = D({fx}) for a nonzero polynomial D")
    cex = counterexample(left, right, conditions, max_bits=_EARLY_BITS)
    return None if cex is None else _refuted(cex, "found before any exact expansion")


#: The precision up to which a counterexample is searched before the general procedure
#: (which searches up to ``LIMITS.max_precision_bits`` itself): enough for every
#: difference that is not a near miss, and cheap when the claim is true.
_EARLY_BITS = 1024


def _refuted(cex: Counterexample, how: str) -> Decision:
    fields = {
        "counterexample": cex,
        "certificate": {"counterexample": cex.to_dict()},
        "reason": f"the two sides differ at a point where both are defined ({how})",
    }
    return Decision(Verdict.REFUTED, METHOD_COUNTEREXAMPLE, fields)


def _recurred(p: Any, m: int, name: str) -> Any:
    """``P`` after ``m`` applications of ``P -> g P'``: ``d^m/dx^m P(f(x)) = result(f(x))``."""
    gp = generator(name)
    for _ in range(m):
        p = gp * p.derivative()
    return p


def _polynomial_counterexample(d: Any, fx: sympy.Expr, conditions: tuple) -> Counterexample | None:
    """A point where ``D(fx)`` (``D`` a nonzero polynomial) certifiably differs from 0:
    ``fx`` enclosed by arb, then ``D`` by arb Horner at growing precision (its
    coefficients of size ``n!`` cancel: hundreds of bits at ``n = 1000``)."""
    symbols = sorted(fx.free_symbols | {s for c in conditions for s in c.expr.free_symbols}, key=str)
    for point in candidate_points(symbols):
        if not certified(conditions, point):
            continue
        bits = 64
        while bits <= LIMITS.max_precision_bits:
            try:
                value = arb_eval(fx, point, bits)
            except (TanhproofError, ZeroDivisionError):
                break
            old = flint.ctx.prec
            flint.ctx.prec = bits
            try:
                diff = flint.arb_poly(d)(value)  # coefficients enclosed at this precision
            finally:
                flint.ctx.prec = old
            if diff.is_finite() and (diff > 0 or diff < 0):
                return _certified(point, diff, bits)
            bits *= 4
    return None


def _certified(point: dict, diff: flint.arb, bits: int) -> Counterexample:
    lower, upper = arb_dyadic_bounds(diff)
    named: dict[str, Any] = {str(k): Fraction(v) for k, v in point.items()}
    return Counterexample(named, lower, upper, bits, diff.str(10, radius=True))


def counterexample(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    conditions: tuple = (),
    *,
    points: int = 12,
    max_bits: int = LIMITS.max_precision_bits,
) -> Counterexample | None:
    """A certified counterexample to ``lhs == rhs`` found on the sides as written
    (derivatives evaluated by arb Taylor arithmetic, never expanded), or ``None``.

    The points and precisions are those of :func:`tanhproof.proof._certify.find_counterexample`
    (64 bits, then four times more up to ``max_bits``, the first three points only from
    1024 bits on); a point counts only where every condition is certified and both
    sides evaluate to finite balls.

    >>> from tanhproof.numeric._reading import parse
    >>> counterexample(parse("diff(tanh(x), x, 30)"), parse("diff(tanh(x), x, 30) + 10**-40")).bits
    256
    """
    symbols = sorted(
        lhs.free_symbols | rhs.free_symbols | {s for c in conditions for s in c.expr.free_symbols}, key=str
    )
    alive = [p for p in candidate_points(symbols, points if symbols else 1) if certified(conditions, p)]
    bits = 64
    while alive and bits <= max_bits:
        survivors = []
        for point in alive:
            try:
                diff = arb_eval(lhs, point, bits) - arb_eval(rhs, point, bits)
            except (TanhproofError, ZeroDivisionError):
                continue
            if diff.is_finite() and (diff > 0 or diff < 0):
                return _certified(point, diff, bits)
            survivors.append(point)
        alive = survivors[:3] if bits >= 256 else survivors
        bits *= 4
    return None
